using System.Text.RegularExpressions;
using FastEndpoints;
using FluentValidation;

namespace BlnkSliceApp.Features.Repair.Retry;

/// <summary>
/// The Retry form: one refused posting's <c>reference</c>, or <c>all=true</c> for every refused
/// posting; the <c>page</c> of the list it was on. The Transactions view's row button sends the
/// reference in the query instead (with <c>from=transactions</c>). All text, so that anything
/// malformed is a message, never a bare 400.
/// </summary>
public sealed partial class Request
{
    [BindFrom("reference")] public string? Reference { get; set; }
    [BindFrom("all")] public string? All { get; set; }
    [BindFrom("page")] public string? Page { get; set; }
    [BindFrom("from")] public string? From { get; set; }

    public bool Everything => string.Equals(All?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    public string? ReferenceValue => string.IsNullOrWhiteSpace(Reference) ? null : Reference.Trim();

    public int PageNumber => int.TryParse(Page, out var page) && page is >= 1 and <= 100_000 ? page : 1;

    public bool FromTransactions => From == "transactions";

    public sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Reference)
                .Must((r, reference) => r.Everything || !string.IsNullOrWhiteSpace(reference))
                .WithMessage("Choose a refused posting to retry.")
                .Must(reference => string.IsNullOrWhiteSpace(reference) || ReferenceShape().IsMatch(reference.Trim()))
                .WithMessage("That is not a ledger reference of this app (stripe:...).");
            RuleFor(r => r.All).Must(all => all is null || all.Trim() is "true" or "false" or "")
                .WithMessage("all must be true or false.");
        }
    }

    [GeneratedRegex("^stripe:[A-Za-z0-9_:.-]{1,250}$")]
    private static partial Regex ReferenceShape();
}
