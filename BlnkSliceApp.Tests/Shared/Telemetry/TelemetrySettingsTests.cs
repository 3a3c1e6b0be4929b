using System.Security.Cryptography;
using BlnkSliceApp.Shared.Configuration;
using Microsoft.Extensions.Configuration;

namespace BlnkSliceApp.Tests.Shared.Telemetry;

public sealed class TelemetrySettingsTests
{
    static AppSettings Load(Dictionary<string, string?> extra, List<string>? warnings = null)
    {
        var config = new Dictionary<string, string?>
        {
            ["PUBLIC_BASE_URL"] = "https://app.example.com",
            ["SESSION_SECRET"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
            ["ENCRYPTION_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["BLNK_APP_ID"] = "app_stripesync",
            ["DATABASE_PATH"] = Path.Combine(Path.GetTempPath(), $"cfg-{Guid.NewGuid():N}", "x.db"),
        };
        foreach (var (name, value) in extra)
            config[name] = value;
        return AppSettingsLoader.Load(new ConfigurationBuilder().AddInMemoryCollection(config).Build(), new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Production" }, (warnings ?? []).Add);
    }

    [Fact]
    public void Metrics_and_OTLP_are_off_unless_configured()
    {
        var settings = Load([]);

        Assert.Null(settings.MetricsPort);
        Assert.Null(settings.OtlpEndpoint);
        Assert.Equal(IPAddress.Loopback, settings.MetricsBindAddress);
    }

    [Fact]
    public void The_metrics_port_listens_on_loopback_unless_an_address_is_given()
    {
        Assert.Equal(IPAddress.Loopback, Load(new() { ["METRICS_PORT"] = "9464" }).MetricsBindAddress);
        var open = Load(new() { ["METRICS_PORT"] = "9464", ["METRICS_BIND_ADDRESS"] = "0.0.0.0" });
        Assert.Equal(9464, open.MetricsPort);
        Assert.Equal(IPAddress.Any, open.MetricsBindAddress);
    }

    [Theory]
    [InlineData("METRICS_PORT", "0", "1 to 65535")]
    [InlineData("METRICS_PORT", "70000", "1 to 65535")]
    [InlineData("METRICS_PORT", "nine", "1 to 65535")]
    [InlineData("METRICS_BIND_ADDRESS", "metrics.example.com", "IP address")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4317", "absolute http(s) URL")]
    public void A_bad_telemetry_setting_stops_start_up_naming_the_variable(string variable, string value, string expectedInMessage)
    {
        var error = Assert.Throws<ConfigurationError>(() => Load(new() { ["METRICS_PORT"] = "9464", [variable] = value }));

        Assert.Equal(variable, error.Variable);
        Assert.Contains(expectedInMessage, error.Message);
    }

    [Fact]
    public void The_metrics_port_may_not_be_the_apps_own_port()
    {
        var error = Assert.Throws<ConfigurationError>(() => Load(new() { ["METRICS_PORT"] = "8080", ["urls"] = "http://+:8080" }));

        Assert.Equal("METRICS_PORT", error.Variable);
    }

    [Fact]
    public void An_address_without_a_port_is_a_warning_not_a_listener()
    {
        var warnings = new List<string>();

        var settings = Load(new() { ["METRICS_BIND_ADDRESS"] = "0.0.0.0" }, warnings);

        Assert.Null(settings.MetricsPort);
        Assert.Contains(warnings, w => w.Contains("METRICS_PORT", StringComparison.Ordinal));
    }
}
