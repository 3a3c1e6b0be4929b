namespace BlnkSliceApp.Tests.Features.StripeConnection;

/// <summary>Reads the Stripe panel's elements by their data-testid.</summary>
public static partial class StripePanelHtml
{
    public static string? Text(string html, string testId) => Html.Parse(html).TextOf(testId);

    public static bool Has(string html, string testId) => html.Contains($"data-testid=\"{testId}\"", StringComparison.Ordinal);

    public static HttpRequestMessage HtmxPost(string path, string? session, IDictionary<string, string>? form = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form ?? new Dictionary<string, string>()) };
        request.Headers.Add("HX-Request", "true");
        if (session is not null)
            request.Headers.Add("X-Portal-Session", session);
        return request;
    }

    public static HttpRequestMessage Connect(string session, string key) =>
        HtmxPost("/portal/stripe", session, new Dictionary<string, string> { ["secret_key"] = key });
}
