using System.Collections.Concurrent;
using System.Diagnostics;
using MiniApiServer.Bench.Load;

namespace MiniApiServer.Bench.Scenarios;

/// <summary>
/// One watcher of the watch scenario, on its own connection: checks that resourceVersions only go up (in order, no
/// duplicate) and that each event is the one its write must cause, and records the latency from the write's
/// answer to the event's arrival (and, for the note, from the write's request). An event that arrives before its write's answer (the server hands events to
/// watchers before acknowledging) is kept aside and settled at the end, when every answer is known.
/// </summary>
internal sealed class Watcher(int id, ConcurrentDictionary<long, AckedWrite> acked, ShardedHistogram latency, ShardedHistogram fromSent)
{
    private readonly List<WatchLine> _early = [];
    private long _last;
    private long _received;

    public int Id { get; } = id;

    public long Received => Interlocked.Read(ref _received);

    public long LastReceivedAt { get; private set; }

    /// <summary>Why the stream ended before the bench stopped it (cut off by the server, or an error); null if it did not.</summary>
    public string? CutOff { get; private set; }

    /// <summary>The first wrong event: out of order, duplicated, of the wrong type, or of no write of the bench.</summary>
    public string? Problem { get; private set; }

    public int ArrivedBeforeAnswer { get; private set; }

    /// <summary>Reads the stream until the bench cancels <paramref name="ct"/>; any earlier end is a cut-off.</summary>
    public async Task RunAsync(HttpResponseMessage response, CancellationToken ct)
    {
        using (response)
        {
            try
            {
                await WatchStream.ReadAsync(response, OnEvent, ct);
                CutOff = $"the server ended the stream after {Received:N0} events";
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Stopped by the bench once every event was in (or it gave up waiting).
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                CutOff = $"{e.GetType().Name} after {Received:N0} events: {e.Message}";
            }
        }
    }

    /// <summary>Settles the events that arrived before their write's answer; call once every write is answered.</summary>
    public void Settle()
    {
        foreach (var line in _early)
        {
            if (acked.TryGetValue(line.ResourceVersion, out var write))
            {
                Check(line, write);
                ArrivedBeforeAnswer++;
                Record(line, write);
            }
            else
            {
                Problem ??= $"event at resourceVersion {line.ResourceVersion} matches no acknowledged write";
            }
        }
        _early.Clear();
    }

    private void OnEvent(WatchLine line)
    {
        if (line.Type is not (WatchEventType.Added or WatchEventType.Modified))
        {
            Problem ??= $"unexpected {line.Type} event after {Received:N0} events";
            return;
        }
        if (line.ResourceVersion <= _last)
        {
            Problem ??= $"resourceVersion {line.ResourceVersion} after {_last}: out of order or duplicated";
        }
        _last = line.ResourceVersion;
        LastReceivedAt = line.ReceivedAt;
        Interlocked.Increment(ref _received);
        if (acked.TryGetValue(line.ResourceVersion, out var write))
        {
            Check(line, write);
            Record(line, write);
        }
        else
        {
            _early.Add(line);
        }
    }

    private void Record(WatchLine line, AckedWrite write)
    {
        if (write.Measured)
        {
            latency.Record(Id, Math.Max(0, Micros(line.ReceivedAt - write.AckedAt)));
            fromSent.Record(Id, Micros(line.ReceivedAt - write.SentAt));
        }
    }

    private void Check(WatchLine line, AckedWrite write)
    {
        if (line.Type != write.Expected)
        {
            Problem ??= $"resourceVersion {line.ResourceVersion} arrived as {line.Type}, expected {write.Expected}";
        }
    }

    private static long Micros(long ticks) => ticks * 1_000_000 / Stopwatch.Frequency;
}
