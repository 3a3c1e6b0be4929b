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
            RuleFor(c => c.InstalledAppId).NotEmpty().MaximumLength(200).OverridePropertyName("installed_app_id");
            RuleFor(c => c.AppId).NotEmpty().MaximumLength(200).OverridePropertyName("app_id");
            RuleFor(c => c.InstanceId).NotEmpty().MaximumLength(200).OverridePropertyName("instance_id");
            RuleFor(c => c.UninstalledAt).NotNull().OverridePropertyName("uninstalled_at");
            RuleFor(c => c.IdempotencyKey).NotEmpty().MaximumLength(300).OverridePropertyName("idempotency_key");
        }
    }
}
