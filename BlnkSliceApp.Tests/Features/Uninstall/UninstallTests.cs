using BlnkSliceApp.Shared.Installs;

namespace BlnkSliceApp.Tests.Features.Uninstall;

public sealed class UninstallTests : IClassFixture<AppFactory>
{
    readonly AppFactory _app;
    readonly HttpClient _client;

    public UninstallTests(AppFactory app)
    {
        _app = app;
        _client = app.CreateClient();
    }

    [Fact]
    public async Task Uninstall_marks_the_install_uninstalled_and_deletes_its_key()
    {
        var install = await _client.CreateInstallAsync();
        var at = DateTimeOffset.Parse("2026-04-21T12:00:00Z");

        var response = await _client.PostAsJsonAsync("/api/callback", install.UninstallBody(at));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = _app.Service<InstallDirectory>().Find(install.InstalledAppId)!;
        Assert.Equal(InstallStatus.Uninstalled, stored.Status);
        Assert.Equal(at.ToUnixTimeMilliseconds(), stored.UninstalledAt);
        Assert.Null(stored.ApiKey);
        Assert.Null(_app.Service<InstallDirectory>().FindActive(install.InstalledAppId));
    }

    [Fact]
    public async Task Uninstall_revokes_every_portal_session_and_unused_launch_link()
    {
        var install = await _client.CreateInstallAsync();
        var session = await _client.OpenPortalSessionAsync(install);
        var unusedLink = await _client.LaunchAsync(install);

        (await _client.UninstallAsync(install)).EnsureSuccessStatusCode();

        var fragment = await _client.SendAsync(PortalPages.HtmxGet("/portal", session));
        Assert.Equal(HttpStatusCode.Unauthorized, fragment.StatusCode);
        Assert.Contains("/portal/session-ended", fragment.Headers.GetValues("HX-Redirect").Single());
        var entry = await _client.GetAsync(unusedLink.PathAndQuery);
        Assert.Equal(HttpStatusCode.Gone, entry.StatusCode);
        Assert.Null(PortalPages.SessionTokenIn(await entry.Content.ReadAsStringAsync()));
        Assert.All(_app.Documents("portal_sessions").Where(doc => doc["InstalledAppId"] == install.InstalledAppId),
            doc => Assert.False(doc["RevokedAt"].IsNull));
    }

    [Fact]
    public async Task Uninstall_cancels_the_installs_background_work_before_answering()
    {
        var install = await _client.CreateInstallAsync();
        var work = _app.Service<InstallLifetimes>().TokenFor(install.InstalledAppId);

        (await _client.UninstallAsync(install)).EnsureSuccessStatusCode();

        Assert.True(work.IsCancellationRequested);
        Assert.True(_app.Service<InstallLifetimes>().TokenFor(install.InstalledAppId).IsCancellationRequested);
    }

    [Fact]
    public async Task Uninstall_of_an_unknown_install_answers_200_and_changes_nothing()
    {
        var before = _app.Documents("processed_events").Count;

        var response = await _client.UninstallAsync(InstallEvent.New());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before, _app.Documents("processed_events").Count);
    }

    [Fact]
    public async Task A_repeated_uninstall_after_a_reinstall_leaves_the_new_install_alone()
    {
        var install = await _client.CreateInstallAsync();
        var uninstall = install.UninstallBody(DateTimeOffset.Parse("2026-04-21T12:00:00Z"));
        (await _client.PostAsJsonAsync("/api/callback", uninstall)).EnsureSuccessStatusCode();
        var reinstall = install with { ApiKey = $"blnk_{Guid.NewGuid():N}" };
        (await _client.PostAsJsonAsync("/api/callback", reinstall.Body())).EnsureSuccessStatusCode();

        var replay = await _client.PostAsJsonAsync("/api/callback", uninstall);

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.NotNull(_app.Service<InstallDirectory>().FindActive(install.InstalledAppId));
        Assert.False(_app.Service<InstallLifetimes>().TokenFor(install.InstalledAppId).IsCancellationRequested);
    }
}
