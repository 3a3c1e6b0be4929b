using System.Text.Json;

namespace BlnkSliceApp.DevCloud.Stripe.Objects;

/// <summary>
/// Writes records as Stripe's JSON, resolving expandable ids into nested objects.
/// Writing straight to a <see cref="Utf8JsonWriter"/> keeps large pages cheap.
/// </summary>
public sealed class ObjectWriter(Utf8JsonWriter json, Func<string, StripeRecord?> resolve, long now)
{
    public Utf8JsonWriter Json => json;

    /// <summary>Now, in unix seconds: balance transaction status depends on it.</summary>
    public long Now => now;

    public StripeRecord? Resolve(string id) => resolve(id);

    /// <param name="strict">
    /// Refuse fields that cannot be expanded. Only for the object asked for: below a polymorphic
    /// field such as a balance transaction's source, one path (data.source.customer) has to fit
    /// charges, refunds and payouts alike, so what does not apply to the object found is skipped.
    /// </param>
    public void WriteObject(StripeRecord record, Expansion expand, bool strict = true)
    {
        if (strict)
            foreach (var field in expand.Fields)
                if (!record.ExpandableFields.Contains(field))
                    throw new ExpansionException(field);

        json.WriteStartObject();
        json.WriteString("id", record.Id);
        json.WriteString("object", record.ObjectName);
        record.WriteFields(this, expand);
        json.WriteEndObject();
    }

    /// <summary>An id field that <c>expand[]</c> may turn into the object it names.</summary>
    public void Expandable(string name, string? id, Expansion expand)
    {
        var child = expand.Child(name);
        if (id is null)
        {
            json.WriteNull(name);
            return;
        }
        var target = child is null ? null : resolve(id);
        if (target is null)
        {
            json.WriteString(name, id);
            return;
        }
        json.WritePropertyName(name);
        WriteObject(target, child!, strict: false);
    }

    public void StringOrNull(string name, string? value)
    {
        if (value is null) json.WriteNull(name);
        else json.WriteString(name, value);
    }

    public void NumberOrNull(string name, long? value)
    {
        if (value is null) json.WriteNull(name);
        else json.WriteNumber(name, value.Value);
    }

    public void Metadata(IReadOnlyDictionary<string, string>? metadata)
    {
        json.WriteStartObject("metadata");
        if (metadata is not null)
            foreach (var (key, value) in metadata)
                json.WriteString(key, value);
        json.WriteEndObject();
    }

    /// <summary>A list embedded in an object (a transfer's reversals), written whole as Stripe does.</summary>
    public static void WriteList<T>(ObjectWriter w, string name, string url, IReadOnlyList<T> items) where T : StripeRecord
    {
        var j = w.Json;
        j.WriteStartObject(name);
        j.WriteString("object", "list");
        j.WriteStartArray("data");
        foreach (var item in items)
            w.WriteObject(item, Expansion.None);
        j.WriteEndArray();
        j.WriteBoolean("has_more", false);
        j.WriteString("url", url);
        j.WriteEndObject();
    }

    /// <summary>Objects named by id, written whole in an array (an Issuing authorization's balance transactions).</summary>
    public void WholeObjects(string name, IEnumerable<string> ids)
    {
        json.WriteStartArray(name);
        foreach (var id in ids)
            if (resolve(id) is { } record)
                WriteObject(record, Expansion.None);
        json.WriteEndArray();
    }

    public void Common()
    {
        json.WriteBoolean("livemode", false);
    }
}
