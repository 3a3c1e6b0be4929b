using System.Text.Json.Nodes;
using BlnkSliceApp.Shared.Cloud;
using BlnkSliceApp.Shared.Storage;

namespace BlnkSliceApp.Shared.Sync.Customers;

/// <summary>
/// A Stripe customer's Blnk identity and balances. The identity, in order: the one linked
/// before (local record); one whose meta_data.stripe_sync.stripe_customer_id is the customer;
/// when the install opted in (Settings), the one identity with the customer's email (any letter
/// case), which gets our metadata;
/// else a new one with a deterministic id. Then one balance per currency in the sync ledger,
/// linked to the identity and remembered, so later postings need no Cloud call.
/// Calls for one customer are serialised (two currencies of one customer arrive together).
/// </summary>
public sealed class CustomerIdentities(AppDatabase database, GroupCommit commits, TimeProvider time, ILogger<CustomerIdentities> logger)
{
    const int CreateAttempts = 8;

    readonly KeyedLocks _customerLocks = new();
    // Dozens of customers are resolved at once; LiteDB's page cache grows with concurrent
    // readers and never shrinks (LiteDB#2020, #2813), so this store's short calls take turns.
    readonly Lock _store = new();
    readonly KeyedLocks _emailLocks = new();

    LiteDB.ILiteCollection<CustomerLinkRecord> Links => database.Collection<CustomerLinkRecord>(CustomerLinkRecord.Collection);
    LiteDB.ILiteCollection<CustomerBalanceRecord> Balances => database.Collection<CustomerBalanceRecord>(CustomerBalanceRecord.Collection);

    /// <summary>The customer's balance id in this currency, when already known locally (no Cloud call).</summary>
    public string? KnownBalance(string installedAppId, string customerId, string currency) =>
        Stored(() => Balances.FindById(CustomerBalanceRecord.IdFor(installedAppId, customerId, currency))?.BalanceId);

    /// <summary>Customer ids per Data API search: about a kilobyte of query string.</summary>
    const int CustomersPerSearch = 50;

    /// <summary>
    /// For many customers at once, the identities that already carry our metadata for them: a
    /// few searches with <c>in</c> replace one search per customer. Customers linked locally
    /// are left out (they need no search).
    /// </summary>
    public async Task<MetadataMatches> FindByMetadataAsync(CloudClient cloud, IEnumerable<string> customerIds, CancellationToken ct)
    {
        var installId = cloud.InstalledAppId;
        var unlinked = Stored(() => customerIds.Distinct(StringComparer.Ordinal)
            .Where(id => Links.FindById(CustomerLinkRecord.IdFor(installId, id)) is null)
            .ToList());
        var found = new System.Collections.Concurrent.ConcurrentDictionary<string, List<JsonObject>>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(unlinked.Chunk(CustomersPerSearch), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct }, async (chunk, token) =>
        {
            var rows = await cloud.SearchAllIdentitiesAsync([new(SyncMetadata.Filter(SyncMetadata.StripeCustomerId, "in"), string.Join(',', chunk))], token);
            foreach (var row in rows)
                if ((string?)Ours(row)?[SyncMetadata.StripeCustomerId] is { } customerId)
                    found.GetOrAdd(customerId, _ => []).Add(row);
        });
        return new MetadataMatches(unlinked.ToHashSet(StringComparer.Ordinal), found);
    }

    public async Task<CustomerBalance> EnsureBalanceAsync(CloudClient cloud, string ledgerId, StripeCustomerInfo customer, string currency, string stripeAccountId, CancellationToken ct)
    {
        var balances = await EnsureBalancesAsync(cloud, ledgerId, customer, [currency], stripeAccountId, ct);
        return new CustomerBalance(balances.BalanceIds[currency.ToUpperInvariant()], balances.Outcome);
    }

    /// <summary>
    /// The customer's identity, then its balance in each currency: the missing ones are created
    /// side by side, with one local write before (their intents) and one after.
    /// </summary>
    public async Task<CustomerBalances> EnsureBalancesAsync(CloudClient cloud, string ledgerId, StripeCustomerInfo customer, IEnumerable<string> currencies, string stripeAccountId, CancellationToken ct,
        MetadataMatches? searched = null)
    {
        var installId = cloud.InstalledAppId;
        var wanted = currencies.Select(currency => currency.ToUpperInvariant()).Distinct().ToList();
        using var _ = await _customerLocks.AcquireAsync(CustomerLinkRecord.IdFor(installId, customer.Id), ct);

        var (identityId, outcome) = await EnsureIdentityAsync(cloud, customer, stripeAccountId, searched, ct);
        var known = new Dictionary<string, string>(StringComparer.Ordinal);
        var missing = new List<(CustomerBalanceRecord Record, bool MayExist)>();
        Stored(() =>
        {
            foreach (var currency in wanted)
            {
                var stored = Balances.FindById(CustomerBalanceRecord.IdFor(installId, customer.Id, currency));
                if (stored?.BalanceId is { } balanceId)
                {
                    known[currency] = balanceId;
                    continue;
                }
                // Only a create that may have reached Cloud (its intent is recorded) or an identity this
                // install did not link itself can already have a balance in our ledger: search only then.
                var mayExist = stored is not null || outcome == CustomerLinkOutcome.LinkedByMetadata;
                missing.Add((stored ?? new CustomerBalanceRecord
                {
                    Id = CustomerBalanceRecord.IdFor(installId, customer.Id, currency),
                    InstalledAppId = installId,
                    CustomerId = customer.Id,
                    Currency = currency,
                    LedgerId = ledgerId,
                    IdentityId = identityId,
                    CreatedAt = Now(),
                }, mayExist));
            }
            return 0;
        });
        if (missing.Count == 0)
            return new CustomerBalances(known, outcome);

        await SaveBalancesAsync(missing.Where(m => !m.MayExist).Select(m => m.Record));
        try
        {
            await Task.WhenAll(missing.Select(async m =>
                m.Record.BalanceId = await EnsureCloudBalanceAsync(cloud, ledgerId, customer.Id, identityId, m.Record.Currency, stripeAccountId, m.MayExist, ct)));
        }
        finally
        {
            // Whatever was created is remembered, even when a sibling currency failed.
            await SaveBalancesAsync(missing.Where(m => m.Record.BalanceId is not null).Select(m => m.Record));
        }
        foreach (var (record, _) in missing)
            known[record.Currency] = record.BalanceId!;
        return new CustomerBalances(known, outcome);
    }

    Task SaveBalancesAsync(IEnumerable<CustomerBalanceRecord> records)
    {
        var toSave = records.ToList();
        return toSave.Count == 0 ? Task.CompletedTask : commits.WriteAsync(() =>
        {
            foreach (var record in toSave)
                Balances.Upsert(record);
        });
    }

    async Task<(string IdentityId, CustomerLinkOutcome Outcome)> EnsureIdentityAsync(CloudClient cloud, StripeCustomerInfo customer, string accountId, MetadataMatches? searched, CancellationToken ct)
    {
        if (Stored(() => Links.FindById(CustomerLinkRecord.IdFor(cloud.InstalledAppId, customer.Id))) is { } link)
        {
            if (customer.Deleted && !link.DeletionNoted)
            {
                var identity = await cloud.GetIdentityAsync(link.IdentityId, ct);
                await cloud.MergeMetadataAsync(link.IdentityId, OurMetadata(cloud, customer, accountId, identity, link.LinkedBy), ct);
                link.MarkSeen(customer);
                await commits.WriteAsync(() => Links.Upsert(link));
            }
            return (link.IdentityId, CustomerLinkOutcome.Existing);
        }

        var byMetadata = searched?.Covers(customer.Id) == true
            ? searched.For(customer.Id)
            : await cloud.SearchIdentitiesAsync([new(SyncMetadata.Filter(SyncMetadata.StripeCustomerId), customer.Id)], ct);
        if (byMetadata.Count > 0)
        {
            var deterministic = IdentityIds.For(customer.Id);
            var identity = byMetadata.FirstOrDefault(i => (string?)i["identity_id"] == deterministic) ?? byMetadata[0];
            var id = (string)identity["identity_id"]!;
            var noted = Ours(identity)?["stripe_customer_deleted"] is not null;
            if (customer.Deleted && !noted)
                await cloud.MergeMetadataAsync(id, OurMetadata(cloud, customer, accountId, identity, CustomerLinkOutcome.LinkedByMetadata), ct);
            return await RememberAsync(cloud, customer, id, CustomerLinkOutcome.LinkedByMetadata);
        }

        if (!string.IsNullOrWhiteSpace(customer.Email) && LinksByEmail(cloud.InstalledAppId) && await LinkByEmailAsync(cloud, customer, accountId, ct) is { } linked)
            return (linked, CustomerLinkOutcome.LinkedByEmail);

        return (await CreateAsync(cloud, customer, accountId, ct), CustomerLinkOutcome.Created);
    }

    /// <summary>An opt-in (Settings): an unverified Stripe email must not decide whose identity gets a customer's money.</summary>
    bool LinksByEmail(string installedAppId) =>
        Stored(() => database.Collection<SyncPreferences>(SyncPreferences.Collection).FindById(installedAppId))?.LinkByEmail == true;

    /// <summary>
    /// Serialised per email, so two Stripe customers sharing an address cannot both claim one
    /// identity: whoever comes second sees the first one's metadata and leaves it alone.
    /// </summary>
    async Task<string?> LinkByEmailAsync(CloudClient cloud, StripeCustomerInfo customer, string accountId, CancellationToken ct)
    {
        var email = customer.Email!.Trim();
        using var _ = await _emailLocks.AcquireAsync($"{cloud.InstalledAppId}:{email.ToUpperInvariant()}", ct);

        var candidates = (await IdentitiesWithEmailAsync(cloud, email, ct))
            .Where(identity => (string?)Ours(identity)?[SyncMetadata.StripeCustomerId] is not { } other || other == customer.Id)
            .ToList();
        if (candidates.Count != 1)
        {
            if (candidates.Count > 1)
                logger.LogInformation("Stripe customer {CustomerId} shares its email with {Count} identities; a new identity is created rather than guessing", customer.Id, candidates.Count);
            return null;
        }

        var identity = candidates[0];
        var id = (string)identity["identity_id"]!;
        await cloud.MergeMetadataAsync(id, OurMetadata(cloud, customer, accountId, identity, CustomerLinkOutcome.LinkedByEmail), ct);
        await RememberAsync(cloud, customer, id, CustomerLinkOutcome.LinkedByEmail);
        return id;
    }

    /// <summary>
    /// Identities whose email equals this one ignoring case and surrounding spaces. The Data API's
    /// eq compares exactly, so ilike (case-insensitive) is asked first; its wildcards (_ and %)
    /// can only widen the match, which the exact comparison here narrows again.
    /// </summary>
    static async Task<List<JsonObject>> IdentitiesWithEmailAsync(CloudClient cloud, string email, CancellationToken ct)
    {
        IReadOnlyList<JsonObject> rows;
        try
        {
            rows = await cloud.SearchIdentitiesAsync([new("email_address_ilike", email)], ct);
        }
        catch (CloudCallException refused) when (refused.Status == 400)
        {
            // No ilike on this field: the address as Stripe has it, and in lower case.
            var exact = await cloud.SearchIdentitiesAsync([new("email_address_eq", email)], ct);
            var lower = email.ToLowerInvariant() == email ? [] : await cloud.SearchIdentitiesAsync([new("email_address_eq", email.ToLowerInvariant())], ct);
            rows = exact.Concat(lower).ToList();
        }
        return rows
            .Where(identity => string.Equals(((string?)identity["email_address"])?.Trim(), email, StringComparison.OrdinalIgnoreCase))
            .DistinctBy(identity => (string?)identity["identity_id"])
            .ToList();
    }

    async Task<string> CreateAsync(CloudClient cloud, StripeCustomerInfo customer, string accountId, CancellationToken ct)
    {
        var id = IdentityIds.For(customer.Id);
        var (first, last) = Names(customer);
        var body = new JsonObject
        {
            ["identity_id"] = id,
            ["identity_type"] = "individual",
            ["first_name"] = first,
            ["last_name"] = last,
            ["email_address"] = customer.Email?.Trim() ?? "",
            ["phone_number"] = customer.Phone?.Trim() ?? "",
            ["category"] = "customer",
            ["meta_data"] = new JsonObject { [SyncMetadata.Key] = OurFields(cloud, customer, accountId, null, CustomerLinkOutcome.Created) },
        };
        var result = await cloud.CreateIdentityAsync(body, ct);
        if (result.AlreadyExists)
        {
            // Made by an earlier attempt whose answer was lost (or whose link was): take it, and make sure it carries our metadata.
            var existing = await cloud.GetIdentityAsync(id, ct);
            if ((string?)Ours(existing)?[SyncMetadata.StripeCustomerId] != customer.Id)
                await cloud.MergeMetadataAsync(id, OurMetadata(cloud, customer, accountId, existing, CustomerLinkOutcome.Created), ct);
        }
        await RememberAsync(cloud, customer, id, CustomerLinkOutcome.Created);
        return id;
    }

    async Task<string> EnsureCloudBalanceAsync(CloudClient cloud, string ledgerId, string customerId, string identityId, string currency, string accountId, bool mayExist, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (mayExist)
            {
                var found = await cloud.FindBalancesAsync(
                    [new("ledger_id_eq", ledgerId), new("identity_id_eq", identityId), new("currency_eq", currency)], ct);
                if (found.FirstOrDefault(b => b.IdentityId == identityId && string.Equals(b.Currency, currency, StringComparison.OrdinalIgnoreCase)) is { } balance)
                    return balance.BalanceId;
            }
            try
            {
                var meta = new JsonObject
                {
                    [SyncMetadata.Key] = new JsonObject
                    {
                        [SyncMetadata.StripeCustomerId] = customerId,
                        [SyncMetadata.StripeAccountId] = accountId,
                        [SyncMetadata.InstalledAppId] = cloud.InstalledAppId,
                    },
                };
                return (await cloud.CreateBalanceAsync(ledgerId, currency, identityId, meta, ct)).BalanceId;
            }
            catch (CloudCallException error) when (error.OutcomeUnknown && attempt < CreateAttempts)
            {
                // It may have been created although no answer came: look before creating again.
                mayExist = true;
            }
        }
    }

    async Task<(string, CustomerLinkOutcome)> RememberAsync(CloudClient cloud, StripeCustomerInfo customer, string identityId, CustomerLinkOutcome outcome)
    {
        var link = new CustomerLinkRecord
        {
            Id = CustomerLinkRecord.IdFor(cloud.InstalledAppId, customer.Id),
            InstalledAppId = cloud.InstalledAppId,
            CustomerId = customer.Id,
            IdentityId = identityId,
            LinkedBy = outcome,
            LinkedAt = Now(),
        };
        link.MarkSeen(customer);
        await commits.WriteAsync(() => Links.Upsert(link));
        return (identityId, outcome);
    }

    /// <summary>The customer's link, when this install has one (no Cloud call).</summary>
    public CustomerLinkRecord? LinkOf(string installedAppId, string customerId) =>
        Stored(() => Links.FindById(CustomerLinkRecord.IdFor(installedAppId, customerId)));

    /// <summary>Stores links whose seen facts changed, in one commit.</summary>
    public Task SaveLinksAsync(IReadOnlyCollection<CustomerLinkRecord> links) => links.Count == 0 ? Task.CompletedTask : commits.WriteAsync(() =>
    {
        foreach (var link in links)
            Links.Upsert(link);
    });

    T Stored<T>(Func<T> work)
    {
        lock (_store) return work();
    }

    static JsonObject? Ours(JsonObject? identity) => identity?["meta_data"]?[SyncMetadata.Key] as JsonObject;

    /// <summary>meta_data to merge: our key only, keeping what it held before (a merge replaces the whole key).</summary>
    JsonObject OurMetadata(CloudClient cloud, StripeCustomerInfo customer, string accountId, JsonObject? identity, CustomerLinkOutcome linkedBy) =>
        new() { [SyncMetadata.Key] = OurFields(cloud, customer, accountId, Ours(identity), linkedBy) };

    JsonObject OurFields(CloudClient cloud, StripeCustomerInfo customer, string accountId, JsonObject? before, CustomerLinkOutcome linkedBy)
    {
        var fields = before?.DeepClone() as JsonObject ?? [];
        fields[SyncMetadata.StripeCustomerId] = customer.Id;
        fields[SyncMetadata.StripeAccountId] = accountId;
        fields[SyncMetadata.InstalledAppId] = cloud.InstalledAppId;
        fields["linked_by"] ??= linkedBy switch
        {
            CustomerLinkOutcome.LinkedByEmail => "email",
            CustomerLinkOutcome.Created => "created",
            _ => "metadata",
        };
        CustomerMetadata.Apply(fields, customer, time.GetUtcNow());
        return fields;
    }

    internal static (string First, string Last) Names(StripeCustomerInfo customer)
    {
        var name = customer.Name?.Trim();
        if (string.IsNullOrEmpty(name))
            return customer.Deleted ? ("Deleted Stripe customer", customer.Id) : (customer.Email?.Trim() is { Length: > 0 } email ? email : "Stripe customer", customer.Id);
        var split = name.LastIndexOf(' ');
        return split <= 0 ? (name, "") : (name[..split].Trim(), name[(split + 1)..]);
    }

    long Now() => UnixMs.From(time.GetUtcNow());
}
