using BlnkSliceApp.DevCloud.Faults;

namespace BlnkSliceApp.DevCloud.Cloud.Api;

/// <summary>The fault plan of the emulated Cloud API; the page, configuration and tests change <see cref="Plan"/> live.</summary>
public sealed class CloudFaults(FaultPlan plan)
{
    public FaultPlan Plan { get; } = plan;
    public FaultInjector Injector { get; } = new(plan);

    /// <summary>The crash proof's trap: the app dies with the matching call in flight.</summary>
    public CallTrap Trap { get; } = new();
}
