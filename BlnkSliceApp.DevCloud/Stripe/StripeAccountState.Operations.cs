using BlnkSliceApp.DevCloud.Stripe.Objects;
using BlnkSliceApp.DevCloud.Stripe.Seeding;

namespace BlnkSliceApp.DevCloud.Stripe;

/// <summary>
/// The only ways objects come into being. Each keeps Stripe's invariants: every money movement
/// has its balance transaction, net = amount - fee, and refunds update their charge.
/// Callers hold the lock.
/// </summary>
public sealed partial class StripeAccountState
{
    public const long Day = 86_400;

    internal IdGenerator ActivityIds => _ids;
    internal Random ActivityRandom => _random;

    void Store<T>(RecordTable<T> table, T record) where T : StripeRecord
    {
        record.Seq = ++_seq;
        if (_bulk) table.AddUnsorted(record);
        else table.Add(record);
        EmitCreated(record);
    }

    internal void BeginBulk() => _bulk = true;

    internal void EndBulk()
    {
        CustomerTable.SortIfNeeded();
        ChargeTable.SortIfNeeded();
        PaymentIntentTable.SortIfNeeded();
        RefundTable.SortIfNeeded();
        DisputeTable.SortIfNeeded();
        PayoutTable.SortIfNeeded();
        BalanceTransactionTable.SortIfNeeded();
        TopupTable.SortIfNeeded();
        TransferTable.SortIfNeeded();
        TransferReversalTable.SortIfNeeded();
        ApplicationFeeTable.SortIfNeeded();
        ApplicationFeeRefundTable.SortIfNeeded();
        IssuingAuthorizationTable.SortIfNeeded();
        IssuingTransactionTable.SortIfNeeded();
        IssuingDisputeTable.SortIfNeeded();
        _bulk = false;
    }

    /// <summary>Card funds become available at midnight UTC, one to two days after the charge.</summary>
    static long AvailabilityFor(long created) => (created / Day + 2) * Day;

    internal CustomerRecord CreateCustomer(
        IdGenerator ids, long created, string? email, string? name, string? phone,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        var customer = new CustomerRecord
        {
            Id = ids.Next("cus_", 14), Created = created, Email = email, Name = name, Phone = phone, Metadata = metadata,
        };
        Store(CustomerTable, customer);
        return customer;
    }

    /// <param name="extraFees">
    /// Fee parts beyond Stripe's processing fee (tax on it, a platform's application fee), in the
    /// settlement currency: they add to the balance transaction's fee and its fee_details.
    /// </param>
    internal ChargeRecord CreatePayment(
        IdGenerator ids, long created, string currency, long amount, CustomerRecord? customer,
        string method = "card", Presentment? presentment = null, IReadOnlyList<FeeDetail>? extraFees = null)
    {
        var card = method == "card";
        var chargeId = ids.Next(card ? "ch_" : "py_");
        var intentId = ids.Next("pi_");
        var txnId = ids.Next("txn_");
        var processing = CurrencyRules.ProcessingFee(currency, amount);
        var feeDetails = processing == 0 ? new List<FeeDetail>() : [new FeeDetail(processing, "stripe_fee", "Stripe processing fees")];
        feeDetails.AddRange((extraFees ?? []).Where(f => f.Amount != 0));
        var fee = feeDetails.Sum(f => f.Amount);
        var applicationFee = feeDetails.FirstOrDefault(f => f.Type == "application_fee");
        var description = customer?.Name is { } name ? $"Order for {name}" : "Guest checkout";

        var charge = new ChargeRecord
        {
            Id = chargeId, Created = created,
            Amount = presentment?.Amount ?? amount, Currency = presentment?.Currency ?? currency,
            SettlementAmount = amount, SettlementCurrency = currency,
            CustomerId = customer?.Id, PaymentIntentId = intentId, BalanceTransactionId = txnId,
            BillingEmail = customer?.Email, BillingName = customer?.Name, Description = description,
            PaymentMethodType = method, AmountCaptured = presentment?.Amount ?? amount,
            ApplicationId = applicationFee?.Application, ApplicationFeeAmount = applicationFee?.Amount,
        };
        Store(PaymentIntentTable, new PaymentIntentRecord
        {
            Id = intentId, Created = created, Amount = charge.Amount, Currency = charge.Currency,
            CustomerId = customer?.Id, LatestChargeId = chargeId, Description = description, PaymentMethodType = method,
        });
        Store(ChargeTable, charge);
        Store(BalanceTransactionTable, new BalanceTransactionRecord
        {
            Id = txnId, Created = created, Amount = amount, Fee = fee, Currency = currency,
            Type = card ? "charge" : "payment", ReportingCategory = "charge", SourceId = chargeId,
            AvailableOn = AvailabilityFor(created), Description = description, ExchangeRate = presentment?.ExchangeRate,
            FeeDetails = feeDetails,
        });
        return charge;
    }

    /// <summary>Refunds part or all of a charge; the amount is in the charge's own currency.</summary>
    /// <param name="balanceType">The balance that pays the refund: payments, or the refund-and-dispute prefunding balance.</param>
    /// <param name="category">refund, or partial_capture_reversal for the part of an authorisation left uncaptured.</param>
    internal RefundRecord CreateRefund(IdGenerator ids, ChargeRecord charge, long amount, long created, string? reason = "requested_by_customer",
        string balanceType = BalanceTypes.Payments, string category = "refund")
    {
        if (amount <= 0 || amount > charge.Refundable)
            throw new ArgumentOutOfRangeException(nameof(amount), "A refund must be positive and at most what is left to refund.");
        var card = charge.PaymentMethodType == "card";
        var refundId = ids.Next(card ? "re_" : "pyr_");
        var txnId = ids.Next("txn_");
        // A refund of a converted charge leaves the balance in the settlement currency, pro rata.
        var settled = charge.Currency == charge.SettlementCurrency
            ? amount
            : CurrencyRules.RoundToStep(charge.SettlementAmount * amount / charge.Amount, charge.SettlementCurrency);
        charge.AmountRefunded += amount;
        var refund = new RefundRecord
        {
            Id = refundId, Created = created, Amount = amount, Currency = charge.Currency, ChargeId = charge.Id,
            PaymentIntentId = charge.PaymentIntentId, BalanceTransactionId = txnId, Reason = reason,
        };
        Store(RefundTable, refund);
        Store(BalanceTransactionTable, new BalanceTransactionRecord
        {
            Id = txnId, Created = created, Amount = -settled, Currency = charge.SettlementCurrency,
            Type = card ? "refund" : "payment_refund", ReportingCategory = category, SourceId = refundId,
            AvailableOn = created, Description = "REFUND FOR CHARGE (" + (charge.Description ?? charge.Id) + ")",
            BalanceType = balanceType,
        });
        return refund;
    }

    /// <summary>A dispute withdraws the charge plus a fee; a won dispute gives both back.</summary>
    internal DisputeRecord CreateDispute(IdGenerator ids, ChargeRecord charge, long created, bool won, long resolvedAt)
    {
        var dispute = new DisputeRecord
        {
            Id = ids.Next("dp_"), Created = created, Amount = charge.Amount, Currency = charge.Currency,
            ChargeId = charge.Id, PaymentIntentId = charge.PaymentIntentId, Status = won ? "won" : "lost",
        };
        charge.Disputed = true;
        WithdrawDisputed(ids, dispute, charge, created);
        if (won) ReverseDisputed(ids, dispute, charge, resolvedAt);
        Store(DisputeTable, dispute);
        return dispute;
    }

    /// <summary>A balance transaction with no Stripe object behind it (source is null).</summary>
    internal BalanceTransactionRecord CreateAdjustment(
        IdGenerator ids, string currency, long amount, long created, string description,
        string type = "adjustment", string reportingCategory = "other_adjustment")
    {
        var txn = new BalanceTransactionRecord
        {
            Id = ids.Next("txn_"), Created = created, Amount = amount, Currency = currency, Type = type,
            ReportingCategory = reportingCategory, AvailableOn = created, Description = description,
        };
        Store(BalanceTransactionTable, txn);
        return txn;
    }
}

/// <summary>The customer paid in another currency than the one that settles into the balance.</summary>
public sealed record Presentment(string Currency, long Amount, decimal ExchangeRate);
