using System.Net;
using System.Text.RegularExpressions;

namespace BlnkSliceApp.DevCloud.Bench;

/// <summary>Clicks "Sync now" as the portal does (session header, form post) and reads the panel.</summary>
sealed partial class PortalDriver(HttpClient http, string session)
{
    public static async Task<PortalDriver> EnterAsync(Uri portalUrl)
    {
        var http = new HttpClient { BaseAddress = new Uri(portalUrl.GetLeftPart(UriPartial.Authority)) };
        var page = await http.GetStringAsync(portalUrl);
        var session = SessionMeta().Match(page) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException("The portal page carried no session.");
        return new PortalDriver(http, session);
    }

    public async Task<string> SyncNowAsync()
    {
        using var request = Request(HttpMethod.Post, "/portal/sync");
        request.Content = new FormUrlEncodedContent([]);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    public async Task<SyncPanel> PanelAsync()
    {
        using var request = Request(HttpMethod.Get, "/portal/sync");
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return SyncPanel.Parse(await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Polls the panel until the run is over: closely for the first seconds (a short run's time
    /// is measured to a few milliseconds), then every half second, near the portal's own one
    /// second, so the benchmark's reads do not weigh on a long run more than a user's would.
    /// </summary>
    public async Task<SyncPanel> WaitForEndAsync(TimeSpan pollEvery)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var panel = await PanelAsync();
            if (panel.Status is not ("Running" or "")) return panel;
            await Task.Delay(clock.Elapsed < TimeSpan.FromSeconds(2) ? pollEvery : TimeSpan.FromMilliseconds(500));
        }
    }

    /// <summary>A portal fragment, as htmx asks for it.</summary>
    public async Task<(int Status, string Html)> GetAsync(string path)
    {
        using var request = Request(HttpMethod.Get, path);
        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A portal form posted as htmx posts it.</summary>
    public async Task<(int Status, string Html)> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var request = Request(HttpMethod.Post, path);
        request.Content = new FormUrlEncodedContent(fields);
        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Portal-Session", session);
        request.Headers.Add("HX-Request", "true");
        return request;
    }

    [GeneratedRegex("<meta name=\"portal-session\" content=\"([^\"]+)\"")]
    private static partial Regex SessionMeta();
}

sealed partial record SyncPanel(string Status, long Posted, long Fetched)
{
    public static SyncPanel Parse(string html) => new(
        Text(html, "sync-status"),
        long.TryParse(Text(html, "sync-posted").Replace(",", ""), out var posted) ? posted : 0,
        long.TryParse(Text(html, "sync-fetched").Replace(",", ""), out var fetched) ? fetched : 0);

    static string Text(string html, string testId)
    {
        var match = Regex.Match(html, $"data-testid=\"{testId}\"[^>]*>([^<]*)<");
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value).Trim() : "";
    }
}
