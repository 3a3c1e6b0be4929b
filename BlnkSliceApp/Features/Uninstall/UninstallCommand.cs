using BlnkSliceApp.Shared.Installs;
using FastEndpoints;
using FluentValidation;

namespace BlnkSliceApp.Features.Uninstall;

/// <summary>Cloud uninstalled the app: stop everything done for this install.</summary>
public sealed record UninstallCommand(
    string? InstalledAppId,
    string? AppId,
    string? InstanceId,
    DateTimeOffset? UninstalledAt,
    string? IdempotencyKey) : ICommand
{
    public sealed class Validator : AbstractValidator<UninstallCommand>
    {
        public Validator()
        {
            RuleFor(c => c.InstalledAppId).CloudId("installed_app_id");
            RuleFor(c => c.AppId).CloudId("app_id");
            RuleFor(c => c.InstanceId).CloudId("instance_id");
            RuleFor(c => c.UninstalledAt).NotNull().OverridePropertyName("uninstalled_at");
            RuleFor(c => c.IdempotencyKey).NotEmpty().MaximumLength(300).Must(CloudIds.IsPrintable).OverridePropertyName("idempotency_key");
        }
    }
}
