using BlnkSliceApp.Shared.Installs;
using FastEndpoints;
using FluentValidation;

namespace BlnkSliceApp.Features.Install;

/// <summary>Cloud installed the app, or changed an install's key or granted scopes.</summary>
public sealed record InstallCommand(
    string? InstalledAppId,
    string? AppId,
    string? InstanceId,
    string? OrganizationId,
    string? ApiKey,
    string? ApiKeyPrefix,
    List<string>? GrantedPermissions,
    string? IdempotencyKey) : ICommand
{
    public override string ToString() => $"Install {InstalledAppId}";

    /// <summary>
    /// Accepts what Cloud really sends: the prefix only identifies the key (Blnk's own example
    /// app sends one that is not the start of its key), and a scope Cloud adds later is kept
    /// and ignored rather than refused.
    /// </summary>
    public sealed class Validator : AbstractValidator<InstallCommand>
    {
        public Validator()
        {
            RuleFor(c => c.InstalledAppId).CloudId("installed_app_id");
            RuleFor(c => c.AppId).CloudId("app_id");
            RuleFor(c => c.InstanceId).CloudId("instance_id");
            RuleFor(c => c.OrganizationId).MaximumLength(CloudIds.MaxLength).Must(CloudIds.IsPrintable).OverridePropertyName("organization_id")
                .WithMessage("organization_id must be printable text.");
            RuleFor(c => c.ApiKey).NotEmpty().MaximumLength(4096).OverridePropertyName("api_key")
                .WithMessage("api_key is required.");
            RuleFor(c => c.ApiKeyPrefix).MaximumLength(4096).OverridePropertyName("api_key_prefix");
            RuleFor(c => c.GrantedPermissions).NotNull().OverridePropertyName("granted_permissions")
                .Must(scopes => scopes is null || scopes.Count <= Scopes.MaxGranted).WithMessage($"granted_permissions may hold at most {Scopes.MaxGranted} scopes.")
                .Must(scopes => scopes is null || scopes.All(Scopes.IsWellFormed)).WithMessage("granted_permissions must be a list of scope names (printable text of 1 to 100 characters).");
            RuleFor(c => c.IdempotencyKey).NotEmpty().MaximumLength(300).Must(CloudIds.IsPrintable).OverridePropertyName("idempotency_key");
        }
    }
}
