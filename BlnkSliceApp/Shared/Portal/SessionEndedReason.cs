using Microsoft.AspNetCore.Http.HttpResults;

namespace BlnkSliceApp.Shared.Portal;

public enum SessionEndedReason { Missing, Expired, Invalid, Revoked, Uninstalled, LinkUsed, LinkExpired, LinkInvalid }

public static class SessionEndedReasons
{
    public static SessionEndedReason From(SessionCheck check) => check switch
    {
        SessionCheck.Expired => SessionEndedReason.Expired,
        SessionCheck.Revoked => SessionEndedReason.Revoked,
        SessionCheck.InstallInactive => SessionEndedReason.Uninstalled,
        SessionCheck.Missing => SessionEndedReason.Missing,
        _ => SessionEndedReason.Invalid,
    };

    public static SessionEndedReason Parse(string? text) =>
        Enum.TryParse<SessionEndedReason>(text, ignoreCase: true, out var reason) ? reason : SessionEndedReason.Missing;

    /// <summary>410 where something existed and is gone (expired or used); 401 otherwise.</summary>
    public static int StatusOf(SessionEndedReason reason) => reason switch
    {
        SessionEndedReason.Expired or SessionEndedReason.LinkExpired or SessionEndedReason.LinkUsed
            or SessionEndedReason.Revoked or SessionEndedReason.Uninstalled => StatusCodes.Status410Gone,
        _ => StatusCodes.Status401Unauthorized,
    };

    public static RazorComponentResult<SessionEndedPage> Page(SessionEndedReason reason) =>
        new(new { Reason = reason }) { StatusCode = StatusOf(reason) };
}
