using BlnkSliceApp.Shared.Stripe;
using FastEndpoints;
using FluentValidation;

namespace BlnkSliceApp.Features.StripeConnection.Connect;

/// <summary>The portal form: one field, <c>secret_key</c>.</summary>
public sealed class Request
{
    [BindFrom("secret_key")]
    public string? SecretKey { get; set; }

    /// <summary>Messages never quote the value: it is a secret even when it is malformed.</summary>
    public sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.SecretKey)
                .NotEmpty().WithMessage("Paste a Stripe secret key to connect an account.")
                .Must(key => StripeKeyFormat.IsWellFormed(key?.Trim()))
                .WithMessage("That is not a Stripe secret key. Paste a secret key (sk_live_... or sk_test_...) or a restricted key (rk_live_... or rk_test_...) from the Stripe dashboard, Developers > API keys.");
        }
    }
}
