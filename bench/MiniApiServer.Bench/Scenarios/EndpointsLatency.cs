using System.Diagnostics;
using HdrHistogram;
using MiniApiServer.Bench.Load;
using MiniApiServer.Bench.Processes;
using MiniApiServer.Bench.Report;

namespace MiniApiServer.Bench.Scenarios;

/// <summary>
/// endpoints, part 1: 1,000 Services × 10 pods (with <c>--quick</c>: 20 × 10) on a server with the simulator off, every
/// pod with an IP but not Ready. With a watch on the namespace's Endpoints and one on its EndpointSlices (each from
/// the version of the LIST that showed everything settled), two pods of every Service (2,000) are flipped to Ready
/// by status writes in a shuffled order: the first 1,000 by one client pausing 10 ms before each (about 70/s here), the
/// rest at 32 concurrent clients. Per pod: the time from sending its status write to (a) the first Endpoints event holding its IP in <c>subsets[].addresses</c> and (b) the first EndpointSlice event
/// holding its endpoint with <c>conditions.ready: true</c>. Verified: every write answered 200, every pod seen in
/// both, nothing ready that was not flipped, no watch cut off, and a final LIST agreeing with the flips.
/// </summary>
internal static class EndpointsLatency
{
    public const int Services = 1_000;
    public const int PodsPerService = 10;
    public const int Clients = 32;
    private const int QuickServices = 20;

    /// <summary>Flipped per Service; 2 × 1,000 = the 2,000 pods of the sample.</summary>
    private const int FlippedPerService = 2;

    /// <summary>How long the controllers may take to reflect the loaded world (a quick run must fit the smoke test's budget).</summary>
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan QuickSettleTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long the bench waits for the last events once neither watch makes progress any more.</summary>
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The pause before each paced flip: with the write itself, about 70 flips/s here, a rate the server keeps up with.</summary>
    private static readonly TimeSpan PacedInterval = TimeSpan.FromMilliseconds(10);

    public static Task RunAsync(BenchContext context) =>
        EndpointsScenario.WithServerAsync(context, "endpoints-latency", ["--pod-simulator=false"], server => MeasureAsync(context, server));

    private static async Task<bool> MeasureAsync(BenchContext context, BenchServer server)
    {
        var ct = context.Cancellation;
        var services = context.Options.Quick ? QuickServices : Services;
        var label = $"{EndpointsScenario.Name} 1/3";
        using var client = new LoadClient(server.BaseAddress, BenchContext.Clients);
        var world = new EndpointsWorld(client, services, PodsPerService);
        await world.BuildAsync(context, label, ready: false);
        var settled = await world.SettleAsync(context, label, _ => false, context.Options.Quick ? QuickSettleTimeout : SettleTimeout);

        // Two pods of every Service, shuffled so that neighbours in time belong to different Services.
        var sample = Enumerable.Range(0, world.Pods).Where(n => n % PodsPerService < FlippedPerService).ToArray();
        new Random(10).Shuffle(sample);
        var flipped = new bool[world.Pods];
        foreach (var n in sample)
        {
            flipped[n] = true;
        }
        var sentAt = new long[world.Pods];
        var endpointsSeen = new Arrivals(world, flipped);
        var slicesSeen = new Arrivals(world, flipped);

        using var http = WatchStream.Client(server.BaseAddress, 2);
        var endpointsPath = $"/api/v1/namespaces/{EndpointsWorld.Namespace}/endpoints?watch=true&resourceVersion={settled.EndpointsResourceVersion}";
        await using var endpointsWatch = await ObjectWatch.OpenAsync(http, endpointsPath, (type, obj, at) =>
        {
            if (type is WatchEventType.Added or WatchEventType.Modified)
            {
                endpointsSeen.Ready(EndpointsWorld.ReadEndpoints(obj).Addresses.Ready, at);
            }
        }, ct);
        await using var slicesWatch = world.SlicesServed
            ? await ObjectWatch.OpenAsync(http, $"/apis/discovery.k8s.io/v1/namespaces/{EndpointsWorld.Namespace}/endpointslices?watch=true&resourceVersion={settled.SlicesResourceVersion}",
                (type, obj, at) =>
                {
                    if (type is WatchEventType.Added or WatchEventType.Modified)
                    {
                        slicesSeen.Ready(EndpointsWorld.ReadSlice(obj).Addresses.Ready, at);
                    }
                }, ct)
            : null;

        // First half paced at about 100 flips/s (one client, 10 ms apart): the latency of a change when the server keeps
        // up. Second half as fast as 32 clients go: the same under saturation, where the controllers queue.
        var paced = sample[..(sample.Length / 2)];
        var burst = sample[(sample.Length / 2)..];
        var (pacedFlips, pacedUsage) = await FlipAsync(context, server, client, world, label, paced, 1, PacedInterval, sentAt, ct);
        await DrainAsync(paced.Length, world.SlicesServed, endpointsSeen, slicesSeen, endpointsWatch, slicesWatch, ct);
        var (flips, usage) = await FlipAsync(context, server, client, world, label, burst, Clients, TimeSpan.Zero, sentAt, ct);
        await DrainAsync(sample.Length, world.SlicesServed, endpointsSeen, slicesSeen, endpointsWatch, slicesWatch, ct);
        var final = await world.SnapshotAsync(ct);
        var mismatch = world.Mismatch(final, n => flipped[n]);

        foreach (var (part, flipsOf, usageOf, clients) in new[] { (paced, pacedFlips, pacedUsage, 1), (burst, flips, usage, Clients) })
        {
            var how = clients == 1 ? $"{part.Length:N0} pods flipped by one client, {PacedInterval.TotalMilliseconds:N0} ms apart" : $"{part.Length:N0} pods flipped at {Clients} clients";
            var @case = $"{services:N0} Services × {PodsPerService} pods, {how}";
            context.Results.Add(Row($"Ready → Endpoints, {@case}", "its Service's Endpoints addresses", part, sentAt, endpointsSeen, endpointsWatch, flipsOf, usageOf, mismatch,
                world.SlicesServed, clients));
            context.Results.Add(slicesWatch is null
                ? ScenarioResult.Unavailable(EndpointsScenario.Name, $"Ready → EndpointSlice, {@case}", "n/a (EndpointSlices or Nodes not served by this build)")
                : Row($"Ready → EndpointSlice, {@case}", "an EndpointSlice endpoint with conditions.ready: true", part, sentAt, slicesSeen, slicesWatch, flipsOf, usageOf,
                    mismatch, world.SlicesServed, clients));
        }
        context.Notes.Add($"{EndpointsScenario.Name} 1/3: {world.Pods:N0} pods of {services:N0} Services in one namespace, server with --pod-simulator=false" +
            $"{(world.NodesServed ? $", pods on Node {EndpointsWorld.NodeName}" : ", Nodes not served")}; {paced.Length:N0} readiness flips " +
            $"(PATCH pods/status, merge patch) paced at {pacedFlips.Throughput:N0}/s by one client, then {burst.Length:N0} at {Clients} clients, {flips.Throughput:N0} flips/s, write p50 {flips.PercentileMs(50):0.00} / p99 " +
            $"{flips.PercentileMs(99):0.00} ms; latency runs from sending the status write to the watch event's arrival at the bench " +
            $"({endpointsWatch.Writes:N0} Endpoints events{(slicesWatch is null ? "" : $", {slicesWatch.Writes:N0} EndpointSlice events")} during the flips)");
        return true;
    }

    /// <summary>Flips <paramref name="part"/> to Ready, one status write each, stamping when each is sent.</summary>
    private static async Task<(LoadResult Flips, ServerUsage? Usage)> FlipAsync(BenchContext context, BenchServer server, LoadClient client,
        EndpointsWorld world, string label, int[] part, int clients, TimeSpan interval, long[] sentAt, CancellationToken ct)
    {
        using var step = context.Progress.Begin($"{label}: flip {part.Length:N0} pods to Ready at {clients} client(s)");
        await using var monitor = ProcessMonitor.Begin(server.ProcessId);
        var flips = await LoadGenerator.RunCountAsync(clients, part.Length, async (_, seq, token) =>
        {
            if (interval > TimeSpan.Zero)
            {
                await Task.Delay(interval, token);
            }
            var n = part[seq];
            // Written before the request is sent, so any event carrying the pod as ready comes after it.
            Volatile.Write(ref sentAt[n], Stopwatch.GetTimestamp());
            UnexpectedAnswerException.Expect(await client.MergePatchAsync(world.StatusPath(n), EndpointsWorld.Status(n, ready: true), token), 200,
                $"status of {world.PodName(n)}");
            return true;
        }, step.Report, ct);
        return (flips, monitor is null ? null : await monitor.EndAsync());
    }

    /// <summary>Waits until both watches have seen every flipped pod, or a watch failed, or nothing arrived for a while.</summary>
    private static async Task DrainAsync(int expected, bool slices, Arrivals endpoints, Arrivals slicesSeen, ObjectWatch endpointsWatch, ObjectWatch? slicesWatch,
        CancellationToken ct)
    {
        var progressAt = Stopwatch.GetTimestamp();
        var seen = -1;
        while ((endpoints.Count < expected || (slices && slicesSeen.Count < expected))
            && endpointsWatch.Problem is null && slicesWatch?.Problem is null
            && Stopwatch.GetElapsedTime(progressAt) < StallTimeout)
        {
            await Task.Delay(10, ct);
            var now = endpoints.Count + slicesSeen.Count;
            if (now != seen)
            {
                seen = now;
                progressAt = Stopwatch.GetTimestamp();
            }
        }
    }

    private static ScenarioResult Row(string @case, string target, int[] sample, long[] sentAt, Arrivals seen, ObjectWatch watch, LoadResult flips,
        ServerUsage? usage, string? finalMismatch, bool slicesMeasured, int clients)
    {
        var arrived = sample.Count(n => seen.At(n) != 0);
        var histogram = new LongHistogram(120_000_000, 3);
        var beforeWrite = 0;
        foreach (var n in sample)
        {
            var at = seen.At(n);
            if (at == 0)
            {
                continue;
            }
            var sent = Volatile.Read(ref sentAt[n]);
            if (at < sent)
            {
                beforeWrite++;
            }
            histogram.RecordValue(WatchLines.Micros(sent, at));
        }
        var problems = new List<string>();
        if (flips.Failures > 0)
        {
            problems.Add($"{flips.Failures:N0} status writes failed (first: {flips.FirstFailure})");
        }
        if (arrived < sample.Length)
        {
            problems.Add($"{sample.Length - arrived:N0} of {sample.Length:N0} flipped pods never reached {target}");
        }
        if (beforeWrite > 0)
        {
            problems.Add($"{beforeWrite:N0} pods were ready in an event that arrived before their write was sent");
        }
        if (seen.Unexpected is { } unexpected)
        {
            problems.Add(unexpected);
        }
        if (watch.Problem is { } problem)
        {
            problems.Add(problem);
        }
        if (finalMismatch is not null)
        {
            problems.Add($"final LIST: {finalMismatch}");
        }
        var verified = problems.Count == 0;
        return new ScenarioResult(EndpointsScenario.Name, @case,
            Clients: clients,
            Operations: arrived,
            Throughput: flips.Throughput,
            P50Ms: histogram.PercentileMs(50),
            P90Ms: histogram.PercentileMs(90),
            P99Ms: histogram.PercentileMs(99),
            MaxMs: histogram.TotalCount == 0 ? 0 : histogram.GetMaxValue() / 1000.0,
            ServerRssPeakMb: usage?.RssPeakMb,
            ServerRssEndMb: usage?.RssEndMb,
            ServerCpuPercent: usage?.CpuPercentOfOneCore,
            BenchCpuPercent: flips.BenchCpuPercent,
            Ratio: "throughput: readiness flips/s",
            Verified: verified,
            Verification: verified
                ? $"all {sample.Length:N0} status writes answered 200; each flipped pod reached {target} on the watch, after its write, " +
                  "and no other pod did; watch not cut off; the final LIST agrees with the flips" + (slicesMeasured ? ", Endpoints and slices alike" : "")
                : string.Join("; ", problems));
    }

    /// <summary>
    /// When each flipped pod was first seen ready on one watch. Written only by that watch's reading task; the count is
    /// read by the bench's waiting loop.
    /// </summary>
    private sealed class Arrivals(EndpointsWorld world, bool[] flipped)
    {
        private readonly long[] _at = new long[world.Pods];
        private int _count;

        public int Count => Volatile.Read(ref _count);

        /// <summary>The first IP seen ready that the bench did not flip (the Endpoints or slices are wrong), if any.</summary>
        public string? Unexpected { get; private set; }

        public long At(int pod) => _at[pod];

        public void Ready(IEnumerable<string> ips, long receivedAt)
        {
            foreach (var ip in ips)
            {
                if (!world.TryPodOf(ip, out var n) || !flipped[n])
                {
                    Unexpected ??= $"{ip} was listed as ready but is no flipped pod's";
                }
                else if (_at[n] == 0)
                {
                    _at[n] = receivedAt;
                    Interlocked.Increment(ref _count);
                }
            }
        }
    }
}
