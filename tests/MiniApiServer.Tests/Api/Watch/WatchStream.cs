using System.Text.Json.Nodes;

namespace MiniApiServer.Tests.Api.Watch;

/// <summary>
/// One open watch over HTTP, read line by line (one JSON event per line). Every read has a timeout and the whole
/// stream a hard limit, so a test that expects an event that never comes fails instead of hanging.
/// </summary>
internal sealed class WatchStream : IAsyncDisposable
{
    private static readonly TimeSpan HardLimit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);

    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;
    private readonly CancellationTokenSource _life;

    private WatchStream(HttpResponseMessage response, StreamReader reader, CancellationTokenSource life)
    {
        _response = response;
        _reader = reader;
        _life = life;
    }

    public HttpResponseMessage Response => _response;

    /// <summary>Sends the watch request and returns once the response headers arrived (the watcher is subscribed).</summary>
    public static async Task<WatchStream> OpenAsync(ApiServer server, string pathAndQuery, string? accept = null)
    {
        var life = new CancellationTokenSource(HardLimit);
        var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }
        var response = await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, life.Token);
        var body = await response.Content.ReadAsStreamAsync(life.Token);
        return new WatchStream(response, new StreamReader(body), life);
    }

    /// <summary>The next event, or null when the server ended the stream; throws <see cref="TimeoutException"/> if none comes in time.</summary>
    public async Task<JsonObject?> NextAsync(TimeSpan? wait = null)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(_life.Token);
        cts.CancelAfter(wait ?? DefaultWait);
        string? line;
        try
        {
            line = await _reader.ReadLineAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no watch event within {wait ?? DefaultWait}");
        }
        return line is null ? null : JsonNode.Parse(line)!.AsObject();
    }

    /// <summary>The next event, which must come in time and before the stream ends.</summary>
    public async Task<JsonObject> ExpectAsync(TimeSpan? wait = null) =>
        await NextAsync(wait) ?? throw new InvalidOperationException("the watch stream ended instead of sending an event");

    /// <summary>Exactly the next <paramref name="count"/> events; fails if the stream ends or stalls before.</summary>
    public async Task<List<JsonObject>> TakeAsync(int count, TimeSpan? wait = null)
    {
        var events = new List<JsonObject>(count);
        while (events.Count < count)
        {
            var e = await NextAsync(wait);
            Assert.True(e is not null, $"stream ended after {events.Count} of {count} events");
            events.Add(e);
        }
        return events;
    }

    /// <summary>Every remaining event until the server ends the stream (use with timeoutSeconds).</summary>
    public async Task<List<JsonObject>> ReadToEndAsync(TimeSpan? wait = null)
    {
        var events = new List<JsonObject>();
        while (await NextAsync(wait) is { } e)
        {
            events.Add(e);
        }
        return events;
    }

    public async ValueTask DisposeAsync()
    {
        await _life.CancelAsync();
        _reader.Dispose();
        _response.Dispose();
        _life.Dispose();
    }
}

/// <summary>Accessors over a watch event.</summary>
internal static class WatchEvent
{
    public static string Type(this JsonObject e) => (string)e["type"]!;

    public static JsonObject Object(this JsonObject e) => e["object"]!.AsObject();

    public static string Name(this JsonObject e) => (string)e.Object()["metadata"]!["name"]!;

    public static long EventRv(this JsonObject e) => long.Parse((string)e.Object()["metadata"]!["resourceVersion"]!, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>"TYPE name" for compact sequence assertions.</summary>
    public static string Summary(this JsonObject e) => e.Type() + " " + e.Name();
}
