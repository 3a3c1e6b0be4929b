using System.Globalization;
using System.Text.Json.Nodes;
using BlnkSliceApp.DevCloud.Cloud.Ledger;
using BlnkSliceApp.DevCloud.Hosting;
using BlnkSliceApp.DevCloud.Stripe.Objects;

namespace BlnkSliceApp.DevCloud.Proof;

/// <summary>
/// What an install's ledger in DevCloud holds against the emulated Stripe account, from the
/// outside: every reference once, every balance transaction (and each kind of its fee) posted
/// with its amount, and minus each mirror equal to Stripe's balance of its type.
/// </summary>
public sealed record LedgerAudit(int Postings, IReadOnlyList<string> Problems)
{
    /// <summary>The default mirror of each of Stripe's balances that Stripe reports.</summary>
    public static readonly IReadOnlyDictionary<string, string> Mirrors = new Dictionary<string, string>
    {
        ["payments"] = "@stripe",
        ["issuing"] = "@stripe_issuing_balance",
        ["refund_and_dispute_prefunding"] = "@stripe_prefunding_balance",
    };

    public bool Clean => Problems.Count == 0;

    public static LedgerAudit Of(DevCloudHandle devCloud, string instanceId)
    {
        var ledger = devCloud.Ledger(instanceId);
        var problems = new List<string>();
        var transactions = ledger.Snapshot(DataResource.Transactions);
        var byReference = transactions.GroupBy(t => (string)t["reference"]!).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var (reference, rows) in byReference.Where(pair => pair.Value.Count > 1))
            problems.Add($"{reference} is in the ledger {rows.Count} times");
        foreach (var bt in devCloud.Stripe!.Account.BalanceTransactions)
        {
            if (bt.Amount != 0)
                Expect(byReference, $"stripe:{bt.Id}", bt.Amount, problems);
            foreach (var (reference, amount) in FeeParts(bt))
                Expect(byReference, reference, amount, problems);
        }

        var balances = ledger.Snapshot(DataResource.Balances);
        var stripe = devCloud.Stripe.Account.Balance();
        foreach (var (balanceType, indicator) in Mirrors)
        {
            var mirror = balances.Where(b => (string?)b["indicator"] == indicator)
                .Select(b => (Currency: (string)b["currency"]!, Amount: -Number(b["balance"])))
                .Where(pair => pair.Amount != 0).ToDictionary(pair => pair.Currency, pair => pair.Amount);
            var expected = stripe.AvailableOf(balanceType).Keys.Union(stripe.PendingOf(balanceType).Keys)
                .Select(currency => (Currency: currency.ToUpperInvariant(), Amount: stripe.Total(balanceType, currency)))
                .Where(pair => pair.Amount != 0).ToDictionary(pair => pair.Currency, pair => pair.Amount);
            foreach (var currency in mirror.Keys.Union(expected.Keys).Order(StringComparer.Ordinal))
                if (mirror.GetValueOrDefault(currency) != expected.GetValueOrDefault(currency))
                    problems.Add($"{balanceType} {currency}: Stripe {expected.GetValueOrDefault(currency)}, minus {indicator} {mirror.GetValueOrDefault(currency)}");
        }
        return new LedgerAudit(transactions.Count, problems);
    }

    static void Expect(Dictionary<string, List<JsonObject>> byReference, string reference, long amount, List<string> problems)
    {
        if (!byReference.TryGetValue(reference, out var rows))
            problems.Add($"{reference} was not posted");
        else if (Number(rows[0]["precise_amount"]) != Math.Abs(amount))
            problems.Add($"{reference} was posted with {rows[0]["precise_amount"]}, not {Math.Abs(amount)}");
    }

    /// <summary>The fee postings a balance transaction owes, by reference, from Stripe's own fee_details.</summary>
    public static IEnumerable<(string Reference, long Amount)> FeeParts(BalanceTransactionRecord bt)
    {
        var others = bt.FeeDetails.Where(f => f.Type != "stripe_fee").GroupBy(f => f.Type).ToList();
        var stripeFee = bt.Fee - others.Sum(g => g.Sum(f => f.Amount));
        if (stripeFee != 0)
            yield return ($"stripe:{bt.Id}:fee", stripeFee);
        foreach (var group in others.Where(g => g.Sum(f => f.Amount) != 0))
            yield return ($"stripe:{bt.Id}:fee:{group.Key}", group.Sum(f => f.Amount));
    }

    static long Number(JsonNode? node) => long.Parse(node!.ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
}
