using System.Net.Http.Json;
using System.Text.Json.Nodes;
using BlnkSliceApp.DevCloud.Cloud.Installs;
using BlnkSliceApp.DevCloud.Cloud.Ledger;
using BlnkSliceApp.DevCloud.Lifecycle;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Stripe;
using BlnkSliceApp.Shared.Sync.Runs;
using BlnkSliceApp.Tests.Features.SyncNow;

namespace BlnkSliceApp.Tests.DevCloud;

/// <summary>
/// DevCloud with the app on loopback, configured as a team deploying for its own workspace: the
/// deployment's Stripe key serves the merchant's instance only, and the registered app requests
/// a scope Cloud may add later. Outsiders post to the app's public routes directly.
/// </summary>
public sealed class TrustHarness : DevCloudApp
{
    public const string MerchantInstance = "inst_merchant";
    public const string FutureScope = "reports:read";

    protected override void Configure(Dictionary<string, string?> appSettings)
    {
        appSettings["STRIPE_SECRET_KEY_INSTANCES"] = MerchantInstance;
        appSettings["RateLimits:PortalPostsPerSessionPerMinute"] = "100000";
    }

    protected override void Configure(BlnkSliceApp.DevCloud.Hosting.DevCloudOptions options) =>
        options.RequestedScopes = [Scopes.DataRead, Scopes.DataWrite, Scopes.AlertsRead, Scopes.AlertsWrite, FutureScope];

    public HttpClient App { get; } = new();

    public async Task<DevCloudInstall> InstallAsync(string? instanceId = null, InstallPayloadShape shape = InstallPayloadShape.Current)
    {
        var install = await DevCloud.InstallAsync(null, instanceId, default, shape);
        await AppConfirmedAsync(DevCloud, install);
        return install;
    }

    public InstallRecord? Record(string installedAppId) => Service<InstallDirectory>().Find(installedAppId);

    public Task<HttpResponseMessage> PostCallbackAsync(JsonObject body) => App.PostAsJsonAsync(new Uri(DevCloud.AppUrl, "/api/callback"), body);

    public Task<HttpResponseMessage> PostPortalAsync(JsonObject body) => App.PostAsJsonAsync(new Uri(DevCloud.AppUrl, "/api/portal"), body);

    /// <summary>Launches through DevCloud and enters the portal; the session token the page hands its script.</summary>
    public async Task<string> OpenSessionAsync(DevCloudInstall install)
    {
        var launch = await DevCloud.LaunchAsync(install.InstalledAppId);
        Assert.True(launch.Succeeded, launch.Error);
        var page = await App.GetStringAsync(launch.PortalUrl);
        return PortalPages.SessionTokenIn(page) ?? throw new InvalidOperationException("The portal page has no session.");
    }

    public Task<HttpResponseMessage> PortalGetAsync(string path, string session)
    {
        var request = PortalPages.HtmxGet(path, session);
        request.RequestUri = new Uri(DevCloud.AppUrl, path);
        return App.SendAsync(request);
    }

    public Task<(HttpStatusCode Status, string Html)> PortalPostAsync(string path, string session)
    {
        var request = PortalRequests.HtmxPost(path, session);
        request.RequestUri = new Uri(DevCloud.AppUrl, path);
        return App.FetchAsync(request);
    }

    public static JsonObject InstallBody(string installedAppId, string appId, string instanceId, string apiKey, params string[] scopes) => new()
    {
        ["installed_app_id"] = installedAppId,
        ["app_id"] = appId,
        ["instance_id"] = instanceId,
        ["api_key"] = apiKey,
        ["api_key_prefix"] = apiKey[..8],
        ["granted_permissions"] = new JsonArray(scopes.Select(scope => (JsonNode?)scope).ToArray()),
        ["idempotency_key"] = $"install:{installedAppId}",
    };

    public static JsonObject UninstallBody(DevCloudInstall install) => new()
    {
        ["installed_app_id"] = install.InstalledAppId,
        ["app_id"] = install.AppId,
        ["instance_id"] = install.InstanceId,
        ["uninstalled_at"] = DateTimeOffset.UtcNow.ToString("O"),
        ["idempotency_key"] = $"uninstall:{install.InstalledAppId}",
    };

    public static string MadeUpKey() => $"blnk_{Guid.NewGuid():N}{Guid.NewGuid():N}";
}

/// <summary>Issue 10: what an outsider who can reach the app's public routes can and cannot do.</summary>
public sealed class TrustBoundaryTests(TrustHarness harness) : IClassFixture<TrustHarness>
{
    [Fact]
    public async Task A_stranger_installing_on_their_own_instance_gets_no_Stripe_call_and_no_ledger_write_from_the_deployments_key()
    {
        // The stranger holds a real Cloud key, for an instance of their own, and knows the app id.
        var stranger = await harness.InstallAsync(instanceId: "inst_stranger");
        Assert.Equal(InstallState.Active, stranger.State);
        var session = await harness.OpenSessionAsync(stranger);
        var stripeCalls = harness.DevCloud.Stripe!.RequestCount;

        var panel = await harness.PortalGetAsync("/portal/stripe", session);
        var (_, html) = await harness.PortalPostAsync("/portal/sync", session);

        Assert.Contains("Connect a Stripe account first", html);
        Assert.DoesNotContain("sync-running", html);
        Assert.Contains("secret_key", await panel.Content.ReadAsStringAsync());
        Assert.Equal(stripeCalls, harness.DevCloud.Stripe.RequestCount);
        var ledger = harness.DevCloud.Ledger("inst_stranger");
        Assert.Equal(0, ledger.Count(DataResource.Transactions));
        Assert.DoesNotContain(ledger.Snapshot(DataResource.Identities), identity => identity["meta_data"]?["stripe_sync"] is not null);
        Assert.Null(harness.Service<StripeKeys>().For(harness.Record(stranger.InstalledAppId)!));
    }

    [Fact]
    public async Task On_the_instance_it_is_bound_to_the_deployments_Stripe_key_serves_once_Cloud_confirmed_the_installs_key()
    {
        var merchant = await harness.InstallAsync(instanceId: TrustHarness.MerchantInstance);

        await Eventually.TrueAsync(() => Task.FromResult(harness.Record(merchant.InstalledAppId)!.KeyConfirmed), 10_000);
        var credentials = harness.Service<StripeKeys>().For(harness.Record(merchant.InstalledAppId)!);

        Assert.Equal(StripeKeySource.Environment, credentials?.Source);
    }

    [Fact]
    public async Task A_made_up_install_on_the_bound_instance_never_gets_the_deployments_Stripe_key()
    {
        var forged = TrustHarness.InstallBody("instapp_forged_on_merchant", harness.DevCloud.Registration.AppId, TrustHarness.MerchantInstance,
            TrustHarness.MadeUpKey(), Scopes.DataRead, Scopes.DataWrite);
        var stripeCalls = harness.DevCloud.Stripe!.RequestCount;

        Assert.Equal(HttpStatusCode.OK, (await harness.PostCallbackAsync(forged)).StatusCode);
        var verdict = await harness.Service<InstallKeyConfirmation>().ConfirmAsync("instapp_forged_on_merchant");

        Assert.Equal(KeyVerdict.Revoked, verdict);
        var record = harness.Record("instapp_forged_on_merchant")!;
        Assert.False(record.KeyConfirmed);
        Assert.Null(harness.Service<StripeKeys>().For(record));
        Assert.Equal(SyncStartRefusal.NoStripeKey, harness.Service<SyncLauncher>().Start(record.InstalledAppId, SyncTrigger.Manual).Refusal);
        Assert.Equal(stripeCalls, harness.DevCloud.Stripe.RequestCount);
    }

    [Fact]
    public async Task A_takeover_with_a_key_Cloud_never_minted_is_refused_and_changes_nothing()
    {
        var install = await harness.InstallAsync();
        var session = await harness.OpenSessionAsync(install);
        var before = harness.Record(install.InstalledAppId)!;
        var forged = TrustHarness.InstallBody(install.InstalledAppId, install.AppId, install.InstanceId, TrustHarness.MadeUpKey(),
            "data:read", "data:write", "alerts:read", "alerts:write");
        forged["idempotency_key"] = "install:" + install.InstalledAppId + ":again";

        var response = await harness.PostCallbackAsync(forged);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("keeps its key", await response.Content.ReadAsStringAsync());
        var after = harness.Record(install.InstalledAppId)!;
        Assert.Equal(install.ApiKey, harness.Service<InstallDirectory>().OpenApiKey(after));
        Assert.Equal(before.GrantedPermissions, after.GrantedPermissions);
        Assert.Equal(before.Generation, after.Generation);
        Assert.Equal(HttpStatusCode.OK, (await harness.PortalGetAsync("/portal", session)).StatusCode);
    }

    [Fact]
    public async Task A_takeover_with_a_live_key_of_another_instance_is_refused_and_changes_nothing()
    {
        var victim = await harness.InstallAsync();
        var attacker = await harness.InstallAsync();
        var forged = TrustHarness.InstallBody(victim.InstalledAppId, victim.AppId, victim.InstanceId, attacker.ApiKey, [.. attacker.Scopes]);
        forged["idempotency_key"] = "install:" + victim.InstalledAppId + ":takeover";

        var response = await harness.PostCallbackAsync(forged);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(victim.ApiKey, harness.Service<InstallDirectory>().OpenApiKey(harness.Record(victim.InstalledAppId)!));
    }

    [Fact]
    public async Task Once_Cloud_revoked_the_key_for_an_uninstall_a_live_key_of_another_instance_cannot_stop_the_uninstall()
    {
        var victim = await harness.InstallAsync();
        var attacker = await harness.InstallAsync();
        // Cloud revoked the victim's key and its uninstall has not reached the app yet.
        victim.Grant.Revoked = true;
        var forged = TrustHarness.InstallBody(victim.InstalledAppId, victim.AppId, victim.InstanceId, attacker.ApiKey, [.. attacker.Scopes]);

        Assert.Equal(HttpStatusCode.Forbidden, (await harness.PostCallbackAsync(forged)).StatusCode);
        var uninstall = await harness.PostCallbackAsync(TrustHarness.UninstallBody(victim));

        Assert.Equal(HttpStatusCode.OK, uninstall.StatusCode);
        Assert.Equal(InstallStatus.Uninstalled, harness.Record(victim.InstalledAppId)!.Status);
    }

    [Fact]
    public async Task A_permission_change_to_write_only_is_proven_by_Clouds_missing_permission_answer()
    {
        var install = await harness.InstallAsync();

        var change = await harness.DevCloud.ChangePermissionsAsync(install.InstalledAppId, [Scopes.DataWrite]);

        Assert.True(change.Succeeded, change.Error);
        Assert.Equal([Scopes.DataWrite], harness.Record(install.InstalledAppId)!.GrantedPermissions);
    }

    [Fact]
    public async Task A_permission_change_with_a_key_Cloud_minted_is_applied()
    {
        var install = await harness.InstallAsync();
        var oldSession = await harness.OpenSessionAsync(install);

        var change = await harness.DevCloud.ChangePermissionsAsync(install.InstalledAppId, [Scopes.DataRead, Scopes.AlertsRead]);

        Assert.True(change.Succeeded, change.Error);
        var record = harness.Record(install.InstalledAppId)!;
        Assert.Equal([Scopes.AlertsRead, Scopes.DataRead], record.GrantedPermissions);
        Assert.Equal(install.ApiKey, harness.Service<InstallDirectory>().OpenApiKey(record));
        Assert.Equal(HttpStatusCode.Unauthorized, (await harness.PortalGetAsync("/portal", oldSession)).StatusCode);
    }

    [Fact]
    public async Task A_new_key_Cloud_does_not_know_yet_is_applied_when_Cloud_no_longer_accepts_the_old_one()
    {
        var install = await harness.InstallAsync();
        var old = install.Grant;
        // Cloud replaced the key: the old one is dead (an outsider cannot make that happen).
        old.Revoked = true;
        var replacement = TrustHarness.MadeUpKey();
        var body = TrustHarness.InstallBody(install.InstalledAppId, install.AppId, install.InstanceId, replacement, [.. old.Scopes]);

        var response = await harness.PostCallbackAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(replacement, harness.Service<InstallDirectory>().OpenApiKey(harness.Record(install.InstalledAppId)!));
    }

    [Fact]
    public async Task A_key_change_answers_503_and_changes_nothing_while_Cloud_cannot_be_asked()
    {
        var install = await harness.InstallAsync();
        harness.DevCloud.CloudFaults.Rate503 = 1;
        try
        {
            var body = TrustHarness.InstallBody(install.InstalledAppId, install.AppId, install.InstanceId, TrustHarness.MadeUpKey(), Scopes.DataRead);

            var response = await harness.PostCallbackAsync(body);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(install.ApiKey, harness.Service<InstallDirectory>().OpenApiKey(harness.Record(install.InstalledAppId)!));
        }
        finally
        {
            harness.DevCloud.CloudFaults.Reset();
        }
    }

    [Fact]
    public async Task A_forged_uninstall_while_Cloud_still_accepts_the_key_is_refused_and_the_real_one_is_applied()
    {
        var install = await harness.InstallAsync();
        var session = await harness.OpenSessionAsync(install);

        var forged = await harness.PostCallbackAsync(TrustHarness.UninstallBody(install));

        Assert.Equal(HttpStatusCode.Conflict, forged.StatusCode);
        Assert.NotNull(harness.Service<InstallDirectory>().FindActive(install.InstalledAppId));
        Assert.Equal(HttpStatusCode.OK, (await harness.PortalGetAsync("/portal", session)).StatusCode);

        var real = await harness.DevCloud.UninstallAsync(install.InstalledAppId);

        Assert.True(real.Succeeded, real.Error);
        Assert.Equal(InstallStatus.Uninstalled, harness.Record(install.InstalledAppId)!.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await harness.PortalGetAsync("/portal", session)).StatusCode);
    }

    [Fact]
    public async Task An_uninstall_Cloud_cannot_confirm_answers_503_changes_nothing_and_Clouds_retry_is_applied()
    {
        var install = await harness.InstallAsync();
        harness.DevCloud.CloudFaults.Rate503 = 1;
        UninstallResult first;
        try
        {
            first = await harness.DevCloud.UninstallAsync(install.InstalledAppId);
        }
        finally
        {
            harness.DevCloud.CloudFaults.Reset();
        }

        Assert.Equal(503, first.Status);
        Assert.NotNull(harness.Service<InstallDirectory>().FindActive(install.InstalledAppId));
        var retry = await harness.DevCloud.UninstallAsync(install.InstalledAppId);
        Assert.True(retry.Succeeded, retry.Error);
        Assert.Null(harness.Service<InstallDirectory>().FindActive(install.InstalledAppId));
    }

    [Fact]
    public async Task An_uninstall_for_an_install_the_app_never_had_still_answers_200()
    {
        var response = await harness.PostCallbackAsync(new JsonObject
        {
            ["installed_app_id"] = "instapp_never_seen",
            ["app_id"] = harness.DevCloud.Registration.AppId,
            ["instance_id"] = "inst_never_seen",
            ["uninstalled_at"] = DateTimeOffset.UtcNow.ToString("O"),
            ["idempotency_key"] = "uninstall:instapp_never_seen",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(harness.Record("instapp_never_seen"));
    }

    [Fact]
    public async Task Ids_that_differ_only_in_letter_case_are_different_installs()
    {
        var appId = harness.DevCloud.Registration.AppId;
        var upper = TrustHarness.InstallBody("instapp_CaseTest", appId, "inst_case_upper", TrustHarness.MadeUpKey(), Scopes.DataRead);
        var lower = TrustHarness.InstallBody("instapp_casetest", appId, "inst_case_lower", TrustHarness.MadeUpKey(), Scopes.DataRead);

        Assert.Equal(HttpStatusCode.OK, (await harness.PostCallbackAsync(upper)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await harness.PostCallbackAsync(lower)).StatusCode);

        var directory = harness.Service<InstallDirectory>();
        var first = directory.Find("instapp_CaseTest")!;
        var second = directory.Find("instapp_casetest")!;
        Assert.Equal("inst_case_upper", first.InstanceId);
        Assert.Equal("inst_case_lower", second.InstanceId);
        Assert.Equal((string)upper["api_key"]!, directory.OpenApiKey(first));
        Assert.Equal((string)lower["api_key"]!, directory.OpenApiKey(second));
        Assert.Null(directory.Find("INSTAPP_CASETEST"));
        var crossed = await harness.PostPortalAsync(new JsonObject
        {
            ["installed_app_id"] = "instapp_CaseTest", ["app_id"] = appId, ["instance_id"] = "inst_case_lower",
        });
        Assert.Equal(HttpStatusCode.Forbidden, crossed.StatusCode);
    }

    [Fact]
    public async Task An_install_id_cannot_move_to_another_instance_live_or_uninstalled_and_only_Clouds_reinstall_brings_it_back_with_its_data()
    {
        var install = await harness.InstallAsync();
        var run = harness.Service<SyncRuns>().Create(install.InstalledAppId, SyncTrigger.Manual);
        var move = TrustHarness.InstallBody(install.InstalledAppId, install.AppId, "inst_elsewhere", TrustHarness.MadeUpKey(), Scopes.DataRead);

        Assert.Equal(HttpStatusCode.Conflict, (await harness.PostCallbackAsync(move)).StatusCode);
        Assert.True((await harness.DevCloud.UninstallAsync(install.InstalledAppId)).Succeeded);
        Assert.Equal(HttpStatusCode.Conflict, (await harness.PostCallbackAsync(move)).StatusCode);
        Assert.Equal(install.InstanceId, harness.Record(install.InstalledAppId)!.InstanceId);

        var madeUp = TrustHarness.InstallBody(install.InstalledAppId, install.AppId, install.InstanceId, TrustHarness.MadeUpKey(), Scopes.DataRead);
        Assert.Equal(HttpStatusCode.Forbidden, (await harness.PostCallbackAsync(madeUp)).StatusCode);
        Assert.Null(harness.Service<InstallDirectory>().FindActive(install.InstalledAppId));

        var reinstall = await harness.DevCloud.ReinstallAsync(install.InstalledAppId);
        Assert.True(reinstall.Succeeded, reinstall.Error);
        Assert.NotNull(harness.Service<InstallDirectory>().FindActive(install.InstalledAppId));
        Assert.Equal(install.InstalledAppId, harness.Service<SyncRuns>().Get(run.RunId)?.InstalledAppId);
    }

    [Fact]
    public async Task Blnks_example_payload_with_a_scope_Cloud_added_later_installs_and_launches()
    {
        var install = await harness.InstallAsync(shape: InstallPayloadShape.BlnkExample);

        Assert.Equal(InstallState.Active, install.State);
        var record = harness.Record(install.InstalledAppId)!;
        Assert.Equal("blnk_live_abcd", record.ApiKeyPrefix);
        Assert.StartsWith("org_", record.OrganizationId);
        Assert.Contains(TrustHarness.FutureScope, record.GrantedPermissions);
        Assert.True((await harness.DevCloud.LaunchAsync(install.InstalledAppId)).Succeeded);
    }

    [Fact]
    public async Task Events_and_launches_for_another_app_id_are_refused_with_403_and_change_nothing()
    {
        var install = await harness.InstallAsync();
        var other = TrustHarness.InstallBody("instapp_other_app", "app_someone_else", "inst_other_app", TrustHarness.MadeUpKey(), Scopes.DataRead);
        var uninstall = TrustHarness.UninstallBody(install);
        uninstall["app_id"] = "app_someone_else";
        var launch = new JsonObject { ["installed_app_id"] = install.InstalledAppId, ["app_id"] = "app_someone_else", ["instance_id"] = install.InstanceId };

        Assert.Equal(HttpStatusCode.Forbidden, (await harness.PostCallbackAsync(other)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await harness.PostCallbackAsync(uninstall)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await harness.PostPortalAsync(launch)).StatusCode);
        Assert.Null(harness.Record("instapp_other_app"));
        Assert.NotNull(harness.Service<InstallDirectory>().FindActive(install.InstalledAppId));
    }

    [Fact]
    public async Task An_event_that_waits_too_long_behind_another_for_the_same_install_answers_503_and_changes_nothing()
    {
        var install = await harness.InstallAsync();
        var body = TrustHarness.InstallBody(install.InstalledAppId, install.AppId, install.InstanceId, TrustHarness.MadeUpKey(), Scopes.DataRead);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        HttpResponseMessage response;
        using (await harness.Service<InstallEventGate>().EnterAsync(install.InstalledAppId, CancellationToken.None))
            response = await harness.PostCallbackAsync(body);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"answered after {clock.Elapsed}");
        Assert.Equal(install.ApiKey, harness.Service<InstallDirectory>().OpenApiKey(harness.Record(install.InstalledAppId)!));
    }

    [Theory]
    [InlineData("blnk_a\r\nX-Injected: 1")]
    [InlineData("blnk_\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9")]
    [InlineData("blnk_with space_inside_it")]
    public async Task A_key_no_header_can_carry_is_refused_with_400_at_once(string key)
    {
        var install = await harness.InstallAsync();
        var body = TrustHarness.InstallBody(install.InstalledAppId, install.AppId, install.InstanceId, System.Text.RegularExpressions.Regex.Unescape(key), Scopes.DataRead);

        var response = await harness.PostCallbackAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("api_key", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_launch_link_sent_without_a_Host_gets_400_and_still_opens_the_portal_afterwards(bool emptyHost)
    {
        var install = await harness.InstallAsync();
        var launch = await harness.DevCloud.LaunchAsync(install.InstalledAppId);
        var target = launch.PortalUrl!.PathAndQuery;
        var request = emptyHost
            ? new BlnkSliceApp.DevCloud.Proof.RawRequest("GET", target, [("Host", "")], [])
            : new BlnkSliceApp.DevCloud.Proof.RawRequest("GET", target, [], [], OmitHost: true);

        var answer = await BlnkSliceApp.DevCloud.Proof.RawHttp.SendAsync(harness.DevCloud.AppUrl, request, TimeSpan.FromSeconds(10));

        Assert.Equal(400, answer.Status);
        Assert.DoesNotContain("portal-session", answer.Text);
        var page = await harness.App.GetStringAsync(launch.PortalUrl);
        Assert.NotNull(PortalPages.SessionTokenIn(page));
    }

    [Fact]
    public async Task After_an_uninstall_no_customer_email_is_left_in_the_database_files()
    {
        var install = await harness.InstallAsync();
        var stripe = harness.DevCloud.Stripe!;
        harness.Service<StripeKeys>().Save(install.InstalledAppId, stripe.SecretKey, stripe.AccountId, live: false);
        var run = harness.Service<SyncLauncher>().Start(install.InstalledAppId, SyncTrigger.Manual).Run!;
        await Eventually.TrueAsync(() => Task.FromResult(harness.Service<SyncRuns>().Get(run.RunId)!.IsFinished), 120_000);
        var emails = stripe.Account.Customers.Select(customer => customer.Email).OfType<string>().Distinct().ToList();
        var database = harness.Service<AppDatabase>();
        database.Db.Checkpoint();
        // The search works: the sync cached customers' emails.
        Assert.Contains(emails, email => DataFiles.Occurrences(harness.DevCloud.DataDirectory, email) > 0);

        Assert.True((await harness.DevCloud.UninstallAsync(install.InstalledAppId)).Succeeded);
        await Eventually.TrueAsync(() => Task.FromResult(harness.Record(install.InstalledAppId)!.ErasePending == false), 30_000);

        var live = database.Db.GetCollection("sync_customers").Count(LiteDB.Query.StartsWith("_id", install.InstalledAppId + "|"));
        Assert.DoesNotContain(harness.DevCloud.Ledger(install.InstanceId).Snapshot(DataResource.Transactions),
            transaction => emails.Any(email => ((string?)transaction["description"] ?? "").Contains(email, StringComparison.OrdinalIgnoreCase)));
        Assert.Equal(0, database.Db.GetCollection("sync_payout_items").Count(LiteDB.Query.StartsWith("_id", install.InstalledAppId + "|")));
        var left = emails.Select(email => DataFiles.Where(harness.DevCloud.DataDirectory, email)).OfType<string>().ToList();
        Assert.True(left.Count == 0, $"{live} cached customers still in the collection; {left.Count} emails in the files:\n" + string.Join("\n", left));
    }
}
