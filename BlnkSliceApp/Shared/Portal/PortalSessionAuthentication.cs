using System.Security.Claims;
using System.Text.Encodings.Web;
using BlnkSliceApp.Shared.Installs;
using Htmx;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace BlnkSliceApp.Shared.Portal;

/// <summary>
/// Portal requests authenticate with the X-Portal-Session header, never a cookie: the
/// portal runs in a cross-site iframe where browsers may block third-party cookies, and a
/// custom header cannot be sent cross-site without CORS (none is allowed), which also makes
/// every portal request CSRF-proof. A failure shows "launch again from Blnk Cloud".
/// </summary>
public sealed class PortalSessionAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    PortalSessions sessions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "PortalSession";
    public const string Header = "X-Portal-Session";
    public const string InstallClaim = "installed_app_id";
    public const string PermissionClaim = "permissions";

    const string CheckItem = "portal-session-check";

    /// <summary>The install as this request's session check found it (active, in the session's generation).</summary>
    public const string InstallItem = "portal-session-install";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // Two session headers are ambiguous: neither is taken.
        var tokens = Request.Headers[Header];
        var (check, session) = tokens.Count > 1 ? (SessionCheck.Invalid, null) : sessions.Check(tokens.FirstOrDefault());
        Context.Items[CheckItem] = check;
        if (check != SessionCheck.Valid || session is null)
            return Task.FromResult(check == SessionCheck.Missing ? AuthenticateResult.NoResult() : AuthenticateResult.Fail(check.ToString()));

        var install = session.Install;
        Context.Items[InstallItem] = install;
        var claims = new List<Claim>
        {
            new(InstallClaim, install.InstalledAppId),
            new("session_expires_at", session.ExpiresAt.ToUnixTimeMilliseconds().ToString()),
        };
        claims.AddRange(install.GrantedPermissions.Select(scope => new Claim(PermissionClaim, scope)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var reason = Context.Items[CheckItem] is SessionCheck check ? SessionEndedReasons.From(check) : SessionEndedReason.Missing;
        if (Request.IsHtmx())
        {
            // A swap cannot fix a dead session; send the whole frame to the explanation page.
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            Response.Htmx(h => h.Redirect($"{PortalRoutes.SessionEnded}?reason={reason.ToString().ToLowerInvariant()}"));
            return;
        }
        await SessionEndedReasons.Page(reason).ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await new RazorComponentResult<MissingPermissionPanel> { StatusCode = StatusCodes.Status403Forbidden }.ExecuteAsync(Context);
    }
}

public static class PortalSessionAuthenticationSetup
{
    public static IServiceCollection AddPortalSessionAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<PortalSessions>();
        services.AddSingleton<PortalHousekeeping>();
        services.AddHostedService(provider => provider.GetRequiredService<PortalHousekeeping>());
        services.AddAuthentication(PortalSessionAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, PortalSessionAuthentication>(PortalSessionAuthentication.SchemeName, null);
        services.AddAuthorization();
        return services;
    }
}
