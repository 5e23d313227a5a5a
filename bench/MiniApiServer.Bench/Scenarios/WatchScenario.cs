using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using HdrHistogram;
using MiniApiServer.Bench.Load;
using MiniApiServer.Bench.Report;

namespace MiniApiServer.Bench.Scenarios;

/// <summary>
/// watch: 1,000 watchers of the Services of one namespace, each on its own connection and started from the version
/// of a LIST taken just before, while a writer makes 1,000 paced writes/s there (with <c>--quick</c>: 50 × 200/s).
/// Throughput is the events delivered per second summed over the watchers; latency runs from each write's answer to
/// its event's arrival at every watcher. Verified: every watcher got every acknowledged write's event exactly once, in
/// resourceVersion order and of the right type, and no watcher was cut off.
/// </summary>
internal static class WatchScenario
{
    public const int Watchers = 1_000;
    public const int WritesPerSecond = 1_000;
    private const int QuickWatchers = 50;
    private const int QuickWritesPerSecond = 200;
    private const int ConnectConcurrency = 64;
    private static readonly TimeSpan QuickDuration = TimeSpan.FromSeconds(2);

    /// <summary>How long the bench waits for the last events once no watcher makes progress any more.</summary>
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(15);

    public static string Case(int watchers, int rate) => $"{watchers:N0} watchers × {rate:N0} writes/s";

    public static async Task RunAsync(BenchContext context)
    {
        var quick = context.Options.Quick;
        var watchers = quick ? QuickWatchers : Watchers;
        var rate = quick ? QuickWritesPerSecond : WritesPerSecond;
        var duration = quick && context.Options.Duration < QuickDuration ? QuickDuration : context.Options.Duration;
        var ct = context.Cancellation;
        var ns = context.Namespace("watch");
        var collection = $"/api/v1/namespaces/{ns}/services";
        await Preload.NamespaceAsync(context, ns);
        await Preload.ObjectsAsync(context, ns, "services", 0, WatchWriter.PoolSize,
            i => Payloads.Service(ns, WatchWriter.PoolName(i), i), "service");
        using var client = context.Client();
        var listed = UnexpectedAnswerException.Expect(await client.GetAsync(collection, ct), 200, $"LIST {collection}");
        var from = ListResourceVersion(listed.Body);

        var acked = new ConcurrentDictionary<long, AckedWrite>();
        var latency = new ShardedHistogram();
        var fromSent = new ShardedHistogram();
        var all = Enumerable.Range(0, watchers).Select(i => new Watcher(i, acked, latency, fromSent)).ToArray();
        using var http = WatchStream.Client(context.Server.BaseAddress, watchers);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var connectStarted = Stopwatch.GetTimestamp();
        var responses = await ConnectAsync(context, http, $"{collection}?watch=true&resourceVersion={from}", watchers);
        var connectTime = Stopwatch.GetElapsedTime(connectStarted);
        var reading = all.Select(w => Task.Run(() => w.RunAsync(responses[w.Id], stop.Token), CancellationToken.None)).ToArray();

        WriterResult writer;
        Processes.ServerUsage? usage;
        TimeSpan wall;
        TimeSpan cpu;
        try
        {
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var wallStart = Stopwatch.GetTimestamp();
            await using var monitor = context.Monitor();
            using (var step = context.Progress.Begin($"watch: {Case(watchers, rate)} for {duration.TotalSeconds:0.#} s"))
            {
                writer = await WatchWriter.RunAsync(client, ns, rate, duration, acked, step.Report, ct);
            }
            using (context.Progress.Begin($"watch: waiting for {acked.Count:N0} events at each of {watchers:N0} watchers"))
            {
                await DrainAsync(all, acked.Count, ct);
            }
            usage = monitor is null ? null : await monitor.EndAsync();
            wall = Stopwatch.GetElapsedTime(wallStart);
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        }
        finally
        {
            // Also on failure or cancellation: no watcher task outlives the scenario.
            await stop.CancelAsync();
            await Task.WhenAll(reading);
        }
        var benchCpu = 100.0 * cpu.TotalSeconds / wall.TotalSeconds / Environment.ProcessorCount;
        foreach (var w in all)
        {
            w.Settle();
        }

        var delivered = all.Sum(w => w.Received);
        var lastArrival = all.Max(w => w.LastReceivedAt);
        var deliveryTime = Stopwatch.GetElapsedTime(writer.StartedAt, Math.Max(lastArrival, writer.StartedAt + 1));
        var histogram = latency.Merge();
        var sentHistogram = fromSent.Merge();
        var (verified, verification) = Verify(all, writer);
        context.Notes.Add($"watch: {watchers:N0} watchers connected in {connectTime.TotalMilliseconds:N0} ms; writer acknowledged " +
            $"{writer.Acked:N0} of {writer.Planned:N0} writes ({writer.Creates:N0} creates, {writer.Acked - writer.Creates:N0} merge patches) " +
            $"at {writer.WritesPerSecond:N0}/s (asked {rate:N0}/s); {all.Sum(w => w.ArrivedBeforeAnswer):N0} events reached a watcher " +
            "before their write's answer reached the writer (counted as 0 ms); latency excludes the first fifth of the writes (warm-up); " +
            $"from the write's request instead of its answer: p50 {Ms(sentHistogram, 50)} / p99 {Ms(sentHistogram, 99)} / max {sentHistogram.GetMaxValue() / 1000.0:0.0} ms");
        context.Results.Add(new ScenarioResult("watch", Case(watchers, rate),
            Clients: watchers,
            Operations: delivered,
            Throughput: delivered / deliveryTime.TotalSeconds,
            P50Ms: histogram.PercentileMs(50),
            P90Ms: histogram.PercentileMs(90),
            P99Ms: histogram.PercentileMs(99),
            MaxMs: histogram.GetMaxValue() / 1000.0,
            ServerRssPeakMb: usage?.RssPeakMb,
            ServerRssEndMb: usage?.RssEndMb,
            ServerCpuPercent: usage?.CpuPercentOfOneCore,
            BenchCpuPercent: benchCpu,
            Ratio: $"writes {writer.WritesPerSecond:N0}/s acknowledged",
            Verified: verified,
            Verification: verification,
            WritesPerSecond: writer.WritesPerSecond));
    }

    /// <summary>Opens every watch (a few at a time, as the listen backlog is finite) before any write is made.</summary>
    private static async Task<HttpResponseMessage[]> ConnectAsync(BenchContext context, HttpClient http, string path, int watchers)
    {
        var responses = new HttpResponseMessage[watchers];
        var opened = 0;
        using var step = context.Progress.Begin($"watch: open {watchers:N0} watches");
        using var gate = new SemaphoreSlim(ConnectConcurrency);
        try
        {
            await Task.WhenAll(Enumerable.Range(0, watchers).Select(async i =>
            {
                await gate.WaitAsync(context.Cancellation);
                try
                {
                    responses[i] = await WatchStream.OpenAsync(http, path, context.Cancellation);
                    step.Report(Interlocked.Increment(ref opened) / (double)watchers);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }
        catch
        {
            foreach (var r in responses)
            {
                r?.Dispose();
            }
            throw;
        }
        return responses;
    }

    /// <summary>Waits until every watcher has every event, has been cut off, or no event arrived anywhere for a while.</summary>
    private static async Task DrainAsync(Watcher[] all, int expected, CancellationToken ct)
    {
        var progressAt = Stopwatch.GetTimestamp();
        var seen = -1L;
        while (all.Any(w => w.Received < expected && w.CutOff is null) && Stopwatch.GetElapsedTime(progressAt) < StallTimeout)
        {
            await Task.Delay(20, ct);
            var now = all.Sum(w => w.Received);
            if (now != seen)
            {
                seen = now;
                progressAt = Stopwatch.GetTimestamp();
            }
        }
    }

    private static (bool Verified, string Text) Verify(Watcher[] all, WriterResult writer)
    {
        var problems = new List<string>();
        if (writer.Failures > 0)
        {
            problems.Add($"{writer.Failures:N0} writes failed (first: {writer.FirstFailure})");
        }
        var cut = all.Where(w => w.CutOff is not null).ToList();
        if (cut.Count > 0)
        {
            problems.Add($"{cut.Count:N0} watchers cut off (first: watcher {cut[0].Id}: {cut[0].CutOff})");
        }
        var wrong = all.Where(w => w.Problem is not null).ToList();
        if (wrong.Count > 0)
        {
            problems.Add($"{wrong.Count:N0} watchers saw a wrong event (first: watcher {wrong[0].Id}: {wrong[0].Problem})");
        }
        // Versions only going up, each one an acknowledged write, and as many as the writes: each write exactly once.
        var short_ = all.Where(w => w.Received != writer.Acked).ToList();
        if (short_.Count > 0)
        {
            problems.Add($"{short_.Count:N0} watchers did not get exactly the {writer.Acked:N0} events (first: watcher {short_[0].Id} got {short_[0].Received:N0})");
        }
        return problems.Count == 0
            ? (true, $"all {all.Length:N0} watchers got each of the {writer.Acked:N0} writes' events exactly once, in resourceVersion order, " +
                $"ADDED for the {writer.Creates:N0} creates and MODIFIED for the patches; none cut off")
            : (false, string.Join("; ", problems));
    }

    private static string Ms(LongHistogram h, double percentile) =>
        h.PercentileMs(percentile).ToString("0.00", CultureInfo.InvariantCulture);

    private static long ListResourceVersion(byte[] listBody)
    {
        using var doc = JsonDocument.Parse(listBody);
        return long.Parse(doc.RootElement.GetProperty("metadata").GetProperty("resourceVersion").GetString()!, CultureInfo.InvariantCulture);
    }
}
