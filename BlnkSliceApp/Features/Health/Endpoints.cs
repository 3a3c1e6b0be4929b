using BlnkSliceApp.Shared.Storage;
using FastEndpoints;

namespace BlnkSliceApp.Features.Health;

/// <summary>Liveness: the process answers.</summary>
public sealed class Live : EndpointWithoutRequest
{
    public override void Configure()
    {
        Get("/health");
        AllowAnonymous();
    }

    public override Task HandleAsync(CancellationToken ct) => Send.OkAsync(new { status = "alive" }, ct);
}

/// <summary>Readiness: the database is open and a write reaches it.</summary>
public sealed class Ready(AppDatabase database) : EndpointWithoutRequest
{
    public override void Configure()
    {
        Get("/ready");
        AllowAnonymous();
    }

    public override Task HandleAsync(CancellationToken ct) =>
        database.CanWrite()
            ? Send.OkAsync(new { status = "ready" }, ct)
            : Send.ResultAsync(Results.Json(new { status = "database not writable" }, statusCode: StatusCodes.Status503ServiceUnavailable));
}
