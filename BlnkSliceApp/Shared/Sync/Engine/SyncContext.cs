using System.Collections.Concurrent;
using System.Threading.Channels;
using BlnkSliceApp.Shared.Cloud;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Stripe;
using BlnkSliceApp.Shared.Sync.Runs;
using BlnkSliceApp.Shared.Sync.Store;

namespace BlnkSliceApp.Shared.Sync.Engine;

/// <summary>Everything one run works with; built once at the start of the run.</summary>
public sealed class SyncContext
{
    public required InstallRecord Install { get; init; }
    public required SyncRunRecord Run { get; init; }
    public required SyncPreferences Preferences { get; init; }
    public required SyncInstallState State { get; init; }
    public required StripeCredentials Stripe { get; init; }
    public required string StripeAccountId { get; init; }
    public required CloudClient Cloud { get; init; }
    public required string LedgerId { get; init; }

    public string InstalledAppId => Install.InstalledAppId;

    /// <summary>The install's own balances for categories the mapping table does not know (see <see cref="Repair.CategoryRules"/>).</summary>
    public IReadOnlyDictionary<string, Mapping.LedgerRole> CategoryRules { get; init; } = new Dictionary<string, Mapping.LedgerRole>();

    /// <summary>Stripe customers this run has seen: the local cache is asked once per customer, not once per transaction.</summary>
    public ConcurrentDictionary<string, StripeCustomerInfo> StripeCustomers { get; } = new(StringComparer.Ordinal);

    /// <summary>Customers as this run's Stripe answers showed them (see <see cref="Customers.CustomerRefresh"/>).</summary>
    public Dictionary<string, StripeCustomerInfo> FreshCustomers { get; } = new(StringComparer.Ordinal);

    /// <summary>What was known of those customers before this run read them (null: nothing).</summary>
    public Dictionary<string, StripeCustomerInfo?> CustomerBaselines { get; } = new(StringComparer.Ordinal);

    /// <summary>Charges' customers this run has seen, so refunds and disputes find theirs without a look-up.</summary>
    public ChargeMemory ChargeCustomers { get; } = new();

    /// <summary>The (customer, currency) pairs of the items this run recorded: their balances are resolved before posting starts.</summary>
    public HashSet<(string Customer, string Currency)> ListedCustomers { get; } = [];

    /// <summary>Each of <see cref="ListedCustomers"/> as the listing first meets it, for the linking that goes on beside the listing.</summary>
    public Channel<(string Customer, string Currency)> CustomersToLink { get; } =
        Channel.CreateUnbounded<(string Customer, string Currency)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    /// <summary>Customer balances found or created during this run.</summary>
    public RunCustomers Customers { get; } = new();

    /// <summary>
    /// Stripe's balance, asked for as the window closes (beside the listing, so its answer time
    /// hides behind the listing's) and compared with the ledger once posting is done.
    /// </summary>
    public Task<IReadOnlyList<StripeBalanceAmount>>? BalanceAtWindowEnd { get; set; }

    /// <summary>
    /// The ledger's payments mirror, asked for beside the Stripe calls of an incremental run, and
    /// how many writes the run's Cloud client had sent when it was asked: a run that writes
    /// nothing (most scheduled runs) reconciles against it instead of waiting for one more call.
    /// </summary>
    public (Task<Dictionary<string, Cloud.CloudBalance>> Read, long WritesBefore)? EarlyPaymentsMirror { get; set; }

    /// <summary>The bulk route answered 404 once: post one by one for the rest of the run.</summary>
    public bool BulkUnavailable { get; set; }
}
