using BlnkSliceApp.DevCloud.Stripe.Objects;
using static BlnkSliceApp.DevCloud.Stripe.StripeAccountState;

namespace BlnkSliceApp.DevCloud.Stripe.Seeding;

/// <summary>
/// The part of the seeded account that shows every reporting category the sync has a rule
/// for, beyond pay-ins, refunds, disputes and payouts: partial captures, failed refunds and
/// bank debits, unreconciled funds, top-ups (also into the Issuing and prefunding balances), a
/// refund paid from the prefunding balance, Connect transfers and their reversal, application
/// fees earned and refunded, Issuing holds, captures, releases and a won Issuing dispute, tax,
/// and reserves. Amounts are small beside the pay-ins, so no balance ever goes below zero.
/// </summary>
static class CoverageSeeder
{
    const long Hour = 3_600;

    public static void Seed(StripeAccountState s, Random random, IdGenerator ids, List<CustomerRecord> customers, List<ChargeRecord> charges, long latest)
    {
        var untouched = charges
            .Where(c => c.AmountRefunded == 0 && !c.Disputed && c.PaymentMethodType == "card" && c.Currency == c.SettlementCurrency
                        && c.CustomerId is not null && c.Created < latest - 10 * Day)
            .ToList();
        PartialCaptures(s, ids, untouched);
        FailedRefunds(s, ids, untouched);
        BankDebits(s, random, ids, customers, latest);
        Topups(s, ids);
        Connect(s, ids);
        Issuing(s, ids);
        TaxAndReserves(s, ids);
        CapitalClimateAndTheRest(s, ids);
    }

    /// <summary>Three authorisations captured at 60%: the released 40% comes back from the customer.</summary>
    static void PartialCaptures(StripeAccountState s, IdGenerator ids, List<ChargeRecord> untouched)
    {
        foreach (var charge in untouched.Where(c => c.Currency is "usd" or "eur").Take(3).ToList())
        {
            var captured = CurrencyRules.RoundToStep(charge.Amount * 60 / 100, charge.Currency);
            s.CapturePartially(ids, charge, captured, charge.Created + Hour);
            untouched.Remove(charge);
        }
    }

    /// <summary>Two refunds the card could not take: the money returns to the balance three days later.</summary>
    static void FailedRefunds(StripeAccountState s, IdGenerator ids, List<ChargeRecord> untouched)
    {
        foreach (var charge in untouched.Where(c => c.Currency == "usd").Take(2).ToList())
        {
            var refund = s.CreateRefund(ids, charge, CurrencyRules.RoundToStep(charge.Amount / 2, charge.Currency), charge.Created + Day);
            s.FailRefund(ids, refund, refund.Created + 3 * Day);
            untouched.Remove(charge);
        }
        // One refund paid from the refund-and-dispute prefunding balance (topped up below, before it).
        var prefunded = untouched.First(c => c.Currency == "usd" && c.Created > s.Anchor - 40 * Day);
        s.CreateRefund(ids, prefunded, CurrencyRules.RoundToStep(prefunded.Amount / 4, "usd"), Math.Max(prefunded.Created + Day, s.Anchor - 39 * Day),
            balanceType: BalanceTypes.RefundAndDisputePrefunding);
        untouched.Remove(prefunded);
    }

    /// <summary>SEPA debits: two that the bank returns after succeeding, one that brings more than it asked.</summary>
    static void BankDebits(StripeAccountState s, Random random, IdGenerator ids, List<CustomerRecord> customers, long latest)
    {
        for (var i = 0; i < 3; i++)
        {
            var customer = customers[random.Next(customers.Count)];
            var at = Math.Max(customer.Created, s.Anchor - 60 * Day) + random.NextInt64(0, 20 * Day);
            var payment = s.CreatePayment(ids, at, "eur", CurrencyRules.RandomAmount(random, "eur"), customer, "sepa_debit");
            if (i < 2)
                s.FailBankDebit(ids, payment, Math.Min(at + 4 * Day, latest));
            else
                s.AddUnreconciledFunds(ids, payment, 500, at + Day);
        }
    }

    /// <summary>
    /// Top-ups: into the payments balance (one reversed by the bank), into the Issuing balance
    /// (before the default 90-day window, so a first sync posts an Issuing opening balance) and
    /// into the prefunding balance.
    /// </summary>
    static void Topups(StripeAccountState s, IdGenerator ids)
    {
        s.CreateTopup(ids, "usd", 100_000, s.Anchor - 45 * Day);
        var bounced = s.CreateTopup(ids, "usd", 20_000, s.Anchor - 40 * Day);
        s.ReverseTopup(ids, bounced, s.Anchor - 38 * Day);
        s.CreateTopup(ids, "usd", 80_000, s.Anchor - 100 * Day, BalanceTypes.Issuing);
        s.CreateTopup(ids, "usd", 30_000, s.Anchor - 44 * Day, BalanceTypes.RefundAndDisputePrefunding);
    }

    /// <summary>As a platform: transfers to connected accounts (one partly reversed), application fees earned (one partly refunded).</summary>
    static void Connect(StripeAccountState s, IdGenerator ids)
    {
        s.CreateTransfer(ids, "usd", 15_000, "acct_1BlnkSliceSellerA", s.Anchor - 35 * Day);
        var second = s.CreateTransfer(ids, "usd", 7_500, "acct_1BlnkSliceSellerB", s.Anchor - 28 * Day);
        s.CreateTransfer(ids, "eur", 6_000, "acct_1BlnkSliceSellerA", s.Anchor - 21 * Day);
        s.ReverseTransfer(ids, second, 2_500, s.Anchor - 26 * Day);

        var fee = s.CreateApplicationFee(ids, "usd", 450, "acct_1BlnkSliceSellerA", s.Anchor - 30 * Day);
        s.CreateApplicationFee(ids, "usd", 320, "acct_1BlnkSliceSellerB", s.Anchor - 20 * Day);
        s.CreateApplicationFee(ids, "eur", 280, "acct_1BlnkSliceSellerA", s.Anchor - 12 * Day);
        s.RefundApplicationFee(ids, fee, 100, s.Anchor - 25 * Day);
    }

    /// <summary>Card spending on the Issuing balance: three captures (one with a tip), one expired hold, one won dispute.</summary>
    static void Issuing(StripeAccountState s, IdGenerator ids)
    {
        var software = s.AuthorizeCard(ids, "usd", 4_500, "Rocket Rides Software", s.Anchor - 30 * Day);
        s.CaptureCard(ids, software, 4_500, s.Anchor - 29 * Day);
        var hotel = s.AuthorizeCard(ids, "usd", 12_000, "Harbour Hotel", s.Anchor - 22 * Day);
        var stay = s.CaptureCard(ids, hotel, 12_000, s.Anchor - 20 * Day);
        var lunch = s.AuthorizeCard(ids, "usd", 1_850, "Corner Bistro", s.Anchor - 15 * Day);
        s.CaptureCard(ids, lunch, 2_150, s.Anchor - 14 * Day);
        var fuel = s.AuthorizeCard(ids, "usd", 6_000, "Fuel Station 24", s.Anchor - 9 * Day);
        s.ReleaseAuthorization(ids, fuel, s.Anchor - 2 * Day);
        s.DisputeCardTransaction(ids, stay, s.Anchor - 10 * Day);
    }

    /// <summary>Tax withheld for Stripe Tax, a risk reserve held and released, a Connect reserve.</summary>
    static void TaxAndReserves(StripeAccountState s, IdGenerator ids)
    {
        s.CreateAdjustment(ids, "usd", -3_500, s.Anchor - 20 * Day, "Stripe Tax: tax collected, remitted", "tax_fund", "tax");
        s.CreateAdjustment(ids, "usd", -20_000, s.Anchor - 25 * Day, "Reserve held: risk review", "reserve_hold", "risk_reserved_funds");
        s.CreateAdjustment(ids, "usd", 20_000, s.Anchor - 10 * Day, "Reserve released", "reserve_release", "risk_reserved_funds");
        s.CreateAdjustment(ids, "usd", -5_000, s.Anchor - 15 * Day, "Connect reserve for negative connected balances", "reserve_transaction", "connect_reserved_funds");
    }

    /// <summary>
    /// The categories whose source objects the sync never reads (Capital financing, Climate,
    /// network costs, collections from connected accounts, customer funds Stripe could not match):
    /// balance transactions of Stripe's types, without a source object.
    /// </summary>
    static void CapitalClimateAndTheRest(StripeAccountState s, IdGenerator ids)
    {
        var at = s.Anchor - 50 * Day;
        (string Type, string Category, long Amount, string Description)[] movements =
        [
            ("advance", "advance", 50_000, "Capital: advance paid out to the balance"),
            ("advance_funding", "advance_funding", -50_000, "Capital: advance funding"),
            ("anticipation_repayment", "anticipation_repayment", -2_000, "Capital: anticipation repayment"),
            ("adjustment", "financing_payout", 30_000, "Capital: financing payout"),
            ("adjustment", "financing_payout_reversal", -30_000, "Capital: financing payout reversed"),
            ("adjustment", "financing_paydown", -1_500, "Capital: financing paydown from sales"),
            ("adjustment", "financing_paydown_reversal", 500, "Capital: paydown reversed"),
            ("climate_order_purchase", "climate_order_purchase", -1_000, "Climate: carbon removal order"),
            ("climate_order_refund", "climate_order_refund", 200, "Climate: order partly refunded"),
            ("contribution", "contribution", -300, "Climate: contribution"),
            ("stripe_fee", "network_cost", -420, "Card network costs (IC+)"),
            ("connect_collection_transfer", "connect_collection_transfer", 1_200, "Collected from a connected account's negative balance"),
            ("adjustment", "unreconciled_customer_funds", 700, "Customer funds received without a matching payment"),
        ];
        foreach (var (type, category, amount, description) in movements)
            s.CreateAdjustment(ids, "usd", amount, at += Day, description, type, category);
    }
}
