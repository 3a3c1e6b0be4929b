using System.Diagnostics;

namespace BlnkSliceApp.Tests.Delivery;

/// <summary>No Docker engine runs here, so the Dockerfile's steps are proven another way.</summary>
public sealed class PublishedAppTests
{
    [Fact]
    public async Task The_app_published_as_the_Dockerfile_does_starts_in_production_answers_ready_and_a_second_process_on_its_database_exits_non_zero()
    {
        var script = Path.Combine(Repository.Root, "scripts", "smoke-published.sh");
        using var process = Process.Start(new ProcessStartInfo("bash", [script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Repository.Root,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await process.WaitForExitAsync(deadline.Token);

        Assert.True(process.ExitCode == 0, $"{await output}\n{await errors}");
        Assert.Contains("/ready answered", await output);
        Assert.Contains("second process on the same database: refused with exit code", await output);
    }

    [Fact]
    public void The_Dockerfile_runs_as_non_root_with_a_data_volume_and_a_health_check()
    {
        var dockerfile = File.ReadAllText(Path.Combine(Repository.Root, "Dockerfile"));

        Assert.Contains("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", dockerfile);
        Assert.Contains("FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime", dockerfile);
        Assert.Contains("USER app", dockerfile);
        Assert.Contains("DATABASE_PATH=/data/blnkslice.db", dockerfile);
        Assert.Contains("VOLUME [\"/data\"]", dockerfile);
        Assert.Contains("EXPOSE 8080", dockerfile);
        Assert.Contains("--health-check", dockerfile);
        Assert.DoesNotContain("DevCloud", dockerfile.Replace("DevCloud and the tests are not in the image", ""));
    }
}
