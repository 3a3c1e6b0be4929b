namespace BlnkSliceApp.Tests.Features.PortalDashboard;

public sealed class PortalHomeLayoutTests(AppFactory app) : AppTests(app)
{
    [Fact]
    public async Task The_home_shows_sync_then_Stripe_then_settings_then_alerts_then_the_install()
    {
        var install = await Client.CreateInstallAsync();
        var session = await Client.OpenPortalSessionAsync(install);

        var html = await (await Client.SendAsync(PortalPages.HtmxGet("/portal", session))).Content.ReadAsStringAsync();

        int At(string marker)
        {
            var index = html.IndexOf(marker, StringComparison.Ordinal);
            Assert.True(index >= 0, $"{marker} is missing");
            return index;
        }
        var order = new[]
        {
            At("data-testid=\"sync-panel\""),
            At("id=\"stripe-panel-slot\""),
            At("data-testid=\"settings-panel\""),
            At("data-testid=\"alerts-panel\""),
            At("id=\"install-heading\""),
        };
        Assert.Equal(order.Order(), order);
        Assert.Contains("hx-get=\"/portal/stripe\" hx-trigger=\"load\" hx-swap=\"innerHTML\"", html);
        Assert.Contains("data-testid=\"sync-now\"", html);
    }

    [Fact]
    public async Task The_page_a_launch_link_opens_has_the_panels_and_no_form_that_points_back_at_the_link()
    {
        var install = await Client.CreateInstallAsync();
        var url = await Client.LaunchAsync(install);

        var page = await Client.GetStringAsync(url.PathAndQuery);

        Assert.Contains("data-testid=\"sync-panel\"", page);
        Assert.Contains("data-testid=\"settings-panel\"", page);
        Assert.DoesNotContain("/portal/enter", page);
    }
}
