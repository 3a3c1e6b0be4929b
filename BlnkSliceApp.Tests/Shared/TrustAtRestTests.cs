using System.Security.Cryptography;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using BlnkSliceApp.Shared.Stripe;
using BlnkSliceApp.Tests.Features.SyncNow;

namespace BlnkSliceApp.Tests.Shared;

/// <summary>Issue 10: what Cloud sends is accepted as sent, and stored secrets or a restart never lock the app up.</summary>
public sealed class TrustAtRestTests
{
    [Fact]
    public async Task A_prefix_that_is_the_whole_key_or_longer_than_32_characters_is_kept_and_logged_as_its_first_12()
    {
        using var app = new AppFactory();
        var client = app.CreateClient();
        var whole = InstallEvent.New();
        var wholeBody = whole.Body();
        wholeBody["api_key_prefix"] = whole.ApiKey;
        var longer = InstallEvent.New();
        var longerBody = longer.Body();
        longerBody["api_key_prefix"] = "blnk_prefix_" + new string('p', 30);

        (await client.PostAsJsonAsync("/api/callback", wholeBody)).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("/api/callback", longerBody)).EnsureSuccessStatusCode();

        var directory = app.Service<InstallDirectory>();
        Assert.Equal(whole.ApiKey[..12], directory.Find(whole.InstalledAppId)!.ApiKeyPrefix);
        Assert.Equal("blnk_prefix_", directory.Find(longer.InstalledAppId)!.ApiKeyPrefix);
        Assert.DoesNotContain(app.Logs.Lines, line => line.Contains(whole.ApiKey[12..]));
    }

    [Fact]
    public async Task A_prefix_that_is_not_the_start_of_the_key_is_stored_as_given()
    {
        using var app = new AppFactory();
        var install = InstallEvent.New() with { ApiKey = "blnk_live_replace_with_real_key" };
        var body = install.Body();
        body["api_key_prefix"] = "blnk_live_abcd";

        var response = await app.CreateClient().PostAsJsonAsync("/api/callback", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("blnk_live_abcd", app.Service<InstallDirectory>().Find(install.InstalledAppId)!.ApiKeyPrefix);
    }

    [Fact]
    public async Task A_new_encryption_key_without_the_previous_one_marks_the_install_for_reinstall_and_the_app_keeps_serving()
    {
        InstallEvent install;
        string dataDirectory;
        using (var before = new AppFactory { KeepData = true })
        {
            install = await before.CreateClient().CreateInstallAsync();
            dataDirectory = before.DataDirectory;
        }

        using var after = new AppFactory { EncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), DataDirectory = dataDirectory };
        var client = after.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/ready")).StatusCode);
        var stored = after.Service<InstallDirectory>().Find(install.InstalledAppId)!;
        Assert.True(stored.NeedsReinstall);
        Assert.Contains(after.Logs.Lines, line => line.Contains(install.InstalledAppId) && line.Contains("needs a re-install"));
        var session = await client.OpenPortalSessionAsync(install);
        var home = await (await client.SendAsync(PortalPages.HtmxGet("/portal", session))).Content.ReadAsStringAsync();
        Assert.Contains("cannot be decrypted", PortalRequests.TestIdText(home, "needs-reinstall"));
        var other = await client.CreateInstallAsync();
        Assert.True(after.Service<InstallDirectory>().FindUsable(other.InstalledAppId) is not null);
        Assert.Null(after.Service<InstallDirectory>().FindUsable(install.InstalledAppId));

        // Cloud's next install event for it (a reinstall with a live key) repairs it.
        var reinstall = install with { ApiKey = $"blnk_{Guid.NewGuid():N}" };
        (await client.PostAsJsonAsync("/api/callback", reinstall.Body())).EnsureSuccessStatusCode();
        Assert.NotNull(after.Service<InstallDirectory>().FindUsable(install.InstalledAppId));
    }

    [Fact]
    public async Task A_damaged_sealed_key_marks_only_its_install_and_the_app_still_starts()
    {
        InstallEvent damaged, healthy;
        string dataDirectory, encryptionKey;
        using (var before = new AppFactory { KeepData = true })
        {
            damaged = await before.CreateClient().CreateInstallAsync();
            healthy = await before.CreateClient().CreateInstallAsync();
            var installs = before.Service<BlnkSliceApp.Shared.Storage.AppDatabase>().Collection<InstallRecord>(InstallRecord.Collection);
            var record = installs.FindById(damaged.InstalledAppId);
            record.ApiKey!.Payload[^1] ^= 0xFF;
            installs.Update(record);
            (dataDirectory, encryptionKey) = (before.DataDirectory, before.EncryptionKey);
        }

        using var after = new AppFactory { EncryptionKey = encryptionKey, DataDirectory = dataDirectory };

        Assert.Equal(HttpStatusCode.OK, (await after.CreateClient().GetAsync("/ready")).StatusCode);
        Assert.True(after.Service<InstallDirectory>().Find(damaged.InstalledAppId)!.NeedsReinstall);
        Assert.Equal(healthy.ApiKey, after.Service<InstallDirectory>().OpenApiKey(after.Service<InstallDirectory>().FindUsable(healthy.InstalledAppId)!));
    }

    [Fact]
    public async Task Expired_sessions_and_launch_links_are_pruned()
    {
        using var app = new AppFactory();
        var client = app.CreateClient();
        var install = await client.CreateInstallAsync();
        await client.OpenPortalSessionAsync(install);
        await client.LaunchAsync(install);
        Assert.NotEmpty(app.Documents(PortalSessionRecord.Collection));
        Assert.NotEmpty(app.Documents(LaunchTokenRecord.Collection));

        app.Clock.Advance(TimeSpan.FromMinutes(app.Service<BlnkSliceApp.Shared.Configuration.AppSettings>().PortalSessionMinutes) + TimeSpan.FromHours(2));
        var pruned = app.Service<PortalHousekeeping>().PruneNow();

        Assert.Equal((1, 2), pruned);
        Assert.Empty(app.Documents(PortalSessionRecord.Collection));
        Assert.Empty(app.Documents(LaunchTokenRecord.Collection));
        Assert.Contains(app.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>(), service => service is PortalHousekeeping);
    }

    [Fact]
    public async Task A_session_that_posts_too_often_gets_a_readable_429_and_the_action_does_not_run()
    {
        using var app = new AppFactory { Settings = { ["RateLimits:PortalPostsPerSessionPerMinute"] = "3" } };
        var client = app.CreateClient();
        var install = await client.CreateInstallAsync();
        var session = await client.OpenPortalSessionAsync(install);
        var other = await client.OpenPortalSessionAsync(install);
        var form = new Dictionary<string, string> { ["secret_key"] = "hello" };

        for (var i = 0; i < 3; i++)
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.SendAsync(PortalRequests.HtmxPost("/portal/stripe", session, form))).StatusCode);
        var refused = await client.SendAsync(PortalRequests.HtmxPost("/portal/stripe", session, form));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("portal session", await refused.Content.ReadAsStringAsync());
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.SendAsync(PortalRequests.HtmxPost("/portal/stripe", other, form))).StatusCode);
    }
}
