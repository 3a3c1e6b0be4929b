using System.Security.Cryptography;
using BlnkSliceApp.Shared.Hosting;
using LiteDB;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;

namespace BlnkSliceApp.Tests.Support;

/// <summary>
/// The app over its own temporary database, fixed secrets, a hand-moved clock and captured
/// logs. One per test class (IClassFixture) or per test where state must be fresh.
/// </summary>
public class AppFactory : WebApplicationFactory<Program>
{
    public string DataDirectory { get; init; } = Directory.CreateTempSubdirectory("blnkslice-test-").FullName;

    /// <summary>Leave the data behind on dispose, for a second app over the same files (a restart).</summary>
    public bool KeepData { get; init; }
    public string DatabasePath => Path.Combine(DataDirectory, "blnkslice.db");
    public string SessionSecret { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48));
    public string EncryptionKey { get; init; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    public TestClock Clock { get; } = new();

    /// <summary>What Cloud says of API keys (this factory has no Cloud): minted unless told, revoked before an uninstall.</summary>
    public TestCloudKeys CloudKeys { get; } = new();
    public LogCapture Logs { get; } = new();

    /// <summary>Extra settings (environment variable names), applied last.</summary>
    public Dictionary<string, string?> Settings { get; init; } = new();
    public string Environment { get; init; } = BlnkSliceAppHost.TestingEnvironment;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        builder.UseSetting("DATABASE_PATH", DatabasePath);
        builder.UseSetting("SESSION_SECRET", SessionSecret);
        builder.UseSetting("ENCRYPTION_KEY", EncryptionKey);
        builder.UseSetting("PUBLIC_BASE_URL", "https://app.example.test");
        builder.UseSetting("SYNC_INTERVAL_MINUTES", "0");
        builder.UseSetting("RateLimits:CloudPerMinute", "100000");
        builder.UseSetting("RateLimits:PortalEnterPerMinute", "100000");
        builder.UseSetting("RateLimits:PortalPostsPerSessionPerMinute", "100000");
        foreach (var (name, value) in Settings)
            builder.UseSetting(name, value);

        builder.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<BlnkSliceApp.Shared.Installs.ICloudKeyCheck>(CloudKeys);
        });
    }

    /// <summary>Reads a collection straight from the app's live database.</summary>
    public List<BsonDocument> Documents(string collection) =>
        Services.GetRequiredService<BlnkSliceApp.Shared.Storage.AppDatabase>().Db.GetCollection(collection).FindAll().ToList();

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Uninstalls as Cloud does: the key is revoked first, then the event is sent.</summary>
    public Task<HttpResponseMessage> UninstallAsync(InstallEvent install, HttpClient? client = null, DateTimeOffset? at = null)
    {
        CloudKeys.Revoke(install.ApiKey);
        return (client ?? CreateClient()).PostAsJsonAsync("/api/callback", install.UninstallBody(at));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (KeepData) return;
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}
