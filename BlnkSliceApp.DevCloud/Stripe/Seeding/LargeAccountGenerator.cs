using BlnkSliceApp.DevCloud.Stripe.Objects;
using static BlnkSliceApp.DevCloud.Stripe.StripeAccountState;

namespace BlnkSliceApp.DevCloud.Stripe.Seeding;

/// <summary>
/// Bulk history for benchmarks: exactly the requested number of balance transactions
/// (payments, refunds, fees, weekly payouts) over new customers, spread over the seeded window.
/// Objects are appended unsorted and sorted once, so 100,000 take a second or two.
/// </summary>
static class LargeAccountGenerator
{
    public static LargeAccountResult Generate(StripeAccountState s, IdGenerator ids, Random random, int balanceTransactions, int customerCount)
    {
        var latest = Math.Min(s.Anchor, s.Now) - 60;
        var start = latest - 120 * Day;
        var batch = s.BalanceTransactionTable.Count;
        var charges = new List<ChargeRecord>(balanceTransactions);
        var generation = s.CustomerTable.Count;

        s.BeginBulk();
        try
        {
            var customers = new List<CustomerRecord>(customerCount);
            for (var i = 0; i < customerCount; i++)
            {
                var first = Names.First[random.Next(Names.First.Length)];
                var last = Names.Last[random.Next(Names.Last.Length)];
                var email = i % 10 == 9 ? null : $"{first}.{last}.{generation + i}@bulk.example.com".ToLowerInvariant();
                customers.Add(s.CreateCustomer(ids, start - random.NextInt64(0, 30 * Day), email, $"{first} {last}", null));
            }

            // Leave room for roughly one weekly payout per currency; the last few slots are topped up below.
            var payoutSlots = balanceTransactions >= 2_000 ? 17 * CurrencyRules.Seeded.Count : 0;
            while (s.BalanceTransactionTable.Count - batch < balanceTransactions - payoutSlots)
                AddOne(s, ids, random, customers, charges, start, latest);

            var flows = s.BalanceTransactionTable.Ordered.Skip(batch).ToList();
            var currencies = CurrencyRules.Seeded;
            for (var i = 0; i < currencies.Count && payoutSlots > 0; i++)
            {
                var currency = currencies[i];
                var times = PayoutPlanner.Weekly(start, latest - Day, i).Take(payoutSlots / currencies.Count).ToList();
                PayoutPlanner.Plan(flows.Where(t => t.Currency == currency), times, currency,
                    (at, cap) => s.CreateAutomaticPayout(ids, currency, cap, at)?.Amount ?? 0);
            }
            // Payments only add money, so topping up after the payouts cannot overdraw anything.
            while (s.BalanceTransactionTable.Count - batch < balanceTransactions)
                Pay(s, ids, random, customers, charges, latest - random.NextInt64(0, Day), "usd");
        }
        finally
        {
            s.EndBulk();
        }
        return new LargeAccountResult(s.BalanceTransactionTable.Count - batch, customerCount);
    }

    static void AddOne(StripeAccountState s, IdGenerator ids, Random random, List<CustomerRecord> customers,
        List<ChargeRecord> charges, long start, long latest)
    {
        var roll = random.Next(100);
        if (roll < 8 && charges.Count > 0)
        {
            var charge = charges[random.Next(charges.Count)];
            var at = charge.Created + random.NextInt64(3_600, 5 * Day);
            if (charge.Refundable > 0 && at < latest)
            {
                var amount = roll < 4 ? charge.Refundable : CurrencyRules.RoundToStep(charge.Refundable / 2, charge.Currency);
                if (amount > 0)
                {
                    s.CreateRefund(ids, charge, amount, at);
                    return;
                }
            }
        }
        if (roll == 99)
        {
            s.CreateAdjustment(ids, "usd", -random.NextInt64(100, 2_000), start + random.NextInt64(0, latest - start),
                "Billing - Usage fee", "stripe_fee", "fee");
            return;
        }
        Pay(s, ids, random, customers, charges, start + random.NextInt64(0, latest - start), AccountSeeder.PickCurrency(random));
    }

    static void Pay(StripeAccountState s, IdGenerator ids, Random random, List<CustomerRecord> customers,
        List<ChargeRecord> charges, long at, string currency)
    {
        var customer = customers.Count == 0 || random.Next(100) < 5 ? null : customers[random.Next(customers.Count)];
        charges.Add(s.CreatePayment(ids, at, currency, CurrencyRules.RandomAmount(random, currency), customer));
    }
}
