using FastEndpoints;
using FluentValidation;

namespace BlnkSliceApp.Features.Alerts.Resolve;

/// <summary>The Resolve form: the Cloud alert's id and the page of the list it was on.</summary>
public sealed class Request
{
    [BindFrom("alert_id")]
    public string? AlertId { get; set; }

    public int? Page { get; set; }

    public sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.AlertId)
                .NotEmpty().WithMessage("Choose an alert to resolve.")
                .MaximumLength(200).WithMessage("That is not an alert id.")
                .Must(id => id is null || id.All(c => c is >= '!' and <= '~')).WithMessage("That is not an alert id.");
            RuleFor(r => r.Page).InclusiveBetween(1, 100_000).When(r => r.Page is not null)
                .WithMessage("page must be a whole number from 1.");
        }
    }
}
