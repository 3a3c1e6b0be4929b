using BlnkSliceApp.Features.Runs;
using BlnkSliceApp.Features.SyncSettings;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;

namespace BlnkSliceApp.Features.Export;

/// <summary>
/// A run's postings as CSV, in the Transactions export's columns (see <see cref="PostingCsvRow"/>).
/// The link's subject is the run id, checked again against the install when the file is fetched.
/// </summary>
public sealed class RunCsv(RunHistory runs, RunPostings postings, PreferencesStore preferences) : IPortalDownload
{
    public const string KindName = "run";

    public string Kind => KindName;

    public string ContentType => "text/csv; charset=utf-8";

    public string? FileName(InstallRecord install, string subject) =>
        runs.Get(install.InstalledAppId, subject) is { } run
            ? $"stripe-run-{DateTimeOffset.FromUnixTimeMilliseconds(run.StartedAt):yyyyMMdd-HHmmss}.csv"
            : null;

    public async Task WriteAsync(InstallRecord install, string subject, Stream body, CancellationToken ct)
    {
        var rules = preferences.Get(install.InstalledAppId);
        await PostingsCsv.WriteAsync(body, postings.Of(install.InstalledAppId, subject), rules, ct);
    }
}
