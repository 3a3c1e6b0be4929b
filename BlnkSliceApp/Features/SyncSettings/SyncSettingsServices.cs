using BlnkSliceApp.Shared.Configuration;
using BlnkSliceApp.Shared.Hosting;
using BlnkSliceApp.Shared.Portal;

namespace BlnkSliceApp.Features.SyncSettings;

public sealed class SyncSettingsServices : IFeatureServices
{
    public void Add(IServiceCollection services, AppSettings settings)
    {
        services.AddSingleton(new PortalNavItem("settings", "Settings", SettingsRoutes.Panel, 60));
        services.AddSingleton<PreferencesStore>();
        services.AddSingleton<SettingsViews>();
    }
}
