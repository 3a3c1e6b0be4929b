using Microsoft.AspNetCore.Http.HttpResults;

namespace BlnkSliceApp.Features.Payouts;

/// <summary>The answers of payout requests the app cannot serve: the reason in words, with the status that fits.</summary>
public static class PayoutNotices
{
    public static RazorComponentResult<PayoutNotice> Invalid(string message) => With(message, StatusCodes.Status400BadRequest);

    public static RazorComponentResult<PayoutNotice> NotFound(string message) => With(message, StatusCodes.Status404NotFound);

    static RazorComponentResult<PayoutNotice> With(string message, int status) => new(new { Message = message }) { StatusCode = status };
}
