namespace BlnkSliceApp.Tests.Shared;

public sealed class SecretHygieneTests
{
    [Fact]
    public async Task A_whole_install_launch_portal_uninstall_run_logs_no_key_token_or_secret()
    {
        using var app = new AppFactory();
        var client = app.CreateClient();

        var install = await client.CreateInstallAsync();
        await client.PostAsJsonAsync("/api/callback", install.Body());
        var url = await client.LaunchAsync(install);
        var launchToken = System.Web.HttpUtility.ParseQueryString(url.Query)["token"]!;
        var page = await client.GetStringAsync(url.PathAndQuery);
        var session = PortalPages.SessionTokenIn(page)!;
        await client.GetAsync(url.PathAndQuery);
        await client.SendAsync(PortalPages.HtmxGet("/portal", session));
        await client.SendAsync(PortalPages.HtmxGet("/portal", session + "tampered"));
        await client.PostAsJsonAsync("/api/callback", InstallEvent.New("data:read", "bogus:scope").Body());
        (await app.UninstallAsync(install, client)).EnsureSuccessStatusCode();
        await client.SendAsync(PortalPages.HtmxGet("/portal", session));

        var secrets = new[] { install.ApiKey, install.ApiKey[8..], launchToken, session, session.Split('.')[0], session.Split('.')[2], app.SessionSecret, app.EncryptionKey };
        var lines = app.Logs.Lines;
        Assert.NotEmpty(lines);
        Assert.Contains(lines, line => line.Contains(install.InstalledAppId));
        foreach (var line in lines)
            foreach (var secret in secrets)
                Assert.False(line.Contains(secret), $"A log line holds a secret: {line[..Math.Min(line.Length, 120)]}");
    }

    [Fact]
    public async Task Error_responses_never_echo_the_api_key()
    {
        using var app = new AppFactory();
        var client = app.CreateClient();
        var install = InstallEvent.New("data:read", "not a scope");

        var response = await client.PostAsJsonAsync("/api/callback", install.Body());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(install.ApiKey, await response.Content.ReadAsStringAsync());
    }
}
