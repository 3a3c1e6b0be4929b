using BlnkSliceApp.Features.PortalDashboard;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using FastEndpoints;

namespace BlnkSliceApp.Features.Transactions.List;

/// <summary>
/// The Transactions view: the synced postings, newest first, 25 a page, filtered and searched.
/// Reads the app's own records only (no Cloud or Stripe call), so it needs no scope. A query
/// that cannot be read comes back as the form with its messages (422).
/// </summary>
public sealed class Endpoint(InstallDirectory installs, TransactionViews views) : Endpoint<Request>
{
    public override void Configure()
    {
        Get(TransactionsRoutes.Panel);
        AuthSchemes(PortalSessionAuthentication.SchemeName);
        DontThrowIfValidationFails();
    }

    public override async Task HandleAsync(Request request, CancellationToken ct)
    {
        if (await installs.ActiveOrEndAsync(HttpContext) is not { } install)
            return;
        if (ValidationFailed)
        {
            var errors = ValidationFailures
                .GroupBy(failure => FieldOf(failure.PropertyName))
                .ToDictionary(group => group.Key, group => group.First().ErrorMessage);
            await Send.ResultAsync(PortalViewResults.View<TransactionsPanel>(HttpContext, "transactions",
                new { View = views.Invalid(install, errors, request.Values()) }, StatusCodes.Status422UnprocessableEntity));
            return;
        }

        var view = views.For(install, request.ToQuery(), request.CursorValue, request.Newer, request.PageNumber, request.Values());
        await Send.ResultAsync(PortalViewResults.View<TransactionsPanel>(HttpContext, "transactions", new { View = view }));
    }

    /// <summary>The form field a failure belongs to (FastEndpoints names binding failures by the property).</summary>
    static string FieldOf(string property) =>
        Request.Fields.FirstOrDefault(field => string.Equals(field, property, StringComparison.OrdinalIgnoreCase)) ?? "q";
}
