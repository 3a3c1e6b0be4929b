using BlnkSliceApp.Shared.Configuration;
using BlnkSliceApp.Shared.Hosting;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Sync.Runs;

namespace BlnkSliceApp.Features.SyncNow;

public sealed class SyncNowServices : IFeatureServices
{
    public void Add(IServiceCollection services, AppSettings settings)
    {
        services.AddSingleton<RunHistory>();
        services.AddSingleton<SyncPanelViews>();
        services.AddSingleton(provider => new SyncSchedule(
            provider.GetRequiredService<ISyncLauncher>(),
            provider.GetRequiredService<InstallDirectory>(),
            TimeSpan.FromMinutes(settings.SyncIntervalMinutes),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<SyncSchedule>>()));
        services.AddHostedService(provider => provider.GetRequiredService<SyncSchedule>());
    }
}
