using System.Text;
using System.Text.Json.Nodes;

namespace BlnkSliceApp.DevCloud.Proof.Hostile;

/// <summary>A route of the app as its endpoint metadata states it.</summary>
public sealed record AppRoute(string Method, string Template, bool Anonymous)
{
    public bool IsCloudRoute => Template.StartsWith("/api/", StringComparison.Ordinal);
    public bool IsPortal => Template.StartsWith("/portal", StringComparison.Ordinal);
    public bool NeedsSession => !Anonymous;
    public bool IsEnter => Template == "/portal/enter";
}

/// <summary>
/// One generated request and what it may get back. <see cref="MustRefuse"/>: a readable 4xx.
/// Otherwise (a valid session reading a view with junk around it, an anonymous probe) any
/// answer but a 5xx. <see cref="ProtocolLevel"/>: malformed HTTP that Kestrel itself refuses
/// before the app sees it (its 400/431 carry no body).
/// </summary>
public sealed record HostileCase(string Kind, AppRoute Route, RawRequest Request, bool MustRefuse, bool ProtocolLevel = false);

/// <summary>What the generator may reuse: a live session, a dead one, a used launch link, the real install's ids.</summary>
public sealed record HostileMaterial(string ValidSession, string RevokedSession, string UsedLaunchToken, string InstalledAppId, string AppId, string InstanceId);

/// <summary>
/// Generates hostile requests for every route, from a seed (the same seed, the same requests).
/// Every request that could change something is defective by construction: a Cloud body is
/// malformed, oversized, too deep, wrongly typed or names an id Cloud could never send; a portal
/// request that could change something carries no valid session.
/// </summary>
public sealed class HostileRequests(HostileMaterial material, int seed)
{
    readonly Random _random = new(seed);

    static readonly string[] WrongMethods = ["PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "CONNECT", "FOO", "P0ST"];

    /// <summary>Ids no Cloud sends: control characters, invisible and direction marks, look-alikes, lone surrogates, overlong text.</summary>
    static readonly string[] UnicodeIds =
    [
        "instapp_\u0000", "instapp_\u0007bell", "ınstapp_dotless", "İNSTAPP_DOTTED", "instapp_\u202Eevil", "instapp_\u200B", "\uFEFFinstapp_bom",
        "ｉｎｓｔａｐｐ＿fullwidth", "instаpp_cyrillic_a", "instapp_e\u0301\u0301\u0301\u0301", "instapp_😀👨‍👩‍👧", "instapp_\uD800", "instapp_\uDFFF",
        "instapp_\uFFFF", "instapp_\u2028line", "instapp_../../etc", "instapp_%00", "instapp_<script>", "instapp_'; DROP", "instapp_ \t ",
        "instapp_" + new string('Z', 250), "instapp_" + string.Concat(Enumerable.Repeat("ﷺ", 100)), "", " ", "\u3000",
    ];

    static readonly string[] MalformedJson =
    [
        "{", "}", "{\"installed_app_id\":}", "[1,2", "nul", "{\"a\":1,}", "{'installed_app_id':'x'}", "{\"a\":1}garbage", "{\"a\":NaN}",
        "{\"a\":Infinity}", "/* comment */ {}", "{\"a\":\"\\u12\"}", "{\"a\":\"unterminated}", "\u00EF\u00BB\u00BF{", "{\"a\" \"b\"}", "{\"a\":01}",
        "{\"a\":1e99999}", "{\"a\":-}", "{\"a\":\"\t\"}", "{\"a\":tru}", "\"just a string\"", "42", "[]", "null", "true", "{\"\":{\"\":{\"\":}}}",
    ];

    static readonly string[] JunkQueries =
    [
        "?a=%zz", "?%00=%00", "?token=%c0%af", "?" + string.Join('&', Enumerable.Range(0, 500).Select(i => $"p{i}=v")), "?reason=%ff%fe",
        "?x=" + new string('a', 6000), "?token=a&token=b&token=c", "?page=-1&pageSize=99999999999", "?q=%F0%9F%98%80%ED%A0%80", "?=&=&&",
    ];

    static readonly string[] BadPathSuffixes = ["/../../appsettings.json", "/%2e%2e/%2e%2e/appsettings.json", "/..%2f..%2fdev-secrets.json", "%00", "/%c0%ae%c0%ae/", "//", "/x%5c..%5c..%5cblnkslice.db", "/.", ";jsessionid=1"];

    public IEnumerable<HostileCase> For(IReadOnlyList<AppRoute> routes, int total)
    {
        foreach (var route in routes)
            foreach (var fixedCase in Fixed(route))
                yield return fixedCase;
        var perRoute = Math.Max(1, total / Math.Max(1, routes.Count));
        foreach (var route in routes)
            for (var i = 0; i < perRoute; i++)
                yield return Random(route);
    }

    /// <summary>Malformed HTTP and header trouble, once per route.</summary>
    IEnumerable<HostileCase> Fixed(AppRoute route)
    {
        var path = Path(route);
        var body = route.Method == "POST" ? Encoding.UTF8.GetBytes("{}") : [];
        yield return Protocol("missing Host", route, new RawRequest(route.Method, path, [], body, OmitHost: true));
        yield return Protocol("two Host headers", route, new RawRequest(route.Method, path, [("Host", "localhost"), ("Host", "evil.example")], body));
        yield return Protocol("Host with a space", route, new RawRequest(route.Method, path, [("Host", "exa mple.com")], body));
        yield return Protocol("Host with control bytes", route, new RawRequest(route.Method, path, [("Host", "local\u0001host")], body));
        yield return Protocol("Host with an unclosed bracket", route, new RawRequest(route.Method, path, [("Host", "[::1")], body));
        yield return Protocol("Host with a bad port", route, new RawRequest(route.Method, path, [("Host", "localhost:99999999")], body));
        yield return Protocol("header with a bare CR", route, new RawRequest(route.Method, path, [("X-Junk", "a\rb")], body));
        yield return Protocol("header name with a space", route, new RawRequest(route.Method, path, [("X Junk", "1")], body));
        yield return Protocol("64 KiB header", route, new RawRequest(route.Method, path, [("X-Big", new string('h', 64 * 1024))], body));
        yield return Protocol("two different Content-Lengths", route, new RawRequest(route.Method, path, [("Content-Length", "2"), ("Content-Length", "3"), ("Content-Type", "application/json")], body));
        // RFC 9112: Transfer-Encoding overrides Content-Length; Kestrel serves it that way.
        yield return Lenient("Content-Length with Transfer-Encoding", route, new RawRequest(route.Method, path, [("Content-Length", "2"), ("Transfer-Encoding", "chunked"), ("Content-Type", "application/json")], Encoding.ASCII.GetBytes("2\r\n{}\r\n0\r\n\r\n")));
        yield return Protocol("negative Content-Length", route, new RawRequest(route.Method, path, [("Content-Length", "-5")], []));
        yield return Protocol("request line with a bare LF", route, new RawRequest(route.Method, path + " \n", [], []));
        yield return Protocol("target with a raw space", route, new RawRequest(route.Method, path + "/a b", [], []));
        yield return Protocol("target with a raw non-ASCII byte", route, new RawRequest(route.Method, path + "/\u00e9", [], []));
        yield return Protocol("absolute target for another host", route, new RawRequest(route.Method, "http://evil.example" + path, [], body));
        // A handler that never reads the body answers before the missing bytes matter.
        yield return Lenient("HTTP/1.1 body shorter than its Content-Length", route,
            new RawRequest(route.Method, path, [("Content-Length", "100"), ("Content-Type", "application/json")], Encoding.UTF8.GetBytes("{\"a\":1}")));
        // Foreign but well-formed Host headers reach the app: it never builds an address from Host.
        var refusable = route.NeedsSession || route.IsCloudRoute;
        yield return Case("foreign Host", route, Anonymous(route, path, [("Host", "evil.example")], body), mustRefuse: refusable);
        yield return Case("Host of Cloud's egress address", route, Anonymous(route, path, [("Host", "161.35.166.95")], body), mustRefuse: refusable);
        yield return Case("expect 100-continue", route, Anonymous(route, path, [("Expect", "100-continue")], body), mustRefuse: refusable);
    }

    HostileCase Random(AppRoute route) => _random.Next(10) switch
    {
        0 => WrongMethod(route),
        1 or 2 or 3 when route.IsCloudRoute => CloudBody(route),
        1 or 2 when route.NeedsSession => BadSession(route),
        3 when route.NeedsSession && route.Method == "GET" && _random.Next(2) == 0 => ValidSessionJunk(route),
        3 when route.NeedsSession => DuplicatedSession(route),
        4 => Oversized(route),
        5 => Deep(route),
        6 when route.IsEnter => EnterToken(route),
        6 => JunkHeaders(route),
        7 => JunkQuery(route),
        8 => BadPath(route),
        _ => route.IsCloudRoute ? CloudBody(route) : route.NeedsSession ? BadSession(route) : route.IsEnter ? EnterToken(route) : JunkQuery(route),
    };

    HostileCase WrongMethod(AppRoute route)
    {
        var method = Pick(WrongMethods);
        var headers = route.NeedsSession && _random.Next(2) == 0 ? Session(material.ValidSession) : [];
        var request = new RawRequest(method, Path(route), headers, Body(route));
        // A route parameter filled with NUL is refused by Kestrel before any method check, like every wire-invalid target.
        return new HostileCase($"wrong method {method}", route, request, MustRefuse: true,
            ProtocolLevel: method is "CONNECT" or "P0ST" || WireInvalid(request));
    }

    /// <summary>A Cloud call whose body is never one Cloud sends.</summary>
    HostileCase CloudBody(AppRoute route)
    {
        var choice = _random.Next(7);
        var (kind, bytes, contentType) = choice switch
        {
            0 => ("malformed JSON", Encoding.UTF8.GetBytes(Pick(MalformedJson)), "application/json"),
            1 => ("invalid UTF-8", InvalidUtf8(), "application/json; charset=utf-8"),
            2 => ("wrong type", Encoding.UTF8.GetBytes(WrongType(route).ToJsonString()), "application/json"),
            3 => ("unicode id", Encoding.UTF8.GetBytes(UnicodeId(route).ToJsonString()), "application/json"),
            4 => ("lone surrogate escape", Encoding.UTF8.GetBytes($"{{\"installed_app_id\":\"instapp_\\ud800\",\"app_id\":\"{material.AppId}\",\"instance_id\":\"{material.InstanceId}\",\"idempotency_key\":\"install:instapp_\\ud800\",\"api_key\":\"blnk_x\",\"api_key_prefix\":\"blnk_x\",\"granted_permissions\":[\"data:read\"]}}"), "application/json"),
            5 => ("not JSON", Encoding.UTF8.GetBytes("installed_app_id=" + material.InstalledAppId), Pick(["application/x-www-form-urlencoded", "text/plain", "application/xml", "multipart/form-data; boundary=x", ""])),
            _ => ("conflicting event", Encoding.UTF8.GetBytes(Conflicting().ToJsonString()), "application/json"),
        };
        var headers = new List<(string, string)>();
        if (contentType.Length > 0) headers.Add(("Content-Type", contentType));
        if (_random.Next(4) == 0) headers.Add(("Content-Type", Pick(["application/json", "text/plain"])));
        return Case(kind, route, new RawRequest("POST", Path(route), headers, bytes), mustRefuse: true);
    }

    /// <summary>The shape Cloud sends with one field's type wrong, for fresh ids (and never a valid event).</summary>
    JsonObject WrongType(AppRoute route)
    {
        var body = Template(route, $"instapp_{Guid.NewGuid():N}"[..20]);
        var fields = body.Select(pair => pair.Key).Where(key => key is "installed_app_id" or "app_id" or "instance_id" or "granted_permissions" or "api_key" or "idempotency_key").ToList();
        var field = Pick(fields.ToArray());
        body[field] = field == "granted_permissions" ? Pick<JsonNode?>([JsonValue.Create("data:read"), JsonValue.Create(7), new JsonObject { ["a"] = 1 }, new JsonArray(1, 2), new JsonArray(new JsonArray("x")), null])
            : Pick<JsonNode?>([JsonValue.Create(12345), JsonValue.Create(true), JsonValue.Create(1.5e308), new JsonArray("a"), new JsonObject { ["$ne"] = "" }, null]);
        return body;
    }

    JsonObject UnicodeId(AppRoute route) => Template(route, Pick(UnicodeIds));

    /// <summary>Install and uninstall at once, or an unknown event.</summary>
    JsonObject Conflicting()
    {
        var id = $"instapp_{Guid.NewGuid():N}"[..20];
        var body = Template(new AppRoute("POST", "/api/callback", true), id);
        switch (_random.Next(3))
        {
            case 0: body["uninstalled_at"] = "2026-01-01T00:00:00Z"; break;
            case 1: body["idempotency_key"] = $"reinstall:{id}"; body.Remove("api_key"); break;
            default: body["idempotency_key"] = $"uninstall:{id}"; body["uninstalled_at"] = "yesterday"; body.Remove("api_key"); break;
        }
        return body;
    }

    JsonObject Template(AppRoute route, string installedAppId)
    {
        var body = new JsonObject
        {
            ["installed_app_id"] = installedAppId,
            ["app_id"] = material.AppId,
            ["instance_id"] = $"inst_{Guid.NewGuid():N}"[..17],
        };
        if (route.Template != "/api/callback") return body;
        body["api_key"] = $"blnk_{Guid.NewGuid():N}";
        body["api_key_prefix"] = "blnk_";
        body["granted_permissions"] = new JsonArray("data:read", "data:write");
        body["idempotency_key"] = $"install:{installedAppId}";
        return body;
    }

    HostileCase BadSession(AppRoute route)
    {
        var valid = material.ValidSession;
        var parts = valid.Split('.');
        var token = _random.Next(11) switch
        {
            0 => "",
            1 => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(_random.Next(1, 96))),
            2 => "a.b.c",
            3 => $"{parts[0]}.99999999999999.{parts[2]}",
            4 => $"{parts[0]}.{parts[1]}.{new string(parts[2].Reverse().ToArray())}",
            5 => valid[..^1],
            6 => material.RevokedSession,
            7 => valid + "." + valid,
            8 => new string('x', 8000),
            9 => $"{parts[0]}.{parts[1]}.{parts[2]}\u00e9",
            _ => Pick(UnicodeIds),
        };
        var headers = token.Length == 0 ? new List<(string, string)>() : [("X-Portal-Session", token)];
        if (_random.Next(2) == 0) headers.Add(("HX-Request", "true"));
        var contentType = route.Method == "POST" ? Pick(["application/x-www-form-urlencoded", "application/json", "text/plain"]) : null;
        if (contentType is not null) headers.Add(("Content-Type", contentType));
        return Case($"session: {Describe(token)}", route, new RawRequest(route.Method, Path(route), headers, Body(route)), mustRefuse: true,
            protocolLevel: token.Any(c => c > 0x7F));
    }

    HostileCase DuplicatedSession(AppRoute route)
    {
        var other = _random.Next(2) == 0 ? material.RevokedSession : "junk.1.junk";
        (string, string)[] headers = _random.Next(2) == 0
            ? [("X-Portal-Session", material.ValidSession), ("X-Portal-Session", other), ("HX-Request", "true")]
            : [("X-Portal-Session", other), ("X-Portal-Session", material.ValidSession), ("HX-Request", "true")];
        return Case("two session headers", route, new RawRequest(route.Method, Path(route), headers, Body(route)), mustRefuse: true);
    }

    /// <summary>A live session reading a view with junk around it: served or refused, never a 5xx and never a change.</summary>
    HostileCase ValidSessionJunk(AppRoute route)
    {
        var headers = new List<(string, string)> { ("X-Portal-Session", material.ValidSession) };
        if (_random.Next(2) == 0) headers.Add(("HX-Request", Pick(["true", "false", "", "TRUE", "1"])));
        if (_random.Next(2) == 0) headers.Add(("HX-Request", "true"));
        if (_random.Next(2) == 0) headers.Add(("HX-Current-URL", Pick(["javascript:alert(1)", "http://evil.example/", new string('u', 4000)])));
        if (_random.Next(2) == 0) headers.Add(("Accept-Language", Pick(["zz-ZZ", "*;q=abc", "tr-TR", "ar-SA,he;q=0.5", new string('e', 2000)])));
        return Case("valid session, junk around it", route, new RawRequest("GET", Path(route) + Pick(JunkQueries), headers, []), mustRefuse: false);
    }

    HostileCase Oversized(AppRoute route)
    {
        var size = Pick([65 * 1024, 300 * 1024, 2 * 1024 * 1024]);
        var chunked = _random.Next(2) == 0 && !route.NeedsSession;
        var payload = "{\"installed_app_id\":\"" + new string('A', size) + "\"}";
        var bytes = Encoding.UTF8.GetBytes(payload);
        var headers = new List<(string, string)> { ("Content-Type", route.IsPortal ? "application/x-www-form-urlencoded" : "application/json") };
        // A valid session only with a declared length: it is refused before anything reads the body.
        if (route.NeedsSession) headers.Add(("X-Portal-Session", _random.Next(2) == 0 ? material.ValidSession : material.RevokedSession));
        if (chunked)
        {
            headers.Add(("Transfer-Encoding", "chunked"));
            bytes = Chunked(bytes);
        }
        var method = route.Method == "GET" ? "POST" : route.Method;
        return Case($"oversized body {size / 1024} KiB{(chunked ? " chunked" : "")}", route, new RawRequest(method, Path(route), headers, bytes), mustRefuse: true);
    }

    HostileCase Deep(AppRoute route)
    {
        var depth = Pick([100, 1_000, 10_000]);
        var open = _random.Next(2) == 0 ? "[" : "{\"a\":";
        var close = open == "[" ? "]" : "}";
        var nested = string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));
        var payload = _random.Next(2) == 0 ? nested : $"{{\"installed_app_id\":{nested},\"app_id\":\"{material.AppId}\",\"instance_id\":\"{material.InstanceId}\"}}";
        var headers = new List<(string, string)> { ("Content-Type", "application/json") };
        if (route.NeedsSession) headers.Add(("X-Portal-Session", material.RevokedSession));
        var method = route.Method == "GET" && !route.NeedsSession ? "POST" : route.Method;
        return Case($"JSON nested {depth} deep", route, new RawRequest(method, Path(route), headers, Encoding.UTF8.GetBytes(payload)), mustRefuse: true);
    }

    HostileCase EnterToken(AppRoute route)
    {
        var token = _random.Next(6) switch
        {
            0 => material.UsedLaunchToken,
            1 => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_'),
            2 => Uri.EscapeDataString(Pick(UnicodeIds)),
            3 => material.UsedLaunchToken + "&token=" + material.UsedLaunchToken,
            4 => new string('t', 5000),
            _ => "%00%ff%fe",
        };
        return Case("launch token: replayed or made up", route, new RawRequest("GET", $"{route.Template}?token={token}", [], []), mustRefuse: true);
    }

    HostileCase JunkHeaders(AppRoute route)
    {
        var headers = new List<(string, string)>
        {
            ("Content-Type", Pick(["application/json", "application/json; charset=utf-16", "application/json; charset=\"\"", "text/html", "*/*", ";;;", "application/x-www-form-urlencoded; boundary=\u00ff"])),
            ("Content-Type", Pick(["text/plain", "application/json"])),
            ("Accept", Pick(["*/*", "application/xml", "text/html;q=abc", ""])),
            ("X-Forwarded-For", Pick(["161.35.166.95", "127.0.0.1, 161.35.171.250", "not-an-ip", "::ffff:999.1.1.1"])),
            ("X-Forwarded-Host", "evil.example"),
            ("X-Forwarded-Proto", "gopher"),
            ("Cookie", "session=" + material.ValidSession),
            ("Authorization", "Bearer " + material.ValidSession),
        };
        if (route.NeedsSession) headers.Add(("X-Portal-Session", material.RevokedSession));
        return Case("junk and duplicated headers", route, new RawRequest(route.Method, Path(route), headers, Body(route)), mustRefuse: !route.Anonymous || route.IsCloudRoute);
    }

    HostileCase JunkQuery(AppRoute route)
    {
        var headers = new List<(string, string)>();
        if (route.IsCloudRoute) headers.Add(("Content-Type", "application/json"));
        if (route.NeedsSession) headers.Add(("X-Portal-Session", Pick([material.RevokedSession, "junk"])));
        var body = route.IsCloudRoute ? Encoding.UTF8.GetBytes(WrongType(route).ToJsonString()) : Body(route);
        return Case("junk query string", route, new RawRequest(route.Method, Path(route) + Pick(JunkQueries), headers, body), mustRefuse: !route.Anonymous || route.IsCloudRoute);
    }

    HostileCase BadPath(AppRoute route)
    {
        var suffix = Pick(BadPathSuffixes);
        var headers = route.NeedsSession ? Session(material.RevokedSession) : [];
        return Case("path trickery", route, new RawRequest(route.Method, Path(route) + suffix, headers, Body(route)), mustRefuse: route.NeedsSession || route.IsCloudRoute);
    }

    /// <summary>The route's template with any parameter filled with something hostile.</summary>
    string Path(AppRoute route) => System.Text.RegularExpressions.Regex.Replace(route.Template, "\\{[^}]+\\}",
        _ => Uri.EscapeDataString(Pick(["..", "%2e", "x' OR 1=1", "😀", new string('9', 40), "-1", "run_" + Guid.NewGuid().ToString("N"), "\u0000"])));

    byte[] Body(AppRoute route) => route.Method == "GET" ? [] : route.IsCloudRoute ? Encoding.UTF8.GetBytes(Pick(MalformedJson)) : Encoding.UTF8.GetBytes("a=1&b=%zz&c");

    static List<(string, string)> Session(string token) => [("X-Portal-Session", token), ("HX-Request", "true")];

    RawRequest Anonymous(AppRoute route, string path, List<(string, string)> headers, byte[] body)
    {
        if (route.IsCloudRoute) headers.Add(("Content-Type", "application/json"));
        if (route.NeedsSession) headers.Add(("X-Portal-Session", material.RevokedSession));
        return new RawRequest(route.Method, path, headers, route.IsCloudRoute ? Encoding.UTF8.GetBytes(WrongType(route).ToJsonString()) : body);
    }

    static byte[] InvalidUtf8()
    {
        var prefix = Encoding.UTF8.GetBytes("{\"installed_app_id\":\"instapp_");
        byte[] bad = [0xC0, 0xAF, 0xED, 0xA0, 0x80, 0xFF, 0xFE, 0xF8, 0x88, 0x80, 0x80, 0x80];
        var suffix = Encoding.UTF8.GetBytes("\",\"app_id\":\"app\",\"instance_id\":\"inst\",\"api_key\":\"blnk_k\",\"api_key_prefix\":\"blnk_\",\"granted_permissions\":[],\"idempotency_key\":\"install:x\"}");
        return [.. prefix, .. bad, .. suffix];
    }

    static byte[] Chunked(byte[] body)
    {
        using var chunks = new MemoryStream();
        for (var offset = 0; offset < body.Length; offset += 8192)
        {
            var size = Math.Min(8192, body.Length - offset);
            chunks.Write(Encoding.ASCII.GetBytes($"{size:x}\r\n"));
            chunks.Write(body, offset, size);
            chunks.Write("\r\n"u8);
        }
        chunks.Write("0\r\n\r\n"u8);
        return chunks.ToArray();
    }

    /// <summary>Kestrel itself refuses (400, no body) heads with bytes outside printable ASCII and paths that decode to NUL or invalid UTF-8.</summary>
    static HostileCase Case(string kind, AppRoute route, RawRequest request, bool mustRefuse = false, bool protocolLevel = false) =>
        new(kind, route, request, mustRefuse, protocolLevel || WireInvalid(request));

    static bool WireInvalid(RawRequest request) =>
        request.Headers.Any(h => h.Value.Any(c => c is < ' ' or > '~' && c != '\t'))
        || request.Target.Any(c => c is <= ' ' or > '~')
        || System.Text.RegularExpressions.Regex.IsMatch(request.Target, "%(00|[c-fC-F][0-9a-fA-F]|[89a-bA-B][0-9a-fA-F])");

    static HostileCase Protocol(string kind, AppRoute route, RawRequest request) => new(kind, route, request, MustRefuse: true, ProtocolLevel: true);

    /// <summary>Malformed on the wire but servable: refused by Kestrel or the app, or served when nothing depends on the defect.</summary>
    static HostileCase Lenient(string kind, AppRoute route, RawRequest request) =>
        new(kind, route, request, MustRefuse: route.NeedsSession || route.IsCloudRoute, ProtocolLevel: true);

    static string Describe(string token) => token.Length == 0 ? "none" : token.Length > 24 ? token[..12] + "…" : token;

    T Pick<T>(T[] choices) => choices[_random.Next(choices.Length)];
}
