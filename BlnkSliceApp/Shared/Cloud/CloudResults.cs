using System.Text.Json.Nodes;

namespace BlnkSliceApp.Shared.Cloud;

public enum BulkStatus { Succeeded, Failed, RouteMissing }

/// <summary>
/// What a bulk post did. Core stops at the first failing item: items before
/// <see cref="FailedIndex"/> are in the ledger, the failing one and those after it are not.
/// </summary>
public sealed record BulkResult(BulkStatus Status, int? FailedIndex, string? Code, string? Message);

public enum PostStatus { Applied, Duplicate, Rejected }

public sealed record PostResult(PostStatus Status, string? TransactionId, string? Code, string? Message);

/// <summary>A Blnk balance in minor units of <see cref="Precision"/> (Core's currency_multiplier).</summary>
public sealed record CloudBalance(
    string BalanceId,
    string Currency,
    long Balance,
    long Precision,
    string? LedgerId = null,
    string? IdentityId = null,
    string? Indicator = null,
    JsonObject? MetaData = null);

/// <summary>A Cloud alert (anomaly) as far as the app needs it.</summary>
public sealed record CloudAlert(string AlertId, string Status);

/// <summary>A Cloud alert as the portal shows it; times are null when Cloud sent none it could parse.</summary>
public sealed record CloudAlertDetails(
    string AlertId,
    string Title,
    string Description,
    string Status,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt,
    IReadOnlyList<string> AffectedTransactions,
    IReadOnlyList<string> AffectedBalances,
    IReadOnlyList<string> AffectedIdentities)
{
    public bool Resolved => string.Equals(Status, CloudClient.ResolvedStatus, StringComparison.OrdinalIgnoreCase);
}

/// <summary>One page of Cloud's alert list and how many there are in all.</summary>
public sealed record CloudAlertPage(IReadOnlyList<CloudAlertDetails> Alerts, long Total);

/// <summary>
/// A Cloud call failed in a way the caller cannot fix by trying again now. The message is
/// written for a finance person and never holds the API key or a raw response body.
/// </summary>
public sealed class CloudCallException(string message, int? status = null, string? code = null, bool outcomeUnknown = false) : Exception(message)
{
    /// <summary>HTTP status of Cloud's answer, null when none came (time-out, network).</summary>
    public int? Status { get; } = status;

    /// <summary>Core's or Cloud's machine-readable error code, when it sent one.</summary>
    public string? Code { get; } = code;

    /// <summary>The call may have been carried out although no success came back (time-out, 5xx): look before creating again.</summary>
    public bool OutcomeUnknown { get; } = outcomeUnknown;
}

/// <summary>The install was uninstalled: its key is dead and no further call is made with it.</summary>
public sealed class InstallEndedException(string installedAppId, CancellationToken token)
    : OperationCanceledException($"The app was uninstalled from this Blnk instance ({installedAppId}); no further calls are made with its key.", token);
