using MiniApiServer.Api.Requests;
using MiniApiServer.Api.Tables;
using MiniApiServer.Registry;

namespace MiniApiServer.Api.Watch;

/// <summary>
/// <c>?watch=true</c> on a list path (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/watch.go): the registry's watch
/// as a chunked stream of JSON events, flushed once per burst, ended by <c>timeoutSeconds</c> (default: a random 30–60
/// minutes), shutdown, the client leaving, or the watch itself ending (an ERROR event, or cut off for falling behind).
/// A request the registry refuses (or with table options upstream refuses) fails before the stream starts, as a plain
/// Status. Events are converted as the client asked (<see cref="WatchObjectEncoding"/>).
/// </summary>
internal sealed class WatchHandler(GenericRegistry registry, IHostApplicationLifetime lifetime, IConfiguration config, TimeProvider time)
{
    private readonly TimeSpan _bookmarkInterval = TimeSpan.FromSeconds(config.GetValue("watch-bookmark-interval-seconds", 60.0));

    /// <summary>Serves a watch of the collection, or with <paramref name="name"/> of that one object (the legacy <c>/watch/</c> paths).</summary>
    public async Task ServeAsync(HttpContext ctx, KindRegistration kind, string? ns, ResponseTarget target, string? name = null)
    {
        // NegotiateOutputMediaTypeStream: the best match of Accept must have a stream serializer, and YAML has none
        // (even when JSON is acceptable too); the 406 lists the stream types.
        if (target.Format == WireFormat.Yaml)
        {
            throw HttpErrors.NotAcceptable([MediaTypes.Json + ";stream=watch"]);
        }
        var query = ctx.Request.Query;
        var include = target.Conversion == Conversion.Table ? TableOptions.Read(query) : IncludeObject.Metadata;
        var encoding = new WatchObjectEncoding(kind, target, include, time);
        var timeout = TimeSpan.FromSeconds(QueryParameters.Int64(query, "timeoutSeconds") is > 0 and var t ? t : Random.Shared.Next(1800, 3600));
        var options = ReadRequests.WatchOptions(query, _bookmarkInterval, timeout);
        using var watch = name is null ? registry.Watch(kind, ns, options) : registry.WatchNamed(kind, ns, name, options);
        using var end = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, lifetime.ApplicationStopping);
        end.CancelAfter(timeout);
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "application/json";
        var body = ctx.Response.Body;
        try
        {
            // The headers go out now, not with the first event: a client opening a watch waits for them, and a watch
            // from the current version may have nothing to send for a long time.
            await ctx.Response.StartAsync(end.Token);
            await body.FlushAsync(end.Token);
            while (await watch.WaitToReadAsync(end.Token))
            {
                while (watch.TryRead(out var e))
                {
                    await body.WriteAsync(encoding.Frame(e), end.Token);
                }
                await body.FlushAsync(end.Token);
            }
        }
        catch (OperationCanceledException) when (end.IsCancellationRequested)
        {
            // Timeout, shutdown or the client left: the response simply ends.
        }
    }
}
