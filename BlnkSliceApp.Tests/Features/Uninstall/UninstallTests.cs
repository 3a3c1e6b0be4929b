using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Stripe;

namespace BlnkSliceApp.Tests.Features.Uninstall;

public sealed class UninstallTests(AppFactory app) : AppTests(app)
{
    [Fact]
    public async Task Uninstall_marks_the_install_uninstalled_and_deletes_its_key()
    {
        var install = await Client.CreateInstallAsync();
        var at = DateTimeOffset.Parse("2026-04-21T12:00:00Z");

        var response = await App.UninstallAsync(install, Client, at);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = App.Service<InstallDirectory>().Find(install.InstalledAppId)!;
        Assert.Equal(InstallStatus.Uninstalled, stored.Status);
        Assert.Equal(at.ToUnixTimeMilliseconds(), stored.UninstalledAt);
        Assert.Null(stored.ApiKey);
        Assert.Null(App.Service<InstallDirectory>().FindActive(install.InstalledAppId));
    }

    [Fact]
    public async Task Uninstall_deletes_the_Stripe_key_entered_for_the_install()
    {
        var install = await Client.CreateInstallAsync();
        var keys = App.Service<StripeKeys>();
        keys.Save(install.InstalledAppId, "sk_test_" + new string('x', 24) + "4242", "acct_uninstall", live: false);
        Assert.True(keys.HasOwnKey(install.InstalledAppId));

        var response = await App.UninstallAsync(install, Client);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(keys.HasOwnKey(install.InstalledAppId));
    }

    [Fact]
    public async Task Uninstall_revokes_every_portal_session_and_unused_launch_link()
    {
        var install = await Client.CreateInstallAsync();
        var session = await Client.OpenPortalSessionAsync(install);
        var unusedLink = await Client.LaunchAsync(install);

        (await App.UninstallAsync(install, Client)).EnsureSuccessStatusCode();

        var fragment = await Client.SendAsync(PortalPages.HtmxGet("/portal", session));
        Assert.Equal(HttpStatusCode.Unauthorized, fragment.StatusCode);
        Assert.Contains("/portal/session-ended", fragment.Headers.GetValues("HX-Redirect").Single());
        var entry = await Client.GetAsync(unusedLink.PathAndQuery);
        Assert.Equal(HttpStatusCode.Gone, entry.StatusCode);
        Assert.Null(PortalPages.SessionTokenIn(await entry.Content.ReadAsStringAsync()));
        Assert.All(App.Documents("portal_sessions").Where(doc => doc["InstalledAppId"] == install.InstalledAppId),
            doc => Assert.False(doc["RevokedAt"].IsNull));
    }

    [Fact]
    public async Task Uninstall_cancels_the_installs_background_work_before_answering()
    {
        var install = await Client.CreateInstallAsync();
        var work = App.Service<InstallLifetimes>().TokenFor(install.InstalledAppId);

        (await App.UninstallAsync(install, Client)).EnsureSuccessStatusCode();

        Assert.True(work.IsCancellationRequested);
        Assert.True(App.Service<InstallLifetimes>().TokenFor(install.InstalledAppId).IsCancellationRequested);
    }

    [Fact]
    public async Task Uninstall_of_an_unknown_install_answers_200_and_changes_nothing()
    {
        var before = App.Documents("processed_events").Count;

        var response = await App.UninstallAsync(InstallEvent.New(), Client);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before, App.Documents("processed_events").Count);
    }

    [Fact]
    public async Task A_repeated_uninstall_after_a_reinstall_leaves_the_new_install_alone()
    {
        var install = await Client.CreateInstallAsync();
        var uninstall = install.UninstallBody(DateTimeOffset.Parse("2026-04-21T12:00:00Z"));
        App.CloudKeys.Revoke(install.ApiKey);
        (await Client.PostAsJsonAsync("/api/callback", uninstall)).EnsureSuccessStatusCode();
        var reinstall = install with { ApiKey = $"blnk_{Guid.NewGuid():N}" };
        (await Client.PostAsJsonAsync("/api/callback", reinstall.Body())).EnsureSuccessStatusCode();

        var replay = await Client.PostAsJsonAsync("/api/callback", uninstall);

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.NotNull(App.Service<InstallDirectory>().FindActive(install.InstalledAppId));
        Assert.False(App.Service<InstallLifetimes>().TokenFor(install.InstalledAppId).IsCancellationRequested);
    }
}
