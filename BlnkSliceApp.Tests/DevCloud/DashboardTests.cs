using System.Text.RegularExpressions;
using BlnkSliceApp.DevCloud.Cloud.Installs;
using BlnkSliceApp.DevCloud.Lifecycle;
using BlnkSliceApp.Shared.Installs;

namespace BlnkSliceApp.Tests.DevCloud;

public sealed partial class DashboardTests(DevCloudFixture devCloud) : IClassFixture<DevCloudFixture>
{
    [Fact]
    public async Task Install_sends_Clouds_event_and_the_app_stores_an_active_install_with_the_granted_scopes()
    {
        var install = await devCloud.Handle.InstallAsync([Scopes.DataRead, Scopes.AlertsWrite]);

        Assert.Equal(InstallState.Active, install.State);
        Assert.StartsWith("instapp_", install.InstalledAppId);
        Assert.StartsWith("inst_", install.InstanceId);
        Assert.StartsWith("app_", install.AppId);
        Assert.Equal(install.ApiKey[..8], install.ApiKeyPrefix);
        var stored = devCloud.Handle.AppServices!.GetRequiredService<InstallDirectory>().FindActive(install.InstalledAppId);
        Assert.NotNull(stored);
        Assert.Equal([Scopes.AlertsWrite, Scopes.DataRead], stored.GrantedPermissions.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_page_says_what_to_do_first_and_shows_the_emulated_accounts_test_key_for_the_connect_form()
    {
        using var client = new HttpClient { BaseAddress = devCloud.Handle.DevCloudUrl };
        var stripe = devCloud.Handle.Stripe!;

        var home = await client.GetStringAsync("/");

        var start = home[home.IndexOf("data-testid=\"start-here\"", StringComparison.Ordinal)..home.IndexOf("aria-labelledby=\"registration\"", StringComparison.Ordinal)];
        Assert.Contains("Install", start);
        Assert.Contains("Launch", start);
        Assert.Contains("Settings", start);
        Assert.Contains("Sync now", start);
        Assert.Contains($"<code class=\"key\" data-testid=\"stripe-test-key\">{stripe.RestrictedKey}</code>", start);
        Assert.StartsWith("rk_test_", stripe.RestrictedKey);
        Assert.DoesNotContain(stripe.SecretKey, home);
    }

    [Fact]
    public async Task Launch_returns_a_portal_url_on_the_apps_origin_that_the_dashboards_origin_may_frame()
    {
        var install = await devCloud.Handle.InstallAsync();

        var launch = await devCloud.Handle.LaunchAsync(install.InstalledAppId);

        Assert.True(launch.Succeeded, launch.Error);
        Assert.Equal(devCloud.Handle.AppUrl.GetLeftPart(UriPartial.Authority), launch.PortalUrl!.GetLeftPart(UriPartial.Authority));
        using var browser = new HttpClient();
        using var portal = await browser.GetAsync(launch.PortalUrl);
        Assert.Equal(HttpStatusCode.OK, portal.StatusCode);
        Assert.Contains(install.InstalledAppId, await portal.Content.ReadAsStringAsync());
        var csp = string.Join(" ", portal.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains($"frame-ancestors 'self' {devCloud.Handle.DevCloudUrl.GetLeftPart(UriPartial.Authority)}", csp);
    }

    [Fact]
    public async Task An_uninstalled_install_can_no_longer_be_launched()
    {
        var install = await devCloud.Handle.InstallAsync();
        await devCloud.Handle.UninstallAsync(install.InstalledAppId);

        var launch = await devCloud.Handle.LaunchAsync(install.InstalledAppId);

        Assert.False(launch.Succeeded);
    }

    [Fact]
    public async Task The_page_and_the_call_log_show_the_api_key_prefix_but_never_the_key()
    {
        var install = await devCloud.Handle.InstallAsync();
        await devCloud.Handle.LaunchAsync(install.InstalledAppId);
        using var client = new HttpClient { BaseAddress = devCloud.Handle.DevCloudUrl };

        var home = await client.GetStringAsync("/");
        var log = await client.GetStringAsync("/log");

        Assert.Contains(install.ApiKeyPrefix, home);
        Assert.DoesNotContain(install.ApiKey, home);
        Assert.DoesNotContain(install.ApiKey, log);
        var entries = devCloud.Handle.CallLog.Entries.Where(e => e.InstalledAppId == install.InstalledAppId).ToList();
        Assert.Contains(entries, e => e.Direction == CallDirection.DashboardToApp && e.RequestBody!.Contains("install:"));
        Assert.All(entries, e => Assert.DoesNotContain(install.ApiKey, $"{e.RequestBody}{e.ResponseBody}{e.Target}"));
        Assert.All(entries, e => Assert.DoesNotMatch("token=[A-Za-z0-9_-]{8,}", e.ResponseBody ?? ""));
    }

    [Fact]
    public async Task The_faults_form_needs_its_antiforgery_token_and_then_changes_the_plan()
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = devCloud.Handle.DevCloudUrl };
        var page = await client.GetStringAsync("/faults");
        var token = TokenField().Match(page).Groups[1].Value;
        Dictionary<string, string> Form(string? antiforgery) => new()
        {
            ["latency_ms"] = "0", ["percent_500"] = "0", ["percent_503"] = "0", ["percent_429"] = "12.5", ["percent_timeout"] = "0",
            ["retry_after_seconds"] = "3", ["timeout_hold_ms"] = "1000",
            ["__RequestVerificationToken"] = antiforgery ?? "",
        };

        using var forged = await client.PostAsync("/faults", new FormUrlEncodedContent(Form(null)));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(0, devCloud.Handle.CloudFaults.Rate429);

        using var saved = await client.PostAsync("/faults", new FormUrlEncodedContent(Form(System.Net.WebUtility.HtmlDecode(token))));
        try
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            Assert.Equal(0.125, devCloud.Handle.CloudFaults.Rate429, precision: 6);
            Assert.Equal(3, devCloud.Handle.CloudFaults.RetryAfterSeconds);
        }
        finally
        {
            devCloud.Handle.CloudFaults.Reset();
        }
    }

    [Fact]
    public async Task The_hosted_app_serves_its_static_files()
    {
        using var client = new HttpClient { BaseAddress = devCloud.Handle.AppUrl };

        using var htmx = await client.GetAsync("/lib/htmx/htmx.min.js");

        Assert.Equal(HttpStatusCode.OK, htmx.StatusCode);
    }

    [Fact]
    public async Task The_ledger_page_shows_balances_transactions_identities_and_alerts()
    {
        using var cloud = await devCloud.InstallAsync();
        var customer = await cloud.CreateBalanceAsync("EUR");
        await cloud.PostAsync("/proxy/transactions", Txn.Body("@stripe", customer, 1234, "pi_page", currency: "EUR",
            extra: new() { ["skip_queue"] = true, ["allow_overdraft"] = true }));
        await cloud.PostAsync($"/alerts/flag/{customer}", new System.Text.Json.Nodes.JsonObject { ["title"] = "Looks odd", ["description"] = "d" });
        using var client = new HttpClient { BaseAddress = devCloud.Handle.DevCloudUrl };

        var page = await client.GetStringAsync($"/ledger?instance={cloud.Install.InstanceId}");

        Assert.Contains("pi_page", page);
        Assert.Contains("12.34", page);
        Assert.Contains("-12.34", page);
        Assert.Contains("Looks odd", page);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
