namespace BlnkSliceApp.Shared.Hosting;

/// <summary>
/// Structured logs: JSON lines with scopes (request id) outside Development. The hosting
/// diagnostics category is held at Warning in code, not only in appsettings, because its
/// "Request starting" line prints the query string, where the one-time launch token travels.
/// </summary>
public static class AppLogging
{
    public static void Configure(WebApplicationBuilder builder)
    {
        if (builder.Environment.IsEnvironment(BlnkSliceAppHost.TestingEnvironment))
        {
            // Tests capture logs themselves; the console stays readable.
            builder.Logging.ClearProviders();
        }
        else if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(options =>
            {
                options.IncludeScopes = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            });
        }
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.HttpLogging", LogLevel.None);
    }
}
