using BlnkSliceApp.Shared.Configuration;
using BlnkSliceApp.Shared.Hosting;
using BlnkSliceApp.Shared.Portal;

namespace BlnkSliceApp.Features.Overview;

public sealed class OverviewServices : IFeatureServices
{
    public void Add(IServiceCollection services, AppSettings settings)
    {
        services.AddSingleton(new PortalNavItem("overview", "Overview", OverviewRoutes.View, 10));
        services.AddSingleton<OverviewViews>();
    }
}
