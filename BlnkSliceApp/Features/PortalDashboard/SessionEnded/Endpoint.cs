using BlnkSliceApp.Shared.Portal;
using FastEndpoints;

namespace BlnkSliceApp.Features.PortalDashboard.SessionEnded;

/// <summary>Where a dead session is sent: explains why, and to launch again from Blnk Cloud.</summary>
public sealed class Endpoint : EndpointWithoutRequest
{
    public override void Configure()
    {
        Get(PortalRoutes.SessionEnded);
        AllowAnonymous();
    }

    public override Task HandleAsync(CancellationToken ct) =>
        Send.ResultAsync(SessionEndedReasons.Page(SessionEndedReasons.Parse(Query<string>("reason", isRequired: false))));
}
