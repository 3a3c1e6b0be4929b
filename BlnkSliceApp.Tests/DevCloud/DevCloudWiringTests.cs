using BlnkSliceApp.Shared.Configuration;
using BlnkSliceApp.Shared.Installs;

namespace BlnkSliceApp.Tests.DevCloud;

public sealed class DevCloudWiringTests(DevCloudFixture devCloud) : IClassFixture<DevCloudFixture>
{
    [Fact]
    public void The_hosted_app_is_pointed_at_the_emulated_cloud_and_stripe_account()
    {
        var handle = devCloud.Handle;
        var settings = handle.AppServices!.GetRequiredService<AppSettings>();

        Assert.NotNull(handle.Stripe);
        Assert.Equal(handle.Stripe!.BaseUrl.ToString().TrimEnd('/'), settings.StripeApiBase.ToString().TrimEnd('/'));
        Assert.Equal(handle.Stripe.SecretKey, settings.StripeSecretKey);
        Assert.Equal(handle.CloudApiUrl.ToString().TrimEnd('/'), settings.BlnkCloudApiUrl.ToString().TrimEnd('/'));
        Assert.EndsWith(handle.DevCloudUrl.GetLeftPart(UriPartial.Authority), settings.FrameAncestors);
        Assert.NotEqual(handle.DevCloudUrl.Host, handle.AppUrl.Host);
    }

    [Fact]
    public async Task A_new_instance_already_holds_the_identities_that_share_emails_with_stripe_customers()
    {
        var install = await devCloud.Handle.InstallAsync();

        var emails = devCloud.Handle.Ledger(install.InstanceId).Snapshot(BlnkSliceApp.DevCloud.Cloud.Ledger.DataResource.Identities)
            .Select(identity => identity["email_address"]!.GetValue<string>()).ToHashSet();

        Assert.NotEmpty(devCloud.Handle.Stripe!.IdentitiesToPreload);
        Assert.All(devCloud.Handle.Stripe.IdentitiesToPreload, identity => Assert.Contains(identity.Email, emails));
        Assert.NotNull(devCloud.Handle.AppServices!.GetRequiredService<InstallDirectory>().FindActive(install.InstalledAppId));
    }
}
