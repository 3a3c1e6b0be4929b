using System.Numerics;
using System.Text.Json.Nodes;

namespace BlnkSliceApp.DevCloud.Cloud.Ledger;

public static class TransactionStatus
{
    public const string Queued = "QUEUED";
    public const string Applied = "APPLIED";
    public const string Rejected = "REJECTED";
}

/// <summary>A stored Blnk transaction; source and destination hold resolved balance ids.</summary>
public sealed class TransactionRecord
{
    public required string TransactionId { get; init; }
    public string? ParentTransaction { get; init; }
    public required BigInteger PreciseAmount { get; init; }
    public required BigInteger Precision { get; init; }
    public required string Currency { get; init; }
    public required string Source { get; init; }
    public required string Destination { get; init; }
    public required string Reference { get; init; }
    public required string Description { get; init; }
    public required string Status { get; init; }
    public bool AllowOverdraft { get; init; }
    public JsonObject MetaData { get; set; } = [];
    public required DateTimeOffset EffectiveDate { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required long Sequence { get; init; }

    public JsonObject ToJson() => new()
    {
        ["transaction_id"] = TransactionId,
        ["parent_transaction"] = ParentTransaction ?? "",
        ["amount"] = ExactNumber.Json(PreciseAmount, Precision),
        ["precise_amount"] = ExactNumber.Json(PreciseAmount),
        ["precision"] = ExactNumber.Json(Precision),
        ["currency"] = Currency,
        ["source"] = Source,
        ["destination"] = Destination,
        ["reference"] = Reference,
        ["description"] = Description,
        ["status"] = Status,
        ["allow_overdraft"] = AllowOverdraft,
        ["inflight"] = false,
        ["meta_data"] = MetaData.DeepClone(),
        ["effective_date"] = CloudTime.Format(EffectiveDate),
        ["created_at"] = CloudTime.Format(CreatedAt),
    };
}
