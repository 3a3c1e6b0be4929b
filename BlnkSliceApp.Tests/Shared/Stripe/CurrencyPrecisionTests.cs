using BlnkSliceApp.Shared.Stripe;

namespace BlnkSliceApp.Tests.Shared.Stripe;

public sealed class CurrencyPrecisionTests
{
    [Theory]
    [InlineData("JPY", 1)]
    [InlineData("jpy", 1)]
    [InlineData("KWD", 1000)]
    [InlineData("kwd", 1000)]
    [InlineData("USD", 100)]
    [InlineData("eur", 100)]
    [InlineData("ISK", 100)]
    [InlineData("HUF", 100)]
    [InlineData("TWD", 100)]
    [InlineData("UGX", 100)]
    public void A_currency_gets_the_precision_Stripe_s_integers_have(string currency, long precision) =>
        Assert.Equal(precision, CurrencyPrecision.For(currency));

    [Theory]
    [InlineData("BIF"), InlineData("CLP"), InlineData("DJF"), InlineData("GNF"), InlineData("JPY"), InlineData("KMF"), InlineData("KRW"), InlineData("MGA")]
    [InlineData("PYG"), InlineData("RWF"), InlineData("VND"), InlineData("VUV"), InlineData("XAF"), InlineData("XOF"), InlineData("XPF")]
    public void Every_zero_decimal_currency_has_precision_one(string currency) => Assert.Equal(1, CurrencyPrecision.For(currency));

    [Theory]
    [InlineData("BHD"), InlineData("JOD"), InlineData("KWD"), InlineData("OMR"), InlineData("TND")]
    public void Every_three_decimal_currency_has_precision_one_thousand(string currency) => Assert.Equal(1000, CurrencyPrecision.For(currency));

    [Fact]
    public void An_empty_currency_is_refused() => Assert.ThrowsAny<ArgumentException>(() => CurrencyPrecision.For(" "));
}
