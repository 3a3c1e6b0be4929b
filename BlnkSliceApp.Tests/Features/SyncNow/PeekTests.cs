namespace BlnkSliceApp.Tests.Features.SyncNow;
public sealed class PeekTests(AppFactory app) : AppTests(app)
{
    [Fact]
    public async Task Peek()
    {
        var install = await Client.CreateInstallAsync("data:read", "data:write");
        var url = await Client.LaunchAsync(install);
        var page = await Client.GetStringAsync(url.PathAndQuery);
        File.WriteAllText("/tmp/peek.html", page);
    }
}
