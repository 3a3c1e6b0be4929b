namespace BlnkSliceApp.Tests.Shared;

public sealed class SecurityHeadersTests(AppFactory app) : AppTests(app)
{
    [Fact]
    public async Task Every_portal_response_carries_the_csp_and_never_x_frame_options()
    {
        var install = await Client.CreateInstallAsync();
        var session = await Client.OpenPortalSessionAsync(install);
        var usedLink = await Client.LaunchAsync(install);
        await Client.GetAsync(usedLink.PathAndQuery);

        var responses = new List<HttpResponseMessage>
        {
            await Client.GetAsync((await Client.LaunchAsync(install)).PathAndQuery),
            await Client.GetAsync(usedLink.PathAndQuery),
            await Client.GetAsync("/portal/enter?token=bogus"),
            await Client.GetAsync("/portal"),
            await Client.SendAsync(PortalPages.HtmxGet("/portal", session)),
            await Client.SendAsync(PortalPages.HtmxGet("/portal", "forged")),
            await Client.GetAsync("/portal/session-ended?reason=expired"),
            await Client.PostAsJsonAsync("/api/portal", install.PortalBody()),
            await Client.GetAsync("/lib/htmx/htmx.min.js"),
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
        var install = await Client.CreateInstallAsync();
        var page = await Client.GetStringAsync((await Client.LaunchAsync(install)).PathAndQuery);

        Assert.DoesNotMatch("<script(?![^>]*\\ssrc=)[^>]*>", page);
        Assert.DoesNotMatch("<[^>]*\\son[a-z]+\\s*=", page);
        Assert.DoesNotMatch("<[^>]*\\sstyle\\s*=", page);
    }

    [Fact]
    public async Task No_cors_is_allowed_for_the_portal()
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/portal");
        request.Headers.Add("Origin", "https://evil.example");
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", "X-Portal-Session");

        var response = await Client.SendAsync(request);

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
