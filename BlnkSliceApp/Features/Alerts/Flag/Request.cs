using FastEndpoints;
using FluentValidation;

namespace BlnkSliceApp.Features.Alerts.Flag;

/// <summary>Flag for review: the ledger reference of the posting (a Transactions row's button carries it).</summary>
public sealed class Request
{
    [BindFrom("reference")]
    public string? Reference { get; set; }

    public sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Reference)
                .NotEmpty().WithMessage("Choose a posting to flag.")
                .MaximumLength(300).WithMessage("That is not a ledger reference of this app.")
                .Must(reference => reference is null || (reference.StartsWith("stripe:", StringComparison.Ordinal) && reference.All(c => c is >= '!' and <= '~')))
                .WithMessage("That is not a ledger reference of this app.");
        }
    }
}
