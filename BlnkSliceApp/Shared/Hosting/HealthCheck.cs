namespace BlnkSliceApp.Shared.Hosting;

/// <summary>`dotnet BlnkSliceApp.dll --health-check URL`: exit 0 when the URL answers 2xx within 4 s.</summary>
public static class HealthCheck
{
    public static async Task<int> RunAsync(string url)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(4) };
        try
        {
            using var response = await client.GetAsync(url);
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return 1;
        }
    }
}
