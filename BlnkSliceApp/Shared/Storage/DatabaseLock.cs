using BlnkSliceApp.Shared.Configuration;

namespace BlnkSliceApp.Shared.Storage;

/// <summary>
/// One process per database: an exclusive lock on a file beside it, held for the process's
/// life. LiteDB's own locking does not cover two processes writing the same file through
/// streams, so a second app on the same DATABASE_PATH would corrupt it; it refuses to start
/// instead. The operating system drops the lock when the process ends, even when killed.
/// </summary>
public sealed class DatabaseLock : IDisposable
{
    readonly FileStream _lock;

    DatabaseLock(FileStream held) => _lock = held;

    public string Path => _lock.Name;

    /// <summary>
    /// A holder that is exiting (a restart whose old process is still closing the file, or an
    /// app host being disposed in the same process) is waited for this long before refusing.
    /// </summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(3);

    /// <exception cref="ConfigurationError">Another process holds the database.</exception>
    public static DatabaseLock Acquire(string databasePath)
    {
        var path = System.IO.Path.GetFullPath(databasePath) + ".lock";
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var giveUpAt = Environment.TickCount64 + (long)Grace.TotalMilliseconds;
        while (true)
        {
            try
            {
                // FileShare.None takes an exclusive advisory lock (flock) on Unix.
                var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                return new DatabaseLock(stream);
            }
            catch (IOException error) when (Environment.TickCount64 < giveUpAt && IsHeldElsewhere(path, error))
            {
                Thread.Sleep(50);
            }
            catch (IOException error) when (IsHeldElsewhere(path, error))
            {
                throw Refused(path);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                // A volume mounted read-only or owned by another user: say so instead of a stack trace.
                throw new ConfigurationError("DATABASE_PATH", $"must be in a folder the app can write ({path}): {error.Message}");
            }
        }
    }

    static bool IsHeldElsewhere(string path, IOException error) =>
        File.Exists(path) && error.HResult is SharingViolation or LinuxWouldBlock or MacWouldBlock;

    static ConfigurationError Refused(string path) =>
        new("DATABASE_PATH",
            $"is in use by another BlnkSliceApp process ({path} is locked): one process per database. Stop the other process, or give this one its own DATABASE_PATH");

    // What .NET reports for a lock another process holds (Windows' code; on Unix, flock's EWOULDBLOCK);
    // a read-only or full volume fails otherwise.
    const int SharingViolation = unchecked((int)0x80070020);
    const int LinuxWouldBlock = 11;
    const int MacWouldBlock = 35;

    public void Dispose() => _lock.Dispose();
}
