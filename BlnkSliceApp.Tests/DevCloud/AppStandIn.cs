using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;

namespace BlnkSliceApp.Tests.DevCloud;

/// <summary>
/// Stands where the app would be, to make installs fail on purpose: it answers the callback
/// with a chosen status, or holds it until disposed (longer than any answer timeout).
/// This is not a second emulator: Cloud is still DevCloud; only the app misbehaves.
/// </summary>
public sealed class AppStandIn : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly CancellationTokenSource _stopping = new();

    AppStandIn(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = default!;

    public static async Task<AppStandIn> StartAsync(int? status, bool hang = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var standIn = new AppStandIn(app);
        app.MapPost("/api/callback", async (HttpContext context) =>
        {
            if (hang)
            {
                try { await Task.Delay(Timeout.Infinite, standIn._stopping.Token); }
                catch (OperationCanceledException) { }
            }
            context.Response.StatusCode = status ?? 200;
        });
        await app.StartAsync();
        standIn.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return standIn;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }
}
