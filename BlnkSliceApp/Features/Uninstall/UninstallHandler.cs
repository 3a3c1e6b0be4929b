using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Stripe;
using FastEndpoints;
using FluentValidation;

namespace BlnkSliceApp.Features.Uninstall;

/// <summary>
/// Marks the install uninstalled, deletes its sealed Cloud key and its Stripe key, revokes its portal sessions and
/// launch links, and cancels its background work before answering, so no Cloud call with
/// its key starts after Cloud hears back. An unknown install changes nothing.
/// </summary>
public sealed class UninstallHandler(
    AppDatabase database,
    ProcessedEvents events,
    PortalSessions sessions,
    LaunchTokens launchTokens,
    InstallLifetimes lifetimes,
    InstallDirectory installs,
    StripeKeys stripeKeys,
    StripeGateway stripeGateway,
    TimeProvider time,
    ILogger<UninstallHandler> logger) : ICommandHandler<UninstallCommand>
{
    static readonly UninstallCommand.Validator Validator = new();

    public Task ExecuteAsync(UninstallCommand command, CancellationToken ct)
    {
        var validation = Validator.Validate(command);
        if (!validation.IsValid)
            throw new ValidationFailureException(validation.Errors, "Invalid uninstall event.");

        var id = command.InstalledAppId!;
        var fingerprint = EventFingerprint.Of("uninstall", id, command.AppId, command.InstanceId, command.UninstalledAt!.Value.ToUnixTimeMilliseconds().ToString());

        var outcome = events.Run(command.IdempotencyKey!, fingerprint, id, () =>
        {
            var records = database.Collection<InstallRecord>(InstallRecord.Collection);
            var install = records.FindById(id);
            if (install is null || install.AppId != command.AppId || install.InstanceId != command.InstanceId)
                return EventOutcome.Ignored;

            install.Status = InstallStatus.Uninstalled;
            install.UninstalledAt = command.UninstalledAt!.Value.ToUnixTimeMilliseconds();
            install.ApiKey = null;
            if (stripeKeys.OwnKey(id) is { } stripeKey)
                stripeGateway.Forget(stripeKey.SecretKey);
            stripeKeys.Remove(id);
            install.UpdatedAt = UnixMs.From(time.GetUtcNow());
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
            case EventOutcome.Applied:
                logger.LogInformation("Install {InstalledAppId} uninstalled: keys deleted, sessions revoked, background work cancelled", id);
                break;
            case EventOutcome.Ignored:
                logger.LogWarning("Uninstall event for unknown install {InstalledAppId} ignored", id);
                break;
            default:
                logger.LogInformation("Uninstall event for {InstalledAppId} was already processed; nothing changed", id);
                break;
        }
        return Task.CompletedTask;
    }
}
