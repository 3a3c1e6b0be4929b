using FastEndpoints;
using FluentValidation;

namespace BlnkSliceApp.Features.Payouts.List;

/// <summary><c>?page=</c>, from 1; a page past the last shows the last.</summary>
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
