using BlnkSliceApp.Shared.Configuration;
using BlnkSliceApp.Shared.Hosting;
using BlnkSliceApp.Shared.Portal;

namespace BlnkSliceApp.Features.Alerts;

public sealed class AlertsServices : IFeatureServices
{
    public void Add(IServiceCollection services, AppSettings settings)
    {
        services.AddSingleton(new PortalNavItem("alerts", "Alerts", AlertsRoutes.Panel, 50));
        services.AddSingleton<AlertLog>();
        services.AddSingleton<AlertLinks>();
        services.AddSingleton<AlertsViews>();
        services.AddSingleton<ReviewFlags>();
        services.AddSingleton<BlnkSliceApp.Features.Transactions.ITransactionRowActions, FlagRowAction>();
    }
}
