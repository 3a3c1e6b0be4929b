using BlnkSliceApp.Shared.Configuration;
using BlnkSliceApp.Shared.Hosting;
using BlnkSliceApp.Shared.Portal;

namespace BlnkSliceApp.Features.Permissions;

public sealed class PermissionsServices : IFeatureServices
{
    public void Add(IServiceCollection services, AppSettings settings) =>
        services.AddSingleton(new PortalNavItem("permissions", "Permissions", PermissionsRoutes.View, 70));
}
