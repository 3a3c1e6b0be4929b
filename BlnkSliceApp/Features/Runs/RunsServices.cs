using BlnkSliceApp.Shared.Configuration;
using BlnkSliceApp.Shared.Hosting;
using BlnkSliceApp.Shared.Portal;

namespace BlnkSliceApp.Features.Runs;

public sealed class RunsServices : IFeatureServices
{
    public void Add(IServiceCollection services, AppSettings settings)
    {
        services.AddSingleton(new PortalNavItem("runs", "Runs", RunRoutes.List, 20));
        services.AddSingleton<RunDetails>();
    }
}
