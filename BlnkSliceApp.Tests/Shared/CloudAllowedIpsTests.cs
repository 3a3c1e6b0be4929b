namespace BlnkSliceApp.Tests.Shared;

/// <summary>Over a real socket, so the client address is the loopback one Kestrel sees.</summary>
public sealed class CloudAllowedIpsTests
{
    static AppFactory OnKestrel(Dictionary<string, string?> settings)
    {
        var app = new AppFactory { Settings = settings };
        app.UseKestrel(0);
        app.StartServer();
        return app;
    }

    [Fact]
    public async Task With_an_allow_list_another_address_gets_403_on_both_cloud_routes_and_nothing_is_stored()
    {
        using var app = OnKestrel(new() { ["CLOUD_ALLOWED_IPS"] = "161.35.166.95,161.35.171.250" });
        var client = app.CreateClient();
        var install = InstallEvent.New();

        var callback = await client.PostAsJsonAsync("/api/callback", install.Body());
        var portal = await client.PostAsJsonAsync("/api/portal", install.PortalBody());

        Assert.Equal(HttpStatusCode.Forbidden, callback.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, portal.StatusCode);
        Assert.Empty(app.Documents("installs"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task A_listed_address_is_let_through()
    {
        using var app = OnKestrel(new() { ["CLOUD_ALLOWED_IPS"] = "127.0.0.1" });

        var response = await app.CreateClient().PostAsJsonAsync("/api/callback", InstallEvent.New().Body());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_forwarded_address_counts_only_from_a_trusted_proxy()
    {
        using var trusted = OnKestrel(new() { ["CLOUD_ALLOWED_IPS"] = "161.35.166.95", ["TRUSTED_PROXIES"] = "127.0.0.1" });
        using var untrusted = OnKestrel(new() { ["CLOUD_ALLOWED_IPS"] = "161.35.166.95" });

        foreach (var (app, expected) in new[] { (trusted, HttpStatusCode.OK), (untrusted, HttpStatusCode.Forbidden) })
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/callback") { Content = JsonContent.Create(InstallEvent.New().Body()) };
            request.Headers.Add("X-Forwarded-For", "161.35.166.95");
            var response = await app.CreateClient().SendAsync(request);
            Assert.Equal(expected, response.StatusCode);
        }
    }
}
