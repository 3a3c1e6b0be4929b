using System.Buffers;
using System.Text.Json;

namespace BlnkSliceApp.Shared.Stripe;

/// <summary>
/// Reads one page of Stripe's list of balance transactions (<c>{"data": [...], "has_more": ...}</c>)
/// straight from its UTF-8 bytes into <see cref="StripeBalanceTransaction"/>s, with one forward
/// pass and no tree in between (the pages are the largest answers the app reads: 100 transactions
/// with their sources expanded). Fields may come in any order and unknown ones are skipped, so a
/// field Stripe adds costs nothing. Whole numbers are read as such, never through a double; a
/// page that breaks Stripe's shape (a fractional amount, a transaction without id or currency)
/// is a <see cref="JsonException"/>.
/// </summary>
public static class BalanceTransactionPageReader
{
    /// <summary>The body of a page as Stripe.net hands it over (already buffered by the HttpClient).</summary>
    public static async Task<StripePage<StripeBalanceTransaction>> ReadAsync(Stream body, CancellationToken ct)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(body.CanSeek ? (int)Math.Max(1, body.Length - body.Position) : 256 * 1024);
        try
        {
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    // A body of known length that fills the buffer is all there: no larger copy for a read that would return nothing.
                    if (body.CanSeek && body.Position >= body.Length) break;
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await body.ReadAsync(buffer.AsMemory(length), ct);
                if (read == 0) break;
                length += read;
            }
            return Read(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static StripePage<StripeBalanceTransaction> Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        Expect(ref reader, JsonTokenType.StartObject, "a list");
        var items = new List<StripeBalanceTransaction>();
        var hasMore = false;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("data"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null) continue;
                Expect(ref reader, JsonTokenType.StartArray, "data");
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    items.Add(Transaction(ref reader));
            }
            else if (reader.ValueTextEquals("has_more"u8))
                hasMore = Flag(ref reader);
            else
                SkipValue(ref reader);
        }
        return new StripePage<StripeBalanceTransaction>(items, hasMore);
    }

    static StripeBalanceTransaction Transaction(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, "a balance transaction");
        string? id = null, currency = null, type = null, category = null, balanceType = null, description = null;
        long amount = 0, fee = 0, net = 0, created = 0;
        IReadOnlyList<StripeFeeDetail> fees = [];
        (string? Id, StripeSource? Object) source = default;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("id"u8)) id = Text(ref reader);
            else if (reader.ValueTextEquals("amount"u8)) amount = Whole(ref reader);
            else if (reader.ValueTextEquals("fee"u8)) fee = Whole(ref reader);
            else if (reader.ValueTextEquals("net"u8)) net = Whole(ref reader);
            else if (reader.ValueTextEquals("currency"u8)) currency = Text(ref reader);
            else if (reader.ValueTextEquals("type"u8)) type = Text(ref reader);
            else if (reader.ValueTextEquals("reporting_category"u8)) category = Text(ref reader);
            else if (reader.ValueTextEquals("balance_type"u8)) balanceType = Text(ref reader);
            else if (reader.ValueTextEquals("description"u8)) description = Text(ref reader);
            else if (reader.ValueTextEquals("created"u8)) created = Whole(ref reader);
            else if (reader.ValueTextEquals("fee_details"u8)) fees = FeeDetails(ref reader);
            else if (reader.ValueTextEquals("source"u8)) source = Expandable(ref reader);
            else SkipValue(ref reader);
        }
        return new StripeBalanceTransaction
        {
            Id = id ?? throw new JsonException("A balance transaction has no id."),
            Currency = currency ?? throw new JsonException($"Balance transaction {id} has no currency."),
            Amount = amount,
            Fee = fee,
            Net = net,
            Type = type,
            ReportingCategory = category,
            BalanceType = balanceType,
            Description = description,
            Created = created,
            FeeDetails = fees,
            SourceId = source.Id,
            Source = source.Object,
        };
    }

    static IReadOnlyList<StripeFeeDetail> FeeDetails(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null) return [];
        Expect(ref reader, JsonTokenType.StartArray, "fee_details");
        var details = new List<StripeFeeDetail>(2);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            Expect(ref reader, JsonTokenType.StartObject, "a fee detail");
            string? type = null, application = null;
            long amount = 0;
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("amount"u8)) amount = Whole(ref reader);
                else if (reader.ValueTextEquals("type"u8)) type = Text(ref reader);
                else if (reader.ValueTextEquals("application"u8)) application = Expandable(ref reader).Id;
                else SkipValue(ref reader);
            }
            details.Add(new StripeFeeDetail(type, amount, application));
        }
        return details;
    }

    /// <summary>An id Stripe may have expanded into its object: null, the id, or the object (with its id).</summary>
    static (string? Id, StripeSource? Object) Expandable(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.Null => default,
            JsonTokenType.String => (reader.GetString(), null),
            JsonTokenType.StartObject => SourceObject(ref reader),
            // A field of that name meaning something else to a kind the sync does not read.
            _ => SkipAsNone(ref reader),
        };
    }

    /// <summary>
    /// An expanded object, by its <c>object</c> field: what the sync reads of the kinds it knows,
    /// only the id of any other. Fields are gathered first, since <c>object</c> may come last.
    /// </summary>
    static (string? Id, StripeSource? Object) SourceObject(ref Utf8JsonReader reader)
    {
        var f = new SourceFields();
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("id"u8)) f.Id = Text(ref reader);
            else if (reader.ValueTextEquals("object"u8)) f.Kind = Text(ref reader);
            else if (reader.ValueTextEquals("customer"u8)) (f.CustomerId, f.Customer) = Customer(ref reader);
            else if (reader.ValueTextEquals("charge"u8)) (f.ChargeId, f.Charge) = Expandable(ref reader);
            else if (reader.ValueTextEquals("payment_intent"u8)) f.PaymentIntentId = Expandable(ref reader).Id;
            else if (reader.ValueTextEquals("balance_transaction"u8)) f.BalanceTransactionId = Expandable(ref reader).Id;
            else if (reader.ValueTextEquals("balance_transactions"u8)) f.BalanceTransactions = DisputeTransactions(ref reader);
            else if (reader.ValueTextEquals("amount"u8)) f.Amount = WholeIfNumber(ref reader, out f.AmountUnreadable);
            else if (reader.ValueTextEquals("currency"u8)) f.Currency = Text(ref reader);
            else if (reader.ValueTextEquals("created"u8)) f.Created = WholeIfNumber(ref reader, out _);
            else if (reader.ValueTextEquals("arrival_date"u8)) f.ArrivalDate = WholeIfNumber(ref reader, out _);
            else if (reader.ValueTextEquals("automatic"u8)) f.Automatic = Flag(ref reader);
            else if (reader.ValueTextEquals("status"u8)) f.Status = Text(ref reader);
            else if (reader.ValueTextEquals("reconciliation_status"u8)) f.ReconciliationStatus = Text(ref reader);
            else if (reader.ValueTextEquals("trace_id"u8)) (f.TraceIdStatus, f.TraceId) = TraceId(ref reader);
            else if (reader.ValueTextEquals("failure_code"u8)) f.FailureCode = Text(ref reader);
            else if (reader.ValueTextEquals("failure_message"u8)) f.FailureMessage = Text(ref reader);
            else if (reader.ValueTextEquals("failure_balance_transaction"u8)) f.FailureBalanceTransactionId = Expandable(ref reader).Id;
            else SkipValue(ref reader);
        }
        return (f.Id, f.Id is null ? null : f.ToSource());
    }

    static (string? Id, StripeSource? Object) SkipAsNone(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return default;
    }

    /// <summary>A customer id, or the expanded customer (a deleted one is its id and <c>deleted</c>).</summary>
    static (string? Id, Sync.StripeCustomerInfo? Customer) Customer(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String) return (reader.GetString(), null);
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return default;
        }
        string? id = null, email = null, name = null, phone = null;
        var deleted = false;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("id"u8)) id = Text(ref reader);
            else if (reader.ValueTextEquals("email"u8)) email = Text(ref reader);
            else if (reader.ValueTextEquals("name"u8)) name = Text(ref reader);
            else if (reader.ValueTextEquals("phone"u8)) phone = Text(ref reader);
            else if (reader.ValueTextEquals("deleted"u8)) deleted = Flag(ref reader);
            else SkipValue(ref reader);
        }
        if (id is null) return default;
        return (id, deleted ? new Sync.StripeCustomerInfo(id, null, null, null, Deleted: true) : new Sync.StripeCustomerInfo(id, email, name, phone, Deleted: false));
    }

    static IReadOnlyList<StripeDisputeTransaction> DisputeTransactions(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return [];
        }
        var transactions = new List<StripeDisputeTransaction>(2);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                transactions.Add(new StripeDisputeTransaction(reader.GetString()!, null));
                continue;
            }
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }
            string? id = null, category = null;
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("id"u8)) id = Text(ref reader);
                else if (reader.ValueTextEquals("reporting_category"u8)) category = Text(ref reader);
                else SkipValue(ref reader);
            }
            if (id is not null)
                transactions.Add(new StripeDisputeTransaction(id, category));
        }
        return transactions;
    }

    static (string? Status, string? Value) TraceId(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return default;
        }
        string? status = null, value = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("status"u8)) status = Text(ref reader);
            else if (reader.ValueTextEquals("value"u8)) value = Text(ref reader);
            else SkipValue(ref reader);
        }
        return (status, value);
    }

    /// <summary>Moves to the next property name of the current object; false at its end.</summary>
    static bool NextProperty(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.PropertyName => true,
            JsonTokenType.EndObject => false,
            _ => throw new JsonException($"Expected a property, found {reader.TokenType}."),
        };
    }

    static void SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    /// <summary>Text or null; any other value (a field another kind of object uses differently) is skipped as null.</summary>
    static string? Text(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String) return reader.GetString();
        reader.Skip();
        return null;
    }

    /// <summary>A whole number (an amount in minor units, Unix seconds); null or missing is 0. Anything else is not Stripe's answer: money is never guessed.</summary>
    static long Whole(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.Null => 0,
            JsonTokenType.Number => WholeNumber(ref reader),
            _ => throw new JsonException($"Expected a whole number, found {reader.TokenType}."),
        };
    }

    /// <summary>
    /// The same in an expanded object of any kind, where a field of that name may mean something
    /// else to a kind the sync does not read: only a whole number counts; <paramref name="unreadable"/>
    /// tells a number that is not one, for the kinds that need it.
    /// </summary>
    static long WholeIfNumber(ref Utf8JsonReader reader, out bool unreadable)
    {
        reader.Read();
        unreadable = reader.TokenType == JsonTokenType.Number && !reader.TryGetInt64(out _);
        if (reader.TokenType == JsonTokenType.Number && !unreadable)
            return reader.GetInt64();
        reader.Skip();
        return 0;
    }

    static long WholeNumber(ref Utf8JsonReader reader) =>
        reader.TryGetInt64(out var value) ? value : throw new JsonException("Expected a whole number, found a fraction or a number beyond 64 bits.");

    static bool Flag(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType is JsonTokenType.True) return true;
        reader.Skip();
        return false;
    }

    static void Expect(ref Utf8JsonReader reader, JsonTokenType token, string what)
    {
        if (reader.TokenType != token)
            throw new JsonException($"Expected {what}, found {reader.TokenType}.");
    }

    /// <summary>The fields of an expanded object, whatever its kind, until its <c>object</c> is known.</summary>
    sealed class SourceFields
    {
        public string? Id, Kind, CustomerId, ChargeId, PaymentIntentId, BalanceTransactionId, FailureBalanceTransactionId;
        public string? Currency, Status, ReconciliationStatus, TraceIdStatus, TraceId, FailureCode, FailureMessage;
        public Sync.StripeCustomerInfo? Customer;
        public StripeSource? Charge;
        public IReadOnlyList<StripeDisputeTransaction> BalanceTransactions = [];
        public long Amount, Created, ArrivalDate;
        public bool Automatic, AmountUnreadable;

        public StripeSource? ToSource() => Kind switch
        {
            "charge" => new StripeSourceCharge
            {
                Id = Id!, CustomerId = CustomerId, Customer = Customer, PaymentIntentId = PaymentIntentId, BalanceTransactionId = BalanceTransactionId,
            },
            "refund" => new StripeSourceRefund
            {
                Id = Id!, ChargeId = ChargeId, Charge = Charge as StripeSourceCharge, PaymentIntentId = PaymentIntentId, BalanceTransactionId = BalanceTransactionId,
            },
            "dispute" => new StripeSourceDispute
            {
                Id = Id!, ChargeId = ChargeId, Charge = Charge as StripeSourceCharge, PaymentIntentId = PaymentIntentId, BalanceTransactions = BalanceTransactions,
            },
            "payout" => new StripeSourcePayout
            {
                Id = Id!, Amount = AmountUnreadable ? throw new JsonException($"Payout {Id} has an amount that is not a whole number.") : Amount, Currency = Currency ?? "", Created = Created, ArrivalDate = ArrivalDate, Automatic = Automatic,
                Status = Status, ReconciliationStatus = ReconciliationStatus, TraceIdStatus = TraceIdStatus, TraceId = TraceId,
                FailureCode = FailureCode, FailureMessage = FailureMessage,
                BalanceTransactionId = BalanceTransactionId, FailureBalanceTransactionId = FailureBalanceTransactionId,
            },
            _ => null,
        };
    }
}
