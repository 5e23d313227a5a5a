using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace MiniApiServer.Bench.Load;

/// <summary>
/// One watch whose objects the bench reads (the watch scenario only needs types and versions; the endpoints scenario
/// needs the addresses inside). It counts the events by type, remembers when the last one arrived, and hands each
/// object that passes <c>filter</c> to <c>onObject</c> with the arrival time of its read. Lines the filter rejects are
/// only counted, so a watch of big objects does not spend the bench's CPU on JSON it does not look at.
/// </summary>
internal sealed class ObjectWatch : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Action<WatchEventType, JsonElement, long> _onObject;
    private readonly Func<ReadOnlySequence<byte>, bool>? _filter;
    private readonly long[] _counts = new long[Enum.GetValues<WatchEventType>().Length];
    private Task _reading = Task.CompletedTask;
    private long _lastEventAt;

    private ObjectWatch(Action<WatchEventType, JsonElement, long> onObject, Func<ReadOnlySequence<byte>, bool>? filter, CancellationToken ct)
    {
        _onObject = onObject;
        _filter = filter;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
    }

    public string Path { get; private init; } = "";

    /// <summary>Why the stream ended before the bench stopped it, or the first event it could not read; null if neither.</summary>
    public string? Problem { get; private set; }

    /// <summary>The Stopwatch timestamp of the last event's arrival; 0 before the first.</summary>
    public long LastEventAt => Interlocked.Read(ref _lastEventAt);

    public long Count(WatchEventType type) => Interlocked.Read(ref _counts[(int)type]);

    /// <summary>ADDED, MODIFIED and DELETED events: the writes of the watched objects.</summary>
    public long Writes => Count(WatchEventType.Added) + Count(WatchEventType.Modified) + Count(WatchEventType.Deleted);

    /// <summary>Opens the watch (returns once the server has answered 200) and starts reading it in the background.</summary>
    public static async Task<ObjectWatch> OpenAsync(HttpClient http, string path, Action<WatchEventType, JsonElement, long> onObject,
        CancellationToken ct, Func<ReadOnlySequence<byte>, bool>? filter = null)
    {
        var watch = new ObjectWatch(onObject, filter, ct) { Path = path };
        var response = await WatchStream.OpenAsync(http, path, ct);
        watch._reading = Task.Run(() => watch.ReadAsync(response), CancellationToken.None);
        return watch;
    }

    /// <summary>Stops reading; what was counted stays readable.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _reading;
        _stop.Dispose();
    }

    private async Task ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            try
            {
                var partial = await WatchStream.ReadLinesAsync(response, OnLine, _stop.Token);
                Problem ??= $"watch {Path}: the server ended the stream{(partial ? " in the middle of an event" : "")}";
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                // Stopped by the bench.
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                Problem ??= $"watch {Path}: {e.GetType().Name}: {e.Message}";
            }
        }
    }

    private void OnLine(ReadOnlySequence<byte> line, long receivedAt)
    {
        var type = WatchStream.TypeOf(line.IsSingleSegment ? line.FirstSpan : line.ToArray());
        Interlocked.Increment(ref _counts[(int)type]);
        Interlocked.Exchange(ref _lastEventAt, receivedAt);
        if (type is WatchEventType.Error or WatchEventType.Unknown)
        {
            Problem ??= $"watch {Path}: unexpected event {Show(line)}";
            return;
        }
        if (type == WatchEventType.Bookmark || (_filter is not null && !_filter(line)))
        {
            return;
        }
        try
        {
            using var doc = JsonDocument.Parse(line);
            _onObject(type, doc.RootElement.GetProperty("object"), receivedAt);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            Problem ??= $"watch {Path}: unreadable event ({e.Message}): {Show(line)}";
        }
    }

    private static string Show(ReadOnlySequence<byte> line)
    {
        var text = Encoding.UTF8.GetString(line);
        return text.Length > 300 ? text[..300] + "…" : text;
    }
}

/// <summary>Byte-level checks on a watch line, to skip parsing lines that cannot matter.</summary>
internal static class WatchLines
{
    public static bool Contains(ReadOnlySequence<byte> line, ReadOnlySpan<byte> value) =>
        line.IsSingleSegment ? line.FirstSpan.IndexOf(value) >= 0 : line.ToArray().AsSpan().IndexOf(value) >= 0;

    public static long Micros(long fromTimestamp, long toTimestamp) =>
        Math.Max(0, (toTimestamp - fromTimestamp) * 1_000_000 / Stopwatch.Frequency);
}
