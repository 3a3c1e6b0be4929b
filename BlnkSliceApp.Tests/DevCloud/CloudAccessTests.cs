using System.Text.Json.Nodes;
using BlnkSliceApp.DevCloud.Cloud.Installs;
using BlnkSliceApp.DevCloud.Hosting;

namespace BlnkSliceApp.Tests.DevCloud;

public sealed class CloudAccessTests(DevCloudFixture devCloud) : IClassFixture<DevCloudFixture>
{
    [Fact]
    public async Task A_call_without_a_key_or_with_an_unknown_key_is_401()
    {
        using var cloud = await devCloud.InstallAsync();
        using var anonymous = new HttpClient { BaseAddress = devCloud.Handle.CloudApiUrl };
        using var forged = new HttpClient { BaseAddress = devCloud.Handle.CloudApiUrl };
        forged.DefaultRequestHeaders.Authorization = new("Bearer", "blnk_" + new string('0', 48));

        var none = await anonymous.GetAsync($"/data/ledgers?instance_id={cloud.Install.InstanceId}");
        var unknown = await forged.GetAsync($"/data/ledgers?instance_id={cloud.Install.InstanceId}");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
    }

    [Fact]
    public async Task A_key_used_for_another_instance_or_without_instance_id_is_403()
    {
        using var mine = await devCloud.InstallAsync();
        using var theirs = await devCloud.InstallAsync();

        var other = await mine.SendAsync(HttpMethod.Get, "/data/ledgers", null, instanceId: theirs.Install.InstanceId);
        using var bare = await mine.Http.GetAsync("/proxy/ledgers");

        Assert.Equal(403, other.Status);
        Assert.Equal(HttpStatusCode.Forbidden, bare.StatusCode);
    }

    [Theory]
    [InlineData("data:read", "POST", "/proxy/ledgers", 403)]
    [InlineData("data:write", "POST", "/proxy/ledgers", 201)]
    [InlineData("data:write", "GET", "/data/ledgers", 403)]
    [InlineData("data:write", "GET", "/proxy/ledgers", 403)]
    [InlineData("data:read", "GET", "/data/ledgers", 200)]
    [InlineData("data:read", "GET", "/proxy/ledgers", 200)]
    [InlineData("data:read", "GET", "/alerts", 403)]
    [InlineData("alerts:read", "GET", "/alerts", 200)]
    [InlineData("alerts:read", "POST", "/alerts/flag/bln_x", 403)]
    [InlineData("alerts:write", "POST", "/alerts/flag/bln_x", 404)]
    public async Task Each_family_needs_its_scope(string scope, string method, string path, int expected)
    {
        using var cloud = await devCloud.InstallAsync(scope);

        var answer = await cloud.SendAsync(new HttpMethod(method), path,
            method == "GET" ? null : new JsonObject { ["name"] = "x", ["title"] = "t", ["description"] = "d" });

        Assert.Equal(expected, answer.Status);
    }

    [Fact]
    public async Task A_key_is_dead_after_uninstall()
    {
        using var cloud = await devCloud.InstallAsync();
        Assert.Equal(200, (await cloud.GetAsync("/data/ledgers")).Status);

        var uninstall = await devCloud.Handle.UninstallAsync(cloud.Install.InstalledAppId);

        Assert.True(uninstall.Succeeded, uninstall.Error);
        Assert.Equal(InstallState.Uninstalled, cloud.Install.State);
        Assert.Equal(401, (await cloud.GetAsync("/data/ledgers")).Status);
    }

    [Fact]
    public async Task A_key_is_dead_when_the_app_refuses_the_install_event()
    {
        await using var refusing = await AppStandIn.StartAsync(status: 500);
        await using var handle = await StartAgainstAsync(refusing.Url, TimeSpan.FromSeconds(10));

        var install = await handle.InstallAsync();

        Assert.Equal(InstallState.Failed, install.State);
        Assert.Equal(500, install.InstallAnswer);
        using var client = handle.CreateCloudClient(install);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/data/ledgers?instance_id={install.InstanceId}")).StatusCode);
    }

    [Fact]
    public async Task A_key_is_dead_when_the_app_does_not_answer_in_time()
    {
        await using var hanging = await AppStandIn.StartAsync(status: 200, hang: true);
        await using var handle = await StartAgainstAsync(hanging.Url, TimeSpan.FromMilliseconds(300));

        var install = await handle.InstallAsync();

        Assert.Equal(InstallState.Failed, install.State);
        Assert.Null(install.InstallAnswer);
        using var client = handle.CreateCloudClient(install);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/data/ledgers?instance_id={install.InstanceId}")).StatusCode);
        Assert.Contains(handle.CallLog.Entries, entry => entry.Error?.Contains("No answer within") == true);
    }

    static Task<DevCloudHandle> StartAgainstAsync(Uri appUrl, TimeSpan answerTimeout)
    {
        var options = DevCloudOptions.ForTests();
        options.StartApp = false;
        options.AppUrl = appUrl.ToString();
        options.AnswerTimeout = answerTimeout;
        return DevCloudHost.StartAsync(options);
    }
}
