using BlnkSliceApp.Shared.Stripe;

namespace BlnkSliceApp.Features.StripeConnection;

/// <summary>What the Stripe panel shows. Holds no key: only what <see cref="StripeKeyDescription"/> allows.</summary>
/// <param name="FieldError">A message about what was typed, shown next to the key field (which then has focus).</param>
/// <param name="ConfirmRemove">Ask "remove this key?" before removing it.</param>
public sealed record StripePanelModel(StripeKeyDescription? Connection, string? Error = null, string? Notice = null, string? Warning = null,
    string? FieldError = null, bool ConfirmRemove = false);
