using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Stripe;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BlnkSliceApp.Features.StripeConnection;

/// <summary>Builds the panel for an install; the server key's account id is asked of Stripe (once, then cached by the gateway).</summary>
public sealed class StripePanels(StripeKeys keys, StripeGateway gateway)
{
    public async Task<RazorComponentResult<StripePanel>> RenderAsync(InstallRecord install, CancellationToken ct,
        string? error = null, string? notice = null, int statusCode = StatusCodes.Status200OK, string? fieldError = null, bool confirmRemove = false)
    {
        var connection = keys.Describe(install);
        string? warning = null;
        if (connection is { AccountId: null } && keys.For(install) is { } credentials)
        {
            try
            {
                connection = connection with { AccountId = await gateway.AccountIdAsync(credentials, ct) };
            }
            catch (StripeCallException failure)
            {
                warning = $"Stripe did not confirm the server's key: {failure.Message}";
            }
        }
        return new RazorComponentResult<StripePanel>(new { Model = new StripePanelModel(connection, error, notice, warning, fieldError, confirmRemove && connection is { Source: StripeKeySource.Install }) }) { StatusCode = statusCode };
    }
}
