using BlnkSliceApp.Shared.Cloud;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Sync.Alerts;
using BlnkSliceApp.Shared.Sync.Mapping;
using BlnkSliceApp.Shared.Sync.Runs;

namespace BlnkSliceApp.Shared.Sync.Reconciliation;

/// <summary>
/// Per balance type (payments, Issuing, refund-and-dispute prefunding) and currency, Stripe's
/// balance against minus that balance's mirror in the ledger (@stripe for payments), exactly, in
/// minor units. A difference raises (or updates) one alert per install, balance type and
/// currency on the mirror balance; a match closes the open one. Nothing is written to Cloud
/// when everything matches and no alert is open.
/// </summary>
public sealed class Reconciler(SyncAlerts alerts)
{
    /// <param name="paymentsMirror">The payments mirror read earlier, when nothing was written to the ledger since; null to read it now.</param>
    public async Task<IReadOnlyList<ReconciliationLine>> ReconcileAsync(CloudClient cloud, InstallRecord install, SyncPreferences preferences,
        IReadOnlyList<StripeBalanceAmount> stripeBalance, string runId, CancellationToken ct, Task<Dictionary<string, CloudBalance>>? paymentsMirror = null)
    {
        var lines = new List<ReconciliationLine>();
        Dictionary<string, CloudBalance>? payments = null;
        foreach (var balanceType in StripeBalanceTypes.Reconciled)
        {
            var indicator = preferences.MirrorIndicator(balanceType);
            var stripe = stripeBalance
                .Where(a => a.BalanceType == balanceType)
                .GroupBy(a => a.Currency.ToUpperInvariant())
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            // Only the payments balance exists everywhere; Stripe lists the others for accounts that have them.
            if (balanceType != StripeBalanceTypes.Payments && stripe.Count == 0)
                continue;
            var ledger = balanceType == StripeBalanceTypes.Payments && paymentsMirror is not null
                ? await paymentsMirror
                : await MirrorAsync(cloud, indicator, ct);
            payments ??= ledger;

            foreach (var currency in stripe.Keys.Union(ledger.Keys).Order(StringComparer.Ordinal))
            {
                stripe.TryGetValue(currency, out var stripeAmount);
                ledger.TryGetValue(currency, out var balance);
                var line = Compare(balanceType, currency, stripeAmount, balance);
                var subject = StripeBalanceTypes.Key(balanceType, currency);
                if (line.Matches)
                {
                    await alerts.ResolveAsync(cloud, install, RaisedAlertKind.ReconciliationMismatch, subject,
                        $"the ledger matched Stripe again in sync run {runId}.", ct);
                }
                else
                {
                    // A mirror the ledger does not have yet: the alert goes on the payments mirror of the currency.
                    var flagged = balance?.BalanceId ?? payments.GetValueOrDefault(currency)?.BalanceId;
                    var record = await alerts.RaiseAsync(cloud, install, RaisedAlertKind.ReconciliationMismatch, subject, flagged,
                        MismatchText.Title(line), MismatchText.Description(line, indicator, runId), runId, ct);
                    line.AlertId = record.CloudAlertId;
                }
                lines.Add(line);
            }
        }
        return lines;
    }

    /// <summary>The ledger's mirror of Stripe's payments balance, per currency.</summary>
    public static Task<Dictionary<string, CloudBalance>> PaymentsMirrorAsync(CloudClient cloud, SyncPreferences preferences, CancellationToken ct) =>
        MirrorAsync(cloud, preferences.MirrorIndicator(StripeBalanceTypes.Payments), ct);

    static async Task<Dictionary<string, CloudBalance>> MirrorAsync(CloudClient cloud, string indicator, CancellationToken ct) =>
        (await cloud.FindBalancesAsync([new("indicator_eq", indicator)], ct))
            .Where(b => string.Equals(b.Indicator, indicator, StringComparison.Ordinal))
            .GroupBy(b => b.Currency.ToUpperInvariant())
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    /// <summary>
    /// Both figures in one precision without rounding: the ledger's mirror balance normally has
    /// Stripe's precision; when not, the finer of the two is used.
    /// </summary>
    static ReconciliationLine Compare(string balanceType, string currency, StripeBalanceAmount? stripe, CloudBalance? balance)
    {
        var stripeUnits = stripe?.Amount ?? 0;
        var stripePrecision = stripe?.Precision ?? balance?.Precision ?? 1;
        var ledgerUnits = balance is null ? 0 : checked(-balance.Balance);
        var ledgerPrecision = balance is { Balance: not 0 } ? balance.Precision : stripePrecision;

        var precision = Math.Max(stripePrecision, ledgerPrecision);
        return new ReconciliationLine
        {
            BalanceType = balanceType,
            Currency = currency,
            Precision = precision,
            StripeAmount = checked(stripeUnits * (precision / stripePrecision)),
            LedgerAmount = checked(ledgerUnits * (precision / ledgerPrecision)),
        };
    }
}
