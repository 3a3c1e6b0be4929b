using System.Text.Json;
using Microsoft.Playwright;

namespace BlnkSliceApp.Tests.Support;

/// <summary>
/// axe-core (vendored from its npm package under Support/AxeCore, with its licence; never served
/// by the app) run inside a frame. It is evaluated through the DevTools protocol rather than added
/// as a script tag: the portal's CSP refuses inline scripts, and a refusal would itself be a
/// CSP violation the tests look for.
/// </summary>
public static class Axe
{
    static readonly Lazy<string> Source = new(() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Support", "AxeCore", "axe.min.js")));

    /// <summary>The serious and critical violations on the frame's page, one line each (rule, help, where).</summary>
    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IFrame frame)
    {
        if (!await frame.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
            await frame.EvaluateAsync(Source.Value);
        var found = await frame.EvaluateAsync<JsonElement>("""
            async () => {
              const result = await axe.run(document, { resultTypes: ['violations'], runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
              return result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.slice(0, 4).map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\s+/g, ' ')).join(' | ')}`);
            }
            """);
        return found.EnumerateArray().Select(v => v.GetString()!).ToList();
    }
}
