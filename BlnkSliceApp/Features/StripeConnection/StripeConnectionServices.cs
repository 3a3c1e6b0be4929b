using BlnkSliceApp.Shared.Configuration;
using BlnkSliceApp.Shared.Hosting;

namespace BlnkSliceApp.Features.StripeConnection;

public sealed class StripeConnectionServices : IFeatureServices
{
    public void Add(IServiceCollection services, AppSettings settings) => services.AddSingleton<StripePanels>();
}
