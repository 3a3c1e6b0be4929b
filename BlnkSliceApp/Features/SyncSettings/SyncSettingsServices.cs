using BlnkSliceApp.Shared.Configuration;
using BlnkSliceApp.Shared.Hosting;

namespace BlnkSliceApp.Features.SyncSettings;

public sealed class SyncSettingsServices : IFeatureServices
{
    public void Add(IServiceCollection services, AppSettings settings)
    {
        services.AddSingleton<PreferencesStore>();
        services.AddSingleton<SettingsViews>();
    }
}
