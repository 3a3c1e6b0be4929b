using System.Text.Json.Nodes;

namespace BlnkSliceApp.DevCloud.Cloud.Ledger;

public sealed partial class InstanceLedger
{
    public JsonObject CreateBalance(JsonObject body)
    {
        var ledgerId = TransactionRequest.RequiredText(body, "ledger_id");
        var currency = TransactionRequest.RequiredText(body, "currency");
        var identityId = TransactionRequest.OptionalText(body, "identity_id");
        var meta = TransactionRequest.MetaDataOf(body);
        lock (_gate)
        {
            if (!_ledgers.ContainsKey(ledgerId))
                throw CloudApiException.BadRequest($"ledger with ID '{ledgerId}' not found");
            if (identityId is not null && !_identities.ContainsKey(identityId))
                throw CloudApiException.BadRequest($"identity with ID '{identityId}' not found");
            var balance = new BalanceRecord
            {
                BalanceId = CloudIds.New("bln"),
                LedgerId = ledgerId,
                Currency = currency,
                IdentityId = identityId,
                MetaData = meta,
                CreatedAt = Now,
                Sequence = NextSequence(),
            };
            _balances[balance.BalanceId] = balance;
            return balance.ToJson();
        }
    }

    public JsonObject GetBalance(string id) =>
        Find(DataResource.Balances, id) ?? throw CloudApiException.NotFound($"balance with ID '{id}' not found");

    public JsonObject LinkIdentity(string balanceId, JsonObject body)
    {
        var identityId = TransactionRequest.RequiredText(body, "identity_id");
        lock (_gate)
        {
            if (!_balances.TryGetValue(balanceId, out var balance))
                throw CloudApiException.NotFound($"balance with ID '{balanceId}' not found");
            if (!_identities.ContainsKey(identityId))
                throw CloudApiException.BadRequest($"identity with ID '{identityId}' not found");
            balance.IdentityId = identityId;
            return balance.ToJson();
        }
    }

    public JsonObject GetIndicatorBalance(string indicator, string currency)
    {
        var key = (NormalizeIndicator(indicator), currency);
        lock (_gate)
        {
            return _indicatorBalances.TryGetValue(key, out var id)
                ? _balances[id].ToJson()
                : throw CloudApiException.NotFound($"balance with indicator '{key.Item1}' and currency '{currency}' not found");
        }
    }

    /// <summary>Both "@stripe" and "stripe" name the same indicator in the look-up route.</summary>
    static string NormalizeIndicator(string indicator) => indicator.StartsWith('@') ? indicator : "@" + indicator;

    /// <summary>
    /// Resolves a transaction's source or destination: a balance id, or an <c>@indicator</c>
    /// whose balance is created on first use per (indicator, currency) in the general ledger.
    /// Caller holds the lock.
    /// </summary>
    BalanceRecord ResolveBalance(string reference, string currency, string role, List<Action> undo)
    {
        if (!reference.StartsWith('@'))
        {
            return _balances.TryGetValue(reference, out var existing)
                ? existing
                : throw CloudApiException.BadRequest($"{role} balance '{reference}' not found");
        }

        var key = (reference, currency);
        if (_indicatorBalances.TryGetValue(key, out var id))
            return _balances[id];

        var created = new BalanceRecord
        {
            BalanceId = CloudIds.New("bln"),
            LedgerId = CloudIds.GeneralLedgerId,
            Currency = currency,
            Indicator = reference,
            CreatedAt = Now,
            Sequence = NextSequence(),
        };
        _balances[created.BalanceId] = created;
        _indicatorBalances[key] = created.BalanceId;
        undo.Add(() =>
        {
            _balances.Remove(created.BalanceId);
            _indicatorBalances.Remove(key);
        });
        return created;
    }
}
