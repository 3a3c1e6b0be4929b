using System.Diagnostics;

namespace BlnkSliceApp.Tests.Proof;

/// <summary>
/// A tmpfs of a few MiB mounted for one test: filled to the last byte for "disk full", or
/// remounted read-only (once nothing holds a file open) for "read-only volume". Needs root,
/// as CI and the developers' machines have.
/// </summary>
public sealed class SmallVolume : IDisposable
{
    public string Path { get; }
    string FillerPath => System.IO.Path.Combine(Path, "filler");

    public SmallVolume(int megabytes = 16)
    {
        Path = Directory.CreateTempSubdirectory("blnkslice-volume-").FullName;
        Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", Path);
    }

    /// <summary>Writes a file until the volume has no byte left.</summary>
    public void Fill()
    {
        using var filler = new FileStream(FillerPath, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        var block = new byte[64 * 1024];
        try
        {
            while (true) filler.Write(block);
        }
        catch (IOException)
        {
            // The volume is full; shrink the block to take the last bytes too.
            foreach (var size in new[] { 4096, 512, 1 })
            {
                try { while (true) filler.Write(block, 0, size); }
                catch (IOException) { }
            }
        }
    }

    public void Free() => File.Delete(FillerPath);

    public void MakeReadOnly() => Run("mount", "-o", "remount,ro", Path);
    public void MakeWritable() => Run("mount", "-o", "remount,rw", Path);

    static void Run(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed (the storage tests need root to mount a tmpfs): {error}");
    }

    public void Dispose()
    {
        try { Run("umount", "-l", Path); } catch (InvalidOperationException) { }
        try { Directory.Delete(Path); } catch (IOException) { }
    }
}
