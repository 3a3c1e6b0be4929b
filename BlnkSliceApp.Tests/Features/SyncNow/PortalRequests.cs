using System.Text.RegularExpressions;

namespace BlnkSliceApp.Tests.Features.SyncNow;

/// <summary>Requests as portal.js and htmx send them, and small readers of the fragments.</summary>
public static partial class PortalRequests
{
    public static HttpRequestMessage HtmxPost(string path, string? session, IEnumerable<KeyValuePair<string, string>>? form = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form ?? []) };
        request.Headers.Add("HX-Request", "true");
        if (session is not null)
            request.Headers.Add("X-Portal-Session", session);
        return request;
    }

    public static async Task<(HttpStatusCode Status, string Html)> FetchAsync(this HttpClient client, HttpRequestMessage request)
    {
        var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The text inside the first element with this data-testid (tags stripped, spaces collapsed).</summary>
    public static string? TestIdText(string html, string testId) => Html.Parse(html).TextOf(testId);

    public static int CountTestId(string html, string testId) => Regex.Matches(html, $"data-testid=\"{Regex.Escape(testId)}\"").Count;
}
