using BlnkSliceApp.Features.Runs;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync.Runs;

namespace BlnkSliceApp.Tests.Features.Runs;

/// <summary>Pages of runs, newest first, read through the kept order of each install's runs.</summary>
public sealed class RunHistoryTests(AppFactory app) : AppTests(app)
{
    void Add(string installedAppId, int minute) =>
        App.Service<AppDatabase>().Collection<SyncRunRecord>(SyncRunRecord.Collection).Insert(new SyncRunRecord
        {
            RunId = $"run_{installedAppId}_{minute:D4}",
            InstalledAppId = installedAppId,
            Status = SyncRunStatus.Succeeded,
            StartedAt = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(minute).ToUnixTimeMilliseconds(),
        });

    [Fact]
    public async Task A_deep_page_and_the_count_follow_a_run_added_after_they_were_first_read()
    {
        var install = await Client.CreateInstallAsync();
        var other = await Client.CreateInstallAsync();
        for (var minute = 0; minute < 60; minute++) Add(install.InstalledAppId, minute);
        Add(other.InstalledAppId, 30);
        var history = App.Service<RunHistory>();

        var before = history.Page(install.InstalledAppId, 25, 25).Select(run => run.RunId).ToList();
        var countBefore = history.Count(install.InstalledAppId);
        Add(install.InstalledAppId, 60);
        var after = history.Page(install.InstalledAppId, 25, 25).Select(run => run.RunId).ToList();

        Assert.Equal(60, countBefore);
        Assert.Equal(61, history.Count(install.InstalledAppId));
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"run_{install.InstalledAppId}_{34 - i:D4}"), before);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"run_{install.InstalledAppId}_{35 - i:D4}"), after);
        Assert.Equal(1, history.Count(other.InstalledAppId));
    }
}
