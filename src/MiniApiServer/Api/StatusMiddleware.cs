using MiniApiServer.Api.Requests;
using MiniApiServer.Machinery;

namespace MiniApiServer.Api;

/// <summary>
/// Every failure leaves as a Kubernetes Status: ApiExceptions as they are, body-size limits as 413, routing
/// misses as 404/405 with upstream's texts, and anything unexpected as a logged 500 (our bug, never the client's).
/// </summary>
internal sealed partial class StatusMiddleware(RequestDelegate next, ILogger<StatusMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext ctx)
    {
        try
        {
            await next(ctx);
            if (!ctx.Response.HasStarted && ctx.Response.ContentType is null && ctx.Response.StatusCode is 404 or 405 or 415)
            {
                // Routing answered on its own (no such path, no such method, or a body type the endpoint does not
                // accept): give those answers the Status body kube-apiserver sends.
                var e = ctx.Response.StatusCode switch
                {
                    405 => ApiException.MethodNotAllowed(),
                    415 => HttpErrors.UnsupportedMediaType(HttpMethods.IsPatch(ctx.Request.Method) ? ResourceRoutes.PatchTypes : ResourceRoutes.BodyTypes),
                    _ => HttpErrors.PathNotFound(),
                };
                await ResponseWriter.WriteStatusAsync(ctx, e.Status);
            }
        }
        catch (ApiException e) when (!ctx.Response.HasStarted)
        {
            await ResponseWriter.WriteStatusAsync(ctx, e.Status);
        }
        catch (BadHttpRequestException e) when (!ctx.Response.HasStarted)
        {
            var status = e.StatusCode == 413 ? HttpErrors.RequestEntityTooLarge(RequestBody.MaxBytes) : ApiException.BadRequest(e.Message);
            await ResponseWriter.WriteStatusAsync(ctx, status.Status);
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (Exception e) when (!ctx.Response.HasStarted)
        {
            LogUnexpected(e, ctx.Request.Method, ctx.Request.Path);
            var message = e is InvalidOperationException { InnerException: not null } ? e.Message : "an unexpected error occurred";
            await ResponseWriter.WriteStatusAsync(ctx, ApiException.Internal(message).Status);
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Error, Message = "Unhandled error serving {Method} {Path}")]
    private partial void LogUnexpected(Exception e, string method, string path);
}
