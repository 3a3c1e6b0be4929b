namespace BlnkSliceApp.Tests.Support;

/// <summary>
/// Every file the app keeps in its data folder (database, log, keys), read as raw bytes while
/// the app runs: what an attacker with a copy of the volume would see. The lock file is empty
/// and held exclusively by the running app, so it is left out.
/// </summary>
public static class DataFiles
{
    public static IReadOnlyList<(string Path, byte[] Bytes)> Read(string directory) =>
        Directory.GetFiles(directory, "*", SearchOption.AllDirectories)
            .Where(file => !file.EndsWith(".lock", StringComparison.Ordinal))
            .Select(file =>
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                return (file, memory.ToArray());
            })
            .ToList();

    /// <summary>Where the text occurs first (file and the readable bytes around it), for a failure message; null when nowhere.</summary>
    public static string? Where(string directory, string text)
    {
        var needle = System.Text.Encoding.UTF8.GetBytes(text);
        foreach (var (path, bytes) in Read(directory))
        {
            var at = bytes.AsSpan().IndexOf(needle);
            if (at < 0) continue;
            var from = Math.Max(0, at - 150);
            var around = System.Text.Encoding.Latin1.GetString(bytes, from, Math.Min(bytes.Length - from, 300 + needle.Length));
            return $"{Path.GetFileName(path)} @{at}: {new string(around.Select(c => char.IsControl(c) ? '.' : c).ToArray())}";
        }
        return null;
    }

    /// <summary>How many times the text occurs in the files, as UTF-8.</summary>
    public static int Occurrences(string directory, string text)
    {
        var needle = System.Text.Encoding.UTF8.GetBytes(text);
        var count = 0;
        foreach (var (_, bytes) in Read(directory))
            for (var at = bytes.AsSpan().IndexOf(needle); at >= 0;)
            {
                count++;
                var next = bytes.AsSpan(at + 1).IndexOf(needle);
                at = next < 0 ? -1 : at + 1 + next;
            }
        return count;
    }
}
