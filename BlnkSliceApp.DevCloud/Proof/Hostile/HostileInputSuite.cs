using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using BlnkSliceApp.DevCloud.Hosting;
using BlnkSliceApp.Shared.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;

namespace BlnkSliceApp.DevCloud.Proof.Hostile;

/// <summary>What the hostile-input run saw: counts per status and every request that broke a rule.</summary>
public sealed record HostileReport(int Sent, IReadOnlyDictionary<int, int> ByStatus, int RefusedByKestrel, IReadOnlyList<string> Routes, IReadOnlyList<string> Failures, IReadOnlyList<string> StateChanges)
{
    public bool Passed => Failures.Count == 0 && StateChanges.Count == 0;

    public string Summary() =>
        $"{Sent:N0} hostile requests against {Routes.Count} routes: " +
        string.Join(", ", ByStatus.OrderBy(p => p.Key).Select(p => $"{p.Value} x {p.Key}")) +
        $" ({RefusedByKestrel} refused by Kestrel's HTTP parser); {Failures.Count} broke a rule; state {(StateChanges.Count == 0 ? "unchanged" : "CHANGED: " + string.Join("; ", StateChanges))}";
}

/// <summary>
/// Sends generated hostile requests to every route of the app hosted by DevCloud (real
/// Kestrel, real sockets) and checks each answer: no 5xx, a readable 4xx wherever the request
/// was refusable, no secret in any answer, and nothing written, neither in the app's database
/// nor through Cloud.
/// </summary>
public static partial class HostileInputSuite
{
    public static async Task<HostileReport> RunAsync(DevCloudHandle devCloud, int total, int seed, int parallelism = 4)
    {
        var app = devCloud.AppServices ?? throw new InvalidOperationException("The hostile-input suite needs the app hosted by DevCloud.");
        var (material, secrets) = await PrepareAsync(devCloud);
        var routes = Routes(app);
        var cases = new HostileRequests(material, seed).For(routes, total).ToList();

        var database = app.GetRequiredService<AppDatabase>();
        var before = AppStateSnapshot.Of(database);
        var writesBefore = devCloud.CallLog.AppWrites;
        var installsBefore = devCloud.Installs.Count;

        var failures = new ConcurrentQueue<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var kestrel = 0;
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (hostile, _) =>
        {
            RawResponse response;
            try
            {
                response = await RawHttp.SendAsync(devCloud.AppUrl, hostile.Request, TimeSpan.FromSeconds(15));
            }
            catch (Exception error) when (error is IOException or System.Net.Sockets.SocketException or OperationCanceledException)
            {
                failures.Enqueue($"{Name(hostile)}: no answer ({error.GetType().Name})");
                return;
            }
            statuses.AddOrUpdate(response.Status, 1, (_, n) => n + 1);
            var fromApp = response.Header("content-security-policy") is not null;
            if (!fromApp && response.Status is >= 400 and < 500) Interlocked.Increment(ref kestrel);
            if (Check(hostile, response, fromApp, secrets) is { } broken)
                failures.Enqueue($"{Name(hostile)}: {broken}");
        });

        var after = AppStateSnapshot.Of(database);
        var changes = before.Differences(after).ToList();
        if (devCloud.CallLog.AppWrites != writesBefore)
            changes.Add($"{devCloud.CallLog.AppWrites - writesBefore} writes reached Cloud");
        if (devCloud.Installs.Count != installsBefore)
            changes.Add("Cloud's installs changed");
        return new HostileReport(cases.Count, statuses.ToDictionary(), kestrel, routes.Select(r => $"{r.Method} {r.Template}").ToList(), failures.ToList(), changes);
    }

    /// <summary>Null when the answer keeps every rule; otherwise which rule it broke.</summary>
    static string? Check(HostileCase hostile, RawResponse response, bool fromApp, IReadOnlyList<string> secrets)
    {
        if (response.Status == 0) return "no readable HTTP answer";
        if (response.Status >= 500) return $"server error {response.Status}: {Excerpt(response.Text)}";
        if (hostile.MustRefuse && response.Status is < 400 or >= 500) return $"answered {response.Status} where a refusal was due";
        var text = response.Text;
        foreach (var secret in secrets)
            if (text.Contains(secret, StringComparison.Ordinal) || response.Headers.Values.Any(v => v.Contains(secret, StringComparison.Ordinal)))
                return "the answer carried a secret";
        if (response.Status is < 400 or >= 500) return null;
        if (!fromApp)
            // Kestrel itself refuses a NUL in the path (a route parameter filled with %00) before the app sees it.
            return hostile.ProtocolLevel || hostile.Request.Target.Contains("%00", StringComparison.Ordinal) ? null : $"{response.Status} without a readable body, from outside the app's pipeline";
        return Readable(response) ? null : $"{response.Status} with nothing readable ({response.Header("content-type") ?? "no content type"}, {response.Body.Length} bytes)";
    }

    /// <summary>A ProblemDetails with a title or detail, or a page with words on it.</summary>
    static bool Readable(RawResponse response)
    {
        var type = response.Header("content-type") ?? "";
        var text = response.Text;
        if (type.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                using var json = JsonDocument.Parse(text);
                return json.RootElement.ValueKind == JsonValueKind.Object
                    && (Has(json.RootElement, "detail") || Has(json.RootElement, "title") || Has(json.RootElement, "errors"));
            }
            catch (JsonException) { return false; }
        }
        if (type.Contains("html", StringComparison.OrdinalIgnoreCase))
            return Tags().Replace(text, " ").Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 3;
        return text.Trim().Length > 0;
    }

    static bool Has(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null && value.ToString().Trim().Length > 0;

    /// <summary>A live install with an open portal session; a second install whose session died with its uninstall; a used launch link.</summary>
    static async Task<(HostileMaterial, IReadOnlyList<string>)> PrepareAsync(DevCloudHandle devCloud)
    {
        var install = await devCloud.InstallAsync();
        if (!install.IsKeyLive) throw new InvalidOperationException($"install failed: {install.InstallAnswer}");
        var (session, launchToken) = await OpenSessionAsync(devCloud, install.InstalledAppId);

        var doomed = await devCloud.InstallAsync();
        var (revoked, _) = await OpenSessionAsync(devCloud, doomed.InstalledAppId);
        var uninstall = await devCloud.UninstallAsync(doomed.InstalledAppId);
        if (!uninstall.Succeeded) throw new InvalidOperationException($"uninstall failed: {uninstall.Status} {uninstall.Error}");

        var secrets = new List<string> { install.ApiKey, doomed.ApiKey };
        if (devCloud.Stripe is { } stripe) secrets.Add(stripe.SecretKey);
        return (new HostileMaterial(session, revoked, launchToken, install.InstalledAppId, install.AppId, install.InstanceId), secrets);
    }

    static async Task<(string Session, string LaunchToken)> OpenSessionAsync(DevCloudHandle devCloud, string installedAppId)
    {
        var launch = await devCloud.LaunchAsync(installedAppId);
        var url = launch.PortalUrl ?? throw new InvalidOperationException($"launch failed: {launch.Status} {launch.Error}");
        using var http = new HttpClient();
        var page = await http.GetStringAsync(url);
        var session = SessionMeta().Match(page) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new InvalidOperationException("no session on the portal page");
        var token = System.Web.HttpUtility.ParseQueryString(url.Query)["token"] ?? throw new InvalidOperationException("no token in the portal URL");
        return (session, token);
    }

    /// <summary>Every route the app maps (so routes added later are covered), plus static files and an unknown path.</summary>
    public static IReadOnlyList<AppRoute> Routes(IServiceProvider app)
    {
        var routes = new List<AppRoute>();
        foreach (var endpoint in app.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var template = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            if (template.StartsWith("/_test_url_cache_", StringComparison.Ordinal)) continue;
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                routes.Add(new AppRoute(method, template, anonymous));
        }
        routes.Add(new AppRoute("GET", "/lib/htmx/htmx.min.js", true));
        routes.Add(new AppRoute("GET", "/app/portal.js", true));
        routes.Add(new AppRoute("GET", "/no-such-page", true));
        routes.Add(new AppRoute("GET", "/", true));
        return routes.DistinctBy(r => (r.Method, r.Template)).OrderBy(r => r.Template, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal).ToList();
    }

    static string Name(HostileCase hostile) => $"{hostile.Request.Method} {Excerpt(hostile.Request.Target)} [{hostile.Kind}]";

    static string Excerpt(string text) => text.Length <= 120 ? text : text[..120] + "…";

    [GeneratedRegex("<meta name=\"portal-session\" content=\"([^\"]+)\"")]
    private static partial Regex SessionMeta();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();
}
