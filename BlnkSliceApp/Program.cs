using BlnkSliceApp.Shared.Configuration;
using BlnkSliceApp.Shared.Hosting;

// The container's HEALTHCHECK: the runtime image has no curl, so the app checks itself.
if (args is ["--health-check", var url])
    return await HealthCheck.RunAsync(url);

// A sync resolves dozens of customers at once, and each briefly blocks a thread on LiteDB's
// write lock; the pool's default minimum (one per core) then grows a thread or two a second.
ThreadPool.GetMinThreads(out var workers, out var completionPorts);
ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(completionPorts, 64));

try
{
    var app = BlnkSliceAppHost.Create(args);
    await app.RunAsync();
    return 0;
}
catch (ConfigurationError error)
{
    // Start-up refuses bad configuration in words an operator can act on.
    Console.Error.WriteLine(error.Message);
    return 2;
}

// WebApplicationFactory<Program> needs a public entry point type.
public partial class Program;
