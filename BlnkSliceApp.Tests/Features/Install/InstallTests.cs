using System.Text;
using BlnkSliceApp.Shared.Crypto;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;

namespace BlnkSliceApp.Tests.Features.Install;

public sealed class InstallTests(AppFactory app) : AppTests(app)
{
    [Fact]
    public async Task An_install_event_stores_an_active_install_with_its_granted_scopes()
    {
        var install = await Client.CreateInstallAsync("data:read", "alerts:write");

        var stored = App.Service<InstallDirectory>().Find(install.InstalledAppId)!;
        Assert.Equal(InstallStatus.Active, stored.Status);
        Assert.Equal(install.AppId, stored.AppId);
        Assert.Equal(install.InstanceId, stored.InstanceId);
        Assert.Equal(install.ApiKeyPrefix, stored.ApiKeyPrefix);
        Assert.Equal(["alerts:write", "data:read"], stored.GrantedPermissions);
        Assert.True(stored.InstalledAt > 0);
    }

    [Fact]
    public async Task The_install_answers_ok_true()
    {
        var response = await Client.PostAsJsonAsync("/api/callback", InstallEvent.New().Body());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"ok":true}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_api_key_is_sealed_with_the_current_key_id_and_opens_again()
    {
        var install = await Client.CreateInstallAsync();

        var directory = App.Service<InstallDirectory>();
        var stored = directory.Find(install.InstalledAppId)!;
        Assert.Equal(App.Service<SecretBox>().CurrentKeyId, stored.ApiKey!.KeyId);
        Assert.DoesNotContain(install.ApiKey, Encoding.UTF8.GetString(stored.ApiKey.Payload));
        Assert.Equal(install.ApiKey, directory.OpenApiKey(stored));
    }

    [Fact]
    public async Task The_plaintext_api_key_is_nowhere_in_the_database_files()
    {
        var install = await Client.CreateInstallAsync();
        App.Service<BlnkSliceApp.Shared.Storage.AppDatabase>().Db.Checkpoint();

        foreach (var file in Directory.GetFiles(App.DataDirectory, "*.db"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream, Encoding.Latin1);
            var raw = await reader.ReadToEndAsync();
            Assert.DoesNotContain(install.ApiKey, raw);
            Assert.DoesNotContain(install.ApiKey[8..], raw);
        }
        Assert.Contains(install.InstalledAppId, ReadAll(App.DatabasePath));
    }

    [Fact]
    public async Task A_repeated_install_event_answers_200_and_changes_nothing()
    {
        var install = await Client.CreateInstallAsync();
        var before = App.Service<InstallDirectory>().Find(install.InstalledAppId)!;
        App.Clock.Advance(TimeSpan.FromMinutes(1));

        var again = await Client.PostAsJsonAsync("/api/callback", install.Body());

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var after = App.Service<InstallDirectory>().Find(install.InstalledAppId)!;
        Assert.Equal(before.UpdatedAt, after.UpdatedAt);
        Assert.Equal(before.ApiKey!.Payload, after.ApiKey!.Payload);
    }

    [Fact]
    public async Task Fifty_identical_install_events_at_once_all_get_200_and_make_one_record()
    {
        var install = InstallEvent.New();
        using var start = new SemaphoreSlim(0);
        var sends = Enumerable.Range(0, 50).Select(async _ =>
        {
            await start.WaitAsync();
            return await Client.PostAsJsonAsync("/api/callback", install.Body());
        }).ToList();
        start.Release(50);
        var responses = await Task.WhenAll(sends);

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Single(App.Documents(InstallRecord.Collection), doc => doc["_id"].AsString == install.InstalledAppId);
        Assert.Single(App.Documents("processed_events"), doc => doc["_id"].AsString == install.IdempotencyKey);
        Assert.Single(App.Logs.Lines, line => line.Contains($"Install {install.InstalledAppId} active"));
    }

    [Fact]
    public async Task A_hundred_installs_at_once_all_get_200_and_each_is_stored_once_with_its_own_key()
    {
        var installs = Enumerable.Range(0, 100).Select(_ => InstallEvent.New()).ToList();
        using var start = new SemaphoreSlim(0);
        var sends = installs.Select(async install =>
        {
            await start.WaitAsync();
            return await Client.PostAsJsonAsync("/api/callback", install.Body());
        }).ToList();
        start.Release(installs.Count);
        var responses = await Task.WhenAll(sends);

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        var directory = App.Service<InstallDirectory>();
        Assert.All(installs, install => Assert.Equal(install.ApiKey, directory.OpenApiKey(directory.FindActive(install.InstalledAppId)!)));
        var keys = App.Documents("processed_events").Select(doc => doc["_id"].AsString).ToList();
        Assert.All(installs, install => Assert.Single(keys, key => key == install.IdempotencyKey));
    }

    [Fact]
    public async Task A_new_key_sent_twice_at_once_beside_other_installs_is_applied_once_and_the_replay_changes_nothing()
    {
        var install = await Client.CreateInstallAsync();
        var rekeyed = install with { ApiKey = $"blnk_{Guid.NewGuid():N}" };
        var others = Enumerable.Range(0, 20).Select(_ => InstallEvent.New()).ToList();
        using var start = new SemaphoreSlim(0);
        var sends = others.Select(other => other.Body()).Append(rekeyed.Body()).Append(rekeyed.Body()).Select(async body =>
        {
            await start.WaitAsync();
            return await Client.PostAsJsonAsync("/api/callback", body);
        }).ToList();
        start.Release(sends.Count);
        var responses = await Task.WhenAll(sends);

        Assert.All(responses, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        var stored = App.Service<InstallDirectory>().FindActive(install.InstalledAppId)!;
        Assert.Equal(rekeyed.ApiKey, App.Service<InstallDirectory>().OpenApiKey(stored));
        // The first event made generation 1; the new key 2, once.
        Assert.Equal(2, stored.Generation);
        Assert.All(others, other => Assert.NotNull(App.Service<InstallDirectory>().FindActive(other.InstalledAppId)));
    }

    [Fact]
    public async Task A_reinstall_after_uninstall_is_active_again_with_the_new_key_and_scopes()
    {
        var install = await Client.CreateInstallAsync("data:read");
        (await App.UninstallAsync(install, Client)).EnsureSuccessStatusCode();

        var reinstall = install with { ApiKey = $"blnk_{Guid.NewGuid():N}", GrantedPermissions = ["data:read", "data:write"] };
        var response = await Client.PostAsJsonAsync("/api/callback", reinstall.Body());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var directory = App.Service<InstallDirectory>();
        var stored = directory.FindActive(install.InstalledAppId)!;
        Assert.Equal(reinstall.ApiKey, directory.OpenApiKey(stored));
        Assert.Equal(["data:read", "data:write"], stored.GrantedPermissions);
        Assert.Null(stored.UninstalledAt);
        Assert.False(App.Service<InstallLifetimes>().TokenFor(install.InstalledAppId).IsCancellationRequested);
    }

    [Fact]
    public async Task An_unknown_scope_is_kept_on_the_record_and_enables_nothing()
    {
        var install = InstallEvent.New("data:read", "reports:read");

        var response = await Client.PostAsJsonAsync("/api/callback", install.Body());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = App.Service<InstallDirectory>().FindActive(install.InstalledAppId)!;
        Assert.Equal(["data:read", "reports:read"], stored.GrantedPermissions);
        Assert.False(stored.Has(Scopes.DataWrite));
    }

    [Fact]
    public async Task A_scope_that_is_not_a_name_is_refused_and_nothing_is_stored()
    {
        var install = InstallEvent.New("data:read", "data:write\nadmin");
        var body = install.Body();
        body["granted_permissions"] = new System.Text.Json.Nodes.JsonArray("data:read", "has space");

        var response = await Client.PostAsJsonAsync("/api/callback", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("granted_permissions", await response.Content.ReadAsStringAsync());
        Assert.Null(App.Service<InstallDirectory>().Find(install.InstalledAppId));
    }

    [Fact]
    public async Task An_install_event_cannot_move_an_active_install_to_another_instance_or_key()
    {
        var install = await Client.CreateInstallAsync("data:read");
        var session = await Client.OpenPortalSessionAsync(install);
        var hijack = install with { InstanceId = "inst_attacker", ApiKey = $"blnk_{Guid.NewGuid():N}", GrantedPermissions = ["data:read", "data:write", "alerts:write"] };

        var response = await Client.PostAsJsonAsync("/api/callback", hijack.Body());

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var stored = App.Service<InstallDirectory>().FindActive(install.InstalledAppId)!;
        Assert.Equal(install.InstanceId, stored.InstanceId);
        Assert.Equal(install.ApiKey, App.Service<InstallDirectory>().OpenApiKey(stored));
        Assert.Equal(["data:read"], stored.GrantedPermissions);
        Assert.Equal(HttpStatusCode.OK, (await Client.SendAsync(PortalPages.HtmxGet("/portal", session))).StatusCode);
    }

    [Fact]
    public async Task A_new_key_for_the_same_install_ends_the_sessions_and_links_made_with_the_old_one()
    {
        var install = await Client.CreateInstallAsync();
        var session = await Client.OpenPortalSessionAsync(install);
        var link = await Client.LaunchAsync(install);

        var rotated = install with { ApiKey = $"blnk_{Guid.NewGuid():N}" };
        (await Client.PostAsJsonAsync("/api/callback", rotated.Body())).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.SendAsync(PortalPages.HtmxGet("/portal", session))).StatusCode);
        Assert.Equal(HttpStatusCode.Gone, (await Client.GetAsync(link.PathAndQuery)).StatusCode);
    }

    [Fact]
    public async Task A_launch_link_minted_for_an_install_that_was_then_uninstalled_never_opens_the_reinstall()
    {
        var install = await Client.CreateInstallAsync();
        // What a launch read a moment before the uninstall committed.
        var seenByLaunch = App.Service<InstallDirectory>().FindActive(install.InstalledAppId)!;
        (await App.UninstallAsync(install, Client)).EnsureSuccessStatusCode();
        var lateLink = await App.Service<LaunchTokens>().CreateAsync(seenByLaunch);
        (await Client.PostAsJsonAsync("/api/callback", (install with { ApiKey = $"blnk_{Guid.NewGuid():N}" }).Body())).EnsureSuccessStatusCode();

        var response = await Client.GetAsync($"/portal/enter?token={lateLink}");

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Null(PortalPages.SessionTokenIn(await response.Content.ReadAsStringAsync()));
    }

    static string ReadAll(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream, Encoding.Latin1);
        return reader.ReadToEnd();
    }
}

public sealed class InstallRestartTests
{
    [Fact]
    public async Task Installs_and_processed_event_keys_survive_a_restart()
    {
        InstallEvent install;
        long updatedAt;
        string dataDirectory, encryptionKey, sessionSecret;
        using (var first = new AppFactory { KeepData = true })
        {
            install = await first.CreateClient().CreateInstallAsync();
            updatedAt = first.Service<InstallDirectory>().Find(install.InstalledAppId)!.UpdatedAt;
            (dataDirectory, encryptionKey, sessionSecret) = (first.DataDirectory, first.EncryptionKey, first.SessionSecret);
        }

        // A restart keeps its secrets: event fingerprints are keyed with SESSION_SECRET.
        using var second = new AppFactory { DataDirectory = dataDirectory, EncryptionKey = encryptionKey, SessionSecret = sessionSecret };
        second.Clock.Advance(TimeSpan.FromHours(1));
        var replay = await second.CreateClient().PostAsJsonAsync("/api/callback", install.Body());

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        var stored = second.Service<InstallDirectory>().FindActive(install.InstalledAppId)!;
        Assert.Equal(updatedAt, stored.UpdatedAt);
        Assert.Equal(install.ApiKey, second.Service<InstallDirectory>().OpenApiKey(stored));
    }
}
