using Microsoft.Playwright;

namespace BlnkSliceApp.Tests.Support;

/// <summary>
/// What a browser context reported while a test drove it, from every frame, the cross-site
/// portal's too: Content-Security-Policy violations (the event, and Chromium's console line),
/// uncaught script errors, and the requests htmx sent.
/// </summary>
public sealed class BrowserWatch
{
    // Runs in every frame before its own scripts; CDP injects it, so the portal's CSP does not apply to it.
    const string ViolationListener = """
        document.addEventListener('securitypolicyviolation', e =>
          console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} in ${e.documentURI} from ${e.sourceFile || '?'}:${e.lineNumber}:${e.columnNumber} on ${e.target && e.target.nodeName} ${e.target && e.target.outerHTML ? e.target.outerHTML.slice(0, 120) : ''} sample ${e.sample || ''}`), true);
        """;

    readonly List<string> _cspViolations = [];
    readonly List<string> _scriptErrors = [];
    readonly List<IRequest> _htmxRequests = [];

    public IReadOnlyList<string> CspViolations { get { lock (_cspViolations) return [.. _cspViolations]; } }
    public IReadOnlyList<string> ScriptErrors { get { lock (_scriptErrors) return [.. _scriptErrors]; } }
    public IReadOnlyList<IRequest> HtmxRequests { get { lock (_htmxRequests) return [.. _htmxRequests]; } }

    public static async Task<BrowserWatch> AttachAsync(IBrowserContext context, IPage page)
    {
        var watch = new BrowserWatch();
        await context.AddInitScriptAsync(ViolationListener);
        page.Console += (_, message) =>
        {
            if (message.Text.StartsWith("CSP violation", StringComparison.Ordinal) || message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
                lock (watch._cspViolations) watch._cspViolations.Add(message.Text);
        };
        page.PageError += (_, error) => { lock (watch._scriptErrors) watch._scriptErrors.Add(error); };
        page.Request += (_, request) =>
        {
            if (request.Headers.ContainsKey("hx-request")) lock (watch._htmxRequests) watch._htmxRequests.Add(request);
        };
        return watch;
    }
}
