using System.Diagnostics;

namespace BlnkSliceApp.DevCloud.Hosting;

/// <summary>
/// The app as it ships: <c>dotnet publish -c Release</c> into a temporary folder, as the
/// Dockerfile does (ReadyToRun, see BlnkSliceApp.csproj), or the build <c>--app</c> names.
/// Disposing removes what was published.
/// </summary>
public sealed class PublishedApp : IDisposable
{
    PublishedApp(string dll, bool ownsFolder)
    {
        Dll = dll;
        _ownsFolder = ownsFolder;
    }

    readonly bool _ownsFolder;

    public string Dll { get; }

    public static async Task<PublishedApp> FromArgsAsync(string[] args, string purpose)
    {
        var appIndex = Array.IndexOf(args, "--app");
        if (appIndex >= 0 && appIndex + 1 < args.Length)
        {
            var named = Path.GetFullPath(args[appIndex + 1]);
            return File.Exists(named)
                ? new PublishedApp(named, ownsFolder: false)
                : throw new FileNotFoundException($"--app names {named}, which does not exist: publish the app there first (dotnet publish BlnkSliceApp -c Release -o <folder>)", named);
        }
        return new PublishedApp(await PublishAsync(purpose), ownsFolder: true);
    }

    static async Task<string> PublishAsync(string purpose)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "BlnkSliceApp.sln")))
            root = root.Parent;
        if (root is null)
            throw new DirectoryNotFoundException($"Run the {purpose} from the repository, or name the app with --app.");
        var output = Directory.CreateTempSubdirectory($"blnkslice-{purpose}-app-").FullName;
        Console.WriteLine($"Publishing the app (Release, as the Dockerfile does) into {output} ...");
        using var publish = Process.Start(new ProcessStartInfo("dotnet",
            ["publish", Path.Combine(root.FullName, "BlnkSliceApp", "BlnkSliceApp.csproj"), "-c", "Release", "-o", output, "--nologo", "-v", "quiet"]))!;
        await publish.WaitForExitAsync();
        if (publish.ExitCode != 0)
            throw new InvalidOperationException($"dotnet publish failed with exit code {publish.ExitCode}");
        return Path.Combine(output, "BlnkSliceApp.dll");
    }

    public void Dispose()
    {
        if (_ownsFolder)
            Directory.Delete(Path.GetDirectoryName(Dll)!, recursive: true);
    }
}
