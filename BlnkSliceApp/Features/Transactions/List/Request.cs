using System.Globalization;
using System.Text.RegularExpressions;
using FastEndpoints;
using FluentValidation;

namespace BlnkSliceApp.Features.Transactions.List;

/// <summary>
/// The view's query string: <c>from</c> and <c>to</c> (UTC days, yyyy-MM-dd, both included),
/// <c>currency</c>, <c>category</c>, <c>customer</c> (cus_...), <c>q</c> (a Stripe id or a Blnk
/// reference), and the pager's <c>cursor</c>, <c>dir</c> (older, newer) and <c>page</c>. All text, so
/// that anything malformed is answered with its message next to its field, never a bare 400.
/// </summary>
public sealed partial class Request
{
    [QueryParam] public string? From { get; set; }
    [QueryParam] public string? To { get; set; }
    [QueryParam] public string? Currency { get; set; }
    [QueryParam] public string? Category { get; set; }
    [QueryParam] public string? Customer { get; set; }
    [QueryParam, BindFrom("q")] public string? Q { get; set; }
    [QueryParam] public string? Cursor { get; set; }
    [QueryParam] public string? Dir { get; set; }
    [QueryParam] public string? Page { get; set; }

    public static readonly string[] Fields = ["from", "to", "currency", "category", "customer", "q", "cursor", "dir", "page"];

    public IReadOnlyDictionary<string, string?> Values() => new Dictionary<string, string?>
    {
        ["from"] = From, ["to"] = To, ["currency"] = Currency, ["category"] = Category, ["customer"] = Customer, ["q"] = Q,
    };

    public TransactionQuery ToQuery() => new()
    {
        From = Date(From),
        To = Date(To),
        Currency = Blank(Currency)?.ToUpperInvariant(),
        Category = Blank(Category)?.ToLowerInvariant(),
        Customer = Blank(Customer),
        Search = Blank(Q),
    };

    public string? CursorValue => Blank(Cursor);

    public bool Newer => Blank(Dir) == "newer";

    public int PageNumber => int.TryParse(Page, NumberStyles.None, CultureInfo.InvariantCulture, out var page) ? page : 1;

    static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    static DateOnly? Date(string? value) =>
        DateOnly.TryParseExact(Blank(value), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    public sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.From).Must(v => Blank(v) is null || Date(v) is not null).WithName("from")
                .WithMessage("Enter the first day as a date (yyyy-mm-dd).");
            RuleFor(r => r.To).Must(v => Blank(v) is null || Date(v) is not null).WithName("to")
                .WithMessage("Enter the last day as a date (yyyy-mm-dd).");
            RuleFor(r => r.To).Must((r, _) => Date(r.From) is not { } from || Date(r.To) is not { } to || to >= from).WithName("to")
                .WithMessage("The last day cannot come before the first.");
            RuleFor(r => r.Currency).Must(v => Blank(v) is null || CurrencyShape().IsMatch(v!.Trim())).WithName("currency")
                .WithMessage("A currency is three letters, like USD or JPY.");
            RuleFor(r => r.Category).Must(v => Blank(v) is null || CategoryShape().IsMatch(v!.Trim())).WithName("category")
                .WithMessage("A category is a Stripe reporting category, like charge or refund (letters and _).");
            RuleFor(r => r.Customer).Must(v => Blank(v) is null || CustomerShape().IsMatch(v!.Trim())).WithName("customer")
                .WithMessage("A customer is a Stripe customer id: cus_ followed by letters and digits.");
            RuleFor(r => r.Q).Must(v => Blank(v) is null || StripeIdShape().IsMatch(v!.Trim()) || ReferenceShape().IsMatch(v!.Trim())).WithName("q")
                .WithMessage("Search by a Stripe id (txn_, ch_, re_, dp_, po_, cus_, pi_ ...) or a Blnk reference (stripe:txn_...).");
            RuleFor(r => r.Cursor).Must(v => Blank(v) is null || CursorShape().IsMatch(v!.Trim())).WithName("cursor")
                .WithMessage("That page link is not one this view made; open the view again.");
            RuleFor(r => r.Dir).Must(v => Blank(v) is null or "older" or "newer").WithName("dir")
                .WithMessage("That page link is not one this view made; open the view again.");
            RuleFor(r => r.Page).Must(v => Blank(v) is null || (int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 1_000_000)).WithName("page")
                .WithMessage("page must be a whole number from 1.");
        }
    }

    [GeneratedRegex("^[A-Za-z]{3}$")]
    private static partial Regex CurrencyShape();

    [GeneratedRegex("^[a-z][a-z_]{0,59}$", RegexOptions.IgnoreCase)]
    private static partial Regex CategoryShape();

    [GeneratedRegex("^cus_[A-Za-z0-9]{1,100}$")]
    private static partial Regex CustomerShape();

    [GeneratedRegex("^[a-z]{1,10}_[A-Za-z0-9_]{1,200}$")]
    private static partial Regex StripeIdShape();

    [GeneratedRegex("^stripe:[A-Za-z0-9_:.-]{1,250}$")]
    private static partial Regex ReferenceShape();

    [GeneratedRegex(@"^\d{12}\|[A-Za-z0-9_:.-]{1,250}\|\d{2}$")]
    private static partial Regex CursorShape();
}
