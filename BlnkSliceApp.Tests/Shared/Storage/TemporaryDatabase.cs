using BlnkSliceApp.Shared.Configuration;
using BlnkSliceApp.Shared.Storage;

namespace BlnkSliceApp.Tests.Shared.Storage;

/// <summary>An app database of its own in a fresh directory, for tests of storage pieces without the whole app.</summary>
public sealed class TemporaryDatabase : IDisposable
{
    readonly string _directory;

    public TemporaryDatabase(string name)
    {
        _directory = Directory.CreateTempSubdirectory($"blnkslice-{name}-").FullName;
        var path = Path.Combine(_directory, "app.db");
        Settings = SettingsFor(path);
        Database = new AppDatabase(Settings, DatabaseLock.Acquire(path));
    }

    public AppSettings Settings { get; }
    public AppDatabase Database { get; }

    /// <summary>Settings with every required value, the database at <paramref name="databasePath"/>.</summary>
    public static AppSettings SettingsFor(string databasePath) => new()
    {
        PublicBaseUrl = new Uri("http://localhost"), DatabasePath = databasePath, SessionSecret = new byte[32], EncryptionKey = new byte[32],
        FrameAncestors = "'self'", PortalSessionMinutes = 30, CloudAllowedIps = [], TrustedProxies = [],
        BlnkCloudApiUrl = new Uri("http://localhost"), StripeApiBase = new Uri("http://localhost"), SyncIntervalMinutes = 0, SyncBackfillDays = 90,
    };

    public void Dispose()
    {
        Database.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
