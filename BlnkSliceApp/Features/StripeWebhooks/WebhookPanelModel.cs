namespace BlnkSliceApp.Features.StripeWebhooks;

/// <summary>What the webhook panel shows: the URL, the events, and of the secret only its last four characters.</summary>
/// <param name="SecretLast4">Null when no secret (that still opens) is saved.</param>
/// <param name="CanSync">False when the install lacks data:read or data:write: events then start nothing.</param>
/// <param name="FieldError">A message about what was pasted, next to the field (which then has focus).</param>
public sealed record WebhookPanelModel(
    string EndpointUrl,
    string? SecretLast4,
    DateTimeOffset? LastEventAt,
    string? LastEventType,
    DateTimeOffset? NextSafetyRun,
    bool CanSync,
    string? Error = null,
    string? Notice = null,
    string? FieldError = null,
    bool ConfirmRemove = false);
