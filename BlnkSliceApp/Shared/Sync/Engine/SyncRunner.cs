using BlnkSliceApp.Shared.Cloud;
using BlnkSliceApp.Shared.Configuration;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Stripe;
using BlnkSliceApp.Shared.Sync.Customers;
using BlnkSliceApp.Shared.Sync.Disputes;
using BlnkSliceApp.Shared.Sync.Mapping;
using BlnkSliceApp.Shared.Sync.Payouts;
using BlnkSliceApp.Shared.Sync.Reconciliation;
using BlnkSliceApp.Shared.Sync.Runs;
using BlnkSliceApp.Shared.Sync.Store;
using BlnkSliceApp.Shared.Telemetry;
using LiteDB;

namespace BlnkSliceApp.Shared.Sync.Engine;

/// <summary>
/// One run, start to end: fix the window, read Stripe into local records, post them, then
/// reconcile Stripe's balance with the ledger. Each phase resumes from what is stored, so a
/// run cut short anywhere is finished by the next one.
/// </summary>
public sealed class SyncRunner(
    AppSettings settings,
    InstallDirectory installs,
    StripeKeys stripeKeys,
    InstallKeyConfirmation confirmation,
    StripeGateway stripe,
    CloudClients cloudClients,
    SyncLedger ledgers,
    SyncStates states,
    SyncItems items,
    SyncRuns runs,
    StripeListing listing,
    LedgerPosting posting,
    PayoutReconciliation payouts,
    CustomerRefresh customerRefresh,
    DisputeWatch disputes,
    Reconciler reconciler,
    Repair.RepairWork repairs,
    Repair.CategoryRules categoryRules,
    AppDatabase database,
    SyncMetrics metrics,
    CompletedRuns completedRuns,
    TimeProvider time,
    ILogger<SyncRunner> logger)
{
    /// <summary>Each window starts this much before the last one ended: late-appearing transactions are still read, recorded ones skipped.</summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromMinutes(10);

    public async Task RunAsync(SyncRunRecord run, CancellationToken ct)
    {
        if (run.Repair is { } repair)
        {
            await RepairAsync(run, repair, ct);
            return;
        }
        using var spans = new PhaseSpans(metrics.Source, run.InstalledAppId);
        var phase = time.GetTimestamp();
        _cpuAtLastPhase = Environment.CpuUsage.TotalTime;
        spans.Begin("sync prepare");
        var context = await PrepareAsync(run, ct);
        // Asked for now, read after posting: a run with nothing new waits for one Stripe answer time, not three.
        context.BalanceAtWindowEnd ??= Observed(stripe.GetBalanceAsync(context.Stripe, ct));
        if (context.State.Cursor is not null)
            context.EarlyPaymentsMirror = (Observed(Reconciler.PaymentsMirrorAsync(context.Cloud, context.Preferences, ct)), context.Cloud.WritesSent);
        var disputesListed = disputes.Begin(context, ct);
        phase = LogPhase(run, "preparing", phase);
        // Reading Stripe; the payouts' reading and the linking go on beside it (within this span).
        spans.Begin("sync list");
        // Beside the listing, so their Stripe and Cloud waits overlap its own: the payouts'
        // transactions are read and the customers met are linked. Local writes still go one at
        // a time (AppDatabase's one writer).
        using (var beside = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            var payoutsRead = payouts.ReadStripeAsync(context, besideListing: true, beside.Token);
            var linking = posting.LinkAsListedAsync(context, beside.Token);
            try
            {
                await listing.ListAsync(context, ct);
                await listing.ResolveAwaitingCustomersAsync(context, ct);
                context.CustomersToLink.Writer.Complete();
                RecordOpeningBalance(context);
                phase = LogPhase(run, "reading Stripe", phase);
                spans.Begin("sync link customers");
                await linking;
                await posting.ResolveListedCustomersAsync(context, ct);
                await customerRefresh.RefreshAsync(context, ct);
                phase = LogPhase(run, "linking customers", phase);
                await payoutsRead;
            }
            catch
            {
                await StopAsync(beside, payoutsRead, linking);
                throw;
            }
        }
        spans.Begin("sync reconcile payouts");
        // Again, for payouts the listing found that the first reading could not know of; before
        // posting, so postings not sent yet carry their payout id from creation.
        await payouts.ReadStripeAsync(context, besideListing: false, ct);
        await payouts.PrepareAsync(context, ct);
        phase = LogPhase(run, "reconciling payouts", phase);
        spans.Begin("sync post");
        await posting.PostAsync(context, ct);
        phase = LogPhase(run, "posting", phase);
        spans.Begin("sync tag payouts");
        await payouts.FinishAsync(context, ct);
        phase = LogPhase(run, "tagging payouts", phase);
        spans.Begin("sync watch disputes");
        // After posting, so a dispute's alert can point at its withdrawal in the ledger.
        await disputes.WatchAsync(context, disputesListed, ct);
        phase = LogPhase(run, "watching disputes", phase);

        spans.Begin("sync reconcile");
        await ReconcileAsync(context, ct);
        LogPhase(run, "reconciling", phase);

        var now = UnixMs.From(time.GetUtcNow());
        context.State.Cursor = Math.Max(context.State.Cursor ?? 0, run.WindowTo);
        context.State.LastCompletedRunId = run.RunId;
        context.State.LastCompletedAt = now;
        context.State.UpdatedAt = now;
        states.Save(context.State);
        completedRuns.Completed(run.InstalledAppId, now, run.Reconciliation);
    }

    /// <summary>The run stops: what went on beside it stops too, and is waited for, so nothing of it outlives the run.</summary>
    static async Task StopAsync(CancellationTokenSource beside, params Task[] work)
    {
        await beside.CancelAsync();
        try
        {
            await Task.WhenAll(work);
        }
        catch
        {
            // The run's own failure is the one reported.
        }
    }

    /// <summary>A call started ahead of its use: if the run stops before it is awaited, its failure is not left unobserved.</summary>
    internal static Task<T> Observed<T>(Task<T> call)
    {
        _ = call.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return call;
    }

    async Task ReconcileAsync(SyncContext context, CancellationToken ct)
    {
        var run = context.Run;
        run.Phase = "Reconciling";
        runs.Save(run);
        var balance = context.BalanceAtWindowEnd is { } asked ? await asked : await stripe.GetBalanceAsync(context.Stripe, ct);
        // Read before anything was written, it is what the ledger holds now (Core applies skip_queue postings before answering).
        var unchangedMirror = context.EarlyPaymentsMirror is { } early && context.Cloud.WritesSent == early.WritesBefore ? OrReadAgain(early.Read) : null;
        run.Reconciliation = (await reconciler.ReconcileAsync(context.Cloud, context.Install, context.Preferences, balance, run.RunId, ct, unchangedMirror)).ToList();

        // The early read failing is no reason for the run to: it is asked again, as a run that wrote would.
        async Task<Dictionary<string, CloudBalance>> OrReadAgain(Task<Dictionary<string, CloudBalance>> read)
        {
            try
            {
                return await read;
            }
            catch (CloudCallException)
            {
                return await Reconciler.PaymentsMirrorAsync(context.Cloud, context.Preferences, ct);
            }
        }
    }

    /// <summary>
    /// A repair run (the portal's Repair view): changes what the repair asks for, posts what is
    /// waiting, and reconciles. It reads no Stripe history and leaves the cursor where it was.
    /// </summary>
    async Task RepairAsync(SyncRunRecord run, Repair.RepairRecord repair, CancellationToken ct)
    {
        var context = await PrepareAsync(run, ct);
        run.Phase = "Repairing";
        runs.Save(run);
        repairs.Apply(context, repair);
        run.PendingBefore ??= items.PendingCount(run.InstalledAppId);
        runs.Save(run);
        logger.LogInformation("Repair run {RunId} of {InstalledAppId}: {Kind}, {Retried} retried, {Reclassified} re-classified, {Remapped} remapped, {Skipped} left as they were",
            run.RunId, run.InstalledAppId, repair.Kind, repair.Retried, repair.Reclassified, repair.Remapped, repair.Skipped);
        await posting.PostAsync(context, ct);
        await repairs.ResolveAlertsAsync(context, repair, ct);
        await ReconcileAsync(context, ct);
        completedRuns.Reconciled(run.InstalledAppId, run.Reconciliation);
    }

    async Task<SyncContext> PrepareAsync(SyncRunRecord run, CancellationToken ct)
    {
        var install = installs.FindActive(run.InstalledAppId) ?? throw new SyncStoppedException("The app is no longer installed.");
        if (stripeKeys.AwaitsConfirmation(install) && await confirmation.ConfirmAsync(install.InstalledAppId, ct) == KeyVerdict.Accepted)
            install = installs.FindActive(run.InstalledAppId) ?? throw new SyncStoppedException("The app is no longer installed.");
        var credentials = stripeKeys.For(install) ?? throw new SyncStoppedException(stripeKeys.AwaitsConfirmation(install)
            ? "Blnk Cloud has not confirmed this install's key yet, so the deployment's Stripe account is not used for it. The next run tries again."
            : "No Stripe key: connect a Stripe account in the portal first.");
        var accountId = credentials.AccountId ?? await stripe.AccountIdAsync(credentials, ct);
        var state = states.Get(install.InstalledAppId);
        if (state.StripeAccountId is { } synced && synced != accountId)
            throw new SyncStoppedException($"This install mirrors Stripe account {synced}, but the Stripe key now belongs to {accountId}. Mixing two accounts in one ledger would break the reconciliation; connect a key of {synced}, or install the app again for the other account.");
        if (state.StripeLive is { } live && live != credentials.Live)
            throw new SyncStoppedException(StripeModes.Mismatch(live));
        state.StripeAccountId = accountId;
        state.StripeLive = credentials.Live;

        var preferences = database.Collection<SyncPreferences>(SyncPreferences.Collection).FindById(install.InstalledAppId)
            ?? SyncPreferences.Defaults(install.InstalledAppId);
        var cloud = cloudClients.For(install);
        IReadOnlyList<StripeBalanceAmount>? openingRead = null;

        // A repair reads no Stripe history: it has no window.
        if (run.WindowTo == 0 && run.Trigger != SyncTrigger.Repair)
        {
            var now = time.GetUtcNow();
            run.WindowTo = now.ToUnixTimeSeconds() + 1;
            run.WindowFrom = state.Cursor is { } cursor
                ? cursor - (long)Overlap.TotalSeconds
                : preferences.BackfillFrom ?? (now - TimeSpan.FromDays(settings.SyncBackfillDays)).ToUnixTimeSeconds();
            if (state.Cursor is null)
                state.FirstWindowFrom = run.WindowFrom;
            else if (run.Trigger == SyncTrigger.Safety)
                run.WindowFrom = SafetyWindowFrom(state, run.WindowFrom, now);
            // Until the opening balance is recorded, each fresh first window takes Stripe's balance
            // anew: a first run that failed during its listing leaves items newer than the balance it read.
            if (state.Cursor is null && !state.OpeningRecorded)
            {
                // Stripe's balance as the first window closes: what is older than the window becomes one opening posting per currency.
                openingRead = await stripe.GetBalanceAsync(credentials, ct);
                state.OpeningBalance = openingRead
                    .Select(amount => new OpeningAmount { BalanceType = amount.BalanceType, Currency = amount.Currency, Amount = amount.Amount, Precision = amount.Precision })
                    .ToList();
            }
            // Only what an earlier run read can be recorded already. A state saved by a version
            // that did not keep ListedUpTo (but has run) gets every transaction looked up.
            run.RecordedBefore = state.ListedUpTo ?? (state.UpdatedAt == 0 ? 0 : long.MaxValue);
            run.PendingBefore = items.PendingCount(install.InstalledAppId);
            runs.Save(run);
        }
        // Saved before this run records anything, so any later run looks its window up.
        if (run.WindowTo > 0)
            state.ListedUpTo = Math.Max(state.ListedUpTo ?? 0, run.WindowTo);
        state.UpdatedAt = UnixMs.From(time.GetUtcNow());
        states.Save(state);

        run.Phase = "Preparing the ledger";
        runs.Save(run);
        var ledgerId = await ledgers.EnsureAsync(cloud, ct);
        return new SyncContext
        {
            Install = install,
            Run = run,
            Preferences = preferences,
            State = state,
            Stripe = credentials,
            StripeAccountId = accountId,
            Cloud = cloud,
            LedgerId = ledgerId,
            CategoryRules = categoryRules.For(install.InstalledAppId),
            // The balance the opening was taken from is also the one the window ends on.
            BalanceAtWindowEnd = openingRead is null ? null : Task.FromResult(openingRead),
        };
    }

    /// <summary>
    /// The daily safety run reads this far back (webhooks get lost); what it finds recorded is
    /// skipped, so it posts only what incremental runs missed.
    /// </summary>
    public static readonly TimeSpan SafetyWindow = TimeSpan.FromDays(3);

    /// <summary>Now minus <see cref="SafetyWindow"/>, never before the first window (older transactions are in the opening balance).</summary>
    long SafetyWindowFrom(SyncInstallState state, long incrementalFrom, DateTimeOffset now)
    {
        state.FirstWindowFrom ??= runs.FirstWindowFrom(state.InstalledAppId);
        if (state.FirstWindowFrom is not { } first)
            return incrementalFrom;
        return Math.Min(incrementalFrom, Math.Max(first, (now - SafetyWindow).ToUnixTimeSeconds()));
    }

    /// <summary>Where a long run spends its time, for operators and the benchmark.</summary>
    long LogPhase(SyncRunRecord run, string phase, long startedAt)
    {
        var cpu = Environment.CpuUsage.TotalTime;
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        logger.LogInformation("Sync run {RunId}: {Phase} took {Seconds:F2} s ({CpuSeconds:F2} s of CPU in the whole process, peak working set so far {PeakMb} MB)",
            run.RunId, phase, time.GetElapsedTime(startedAt).TotalSeconds, (cpu - _cpuAtLastPhase).TotalSeconds, process.PeakWorkingSet64 / (1024 * 1024));
        _cpuAtLastPhase = cpu;
        return time.GetTimestamp();
    }

    TimeSpan _cpuAtLastPhase = Environment.CpuUsage.TotalTime;

    /// <summary>
    /// How an item moves the Stripe balance it mirrors (minus @stripe for payments): out of the
    /// mirror adds, into it subtracts. Keyed by <see cref="StripeBalanceTypes.Key"/>.
    /// </summary>
    public static void AddStripeEffect(Dictionary<string, long> effect, SyncItemRecord item)
    {
        if (item.Source == LedgerRole.Opening || item.Destination == LedgerRole.Opening) return;
        var key = StripeBalanceTypes.Key(StripeBalanceTypes.BalanceTypeOf(StripeBalanceTypes.MirrorIn(item.Source, item.Destination)), item.Currency);
        effect[key] = effect.GetValueOrDefault(key) + PlannedPosting.EffectOnStripe(item.Source, item.Destination, item.PreciseAmount);
    }

    /// <summary>
    /// On the first run, Stripe's balance minus what the window's transactions moved is what
    /// the account held before the window: posted once per balance type and currency from @stripe_opening.
    /// </summary>
    void RecordOpeningBalance(SyncContext context)
    {
        if (context.State.Cursor is not null || context.State.OpeningRecorded || context.State.OpeningBalance is not { } opening)
            return;
        var moved = context.State.FirstWindowEffect;

        var now = UnixMs.From(time.GetUtcNow());
        var records = new List<SyncItemRecord>();
        foreach (var amount in opening)
        {
            var before = amount.Amount - moved.GetValueOrDefault(StripeBalanceTypes.Key(amount.BalanceType, amount.Currency));
            if (before == 0 || StripeBalanceTypes.MirrorOf(amount.BalanceType) is null) continue;
            var planned = BalanceTransactionMapper.OpeningBalance(context.StripeAccountId,
                new StripeBalanceAmount(amount.Currency, before, amount.Precision, amount.BalanceType), context.Run.WindowFrom);
            var record = new SyncItemRecord
            {
                Id = SyncItemRecord.IdFor(context.InstalledAppId, planned.Reference),
                InstalledAppId = context.InstalledAppId,
                Reference = planned.Reference,
                BalanceTransactionId = planned.Reference,
                Created = context.Run.WindowFrom - 1,
                Category = "opening_balance",
                Currency = planned.Currency,
                PreciseAmount = planned.PreciseAmount,
                Precision = planned.Precision,
                Source = planned.Source,
                Destination = planned.Destination,
                Description = planned.Description,
                MetaDataJson = planned.MetaData.ToJsonString(),
                RecordedByRun = context.Run.RunId,
            };
            record.MoveTo(SyncItemState.Planned, now);
            records.Add(record);
        }
        database.InTransaction(() =>
        {
            context.Run.Counts.Recorded += items.RecordNew(records, _ => true).Count;
            context.State.OpeningRecorded = true;
            states.Save(context.State);
            runs.Save(context.Run);
            return 0;
        });
    }
}

/// <summary>A run cannot go on for a reason the user can act on; the message says which.</summary>
public sealed class SyncStoppedException(string message) : Exception(message);
