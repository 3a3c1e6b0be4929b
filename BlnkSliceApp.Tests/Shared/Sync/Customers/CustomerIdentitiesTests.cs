using System.Text.Json.Nodes;
using BlnkSliceApp.DevCloud.Cloud.Ledger;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync;
using BlnkSliceApp.Shared.Sync.Customers;
using BlnkSliceApp.Tests.Shared.Cloud;

namespace BlnkSliceApp.Tests.Shared.Sync.Customers;

public sealed class CustomerIdentitiesTests(CloudHarness harness) : IClassFixture<CloudHarness>, IDisposable
{
    const string Account = "acct_test";
    CustomerIdentities Customers => harness.Service<CustomerIdentities>();

    public void Dispose() => harness.DevCloud.CloudFaults.Reset();

    async Task<(CloudHarness.Installed Install, string LedgerId)> InstallWithLedgerAsync()
    {
        var install = await harness.InstallAsync();
        return (install, await harness.Service<SyncLedger>().EnsureAsync(install.Client, CancellationToken.None));
    }

    void LinkByEmail(CloudHarness.Installed install)
    {
        var preferences = SyncPreferences.Defaults(install.InstalledAppId);
        preferences.LinkByEmail = true;
        harness.Service<AppDatabase>().Collection<SyncPreferences>(SyncPreferences.Collection).Upsert(preferences);
    }

    static JsonObject Identity(string email, JsonObject? meta = null) => new()
    {
        ["identity_type"] = "individual",
        ["first_name"] = "Pre",
        ["last_name"] = "Existing",
        ["email_address"] = email,
        ["meta_data"] = meta ?? [],
    };

    static JsonObject StripeMeta(string customerId) =>
        new() { ["stripe_sync"] = new JsonObject { ["stripe_customer_id"] = customerId } };

    [Fact]
    public async Task A_new_customer_gets_an_identity_with_a_deterministic_id_and_a_linked_balance_known_locally()
    {
        var (install, ledgerId) = await InstallWithLedgerAsync();
        var customer = new StripeCustomerInfo("cus_new1", "new1@example.com", "Ada Lovelace", "+44 20 7946 0000", false);

        var result = await Customers.EnsureBalanceAsync(install.Client, ledgerId, customer, "usd", Account, CancellationToken.None);

        Assert.Equal(CustomerLinkOutcome.Created, result.Outcome);
        var identity = Assert.Single(harness.Ledger(install).Snapshot(DataResource.Identities), i => (string?)i["email_address"] == "new1@example.com");
        Assert.Equal(IdentityIds.For("cus_new1"), (string?)identity["identity_id"]);
        Assert.Equal(("Ada", "Lovelace", "+44 20 7946 0000"), ((string?)identity["first_name"], (string?)identity["last_name"], (string?)identity["phone_number"]));
        Assert.Equal("cus_new1", (string?)identity["meta_data"]!["stripe_sync"]!["stripe_customer_id"]);
        var balance = harness.Ledger(install).GetBalance(result.BalanceId);
        Assert.Equal(ledgerId, (string?)balance["ledger_id"]);
        Assert.Equal((string?)identity["identity_id"], (string?)balance["identity_id"]);
        Assert.Equal("USD", (string?)balance["currency"]);
        Assert.Equal(result.BalanceId, Customers.KnownBalance(install.InstalledAppId, "cus_new1", "USD"));
    }

    [Fact]
    public async Task A_second_currency_reuses_the_identity_and_a_known_balance_needs_no_call()
    {
        var (install, ledgerId) = await InstallWithLedgerAsync();
        var customer = new StripeCustomerInfo("cus_two", "two@example.com", "Two Currencies", null, false);
        await Customers.EnsureBalanceAsync(install.Client, ledgerId, customer, "USD", Account, CancellationToken.None);

        var eur = await Customers.EnsureBalanceAsync(install.Client, ledgerId, customer, "EUR", Account, CancellationToken.None);
        var calls = harness.CallsOf(install).Count;
        var again = await Customers.EnsureBalanceAsync(install.Client, ledgerId, customer, "EUR", Account, CancellationToken.None);

        Assert.Equal(CustomerLinkOutcome.Existing, eur.Outcome);
        Assert.Equal(eur.BalanceId, again.BalanceId);
        Assert.Equal(calls, harness.CallsOf(install).Count);
        Assert.Single(harness.Ledger(install).Snapshot(DataResource.Identities), i => (string?)i["email_address"] == "two@example.com");
        Assert.Equal(2, harness.Ledger(install).Snapshot(DataResource.Balances).Count(b => (string?)b["ledger_id"] == ledgerId));
    }

    [Fact]
    public async Task An_identity_carrying_the_customer_id_in_its_metadata_is_linked()
    {
        var (install, ledgerId) = await InstallWithLedgerAsync();
        var existing = harness.Ledger(install).CreateIdentity(Identity("someone-else@example.com", StripeMeta("cus_meta")));
        var identitiesBefore = harness.Ledger(install).Count(DataResource.Identities);

        var result = await Customers.EnsureBalanceAsync(install.Client, ledgerId,
            new StripeCustomerInfo("cus_meta", "meta@example.com", "Meta Data", null, false), "USD", Account, CancellationToken.None);

        Assert.Equal(CustomerLinkOutcome.LinkedByMetadata, result.Outcome);
        Assert.Equal(identitiesBefore, harness.Ledger(install).Count(DataResource.Identities));
        Assert.Equal((string?)existing["identity_id"], (string?)harness.Ledger(install).GetBalance(result.BalanceId)["identity_id"]);
    }

    [Fact]
    public async Task One_search_finds_the_identities_carrying_many_customers_ids_and_linking_them_needs_no_search_each()
    {
        var (install, ledgerId) = await InstallWithLedgerAsync();
        var first = harness.Ledger(install).CreateIdentity(Identity("first-meta@example.com", StripeMeta("cus_many1")));
        var second = harness.Ledger(install).CreateIdentity(Identity("second-meta@example.com", StripeMeta("cus_many2")));
        harness.Ledger(install).CreateIdentity(Identity("unrelated@example.com", StripeMeta("cus_elsewhere")));
        var calls = harness.CallsOf(install).Count;

        var searched = await Customers.FindByMetadataAsync(install.Client, ["cus_many1", "cus_many2", "cus_none"], CancellationToken.None);

        Assert.Equal(calls + 1, harness.CallsOf(install).Count);
        Assert.Equal((string?)first["identity_id"], (string?)Assert.Single(searched.For("cus_many1"))["identity_id"]);
        Assert.Equal((string?)second["identity_id"], (string?)Assert.Single(searched.For("cus_many2"))["identity_id"]);
        Assert.True(searched.Covers("cus_none"));
        Assert.Empty(searched.For("cus_none"));
        Assert.False(searched.Covers("cus_elsewhere"));

        var linked = await Customers.EnsureBalancesAsync(install.Client, ledgerId,
            new StripeCustomerInfo("cus_many1", "first-meta@example.com", "First", null, false), ["USD", "EUR"], Account, CancellationToken.None, searched);

        Assert.Equal(CustomerLinkOutcome.LinkedByMetadata, linked.Outcome);
        Assert.DoesNotContain(harness.CallsOf(install).Skip(calls + 1), call => call.Target.StartsWith("/data/identities", StringComparison.Ordinal));
        Assert.All(linked.BalanceIds.Values, balanceId => Assert.Equal((string?)first["identity_id"], (string?)harness.Ledger(install).GetBalance(balanceId)["identity_id"]));
        Assert.Equal(["EUR", "USD"], linked.BalanceIds.Keys.Order());
    }

    [Fact]
    public async Task An_identity_with_the_same_email_in_other_letter_case_is_linked_and_gets_our_metadata()
    {
        var (install, ledgerId) = await InstallWithLedgerAsync();
        LinkByEmail(install);
        var existing = harness.Ledger(install).CreateIdentity(Identity("Grace.Hopper@Example.COM", new JsonObject { ["crm_id"] = "42" }));
        var identitiesBefore = harness.Ledger(install).Count(DataResource.Identities);

        var result = await Customers.EnsureBalanceAsync(install.Client, ledgerId,
            new StripeCustomerInfo("cus_grace", "grace.hopper@example.com", "Grace Hopper", null, false), "USD", Account, CancellationToken.None);

        Assert.Equal(CustomerLinkOutcome.LinkedByEmail, result.Outcome);
        Assert.Equal(identitiesBefore, harness.Ledger(install).Count(DataResource.Identities));
        var linked = harness.Ledger(install).GetIdentity((string)existing["identity_id"]!);
        Assert.Equal("cus_grace", (string?)linked["meta_data"]!["stripe_sync"]!["stripe_customer_id"]);
        Assert.Equal("42", (string?)linked["meta_data"]!["crm_id"]);
        Assert.Equal((string?)existing["identity_id"], (string?)harness.Ledger(install).GetBalance(result.BalanceId)["identity_id"]);
    }

    [Fact]
    public async Task Unless_the_install_chose_email_linking_an_identity_with_the_same_email_is_left_alone()
    {
        var (install, ledgerId) = await InstallWithLedgerAsync();
        var existing = harness.Ledger(install).CreateIdentity(Identity("victim@example.com"));

        var result = await Customers.EnsureBalanceAsync(install.Client, ledgerId,
            new StripeCustomerInfo("cus_claims", "victim@example.com", "Claims An Email", null, false), "USD", Account, CancellationToken.None);

        Assert.Equal(CustomerLinkOutcome.Created, result.Outcome);
        Assert.NotEqual((string?)existing["identity_id"], (string?)harness.Ledger(install).GetBalance(result.BalanceId)["identity_id"]);
        Assert.Null(harness.Ledger(install).GetIdentity((string)existing["identity_id"]!)["meta_data"]?["stripe_sync"]);
    }

    [Fact]
    public async Task An_identity_already_linked_to_another_customer_is_not_taken_over_by_a_shared_email()
    {
        var (install, ledgerId) = await InstallWithLedgerAsync();
        harness.Ledger(install).CreateIdentity(Identity("shared@example.com", StripeMeta("cus_first")));

        var result = await Customers.EnsureBalanceAsync(install.Client, ledgerId,
            new StripeCustomerInfo("cus_second", "shared@example.com", "Second", null, false), "USD", Account, CancellationToken.None);

        Assert.Equal(CustomerLinkOutcome.Created, result.Outcome);
        Assert.Equal(2, harness.Ledger(install).Snapshot(DataResource.Identities).Count(i => (string?)i["email_address"] == "shared@example.com"));
    }

    [Fact]
    public async Task Sixteen_concurrent_calls_for_one_customer_in_two_currencies_make_one_identity_and_one_balance_each()
    {
        var (install, ledgerId) = await InstallWithLedgerAsync();
        harness.DevCloud.CloudFaults.LatencyMs = 20;
        var customer = new StripeCustomerInfo("cus_busy", "busy@example.com", "Busy Bee", null, false);

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Customers.EnsureBalanceAsync(install.Client, ledgerId, customer, i % 2 == 0 ? "USD" : "GBP", Account, CancellationToken.None)));

        Assert.Single(harness.Ledger(install).Snapshot(DataResource.Identities), i => (string?)i["email_address"] == "busy@example.com");
        Assert.Equal(2, results.Select(r => r.BalanceId).Distinct().Count());
        Assert.Equal(2, harness.Ledger(install).Snapshot(DataResource.Balances).Count(b => (string?)b["ledger_id"] == ledgerId));
        Assert.Single(results, r => r.Outcome == CustomerLinkOutcome.Created);
    }

    [Fact]
    public async Task With_its_local_records_lost_a_customer_is_found_again_and_nothing_is_duplicated()
    {
        var (install, ledgerId) = await InstallWithLedgerAsync();
        var customer = new StripeCustomerInfo("cus_lost", "lost@example.com", "Lost Records", null, false);
        var first = await Customers.EnsureBalanceAsync(install.Client, ledgerId, customer, "USD", Account, CancellationToken.None);
        var database = harness.Service<AppDatabase>();
        database.Collection<CustomerLinkRecord>(CustomerLinkRecord.Collection).Delete(CustomerLinkRecord.IdFor(install.InstalledAppId, "cus_lost"));
        database.Collection<CustomerBalanceRecord>(CustomerBalanceRecord.Collection).Delete(CustomerBalanceRecord.IdFor(install.InstalledAppId, "cus_lost", "USD"));

        var again = await Customers.EnsureBalanceAsync(install.Client, ledgerId, customer, "USD", Account, CancellationToken.None);

        Assert.Equal(first.BalanceId, again.BalanceId);
        Assert.Equal(CustomerLinkOutcome.LinkedByMetadata, again.Outcome);
        Assert.Single(harness.Ledger(install).Snapshot(DataResource.Identities), i => (string?)i["email_address"] == "lost@example.com");
        Assert.Single(harness.Ledger(install).Snapshot(DataResource.Balances), b => (string?)b["ledger_id"] == ledgerId);
    }

    [Fact]
    public async Task A_create_whose_identity_already_exists_links_to_it()
    {
        var (install, ledgerId) = await InstallWithLedgerAsync();
        // An earlier attempt created it but its answer was lost, before any metadata search could see it.
        var earlier = Identity("crash@example.com");
        earlier["identity_id"] = IdentityIds.For("cus_crash");
        harness.Ledger(install).CreateIdentity(earlier);

        var result = await Customers.EnsureBalanceAsync(install.Client, ledgerId,
            new StripeCustomerInfo("cus_crash", null, "No Email", null, false), "USD", Account, CancellationToken.None);

        Assert.Equal(CustomerLinkOutcome.Created, result.Outcome);
        var identity = harness.Ledger(install).GetIdentity(IdentityIds.For("cus_crash"));
        Assert.Equal("cus_crash", (string?)identity["meta_data"]!["stripe_sync"]!["stripe_customer_id"]);
        Assert.Equal(IdentityIds.For("cus_crash"), (string?)harness.Ledger(install).GetBalance(result.BalanceId)["identity_id"]);
    }

    [Fact]
    public async Task A_deleted_customer_keeps_its_identity_and_the_metadata_notes_the_deletion()
    {
        var (install, ledgerId) = await InstallWithLedgerAsync();
        await Customers.EnsureBalanceAsync(install.Client, ledgerId,
            new StripeCustomerInfo("cus_gone", "gone@example.com", "Soon Gone", null, false), "USD", Account, CancellationToken.None);

        var result = await Customers.EnsureBalanceAsync(install.Client, ledgerId,
            new StripeCustomerInfo("cus_gone", null, null, null, true), "EUR", Account, CancellationToken.None);

        Assert.Equal(CustomerLinkOutcome.Existing, result.Outcome);
        var identity = harness.Ledger(install).GetIdentity(IdentityIds.For("cus_gone"));
        Assert.Equal("gone@example.com", (string?)identity["email_address"]);
        Assert.True((bool)identity["meta_data"]!["stripe_sync"]!["stripe_customer_deleted"]!);
        Assert.Equal("cus_gone", (string?)identity["meta_data"]!["stripe_sync"]!["stripe_customer_id"]);
    }

    [Fact]
    public async Task Creating_customers_survives_random_Cloud_faults_without_duplicates()
    {
        var (install, ledgerId) = await InstallWithLedgerAsync();
        var plan = harness.DevCloud.CloudFaults;
        (plan.Rate500, plan.Rate503, plan.RetryAfterSeconds) = (0.2, 0.1, 0);

        var customers = Enumerable.Range(0, 12).Select(i => new StripeCustomerInfo($"cus_f{i}", $"f{i}@example.com", $"Fault {i}", null, false)).ToList();
        await Parallel.ForEachAsync(customers, new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (customer, ct) =>
            await Customers.EnsureBalanceAsync(install.Client, ledgerId, customer, "USD", Account, ct));
        plan.Reset();

        var identities = harness.Ledger(install).Snapshot(DataResource.Identities);
        Assert.All(customers, c => Assert.Single(identities, i => (string?)i["email_address"] == c.Email));
        Assert.Equal(12, harness.Ledger(install).Snapshot(DataResource.Balances).Count(b => (string?)b["ledger_id"] == ledgerId));
    }
}
