namespace BlnkSliceApp.DevCloud.Stripe.Seeding;

/// <summary>
/// How Stripe expresses amounts per currency, and what a plausible processing fee is.
/// All amounts are integers in Stripe's unit; nothing here touches floating point money.
/// </summary>
public static class CurrencyRules
{
    public static readonly IReadOnlyList<string> Seeded = ["usd", "eur", "jpy", "kwd", "isk", "huf"];

    /// <summary>
    /// The step every amount is a multiple of: three-decimal currencies end in 0 on Stripe,
    /// and ISK and HUF are sent times 100 but charged in whole units.
    /// </summary>
    public static long Granularity(string currency) => currency switch
    {
        "kwd" or "bhd" or "jod" or "omr" or "tnd" => 10,
        "isk" or "huf" or "ugx" or "twd" => 100,
        _ => 1,
    };

    /// <summary>Smallest and largest pay-in, in Stripe's unit (about 5 to 500 US dollars).</summary>
    public static (long Min, long Max) PayInRange(string currency) => currency switch
    {
        "jpy" => (500, 70_000),
        "kwd" => (1_500, 150_000),
        "isk" => (70_000, 7_000_000),
        "huf" => (180_000, 18_000_000),
        _ => (500, 50_000),
    };

    /// <summary>Percentage part in basis points and fixed part in Stripe's unit.</summary>
    static (long Bps, long Fixed) FeeSchedule(string currency) => currency switch
    {
        "usd" => (290, 30),
        "eur" => (150, 25),
        "jpy" => (360, 0),
        "kwd" => (290, 100),
        "isk" => (290, 4_000),
        "huf" => (290, 10_000),
        _ => (290, 30),
    };

    public static long ProcessingFee(string currency, long amount)
    {
        var (bps, fixedPart) = FeeSchedule(currency);
        return RoundToStep(amount * bps / 10_000 + fixedPart, currency);
    }

    /// <summary>Stripe's dispute fee, 15 US dollars or its local equivalent.</summary>
    public static long DisputeFee(string currency) => currency switch
    {
        "jpy" => 2_000,
        "kwd" => 5_000,
        "isk" => 200_000,
        "huf" => 550_000,
        _ => 1_500,
    };

    public static long RoundToStep(long amount, string currency)
    {
        var step = Granularity(currency);
        return amount / step * step;
    }

    public static long RandomAmount(Random random, string currency)
    {
        var (min, max) = PayInRange(currency);
        var amount = RoundToStep(random.NextInt64(min, max + 1), currency);
        return Math.Max(amount, Granularity(currency));
    }
}
