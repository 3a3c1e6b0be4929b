using System.Numerics;
using System.Text.Json.Nodes;

namespace BlnkSliceApp.DevCloud.Cloud.Ledger;

/// <summary>
/// A Blnk balance: integers in the smallest unit of its precision. The precision is fixed by
/// the first transaction that touches the balance (see <see cref="InstanceLedger"/>).
/// </summary>
public sealed class BalanceRecord
{
    public required string BalanceId { get; init; }
    public required string LedgerId { get; init; }
    public required string Currency { get; init; }
    public string? IdentityId { get; set; }
    public string? Indicator { get; init; }
    public BigInteger CreditBalance { get; set; }
    public BigInteger DebitBalance { get; set; }
    public BigInteger Balance => CreditBalance - DebitBalance;

    /// <summary>Zero until the first transaction; then that transaction's precision.</summary>
    public BigInteger Precision { get; set; }

    public long Version { get; set; }
    public JsonObject MetaData { get; set; } = [];
    public required DateTimeOffset CreatedAt { get; init; }
    public required long Sequence { get; init; }

    public JsonObject ToJson() => new()
    {
        ["balance_id"] = BalanceId,
        ["balance"] = ExactNumber.Json(Balance),
        ["credit_balance"] = ExactNumber.Json(CreditBalance),
        ["debit_balance"] = ExactNumber.Json(DebitBalance),
        ["inflight_balance"] = 0,
        ["inflight_credit_balance"] = 0,
        ["inflight_debit_balance"] = 0,
        ["currency"] = Currency,
        ["currency_multiplier"] = Precision.IsZero ? 1 : ExactNumber.Json(Precision),
        ["ledger_id"] = LedgerId,
        ["identity_id"] = IdentityId ?? "",
        ["indicator"] = Indicator ?? "",
        ["version"] = Version,
        ["created_at"] = CloudTime.Format(CreatedAt),
        ["meta_data"] = MetaData.DeepClone(),
    };
}
