using BlnkSliceApp.Shared.Configuration;
using BlnkSliceApp.Shared.Hosting;

namespace BlnkSliceApp.Features.SyncNow;

public sealed class SyncNowServices : IFeatureServices
{
    public void Add(IServiceCollection services, AppSettings settings)
    {
        services.AddSingleton(new ScheduleDefaults(settings.SyncIntervalMinutes));
        services.AddSingleton<SyncBarViews>();
        services.AddSingleton<SyncProgressViews>();
        services.AddSingleton<SyncSchedule>();
        services.AddHostedService(provider => provider.GetRequiredService<SyncSchedule>());
    }
}
