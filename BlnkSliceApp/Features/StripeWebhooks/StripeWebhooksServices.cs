using BlnkSliceApp.Shared.Configuration;
using BlnkSliceApp.Shared.Hosting;

namespace BlnkSliceApp.Features.StripeWebhooks;

public sealed class StripeWebhooksServices : IFeatureServices
{
    public void Add(IServiceCollection services, AppSettings settings)
    {
        services.AddSingleton<WebhookPanels>();
        services.AddSingleton<WebhookRuns>();
        services.AddHostedService(provider => provider.GetRequiredService<WebhookRuns>());
        services.AddSingleton<SafetyRuns>();
        services.AddHostedService(provider => provider.GetRequiredService<SafetyRuns>());
    }
}
