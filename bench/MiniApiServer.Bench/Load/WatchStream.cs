using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;

namespace MiniApiServer.Bench.Load;

/// <summary>The type of a watch event line, as far as the bench tells them apart.</summary>
internal enum WatchEventType
{
    Added,
    Modified,
    Deleted,
    Bookmark,
    Error,
    Unknown,
}

/// <summary>One event as the bench reads it: its type, its object's resourceVersion (0 when absent), when its line arrived.</summary>
internal readonly record struct WatchLine(WatchEventType Type, long ResourceVersion, long ReceivedAt);

/// <summary>
/// A watch stream read the cheap way: newline-delimited events straight from the response bytes through a
/// <see cref="PipeReader"/>, with only the event type and the first <c>"resourceVersion"</c> picked out (the object's
/// metadata one; a Service has no other). A thousand watchers at a thousand events per second each would otherwise
/// spend the bench's CPU on JSON parsing, and the bench would measure itself.
/// </summary>
internal static class WatchStream
{
    private static readonly byte[] ResourceVersionKey = "\"resourceVersion\":\""u8.ToArray();

    private static readonly (byte[] Prefix, WatchEventType Type)[] Types =
    [
        ("{\"type\":\"ADDED\""u8.ToArray(), WatchEventType.Added),
        ("{\"type\":\"MODIFIED\""u8.ToArray(), WatchEventType.Modified),
        ("{\"type\":\"DELETED\""u8.ToArray(), WatchEventType.Deleted),
        ("{\"type\":\"BOOKMARK\""u8.ToArray(), WatchEventType.Bookmark),
        ("{\"type\":\"ERROR\""u8.ToArray(), WatchEventType.Error),
    ];

    /// <summary>
    /// An HTTP/1.1 client whose pool allows one connection per watcher: a watch holds its connection for as long as
    /// it runs, so each watcher has its own, as separate kubectl or client-go processes would.
    /// </summary>
    public static HttpClient Client(Uri baseAddress, int watchers) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = watchers,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        ConnectTimeout = TimeSpan.FromSeconds(30),
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
    })
    {
        BaseAddress = baseAddress,
        Timeout = Timeout.InfiniteTimeSpan,
        DefaultRequestVersion = HttpVersion.Version11,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    /// <summary>Starts a watch: returns once the 200 and its headers have arrived (the server has subscribed by then).</summary>
    public static async Task<HttpResponseMessage> OpenAsync(HttpClient http, string path, CancellationToken ct)
    {
        var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, ct);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            using (response)
            {
                var body = await response.Content.ReadAsStringAsync(ct);
                throw new UnexpectedAnswerException($"watch {path}: expected 200, got {(int)response.StatusCode}: {body}");
            }
        }
        return response;
    }

    /// <summary>
    /// Reads events until the server ends the stream (returns) or <paramref name="ct"/> is cancelled (throws).
    /// Every line of one read shares the timestamp of that read.
    /// </summary>
    public static async Task ReadAsync(HttpResponseMessage response, Action<WatchLine> onEvent, CancellationToken ct)
    {
        if (await ReadLinesAsync(response, (line, receivedAt) => onEvent(Parse(line, receivedAt)), ct))
        {
            onEvent(new WatchLine(WatchEventType.Unknown, 0, Stopwatch.GetTimestamp()));
        }
    }

    /// <summary>
    /// Hands each event line (without its newline) to <paramref name="onLine"/> with the timestamp of the read that
    /// brought it, until the server ends the stream or <paramref name="ct"/> is cancelled (throws). The line is only
    /// valid during the call. Returns whether the stream ended in the middle of a line.
    /// </summary>
    public static async Task<bool> ReadLinesAsync(HttpResponseMessage response, Action<ReadOnlySequence<byte>, long> onLine, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024));
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(ct);
                var buffer = result.Buffer;
                var now = Stopwatch.GetTimestamp();
                while (buffer.PositionOf((byte)'\n') is { } newline)
                {
                    onLine(buffer.Slice(0, newline), now);
                    buffer = buffer.Slice(buffer.GetPosition(1, newline));
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    return !buffer.IsEmpty;
                }
            }
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    /// <summary>An event line's type, from the prefix the server writes (<c>{"type":"MODIFIED"</c>).</summary>
    public static WatchEventType TypeOf(ReadOnlySpan<byte> line)
    {
        foreach (var (prefix, t) in Types)
        {
            if (line.StartsWith(prefix))
            {
                return t;
            }
        }
        return WatchEventType.Unknown;
    }

    private static WatchLine Parse(ReadOnlySequence<byte> sequence, long receivedAt)
    {
        var line = sequence.IsSingleSegment ? sequence.FirstSpan : sequence.ToArray();
        var type = TypeOf(line);
        var at = line.IndexOf(ResourceVersionKey);
        var rv = at >= 0 && Utf8Parser.TryParse(line[(at + ResourceVersionKey.Length)..], out long parsed, out _) ? parsed : 0;
        return new WatchLine(type, rv, receivedAt);
    }
}
