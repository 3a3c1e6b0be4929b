namespace BlnkSliceApp.Tests.Features.PortalDashboard;

public sealed class PortalHomeLayoutTests(AppFactory app) : AppTests(app)
{
    [Fact]
    public async Task The_page_a_launch_link_opens_has_one_h1_the_navigation_the_sync_bar_and_the_overview()
    {
        var install = await Client.CreateInstallAsync();
        var url = await Client.LaunchAsync(install);

        var page = Html.Parse(await Client.GetStringAsync(url.PathAndQuery));

        Assert.Single(page.QuerySelectorAll("h1"));
        var nav = page.QuerySelector("nav.portal-nav[aria-label]")!;
        Assert.Equal(["Overview", "Runs", "Alerts", "Settings", "Permissions"],
            nav.QuerySelectorAll("a").Select(a => a.TextContent.Trim()).Where(label => label is "Overview" or "Runs" or "Alerts" or "Settings" or "Permissions"));
        Assert.All(nav.QuerySelectorAll("a"), link =>
        {
            Assert.Equal(link.GetAttribute("href"), link.GetAttribute("hx-get"));
            Assert.Equal("#view", link.GetAttribute("hx-target"));
        });
        Assert.Equal("page", nav.QuerySelector("a[data-nav=overview]")!.GetAttribute("aria-current"));
        Assert.NotNull(page.QuerySelector("#sync-bar [data-testid=sync-now]"));
        Assert.Equal("overview", page.QuerySelector("main #view")!.GetAttribute("data-view"));
        Assert.DoesNotContain("/portal/enter", page.DocumentElement.OuterHtml);
    }

    [Fact]
    public async Task The_home_for_htmx_is_the_overview_view_alone()
    {
        var install = await Client.CreateInstallAsync();
        var session = await Client.OpenPortalSessionAsync(install);

        var (status, view, _) = await Client.GetHtmlAsync(PortalPages.HtmxGet("/portal", session));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("overview", view.QuerySelector("#view")!.GetAttribute("data-view"));
        Assert.Null(view.QuerySelector("nav"));
        Assert.Empty(view.QuerySelectorAll("h1"));
    }

    [Theory]
    [InlineData("/portal/overview", "overview")]
    [InlineData("/portal/runs", "runs")]
    [InlineData("/portal/alerts", "alerts")]
    [InlineData("/portal/settings", "settings")]
    [InlineData("/portal/permissions", "permissions")]
    public async Task Each_view_answers_htmx_with_its_fragment_and_a_scripted_full_load_with_the_page(string route, string key)
    {
        var install = await Client.CreateInstallAsync();
        var session = await Client.OpenPortalSessionAsync(install);

        var (_, fragment, _) = await Client.GetHtmlAsync(PortalPages.HtmxGet(route, session));
        var full = new HttpRequestMessage(HttpMethod.Get, route);
        full.Headers.Add("X-Portal-Session", session);
        var (_, page, _) = await Client.GetHtmlAsync(full);

        Assert.Equal(key, fragment.QuerySelector("#view")!.GetAttribute("data-view"));
        Assert.Single(fragment.QuerySelectorAll("#view h2"));
        Assert.Equal(key, page.QuerySelector("main #view")!.GetAttribute("data-view"));
        Assert.Equal("page", page.QuerySelector($"nav a[data-nav={key}]")!.GetAttribute("aria-current"));
        Assert.Single(page.QuerySelectorAll("h1"));
    }
}
