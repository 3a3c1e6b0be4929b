using System.Text.Json;
using System.Text.Json.Nodes;

namespace BlnkSliceApp.DevCloud.Cloud.Ledger;

public sealed partial class InstanceLedger
{
    /// <summary>The identity fields Blnk Core stores; anything else in the body is ignored, as Core does.</summary>
    static readonly string[] IdentityFields =
    [
        "identity_type", "first_name", "last_name", "other_names", "gender", "dob", "email_address",
        "phone_number", "nationality", "organization_name", "category", "street", "country", "state",
        "post_code", "city",
    ];

    public JsonObject CreateIdentity(JsonObject body)
    {
        var requestedId = TransactionRequest.OptionalText(body, "identity_id");
        if (requestedId is not null && !CloudIds.IsIdentityId(requestedId))
            throw CloudApiException.BadRequest("identity_id must have the form idt_<UUID>");

        var identity = new JsonObject { ["identity_id"] = requestedId ?? CloudIds.New("idt") };
        foreach (var field in IdentityFields)
        {
            var value = body[field];
            if (value is not null && value.GetValueKind() != JsonValueKind.String)
                throw CloudApiException.BadRequest($"{field} must be a string");
            identity[field] = value?.GetValue<string>() ?? "";
        }
        identity["meta_data"] = TransactionRequest.MetaDataOf(body);

        lock (_gate)
        {
            var id = identity["identity_id"]!.GetValue<string>();
            if (_identities.ContainsKey(id))
                throw CloudApiException.BadRequest("Identity already exists");
            identity["created_at"] = CloudTime.Format(Now);
            identity["_seq"] = NextSequence();
            _identities[id] = identity;
            return PublicCopy(identity);
        }
    }

    public JsonObject GetIdentity(string id) =>
        Find(DataResource.Identities, id) ?? throw CloudApiException.NotFound($"identity with ID '{id}' not found");
}
