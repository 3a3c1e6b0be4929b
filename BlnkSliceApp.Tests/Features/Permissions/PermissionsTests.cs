namespace BlnkSliceApp.Tests.Features.Permissions;

public sealed class PermissionsTests(AppFactory app) : AppTests(app)
{
    [Fact]
    public async Task The_view_lists_granted_and_missing_scopes_each_with_what_it_enables()
    {
        var install = await Client.CreateInstallAsync("data:read", "alerts:read");
        var session = await Client.OpenPortalSessionAsync(install);

        var (status, view, _) = await Client.GetHtmlAsync(PortalPages.HtmxGet("/portal/permissions", session));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("true", view.ByTestId("permission-data-read")!.GetAttribute("data-granted"));
        Assert.Equal("false", view.ByTestId("permission-data-write")!.GetAttribute("data-granted"));
        Assert.Equal("true", view.ByTestId("permission-alerts-read")!.GetAttribute("data-granted"));
        Assert.Equal("false", view.ByTestId("permission-alerts-write")!.GetAttribute("data-granted"));
        Assert.Contains("Post Stripe activity as ledger transactions", view.ByTestId("permission-data-write")!.TextContent);
        Assert.Contains("Not granted", view.ByTestId("permission-data-write")!.TextContent);
        Assert.Contains(install.InstanceId, view.DocumentElement.TextContent);
    }
}
