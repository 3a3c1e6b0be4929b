using System.Text.Json.Nodes;
using BlnkSliceApp.DevCloud.Cloud.Installs;
using BlnkSliceApp.DevCloud.Cloud.Ledger;
using BlnkSliceApp.DevCloud.Stripe;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync;
using BlnkSliceApp.Shared.Sync.Customers;
using BlnkSliceApp.Tests.Shared.Sync.Engine;

namespace BlnkSliceApp.Tests.Shared.Sync.Customers;

/// <summary>A customer changed in Stripe after its first sync (new email or name, deleted) reaches its Blnk identity the next time a run meets it.</summary>
public sealed class CustomerRefreshTests(SyncHarness harness) : IClassFixture<SyncHarness>
{
    StripeAccountState Account => harness.DevCloud.Stripe!.Account;

    JsonObject IdentityOf(DevCloudInstall install, string identityId) => harness.Ledger(install).GetIdentity(identityId);

    static JsonNode? Ours(JsonObject identity, string field) => identity["meta_data"]![SyncMetadata.Key]![field];

    /// <summary>A customer of its own with one payment, synced once: its identity exists.</summary>
    async Task<(DevCloudInstall Install, string CustomerId, string ChargeId)> SyncedCustomerAsync(string email, string name, params string[] scopes)
    {
        var install = await harness.InstallAsync(scopes);
        var customer = Account.AddCustomer(email, name);
        var charge = Account.AddPayment(customer.Id, "usd", 12_000);
        await harness.SyncAsync(install);
        return (install, customer.Id, charge.Id);
    }

    [Fact]
    public async Task A_changed_email_and_name_reach_the_identity_the_app_created_and_its_metadata()
    {
        var (install, customerId, _) = await SyncedCustomerAsync("ada.old@example.com", "Ada Old");
        var identityId = IdentityIds.For(customerId);
        Assert.Equal("ada.old@example.com", (string?)IdentityOf(install, identityId)["email_address"]);

        Account.UpdateCustomer(customerId, "ada.new@example.com", "Ada Lovelace");
        Account.AddPayment(customerId, "usd", 3_000);
        var run = await harness.SyncAsync(install);

        var identity = IdentityOf(install, identityId);
        Assert.Equal(("ada.new@example.com", "Ada", "Lovelace"), ((string?)identity["email_address"], (string?)identity["first_name"], (string?)identity["last_name"]));
        Assert.Equal("ada.new@example.com", (string?)Ours(identity, CustomerMetadata.Email));
        Assert.Equal("Ada Lovelace", (string?)Ours(identity, CustomerMetadata.Name));
        Assert.Equal(customerId, (string?)Ours(identity, SyncMetadata.StripeCustomerId));
        Assert.Equal(1, run.Counts.CustomersUpdated);
        Assert.Single(harness.Ledger(install).Snapshot(DataResource.Identities), i => (string?)i["meta_data"]?[SyncMetadata.Key]?[SyncMetadata.StripeCustomerId] == customerId);
        Assert.DoesNotContain(harness.Transactions(install), t => ((string?)t["description"] ?? "").Contains("@example.com"));
    }

    [Fact]
    public async Task An_identity_linked_by_email_keeps_its_own_fields_and_only_its_metadata_gets_the_new_email()
    {
        var install = await harness.InstallAsync();
        var preferences = SyncPreferences.Defaults(install.InstalledAppId);
        preferences.LinkByEmail = true;
        harness.Service<AppDatabase>().Collection<SyncPreferences>(SyncPreferences.Collection).Upsert(preferences);
        var theirs = harness.Ledger(install).CreateIdentity(new JsonObject
        {
            ["identity_type"] = "individual", ["first_name"] = "Grace", ["last_name"] = "Hopper", ["email_address"] = "grace.linked@example.com",
            ["meta_data"] = new JsonObject { ["crm_id"] = "CRM-7" },
        });
        var identityId = (string)theirs["identity_id"]!;
        var customer = Account.AddCustomer("grace.linked@example.com", "G. Hopper");
        Account.AddPayment(customer.Id, "usd", 9_000);
        await harness.SyncAsync(install);
        Assert.Equal(customer.Id, (string?)Ours(IdentityOf(install, identityId), SyncMetadata.StripeCustomerId));

        Account.UpdateCustomer(customer.Id, "grace.moved@example.com", "Grace M. Hopper");
        Account.AddPayment(customer.Id, "usd", 1_000);
        await harness.SyncAsync(install);

        var identity = IdentityOf(install, identityId);
        Assert.Equal(("grace.linked@example.com", "Grace", "Hopper"), ((string?)identity["email_address"], (string?)identity["first_name"], (string?)identity["last_name"]));
        Assert.Equal("grace.moved@example.com", (string?)Ours(identity, CustomerMetadata.Email));
        Assert.Equal("CRM-7", (string?)identity["meta_data"]!["crm_id"]);
        Assert.Equal(0, harness.Ledger(install).IdentityReplacementsOf(identityId));
    }

    [Fact]
    public async Task A_customer_deleted_after_its_first_sync_is_marked_deleted_and_keeps_its_identity_and_balance()
    {
        var (install, customerId, chargeId) = await SyncedCustomerAsync("soon.gone@example.com", "Soon Gone");
        Account.DeleteCustomer(customerId);
        // A refund of its old charge is how a run meets a deleted customer: Stripe expands it as a stub.
        Account.AddRefund(chargeId, 2_000);

        await harness.SyncAsync(install);

        var identity = IdentityOf(install, IdentityIds.For(customerId));
        Assert.True((bool)Ours(identity, CustomerMetadata.Deleted)!);
        Assert.Equal("soon.gone@example.com", (string?)identity["email_address"]);
        Assert.Equal("soon.gone@example.com", (string?)Ours(identity, CustomerMetadata.Email));
        var balance = Assert.Single(harness.Ledger(install).Snapshot(DataResource.Balances), b => (string?)b["identity_id"] == IdentityIds.For(customerId));
        Assert.Equal(12_000 - 2_000, SyncHarness.Number(balance["balance"]));
        harness.AssertLedgerMirrorsStripe(install);
    }

    [Fact]
    public async Task A_run_that_meets_only_unchanged_customers_makes_no_extra_Stripe_call_and_no_identity_write()
    {
        var (install, customerId, _) = await SyncedCustomerAsync("steady@example.com", "Steady State");
        var identityId = IdentityIds.For(customerId);
        var ledger = harness.Ledger(install);
        var (metadataWrites, replacements) = (ledger.MetadataWritesOf(identityId), ledger.IdentityReplacementsOf(identityId));

        Account.AddPayment(customerId, "usd", 4_000);
        var before = harness.DevCloud.Stripe!.RequestCount;
        await harness.SyncAsync(install);
        var meetingTheCustomer = harness.DevCloud.Stripe.RequestCount - before;
        before = harness.DevCloud.Stripe.RequestCount;
        await harness.SyncAsync(install);
        var meetingNobody = harness.DevCloud.Stripe.RequestCount - before;

        Assert.Equal(meetingNobody, meetingTheCustomer);
        Assert.Equal((metadataWrites, replacements), (ledger.MetadataWritesOf(identityId), ledger.IdentityReplacementsOf(identityId)));
    }

    [Fact]
    public async Task A_link_made_before_its_facts_were_kept_is_compared_with_the_cached_customer_once()
    {
        var (install, customerId, _) = await SyncedCustomerAsync("legacy@example.com", "Legacy Link");
        var links = harness.Service<AppDatabase>().Collection<CustomerLinkRecord>(CustomerLinkRecord.Collection);
        var link = links.FindById(CustomerLinkRecord.IdFor(install.InstalledAppId, customerId))!;
        link.SeenDigest = null;
        link.SeenSalt = null;
        links.Upsert(link);
        var identityId = IdentityIds.For(customerId);
        var ledger = harness.Ledger(install);

        Account.AddPayment(customerId, "usd", 1_500);
        await harness.SyncAsync(install);
        var writesWhenUnchanged = (ledger.MetadataWritesOf(identityId), ledger.IdentityReplacementsOf(identityId));
        Account.UpdateCustomer(customerId, "legacy.moved@example.com", null);
        Account.AddPayment(customerId, "usd", 1_500);
        await harness.SyncAsync(install);

        Assert.Equal((0, 0), writesWhenUnchanged);
        Assert.True(links.FindById(link.Id)!.SeenKnown);
        Assert.Equal("legacy.moved@example.com", (string?)IdentityOf(install, identityId)["email_address"]);
        Assert.Equal(1, ledger.IdentityReplacementsOf(identityId));
    }
}
