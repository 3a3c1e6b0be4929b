using BlnkSliceApp.Shared.Cloud;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Sync.Alerts;
using BlnkSliceApp.Shared.Sync.Runs;

namespace BlnkSliceApp.Shared.Sync.Reconciliation;

/// <summary>
/// Per currency, Stripe's balance (available plus pending) against -balance(@stripe) in the
/// ledger, exactly, in minor units. A difference raises (or updates) one alert per install
/// and currency on the @stripe balance; a match closes the open one. Nothing is written to
/// Cloud when everything matches and no alert is open.
/// </summary>
public sealed class Reconciler(SyncAlerts alerts)
{
    public async Task<IReadOnlyList<ReconciliationLine>> ReconcileAsync(CloudClient cloud, InstallRecord install, string stripeIndicator,
        IReadOnlyList<StripeBalanceAmount> stripeBalance, string runId, CancellationToken ct)
    {
        var ledger = (await cloud.FindBalancesAsync([new("indicator_eq", stripeIndicator)], ct))
            .Where(b => string.Equals(b.Indicator, stripeIndicator, StringComparison.Ordinal))
            .GroupBy(b => b.Currency.ToUpperInvariant())
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var stripe = stripeBalance
            .GroupBy(a => a.Currency.ToUpperInvariant())
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        var lines = new List<ReconciliationLine>();
        foreach (var currency in stripe.Keys.Union(ledger.Keys).Order(StringComparer.Ordinal))
        {
            stripe.TryGetValue(currency, out var stripeAmount);
            ledger.TryGetValue(currency, out var balance);
            var line = Compare(currency, stripeAmount, balance);
            if (line.Matches)
            {
                await alerts.ResolveAsync(cloud, install, RaisedAlertKind.ReconciliationMismatch, currency,
                    $"the ledger matched Stripe again in sync run {runId}.", ct);
            }
            else
            {
                var record = await alerts.RaiseAsync(cloud, install, RaisedAlertKind.ReconciliationMismatch, currency, balance?.BalanceId,
                    MismatchText.Title(line, stripeIndicator), MismatchText.Description(line, stripeIndicator, runId), runId, ct);
                line.AlertId = record.CloudAlertId;
            }
            lines.Add(line);
        }
        return lines;
    }

    /// <summary>
    /// Both figures in one precision without rounding: the ledger's @stripe balance normally has
    /// Stripe's precision; when not, the finer of the two is used.
    /// </summary>
    static ReconciliationLine Compare(string currency, StripeBalanceAmount? stripe, CloudBalance? balance)
    {
        var stripeUnits = stripe?.Amount ?? 0;
        var stripePrecision = stripe?.Precision ?? balance?.Precision ?? 1;
        var ledgerUnits = balance is null ? 0 : checked(-balance.Balance);
        var ledgerPrecision = balance is { Balance: not 0 } ? balance.Precision : stripePrecision;

        var precision = Math.Max(stripePrecision, ledgerPrecision);
        return new ReconciliationLine
        {
            Currency = currency,
            Precision = precision,
            StripeAmount = checked(stripeUnits * (precision / stripePrecision)),
            LedgerAmount = checked(ledgerUnits * (precision / ledgerPrecision)),
        };
    }
}
