using BlnkSliceApp.Shared.Configuration;
using BlnkSliceApp.Shared.Hosting;
using BlnkSliceApp.Shared.Portal;

namespace BlnkSliceApp.Features.Transactions;

public sealed class TransactionsServices : IFeatureServices
{
    public void Add(IServiceCollection services, AppSettings settings)
    {
        services.AddSingleton(new PortalNavItem("transactions", "Transactions", TransactionsRoutes.Panel, 25));
        services.AddSingleton<TransactionViews>();
        services.AddSingleton<SearchFieldsBackfill>();
        services.AddHostedService(provider => provider.GetRequiredService<SearchFieldsBackfill>());
    }
}
