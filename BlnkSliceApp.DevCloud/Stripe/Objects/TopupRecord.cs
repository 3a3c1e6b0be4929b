namespace BlnkSliceApp.DevCloud.Stripe.Objects;

/// <summary>
/// Money the merchant adds from its bank (<c>tu_</c>): to the payments balance, or to the
/// Issuing or refund-and-dispute prefunding balance its balance transaction names.
/// </summary>
public sealed class TopupRecord : MovementRecord
{
    public string? Description { get; init; }

    /// <summary>"succeeded", or "reversed" once the bank took it back (a topup_reversal).</summary>
    public string Status { get; internal set; } = "succeeded";

    public override string ObjectName => "topup";

    static readonly IReadOnlySet<string> Expandables = new HashSet<string> { "balance_transaction" };
    internal override IReadOnlySet<string> ExpandableFields => Expandables;

    internal override void WriteFields(ObjectWriter w, Expansion expand)
    {
        var j = w.Json;
        WriteMovement(w, expand);
        w.StringOrNull("description", Description);
        j.WriteNumber("expected_availability_date", Created);
        j.WriteNull("failure_code");
        j.WriteNull("failure_message");
        w.Common();
        w.Metadata(null);
        j.WriteNull("source");
        j.WriteNull("statement_descriptor");
        j.WriteString("status", Status);
        j.WriteNull("transfer_group");
    }
}
