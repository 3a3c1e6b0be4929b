using FastEndpoints;
using FluentValidation;

namespace BlnkSliceApp.Features.Alerts.List;

/// <summary><c>?page=</c> of Cloud's alert list, from 1.</summary>
public sealed class Request
{
    [QueryParam]
    public int? Page { get; set; }

    public sealed class Validator : Validator<Request>
    {
        public Validator() =>
            RuleFor(r => r.Page).InclusiveBetween(1, 100_000).When(r => r.Page is not null)
                .WithMessage("page must be a whole number from 1.");
    }
}
