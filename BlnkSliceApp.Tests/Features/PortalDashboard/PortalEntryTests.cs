using BlnkSliceApp.Shared.Configuration;

namespace BlnkSliceApp.Tests.Features.PortalDashboard;

public sealed class PortalEntryTests(AppFactory app) : AppTests(app)
{
    [Fact]
    public async Task Entering_with_a_launch_link_answers_the_portal_page_with_its_session()
    {
        var install = await Client.CreateInstallAsync("data:read", "data:write");
        var url = await Client.LaunchAsync(install);

        var response = await Client.GetAsync(url.PathAndQuery);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.NotNull(PortalPages.SessionTokenIn(page));
        Assert.Contains(install.InstalledAppId, page);
        Assert.Contains(install.InstanceId, page);
        Assert.Contains("data-view=\"overview\"", page);
        Assert.Contains("hx-get=\"/portal/permissions\"", page);
        Assert.Contains("<script src=\"/app/portal.js\"", page);
        Assert.DoesNotContain(url.Query.TrimStart('?').Split('=')[1], page);
        Assert.DoesNotContain(install.ApiKey, page);
        Assert.DoesNotContain(response.Headers, header => header.Key == "Set-Cookie");
    }

    [Fact]
    public async Task A_launch_link_works_once_and_a_second_use_says_so_with_410()
    {
        var install = await Client.CreateInstallAsync();
        var url = await Client.LaunchAsync(install);
        (await Client.GetAsync(url.PathAndQuery)).EnsureSuccessStatusCode();

        var replay = await Client.GetAsync(url.PathAndQuery);

        Assert.Equal(HttpStatusCode.Gone, replay.StatusCode);
        var page = await replay.Content.ReadAsStringAsync();
        Assert.Contains("already used", page);
        Assert.Contains("Blnk Cloud", page);
        Assert.Null(PortalPages.SessionTokenIn(page));
    }

    [Fact]
    public async Task A_launch_link_older_than_two_minutes_has_expired_with_410()
    {
        var install = await Client.CreateInstallAsync();
        var url = await Client.LaunchAsync(install);
        App.Clock.Advance(AppSettings.LaunchTokenLifetime + TimeSpan.FromSeconds(1));

        var response = await Client.GetAsync(url.PathAndQuery);

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Contains("expired", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("?token=")]
    [InlineData("?token=not-a-real-token")]
    public async Task A_missing_or_made_up_launch_token_opens_no_session(string query)
    {
        var response = await Client.GetAsync("/portal/enter" + query);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(PortalPages.SessionTokenIn(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task A_tampered_launch_token_opens_no_session()
    {
        var install = await Client.CreateInstallAsync();
        var url = await Client.LaunchAsync(install).ContinueWith(task => task.Result.PathAndQuery);
        var tampered = url[..^1] + (url[^1] == 'A' ? 'B' : 'A');

        var response = await Client.GetAsync(tampered);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(PortalPages.SessionTokenIn(await response.Content.ReadAsStringAsync()));
    }
}
