using FastEndpoints;
using FluentValidation;

namespace BlnkSliceApp.Features.StripeWebhooks.Save;

/// <summary>The portal form: one field, <c>signing_secret</c>.</summary>
public sealed class Request
{
    [BindFrom("signing_secret")]
    public string? SigningSecret { get; set; }

    /// <summary>Messages never quote the value: it is a secret even when it is malformed.</summary>
    public sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.SigningSecret)
                .NotEmpty().WithMessage("Paste the endpoint's signing secret from Stripe.")
                .Must(secret => WebhookSecretFormat.IsWellFormed(secret?.Trim()))
                .WithMessage("That is not a webhook signing secret. In Stripe's dashboard, open the endpoint under Developers › Webhooks and reveal its signing secret: it starts with whsec_.");
        }
    }
}
