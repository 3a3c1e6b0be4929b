using System.Text.RegularExpressions;
using FastEndpoints;
using FluentValidation;

namespace BlnkSliceApp.Features.Repair.Rule;

/// <summary>The rule editor: a reporting <c>category</c>, the <c>balance</c> it belongs to (a role's name), and the list's <c>page</c>.</summary>
public sealed partial class Request
{
    [BindFrom("category")] public string? Category { get; set; }
    [BindFrom("balance")] public string? Balance { get; set; }
    [BindFrom("page")] public string? Page { get; set; }

    public string CategoryValue => Category?.Trim() ?? "";

    public int PageNumber => int.TryParse(Page, out var page) && page is >= 1 and <= 100_000 ? page : 1;

    public sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Category)
                .NotEmpty().WithName("category").WithMessage("Choose the category to map.")
                .Must(category => category is null || CategoryShape().IsMatch(category.Trim())).WithName("category")
                .WithMessage("A category is a Stripe reporting category, like new_product (letters, digits and _).");
            RuleFor(r => r.Balance)
                .NotEmpty().WithName("balance").WithMessage("Choose the balance this category belongs to.")
                .Must(balance => string.IsNullOrWhiteSpace(balance) || RepairText.Parse(balance) is not null).WithName("balance")
                .WithMessage("Choose one of the balances listed.");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_]{0,99}$")]
    private static partial Regex CategoryShape();
}
