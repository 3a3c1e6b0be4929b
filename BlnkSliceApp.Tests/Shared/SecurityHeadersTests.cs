namespace BlnkSliceApp.Tests.Shared;

public sealed class SecurityHeadersTests : IClassFixture<AppFactory>
{
    readonly AppFactory _app;
    readonly HttpClient _client;

    public SecurityHeadersTests(AppFactory app)
    {
        _app = app;
        _client = app.CreateClient();
    }

    [Fact]
    public async Task Every_portal_response_carries_the_csp_and_never_x_frame_options()
    {
        var install = await _client.CreateInstallAsync();
        var session = await _client.OpenPortalSessionAsync(install);
        var usedLink = await _client.LaunchAsync(install);
        await _client.GetAsync(usedLink.PathAndQuery);

        var responses = new List<HttpResponseMessage>
        {
            await _client.GetAsync((await _client.LaunchAsync(install)).PathAndQuery),
            await _client.GetAsync(usedLink.PathAndQuery),
            await _client.GetAsync("/portal/enter?token=bogus"),
            await _client.GetAsync("/portal"),
            await _client.SendAsync(PortalPages.HtmxGet("/portal", session)),
            await _client.SendAsync(PortalPages.HtmxGet("/portal", "forged")),
            await _client.GetAsync("/portal/session-ended?reason=expired"),
            await _client.PostAsJsonAsync("/api/portal", install.PortalBody()),
            await _client.GetAsync("/lib/htmx/htmx.min.js"),
        };

        foreach (var response in responses)
        {
            var what = $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri!.AbsolutePath} ({(int)response.StatusCode})";
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("frame-ancestors 'self' https://blnkfinance.com https://*.blnkfinance.com", csp);
            foreach (var directive in new[] { "default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'" })
                Assert.True(csp.Contains(directive), $"{what} lacks {directive}");
            Assert.DoesNotContain("unsafe-inline", csp);
            Assert.False(response.Headers.Contains("X-Frame-Options"), $"{what} has X-Frame-Options");
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            if (!response.RequestMessage.RequestUri.AbsolutePath.StartsWith("/lib"))
                Assert.True(response.Headers.CacheControl?.NoStore, $"{what} may be cached");
        }
    }

    [Fact]
    public async Task Portal_pages_hold_no_inline_script()
    {
        var install = await _client.CreateInstallAsync();
        var page = await _client.GetStringAsync((await _client.LaunchAsync(install)).PathAndQuery);

        Assert.DoesNotMatch("<script(?![^>]*\\ssrc=)[^>]*>", page);
        Assert.DoesNotContain(" on", System.Text.RegularExpressions.Regex.Replace(page, "<[^>]*\\son[a-z]+=", " on"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_cors_is_allowed_for_the_portal()
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/portal");
        request.Headers.Add("Origin", "https://evil.example");
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", "X-Portal-Session");

        var response = await _client.SendAsync(request);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Headers"));
    }

    [Fact]
    public async Task Frame_ancestors_follow_the_setting()
    {
        using var app = new AppFactory { Settings = { ["FRAME_ANCESTORS"] = "'self' http://127.0.0.1:5090" } };

        var response = await app.CreateClient().GetAsync("/portal");

        Assert.EndsWith("frame-ancestors 'self' http://127.0.0.1:5090", response.Headers.GetValues("Content-Security-Policy").Single());
    }
}
