using BlnkSliceApp.Shared.Stripe;

namespace BlnkSliceApp.Features.StripeConnection;

/// <summary>What the Stripe panel shows. Holds no key: only what <see cref="StripeKeyDescription"/> allows.</summary>
public sealed record StripePanelModel(StripeKeyDescription? Connection, string? Error = null, string? Notice = null, string? Warning = null);
