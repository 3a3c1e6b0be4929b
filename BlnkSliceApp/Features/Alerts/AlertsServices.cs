using BlnkSliceApp.Shared.Configuration;
using BlnkSliceApp.Shared.Hosting;

namespace BlnkSliceApp.Features.Alerts;

public sealed class AlertsServices : IFeatureServices
{
    public void Add(IServiceCollection services, AppSettings settings)
    {
        services.AddSingleton<AlertLog>();
        services.AddSingleton<AlertsViews>();
    }
}
