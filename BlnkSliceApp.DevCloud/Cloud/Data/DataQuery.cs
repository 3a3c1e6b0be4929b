using System.Text.Json.Nodes;
using BlnkSliceApp.DevCloud.Cloud.Ledger;
using Microsoft.AspNetCore.Http;

namespace BlnkSliceApp.DevCloud.Cloud.Data;

/// <summary>
/// A Data API list request: filters, then a page. Rows come oldest first, so pages are stable
/// while new records arrive at the end. Unknown query names are refused (400) rather than
/// ignored, so a misspelt filter fails in tests instead of silently returning everything.
/// </summary>
public sealed class DataQuery
{
    public const int MaxPageSize = 1000;

    public static readonly IReadOnlySet<string> ReservedNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "page", "pageSize", "per_page", "limit", "offset", "sort", "order", "order_by", "order_dir", "instance_id", "org_id",
    };

    public required IReadOnlyList<DataFilter> Filters { get; init; }
    public required int Page { get; init; }
    public required int PageSize { get; init; }

    public static DataQuery Parse(IQueryCollection query, int defaultPageSize)
    {
        var filters = new List<DataFilter>();
        foreach (var (name, values) in query)
        {
            if (ReservedNames.Contains(name)) continue;
            foreach (var value in values)
            {
                var filter = DataFilter.TryParse(name, value ?? "")
                    ?? throw CloudApiException.BadRequest($"'{name}' is not a filter: use field_op=value with op one of {string.Join(", ", DataFilter.Operators)}");
                filters.Add(filter);
            }
        }
        return new DataQuery
        {
            Filters = filters,
            Page = Number(query, "page", 1),
            PageSize = Math.Min(Number(query, "pageSize", defaultPageSize), MaxPageSize),
        };
    }

    /// <summary>The value of a top-level <c>field_eq</c> filter, when the query has exactly one.</summary>
    public string? EqualsValue(string field)
    {
        var matches = Filters.Where(f => f.Operator == "eq" && f.Path is [var only] && only == field).ToList();
        return matches.Count == 1 ? matches[0].Values[0] : null;
    }

    /// <summary>The values of a top-level <c>field_in</c> filter, when the query has exactly one.</summary>
    public IReadOnlyList<string>? InValues(string field)
    {
        var matches = Filters.Where(f => f.Operator == "in" && f.Path is [var only] && only == field).ToList();
        return matches.Count == 1 ? matches[0].Values : null;
    }

    public bool Matches(JsonObject row) => Filters.All(filter => filter.Matches(row));

    public JsonObject Run(IReadOnlyList<JsonObject> rows)
    {
        var matching = rows.Where(Matches).ToList();
        var page = matching.Skip((int)Math.Min(int.MaxValue, (long)(Page - 1) * PageSize)).Take(PageSize);
        return new JsonObject
        {
            ["data"] = new JsonArray(page.Select(JsonNode? (row) => row).ToArray()),
            ["total"] = matching.Count,
        };
    }

    static int Number(IQueryCollection query, string name, int fallback)
    {
        var text = query[name].ToString();
        if (string.IsNullOrEmpty(text)) return fallback;
        return int.TryParse(text, out var value) && value >= 1
            ? value
            : throw CloudApiException.BadRequest($"{name} must be a whole number of at least 1");
    }
}
