using System.Text;
using BlnkSliceApp.Shared.Installs;

namespace BlnkSliceApp.Tests.Features.Callback;

/// <summary>Whatever arrives on the Cloud routes, a bad body gets a 4xx ProblemDetails and changes nothing.</summary>
public sealed class MalformedBodyTests(AppFactory app) : AppTests(app)
{
    public static TheoryData<string, string, string, int> Bodies() => new()
    {
        { "/api/callback", "application/json", "{not json", 400 },
        { "/api/callback", "application/json", "", 400 },
        { "/api/callback", "application/json", "[]", 400 },
        { "/api/callback", "application/json", "null", 400 },
        { "/api/callback", "application/json", "{}", 400 },
        { "/api/callback", "application/json", """{"installed_app_id":12,"app_id":"a","instance_id":"i","api_key":"blnk_x","api_key_prefix":"blnk_x","granted_permissions":[],"idempotency_key":"install:x"}""", 400 },
        { "/api/callback", "application/json", """{"installed_app_id":"x","app_id":"a","instance_id":"i","api_key":"blnk_x","api_key_prefix":"blnk_x","granted_permissions":"data:read","idempotency_key":"install:x"}""", 400 },
        { "/api/callback", "application/json", """{"installed_app_id":"inst|x","app_id":"a","instance_id":"i","api_key":"blnk_x","api_key_prefix":"blnk_x","granted_permissions":["data:read"],"idempotency_key":"install:inst|x"}""", 400 },
        { "/api/callback", "application/json", """{"installed_app_id":"x","app_id":"a","instance_id":"i","api_key":"blnk_x","api_key_prefix":"blnk_x","granted_permissions":[1,2],"idempotency_key":"install:x"}""", 400 },
        { "/api/callback", "application/json", """{"installed_app_id":"x","app_id":"a","instance_id":"i","api_key_prefix":"blnk_x","granted_permissions":["data:read"],"idempotency_key":"install:x"}""", 400 },
        { "/api/callback", "application/json", """{"installed_app_id":"x","app_id":"a","instance_id":"i","api_key":"blnk_x","api_key_prefix":"blnk_x","granted_permissions":["data:read"],"idempotency_key":"reinstall:x"}""", 400 },
        { "/api/callback", "application/json", """{"installed_app_id":"x","app_id":"a","instance_id":"i","uninstalled_at":"yesterday","idempotency_key":"uninstall:x"}""", 400 },
        { "/api/callback", "application/json", """{"installed_app_id":"x","app_id":"a","uninstalled_at":"2026-04-21T12:00:00Z","idempotency_key":"uninstall:x"}""", 400 },
        { "/api/callback", "application/json", """{"installed_app_id":"x","app_id":"a","instance_id":"i","api_key":"blnk_x","api_key_prefix":"blnk_x","granted_permissions":["data:read"]}""", 400 },
        { "/api/callback", "text/plain", """{"installed_app_id":"x"}""", 415 },
        { "/api/callback", "application/x-www-form-urlencoded", "installed_app_id=x", 415 },
        { "/api/portal", "application/json", "{broken", 400 },
        { "/api/portal", "application/json", "{}", 400 },
        { "/api/portal", "application/json", """{"installed_app_id":["x"],"app_id":"a","instance_id":"i"}""", 400 },
        { "/api/portal", "text/xml", "<x/>", 415 },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task A_malformed_body_gets_a_problem_and_changes_nothing(string route, string contentType, string body, int status)
    {
        var before = Snapshot();

        var response = await Client.PostAsync(route, new StringContent(body, Encoding.UTF8, contentType));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"status\":" + status, problem);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public async Task A_body_over_64_KiB_is_refused_with_413_and_changes_nothing()
    {
        var before = Snapshot();
        var install = InstallEvent.New().Body();
        install["padding"] = new string('x', 70 * 1024);

        var response = await Client.PostAsJsonAsync("/api/callback", install);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(before, Snapshot());
    }

    [Fact]
    public async Task A_missing_field_is_named_in_the_problem()
    {
        var install = InstallEvent.New().Body();
        install.Remove("instance_id");

        var response = await Client.PostAsJsonAsync("/api/callback", install);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("instance_id", await response.Content.ReadAsStringAsync());
    }

    string Snapshot() =>
        string.Join("|", new[] { InstallRecord.Collection, "processed_events", "launch_tokens", "portal_sessions" }
            .Select(collection => $"{collection}:{string.Join(",", App.Documents(collection).Select(doc => doc.ToString()))}"));
}
