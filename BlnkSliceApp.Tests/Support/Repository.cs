namespace BlnkSliceApp.Tests.Support;

public static class Repository
{
    /// <summary>The folder holding BlnkSliceApp.sln, found upwards from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "BlnkSliceApp.sln")))
                return directory.FullName;
        throw new InvalidOperationException("BlnkSliceApp.sln not found above the test binaries.");
    }
}
