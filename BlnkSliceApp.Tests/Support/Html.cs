using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace BlnkSliceApp.Tests.Support;

/// <summary>Portal fragments parsed as a browser would (AngleSharp), and small readers of them.</summary>
public static class Html
{
    static readonly HtmlParser Parser = new();

    public static IDocument Parse(string html) => Parser.ParseDocument(html);

    public static IElement? ByTestId(this IParentNode root, string testId) => root.QuerySelector($"[data-testid=\"{testId}\"]");

    public static IHtmlCollection<IElement> AllByTestId(this IParentNode root, string testId) => root.QuerySelectorAll($"[data-testid=\"{testId}\"]");

    /// <summary>The element's text, spaces collapsed; null when there is no such element.</summary>
    /// <remarks>A notice's text is its message, without its dismiss button.</remarks>
    public static string? TextOf(this IParentNode root, string testId) =>
        root.ByTestId(testId) is { } element ? Clean((element.QuerySelector(":scope > .notice-body") ?? element).TextContent) : null;

    public static string Clean(string text) => System.Text.RegularExpressions.Regex.Replace(text, "\\s+", " ").Trim();

    public static async Task<(HttpStatusCode Status, IDocument Document, HttpResponseMessage Response)> GetHtmlAsync(this HttpClient client, HttpRequestMessage request)
    {
        var response = await client.SendAsync(request);
        return (response.StatusCode, Parse(await response.Content.ReadAsStringAsync()), response);
    }
}
