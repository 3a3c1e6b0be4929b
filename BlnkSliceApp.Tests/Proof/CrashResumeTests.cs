using BlnkSliceApp.DevCloud.Bench;
using BlnkSliceApp.DevCloud.Proof.Crash;
using Xunit.Abstractions;

namespace BlnkSliceApp.Tests.Proof;

/// <summary>
/// The short version of the crash proof (<c>proof --crash</c> runs eleven points over 5,000 items):
/// the app as its own process, SIGKILLed at four points over a few hundred items (one with two parts of the partitioned listing half read).
/// </summary>
public sealed class CrashResumeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_app_process_SIGKILLed_while_listing_with_a_bulk_answer_in_flight_and_before_recording_it_resumes_each_time_and_posts_every_balance_transaction_once()
    {
        var log = new StringWriter();
        var result = await CrashProof.RunAsync(AppProcess.FindAppDll(), KillPoint.Quick, transactions: 300, customers: 30, log);
        output.WriteLine(log.ToString());

        Assert.True(result.Proven, string.Join(Environment.NewLine, result.Problems) + Environment.NewLine + log);
        Assert.Equal(KillPoint.Quick.Count, result.Outcomes.Count);
        Assert.All(result.Outcomes, outcome =>
        {
            Assert.Equal(137, outcome.ExitCode);
            Assert.Equal("Succeeded", outcome.Status);
            Assert.True(outcome.Audit.Clean);
        });
    }
}
