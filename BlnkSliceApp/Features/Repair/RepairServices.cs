using BlnkSliceApp.Features.Transactions;
using BlnkSliceApp.Shared.Configuration;
using BlnkSliceApp.Shared.Hosting;
using BlnkSliceApp.Shared.Portal;

namespace BlnkSliceApp.Features.Repair;

public sealed class RepairServices : IFeatureServices
{
    public void Add(IServiceCollection services, AppSettings settings)
    {
        services.AddSingleton(new PortalNavItem("repair", "Repair", RepairRoutes.Panel, 40));
        services.AddSingleton<RepairViews>();
        services.AddSingleton<ITransactionRowActions, RetryRowAction>();
    }
}
