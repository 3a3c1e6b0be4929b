using BlnkSliceApp.DevCloud.Proof.Hostile;
using BlnkSliceApp.Tests.Support;
using Xunit.Abstractions;

namespace BlnkSliceApp.Tests.Proof;

public sealed class HostileInputHarness : DevCloudApp
{
    protected override void Configure(Dictionary<string, string?> appSettings)
    {
        // The limits would answer most of the flood with 429 before the routes see it.
        appSettings["RateLimits:PortalEnterPerMinute"] = "100000";
        appSettings["RateLimits:PortalPostsPerSessionPerMinute"] = "100000";
    }
}

/// <summary>The proof suite's hostile-input part, in full: it is fast enough for every run.</summary>
public sealed class HostileInputTests(HostileInputHarness harness, ITestOutputHelper output) : IClassFixture<HostileInputHarness>
{
    [Fact]
    public async Task Two_thousand_hostile_requests_against_every_route_get_readable_refusals_and_change_nothing()
    {
        var report = await HostileInputSuite.RunAsync(harness.DevCloud, total: 2_000, seed: 13);

        output.WriteLine(report.Summary());
        foreach (var failure in report.Failures)
            output.WriteLine(failure);
        Assert.True(report.Sent >= 2_000, $"only {report.Sent} requests were generated");
        Assert.Contains("POST /api/callback", report.Routes);
        Assert.Contains("POST /api/portal", report.Routes);
        Assert.Empty(report.StateChanges);
        Assert.True(report.Failures.Count == 0, $"{report.Failures.Count} answers broke a rule; first: {string.Join(Environment.NewLine, report.Failures.Take(15))}");
    }
}
