namespace BlnkSliceApp.Tests.Features.PortalDashboard;

public sealed class PortalSessionTests(AppFactory app) : AppTests(app)
{
    [Fact]
    public async Task An_htmx_request_with_the_session_header_gets_the_portal_fragment()
    {
        var install = await Client.CreateInstallAsync();
        var session = await Client.OpenPortalSessionAsync(install);

        var response = await Client.SendAsync(PortalPages.HtmxGet("/portal/permissions", session));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var fragment = await response.Content.ReadAsStringAsync();
        Assert.Contains(install.InstalledAppId, fragment);
        Assert.DoesNotContain("<html", fragment);
    }

    [Fact]
    public async Task A_session_of_install_A_only_ever_shows_install_A()
    {
        var installA = await Client.CreateInstallAsync();
        var installB = await Client.CreateInstallAsync();
        var sessionA = await Client.OpenPortalSessionAsync(installA);

        var fragment = await (await Client.SendAsync(PortalPages.HtmxGet("/portal/permissions", sessionA))).Content.ReadAsStringAsync();

        Assert.Contains(installA.InstalledAppId, fragment);
        Assert.DoesNotContain(installB.InstalledAppId, fragment);
        Assert.DoesNotContain(installB.InstanceId, fragment);
    }

    [Fact]
    public async Task A_full_page_load_without_a_session_shows_launch_again_with_401()
    {
        var response = await Client.GetAsync("/portal");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("launch", (await response.Content.ReadAsStringAsync()).ToLowerInvariant());
    }

    [Fact]
    public async Task An_expired_session_sends_htmx_to_the_launch_again_page()
    {
        var install = await Client.CreateInstallAsync();
        var session = await Client.OpenPortalSessionAsync(install);
        App.Clock.Advance(TimeSpan.FromMinutes(16));

        var response = await Client.SendAsync(PortalPages.HtmxGet("/portal", session));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var redirect = response.Headers.GetValues("HX-Redirect").Single();
        Assert.Equal("/portal/session-ended?reason=expired", redirect);
        Assert.NotEqual("application/json", response.Content.Headers.ContentType?.MediaType);
        var page = await Client.GetAsync(redirect);
        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        Assert.Contains("expired", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_tampered_session_signature_is_refused()
    {
        var install = await Client.CreateInstallAsync();
        var session = await Client.OpenPortalSessionAsync(install);
        var parts = session.Split('.');
        var forgedExpiry = $"{parts[0]}.{long.Parse(parts[1]) + 3_600_000}.{parts[2]}";
        var forgedSignature = $"{parts[0]}.{parts[1]}.{new string('A', parts[2].Length)}";

        foreach (var forged in new[] { forgedExpiry, forgedSignature, "garbage", session + "x" })
        {
            var response = await Client.SendAsync(PortalPages.HtmxGet("/portal", forged));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_session_signed_with_another_secret_is_refused()
    {
        using var other = new AppFactory();
        var otherClient = other.CreateClient();
        var install = await otherClient.CreateInstallAsync();
        var foreignSession = await otherClient.OpenPortalSessionAsync(install);
        await Client.PostAsJsonAsync("/api/callback", install.Body());

        var response = await Client.SendAsync(PortalPages.HtmxGet("/portal", foreignSession));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_session_stops_working_once_its_install_is_uninstalled()
    {
        var install = await Client.CreateInstallAsync();
        var session = await Client.OpenPortalSessionAsync(install);
        (await App.UninstallAsync(install, Client)).EnsureSuccessStatusCode();

        var response = await Client.SendAsync(PortalPages.HtmxGet("/portal", session));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("/portal/session-ended", response.Headers.GetValues("HX-Redirect").Single());
    }
}
