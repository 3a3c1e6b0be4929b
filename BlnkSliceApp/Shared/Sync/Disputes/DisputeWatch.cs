using BlnkSliceApp.Shared.Cloud;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Stripe;
using BlnkSliceApp.Shared.Sync.Alerts;
using BlnkSliceApp.Shared.Sync.Customers;
using BlnkSliceApp.Shared.Sync.Engine;
using BlnkSliceApp.Shared.Sync.Store;

namespace BlnkSliceApp.Shared.Sync.Disputes;

/// <summary>
/// A dispute's status and evidence deadline change without any money moving, so balance
/// transactions never show them. Each run lists the disputes created since the oldest one
/// still open (or since the last listing, less an overlap): one call when there are fewer than
/// 100. A dispute seen open for the first time raises one alert (amount, reason, status,
/// deadline); a later change of status, amount, reason or deadline updates that same alert; a
/// dispute that ends (won, lost, an inquiry closed) resolves it. One already over when first
/// seen raises nothing. Without alerts:write the alert stays in the portal's Alerts panel.
/// </summary>
public sealed class DisputeWatch(
    StripeGateway stripe,
    DisputeStore store,
    SyncAlerts alerts,
    StripeObjectCache cache,
    CustomerIdentities identities,
    SyncItems items,
    TimeProvider time,
    ILogger<DisputeWatch> logger)
{
    /// <summary>A dispute created just before the last listing, but not yet visible to it, is still read.</summary>
    static readonly TimeSpan Overlap = TimeSpan.FromMinutes(10);

    /// <summary>A first listing reaches this far back (or to the first window's start): disputes stay open for weeks.</summary>
    static readonly TimeSpan FirstLook = TimeSpan.FromDays(120);

    /// <summary>
    /// The first page is asked for as the run starts, so Stripe's answer time goes by beside the
    /// listing's; <see cref="WatchAsync"/> reads it after posting.
    /// </summary>
    public DisputeListing Begin(SyncContext context, CancellationToken ct)
    {
        var startedAt = time.GetUtcNow();
        var from = ListFrom(context, startedAt);
        return new DisputeListing(startedAt, from, SyncRunner.Observed(PageAsync(context, from, null, ct)));
    }

    public async Task WatchAsync(SyncContext context, DisputeListing? begun, CancellationToken ct)
    {
        var installId = context.InstalledAppId;
        begun ??= Begin(context, ct);
        var changed = 0;
        var next = begun.FirstPage;
        while (await next is { } page)
        {
            foreach (var dispute in page.Items)
                if (await NoteAsync(context, dispute, ct))
                    changed++;
            if (!page.HasMore || page.Items.Count == 0)
            {
                store.Save(new DisputeWatchState { InstalledAppId = installId, ListedAt = begun.StartedAt.ToUnixTimeSeconds() });
                break;
            }
            next = PageAsync(context, begun.From, page.Items[^1].Id, ct);
        }
        context.Run.Counts.DisputesChanged += changed;
        if (changed > 0)
            logger.LogInformation("Sync run {RunId}: {Count} dispute(s) new or changed", context.Run.RunId, changed);
    }

    /// <summary>A page, or null when Stripe refused the listing: the money is posted and reconciled all the same, and the next run lists from the same point again.</summary>
    async Task<StripePage<global::Stripe.Dispute>?> PageAsync(SyncContext context, long from, string? after, CancellationToken ct)
    {
        try
        {
            return await stripe.ListDisputesAsync(context.Stripe, from, after, ct);
        }
        catch (StripeCallException refused)
        {
            logger.LogWarning(refused.HttpStatus is 401 or 403
                    ? "Install {InstalledAppId}: Stripe refused to list disputes ({Reason}); give the key Read on Disputes to get their alerts"
                    : "Install {InstalledAppId}: Stripe's disputes could not be listed ({Reason}); the next run tries again",
                context.InstalledAppId, refused.Message);
            return null;
        }
    }

    long ListFrom(SyncContext context, DateTimeOffset now)
    {
        var installId = context.InstalledAppId;
        var last = store.State(installId)?.ListedAt is { } listed
            ? listed - (long)Overlap.TotalSeconds
            : Math.Min(context.Run.WindowFrom, (now - FirstLook).ToUnixTimeSeconds());
        return store.OldestOpen(installId) is { } oldest ? Math.Min(oldest, last) : last;
    }

    /// <summary>Compares the dispute with what was seen before; true when it was new or changed.</summary>
    async Task<bool> NoteAsync(SyncContext context, global::Stripe.Dispute dispute, CancellationToken ct)
    {
        var installId = context.InstalledAppId;
        var before = store.Get(installId, dispute.Id);
        var now = new WatchedDispute
        {
            Id = WatchedDispute.IdFor(installId, dispute.Id),
            InstalledAppId = installId,
            DisputeId = dispute.Id,
            ChargeId = dispute.ChargeId,
            Status = dispute.Status ?? "",
            Amount = dispute.Amount,
            Currency = (dispute.Currency ?? "").ToUpperInvariant(),
            Reason = dispute.Reason ?? "",
            EvidenceDueBy = dispute.EvidenceDetails?.DueBy is { } due ? new DateTimeOffset(DateTime.SpecifyKind(due, DateTimeKind.Utc)).ToUnixTimeSeconds() : null,
            Created = new DateTimeOffset(DateTime.SpecifyKind(dispute.Created, DateTimeKind.Utc)).ToUnixTimeSeconds(),
            WithdrawalTransactionId = (dispute.BalanceTransactions?.FirstOrDefault(t => t.ReportingCategory == "dispute") ?? dispute.BalanceTransactions?.FirstOrDefault())?.Id,
            UpdatedAt = UnixMs.From(time.GetUtcNow()),
        };
        if (before is not null && Same(before, now))
            return false;

        var open = alerts.Find(installId, RaisedAlertKind.Dispute, dispute.Id) is { Open: true };
        if (now.IsFinal)
        {
            if (open)
                await alerts.ResolveAsync(context.Cloud, context.Install, RaisedAlertKind.Dispute, dispute.Id,
                    $"the dispute is {now.Status} ({DisputeFacts.StatusText(now.Status)}), seen by sync run {context.Run.RunId}.", ct);
        }
        else
        {
            var customerId = CustomerOf(context, now);
            var flagged = await FlaggedEntityAsync(context, now, customerId, ct);
            await alerts.RaiseAsync(context.Cloud, context.Install, RaisedAlertKind.Dispute, dispute.Id, flagged,
                DisputeFacts.Title(now), DisputeFacts.Description(now, customerId, context.Run.RunId), context.Run.RunId, ct);
        }
        // Saved after its alert: a crash in between raises it again, which updates the same open alert.
        store.Save(now);
        return true;
    }

    static bool Same(WatchedDispute a, WatchedDispute b) =>
        a.Status == b.Status && a.Amount == b.Amount && a.Currency == b.Currency && a.Reason == b.Reason && a.EvidenceDueBy == b.EvidenceDueBy;

    string? CustomerOf(SyncContext context, WatchedDispute dispute)
    {
        if (dispute.ChargeId is not { } chargeId) return null;
        if (context.ChargeCustomers.TryGet(chargeId, out var customerId)) return customerId;
        return cache.TryChargeCustomer(context.InstalledAppId, chargeId, out customerId) ? customerId : null;
    }

    /// <summary>The withdrawal's posting when it is in the ledger, else the customer's identity, else the Stripe balance; null records it locally only.</summary>
    async Task<string?> FlaggedEntityAsync(SyncContext context, WatchedDispute dispute, string? customerId, CancellationToken ct)
    {
        if (!context.Install.Has(Scopes.AlertsWrite)) return null;
        try
        {
            if (dispute.WithdrawalTransactionId is { } withdrawal)
            {
                var reference = $"stripe:{withdrawal}";
                var posted = items.Find([SyncItemRecord.IdFor(context.InstalledAppId, reference)]).FirstOrDefault();
                if (posted is { State: SyncItemState.Posted or SyncItemState.AlreadyPresent })
                {
                    if (posted.TransactionId is { } known) return known;
                    if (CloudClient.Text((await context.Cloud.FindTransactionByReferenceAsync(reference, ct))?["transaction_id"]) is { } found)
                        return found;
                }
            }
            if (customerId is not null && identities.LinkOf(context.InstalledAppId, customerId) is { } link)
                return link.IdentityId;
            return (await context.Cloud.FindIndicatorBalanceAsync(context.Preferences.StripeIndicator, dispute.Currency, ct))?.BalanceId;
        }
        catch (CloudCallException error)
        {
            logger.LogWarning("Install {InstalledAppId}: could not find what dispute {DisputeId}'s alert points at ({Reason}); it is recorded locally", context.InstalledAppId, dispute.DisputeId, error.Message);
            return null;
        }
    }
}

/// <summary>A run's listing of disputes: from when, and its first page, asked for ahead.</summary>
public sealed record DisputeListing(DateTimeOffset StartedAt, long From, Task<StripePage<global::Stripe.Dispute>?> FirstPage);
