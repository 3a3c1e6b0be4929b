using BlnkSliceApp.Shared.Sync;

namespace BlnkSliceApp.Tests.Shared.Sync;

public sealed class MoneyTextTests
{
    [Theory]
    [InlineData(123456, 100, "usd", "1,234.56 USD")]
    [InlineData(5, 100, "USD", "0.05 USD")]
    [InlineData(0, 100, "USD", "0.00 USD")]
    [InlineData(-123456, 100, "USD", "-1,234.56 USD")]
    [InlineData(-5, 100, "EUR", "-0.05 EUR")]
    [InlineData(1234567, 1, "JPY", "1,234,567 JPY")]
    [InlineData(-500, 1, "jpy", "-500 JPY")]
    [InlineData(1234567, 1000, "KWD", "1,234.567 KWD")]
    [InlineData(-1, 1000, "KWD", "-0.001 KWD")]
    [InlineData(long.MaxValue, 100, "USD", "92,233,720,368,547,758.07 USD")]
    [InlineData(long.MinValue, 100, "USD", "-92,233,720,368,547,758.08 USD")]
    public void Minor_units_read_as_exact_money_with_the_currencys_decimals(long amount, long precision, string currency, string expected) =>
        Assert.Equal(expected, MoneyText.Format(amount, precision, currency));

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(250)]
    public void A_precision_that_is_not_a_power_of_ten_shows_minor_units_instead_of_guessing(long precision) =>
        Assert.Equal("12,345 USD (minor units)", MoneyText.Format(12345, precision, "USD"));

    [Theory]
    [InlineData(123456, 100, "1234.56")]
    [InlineData(-5, 1000, "-0.005")]
    [InlineData(1234567, 1, "1234567")]
    [InlineData(0, 100, "0.00")]
    [InlineData(long.MinValue, 100, "-92233720368547758.08")]
    public void Minor_units_become_a_plain_decimal_for_files(long amount, long precision, string expected) =>
        Assert.Equal(expected, MoneyText.Decimal(amount, precision));

    [Fact]
    public void A_decimal_for_a_precision_that_is_not_a_power_of_ten_is_not_guessed() =>
        Assert.Null(MoneyText.Decimal(12345, 250));
}
