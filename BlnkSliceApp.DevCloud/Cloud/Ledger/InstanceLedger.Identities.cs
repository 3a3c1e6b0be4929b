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
        CopyIdentityFields(body, identity);

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

    /// <summary>
    /// <c>PUT /identities/{id}</c>, as Core does it: the body replaces every field, meta_data
    /// whole (a field or key left out is gone); the id and created_at stay. identity_type is required.
    /// </summary>
    public JsonObject ReplaceIdentity(string id, JsonObject body)
    {
        if (TransactionRequest.OptionalText(body, "identity_type") is not ("individual" or "organization"))
            throw CloudApiException.BadRequest("identity_type is required: individual or organization");
        var replacement = new JsonObject();
        CopyIdentityFields(body, replacement);
        lock (_gate)
        {
            if (!_identities.TryGetValue(id, out var identity))
                throw CloudApiException.NotFound($"identity with ID '{id}' not found");
            foreach (var (field, value) in replacement.ToList())
                identity[field] = value?.DeepClone();
            _identityReplacements[id] = _identityReplacements.GetValueOrDefault(id) + 1;
            return PublicCopy(identity);
        }
    }

    readonly Dictionary<string, int> _identityReplacements = new(StringComparer.Ordinal);

    /// <summary>How many times an identity was replaced by PUT (not a Blnk figure: tests count writes with it).</summary>
    public int IdentityReplacementsOf(string id)
    {
        lock (_gate)
            return _identityReplacements.GetValueOrDefault(id);
    }

    static void CopyIdentityFields(JsonObject body, JsonObject identity)
    {
        foreach (var field in IdentityFields)
        {
            var value = body[field];
            if (value is not null && value.GetValueKind() != JsonValueKind.String)
                throw CloudApiException.BadRequest($"{field} must be a string");
            identity[field] = value?.GetValue<string>() ?? "";
        }
        identity["meta_data"] = TransactionRequest.MetaDataOf(body);
    }

    public JsonObject GetIdentity(string id) =>
        Find(DataResource.Identities, id) ?? throw CloudApiException.NotFound($"identity with ID '{id}' not found");
}
