using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;

namespace BlnkSliceApp.Tests.Features.PortalDashboard;

/// <summary>
/// The portal as a user meets it: inside a cross-site iframe (the dashboard's origin differs
/// from the app's host), in a browser that blocks third-party cookies.
/// </summary>
public sealed class PortalInBrowserTests : IAsyncLifetime
{
    AppFactory _app = null!;
    Chromium _chromium = null!;
    WebApplication _dashboard = null!;
    string _dashboardOrigin = "";
    string _framedUrl = "";

    public async Task InitializeAsync()
    {
        // The dashboard: another site (127.0.0.1) that frames the portal (localhost), as Blnk Cloud does.
        var dashboard = WebApplication.CreateSlimBuilder();
        dashboard.WebHost.UseUrls("http://127.0.0.1:0");
        _dashboard = dashboard.Build();
        _dashboard.MapGet("/apps/stripe-sync", () => Results.Content(
            $"<!DOCTYPE html><html><body><iframe id=\"app\" src=\"{System.Net.WebUtility.HtmlEncode(_framedUrl)}\" width=\"900\" height=\"600\"></iframe></body></html>",
            "text/html"));
        await _dashboard.StartAsync();
        _dashboardOrigin = _dashboard.Urls.Single();

        _app = new AppFactory { Settings = { ["FRAME_ANCESTORS"] = $"'self' {_dashboardOrigin}" } };
        _app.UseKestrel(0);
        _app.StartServer();
        _chromium = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        _app.Dispose();
        await _dashboard.DisposeAsync();
    }

    [Fact]
    public async Task The_portal_opens_in_a_cross_site_frame_hides_its_token_and_sends_the_session_on_htmx_requests()
    {
        var client = _app.CreateClient();
        var install = await client.CreateInstallAsync("data:read");
        var launch = await client.LaunchAsync(install);
        _framedUrl = client.BaseAddress!.ToString().Replace("127.0.0.1", "localhost").TrimEnd('/') + launch.PathAndQuery;

        var page = await _chromium.Browser.NewPageAsync();
        var htmxRequests = new List<IRequest>();
        // Only requests for /portal itself: the home's panels may load parts of their own.
        page.Request += (_, request) =>
        {
            if (request.Headers.ContainsKey("hx-request") && new Uri(request.Url).AbsolutePath == "/portal") htmxRequests.Add(request);
        };

        await page.GotoAsync($"{_dashboardOrigin}/apps/stripe-sync");
        var frame = page.FrameLocator("#app");
        await Assertions.Expect(frame.Locator("footer")).ToContainTextAsync(install.InstalledAppId);

        var portalFrame = page.Frames.Single(candidate => candidate.Url.Contains("/portal"));
        await portalFrame.WaitForFunctionAsync("() => typeof window.htmx !== 'undefined' && window.location.pathname === '/portal' && !window.location.search");

        await portalFrame.EvaluateAsync("() => htmx.ajax('GET', '/portal', {target: '#view', swap: 'outerHTML'})");
        await Assertions.Expect(frame.Locator("#view[data-view=overview]")).ToBeVisibleAsync();
        var htmxRequest = Assert.Single(htmxRequests);
        Assert.False(string.IsNullOrEmpty(htmxRequest.Headers.GetValueOrDefault("x-portal-session")));
        Assert.Equal(200, (await htmxRequest.ResponseAsync())!.Status);
    }

    [Fact]
    public async Task A_dead_session_inside_the_frame_lands_on_the_launch_again_page()
    {
        var client = _app.CreateClient();
        var install = await client.CreateInstallAsync("data:read");
        var launch = await client.LaunchAsync(install);

        var page = await _chromium.Browser.NewPageAsync();
        await page.GotoAsync(client.BaseAddress!.ToString().TrimEnd('/') + launch.PathAndQuery);
        await Assertions.Expect(page.Locator("footer")).ToContainTextAsync(install.InstalledAppId);
        (await _app.UninstallAsync(install, client)).EnsureSuccessStatusCode();

        await page.WaitForFunctionAsync("() => typeof window.htmx !== 'undefined'");

        await Task.WhenAll(
            page.WaitForURLAsync("**/portal/session-ended**"),
            page.EvaluateAsync("() => htmx.ajax('GET', '/portal', {target: '#view', swap: 'outerHTML'})"));
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("no longer installed");
    }
}
