using BlnkSliceApp.Shared.Configuration;
using BlnkSliceApp.Shared.Hosting;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Sync.Engine;
using BlnkSliceApp.Shared.Sync.Payouts;
using BlnkSliceApp.Shared.Sync.Runs;
using BlnkSliceApp.Shared.Sync.Store;

namespace BlnkSliceApp.Shared.Sync;

/// <summary>The sync engine's services: one launcher per process, the runner and its phases.</summary>
public sealed class SyncServices : IFeatureServices
{
    public void Add(IServiceCollection services, AppSettings settings)
    {
        services.AddSingleton<SyncStates>();
        services.AddSingleton<StripeObjectCache>();
        services.AddSingleton<IInstallErasable>(provider => provider.GetRequiredService<StripeObjectCache>());
        services.AddSingleton(provider => SyncCrashPoints.From(provider.GetRequiredService<IConfiguration>(),
            provider.GetRequiredService<IHostEnvironment>(), provider.GetRequiredService<ILogger<SyncCrashPoints>>()));
        services.AddSingleton<SyncTuning>();
        services.AddSingleton<Alerts.RunAlerts>();
        services.AddSingleton<RunSlots>();
        services.AddHostedService<HeapKeeper>();
        services.AddSingleton<SyncLauncher>();
        services.AddSingleton<ISyncLauncher>(provider => provider.GetRequiredService<SyncLauncher>());
        services.AddSingleton<SyncRecovery>();
        services.AddHostedService(provider => provider.GetRequiredService<SyncRecovery>());
        services.AddScoped<SyncRunner>();
        services.AddScoped<StripeListing>();
        services.AddScoped<LedgerPosting>();
        services.AddScoped<CustomerLookup>();
        services.AddSingleton<PayoutStore>();
        services.AddScoped<PayoutReconciliation>();
        services.AddSingleton<PayoutsAtSending>();
        services.AddScoped<Customers.CustomerRefresh>();
        services.AddScoped<Disputes.DisputeWatch>();
        services.AddSingleton<Repair.RepairWork>();
    }
}
