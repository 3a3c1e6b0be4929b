using BlnkSliceApp.DevCloud.Hosting;
using BlnkSliceApp.Shared.Configuration;

namespace BlnkSliceApp.DevCloud;

// An explicit entry type: a top-level Program here would clash with the app's Program in tests.
public static class DevCloudProgram
{
    public static async Task<int> Main(string[] args)
    {
        if (args.FirstOrDefault() == "bench")
            return await Bench.SyncBenchmark.RunAsync(args[1..]);
        if (args.FirstOrDefault() == "proof")
            return await Proof.ProofCommand.RunAsync(args[1..]);

        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("devcloud.json", optional: true)
            .AddEnvironmentVariables("DEVCLOUD__")
            .AddCommandLine(args)
            .Build();
        var options = new DevCloudOptions();
        configuration.GetSection("DevCloud").Bind(options);

        try
        {
            await using var devCloud = await DevCloudHost.StartAsync(options);
            Console.WriteLine();
            Console.WriteLine($"DevCloud (emulated Blnk Cloud) : {devCloud.DevCloudUrl}   <- open this, then Install and Launch");
            Console.WriteLine($"The app                        : {devCloud.AppUrl}");
            Console.WriteLine($"Cloud API for the app          : {devCloud.CloudApiUrl}");
            if (devCloud.Stripe is { } stripe)
                Console.WriteLine($"Emulated Stripe account        : {stripe.BaseUrl} ({stripe.AccountId}; the app's STRIPE_SECRET_KEY)");
            Console.WriteLine($"App data folder                : {devCloud.DataDirectory}");
            Console.WriteLine("Press Ctrl+C to stop both.");
            await devCloud.WaitForShutdownAsync();
            return 0;
        }
        catch (ConfigurationError error)
        {
            Console.Error.WriteLine(error.Message);
            return 2;
        }
    }
}
