using BlnkSliceApp.DevCloud.Stripe;
using Stripe;

namespace BlnkSliceApp.Tests.DevCloud.Stripe;

/// <summary>A fresh seeded emulator per test (xunit makes one instance per test), so no test sees another's changes.</summary>
public abstract class EmulatorTest : IAsyncLifetime
{
    protected StripeEmulator Emulator { get; private set; } = null!;

    protected virtual StripeEmulatorOptions Options => new();

    /// <summary>Stripe's per-account rate limit is off unless a test is about it (parallel readers would meet it).</summary>
    public async Task InitializeAsync() => Emulator = await StripeEmulator.StartAsync(Options with { RequestsPerSecond = RequestsPerSecond });

    protected virtual int RequestsPerSecond => 0;

    public async Task DisposeAsync() => await Emulator.DisposeAsync();

    /// <summary>Stripe.net pointed at the emulator; no retries unless asked, so faults show through.</summary>
    protected StripeClient Client(string? key = null, int retries = 0, TimeSpan? timeout = null)
    {
        var http = new HttpClient { Timeout = timeout ?? TimeSpan.FromSeconds(30) };
        return new StripeClient(new StripeClientOptions
        {
            ApiKey = key ?? Emulator.SecretKey,
            ApiBase = Emulator.BaseUrl.ToString().TrimEnd('/'),
            HttpClient = new SystemNetHttpClient(http, retries),
        });
    }

    protected HttpClient RawClient(string? key = null)
    {
        var http = new HttpClient { BaseAddress = Emulator.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null || Emulator is not null)
            http.DefaultRequestHeaders.Authorization = new("Bearer", key ?? Emulator!.SecretKey);
        return http;
    }

    protected static DateTime At(long unixSeconds) => DateTimeOffset.FromUnixTimeSeconds(unixSeconds).UtcDateTime;

    protected static long Unix(DateTime time) => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)).ToUnixTimeSeconds();

    protected async Task<List<BalanceTransaction>> AllBalanceTransactionsAsync(BalanceTransactionListOptions? options = null)
    {
        var all = new List<BalanceTransaction>();
        await foreach (var txn in Client().V1.BalanceTransactions.ListAutoPagingAsync(options ?? new() { Limit = 100 }))
            all.Add(txn);
        return all;
    }
}
