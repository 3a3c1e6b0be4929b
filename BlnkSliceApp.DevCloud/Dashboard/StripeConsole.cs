using BlnkSliceApp.DevCloud.Stripe;

namespace BlnkSliceApp.DevCloud.Dashboard;

/// <summary>The Stripe emulator as the dashboard sees it; absent when DevCloud runs without one.</summary>
public sealed record StripeConsole(StripeEmulator? Emulator);
