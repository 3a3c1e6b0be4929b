using Microsoft.AspNetCore.WebUtilities;
using BlnkSliceApp.Shared.Storage;
using Microsoft.AspNetCore.Mvc;

namespace BlnkSliceApp.Shared.Web;

/// <summary>
/// Turns what Kestrel and the binder refuse (a body over the limit, a cut-off body) into a
/// ProblemDetails with the right 4xx code, and anything unexpected into a 500 ProblemDetails
/// that says nothing about the request.
/// </summary>
public sealed class BadRequestAsProblem(RequestDelegate next, AppDatabase database, ILogger<BadRequestAsProblem> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            await WriteAsync(context, ex.StatusCode, ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? "The request body is larger than this endpoint accepts."
                : "The request could not be read.");
        }
        catch (InvalidDataException) when (!context.Response.HasStarted)
        {
            // A form the reader refuses (too many fields, a value too long).
            await WriteAsync(context, StatusCodes.Status400BadRequest, "The form could not be read.");
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception ex) when (!context.Response.HasStarted && AppDatabase.IsStorageFailure(ex))
        {
            // Disk full or read-only: nothing was stored, so no 200; Cloud retries a 503.
            database.ReportFailure();
            logger.LogError("The database could not be written on {Method} {Path}: {Error}", context.Request.Method, context.Request.Path.Value, ex.Message);
            context.Response.Headers.RetryAfter = "30";
            await WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "The app cannot write to its database right now (disk full or read-only storage). Nothing was changed; try again later.");
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            logger.LogError(ex, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path.Value);
            await WriteAsync(context, StatusCodes.Status500InternalServerError, "Something went wrong on our side. Nothing was changed; try again.");
        }
    }

    public static Task WriteAsync(HttpContext context, int status, string detail) =>
        Results.Problem(new ProblemDetails
        {
            Status = status,
            Title = ReasonPhrases.GetReasonPhrase(status),
            Detail = detail,
            Instance = context.Request.Path,
        }).ExecuteAsync(context);
}
