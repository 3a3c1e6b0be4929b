using System.Diagnostics;
using System.Text.Json.Nodes;
using BlnkSliceApp.DevCloud.Cloud.Installs;
using BlnkSliceApp.DevCloud.Faults;
using BlnkSliceApp.DevCloud.Lifecycle;
using BlnkSliceApp.Shared.Installs;

namespace BlnkSliceApp.DevCloud.Cloud.Api;

/// <summary>
/// In front of every Cloud API call, in Cloud's order: injected faults, then the key (401),
/// then the instance (403), then the scope (403). Refusals and ledger errors are written as
/// <c>{"error": ...}</c>; every call lands in the call log with the install's id, never its key.
/// </summary>
public sealed class CloudApiGate(RequestDelegate next, CloudState state, CloudFaults faults, CallLog log)
{
    public static readonly PathString[] ApiRoots = ["/proxy", "/data", "/alerts"];

    public async Task InvokeAsync(HttpContext context)
    {
        if (!ApiRoots.Any(root => context.Request.Path.StartsWithSegments(root)))
        {
            await next(context);
            return;
        }

        var started = Stopwatch.GetTimestamp();
        DevCloudInstall? install = null;
        string? error = null;
        try
        {
            install = await PassAsync(context);
            if (install is not null)
            {
                if (context.GetEndpoint() is null || (faults.Plan.BulkRouteMissing && context.Request.Path.StartsWithSegments("/proxy/transactions/bulk")))
                    throw CloudApiException.NotFound("route not found (or not emulated by DevCloud)");
                var isWrite = HttpMethods.IsPost(context.Request.Method) || HttpMethods.IsPut(context.Request.Method);
                var isBulk = context.Request.Path.StartsWithSegments("/proxy/transactions/bulk");
                IReadOnlyList<string>? bulkReferences = null;
                if (isBulk && faults.Injector.IsSettling(install.InstalledAppId))
                {
                    bulkReferences = await BulkReferencesAsync(context.Request);
                    faults.Injector.NoteBulkPost(install.InstalledAppId, bulkReferences);
                }
                var trapped = faults.Trap.Catches(context.Request);
                if (trapped == TrapMoment.OnArrival)
                    await faults.Trap.SpringAsync(context);
                else if (trapped == TrapMoment.AfterApplied)
                    await RunAndLoseAnswerAsync(context, () => faults.Trap.SpringAsync(context));
                else if (isWrite && faults.Injector.LoseAnswer(isBulk))
                {
                    // Its postings are remembered: the look-ups naming them next are what settling it costs.
                    if (isBulk) bulkReferences ??= await BulkReferencesAsync(context.Request);
                    await RunAndLoseAnswerAsync(context, () =>
                    {
                        faults.Injector.CountLost(isBulk);
                        if (bulkReferences is not null) faults.Injector.RememberLostBulk(install.InstalledAppId, bulkReferences);
                        context.Abort();
                        return Task.CompletedTask;
                    });
                }
                else
                    await next(context);
            }
        }
        catch (CloudApiException refusal) when (!context.Response.HasStarted)
        {
            error = refusal.Message;
            await CloudJson.WriteAsync(context, refusal.Status, refusal.ToBody());
        }
        finally
        {
            if (install is not null && HttpMethods.IsGet(context.Request.Method) && context.Request.Path == "/data/transactions")
                faults.Injector.NoteReferenceLookUp(install.InstalledAppId, LookedUpReferences(context.Request.Query));
            log.Add(new CallLogEntry(DateTimeOffset.UtcNow, CallDirection.AppToCloud, context.Request.Method,
                context.Request.Path + context.Request.QueryString, context.RequestAborted.IsCancellationRequested ? null : context.Response.StatusCode,
                null, null, Stopwatch.GetElapsedTime(started).TotalMilliseconds, error, install?.InstalledAppId));
        }
    }

    /// <summary>The references of a bulk post, read ahead of its endpoint (which reads the body again).</summary>
    static async Task<IReadOnlyList<string>> BulkReferencesAsync(HttpRequest request)
    {
        request.EnableBuffering();
        JsonNode? body;
        try { body = await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted); }
        catch (System.Text.Json.JsonException) { body = null; }
        request.Body.Position = 0;
        return (body?["transactions"] as JsonArray ?? [])
            .Select(transaction => (transaction?["reference"] as JsonValue)?.TryGetValue<string>(out var reference) == true ? reference : null)
            .OfType<string>()
            .ToList();
    }

    static IReadOnlyList<string> LookedUpReferences(IQueryCollection query) =>
        query["reference_eq"].Concat(query["reference_in"].SelectMany(list => (list ?? "").Split(',')))
            .OfType<string>()
            .ToList();

    /// <summary>The call is carried out in full, then <paramref name="drop"/> drops the connection instead of the answer.</summary>
    async Task RunAndLoseAnswerAsync(HttpContext context, Func<Task> drop)
    {
        var original = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()!;
        await using var swallowed = new MemoryStream();
        context.Features.Set<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>(new Microsoft.AspNetCore.Http.StreamResponseBodyFeature(swallowed));
        try
        {
            await next(context);
        }
        finally
        {
            context.Features.Set(original);
        }
        await drop();
    }

    /// <summary>The install the call acts for, or null when the gate already answered.</summary>
    async Task<DevCloudInstall?> PassAsync(HttpContext context)
    {
        if (!await SurviveFaultsAsync(context))
            return null;

        var (install, grant) = Authenticate(context);
        if (install is null || grant is null)
            throw new CloudApiException(401, "invalid, revoked or missing API key");

        var instanceId = context.Request.Query["instance_id"].ToString();
        var isAlerts = context.Request.Path.StartsWithSegments("/alerts");
        // Proxy and Data calls must name the key's instance; alerts may leave it out.
        if ((!isAlerts || instanceId.Length > 0) && !string.Equals(instanceId, install.InstanceId, StringComparison.Ordinal))
            throw new CloudApiException(403, "this API key is not valid for the requested instance_id");

        var scope = RequiredScope(context.Request);
        if (!grant.Scopes.Contains(scope))
            throw new CloudApiException(403, $"this API key lacks the {scope} permission", "MISSING_PERMISSION",
                new JsonObject { ["required"] = scope });

        CloudJson.Bind(context, install, state.Ledger(install.InstanceId));
        return install;
    }

    async Task<bool> SurviveFaultsAsync(HttpContext context)
    {
        var fault = await faults.Injector.DrawAsync(context.RequestAborted);
        switch (fault)
        {
            case FaultKind.None:
                return true;
            case FaultKind.Timeout:
                // Never answer: drop the connection, as a gateway time-out looks to the client.
                context.Abort();
                return false;
            case FaultKind.Error500:
                await CloudJson.WriteAsync(context, 500, new JsonObject { ["error"] = "internal server error (injected by DevCloud)" });
                return false;
            case FaultKind.Error503:
                context.Response.Headers.RetryAfter = faults.Plan.RetryAfterSeconds.ToString();
                await CloudJson.WriteAsync(context, 503, new JsonObject { ["error"] = "service unavailable (injected by DevCloud)" });
                return false;
            case FaultKind.TooManyRequests:
                context.Response.Headers.RetryAfter = faults.Plan.RetryAfterSeconds.ToString();
                await CloudJson.WriteAsync(context, 429, new JsonObject { ["error"] = "too many requests (injected by DevCloud)" });
                return false;
            default:
                return true;
        }
    }

    (DevCloudInstall? Install, KeyGrant? Grant) Authenticate(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return (null, null);
        var key = header[scheme.Length..].Trim();
        var install = state.Installs.FindByKey(key);
        return (install, install?.LiveGrant(key));
    }

    static string RequiredScope(HttpRequest request)
    {
        var reads = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        if (request.Path.StartsWithSegments("/alerts"))
            return reads ? Scopes.AlertsRead : Scopes.AlertsWrite;
        if (request.Path.StartsWithSegments("/data"))
            return Scopes.DataRead;
        return reads ? Scopes.DataRead : Scopes.DataWrite;
    }
}
