using BlnkSliceApp.DevCloud.Stripe.Objects;
using static BlnkSliceApp.DevCloud.Stripe.StripeAccountState;

namespace BlnkSliceApp.DevCloud.Stripe.Seeding;

/// <summary>
/// The seeded test account: one fixed script over one seeded generator, so a seed always gives
/// the same ids and amounts. Timestamps are offsets from the account's anchor (about now), so
/// a 90-day backfill always leaves some older history out.
/// </summary>
static class AccountSeeder
{
    public const int CustomerCount = 300;
    public const int PaymentCount = 600;

    static readonly (string Currency, int Weight)[] Mix =
        [("usd", 40), ("eur", 20), ("jpy", 10), ("kwd", 10), ("isk", 10), ("huf", 10)];

    public static IReadOnlyList<SeededIdentity> Seed(StripeAccountState s, int seed)
    {
        var random = new Random(seed);
        var ids = new IdGenerator(random);
        var latest = s.Anchor - 600;
        var start = s.Anchor - 120 * Day;

        s.BeginBulk();
        var customers = CreateCustomers(s, random, ids);
        var charges = CreatePayments(s, random, ids, customers, start, latest);
        CreateRefunds(s, random, ids, charges, latest);
        CreateDisputes(s, random, ids, charges);
        CoverageSeeder.Seed(s, random, ids, customers, charges, latest);
        s.CreateAdjustment(ids, "usd", 2_500, s.Anchor - 61 * Day, "Reimbursement for lost funds");
        s.CreateAdjustment(ids, "usd", -1_200, s.Anchor - 31 * Day, "Billing - Radar (monthly)", "stripe_fee", "fee");
        CreatePayouts(s, ids, start);
        FailOnePayout(s, ids);
        LeaveLatestPayoutsOnTheirWay(s, ids);
        s.EndBulk();
        s.SeedOpenDisputes();

        foreach (var (customer, index) in customers.Select((c, i) => (c, i)))
            customer.Deleted = index % 20 == 7;
        return Identities(customers);
    }

    static List<CustomerRecord> CreateCustomers(StripeAccountState s, Random random, IdGenerator ids)
    {
        var customers = new List<CustomerRecord>(CustomerCount);
        for (var i = 0; i < CustomerCount; i++)
        {
            var first = Names.First[random.Next(Names.First.Length)];
            var last = Names.Last[random.Next(Names.Last.Length)];
            var email = i % 12 == 5 ? null : $"{first}.{last}{i}@example.com".ToLowerInvariant();
            if (i == 1) email = customers[0].Email; // Stripe allows two customers with one email.
            var phone = i % 3 == 0 ? "+1555" + random.Next(1_000_000, 9_999_999) : null;
            var name = i % 25 == 3 ? null : $"{first} {last}";
            var metadata = i % 10 == 0 ? new Dictionary<string, string> { ["crm_id"] = $"CRM-{i:0000}" } : null;
            var created = s.Anchor - 130 * Day + random.NextInt64(0, 127 * Day);
            customers.Add(s.CreateCustomer(ids, created, email, name, phone, metadata));
        }
        return customers;
    }

    static List<ChargeRecord> CreatePayments(
        StripeAccountState s, Random random, IdGenerator ids, List<CustomerRecord> customers, long start, long latest)
    {
        var charges = new List<ChargeRecord>(PaymentCount + 4);
        for (var k = 0; k < PaymentCount; k++)
        {
            var currency = PickCurrency(random);
            var customer = random.Next(100) < 8 ? null : customers[random.Next(customers.Count)];
            var from = Math.Max(start, customer?.Created ?? start);
            var created = from + random.NextInt64(0, latest - from);
            var method = currency == "eur" && random.Next(3) == 0 ? "sepa_debit" : "card";
            var amount = CurrencyRules.RandomAmount(random, currency);
            charges.Add(s.CreatePayment(ids, created, currency, amount, customer, method, extraFees: ExtraFees(k, currency, amount)));
        }
        // Customers paying in pounds, settled in dollars: the charge and its balance transaction differ.
        for (var k = 0; k < 4; k++)
        {
            var pounds = CurrencyRules.RandomAmount(random, "gbp");
            var rate = 1.2650m + random.Next(0, 400) / 10_000m;
            var dollars = (long)Math.Round(pounds * rate, MidpointRounding.AwayFromZero);
            var customer = customers[random.Next(customers.Count)];
            var from = Math.Max(start, customer.Created);
            var created = from + random.NextInt64(0, latest - from);
            charges.Add(s.CreatePayment(ids, created, "usd", dollars, customer, "card", new Presentment("gbp", pounds, rate)));
        }
        return charges;
    }

    /// <summary>
    /// fee_details with more than Stripe's fee: VAT on Stripe's fee for euro card payments, and
    /// on some dollar payments an application fee the platform this account is connected to takes.
    /// </summary>
    static IReadOnlyList<FeeDetail> ExtraFees(int k, string currency, long amount) => currency switch
    {
        "eur" => [new FeeDetail(CurrencyRules.RoundToStep(CurrencyRules.ProcessingFee(currency, amount) * 20 / 100, currency), "tax", "VAT on Stripe fees")],
        "usd" when k % 9 == 4 => [new FeeDetail(Math.Max(1, amount / 100), "application_fee", "Application fee", StripeAccountState.PlatformApplicationId)],
        _ => [],
    };

    static void CreateRefunds(StripeAccountState s, Random random, IdGenerator ids, List<ChargeRecord> charges, long latest)
    {
        var twiceRefunded = false;
        foreach (var charge in charges)
        {
            var roll = random.Next(100);
            if (roll >= 14) continue;
            var created = charge.Created + random.NextInt64(3_600, 10 * Day);
            if (created >= latest) continue;
            if (roll < 8)
            {
                s.CreateRefund(ids, charge, charge.Amount, created);
                continue;
            }
            var step = CurrencyRules.Granularity(charge.Currency);
            if (charge.Amount < 2 * step) continue;
            var part = Math.Clamp(CurrencyRules.RoundToStep(charge.Amount * random.Next(10, 90) / 100, charge.Currency), step, charge.Amount - step);
            if (part <= 0) continue;
            s.CreateRefund(ids, charge, part, created);
            if (!twiceRefunded && created + Day < latest)
            {
                // Two partial refunds that together refund the whole charge.
                s.CreateRefund(ids, charge, charge.Refundable, created + Day, "duplicate");
                twiceRefunded = true;
            }
        }
    }

    static void CreateDisputes(StripeAccountState s, Random random, IdGenerator ids, List<ChargeRecord> charges)
    {
        var old = charges.Where(c => c.Created < s.Anchor - 50 * Day && c.AmountRefunded == 0 && c.PaymentMethodType == "card"
                                     && c.Currency == c.SettlementCurrency).ToList();
        var lost = old.First(c => c.Currency == "usd");
        var won = old.First(c => c.Currency == "eur");
        s.CreateDispute(ids, lost, lost.Created + 5 * Day, won: false, resolvedAt: lost.Created + 30 * Day);
        s.CreateDispute(ids, won, won.Created + 4 * Day, won: true, resolvedAt: won.Created + 25 * Day);
    }

    static void CreatePayouts(StripeAccountState s, IdGenerator ids, long start)
    {
        var currencies = s.BalanceTransactionTable.Ordered.Select(t => t.Currency).Distinct().Order().ToList();
        for (var i = 0; i < currencies.Count; i++)
        {
            var currency = currencies[i];
            var flows = s.BalanceTransactionTable.Ordered.Where(t => t.Currency == currency && t.BalanceType == BalanceTypes.Payments).ToList();
            var times = PayoutPlanner.Weekly(start, s.Anchor - Day, i);
            PayoutPlanner.Plan(flows, times, currency, (at, cap) => s.CreateAutomaticPayout(ids, currency, cap, at)?.Amount ?? 0);
        }
    }

    /// <summary>
    /// The latest payouts are still on their way, as on a live account: one in transit, one
    /// pending whose transactions Stripe is still working out, and one canceled while pending.
    /// </summary>
    static void LeaveLatestPayoutsOnTheirWay(StripeAccountState s, IdGenerator ids)
    {
        PayoutRecord? Latest(string currency) => s.PayoutTable.Ordered.Where(p => p.Currency == currency && p.Status == "paid").MaxBy(p => p.Created);
        if (Latest("usd") is { } inTransit)
        {
            inTransit.Status = "in_transit";
            inTransit.ArrivalDate = (s.Anchor / Day + 1) * Day;
        }
        if (Latest("eur") is { } pending)
        {
            pending.Status = "pending";
            pending.ReconciliationStatus = "in_progress";
            pending.ArrivalDate = (s.Anchor / Day + 2) * Day;
        }
        if (Latest("jpy") is { } canceled)
        {
            canceled.Status = "pending";
            s.CancelPayoutAt(ids, canceled, canceled.Created + 3_600);
        }
    }

    static void FailOnePayout(StripeAccountState s, IdGenerator ids)
    {
        var target = s.Anchor - 40 * Day;
        var payout = s.PayoutTable.Ordered.Where(p => p.Currency == "usd").MinBy(p => Math.Abs(p.Created - target));
        if (payout is not null)
            s.FailPayoutAt(ids, payout, payout.Created + 3 * Day, "account_closed");
    }

    /// <summary>
    /// People the ledger knows before any sync: most match a Stripe customer by email (one
    /// in upper case), and a few match nobody.
    /// </summary>
    static IReadOnlyList<SeededIdentity> Identities(List<CustomerRecord> customers)
    {
        var identities = new List<SeededIdentity>();
        for (var i = 2; i < customers.Count && identities.Count < 24; i += 3)
        {
            var customer = customers[i];
            if (customer.Deleted || customer.Email is null || customer.Name is null) continue;
            var parts = customer.Name.Split(' ', 2);
            var email = identities.Count == 0 ? customer.Email.ToUpperInvariant() : customer.Email;
            identities.Add(new SeededIdentity(email, parts[0], parts[1]));
        }
        for (var i = 0; i < 5; i++)
            identities.Add(new SeededIdentity($"ledger-only{i}@example.org", Names.First[i], Names.Last[i]));
        return identities;
    }

    public static string PickCurrency(Random random)
    {
        var roll = random.Next(100);
        foreach (var (currency, weight) in Mix)
        {
            if (roll < weight) return currency;
            roll -= weight;
        }
        return "usd";
    }
}
