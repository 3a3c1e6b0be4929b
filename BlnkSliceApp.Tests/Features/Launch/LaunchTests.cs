using System.Text.Json.Nodes;
using BlnkSliceApp.Shared.Portal;
using FastEndpoints;
using LaunchEndpoint = BlnkSliceApp.Features.Launch.Endpoint;
using LaunchRequest = BlnkSliceApp.Features.Launch.Request;
using LaunchResponse = BlnkSliceApp.Features.Launch.Response;

namespace BlnkSliceApp.Tests.Features.Launch;

public sealed class LaunchTests(AppFactory app) : AppTests(app)
{
    [Fact]
    public async Task A_launch_of_an_active_install_returns_a_fresh_one_time_portal_url()
    {
        var install = await Client.CreateInstallAsync();
        var request = new LaunchRequest { InstalledAppId = install.InstalledAppId, AppId = install.AppId, InstanceId = install.InstanceId };

        var (first, firstBody) = await Client.POSTAsync<LaunchEndpoint, LaunchRequest, LaunchResponse>(request);
        var (_, secondBody) = await Client.POSTAsync<LaunchEndpoint, LaunchRequest, LaunchResponse>(request);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var url = new Uri(firstBody.PortalUrl);
        Assert.Equal("https://app.example.test/portal/enter", url.GetLeftPart(UriPartial.Path));
        var token = System.Web.HttpUtility.ParseQueryString(url.Query)["token"]!;
        Assert.True(Convert.FromBase64String(token.Replace('-', '+').Replace('_', '/') + "=").Length >= 32, "at least 256 random bits");
        Assert.NotEqual(firstBody.PortalUrl, secondBody.PortalUrl);
        Assert.DoesNotContain(install.ApiKey, firstBody.PortalUrl);
    }

    [Fact]
    public async Task The_launch_token_is_stored_only_as_a_hash()
    {
        var install = await Client.CreateInstallAsync();
        var url = await Client.LaunchAsync(install);
        var token = System.Web.HttpUtility.ParseQueryString(url.Query)["token"]!;

        var stored = App.Documents(LaunchTokenRecord.Collection).Select(doc => doc.ToString()).ToList();

        Assert.Contains(stored, doc => doc.Contains(BlnkSliceApp.Shared.Crypto.Tokens.Hash(token)));
        Assert.DoesNotContain(stored, doc => doc.Contains(token));
    }

    [Fact]
    public async Task Fifty_launches_at_once_each_get_their_own_link_and_each_link_opens_once()
    {
        var install = await Client.CreateInstallAsync();
        var links = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => Client.LaunchAsync(install))));

        Assert.Equal(50, links.Select(link => link.Query).Distinct().Count());
        foreach (var link in links.Take(5))
        {
            Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync(link.PathAndQuery)).StatusCode);
            Assert.Equal(HttpStatusCode.Gone, (await Client.GetAsync(link.PathAndQuery)).StatusCode);
        }
    }

    public enum Mismatch { UnknownInstall, WrongApp, WrongInstance, Uninstalled }

    [Theory]
    [InlineData(Mismatch.UnknownInstall)]
    [InlineData(Mismatch.WrongApp)]
    [InlineData(Mismatch.WrongInstance)]
    [InlineData(Mismatch.Uninstalled)]
    public async Task A_launch_that_does_not_match_an_active_install_is_403_with_one_message(Mismatch mismatch)
    {
        var install = await Client.CreateInstallAsync();
        if (mismatch == Mismatch.Uninstalled)
            (await App.UninstallAsync(install, Client)).EnsureSuccessStatusCode();
        var body = install.PortalBody();
        switch (mismatch)
        {
            case Mismatch.UnknownInstall: body["installed_app_id"] = "instapp_unknown"; break;
            case Mismatch.WrongApp: body["app_id"] = "app_other"; break;
            case Mismatch.WrongInstance: body["instance_id"] = "inst_other"; break;
        }
        var tokensBefore = App.Documents(LaunchTokenRecord.Collection).Count;

        var response = await Client.PostAsJsonAsync("/api/portal", body);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("This app cannot be launched for this install.", problem!["detail"]!.GetValue<string>());
        Assert.Equal(tokensBefore, App.Documents(LaunchTokenRecord.Collection).Count);
    }
}
