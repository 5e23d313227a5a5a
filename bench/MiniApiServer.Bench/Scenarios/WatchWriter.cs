using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using MiniApiServer.Bench.Load;

namespace MiniApiServer.Bench.Scenarios;

/// <summary>A write the server acknowledged: when it was sent and its answer arrived, the event it must cause, whether its latency counts.</summary>
internal sealed record AckedWrite(long SentAt, long AckedAt, WatchEventType Expected, bool Measured);

/// <summary>What the writer did: writes acknowledged per second over its run, and the writes that failed.</summary>
internal sealed record WriterResult(int Planned, int Acked, int Creates, double WritesPerSecond, long StartedAt, int Failures, string? FirstFailure);

/// <summary>
/// The watch scenario's writer: an open-loop, paced stream of writes to Services in one namespace (write i is due at
/// start + i / rate, whatever the answers' latency, up to 64 in flight). One in four creates a new Service (ADDED),
/// the others merge-patch a label of a pool Service (MODIFIED), round robin so one object is never patched twice at
/// once. Each acknowledged write is recorded under the resourceVersion of its answer, timestamped on arrival.
/// </summary>
internal static class WatchWriter
{
    public const int PoolSize = 200;
    private const int CreateEvery = 4;
    private const int MaxInFlight = BenchContext.Clients;

    public static string PoolName(int index) => $"pool-{index.ToString("D4", CultureInfo.InvariantCulture)}";

    public static async Task<WriterResult> RunAsync(LoadClient client, string ns, int rate, TimeSpan duration,
        ConcurrentDictionary<long, AckedWrite> acked, Action<double> progress, CancellationToken ct)
    {
        var collection = $"/api/v1/namespaces/{ns}/services";
        var total = (int)(rate * duration.TotalSeconds);
        // The first fifth (at most 2 s) warms up, as in the other scenarios: verified, but not in the latency.
        var warmup = Math.Min(total / 5, rate * 2);
        var failures = 0;
        string? firstFailure = null;
        var creates = 0;
        using var inFlight = new SemaphoreSlim(MaxInFlight);
        var writes = new List<Task>(total);
        var start = Stopwatch.GetTimestamp();

        async Task WriteAsync(int i)
        {
            try
            {
                var create = i % CreateEvery == 0;
                var sent = Stopwatch.GetTimestamp();
                var name = create ? $"w-{i.ToString("D6", CultureInfo.InvariantCulture)}" : PoolName(i % PoolSize);
                var reply = create
                    ? await client.PostAsync(collection, Payloads.Service(ns, name, i, i.ToString(CultureInfo.InvariantCulture)), ct)
                    : await client.MergePatchAsync($"{collection}/{name}", Payloads.LabelPatch(i.ToString(CultureInfo.InvariantCulture)), ct);
                var at = Stopwatch.GetTimestamp();
                UnexpectedAnswerException.Expect(reply, create ? 201 : 200, $"{(create ? "create" : "patch")} {name}");
                var rv = long.Parse(Listing.ResourceVersionOf(reply.Body), CultureInfo.InvariantCulture);
                if (!acked.TryAdd(rv, new AckedWrite(sent, at, create ? WatchEventType.Added : WatchEventType.Modified, i >= warmup)))
                {
                    throw new UnexpectedAnswerException($"two writes answered with resourceVersion {rv}");
                }
                if (create)
                {
                    Interlocked.Increment(ref creates);
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException or UnexpectedAnswerException
                || (e is TaskCanceledException && !ct.IsCancellationRequested))
            {
                if (Interlocked.Increment(ref failures) == 1)
                {
                    firstFailure = e.Message;
                }
            }
            finally
            {
                inFlight.Release();
            }
        }

        for (var i = 0; i < total; i++)
        {
            var wait = TimeSpan.FromSeconds((double)i / rate) - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, ct);
            }
            await inFlight.WaitAsync(ct);
            writes.Add(WriteAsync(i));
            if (i % 100 == 0)
            {
                progress((double)i / total);
            }
        }
        await Task.WhenAll(writes);
        var elapsed = Stopwatch.GetElapsedTime(start);
        return new WriterResult(total, acked.Count, creates, acked.Count / elapsed.TotalSeconds, start, failures, firstFailure);
    }
}
