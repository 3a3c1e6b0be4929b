using BlnkSliceApp.Features.Alerts;
using BlnkSliceApp.Features.SyncNow;
using BlnkSliceApp.Features.SyncSettings;
using BlnkSliceApp.Shared.Configuration;
using BlnkSliceApp.Shared.Hosting;
using BlnkSliceApp.Shared.Installs;

namespace BlnkSliceApp.Features.PortalDashboard;

/// <summary>
/// The home's panels, rendered inline in one answer: one request shows everything, and each
/// panel still refreshes itself from its own route afterwards.
/// </summary>
public sealed record PortalHomeView(InstallRecord Install, SyncPanelView Sync, SettingsView Settings, AlertsView Alerts);

public sealed class PortalHomeViews(SyncPanelViews sync, SettingsViews settings, AlertsViews alerts)
{
    public PortalHomeView For(InstallRecord install) =>
        new(install, sync.For(install), settings.For(install), alerts.For(install));
}

public sealed class PortalDashboardServices : IFeatureServices
{
    public void Add(IServiceCollection services, AppSettings settings) => services.AddSingleton<PortalHomeViews>();
}
