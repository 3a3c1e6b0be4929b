using FluentValidation;

namespace BlnkSliceApp.Shared.Installs;

/// <summary>
/// Cloud's ids (installed_app_id, app_id, instance_id) as the app keeps them: compared exactly
/// (ordinal, case-sensitive) everywhere, the database included, and limited to Cloud's id
/// characters because they become parts of local record keys ("{install}|...").
/// </summary>
public static class CloudIds
{
    public const int MaxLength = 200;

    public static bool IsWellFormed(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    public static bool IsPrintable(string? text) => text is null || !text.Any(char.IsControl);

    public static IRuleBuilderOptions<T, string?> CloudId<T>(this IRuleBuilder<T, string?> rule, string name) =>
        rule.NotEmpty().WithMessage($"{name} is required.")
            .Must(IsWellFormed).WithMessage($"{name} may only hold letters, digits, '_' and '-' (at most {MaxLength}).")
            .OverridePropertyName(name);
}
