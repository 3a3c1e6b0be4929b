using System.Security.Cryptography;
using System.Text;
using BlnkSliceApp.Shared.Crypto;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using BlnkSliceApp.Shared.Storage;
using FastEndpoints;
using FluentValidation;

namespace BlnkSliceApp.Features.Install;

/// <summary>
/// Stores a new install with its API key sealed (AES-256-GCM), reactivates an uninstalled one on
/// the same instance, or applies a new key or granted set to an active one. The callback carries
/// no signature, so a change to an active install's key or scopes is applied only when Blnk Cloud
/// confirms it (README, "Threat model"); a new install is stored at once, because Cloud cancels
/// an install that is not confirmed in about 10 seconds.
/// </summary>
public sealed class InstallHandler(
    AppDatabase database,
    ProcessedEvents events,
    SecretBox box,
    InstallDirectory installs,
    InstallEventGate gate,
    ICloudKeyCheck keyCheck,
    InstallLifetimes lifetimes,
    PortalSessions sessions,
    LaunchTokens launchTokens,
    TimeProvider time,
    ILogger<InstallHandler> logger) : ICommandHandler<InstallCommand>
{
    static readonly InstallCommand.Validator Validator = new();

    enum Change { New, Reactivation, Unchanged, KeyOrScopes }

    public async Task ExecuteAsync(InstallCommand command, CancellationToken ct)
    {
        var validation = Validator.Validate(command);
        if (!validation.IsValid)
            throw new ValidationFailureException(validation.Errors, "Invalid install event.");

        var id = command.InstalledAppId!;
        var apiKey = command.ApiKey!;
        var scopes = Scopes.Normalized(command.GrantedPermissions!);
        var prefix = ApiKeyPrefixes.Stored(command.ApiKeyPrefix, apiKey);
        var fingerprint = EventFingerprint.Of(["install", id, command.AppId, command.InstanceId, command.OrganizationId, apiKey, prefix, .. scopes]);

        using var _ = await gate.EnterAsync(id, ct);
        var existing = installs.Find(id);
        // Cloud never moves an install to another app or instance, live or uninstalled: such an
        // event is forged or stale, and applying it would hand this install's history to a stranger.
        if (existing is not null && (existing.AppId != command.AppId || existing.InstanceId != command.InstanceId))
        {
            logger.LogWarning("Install event for {InstalledAppId} names another app or instance than the install has; refused", id);
            throw new EventRefusedException(StatusCodes.Status409Conflict,
                "installed_app_id belongs to another app or instance; an install cannot move.");
        }
        if (events.IsReplay(command.IdempotencyKey!, fingerprint))
        {
            logger.LogInformation("Install event for {InstalledAppId} was already processed; nothing changed", id);
            return;
        }

        var change = ChangeOf(existing, apiKey, scopes);
        if (change == Change.KeyOrScopes)
            await ProveAsync(existing!, apiKey, ct);

        var outcome = events.Run(command.IdempotencyKey!, fingerprint, id, () =>
        {
            var records = database.Collection<InstallRecord>(InstallRecord.Collection);
            var found = records.FindById(id);
            // Another event for this install cannot have slipped in (the gate), but the check is cheap.
            if (ChangeOf(found, apiKey, scopes) != change)
                return EventOutcome.Refused;
            var install = found ?? new InstallRecord { InstalledAppId = id };

            var now = UnixMs.From(time.GetUtcNow());
            if (change is Change.New or Change.Reactivation)
                install.InstalledAt = now;
            if (change != Change.Unchanged)
            {
                install.Generation++;
                sessions.RevokeAll(id);
                launchTokens.RevokeAll(id);
                install.ApiKey = box.Seal(apiKey, InstallRecord.KeyContext(id));
                install.GrantedPermissions = scopes;
                install.NeedsReinstall = false;
            }
            install.AppId = command.AppId!;
            install.InstanceId = command.InstanceId!;
            install.OrganizationId = command.OrganizationId ?? install.OrganizationId;
            install.ApiKeyPrefix = prefix;
            install.Status = InstallStatus.Active;
            install.UninstalledAt = null;
            install.UpdatedAt = now;
            records.Upsert(install);
            return EventOutcome.Applied;
        });

        if (outcome == EventOutcome.Refused)
            throw new EventRefusedException(StatusCodes.Status409Conflict, "The install changed while this event was handled; send it again.");
        if (outcome != EventOutcome.Applied)
        {
            logger.LogInformation("Install event for {InstalledAppId} was already processed; nothing changed", id);
            return;
        }

        lifetimes.Begin(id);
        logger.LogInformation("Install {InstalledAppId} active on instance {InstanceId} with key {ApiKeyPrefix}… and scopes {Scopes} ({Change})",
            id, command.InstanceId, prefix, string.Join(' ', scopes), change);
    }

    Change ChangeOf(InstallRecord? install, string apiKey, List<string> scopes)
    {
        if (install is null)
            return Change.New;
        if (!install.IsActive)
            return Change.Reactivation;
        if (install.NeedsReinstall)
            return Change.KeyOrScopes;
        var sameKey = CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(installs.OpenApiKey(install)), Encoding.UTF8.GetBytes(apiKey));
        return sameKey && install.GrantedPermissions.SequenceEqual(scopes, StringComparer.Ordinal) ? Change.Unchanged : Change.KeyOrScopes;
    }

    /// <summary>
    /// The new key must work for this instance, or the stored one must have stopped working
    /// (Cloud replaced it): an outsider can do neither. Otherwise 403 (nothing changes) or, when
    /// Cloud cannot say, 503 so that Cloud sends the event again.
    /// </summary>
    async Task ProveAsync(InstallRecord install, string newKey, CancellationToken ct)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(InstallEventGate.ProofBudget);

        var fresh = await keyCheck.CheckAsync(install.InstanceId, newKey, budget.Token);
        if (fresh == KeyVerdict.Accepted)
            return;
        if (fresh == KeyVerdict.Unreachable)
            throw Unreachable(install);

        if (!install.NeedsReinstall)
        {
            var stored = await keyCheck.CheckAsync(install.InstanceId, installs.OpenApiKey(install), budget.Token);
            if (stored == KeyVerdict.Revoked)
                return;
            if (stored == KeyVerdict.Unreachable)
                throw Unreachable(install);
        }

        logger.LogWarning("Install event for {InstalledAppId} would change its key or scopes, but Blnk Cloud does not confirm the new key for instance {InstanceId} ({Verdict}); refused, nothing changed",
            install.InstalledAppId, install.InstanceId, fresh);
        throw new EventRefusedException(StatusCodes.Status403Forbidden,
            "Blnk Cloud does not confirm this api_key for the instance, so the install keeps its key and permissions.");
    }

    EventRefusedException Unreachable(InstallRecord install)
    {
        logger.LogWarning("Install event for {InstalledAppId} could not be checked with Blnk Cloud; nothing changed", install.InstalledAppId);
        return new EventRefusedException(StatusCodes.Status503ServiceUnavailable,
            "Blnk Cloud could not be reached to confirm the new key; nothing changed. Send the event again.");
    }
}
