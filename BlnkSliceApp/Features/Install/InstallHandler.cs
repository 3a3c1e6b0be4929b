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
/// no signature, so a reactivation, or a change to an active install's key or scopes, is applied
/// only when Blnk Cloud confirms it (README, "Threat model"). A new install is stored at once,
/// because Cloud cancels an install that is not confirmed in about 10 seconds; its key is checked
/// right after (<see cref="InstallKeyConfirmation"/>), and until then it gets nothing of the deployment's.
/// </summary>
public sealed class InstallHandler(
    AppDatabase database,
    ProcessedEvents events,
    EventFingerprint fingerprints,
    SecretBox box,
    InstallDirectory installs,
    InstallEventGate gate,
    ICloudKeyCheck keyCheck,
    InstallKeyConfirmation confirmation,
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
        var fingerprint = fingerprints.Of(["install", id, command.AppId, command.InstanceId, command.OrganizationId, apiKey, prefix, .. scopes]);

        // Counted from the event's arrival: the wait for the install's turn and the key checks share it.
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(InstallEventGate.EventBudget);
        using var turn = await gate.TryEnterAsync(id, budget.Token) ?? throw InstallEventGate.Busy();
        var existing = installs.Find(id);
        // Cloud never moves an install to another app or instance, live or uninstalled: such an
        // event is forged or stale, and applying it would hand this install's history to a stranger.
        if (existing is not null && (existing.AppId != command.AppId || existing.InstanceId != command.InstanceId))
        {
            logger.LogWarning("Install event for {InstalledAppId} names another app or instance than the install has; refused", id);
            throw new EventRefusedException(StatusCodes.Status409Conflict,
                "installed_app_id belongs to another app or instance; an install cannot move.");
        }
        // Only an event that needs Cloud's proof is checked for a replay first (the proof is a
        // Cloud call); for a new install the check inside the commit gives the same answer.
        if (existing is not null && events.IsReplay(command.IdempotencyKey!, fingerprint))
        {
            logger.LogInformation("Install event for {InstalledAppId} was already processed; nothing changed", id);
            return;
        }

        var change = ChangeOf(existing, apiKey, scopes);
        if (change is Change.Reactivation or Change.KeyOrScopes)
            await ProveAsync(existing!, change, apiKey, scopes, budget.Token);

        var outcome = await events.RunAsync(command.IdempotencyKey!, fingerprint, id, () =>
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
                install.KeyConfirmed = change != Change.New;
                install.KeyRefused = false;
            }
            install.AppId = command.AppId!;
            install.InstanceId = command.InstanceId!;
            install.OrganizationId = command.OrganizationId ?? install.OrganizationId;
            install.ApiKeyPrefix = prefix;
            install.Status = InstallStatus.Active;
            // A re-install on the same instance continues its data: nothing left to erase.
            install.ErasePending = false;
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
        if (change == Change.New)
            confirmation.Enqueue(id);
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
    /// The new key must work for this instance, or, for a key change, both the new key and the
    /// stored one must be unknown to Cloud (it replaced the stored key and has not yet made the new
    /// one live): an outsider can do neither. A live key of another instance proves nothing.
    /// Otherwise 403 (nothing changes) or, when Cloud cannot say, 503 so that Cloud sends the event again.
    /// </summary>
    async Task ProveAsync(InstallRecord install, Change change, string newKey, List<string> scopes, CancellationToken budget)
    {
        var fresh = await keyCheck.CheckAsync(install.InstanceId, newKey, scopes, budget);
        if (fresh == KeyVerdict.Accepted)
            return;
        if (fresh == KeyVerdict.Unreachable)
            throw Unreachable(install);

        if (change == Change.KeyOrScopes && fresh == KeyVerdict.Revoked && !install.NeedsReinstall)
        {
            var stored = await keyCheck.CheckAsync(install.InstanceId, installs.OpenApiKey(install), install.GrantedPermissions, budget);
            if (stored == KeyVerdict.Revoked)
                return;
            if (stored == KeyVerdict.Unreachable)
                throw Unreachable(install);
        }

        logger.LogWarning("Install event for {InstalledAppId} ({Change}) refused: Blnk Cloud does not confirm the new key for instance {InstanceId} ({Verdict}); nothing changed",
            install.InstalledAppId, change, install.InstanceId, fresh);
        throw new EventRefusedException(StatusCodes.Status403Forbidden, change == Change.Reactivation
            ? "Blnk Cloud does not confirm this api_key for the instance, so the install stays uninstalled."
            : "Blnk Cloud does not confirm this api_key for the instance, so the install keeps its key and permissions.");
    }

    EventRefusedException Unreachable(InstallRecord install)
    {
        logger.LogWarning("Install event for {InstalledAppId} could not be checked with Blnk Cloud; nothing changed", install.InstalledAppId);
        return new EventRefusedException(StatusCodes.Status503ServiceUnavailable,
            "Blnk Cloud could not be reached to confirm the new key; nothing changed. Send the event again.");
    }
}
