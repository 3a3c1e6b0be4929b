using BlnkSliceApp.Shared.Crypto;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using BlnkSliceApp.Shared.Storage;
using FastEndpoints;
using FluentValidation;

namespace BlnkSliceApp.Features.Install;

/// <summary>
/// Stores the install with its API key sealed (AES-256-GCM), or reactivates an uninstalled
/// one with the new key and scopes. Local work only: Cloud cancels an install that is not
/// confirmed in about 10 seconds.
/// </summary>
public sealed class InstallHandler(
    AppDatabase database,
    ProcessedEvents events,
    SecretBox box,
    InstallLifetimes lifetimes,
    PortalSessions sessions,
    LaunchTokens launchTokens,
    TimeProvider time,
    ILogger<InstallHandler> logger) : ICommandHandler<InstallCommand>
{
    static readonly InstallCommand.Validator Validator = new();

    public Task ExecuteAsync(InstallCommand command, CancellationToken ct)
    {
        var validation = Validator.Validate(command);
        if (!validation.IsValid)
            throw new ValidationFailureException(validation.Errors, "Invalid install event.");

        var id = command.InstalledAppId!;
        var scopes = command.GrantedPermissions!.Distinct().Order(StringComparer.Ordinal).ToList();
        var fingerprint = EventFingerprint.Of(["install", id, command.AppId, command.InstanceId, command.ApiKey, command.ApiKeyPrefix, .. scopes]);

        var outcome = events.Run(command.IdempotencyKey!, fingerprint, id, () =>
        {
            var installs = database.Collection<InstallRecord>(InstallRecord.Collection);
            var now = UnixMs.From(time.GetUtcNow());
            var install = installs.FindById(id) ?? new InstallRecord { InstalledAppId = id };
            // Cloud never moves a live install to another app or instance; such an event is forged or stale.
            if (install.IsActive && (install.AppId != command.AppId || install.InstanceId != command.InstanceId))
                return EventOutcome.Refused;

            if (install.Status != InstallStatus.Active || install.InstalledAt == 0)
                install.InstalledAt = now;
            install.Generation++;
            sessions.RevokeAll(id);
            launchTokens.RevokeAll(id);
            install.AppId = command.AppId!;
            install.InstanceId = command.InstanceId!;
            install.ApiKey = box.Seal(command.ApiKey!, InstallRecord.KeyContext(id));
            install.ApiKeyPrefix = command.ApiKeyPrefix!;
            install.GrantedPermissions = scopes;
            install.Status = InstallStatus.Active;
            install.UninstalledAt = null;
            install.UpdatedAt = now;
            installs.Upsert(install);
            return EventOutcome.Applied;
        });

        if (outcome == EventOutcome.Refused)
        {
            logger.LogWarning("Install event for active install {InstalledAppId} names another app or instance; refused", id);
            throw new EventRefusedException(StatusCodes.Status409Conflict,
                "installed_app_id is already active for another app or instance; uninstall it first.");
        }

        if (outcome == EventOutcome.Applied)
        {
            lifetimes.Begin(id);
            logger.LogInformation("Install {InstalledAppId} active on instance {InstanceId} with key {ApiKeyPrefix}… and scopes {Scopes}",
                id, command.InstanceId, command.ApiKeyPrefix, string.Join(' ', scopes));
        }
        else
        {
            logger.LogInformation("Install event for {InstalledAppId} was already processed; nothing changed", id);
        }
        return Task.CompletedTask;
    }
}
