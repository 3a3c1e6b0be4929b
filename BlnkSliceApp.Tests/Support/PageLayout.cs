using System.Text.Json;
using Microsoft.Playwright;

namespace BlnkSliceApp.Tests.Support;

/// <summary>
/// Layout and contrast as the browser computed them: what sticks out of the viewport or is cut,
/// and the contrast of a colour against what is painted behind an element.
/// </summary>
public static class PageLayout
{
    /// <summary>
    /// Everything a reader needs (cells, figures, codes, controls, badges) inside the viewport and
    /// not clipped, and no sideways scroll of the page; one line per problem.
    /// </summary>
    public static async Task<IReadOnlyList<string>> CutOrOutsideAsync(IFrame frame)
    {
        var found = await frame.EvaluateAsync<JsonElement>("""
            () => {
              const width = document.documentElement.clientWidth;
              const problems = [];
              const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.dataset.testid ? `[${el.dataset.testid}]` : '') + ` "${(el.innerText || el.value || '').trim().slice(0, 40)}"`;
              if (document.documentElement.scrollWidth > width + 1)
                problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px wide in ${width} px`);
              for (const el of document.querySelectorAll('td, th, dd, dt, code, button, input, select, .badge, .num, .recon-amount, .count, time, a, h1, h2, h3, p, li')) {
                if (el.closest('.visually-hidden, thead, .skip-link')) continue;
                const box = el.getBoundingClientRect();
                if (box.width === 0 || box.height === 0) continue;
                if (box.right > width + 1 || box.left < -1)
                  problems.push(`${name(el)} reaches ${Math.round(box.left)} to ${Math.round(box.right)} px in ${width} px`);
                const style = getComputedStyle(el);
                if (style.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1 && !['INPUT', 'SELECT'].includes(el.tagName))
                  problems.push(`${name(el)} is cut: ${el.scrollWidth} px of content in ${el.clientWidth} px`);
              }
              return problems;
            }
            """);
        return found.EnumerateArray().Select(p => p.GetString()!).Distinct().ToList();
    }

    /// <summary>The tables of the page whose right edge passes the section or card holding them.</summary>
    public static async Task<IReadOnlyList<string>> TablesOutsideTheirCardsAsync(IPage page, string cardSelector)
    {
        var found = await page.EvaluateAsync<JsonElement>("""
            cardSelector => {
              const problems = [];
              for (const table of document.querySelectorAll('table')) {
                const card = table.closest(cardSelector);
                if (!card) continue;
                const tableBox = table.getBoundingClientRect(), cardBox = card.getBoundingClientRect();
                if (tableBox.width === 0) continue;
                const label = table.dataset.testid || table.querySelector('th')?.innerText || '';
                if (tableBox.right > cardBox.right + 1)
                  problems.push(`table ${label} is ${Math.round(tableBox.width)} px in a card of ${Math.round(cardBox.width)} px`);
                for (const inside of table.querySelectorAll('*')) {
                  const box = inside.getBoundingClientRect();
                  if (box.width > 0 && box.right > cardBox.right + 1 && !inside.closest('thead'))
                    { problems.push(`in table ${label}, ${inside.tagName.toLowerCase()} "${(inside.innerText || '').slice(0, 30)}" reaches ${Math.round(box.right)} px, the card ends at ${Math.round(cardBox.right)}`); break; }
                }
              }
              if (document.documentElement.scrollWidth > document.documentElement.clientWidth + 1)
                problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px in ${document.documentElement.clientWidth} px`);
              return problems;
            }
            """, cardSelector);
        return found.EnumerateArray().Select(p => p.GetString()!).ToList();
    }

    /// <summary>Contrast of the focused element's outline (or, for "border", its border) against the background behind it.</summary>
    public static Task<ContrastReading> FocusedAsync(IFrame frame, string part = "outline") =>
        frame.EvaluateAsync<ContrastReading>("""
            part => {
              const el = document.activeElement;
              const rgb = text => (text.match(/[\d.]+/g) || []).map(Number);
              const luminance = ([r, g, b]) => {
                const c = [r, g, b].map(v => v / 255).map(v => v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4));
                return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
              };
              let behind = el.parentElement, background = 'rgb(255, 255, 255)';
              while (behind) {
                const colour = getComputedStyle(behind).backgroundColor, parts = rgb(colour);
                if (parts.length >= 3 && (parts.length === 3 || parts[3] > 0)) { background = colour; break; }
                behind = behind.parentElement;
              }
              const style = getComputedStyle(el);
              const colour = part === 'border' ? style.borderTopColor : style.outlineColor;
              const width = parseFloat(part === 'border' ? style.borderTopWidth : style.outlineWidth) || 0;
              const shown = part === 'border' ? style.borderTopStyle !== 'none' : style.outlineStyle !== 'none';
              const [a, b] = [luminance(rgb(colour)), luminance(rgb(background))];
              return { element: el.id || el.tagName, colour, background, width: shown ? width : 0, ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) };
            }
            """, part);
}

public sealed class ContrastReading
{
    public string Element { get; set; } = "";
    public string Colour { get; set; } = "";
    public string Background { get; set; } = "";
    public double Width { get; set; }
    public double Ratio { get; set; }

    public override string ToString() => $"{Element}: {Colour} on {Background}, {Width} px, {Ratio:0.00}:1";
}
