using BlnkSliceApp.DevCloud.Stripe.Objects;
using BlnkSliceApp.DevCloud.Stripe.Seeding;

namespace BlnkSliceApp.DevCloud.Stripe;

/// <summary>
/// The rest of Stripe's ledger: partial captures, failed refunds and bank debits, top-ups,
/// Connect transfers and application fees, Issuing, reserves. Each keeps Stripe's shapes and
/// invariants (every movement has its balance transaction, on the balance its
/// <c>balance_type</c> names). Callers hold the lock.
/// </summary>
public sealed partial class StripeAccountState
{
    /// <summary>
    /// Captures less than was authorised: Stripe books the full authorisation as the charge and
    /// refunds the rest at once, as a refund whose balance transaction is a partial_capture_reversal.
    /// </summary>
    internal RefundRecord CapturePartially(IdGenerator ids, ChargeRecord charge, long captured, long at)
    {
        if (captured <= 0 || captured >= charge.Amount || charge.Currency != charge.SettlementCurrency)
            throw new ArgumentOutOfRangeException(nameof(captured), "A partial capture takes part of a same-currency authorisation.");
        var released = charge.Amount - captured;
        var refund = CreateRefund(ids, charge, released, at, reason: null, category: "partial_capture_reversal");
        charge.AmountCaptured = captured;
        if (PaymentIntentTable.Find(charge.PaymentIntentId) is { } intent)
            intent.AmountReceived = captured;
        return refund;
    }

    /// <summary>The card could not take a refund back: the money returns to the balance, the refund turns failed.</summary>
    internal BalanceTransactionRecord FailRefund(IdGenerator ids, RefundRecord refund, long at, string reason = "expired_or_canceled_card")
    {
        if (refund.Status != "succeeded")
            throw new InvalidOperationException($"Refund {refund.Id} has already failed.");
        var spent = BalanceTransactionTable.Find(refund.BalanceTransactionId)!;
        var failure = new BalanceTransactionRecord
        {
            Id = ids.Next("txn_"), Created = at, Amount = -spent.Amount, Currency = spent.Currency,
            Type = "refund_failure", ReportingCategory = "refund_failure", SourceId = refund.Id, AvailableOn = at,
            Description = "REFUND FAILURE", BalanceType = spent.BalanceType,
        };
        Store(BalanceTransactionTable, failure);
        refund.Status = "failed";
        refund.FailureReason = reason;
        refund.FailureBalanceTransactionId = failure.Id;
        if (ChargeTable.Find(refund.ChargeId) is { } charge)
            charge.AmountRefunded -= refund.Amount;
        return failure;
    }

    /// <summary>A bank debit that had succeeded is returned by the bank: Stripe takes the payment back from the balance.</summary>
    internal BalanceTransactionRecord FailBankDebit(IdGenerator ids, ChargeRecord charge, long at, string code = "insufficient_funds")
    {
        if (charge.PaymentMethodType == "card" || charge.Status != "succeeded")
            throw new InvalidOperationException($"Charge {charge.Id} is not a succeeded bank debit.");
        var failure = new BalanceTransactionRecord
        {
            Id = ids.Next("txn_"), Created = at, Amount = -charge.SettlementAmount, Currency = charge.SettlementCurrency,
            Type = "payment_failure_refund", ReportingCategory = "charge_failure", SourceId = charge.Id, AvailableOn = at,
            Description = "Payment failure (" + code + ")",
        };
        Store(BalanceTransactionTable, failure);
        charge.Status = "failed";
        charge.FailureBalanceTransactionId = failure.Id;
        charge.FailureCode = code;
        charge.FailureMessage = code == "insufficient_funds" ? "The customer's account has insufficient funds to cover this payment." : "The payment failed.";
        return failure;
    }

    /// <summary>Funds arrived for a payment beyond what it asked (a bank transfer paying too much): payment_unreconciled, with the charge as source.</summary>
    internal BalanceTransactionRecord AddUnreconciledFunds(IdGenerator ids, ChargeRecord charge, long amount, long at)
    {
        var txn = new BalanceTransactionRecord
        {
            Id = ids.Next("txn_"), Created = at, Amount = amount, Currency = charge.SettlementCurrency,
            Type = "payment_unreconciled", ReportingCategory = "payment_unreconciled", SourceId = charge.Id,
            AvailableOn = AvailabilityFor(at), Description = "Unreconciled funds for " + charge.Id,
        };
        Store(BalanceTransactionTable, txn);
        return txn;
    }

    /// <summary>Money added from the merchant's bank to one of its Stripe balances; available at once, as the emulator keeps it simple.</summary>
    internal TopupRecord CreateTopup(IdGenerator ids, string currency, long amount, long at, string balanceType = BalanceTypes.Payments)
    {
        var topup = new TopupRecord
        {
            Id = ids.Next("tu_"), Created = at, Amount = amount, Currency = currency, BalanceTransactionId = ids.Next("txn_"),
            Description = balanceType == BalanceTypes.Payments ? "Top-up" : "Top-up of the " + balanceType.Replace('_', ' ') + " balance",
        };
        Store(TopupTable, topup);
        Store(BalanceTransactionTable, new BalanceTransactionRecord
        {
            Id = topup.BalanceTransactionId, Created = at, Amount = amount, Currency = currency, Type = "topup",
            ReportingCategory = "topup", SourceId = topup.Id, AvailableOn = at, Description = topup.Description, BalanceType = balanceType,
        });
        return topup;
    }

    internal BalanceTransactionRecord ReverseTopup(IdGenerator ids, TopupRecord topup, long at)
    {
        var original = BalanceTransactionTable.Find(topup.BalanceTransactionId)!;
        var reversal = new BalanceTransactionRecord
        {
            Id = ids.Next("txn_"), Created = at, Amount = -topup.Amount, Currency = topup.Currency, Type = "topup_reversal",
            ReportingCategory = "topup_reversal", SourceId = topup.Id, AvailableOn = at, Description = "Top-up reversal",
            BalanceType = original.BalanceType,
        };
        Store(BalanceTransactionTable, reversal);
        topup.Status = "reversed";
        return reversal;
    }

    /// <summary>A platform pays a connected account.</summary>
    internal TransferRecord CreateTransfer(IdGenerator ids, string currency, long amount, string destinationAccountId, long at)
    {
        var transfer = new TransferRecord
        {
            Id = ids.Next("tr_"), Created = at, Amount = amount, Currency = currency, DestinationAccountId = destinationAccountId,
            BalanceTransactionId = ids.Next("txn_"), Description = "Payout share for " + destinationAccountId,
        };
        Store(TransferTable, transfer);
        Store(BalanceTransactionTable, new BalanceTransactionRecord
        {
            Id = transfer.BalanceTransactionId, Created = at, Amount = -amount, Currency = currency, Type = "transfer",
            ReportingCategory = "transfer", SourceId = transfer.Id, AvailableOn = at, Description = transfer.Description,
        });
        return transfer;
    }

    internal TransferReversalRecord ReverseTransfer(IdGenerator ids, TransferRecord transfer, long amount, long at)
    {
        if (amount <= 0 || amount > transfer.Amount - transfer.AmountReversed)
            throw new ArgumentOutOfRangeException(nameof(amount), "A reversal takes back at most what is left of the transfer.");
        var reversal = new TransferReversalRecord
        {
            Id = ids.Next("trr_"), Created = at, Amount = amount, Currency = transfer.Currency, TransferId = transfer.Id,
            BalanceTransactionId = ids.Next("txn_"),
        };
        transfer.Reversals.Add(reversal);
        Store(TransferReversalTable, reversal);
        Store(BalanceTransactionTable, new BalanceTransactionRecord
        {
            Id = reversal.BalanceTransactionId, Created = at, Amount = amount, Currency = transfer.Currency, Type = "transfer_refund",
            ReportingCategory = "transfer_reversal", SourceId = reversal.Id, AvailableOn = at, Description = "Transfer reversal",
        });
        return reversal;
    }

    /// <summary>The platform earns an application fee on a connected account's charge.</summary>
    internal ApplicationFeeRecord CreateApplicationFee(IdGenerator ids, string currency, long amount, string connectedAccountId, long at)
    {
        var fee = new ApplicationFeeRecord
        {
            Id = ids.Next("fee_"), Created = at, Amount = amount, Currency = currency, ConnectedAccountId = connectedAccountId,
            ApplicationId = PlatformApplicationId, ConnectedChargeId = ids.Next("py_"), BalanceTransactionId = ids.Next("txn_"),
        };
        Store(ApplicationFeeTable, fee);
        Store(BalanceTransactionTable, new BalanceTransactionRecord
        {
            Id = fee.BalanceTransactionId, Created = at, Amount = amount, Currency = currency, Type = "application_fee",
            ReportingCategory = "platform_earning", SourceId = fee.Id, AvailableOn = AvailabilityFor(at),
            Description = "Application fee from " + connectedAccountId,
        });
        return fee;
    }

    internal ApplicationFeeRefundRecord RefundApplicationFee(IdGenerator ids, ApplicationFeeRecord fee, long amount, long at)
    {
        if (amount <= 0 || amount > fee.Amount - fee.AmountRefunded)
            throw new ArgumentOutOfRangeException(nameof(amount), "A fee refund gives back at most what is left of the fee.");
        var refund = new ApplicationFeeRefundRecord
        {
            Id = ids.Next("fr_"), Created = at, Amount = amount, Currency = fee.Currency, FeeId = fee.Id, BalanceTransactionId = ids.Next("txn_"),
        };
        fee.Refunds.Add(refund);
        Store(ApplicationFeeRefundTable, refund);
        Store(BalanceTransactionTable, new BalanceTransactionRecord
        {
            Id = refund.BalanceTransactionId, Created = at, Amount = -amount, Currency = fee.Currency, Type = "application_fee_refund",
            ReportingCategory = "platform_earning_refund", SourceId = refund.Id, AvailableOn = at, Description = "Application fee refund",
        });
        return refund;
    }

    /// <summary>A purchase on an issued card is authorised: the amount is held on the Issuing balance.</summary>
    internal IssuingAuthorizationRecord AuthorizeCard(IdGenerator ids, string currency, long amount, string merchant, long at)
    {
        var authorization = new IssuingAuthorizationRecord
        {
            Id = ids.Next("iauth_"), Created = at, Amount = amount, Currency = currency, CardId = IssuedCardId,
            CardholderId = CardholderId, MerchantName = merchant,
        };
        Store(IssuingAuthorizationTable, authorization);
        IssuingMovement(ids, authorization.TransactionIds, -amount, currency, at, "issuing_authorization_hold", authorization.Id, "Authorization hold: " + merchant);
        return authorization;
    }

    /// <summary>The merchant captures: the hold is released and the captured amount spent (captures may differ from the hold, tips for instance).</summary>
    internal IssuingTransactionRecord CaptureCard(IdGenerator ids, IssuingAuthorizationRecord authorization, long captured, long at)
    {
        IssuingMovement(ids, authorization.TransactionIds, authorization.Amount, authorization.Currency, at, "issuing_authorization_release", authorization.Id,
            "Authorization release: " + authorization.MerchantName);
        var transaction = new IssuingTransactionRecord
        {
            Id = ids.Next("ipi_"), Created = at, Amount = -captured, Currency = authorization.Currency, AuthorizationId = authorization.Id,
            CardId = authorization.CardId, CardholderId = authorization.CardholderId, BalanceTransactionId = ids.Next("txn_"),
            MerchantName = authorization.MerchantName,
        };
        Store(IssuingTransactionTable, transaction);
        Store(BalanceTransactionTable, new BalanceTransactionRecord
        {
            Id = transaction.BalanceTransactionId, Created = at, Amount = -captured, Currency = authorization.Currency, Type = "issuing_transaction",
            ReportingCategory = "issuing_transaction", SourceId = transaction.Id, AvailableOn = at,
            Description = "Card purchase: " + authorization.MerchantName, BalanceType = BalanceTypes.Issuing,
        });
        authorization.Status = "closed";
        return transaction;
    }

    /// <summary>An authorisation that was never captured expires: its hold is released.</summary>
    internal void ReleaseAuthorization(IdGenerator ids, IssuingAuthorizationRecord authorization, long at)
    {
        IssuingMovement(ids, authorization.TransactionIds, authorization.Amount, authorization.Currency, at, "issuing_authorization_release", authorization.Id,
            "Authorization release: " + authorization.MerchantName);
        authorization.Status = "reversed";
    }

    /// <summary>The account disputed a card purchase and won: the amount comes back to the Issuing balance.</summary>
    internal IssuingDisputeRecord DisputeCardTransaction(IdGenerator ids, IssuingTransactionRecord transaction, long at)
    {
        var dispute = new IssuingDisputeRecord
        {
            Id = ids.Next("idp_"), Created = at, Amount = -transaction.Amount, Currency = transaction.Currency, TransactionId = transaction.Id,
        };
        IssuingMovement(ids, dispute.TransactionIds, -transaction.Amount, transaction.Currency, at, "issuing_dispute", dispute.Id,
            "Issuing dispute won: " + transaction.MerchantName);
        transaction.DisputeId = dispute.Id;
        Store(IssuingDisputeTable, dispute);
        return dispute;
    }

    void IssuingMovement(IdGenerator ids, List<string> into, long amount, string currency, long at, string category, string sourceId, string description)
    {
        var txn = new BalanceTransactionRecord
        {
            Id = ids.Next("txn_"), Created = at, Amount = amount, Currency = currency, Type = category, ReportingCategory = category,
            SourceId = sourceId, AvailableOn = at, Description = description, BalanceType = BalanceTypes.Issuing,
        };
        into.Add(txn.Id);
        Store(BalanceTransactionTable, txn);
    }

    /// <summary>The Connect application that takes application fees from this account's charges, and that earns them as a platform.</summary>
    public const string PlatformApplicationId = "ca_BlnkSliceEmulatorPlatform";
    const string IssuedCardId = "ic_BlnkSliceEmulatorCard";
    const string CardholderId = "ich_BlnkSliceEmulatorHolder";
}
