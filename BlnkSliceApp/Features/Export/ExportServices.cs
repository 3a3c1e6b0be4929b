using BlnkSliceApp.Shared.Configuration;
using BlnkSliceApp.Shared.Hosting;
using BlnkSliceApp.Shared.Portal;

namespace BlnkSliceApp.Features.Export;

public sealed class ExportServices : IFeatureServices
{
    public void Add(IServiceCollection services, AppSettings settings)
    {
        services.AddSingleton<IPortalDownload, TransactionsCsv>();
        services.AddSingleton<IPortalDownload, RunCsv>();
    }
}
