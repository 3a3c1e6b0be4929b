using System.Text.Json.Nodes;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync.Alerts;
using BlnkSliceApp.Shared.Sync.Engine;
using BlnkSliceApp.Shared.Sync.Mapping;
using BlnkSliceApp.Shared.Sync.Store;

namespace BlnkSliceApp.Shared.Sync.Repair;

/// <summary>
/// What a repair run changes before it posts, all in one database transaction (a crash leaves
/// all of it or none), then posted by the ordinary posting loop, whose references Core keeps
/// unique: so each retried or re-classified posting reaches the ledger exactly once, however
/// often the repair is asked for.
/// </summary>
public sealed class RepairWork(AppDatabase database, SyncItems items, RepairItems repairItems, CategoryRules rules, SyncAlerts alerts, TimeProvider time)
{
    /// <summary>The reference suffix of the posting that moves an unmapped item from "other" to its rule's balance.</summary>
    public const string ReclassSuffix = ":reclass";

    /// <summary>Re-classifications sort after every part of their balance transaction (amount 0, fees 1..).</summary>
    public const int ReclassSequence = 90;

    public static string ReclassReference(string reference) => reference + ReclassSuffix;

    public void Apply(SyncContext context, RepairRecord repair)
    {
        switch (repair.Kind)
        {
            case RepairKind.Retry: Retry(context, repair); break;
            case RepairKind.MapCategory: Map(context, repair); break;
        }
    }

    /// <summary>Refused items go back to the queue; any other state is left alone (retried already, or never refused).</summary>
    void Retry(SyncContext context, RepairRecord repair)
    {
        var installId = context.InstalledAppId;
        var candidates = repair.AllRefused
            ? repairItems.Refused(installId, 0, int.MaxValue)
            : items.Find(repair.References.Distinct(StringComparer.Ordinal).Select(reference => SyncItemRecord.IdFor(installId, reference)));
        var now = UnixMs.From(time.GetUtcNow());
        var retried = candidates.Where(item => item.InstalledAppId == installId && item.State == SyncItemState.Rejected).ToList();
        foreach (var item in retried)
        {
            item.RejectionReason = null;
            item.SettledByRun = null;
            item.MoveTo(SyncItemState.Planned, now);
        }
        items.Save(retried);
        repair.Retried = retried.Count;
        if (repair.AllRefused)
            repair.References = retried.Select(item => item.Reference).ToList();
        else
            repair.Skipped = repair.References.Count - retried.Count;
    }

    void Map(SyncContext context, RepairRecord repair)
    {
        var installId = context.InstalledAppId;
        var category = repair.Category ?? throw new SyncStoppedException("The repair names no category.");
        var balance = repair.Balance ?? throw new SyncStoppedException("The repair names no balance.");
        if (!CategoryRules.MayHaveRule(category) || !CategoryRules.Choosable.Contains(balance))
            throw new SyncStoppedException($"The category \"{category}\" cannot be mapped to that balance.");
        if (rules.Find(installId, category) is { } saved && saved.Balance != balance)
            throw new SyncStoppedException($"\"{category}\" is mapped to {context.Preferences.Indicator(saved.Balance)} already; a saved rule is not changed.");

        repair.BalanceIndicator = context.Preferences.Indicator(balance);
        repair.OtherIndicator = context.Preferences.OtherIndicator;
        var inFlight = (context.State.InFlight ?? []).ToHashSet(StringComparer.Ordinal);
        var now = UnixMs.From(time.GetUtcNow());
        var changed = new List<SyncItemRecord>();
        var reclassifications = new List<SyncItemRecord>();
        foreach (var item in repairItems.Unmapped(installId, category).ToList())
        {
            // Its outcome is not known yet: the next run settles it first, and saving the rule again moves it.
            if (item.State == SyncItemState.Sending || inFlight.Contains(item.Id))
            {
                repair.Skipped++;
                continue;
            }
            item.Unmapped = false;
            changed.Add(item);
            var otherIsDestination = item.Destination == LedgerRole.Other;
            if ((!otherIsDestination && item.Source != LedgerRole.Other) || balance == LedgerRole.Other)
                continue; // A fee of the transaction (it has its own balance), or "other" accepted as it is.

            if (item.State is SyncItemState.Posted or SyncItemState.AlreadyPresent)
            {
                item.ReclassifiedTo = balance;
                reclassifications.Add(Reclassification(context, item, balance, otherIsDestination, now));
                repair.Reclassified++;
            }
            else
            {
                if (otherIsDestination) item.Destination = balance; else item.Source = balance;
                item.Description = item.Description.Replace(BalanceTransactionMapper.UnmappedNote, "", StringComparison.Ordinal);
                repair.Remapped++;
            }
        }

        database.InTransaction(() =>
        {
            items.RecordNew(reclassifications, _ => true);
            items.Update(changed);
            rules.Save(new CategoryRuleRecord
            {
                Id = CategoryRuleRecord.IdFor(installId, category),
                InstalledAppId = installId,
                Category = category,
                Balance = balance,
                SavedByRun = context.Run.RunId,
                SavedAt = now,
            });
            return 0;
        });
    }

    /// <summary>
    /// The posting that moves an item already in the ledger from "other" to the rule's balance
    /// (or back, for money that came out of "other"). Neither side is a Stripe mirror, so the
    /// reconciliation is unchanged. Its reference derives from the item's: recorded once, posted once.
    /// </summary>
    static SyncItemRecord Reclassification(SyncContext context, SyncItemRecord item, LedgerRole balance, bool otherIsDestination, long now)
    {
        var reference = ReclassReference(item.Reference);
        var preferences = context.Preferences;
        var words = item.Category.Replace('_', ' ');
        var meta = new JsonObject
        {
            [BalanceTransactionMapper.MetaDataKey] = new JsonObject
            {
                ["balance_transaction_id"] = item.BalanceTransactionId,
                ["reporting_category"] = item.Category,
                ["stripe_account_id"] = context.StripeAccountId,
                ["parent_reference"] = item.Reference,
                ["reclassified_from"] = preferences.OtherIndicator,
                ["reclassified_to"] = preferences.Indicator(balance),
                ["repair_run_id"] = context.Run.RunId,
            },
        };
        var record = new SyncItemRecord
        {
            Id = SyncItemRecord.IdFor(context.InstalledAppId, reference),
            InstalledAppId = context.InstalledAppId,
            Reference = reference,
            BalanceTransactionId = item.BalanceTransactionId,
            Created = item.Created,
            Sequence = ReclassSequence + item.Sequence,
            Part = "reclass",
            Category = item.Category,
            Currency = item.Currency,
            PreciseAmount = item.PreciseAmount,
            Precision = item.Precision,
            Source = otherIsDestination ? LedgerRole.Other : balance,
            Destination = otherIsDestination ? balance : LedgerRole.Other,
            Description = $"Stripe {words} {item.BalanceTransactionId} re-classified from {preferences.OtherIndicator} to {preferences.Indicator(balance)} (a rule set in the app's portal)",
            MetaDataJson = meta.ToJsonString(),
            RecordedByRun = context.Run.RunId,
        };
        record.KeepStripeIds(item.SourceId, item.ChargeId, item.PaymentIntentId);
        record.MoveTo(SyncItemState.Planned, now);
        return record;
    }

    /// <summary>After posting: the alerts the repair answered are resolved (a posting now in the ledger, a category with nothing left unmapped).</summary>
    public async Task ResolveAlertsAsync(SyncContext context, RepairRecord repair, CancellationToken ct)
    {
        var installId = context.InstalledAppId;
        if (repair.Kind == RepairKind.Retry)
        {
            foreach (var item in items.Find(repair.References.Select(reference => SyncItemRecord.IdFor(installId, reference))))
                if (item.State is SyncItemState.Posted or SyncItemState.AlreadyPresent)
                    await alerts.ResolveAsync(context.Cloud, context.Install, RaisedAlertKind.RejectedPosting, item.Reference,
                        $"retried from the portal and posted by repair run {context.Run.RunId}.", ct);
            return;
        }
        if (repair.Category is { } category && repair.Balance is { } balance && !repairItems.Unmapped(installId, category).Any())
            await alerts.ResolveAsync(context.Cloud, context.Install, RaisedAlertKind.UnmappedCategory, category,
                $"mapped to {context.Preferences.Indicator(balance)} from the portal (repair run {context.Run.RunId}).", ct);
    }
}
