using System.Numerics;
using System.Text.Json.Nodes;
using BlnkSliceApp.Shared.Installs;

namespace BlnkSliceApp.Shared.Cloud;

/// <summary>Creating an identity with a caller-chosen id: either made now, or it was already there.</summary>
public sealed record IdentityCreation(JsonObject? Created, bool AlreadyExists);

public sealed partial class CloudClient
{
    const int MaxPages = 50;

    /// <summary>One page of a Data API list (<c>/data/&lt;resource&gt;</c>) with field_op filters.</summary>
    internal async Task<IReadOnlyList<JsonObject>> ListAsync(string resource, IEnumerable<KeyValuePair<string, string>> filters, string what, CancellationToken ct, int page = 1, int pageSize = 100)
    {
        var (rows, _) = await PageAsync($"data/{resource}", filters, Scopes.DataRead, what, ct, page, pageSize);
        return rows;
    }

    /// <summary>Every row of a filtered Data API list, page by page (bounded: the filters are expected to narrow it).</summary>
    internal async Task<IReadOnlyList<JsonObject>> ListAllAsync(string path, string scope, IEnumerable<KeyValuePair<string, string>> filters, string what, CancellationToken ct)
    {
        var all = new List<JsonObject>();
        var list = filters.ToList();
        for (var page = 1; page <= MaxPages; page++)
        {
            var (rows, total) = await PageAsync(path, list, scope, what, ct, page, 100);
            all.AddRange(rows);
            if (rows.Count == 0 || all.Count >= total) break;
        }
        return all;
    }

    async Task<(IReadOnlyList<JsonObject> Rows, long Total)> PageAsync(string path, IEnumerable<KeyValuePair<string, string>> filters, string scope, string what, CancellationToken ct, int page, int pageSize)
    {
        var query = filters.Append(Q("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Append(Q("pageSize", pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var answer = await SendAsync(HttpMethod.Get, path, query, null, scope, RetryMode.Any, what, ct);
        if (!answer.Ok) throw Failure(answer, what);
        var rows = (answer.Body?["data"] as JsonArray ?? answer.Body as JsonArray ?? [])
            .OfType<JsonObject>()
            .Select(row => (JsonObject)row.DeepClone())
            .ToList();
        var total = Integer(answer.Body?["total"]) is { } t ? (long)BigInteger.Min(t, long.MaxValue) : rows.Count;
        return (rows, total);
    }

    async Task<JsonObject?> GetAsync(string path, string scope, string what, CancellationToken ct)
    {
        var answer = await SendAsync(HttpMethod.Get, path, null, null, scope, RetryMode.Any, what, ct);
        if (answer.Status == 404) return null;
        if (!answer.Ok || answer.Object is not { } found) throw Failure(answer, what);
        return found;
    }

    async Task<JsonObject> CreateAsync(string path, JsonObject body, RetryMode retry, string what, CancellationToken ct)
    {
        var answer = await SendAsync(HttpMethod.Post, path, null, body, Scopes.DataWrite, retry, what, ct);
        if (!answer.Ok || answer.Object is not { } created) throw Failure(answer, what);
        return created;
    }

    // ---- identities

    public Task<IReadOnlyList<JsonObject>> SearchIdentitiesAsync(IEnumerable<KeyValuePair<string, string>> filters, CancellationToken ct) =>
        ListAsync("identities", filters, "look up identities", ct);

    /// <summary>Every identity matching the filters, page by page.</summary>
    public Task<IReadOnlyList<JsonObject>> SearchAllIdentitiesAsync(IEnumerable<KeyValuePair<string, string>> filters, CancellationToken ct) =>
        ListAllAsync("data/identities", Scopes.DataRead, filters, "look up identities", ct);

    public Task<JsonObject?> GetIdentityAsync(string identityId, CancellationToken ct) =>
        GetAsync($"data/identities/{Uri.EscapeDataString(identityId)}", Scopes.DataRead, $"read the identity {identityId}", ct);

    /// <summary>
    /// POST /proxy/identities. With a caller-chosen identity_id a repeat is refused as "already
    /// exists", which makes the call safe to retry: that answer is reported, not thrown.
    /// </summary>
    public async Task<IdentityCreation> CreateIdentityAsync(JsonObject identity, CancellationToken ct)
    {
        var hasId = identity["identity_id"] is not null;
        const string what = "create an identity for a Stripe customer";
        var answer = await SendAsync(HttpMethod.Post, "proxy/identities", null, identity.DeepClone(), Scopes.DataWrite,
            hasId ? RetryMode.Any : RetryMode.OnlyWhenNotCarriedOut, what, ct);
        if (answer.Ok && answer.Object is { } created)
            return new IdentityCreation(created, false);
        if (hasId && answer.Status is 400 or 409 && answer.Error is { } error && error.Contains("already exists", StringComparison.OrdinalIgnoreCase))
            return new IdentityCreation(null, true);
        throw Failure(answer, what);
    }

    /// <summary>
    /// PUT /proxy/identities/&lt;id&gt;: Core replaces every field of the identity with the body's,
    /// meta_data whole, so the body must be the whole identity (read it first).
    /// </summary>
    public async Task<JsonObject> ReplaceIdentityAsync(string identityId, JsonObject identity, CancellationToken ct)
    {
        var what = $"update the identity {identityId}";
        var answer = await SendAsync(HttpMethod.Put, $"proxy/identities/{Uri.EscapeDataString(identityId)}", null,
            identity.DeepClone(), Scopes.DataWrite, RetryMode.Any, what, ct);
        if (!answer.Ok) throw Failure(answer, what);
        return answer.Object ?? [];
    }

    /// <summary>POST /proxy/&lt;id&gt;/metadata: the given top-level keys replace or join the entity's meta_data.</summary>
    public async Task<JsonObject> MergeMetadataAsync(string entityId, JsonObject metaData, CancellationToken ct)
    {
        var what = $"update the details of {entityId}";
        var answer = await SendAsync(HttpMethod.Post, $"proxy/{Uri.EscapeDataString(entityId)}/metadata", null,
            new JsonObject { ["meta_data"] = metaData.DeepClone() }, Scopes.DataWrite, RetryMode.Any, what, ct);
        if (!answer.Ok) throw Failure(answer, what);
        return answer.Object?["meta_data"] as JsonObject ?? [];
    }

    // ---- ledgers

    public Task<IReadOnlyList<JsonObject>> FindLedgersAsync(IEnumerable<KeyValuePair<string, string>> filters, CancellationToken ct) =>
        ListAsync("ledgers", filters, "look up ledgers", ct);

    /// <summary>POST /proxy/ledgers. Not repeatable: after an unknown outcome the caller looks the ledger up before creating again.</summary>
    public async Task<string> CreateLedgerAsync(string name, JsonObject metaData, CancellationToken ct)
    {
        var created = await CreateAsync("proxy/ledgers", new JsonObject { ["name"] = name, ["meta_data"] = metaData.DeepClone() },
            RetryMode.OnlyWhenNotCarriedOut, $"create the ledger \"{name}\"", ct);
        return Text(created["ledger_id"]) ?? throw new CloudCallException($"Blnk Cloud created the ledger \"{name}\" but did not say its id.");
    }

    // ---- balances

    public async Task<IReadOnlyList<CloudBalance>> FindBalancesAsync(IEnumerable<KeyValuePair<string, string>> filters, CancellationToken ct) =>
        (await ListAllAsync("data/balances", Scopes.DataRead, filters, "look up balances", ct)).Select(ToBalance).ToList();

    /// <summary>POST /proxy/balances. Not repeatable: after an unknown outcome the caller looks the balance up before creating again.</summary>
    public async Task<CloudBalance> CreateBalanceAsync(string ledgerId, string currency, string? identityId, JsonObject metaData, CancellationToken ct)
    {
        var body = new JsonObject { ["ledger_id"] = ledgerId, ["currency"] = currency, ["meta_data"] = metaData.DeepClone() };
        if (identityId is not null) body["identity_id"] = identityId;
        return ToBalance(await CreateAsync("proxy/balances", body, RetryMode.OnlyWhenNotCarriedOut, $"create a {currency} balance", ct));
    }

    internal static CloudBalance ToBalance(JsonObject row)
    {
        var id = Text(row["balance_id"]) ?? throw new CloudCallException("Blnk Cloud answered with a balance without an id.");
        var balance = Integer(row["balance"]) ?? BigInteger.Zero;
        if (balance > long.MaxValue || balance < long.MinValue)
            throw new CloudCallException($"The balance {id} is too large for the app to compare exactly.");
        // Core calls the precision currency_multiplier; 0 (no transaction yet) reads as 1.
        var precision = Integer(row["precision"]) ?? Integer(row["currency_multiplier"]) ?? BigInteger.One;
        if (precision <= 0 || precision > long.MaxValue) precision = BigInteger.One;
        return new CloudBalance(id, Text(row["currency"]) ?? "", (long)balance, (long)precision,
            NonEmpty(Text(row["ledger_id"])), NonEmpty(Text(row["identity_id"])), NonEmpty(Text(row["indicator"])),
            row["meta_data"] as JsonObject);
    }

    static string? NonEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
