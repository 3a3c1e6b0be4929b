using System.Diagnostics;

namespace BlnkSliceApp.DevCloud.Bench;

/// <summary>What a Prometheus scrape of the app (METRICS_PORT) costs with every install reported.</summary>
static class MetricsScrape
{
    public static async Task PrintAsync(int port, int scrapes = 20)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        // The first scrape loads the gauges' memory (one state and one run per install): timed apart.
        var clock = Stopwatch.StartNew();
        var first = await http.GetStringAsync("/metrics");
        var firstMs = clock.Elapsed.TotalMilliseconds;
        var times = new List<double>();
        var body = first;
        for (var i = 0; i < scrapes; i++)
        {
            clock.Restart();
            body = await http.GetStringAsync("/metrics");
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        var series = body.Split('\n').Count(line => line.Length > 0 && line[0] != '#');
        Console.WriteLine($"  metrics scrape: first {firstMs:F0} ms, then median {times[times.Count / 2]:F1} ms, slowest {times[^1]:F1} ms over {scrapes}; "
            + $"{body.Length / 1024.0:F0} KiB, {series:N0} series");
    }
}
