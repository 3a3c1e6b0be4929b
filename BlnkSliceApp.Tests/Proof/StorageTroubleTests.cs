using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Tests.DevCloud;
using BlnkSliceApp.Tests.Support;

namespace BlnkSliceApp.Tests.Proof;

/// <summary>
/// The volume under the database fills up or turns read-only: /ready says so, Cloud's calls
/// get 503 (Cloud retries) instead of a 200 for something that was not stored, and once the
/// volume is back the database opens cleanly with nothing half-written.
/// </summary>
public sealed class StorageTroubleTests
{
    [Fact]
    public async Task A_full_disk_fails_ready_and_answers_Cloud_503_and_nothing_is_half_written()
    {
        using var volume = new SmallVolume();
        InstallEvent kept;
        var refused = InstallEvent.New();
        var encryptionKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        using (var app = new AppFactory { DataDirectory = volume.Path, KeepData = true, EncryptionKey = encryptionKey })
        {
            var client = app.CreateClient();
            kept = await client.CreateInstallAsync();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/ready")).StatusCode);
            volume.Fill();
            // /ready trusts a success for 5 s.
            await Eventually.TrueAsync(async () => (await client.GetAsync("/ready")).StatusCode == HttpStatusCode.ServiceUnavailable, 20_000);
            await AssertUnavailableAsync(await client.PostAsJsonAsync("/api/callback", refused.Body()));
            await AssertUnavailableAsync(await client.PostAsJsonAsync("/api/portal", kept.PortalBody()));
            await AssertUnavailableAsync(await client.PostAsJsonAsync("/api/callback", kept.UninstallBody()));
            volume.Free();
            await Eventually.TrueAsync(async () => (await client.GetAsync("/ready")).StatusCode == HttpStatusCode.OK, 15_000);
        }
            using var restarted = new AppFactory { DataDirectory = volume.Path, KeepData = true, EncryptionKey = encryptionKey };
        var installs = restarted.Service<InstallDirectory>();
        Assert.NotNull(installs.FindActive(kept.InstalledAppId));
        Assert.Equal(kept.ApiKey, installs.OpenApiKey(installs.FindActive(kept.InstalledAppId)!));
        Assert.Null(installs.Find(refused.InstalledAppId));
        // Cloud's retry of the refused install now lands.
            var retried = await restarted.CreateClient().PostAsJsonAsync("/api/callback", refused.Body());
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
    }

    [Fact]
    public async Task On_a_full_disk_installs_and_launches_sent_together_all_answer_503_and_none_is_stored()
    {
        using var volume = new SmallVolume();
        var encryptionKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var refused = Enumerable.Range(0, 20).Select(_ => InstallEvent.New()).ToList();
        InstallEvent kept;
        using (var app = new AppFactory { DataDirectory = volume.Path, KeepData = true, EncryptionKey = encryptionKey })
        {
            var client = app.CreateClient();
            kept = await client.CreateInstallAsync();
            volume.Fill();

            var answers = await Task.WhenAll(refused.Select(install => Task.Run(() => client.PostAsJsonAsync("/api/callback", install.Body())))
                .Concat(Enumerable.Range(0, 10).Select(_ => Task.Run(() => client.PostAsJsonAsync("/api/portal", kept.PortalBody())))));

            foreach (var answer in answers)
                await AssertUnavailableAsync(answer);
            volume.Free();
        }
        using var restarted = new AppFactory { DataDirectory = volume.Path, KeepData = true, EncryptionKey = encryptionKey };
        var installs = restarted.Service<InstallDirectory>();
        Assert.NotNull(installs.FindActive(kept.InstalledAppId));
        Assert.All(refused, install => Assert.Null(installs.Find(install.InstalledAppId)));
        Assert.Empty(restarted.Documents("launch_tokens"));
    }

    [Fact]
    public async Task On_a_read_only_volume_the_app_stops_at_start_up_naming_DATABASE_PATH_and_leaves_the_files_as_they_were()
    {
        using var volume = new SmallVolume();
        using (var app = new AppFactory { DataDirectory = volume.Path, KeepData = true })
            await app.CreateClient().CreateInstallAsync();
        var before = Hashes(volume.Path);
        volume.MakeReadOnly();

        // The app as a process (Production, as in the container): it must stop with a message, not serve.
        var info = new System.Diagnostics.ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "BlnkSliceApp.dll")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        info.Environment["DATABASE_PATH"] = Path.Combine(volume.Path, "blnkslice.db");
        info.Environment["PUBLIC_BASE_URL"] = "https://app.example.test";
        info.Environment["SESSION_SECRET"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));
        info.Environment["ENCRYPTION_KEY"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        info.Environment["BLNK_APP_ID"] = "app_stripesync";
        using var process = System.Diagnostics.Process.Start(info)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(deadline.Token);

        Assert.Equal(2, process.ExitCode);
        var message = await errors + await output;
        Assert.Contains("DATABASE_PATH", message);
        Assert.Contains(volume.Path, message);
        Assert.DoesNotContain("   at ", message);
        // Not mistaken for the one-process lock: the lock file exists but could not be opened for writing.
        Assert.DoesNotContain("in use by another", message);
        volume.MakeWritable();
        Assert.Equal(before, Hashes(volume.Path));
    }

    static Dictionary<string, string> Hashes(string directory) => Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
        .ToDictionary(file => Path.GetRelativePath(directory, file), file => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file))));

    static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"expected 503, got {(int)response.StatusCode}: {body}");
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.False(string.IsNullOrWhiteSpace(JsonNode.Parse(body)?["detail"]?.GetValue<string>()));
    }
}
