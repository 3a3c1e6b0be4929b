using BlnkSliceApp.Features.Transactions;
using BlnkSliceApp.Shared.Cloud;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync.Alerts;
using BlnkSliceApp.Shared.Sync.Store;
using FastEndpoints;
using Htmx;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BlnkSliceApp.Features.Alerts.Flag;

/// <summary>
/// Flags a synced posting for review (alerts:write): an alert in Blnk Cloud on the posting's
/// ledger transaction, named and described by Stripe ids, amount and category (never a
/// customer's details), and kept in the app's alert log. One alert per posting: while it is
/// open, flagging again answers with the existing one; two requests at once raise one.
/// The answer is a sentence for the Transactions view's action area.
/// </summary>
public sealed class Endpoint(InstallDirectory installs, ReviewFlags flags, AlertLinks links, CloudClients clouds, TimeProvider time,
    ILogger<Endpoint> logger) : Endpoint<Request>
{
    public override void Configure()
    {
        Post(AlertsRoutes.Flag);
        AuthSchemes(PortalSessionAuthentication.SchemeName);
        AllowFormData(urlEncoded: true);
        DontThrowIfValidationFails();
    }

    public override async Task HandleAsync(Request request, CancellationToken ct)
    {
        if (await installs.ActiveOrEndAsync(HttpContext) is not { } install)
            return;
        if (!install.Has(Shared.Installs.Scopes.AlertsWrite))
        {
            await RefuseAsync(StatusCodes.Status403Forbidden,
                $"Nothing was flagged: flagging a posting for review needs the {Shared.Installs.Scopes.AlertsWrite} permission. An admin can reinstall the app in Blnk Cloud and grant it.");
            return;
        }
        if (ValidationFailed)
        {
            await RefuseAsync(StatusCodes.Status422UnprocessableEntity, $"Nothing was flagged: {ValidationFailures[0].ErrorMessage}");
            return;
        }

        var reference = request.Reference!;
        using var held = await flags.LockAsync(install.InstalledAppId, reference, ct);
        if (flags.Posting(install.InstalledAppId, reference) is not { } item)
        {
            await RefuseAsync(StatusCodes.Status404NotFound, "Nothing was flagged: this install has no posting with that reference.");
            return;
        }
        if (flags.OpenFlag(install.InstalledAppId, reference) is { } open)
        {
            await AnswerAsync($"Already flagged for review: {open.Title}.", open.CloudAlertId);
            return;
        }
        if (!ReviewFlags.CanBeFlagged(item))
        {
            await RefuseAsync(StatusCodes.Status422UnprocessableEntity,
                "Nothing was flagged: this posting is not in the ledger, so Blnk Cloud has no transaction to hang an alert on. Refused and waiting postings are listed in Repair.");
            return;
        }

        var title = $"Review: {TransactionText.Amount(item)} {item.Category.Replace('_', ' ')} ({item.BalanceTransactionId})";
        var description = $"Flagged for review from the Stripe sync's Transactions view. Ledger reference {item.Reference}, Stripe balance transaction "
            + $"{item.BalanceTransactionId}, reporting category {item.Category}, created {DateTimeOffset.FromUnixTimeSeconds(item.Created):yyyy-MM-dd HH:mm} UTC.";
        CloudAlert alert;
        try
        {
            alert = await clouds.For(install).FlagAlertAsync(item.TransactionId!, title, description, ct);
        }
        catch (CloudCallException error)
        {
            await RefuseAsync(error.Status is >= 400 and < 500 ? error.Status.Value : StatusCodes.Status502BadGateway, error.OutcomeUnknown
                ? $"Blnk Cloud did not confirm the flag, so it may or may not have been raised: look in Alerts before flagging again. {error.Message}"
                : $"Nothing was flagged. {error.Message}");
            return;
        }

        var now = UnixMs.From(time.GetUtcNow());
        flags.Save(new RaisedAlertRecord
        {
            Id = SyncAlerts.IdFor(install.InstalledAppId, RaisedAlertKind.FlaggedForReview, reference),
            InstalledAppId = install.InstalledAppId,
            Kind = RaisedAlertKind.FlaggedForReview,
            Subject = reference,
            Title = title,
            Description = description,
            CloudAlertId = alert.AlertId,
            RaisedAt = now,
            UpdatedAt = now,
        });
        logger.LogInformation("Install {InstalledAppId}: posting {Reference} flagged for review as alert {AlertId}", install.InstalledAppId, reference, alert.AlertId);
        HttpContext.Response.Htmx(h => h.WithTrigger(PortalEvents.AlertsChanged));
        await AnswerAsync($"Flagged for review in Blnk Cloud: {title}.", alert.AlertId);
    }

    Task AnswerAsync(string message, string? alertId) =>
        Send.ResultAsync(new RazorComponentResult<FlagAnswer>(new { Message = message, AlertLink = alertId is null ? null : links.For(alertId) }));

    Task RefuseAsync(int status, string error) =>
        Send.ResultAsync(new RazorComponentResult<FlagAnswer>(new { Error = error }) { StatusCode = status });
}
