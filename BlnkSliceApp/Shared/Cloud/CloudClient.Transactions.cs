using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BlnkSliceApp.Shared.Installs;

namespace BlnkSliceApp.Shared.Cloud;

public sealed partial class CloudClient
{
    public const string DuplicateReferenceCode = "TXN_DUPLICATE_REFERENCE";

    /// <summary>
    /// POST /proxy/transactions/bulk with atomic false and skip_queue true: items before a
    /// failing one stay in, so the answer names the failing index; 404 means the route is missing.
    /// </summary>
    public async Task<BulkResult> PostBulkAsync(IReadOnlyList<JsonObject> transactions, CancellationToken ct)
    {
        if (transactions.Count == 0)
            return new BulkResult(BulkStatus.Succeeded, null, null, null);
        var body = BulkBody(transactions);
        var what = $"post a batch of {transactions.Count} transactions";
        var answer = await SendUtf8Async(HttpMethod.Post, "proxy/transactions/bulk", null, body, Scopes.DataWrite, RetryMode.Any, what, ct);
        if (answer.Ok)
            return new BulkResult(BulkStatus.Succeeded, null, null, null);

        var index = FailedIndex(answer);
        if (answer.Status == 404 && index is null)
            return new BulkResult(BulkStatus.RouteMissing, null, answer.Code, Clean(answer.Error));
        if (index is null && transactions.Count == 1 && answer.Status is 400 or 409 or 422)
            index = 0;
        if (index is not { } failed || failed < 0 || failed >= transactions.Count || answer.Status is 401 or 403 or 429 or >= 500)
            throw Failure(answer, what);

        var code = IsDuplicate(answer) ? DuplicateReferenceCode : ItemCode(answer);
        var reason = Clean(Text(answer.Details?["reason"])) ?? Clean(answer.Error);
        return new BulkResult(BulkStatus.Failed, failed, code, reason);
    }

    /// <summary>
    /// The batch written straight to UTF-8: the callers keep their transactions for a resend, so
    /// they are written as they are rather than copied into a new tree.
    /// </summary>
    static ReadOnlyMemory<byte> BulkBody(IReadOnlyList<JsonObject> transactions)
    {
        var buffer = new ArrayBufferWriter<byte>(transactions.Count * 1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("transactions");
            foreach (var transaction in transactions)
                transaction.WriteTo(writer);
            writer.WriteEndArray();
            writer.WriteBoolean("atomic", false);
            writer.WriteBoolean("skip_queue", true);
            writer.WriteBoolean("inflight", false);
            writer.WriteEndObject();
        }
        return buffer.WrittenMemory;
    }

    /// <summary>POST /proxy/transactions. A duplicate reference (Core's 409 on the skip_queue path) is <see cref="PostStatus.Duplicate"/>.</summary>
    public async Task<PostResult> PostTransactionAsync(JsonObject transaction, CancellationToken ct)
    {
        var reference = Text(transaction["reference"]) ?? "";
        var what = $"post the transaction {reference}";
        var answer = await SendAsync(HttpMethod.Post, "proxy/transactions", null, transaction.DeepClone(), Scopes.DataWrite, RetryMode.Any, what, ct);
        if (answer.Ok)
        {
            var stored = answer.Object;
            if (string.Equals(Text(stored?["status"]), "REJECTED", StringComparison.OrdinalIgnoreCase))
                return new PostResult(PostStatus.Rejected, Text(stored?["transaction_id"]), "REJECTED",
                    Clean(Text(stored?["meta_data"]?["blnk_rejection_reason"])) ?? "rejected by Blnk");
            return new PostResult(PostStatus.Applied, Text(stored?["transaction_id"]), null, null);
        }
        if (IsDuplicate(answer))
            return new PostResult(PostStatus.Duplicate, null, DuplicateReferenceCode, Clean(answer.Error));
        if (answer.Status is 400 or 409 or 422)
            return new PostResult(PostStatus.Rejected, null, answer.Code, Clean(answer.Error));
        throw Failure(answer, what);
    }

    /// <summary>The transaction with exactly this reference (Data API), or null.</summary>
    public async Task<JsonObject?> FindTransactionByReferenceAsync(string reference, CancellationToken ct)
    {
        var rows = await ListAsync("transactions", [Q("reference_eq", reference)], $"look up the transaction {reference}", ct, pageSize: 10);
        return rows.FirstOrDefault(row => Text(row["reference"]) == reference);
    }

    /// <summary>References per look-up: about 4 KB of query string, well inside common URL limits.</summary>
    public const int ReferencesPerLookup = 100;

    /// <summary>
    /// The transactions with these references, by reference; references Blnk does not have are
    /// absent. One Data API call (<c>reference_in</c>) per <see cref="ReferencesPerLookup"/>
    /// references, instead of one per reference.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, JsonObject>> FindTransactionsByReferencesAsync(IReadOnlyCollection<string> references, CancellationToken ct)
    {
        var found = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        if (references.Any(reference => reference.Contains(',', StringComparison.Ordinal)))
            throw new ArgumentException("A reference with a comma cannot be looked up in a list.", nameof(references));
        foreach (var chunk in references.Distinct(StringComparer.Ordinal).Chunk(ReferencesPerLookup))
        {
            var wanted = chunk.ToHashSet(StringComparer.Ordinal);
            var rows = await ListAsync("transactions", [Q("reference_in", string.Join(',', chunk))], $"look up {chunk.Length} transactions by reference", ct, pageSize: chunk.Length);
            foreach (var row in rows)
                if (Text(row["reference"]) is { } reference && wanted.Contains(reference))
                    found.TryAdd(reference, row);
        }
        return found;
    }

    /// <summary>The general-ledger balance of an indicator (@stripe) in a currency, or null when it does not exist yet.</summary>
    public async Task<CloudBalance?> FindIndicatorBalanceAsync(string indicator, string currency, CancellationToken ct)
    {
        var path = $"proxy/balances/indicator/{Uri.EscapeDataString(indicator)}/currency/{Uri.EscapeDataString(currency)}";
        var what = $"read the {indicator} balance in {currency}";
        var answer = await SendAsync(HttpMethod.Get, path, null, null, Scopes.DataRead, RetryMode.Any, what, ct);
        if (answer.Status == 404) return null;
        if (!answer.Ok || answer.Object is not { } balance) throw Failure(answer, what);
        return ToBalance(balance);
    }

    static readonly Regex IndexInMessage = new(@"\bindex\s+(\d+)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    /// <summary>Core names the failing item in error_detail.details.index; older answers only say it in the message.</summary>
    static int? FailedIndex(Answer answer)
    {
        if (Integer(answer.Details?["index"]) is { } index && index >= 0 && index <= int.MaxValue)
            return (int)index;
        if (answer.Error is { } error && IndexInMessage.Match(error) is { Success: true } match
            && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            return parsed;
        return null;
    }

    static string? ItemCode(Answer answer) => Text(answer.Details?["code"]) ?? answer.Code;

    static bool IsDuplicate(Answer answer) =>
        string.Equals(answer.Code, DuplicateReferenceCode, StringComparison.OrdinalIgnoreCase)
        || string.Equals(Text(answer.Details?["code"]), DuplicateReferenceCode, StringComparison.OrdinalIgnoreCase)
        || (answer.Status == 409 && answer.Error is { } error && error.Contains("reference", StringComparison.OrdinalIgnoreCase));
}
