using System.Globalization;
using Microsoft.Net.Http.Headers;
using MiniApiServer.Api.Requests;

namespace MiniApiServer.Api.OpenApi;

/// <summary>
/// <c>/openapi/v3</c> as kube-apiserver serves it (k8s.io/kube-openapi/pkg/handler3/handler.go): the index of the group
/// versions, each with a <c>serverRelativeURL</c> carrying its document's hash, and each document at
/// <c>/openapi/v3/api/v1</c>, <c>/openapi/v3/apis/{group}/{version}</c>. Both answer with an ETag (the document's
/// SHA-512) and Last-Modified, and 304 to a matching If-None-Match or If-Modified-Since (Go's http.ServeContent); a
/// document asked for by its current hash is immutable for a year, one asked for by an old hash redirects (301) to
/// the current one. Only JSON is served: an Accept that allows no JSON is a 406. <c>/openapi/v2</c> is deliberately
/// not served (a 404, like every unknown path), so kubectl uses v3 (kubectl-wire.md §1.6).
/// </summary>
internal static class OpenApiV3Endpoints
{
    public const string Root = "/openapi/v3";

    public static IServiceCollection AddOpenApiV3(this IServiceCollection services)
    {
        services.AddSingleton(sp => new KubernetesSchemas(ModelDocs.Load(sp.GetRequiredService<ILogger<KubernetesSchemas>>())));
        services.AddSingleton<GroupVersionDocuments>();
        services.AddSingleton(sp => new OpenApiIndex(sp.GetRequiredService<GroupVersionDocuments>(), sp.GetRequiredService<TimeProvider>().GetUtcNow()));
        return services;
    }

    public static void MapOpenApiV3(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Root).ExcludeFromDescription();
        group.MapGet("", (HttpContext ctx, OpenApiIndex index) =>
        {
            ctx.Response.ContentType = "application/json";
            return Serve(ctx, index.Index, index.LastModified);
        });
        group.MapGet("/{**groupVersion}", (HttpContext ctx, string groupVersion, OpenApiIndex index) =>
        {
            ctx.Response.Headers.Vary = "Accept";
            if (!index.Documents.All.TryGetValue(groupVersion, out var document))
            {
                throw HttpErrors.PathNotFound();
            }
            if (!AcceptsJson(ctx.Request.Headers.Accept))
            {
                throw HttpErrors.NotAcceptable(["application/json"]);
            }
            ctx.Response.ContentType = "application/json";
            if (ctx.Request.Query["hash"].ToString() is { Length: > 0 } hash)
            {
                if (hash != document.Hash)
                {
                    ctx.Response.Headers.ETag = Quote(document.Hash);
                    ctx.Response.Redirect(OpenApiIndex.ServerRelativeUrl(groupVersion, document.Hash), permanent: true);
                    return Task.CompletedTask;
                }
                ctx.Response.Headers.CacheControl = "public, immutable";
                ctx.Response.Headers.Expires = DateTimeOffset.UtcNow.AddYears(1).ToString("R", CultureInfo.InvariantCulture);
            }
            return Serve(ctx, document, index.LastModified);
        });
    }

    /// <summary>handler3's negotiation, less protobuf: a clause of application/json, application/* or */* (no Accept is */*).</summary>
    private static bool AcceptsJson(string? accept) =>
        string.IsNullOrWhiteSpace(accept)
        || (MediaTypeHeaderValue.TryParseList(accept.Split(','), out var clauses)
            && clauses.Any(c => c.Type.Value is "application" or "*" && c.SubType.Value is "json" or "*"));

    /// <summary>Go's http.ServeContent for a whole document: validators, then 304 or the bytes.</summary>
    private static Task Serve(HttpContext ctx, ServedDocument document, DateTimeOffset lastModified)
    {
        var etag = Quote(document.Hash);
        ctx.Response.Headers.ETag = etag;
        ctx.Response.Headers.LastModified = lastModified.ToString("R", CultureInfo.InvariantCulture);
        var request = ctx.Request.GetTypedHeaders();
        var notModified = request.IfNoneMatch is { Count: > 0 } tags
            ? tags.Any(t => t.Tag.Value == etag || t == EntityTagHeaderValue.Any)
            : request.IfModifiedSince is { } since && Truncate(lastModified) <= since;
        if (notModified)
        {
            ctx.Response.Headers.ContentType = default;
            ctx.Response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }
        ctx.Response.ContentLength = document.Json.Length;
        return ctx.Response.Body.WriteAsync(document.Json, ctx.RequestAborted).AsTask();
    }

    private static string Quote(string hash) => "\"" + hash + "\"";

    private static DateTimeOffset Truncate(DateTimeOffset t) => t.AddTicks(-(t.Ticks % TimeSpan.TicksPerSecond));
}
