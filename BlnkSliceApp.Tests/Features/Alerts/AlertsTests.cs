using System.Text.RegularExpressions;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync.Alerts;
using static BlnkSliceApp.Tests.Features.SyncNow.PortalRequests;

namespace BlnkSliceApp.Tests.Features.Alerts;

public sealed class AlertsTests(AppFactory app) : AppTests(app)
{
    async Task<(InstallEvent Install, string Session)> OpenAsync(params string[] scopes)
    {
        var install = await Client.CreateInstallAsync(scopes.Length == 0 ? ["data:read", "data:write", "alerts:write"] : scopes);
        return (install, await Client.OpenPortalSessionAsync(install));
    }

    RaisedAlertRecord Raise(InstallEvent install, RaisedAlertKind kind, string subject, string title, bool open = true, string? cloudId = "anom_1", int occurrences = 1, TimeSpan? ago = null)
    {
        var at = UnixMs.From(App.Clock.GetUtcNow() - (ago ?? TimeSpan.Zero));
        var alert = new RaisedAlertRecord
        {
            Id = $"{install.InstalledAppId}:{kind}:{subject}",
            InstalledAppId = install.InstalledAppId,
            Kind = kind,
            Subject = subject,
            Title = title,
            Description = $"Details of {title}.",
            CloudAlertId = cloudId,
            Open = open,
            RunId = "run_1",
            Occurrences = occurrences,
            RaisedAt = at,
            UpdatedAt = at,
        };
        App.Service<AppDatabase>().Collection<RaisedAlertRecord>(RaisedAlertRecord.Collection).Insert(alert);
        return alert;
    }

    static List<string> Titles(string html) =>
        Regex.Matches(html, "<strong class=\"alert-title\">(.*?)</strong>").Select(match => System.Net.WebUtility.HtmlDecode(match.Groups[1].Value)).ToList();

    [Fact]
    public async Task The_alerts_list_shows_open_findings_first_and_the_newest_first_within_each()
    {
        var (install, session) = await OpenAsync();
        Raise(install, RaisedAlertKind.RejectedPosting, "txn_old", "Old refused posting", ago: TimeSpan.FromHours(5));
        Raise(install, RaisedAlertKind.ReconciliationMismatch, "USD", "USD differs by 12.00", occurrences: 3, ago: TimeSpan.FromMinutes(3));
        Raise(install, RaisedAlertKind.UnmappedCategory, "climate_order", "Resolved category", open: false, ago: TimeSpan.Zero);

        var (status, html) = await Client.FetchAsync(PortalPages.HtmxGet("/portal/alerts", session));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("data-testid=\"alerts-panel\"", html);
        Assert.Equal(["USD differs by 12.00", "Old refused posting", "Resolved category"], Titles(html));
        Assert.Equal(3, CountTestId(html, "alert-item"));
        Assert.Contains("Reconciliation", html);
        Assert.Contains("Refused posting", html);
        Assert.Contains("Unknown Stripe category", html);
        Assert.Contains("Details of USD differs by 12.00.", html);
        Assert.Contains("Seen 3 times", html);
        Assert.NotNull(Html.Parse(html).QuerySelector("[data-testid=alert-item] time[data-local][title$='UTC']"));
        Assert.Contains(">Resolved<", html);
    }

    [Fact]
    public async Task Each_alert_says_whether_it_was_raised_in_Cloud_or_recorded_here_only()
    {
        var (install, session) = await OpenAsync("data:read", "data:write");
        Raise(install, RaisedAlertKind.ReconciliationMismatch, "EUR", "EUR differs", cloudId: null);
        Raise(install, RaisedAlertKind.RejectedPosting, "txn_1", "Refused", cloudId: "anom_9");

        var (_, html) = await Client.FetchAsync(PortalPages.HtmxGet("/portal/alerts", session));

        Assert.Equal("Recorded here only", TestIdText(html, "alert-local"));
        Assert.Equal("Raised in Blnk Cloud", TestIdText(html, "alert-cloud"));
        Assert.Contains("alerts:write", TestIdText(html, "alerts-write-missing"));
    }

    [Fact]
    public async Task An_install_sees_only_its_own_alerts()
    {
        var (installA, sessionA) = await OpenAsync();
        var (installB, _) = await OpenAsync();
        Raise(installB, RaisedAlertKind.RejectedPosting, "txn_b", "Alert of B");

        var (_, html) = await Client.FetchAsync(PortalPages.HtmxGet("/portal/alerts", sessionA));

        Assert.DoesNotContain("Alert of B", html);
        Assert.Equal(0, CountTestId(html, "alert-item"));
        Assert.Contains("No alerts", html);
        Assert.NotEqual(installA.InstalledAppId, installB.InstalledAppId);
    }

    [Fact]
    public async Task Alert_text_is_encoded()
    {
        var (install, session) = await OpenAsync();
        Raise(install, RaisedAlertKind.UnmappedCategory, "x", "<img src=x onerror=alert(1)>");

        var (_, html) = await Client.FetchAsync(PortalPages.HtmxGet("/portal/alerts", session));

        Assert.DoesNotContain("<img src=x", html);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html);
    }
}
