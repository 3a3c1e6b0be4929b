using BlnkSliceApp.Shared.Configuration;
using BlnkSliceApp.Shared.Hosting;
using BlnkSliceApp.Shared.Portal;

namespace BlnkSliceApp.Features.Downloads;

public sealed class DownloadServices : IFeatureServices
{
    public void Add(IServiceCollection services, AppSettings settings) => services.AddSingleton<DownloadTokens>();
}
