using System.Security.Cryptography;
using BlnkSliceApp.Shared.Configuration;
using BlnkSliceApp.Shared.Crypto;
using BlnkSliceApp.Shared.Installs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace BlnkSliceApp.Tests.Shared;

public sealed class HardeningTests
{
    static AppFactory Production(Dictionary<string, string?>? settings = null)
    {
        var all = settings ?? new();
        all.TryAdd("BLNK_APP_ID", "app_stripesync");
        return new() { Environment = "Production", Settings = all };
    }

    static Dictionary<string, string?> ProductionBasics() => new()
    {
        ["PUBLIC_BASE_URL"] = "https://app.example.com",
        ["SESSION_SECRET"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
        ["ENCRYPTION_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["BLNK_APP_ID"] = "app_stripesync",
        ["DATABASE_PATH"] = Path.Combine(Path.GetTempPath(), $"cfg-{Guid.NewGuid():N}", "x.db"),
    };

    static AppSettings LoadProduction(Dictionary<string, string?> config, List<string>? warnings = null) =>
        AppSettingsLoader.Load(new ConfigurationBuilder().AddInMemoryCollection(config).Build(), new ProductionEnvironment(), (warnings ?? []).Add);

    [Fact]
    public async Task The_test_url_cache_route_is_404_in_production()
    {
        using var app = Production();

        var response = await app.CreateClient().GetAsync("/_test_url_cache_");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Health_and_ready_answer_200()
    {
        using var app = new AppFactory();
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        var ready = await client.GetAsync("/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("ready", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_cloud_routes_answer_429_past_the_rate_limit()
    {
        using var app = new AppFactory { Settings = { ["RateLimits:CloudPerMinute"] = "5" } };
        var client = app.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
            statuses.Add((await client.PostAsJsonAsync("/api/portal", InstallEvent.New().PortalBody())).StatusCode);

        Assert.Equal(5, statuses.Count(status => status == HttpStatusCode.Forbidden));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task The_portal_entry_answers_429_past_the_rate_limit()
    {
        using var app = new AppFactory { Settings = { ["RateLimits:PortalEnterPerMinute"] = "3" } };
        var client = app.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
            statuses.Add((await client.GetAsync("/portal/enter?token=x")).StatusCode);

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Theory]
    [InlineData("PUBLIC_BASE_URL", null, "PUBLIC_BASE_URL")]
    [InlineData("PUBLIC_BASE_URL", "http://plain.example", "https")]
    [InlineData("SESSION_SECRET", null, "SESSION_SECRET")]
    [InlineData("SESSION_SECRET", "short", "32 bytes")]
    [InlineData("ENCRYPTION_KEY", null, "ENCRYPTION_KEY")]
    [InlineData("ENCRYPTION_KEY", "bm90LTMyLWJ5dGVz", "32 bytes")]
    [InlineData("ENCRYPTION_KEY_PREVIOUS", "zz", "ENCRYPTION_KEY_PREVIOUS")]
    [InlineData("PORTAL_SESSION_MINUTES", "0", "PORTAL_SESSION_MINUTES")]
    [InlineData("CLOUD_ALLOWED_IPS", "161.35.166.95,not-an-ip", "CLOUD_ALLOWED_IPS")]
    [InlineData("BLNK_CLOUD_API_URL", "ftp://x", "BLNK_CLOUD_API_URL")]
    [InlineData("SESSION_SECRET", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "random")]
    [InlineData("ENCRYPTION_KEY", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "random")]
    [InlineData("FRAME_ANCESTORS", "'self' *", "any site")]
    [InlineData("FRAME_ANCESTORS", "https:", "any site")]
    [InlineData("BLNK_APP_ID", null, "app_id Blnk Cloud gave this app")]
    [InlineData("BLNK_APP_ID", "app with spaces", "Blnk Cloud ids")]
    [InlineData("STRIPE_SECRET_KEY_INSTANCES", "inst_ok,inst bad", "Blnk Cloud ids")]
    public void A_bad_or_missing_production_setting_stops_start_up_naming_the_variable(string variable, string? value, string expectedInMessage)
    {
        var config = ProductionBasics();
        config[variable] = value;

        var error = Assert.Throws<ConfigurationError>(() => LoadProduction(config));

        Assert.Equal(variable, error.Variable);
        Assert.Contains(expectedInMessage, error.Message);
    }

    [Fact]
    public void The_same_value_for_session_secret_and_encryption_key_is_refused()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var config = ProductionBasics();
        config["SESSION_SECRET"] = key;
        config["ENCRYPTION_KEY"] = key;

        var error = Assert.Throws<ConfigurationError>(() => LoadProduction(config));

        Assert.Equal("SESSION_SECRET", error.Variable);
    }

    [Fact]
    public void In_production_only_Blnk_Clouds_published_addresses_may_call_the_Cloud_routes_by_default()
    {
        var settings = LoadProduction(ProductionBasics());

        Assert.Equal(2, settings.CloudAllowedIps.Count);
        Assert.Contains(settings.CloudAllowedIps, network => network.Contains(System.Net.IPAddress.Parse("161.35.166.95")));
        Assert.Contains(settings.CloudAllowedIps, network => network.Contains(System.Net.IPAddress.Parse("161.35.171.250")));
        Assert.DoesNotContain(settings.CloudAllowedIps, network => network.Contains(System.Net.IPAddress.Parse("203.0.113.9")));
    }

    [Fact]
    public void A_star_turns_the_address_filter_off_with_a_loud_warning()
    {
        var warnings = new List<string>();
        var config = ProductionBasics();
        config["CLOUD_ALLOWED_IPS"] = "*";

        var settings = LoadProduction(config, warnings);

        Assert.Empty(settings.CloudAllowedIps);
        Assert.Contains(warnings, warning => warning.Contains("CLOUD_ALLOWED_IPS=*") && warning.Contains("no signature"));
    }

    [Fact]
    public void In_production_the_deployments_Stripe_key_needs_the_instances_it_serves()
    {
        var config = ProductionBasics();
        config["STRIPE_SECRET_KEY"] = "sk_test_" + new string('k', 24);

        var error = Assert.Throws<ConfigurationError>(() => LoadProduction(config));

        Assert.Equal("STRIPE_SECRET_KEY_INSTANCES", error.Variable);
        config["STRIPE_SECRET_KEY_INSTANCES"] = "inst_merchant, inst_second";
        var settings = LoadProduction(config);
        Assert.True(settings.ServerStripeKeyServes("inst_merchant"));
        Assert.True(settings.ServerStripeKeyServes("inst_second"));
        Assert.False(settings.ServerStripeKeyServes("inst_stranger"));
        Assert.False(settings.ServerStripeKeyServes("INST_MERCHANT"));
    }

    [Fact]
    public async Task Keys_sealed_with_the_previous_encryption_key_are_resealed_with_the_current_one()
    {
        var oldKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var newKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        InstallEvent install;
        string dataDirectory;
        using (var before = new AppFactory { EncryptionKey = oldKey, KeepData = true })
        {
            install = await before.CreateClient().CreateInstallAsync();
            dataDirectory = before.DataDirectory;
        }

        using var after = new AppFactory { EncryptionKey = newKey, DataDirectory = dataDirectory, Settings = { ["ENCRYPTION_KEY_PREVIOUS"] = oldKey } };
        after.CreateClient();

        var directory = after.Service<InstallDirectory>();
        var stored = directory.Find(install.InstalledAppId)!;
        Assert.Equal(after.Service<SecretBox>().CurrentKeyId, stored.ApiKey!.KeyId);
        Assert.Equal(install.ApiKey, directory.OpenApiKey(stored));
    }

    sealed class ProductionEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Production";
        public string ApplicationName { get; set; } = "BlnkSliceApp";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }
}
