using BlnkSliceApp.Shared.Configuration;
using BlnkSliceApp.Shared.Hosting;
using BlnkSliceApp.Shared.Portal;

namespace BlnkSliceApp.Features.Payouts;

public sealed class PayoutsServices : IFeatureServices
{
    public void Add(IServiceCollection services, AppSettings settings)
    {
        services.AddSingleton(new PortalNavItem("payouts", "Payouts", PayoutsRoutes.Panel, 30));
        services.AddSingleton<PayoutViews>();
        services.AddSingleton<IPortalDownload, PayoutItemsCsv>();
    }
}
