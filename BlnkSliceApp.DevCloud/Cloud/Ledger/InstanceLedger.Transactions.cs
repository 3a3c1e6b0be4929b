using System.Numerics;
using System.Text.Json.Nodes;

namespace BlnkSliceApp.DevCloud.Cloud.Ledger;

/// <summary>What a transaction call answers: the HTTP status and the body.</summary>
public sealed record LedgerAnswer(int Status, JsonObject Body);

public sealed partial class InstanceLedger
{
    public const string DuplicateReferenceCode = "TXN_DUPLICATE_REFERENCE";
    public const string InsufficientFundsCode = "INSUFFICIENT_FUNDS";
    public const string RejectionReasonKey = "blnk_rejection_reason";

    public LedgerAnswer CreateTransaction(JsonObject body)
    {
        var request = TransactionRequest.Parse(body);
        lock (_gate)
        {
            var undo = new List<Action>();
            try
            {
                var stored = Record(request, parent: null, undo);
                return new LedgerAnswer(201, stored);
            }
            catch
            {
                Rollback(undo);
                throw;
            }
        }
    }

    public JsonObject GetTransaction(string id) =>
        Find(DataResource.Transactions, id) ?? throw CloudApiException.NotFound($"transaction with ID '{id}' not found");

    /// <summary>
    /// One transaction on the path its request asks for. Caller holds the lock; every change
    /// is pushed onto <paramref name="undo"/> so a failing bulk can roll back.
    /// </summary>
    JsonObject Record(TransactionRequest request, string? parent, List<Action> undo)
    {
        var duplicate = _transactionByReference.ContainsKey(request.Reference);
        if (!duplicate)
            ThrowIfRefused(request);
        if (request.SkipQueue)
        {
            if (duplicate)
                throw new CloudApiException(409, $"transaction with reference '{request.Reference}' already exists", DuplicateReferenceCode,
                    new JsonObject { ["reference"] = request.Reference });
            var (source, destination) = Resolve(request, undo);
            if (WouldOverdraw(request, source))
                throw new CloudApiException(400, "insufficient funds", InsufficientFundsCode,
                    new JsonObject { ["balance_id"] = source.BalanceId });
            Move(request, source, destination, undo);
            return Store(request, TransactionStatus.Applied, request.Reference, parent, source, destination, undo).ToJson();
        }

        if (duplicate)
        {
            // Core answers the queued path before it checks references: a fresh id, never stored.
            var ghost = Build(request, TransactionStatus.Queued, request.Reference, parent, request.Source, request.Destination);
            return ghost.ToJson();
        }

        var (src, dst) = Resolve(request, undo);
        var queued = Store(request, TransactionStatus.Queued, request.Reference, parent, src, dst, undo);
        // The worker runs at once here: the applied (or rejected) child exists when the call returns.
        if (WouldOverdraw(request, src))
        {
            var rejected = Store(request, TransactionStatus.Rejected, request.Reference + "_q", queued.TransactionId, src, dst, undo);
            rejected.MetaData[RejectionReasonKey] = "insufficient funds";
        }
        else
        {
            Move(request, src, dst, undo);
            Store(request, TransactionStatus.Applied, request.Reference + "_q", queued.TransactionId, src, dst, undo);
        }
        return queued.ToJson();
    }

    (BalanceRecord Source, BalanceRecord Destination) Resolve(TransactionRequest request, List<Action> undo)
    {
        var source = ResolveBalance(request.Source, request.Currency, "source", undo);
        var destination = ResolveBalance(request.Destination, request.Currency, "destination", undo);
        if (ReferenceEquals(source, destination))
            throw CloudApiException.BadRequest("source and destination cannot be the same");
        foreach (var balance in new[] { source, destination })
        {
            if (!string.Equals(balance.Currency, request.Currency, StringComparison.Ordinal))
                throw CloudApiException.BadRequest(
                    $"currency {request.Currency} does not match balance {balance.BalanceId} currency {balance.Currency}");
            // Core would mix units silently; the emulator refuses so a precision bug fails loudly.
            if (!balance.Precision.IsZero && balance.Precision != request.Precision)
                throw CloudApiException.BadRequest(
                    $"precision {request.Precision} does not match balance {balance.BalanceId} precision {balance.Precision}");
        }
        return (source, destination);
    }

    static bool WouldOverdraw(TransactionRequest request, BalanceRecord source) =>
        !request.AllowOverdraft && source.Balance - request.PreciseAmount < BigInteger.Zero;

    static void Move(TransactionRequest request, BalanceRecord source, BalanceRecord destination, List<Action> undo)
    {
        var (sourcePrecision, destinationPrecision) = (source.Precision, destination.Precision);
        source.DebitBalance += request.PreciseAmount;
        destination.CreditBalance += request.PreciseAmount;
        source.Precision = destination.Precision = request.Precision;
        source.Version++;
        destination.Version++;
        undo.Add(() =>
        {
            source.DebitBalance -= request.PreciseAmount;
            destination.CreditBalance -= request.PreciseAmount;
            source.Precision = sourcePrecision;
            destination.Precision = destinationPrecision;
            source.Version--;
            destination.Version--;
        });
    }

    TransactionRecord Store(TransactionRequest request, string status, string reference, string? parent,
        BalanceRecord source, BalanceRecord destination, List<Action> undo)
    {
        var record = Build(request, status, reference, parent, source.BalanceId, destination.BalanceId);
        _transactions[record.TransactionId] = record;
        _transactionByReference[reference] = record.TransactionId;
        undo.Add(() =>
        {
            _transactions.Remove(record.TransactionId);
            _transactionByReference.Remove(reference);
        });
        return record;
    }

    TransactionRecord Build(TransactionRequest request, string status, string reference, string? parent, string source, string destination)
    {
        var now = Now;
        return new TransactionRecord
        {
            TransactionId = CloudIds.New("txn"),
            ParentTransaction = parent,
            PreciseAmount = request.PreciseAmount,
            Precision = request.Precision,
            Currency = request.Currency,
            Source = source,
            Destination = destination,
            Reference = reference,
            Description = request.Description,
            Status = status,
            AllowOverdraft = request.AllowOverdraft,
            MetaData = (JsonObject)request.MetaData.DeepClone(),
            EffectiveDate = request.EffectiveDate ?? now,
            CreatedAt = now,
            Sequence = NextSequence(),
        };
    }

    static void Rollback(List<Action> undo)
    {
        for (var i = undo.Count - 1; i >= 0; i--)
            undo[i]();
        undo.Clear();
    }
}
