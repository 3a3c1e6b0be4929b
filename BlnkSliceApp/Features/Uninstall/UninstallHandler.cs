using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Stripe;
using FastEndpoints;
using FluentValidation;

namespace BlnkSliceApp.Features.Uninstall;

/// <summary>
/// Marks the install uninstalled, deletes its sealed Cloud key and its Stripe key, revokes its
/// portal sessions and launch links, and cancels its background work before answering, so no
/// Cloud call with its key starts after Cloud hears back; its customer data is erased right
/// after. Cloud revokes the key before it sends the event, and the event carries no signature,
/// so it is believed only once Cloud answers 401 to the stored key (README, "Threat model").
/// An unknown install changes nothing and still answers 200.
/// </summary>
public sealed class UninstallHandler(
    AppDatabase database,
    ProcessedEvents events,
    EventFingerprint fingerprints,
    PortalSessions sessions,
    LaunchTokens launchTokens,
    InstallLifetimes lifetimes,
    InstallDirectory installs,
    InstallEventGate gate,
    ICloudKeyCheck keyCheck,
    InstallDataErasure erasure,
    StripeKeys stripeKeys,
    StripeGateway stripeGateway,
    TimeProvider time,
    ILogger<UninstallHandler> logger) : ICommandHandler<UninstallCommand>
{
    static readonly UninstallCommand.Validator Validator = new();

    public async Task ExecuteAsync(UninstallCommand command, CancellationToken ct)
    {
        var validation = Validator.Validate(command);
        if (!validation.IsValid)
            throw new ValidationFailureException(validation.Errors, "Invalid uninstall event.");

        var id = command.InstalledAppId!;
        var fingerprint = fingerprints.Of("uninstall", id, command.AppId, command.InstanceId, command.UninstalledAt!.Value.ToUnixTimeMilliseconds().ToString());

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(InstallEventGate.EventBudget);
        using var turn = await gate.TryEnterAsync(id, budget.Token) ?? throw InstallEventGate.Busy();
        var found = installs.Find(id);
        var proven = true;
        if (found is { IsActive: true } && found.AppId == command.AppId && found.InstanceId == command.InstanceId
            && !events.IsReplay(command.IdempotencyKey!, fingerprint))
            proven = await ProveRevokedAsync(found, budget.Token);
        var now = UnixMs.From(time.GetUtcNow());

        var outcome = await events.RunAsync(command.IdempotencyKey!, fingerprint, id, () =>
        {
            var records = database.Collection<InstallRecord>(InstallRecord.Collection);
            var install = records.FindById(id);
            if (install is null || install.AppId != command.AppId || install.InstanceId != command.InstanceId)
                return EventOutcome.Ignored;

            install.Status = InstallStatus.Uninstalled;
            install.UninstalledAt = command.UninstalledAt!.Value.ToUnixTimeMilliseconds();
            install.ApiKey = null;
            install.NeedsReinstall = false;
            install.KeyConfirmed = false;
            install.ErasePending = true;
            install.EraseAfter = proven ? now : now + (long)UnprovenRetention.TotalMilliseconds;
            if (proven)
            {
                if (stripeKeys.OwnKey(id) is { } stripeKey)
                    stripeGateway.Forget(stripeKey.SecretKey);
                stripeKeys.Remove(id);
            }
            install.UpdatedAt = now;
            records.Update(install);
            sessions.RevokeAll(id);
            launchTokens.RevokeAll(id);
            return EventOutcome.Applied;
        });

        // Cancelling again on a replay covers a crash between commit and cancel; a replay that
        // arrives after a re-install must not touch the new install's work.
        if (outcome == EventOutcome.Applied || (outcome == EventOutcome.Replayed && installs.FindActive(id) is null))
            lifetimes.End(id);

        switch (outcome)
        {
            case EventOutcome.Applied when proven:
                erasure.Enqueue(id);
                logger.LogInformation("Install {InstalledAppId} uninstalled: keys deleted, sessions revoked, background work cancelled", id);
                break;
            case EventOutcome.Applied:
                logger.LogWarning("Install {InstalledAppId} uninstalled without Cloud's confirmation (its key no longer decrypts): its Stripe key and customer data are kept for {Days} days, in case a re-install follows",
                    id, UnprovenRetention.TotalDays);
                break;
            case EventOutcome.Ignored:
                logger.LogWarning("Uninstall event for unknown install {InstalledAppId} ignored", id);
                break;
            default:
                logger.LogInformation("Uninstall event for {InstalledAppId} was already processed; nothing changed", id);
                break;
        }
    }

    /// <summary>
    /// How long an uninstall Cloud could not confirm keeps what it would erase: a forged one must
    /// not destroy the Stripe key and history that a real re-install would bring back.
    /// </summary>
    public static readonly TimeSpan UnprovenRetention = TimeSpan.FromDays(7);

    /// <summary>
    /// 409 while Cloud still accepts the key (a forged event; Cloud revokes first and retries a
    /// real one), 503 when Cloud cannot say. Any other answer (a 401, or a key that no longer
    /// works for its instance) lets the uninstall through. A key that no longer opens here cannot
    /// be asked about: the uninstall is applied, unproven (false), and erases nothing yet.
    /// </summary>
    async Task<bool> ProveRevokedAsync(InstallRecord install, CancellationToken budget)
    {
        if (install.NeedsReinstall)
            return false;
        var verdict = await keyCheck.CheckAsync(install.InstanceId, installs.OpenApiKey(install), install.GrantedPermissions, budget);
        switch (verdict)
        {
            case KeyVerdict.Accepted:
                logger.LogWarning("Uninstall event for {InstalledAppId} refused: Blnk Cloud still accepts the install's key; nothing changed", install.InstalledAppId);
                throw new EventRefusedException(StatusCodes.Status409Conflict,
                    "Blnk Cloud still accepts this install's API key, so the install stays; Cloud revokes the key before a real uninstall.");
            case KeyVerdict.Unreachable:
                logger.LogWarning("Uninstall event for {InstalledAppId} could not be checked with Blnk Cloud; nothing changed", install.InstalledAppId);
                throw new EventRefusedException(StatusCodes.Status503ServiceUnavailable,
                    "Blnk Cloud could not be reached to confirm the uninstall; nothing changed. Send the event again.");
            default:
                return true;
        }
    }
}
