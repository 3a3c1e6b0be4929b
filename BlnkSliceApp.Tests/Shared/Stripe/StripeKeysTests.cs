using System.Security.Cryptography;
using System.Text;
using BlnkSliceApp.Shared.Crypto;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Stripe;

namespace BlnkSliceApp.Tests.Shared.Stripe;

public sealed class StripeKeysTests(AppFactory app) : AppTests(app)
{
    const string Key = "sk_test_51PlainKeyThatMustNeverBeStoredAsIs0123456789abcdWXYZ";

    StripeKeys Keys => App.Service<StripeKeys>();

    async Task<InstallRecord> InstallAsync()
    {
        var install = await Client.CreateInstallAsync();
        return App.Service<InstallDirectory>().Find(install.InstalledAppId)!;
    }

    [Fact]
    public async Task A_saved_key_opens_for_its_install_and_is_described_without_the_key()
    {
        var install = await InstallAsync();

        Keys.Save(install.InstalledAppId, Key, "acct_1Saved", live: false);

        var credentials = Keys.For(install)!;
        Assert.Equal(Key, credentials.SecretKey);
        Assert.Equal("acct_1Saved", credentials.AccountId);
        Assert.Equal("WXYZ", credentials.Last4);
        Assert.DoesNotContain(Key, credentials.ToString());
        Assert.Equal(new StripeKeyDescription("acct_1Saved", false, "WXYZ", StripeKeySource.Install), Keys.Describe(install));
    }

    [Fact]
    public async Task The_raw_key_is_nowhere_in_the_database_files()
    {
        var install = await InstallAsync();
        Keys.Save(install.InstalledAppId, Key, "acct_1OnDisk", live: false);
        App.Service<AppDatabase>().Db.Checkpoint();

        var contents = DataFiles.Read(App.DataDirectory).Select(file => file.Bytes).ToList();

        // The search works: what is stored in plain (the account id) is found.
        Assert.Contains(contents, bytes => bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes("acct_1OnDisk")) >= 0);
        Assert.All(contents, bytes => Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Key[8..])) < 0, "the key is stored in plain text"));
    }

    [Fact]
    public async Task A_sealed_key_copied_onto_another_install_does_not_open()
    {
        var owner = await InstallAsync();
        var other = await InstallAsync();
        Keys.Save(owner.InstalledAppId, Key, "acct_1Owner", live: false);
        var records = App.Service<AppDatabase>().Collection<StripeKeyRecord>(StripeKeyRecord.Collection);
        var stolen = records.FindById(owner.InstalledAppId);
        stolen.InstalledAppId = other.InstalledAppId;
        records.Upsert(stolen);

        // Not opened, and not an error either: the sync is refused until the key is entered again.
        Assert.Null(Keys.For(other));
    }

    [Fact]
    public async Task Without_a_key_of_its_own_or_on_the_server_an_install_has_none()
    {
        var install = await InstallAsync();
        Keys.Save(install.InstalledAppId, Key, "acct_1Gone", live: false);

        Assert.True(Keys.Remove(install.InstalledAppId));

        Assert.Null(Keys.For(install));
        Assert.Null(Keys.Describe(install));
        Assert.False(Keys.Remove(install.InstalledAppId));
    }

    [Fact]
    public async Task A_live_key_is_described_as_live()
    {
        var install = await InstallAsync();

        Keys.Save(install.InstalledAppId, "rk_live_" + new string('k', 30) + "L1V3", "acct_1Live", live: true);

        Assert.Equal(new StripeKeyDescription("acct_1Live", true, "L1V3", StripeKeySource.Install), Keys.Describe(install));
        Assert.Equal("live", Keys.Describe(install)!.Mode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("pk_test_0123456789abcdefghijkl")]
    [InlineData("sk_test_with spaces 0123456789")]
    public async Task A_key_that_is_not_a_secret_key_is_not_saved(string key)
    {
        var install = await InstallAsync();

        Assert.ThrowsAny<ArgumentException>(() => Keys.Save(install.InstalledAppId, key, "acct_1", live: false));
        Assert.Null(Keys.Describe(install));
    }

    [Fact]
    public async Task The_server_key_applies_to_installs_without_their_own_and_their_own_wins()
    {
        var serverKey = "sk_test_" + new string('S', 30) + "SRVR";
        using var withServerKey = new AppFactory { Settings = { ["STRIPE_SECRET_KEY"] = serverKey } };
        var client = withServerKey.CreateClient();
        var keys = withServerKey.Service<StripeKeys>();
        var install = withServerKey.Service<InstallDirectory>().Find((await client.CreateInstallAsync()).InstalledAppId)!;

        var fromServer = keys.For(install)!;
        Assert.Equal(serverKey, fromServer.SecretKey);
        Assert.Equal(StripeKeySource.Environment, fromServer.Source);
        Assert.Null(fromServer.AccountId);
        Assert.Equal(new StripeKeyDescription(null, false, "SRVR", StripeKeySource.Environment), keys.Describe(install));

        keys.Save(install.InstalledAppId, Key, "acct_1Own", live: false);
        Assert.Equal(Key, keys.For(install)!.SecretKey);
        Assert.Equal(StripeKeySource.Install, keys.Describe(install)!.Source);
    }

    [Fact]
    public async Task A_rotated_encryption_key_reseals_stored_stripe_keys_at_start_up()
    {
        var oldKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var newKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        string dataDirectory;
        string installedAppId;
        using (var before = new AppFactory { EncryptionKey = oldKey, KeepData = true })
        {
            dataDirectory = before.DataDirectory;
            installedAppId = (await before.CreateClient().CreateInstallAsync()).InstalledAppId;
            before.Service<StripeKeys>().Save(installedAppId, Key, "acct_1Rotated", live: false);
        }

        using var after = new AppFactory { EncryptionKey = newKey, DataDirectory = dataDirectory, Settings = { ["ENCRYPTION_KEY_PREVIOUS"] = oldKey } };
        var install = after.Service<InstallDirectory>().Find(installedAppId)!;

        Assert.Equal(Key, after.Service<StripeKeys>().For(install)!.SecretKey);
        var record = after.Service<AppDatabase>().Collection<StripeKeyRecord>(StripeKeyRecord.Collection).FindById(installedAppId);
        Assert.False(after.Service<SecretBox>().NeedsResealing(record.Key));
    }
}
