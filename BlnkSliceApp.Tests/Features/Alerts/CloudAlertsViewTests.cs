using System.Text.Json.Nodes;
using BlnkSliceApp.DevCloud.Cloud.Installs;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync.Alerts;
using static BlnkSliceApp.Tests.Features.SyncNow.PortalRequests;

namespace BlnkSliceApp.Tests.Features.Alerts;

public sealed class CloudAlertsApp : DevCloudApp
{
    protected override void Configure(Dictionary<string, string?> appSettings) { }

    public Task<DevCloudInstall> InstallWithAsync(params string[] scopes) => InstallLiveAsync(scopes);
}

/// <summary>The Alerts view against DevCloud's alerts API: Cloud's list, the app's own first, Resolve.</summary>
public sealed class CloudAlertsViewTests(CloudAlertsApp app) : IClassFixture<CloudAlertsApp>
{
    static readonly string[] AllScopes = ["data:read", "data:write", "alerts:read", "alerts:write"];

    HttpClient Portal { get; } = new() { BaseAddress = app.DevCloud.AppUrl };

    async Task<string> OpenAsync(DevCloudInstall install)
    {
        var launch = await app.DevCloud.LaunchAsync(install.InstalledAppId);
        Assert.True(launch.Succeeded, launch.Error);
        var page = await Portal.GetStringAsync(launch.PortalUrl!.PathAndQuery);
        return PortalPages.SessionTokenIn(page)!;
    }

    /// <summary>An alert in Cloud as another app or a person would raise it, on a new balance of the instance.</summary>
    string FlagInCloud(DevCloudInstall install, string title)
    {
        var ledger = app.DevCloud.Ledger(install.InstanceId);
        var ledgerId = ledger.CreateLedger(new JsonObject { ["name"] = "Other" })["ledger_id"]!.GetValue<string>();
        var balanceId = ledger.CreateBalance(new JsonObject { ["ledger_id"] = ledgerId, ["currency"] = "USD" })["balance_id"]!.GetValue<string>();
        return ledger.FlagAlert(balanceId, new JsonObject { ["title"] = title, ["description"] = $"About {title}." })["anomaly_id"]!.GetValue<string>();
    }

    void RecordOwn(DevCloudInstall install, string cloudAlertId, string title)
    {
        var now = UnixMs.From(DateTimeOffset.UtcNow);
        app.Service<AppDatabase>().Collection<RaisedAlertRecord>(RaisedAlertRecord.Collection).Insert(new RaisedAlertRecord
        {
            Id = $"{install.InstalledAppId}:{RaisedAlertKind.RejectedPosting}:{title}",
            InstalledAppId = install.InstalledAppId,
            Kind = RaisedAlertKind.RejectedPosting,
            Subject = title,
            Title = title,
            Description = $"Details of {title}.",
            CloudAlertId = cloudAlertId,
            RunId = "run_1",
            RaisedAt = now,
            UpdatedAt = now,
        });
    }

    [Fact]
    public async Task With_alerts_read_the_view_lists_Clouds_alerts_after_the_apps_own_with_status_dates_and_a_link()
    {
        var install = await app.InstallWithAsync(AllScopes);
        var own = FlagInCloud(install, "Refused posting stripe:txn_1");
        RecordOwn(install, own, "Refused posting stripe:txn_1");
        var other = FlagInCloud(install, "Raised by a person");
        var session = await OpenAsync(install);

        var (status, html) = await Portal.FetchAsync(PortalPages.HtmxGet("/portal/alerts", session));

        Assert.Equal(HttpStatusCode.OK, status);
        var doc = Html.Parse(html);
        Assert.Equal(own, doc.QuerySelector("[data-testid=alerts-own] [data-testid=alert-item]")!.GetAttribute("data-alert-id"));
        var rows = doc.QuerySelectorAll("[data-testid=cloud-alert-row]");
        Assert.Equal([other], rows.Select(row => row.GetAttribute("data-alert-id")));
        Assert.Contains("Raised by a person", rows[0].TextContent);
        Assert.Equal("Flagged", rows[0].QuerySelector("[data-testid=alert-status]")!.TextContent.Trim());
        Assert.Equal(2, rows[0].QuerySelectorAll("time[data-local][title$='UTC']").Length);
        Assert.Equal($"{app.DevCloud.DevCloudUrl.ToString().TrimEnd('/')}/anomalies/{other}", rows[0].QuerySelector("[data-testid=alert-link]")!.GetAttribute("href"));
        Assert.NotNull(rows[0].QuerySelector("[data-testid=alert-resolve]"));

        var landing = await new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }).GetAsync(rows[0].QuerySelector("[data-testid=alert-link]")!.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.Redirect, landing.StatusCode);
        Assert.EndsWith($"#{other}", landing.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Cloud_alerts_come_25_a_page()
    {
        var install = await app.InstallWithAsync(AllScopes);
        for (var i = 0; i < 27; i++) FlagInCloud(install, $"Alert {i}");
        var session = await OpenAsync(install);

        var (_, first) = await Portal.FetchAsync(PortalPages.HtmxGet("/portal/alerts", session));
        var (_, second) = await Portal.FetchAsync(PortalPages.HtmxGet("/portal/alerts?page=2", session));

        Assert.Equal(25, CountTestId(first, "cloud-alert-row"));
        Assert.Equal(2, CountTestId(second, "cloud-alert-row"));
        Assert.Contains("Page 2 of 2", TestIdText(second, "alerts-pager"));
    }

    [Fact]
    public async Task Resolve_resolves_the_alert_in_Cloud_closes_the_apps_record_and_raises_alerts_changed()
    {
        var install = await app.InstallWithAsync(AllScopes);
        var own = FlagInCloud(install, "USD differs");
        RecordOwn(install, own, "USD differs");
        var session = await OpenAsync(install);

        var response = await Portal.SendAsync(HtmxPost("/portal/alerts/resolve", session, [new("alert_id", own)]));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("RESOLVED", app.DevCloud.Ledger(install.InstanceId).GetAlert(own)["status"]!.GetValue<string>());
        Assert.Contains("alerts-changed", response.Headers.GetValues("HX-Trigger").Single());
        Assert.Contains("Resolved in Blnk Cloud: USD differs", TestIdText(html, "alerts-notice"));
        Assert.Equal("Resolved", Html.Parse(html).QuerySelector("[data-alert-id='" + own + "'] [data-testid=alert-status]")!.TextContent.Trim());
        Assert.False(app.Service<AppDatabase>().Collection<RaisedAlertRecord>(RaisedAlertRecord.Collection).FindOne(r => r.CloudAlertId == own).Open);
    }

    [Fact]
    public async Task Resolving_an_alert_Cloud_does_not_have_is_a_404_message_in_the_view()
    {
        var install = await app.InstallWithAsync(AllScopes);
        var session = await OpenAsync(install);

        var (status, html) = await Portal.FetchAsync(HtmxPost("/portal/alerts/resolve", session, [new("alert_id", "anm_missing")]));

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("Blnk Cloud has no such alert", TestIdText(html, "alerts-error"));
    }

    [Fact]
    public async Task Resolving_without_an_alert_id_is_a_422_message_and_changes_nothing()
    {
        var install = await app.InstallWithAsync(AllScopes);
        var alert = FlagInCloud(install, "Stays flagged");
        var session = await OpenAsync(install);

        var (status, html) = await Portal.FetchAsync(HtmxPost("/portal/alerts/resolve", session, [new("alert_id", "")]));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("Choose an alert to resolve.", TestIdText(html, "alerts-error"));
        Assert.Equal("FLAGGED", app.DevCloud.Ledger(install.InstanceId).GetAlert(alert)["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_alerts_write_there_is_no_resolve_and_the_server_refuses_it_with_403()
    {
        var install = await app.InstallWithAsync(["data:read", "alerts:read"]);
        var alert = FlagInCloud(install, "Read only");
        var session = await OpenAsync(install);

        var (_, view) = await Portal.FetchAsync(PortalPages.HtmxGet("/portal/alerts", session));
        var (status, refused) = await Portal.FetchAsync(HtmxPost("/portal/alerts/resolve", session, [new("alert_id", alert)]));

        Assert.Equal(0, CountTestId(view, "alert-resolve"));
        Assert.Contains("alerts:write", TestIdText(view, "alerts-write-missing"));
        Assert.Contains("resolve", TestIdText(view, "alerts-write-missing"));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("needs the alerts:write permission", TestIdText(refused, "alerts-error"));
        Assert.Equal("FLAGGED", app.DevCloud.Ledger(install.InstanceId).GetAlert(alert)["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_alerts_read_the_panel_names_the_scope_and_what_it_would_enable()
    {
        var install = await app.InstallWithAsync(["data:read", "data:write"]);
        FlagInCloud(install, "Not visible");
        var session = await OpenAsync(install);

        var (status, html) = await Portal.FetchAsync(PortalPages.HtmxGet("/portal/alerts", session));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Needs the alerts:read permission", TestIdText(html, "alerts-read-missing"));
        Assert.Contains("Show the instance's alerts from Blnk Cloud", TestIdText(html, "alerts-read-missing"));
        Assert.DoesNotContain("Not visible", html);
    }
}
