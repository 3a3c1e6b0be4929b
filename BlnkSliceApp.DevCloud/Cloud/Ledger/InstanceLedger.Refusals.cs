using System.Text.Json.Nodes;

namespace BlnkSliceApp.DevCloud.Cloud.Ledger;

/// <summary>
/// A refusal that someone can fix in Blnk, on purpose: while a currency is refused, every new
/// transaction in it is a 400 with Core's error shape (as when a balance cannot take it), and
/// once it is allowed again the same request goes through. The ledger page and tests set it.
/// </summary>
public sealed partial class InstanceLedger
{
    public const string RefusedCode = "TXN_REFUSED";

    readonly Dictionary<string, string> _refusedCurrencies = new(StringComparer.Ordinal);

    /// <summary>Refuses new transactions in <paramref name="currency"/> (upper case) with <paramref name="reason"/>, until <see cref="AllowCurrency"/>.</summary>
    public void RefuseCurrency(string currency, string? reason = null)
    {
        var code = currency.Trim().ToUpperInvariant();
        if (code.Length != 3 || !code.All(char.IsAsciiLetterUpper))
            throw new ArgumentException("A currency is three letters, like JPY.");
        lock (_gate)
            _refusedCurrencies[code] = string.IsNullOrWhiteSpace(reason)
                ? $"balances in {code} do not accept transactions (refused on purpose in DevCloud's ledger page)"
                : reason.Trim();
    }

    public void AllowCurrency(string currency)
    {
        lock (_gate)
            _refusedCurrencies.Remove(currency.Trim().ToUpperInvariant());
    }

    public IReadOnlyDictionary<string, string> RefusedCurrencies
    {
        get
        {
            lock (_gate)
                return new Dictionary<string, string>(_refusedCurrencies, StringComparer.Ordinal);
        }
    }

    /// <summary>Caller holds the lock.</summary>
    void ThrowIfRefused(TransactionRequest request)
    {
        if (_refusedCurrencies.TryGetValue(request.Currency, out var reason))
            throw new CloudApiException(400, reason, RefusedCode, new JsonObject { ["currency"] = request.Currency, ["reference"] = request.Reference });
    }
}
