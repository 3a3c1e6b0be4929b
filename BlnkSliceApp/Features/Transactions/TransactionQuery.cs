using System.Globalization;

namespace BlnkSliceApp.Features.Transactions;

/// <summary>What a search by text looks for: a Blnk reference, or a Stripe id of one kind.</summary>
public enum SearchKind { None, Reference, BalanceTransaction, Customer, Payout, StripeObject }

/// <summary>
/// The filters of the Transactions view, checked (see <see cref="List.Request"/>): a date range
/// in UTC days, a currency, a reporting category, a customer, and a search text. Also what the
/// CSV export of the view is made of, so both see the same rows.
/// </summary>
public sealed record TransactionQuery
{
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    /// <summary>Upper case, as the ledger has it.</summary>
    public string? Currency { get; init; }
    public string? Category { get; init; }
    public string? Customer { get; init; }
    public string? Search { get; init; }

    public static readonly TransactionQuery Everything = new();

    /// <summary>Unix seconds of the first day's start, or null.</summary>
    public long? FromSeconds => From is { } from ? new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds() : null;

    /// <summary>Unix seconds of the day after the last, or null: the range is [From, To + 1 day).</summary>
    public long? UntilSeconds => To is { } to ? new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds() : null;

    public string? FromText => From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    public string? ToText => To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public bool IsFiltered => this != Everything;

    public SearchKind Kind => KindOf(Search);

    /// <summary>Which index answers a search: Blnk references start with "stripe:", Stripe ids with their object's prefix.</summary>
    public static SearchKind KindOf(string? search) => search switch
    {
        null or "" => SearchKind.None,
        _ when search.StartsWith("stripe:", StringComparison.Ordinal) => SearchKind.Reference,
        _ when search.StartsWith("txn_", StringComparison.Ordinal) => SearchKind.BalanceTransaction,
        _ when search.StartsWith("cus_", StringComparison.Ordinal) => SearchKind.Customer,
        _ when search.StartsWith("po_", StringComparison.Ordinal) => SearchKind.Payout,
        _ => SearchKind.StripeObject,
    };
}
