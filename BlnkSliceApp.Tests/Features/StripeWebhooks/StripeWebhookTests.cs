using BlnkSliceApp.DevCloud.Proof;
using BlnkSliceApp.DevCloud.Stripe;
using BlnkSliceApp.DevCloud.Stripe.Webhooks;
using BlnkSliceApp.Features.StripeWebhooks;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync.Engine;
using BlnkSliceApp.Shared.Sync.Runs;
using BlnkSliceApp.Tests.DevCloud;

namespace BlnkSliceApp.Tests.Features.StripeWebhooks;

/// <summary>Stripe's webhooks delivered by DevCloud to the app, end to end: signature, replay, debounce, the safety run.</summary>
public sealed class StripeWebhookTests(WebhookHarness harness) : IClassFixture<WebhookHarness>
{
    static StripeActivityRequest Payments(int count) => new() { Payments = count, Refunds = 0, Payouts = 0, Currency = "usd" };

    [Fact]
    public async Task A_signed_event_starts_a_webhook_run_within_ten_seconds_that_posts_the_new_charge()
    {
        var (install, _) = await harness.InstallWithWebhookAsync();
        await harness.SyncNowAsync(install);

        var added = harness.DevCloud.Stripe!.Account.AddActivity(Payments(1));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Eventually.TrueAsync(() => Task.FromResult(harness.Runs(install, SyncTrigger.Webhook).Count > 0), 10_000);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
        var run = await harness.FinishedAsync(harness.Runs(install, SyncTrigger.Webhook).Single().RunId);
        Assert.True(harness.IsRecorded(install, added.BalanceTransactionIds.Single()));
        Assert.Equal(2, run.Counts.Posted); // the charge and its fee
        Assert.Contains(harness.DevCloud.Stripe.Webhooks.Attempts, a => a.Type == "charge.succeeded" && a.Outcome == "delivered" && a.Status == 200);
    }

    [Fact]
    public async Task Two_events_close_together_make_one_run()
    {
        var (install, endpoint) = await harness.InstallWithWebhookAsync();
        await harness.SyncNowAsync(install);

        var added = harness.DevCloud.Stripe!.Account.AddActivity(Payments(2));
        await harness.DeliveredAsync(endpoint);

        await Eventually.TrueAsync(() => Task.FromResult(harness.Runs(install, SyncTrigger.Webhook).Count > 0), 10_000);
        await harness.FinishedAsync(harness.Runs(install, SyncTrigger.Webhook).Single().RunId);
        Assert.Null(harness.Debouncer.DueAt(install.InstalledAppId));
        Assert.Single(harness.Runs(install, SyncTrigger.Webhook));
        Assert.All(added.BalanceTransactionIds, id => Assert.True(harness.IsRecorded(install, id)));
    }

    [Fact]
    public async Task A_bad_signature_a_stale_one_an_unknown_endpoint_and_a_replayed_event_change_nothing()
    {
        var (install, endpoint) = await harness.InstallWithWebhookAsync();
        await harness.SyncNowAsync(install);
        harness.DevCloud.Stripe!.Account.AddActivity(Payments(1));
        var json = harness.DevCloud.Stripe.Account.Events.Last().Json;
        await harness.DeliveredAsync(endpoint);
        await Eventually.TrueAsync(() => Task.FromResult(harness.Runs(install, SyncTrigger.Webhook).Count > 0), 10_000);
        await harness.FinishedAsync(harness.Runs(install, SyncTrigger.Webhook).Single().RunId);
        var database = harness.Service<AppDatabase>();
        var before = AppStateSnapshot.Of(database);
        var otherEndpoint = endpoint.Url[..^32] + new string('0', 32);

        var refusals = new[]
        {
            await harness.DeliverAsync(endpoint.Url, json, null),
            await harness.DeliverAsync(endpoint.Url, json, WebhookSignature.Header("whsec_notthesecretatall0000000000", json, harness.Now)),
            await harness.DeliverAsync(endpoint.Url, json, WebhookSignature.Header(endpoint.Secret, json, harness.Now - 301)),
            await harness.DeliverAsync(endpoint.Url, json + " ", WebhookSignature.Header(endpoint.Secret, json, harness.Now)),
            await harness.DeliverAsync(otherEndpoint, json, WebhookSignature.Header(endpoint.Secret, json, harness.Now)),
        };

        Assert.All(refusals, refusal => Assert.Equal(HttpStatusCode.BadRequest, refusal.Status));
        // One answer for every refusal: it tells an outsider nothing about the endpoint.
        Assert.Single(refusals.Select(r => System.Text.Json.JsonDocument.Parse(r.Body).RootElement.GetProperty("detail").GetString()).Distinct());
        Assert.All(refusals, refusal => Assert.DoesNotContain(endpoint.Secret, refusal.Body));
        Assert.Empty(before.Differences(AppStateSnapshot.Of(database)));

        // Stripe's retry of an event already accepted (a fresh signature, the same id) starts nothing.
        var replay = await harness.DeliverAsync(endpoint.Url, json, WebhookSignature.Header(endpoint.Secret, json, harness.Now));
        Assert.Equal(HttpStatusCode.OK, replay.Status);
        Assert.Contains("duplicate", replay.Body);
        Assert.Null(harness.Debouncer.DueAt(install.InstalledAppId));
    }

    [Fact]
    public async Task A_lost_webhook_is_caught_by_the_daily_safety_run_which_reads_the_last_three_days()
    {
        var (install, _) = await harness.InstallWithWebhookAsync();
        await harness.SyncNowAsync(install);
        var stripe = harness.DevCloud.Stripe!;

        stripe.Webhooks.LoseNext = 1;
        var added = stripe.Account.AddActivity(Payments(1));
        Assert.Contains(stripe.Webhooks.Attempts, a => a.EventId == stripe.Account.Events.Last().Id && a.Outcome == "lost");
        Assert.Null(harness.Debouncer.DueAt(install.InstalledAppId));
        var safety = harness.Service<SafetyRuns>();
        Assert.Equal(0, safety.StartDue());

        var day = SafetyRuns.Interval + TimeSpan.FromMinutes(1);
        harness.Clock.Advance(day);
        try
        {
            Assert.True(safety.StartDue() >= 1);
            var run = await harness.FinishedAsync(harness.Runs(install, SyncTrigger.Safety).Single().RunId);
            Assert.True(harness.IsRecorded(install, added.BalanceTransactionIds.Single()));
            Assert.Equal(2, run.Counts.Posted);
            var threeDaysAgo = harness.Now - (long)SyncRunner.SafetyWindow.TotalSeconds;
            Assert.InRange(run.WindowFrom, threeDaysAgo - 60, threeDaysAgo + 60);
            // Due again a day later, not sooner.
            Assert.Equal(0, safety.StartDue());
            Assert.Single(harness.Runs(install, SyncTrigger.Safety));
        }
        finally
        {
            // The other tests' signatures are made on real time.
            harness.Clock.Advance(-day);
        }
    }

    [Fact]
    public async Task The_secret_is_never_in_the_portal_or_the_logs_and_uninstall_erases_it()
    {
        var (install, endpoint) = await harness.InstallWithWebhookAsync();
        await harness.SyncNowAsync(install);
        await harness.DeliveredAsync(endpoint);
        var session = await OpenSessionAsync(install);
        var panel = await harness.Http.SendAsync(Portal(HttpMethod.Get, WebhookRoutes.Panel, session));
        var html = await panel.Content.ReadAsStringAsync();
        Assert.Equal(endpoint.Secret[^4..], Html.Parse(html).TextOf("webhook-secret-last4"));
        Assert.Equal(endpoint.Url, Html.Parse(html).TextOf("webhook-url"));
        Assert.DoesNotContain(endpoint.Secret, html);
        Assert.DoesNotContain(install.InstalledAppId, Html.Parse(html).TextOf("webhook-url"));

        var malformed = Portal(HttpMethod.Post, WebhookRoutes.Panel, session);
        malformed.Content = new FormUrlEncodedContent([new("signing_secret", "sk_test_" + endpoint.Secret[6..])]);
        var refused = await harness.Http.SendAsync(malformed);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var refusedHtml = await refused.Content.ReadAsStringAsync();
        Assert.NotNull(Html.Parse(refusedHtml).TextOf("webhook-field-error"));
        Assert.DoesNotContain(endpoint.Secret[6..], refusedHtml);
        Assert.Equal(endpoint.Secret[^4..], Html.Parse(refusedHtml).TextOf("webhook-secret-last4"));

        Assert.True((await harness.DevCloud.UninstallAsync(install.InstalledAppId)).Succeeded);
        var erasure = harness.Service<InstallDataErasure>();
        await erasure.EraseAsync(install.InstalledAppId);
        Assert.Null(harness.Service<WebhookEndpoints>().Find(install.InstalledAppId));
        const string json = """{"id": "evt_after_uninstall", "object": "event", "type": "charge.succeeded", "created": 1, "livemode": false, "data": {"object": {}}}""";
        var after = await harness.DeliverAsync(endpoint.Url, json, WebhookSignature.Header(endpoint.Secret, json, harness.Now));
        Assert.Equal(HttpStatusCode.BadRequest, after.Status);

        Assert.Contains(harness.Logs.Lines, line => line.Contains(install.InstalledAppId));
        foreach (var line in harness.Logs.Lines)
        {
            Assert.DoesNotContain(endpoint.Secret, line);
            Assert.DoesNotContain("v1=", line);
        }
    }

    async Task<string> OpenSessionAsync(BlnkSliceApp.DevCloud.Cloud.Installs.DevCloudInstall install)
    {
        var launch = await harness.DevCloud.LaunchAsync(install.InstalledAppId);
        Assert.True(launch.Succeeded, launch.Error);
        return PortalPages.SessionTokenIn(await harness.Http.GetStringAsync(launch.PortalUrl))!;
    }

    HttpRequestMessage Portal(HttpMethod method, string path, string session)
    {
        var request = new HttpRequestMessage(method, new Uri(harness.DevCloud.AppUrl, path));
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("X-Portal-Session", session);
        return request;
    }
}
