using BlnkSliceApp.Shared.Configuration;
using BlnkSliceApp.Shared.Hosting;

namespace BlnkSliceApp.Shared.Installs;

/// <summary>What install, uninstall and launch share: the event gate and the Cloud key check.</summary>
public sealed class InstallServices : IFeatureServices
{
    public void Add(IServiceCollection services, AppSettings settings)
    {
        services.AddSingleton<InstallEventGate>();
        services.AddHttpClient(CloudKeyCheck.HttpClientName, client =>
        {
            client.BaseAddress = new Uri(settings.BlnkCloudApiUrl.ToString().TrimEnd('/') + "/");
            client.Timeout = Timeout.InfiniteTimeSpan;
        }).RemoveAllLoggers();
        services.AddSingleton<ICloudKeyCheck, CloudKeyCheck>();
        services.AddSingleton<InstallDataErasure>();
        services.AddHostedService(provider => provider.GetRequiredService<InstallDataErasure>());
    }
}
