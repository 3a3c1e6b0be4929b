using System.Text.RegularExpressions;
using FastEndpoints;
using FluentValidation;

namespace BlnkSliceApp.Features.Payouts;

/// <summary>A payout named in the route: a Stripe payout id (<c>po_</c> and letters or digits).</summary>
public sealed partial class PayoutIdRequest
{
    public string? PayoutId { get; set; }

    public sealed class Validator : Validator<PayoutIdRequest>
    {
        public Validator() =>
            RuleFor(r => r.PayoutId)
                .Must(id => id is not null && PayoutIdShape().IsMatch(id))
                .WithMessage("That is not a Stripe payout id (po_ followed by letters and digits).");
    }

    [GeneratedRegex("^po_[A-Za-z0-9]{1,100}$")]
    private static partial Regex PayoutIdShape();
}
