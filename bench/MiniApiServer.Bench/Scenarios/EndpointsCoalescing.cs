using System.Diagnostics;
using MiniApiServer.Bench.Load;
using MiniApiServer.Bench.Processes;
using MiniApiServer.Bench.Report;

namespace MiniApiServer.Bench.Scenarios;

/// <summary>
/// endpoints, part 2: 10 Services × 100 ready pods (with <c>--quick</c>: 10 × 10) on a server with the simulator off;
/// then a burst that flips all 1,000 pods to not Ready at once (64 concurrent status writes, as fast as the server
/// takes them), with a watch on the namespace's Endpoints and one on its EndpointSlices. Once no event has arrived
/// for <see cref="Quiet"/>, the events are the writes the burst caused: a work queue keyed by Service should turn
/// 1,000 pod changes into far fewer than 1,000 writes. Verified: every write answered 200, every Endpoints written at
/// least once, no watch cut off, and a final LIST showing every pod not ready.
/// </summary>
internal static class EndpointsCoalescing
{
    public const int Services = 10;
    public const int PodsPerService = 100;
    private const int QuickPodsPerService = 10;

    /// <summary>How long the controllers may take to reflect the loaded world (a quick run must fit the smoke test's budget).</summary>
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan QuickSettleTimeout = TimeSpan.FromSeconds(30);

    /// <summary>No event for this long after the burst: the controllers are done with it (shorter with <c>--quick</c>,
    /// which must fit the smoke test's time budget).</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan QuickQuiet = TimeSpan.FromSeconds(1);

    /// <summary>An upper bound on the wait for quiet, should a controller never stop writing.</summary>
    private static readonly TimeSpan QuietTimeout = TimeSpan.FromMinutes(1);

    public static Task RunAsync(BenchContext context) =>
        EndpointsScenario.WithServerAsync(context, "endpoints-coalescing", ["--pod-simulator=false"], server => MeasureAsync(context, server));

    private static async Task<bool> MeasureAsync(BenchContext context, BenchServer server)
    {
        var ct = context.Cancellation;
        var podsPerService = context.Options.Quick ? QuickPodsPerService : PodsPerService;
        var quiet = context.Options.Quick ? QuickQuiet : Quiet;
        var label = $"{EndpointsScenario.Name} 2/3";
        using var client = new LoadClient(server.BaseAddress, BenchContext.Clients);
        var world = new EndpointsWorld(client, Services, podsPerService);
        await world.BuildAsync(context, label, ready: true);
        var settled = await world.SettleAsync(context, label, _ => true, context.Options.Quick ? QuickSettleTimeout : SettleTimeout);

        var endpointsWritten = new HashSet<string>(StringComparer.Ordinal);
        using var http = WatchStream.Client(server.BaseAddress, 2);
        await using var endpointsWatch = await ObjectWatch.OpenAsync(http,
            $"/api/v1/namespaces/{EndpointsWorld.Namespace}/endpoints?watch=true&resourceVersion={settled.EndpointsResourceVersion}",
            (_, obj, _) => endpointsWritten.Add(EndpointsWorld.ReadEndpoints(obj).Name), ct);
        // Slice events are only counted: nothing in them is needed, and the final LIST checks their content.
        await using var slicesWatch = world.SlicesServed
            ? await ObjectWatch.OpenAsync(http,
                $"/apis/discovery.k8s.io/v1/namespaces/{EndpointsWorld.Namespace}/endpointslices?watch=true&resourceVersion={settled.SlicesResourceVersion}",
                (_, _, _) => { }, ct, filter: _ => false)
            : null;

        LoadResult burst;
        ServerUsage? usage;
        TimeSpan quietAfter;
        long burstStarted;
        using (var step = context.Progress.Begin($"{label}: burst of {world.Pods:N0} readiness flips across {Services} Services"))
        {
            await using var monitor = ProcessMonitor.Begin(server.ProcessId);
            burstStarted = Stopwatch.GetTimestamp();
            burst = await LoadGenerator.RunCountAsync(BenchContext.Clients, world.Pods, async (_, seq, token) =>
            {
                var n = (int)seq;
                UnexpectedAnswerException.Expect(await client.MergePatchAsync(world.StatusPath(n), EndpointsWorld.Status(n, ready: false), token), 200,
                    $"status of {world.PodName(n)}");
                return true;
            }, step.Report, ct);
            quietAfter = await QuietAsync(Stopwatch.GetTimestamp(), quiet, endpointsWatch, slicesWatch, ct);
            usage = monitor is null ? null : await monitor.EndAsync();
        }
        var final = await world.SnapshotAsync(ct);
        var mismatch = world.Mismatch(final, _ => false);
        var lastWrite = Math.Max(endpointsWatch.LastEventAt, slicesWatch?.LastEventAt ?? 0);

        var problems = new List<string>();
        if (burst.Failures > 0)
        {
            problems.Add($"{burst.Failures:N0} status writes failed (first: {burst.FirstFailure})");
        }
        if (quietAfter >= QuietTimeout)
        {
            problems.Add($"events still arriving {QuietTimeout.TotalSeconds:0} s after the burst");
        }
        if (endpointsWritten.Count != Services)
        {
            problems.Add($"{endpointsWritten.Count} of the {Services} Endpoints written");
        }
        problems.AddRange(new[] { endpointsWatch.Problem, slicesWatch?.Problem }.OfType<string>());
        if (mismatch is not null)
        {
            problems.Add($"final LIST: {mismatch}");
        }
        var verified = problems.Count == 0;
        var slices = slicesWatch is null ? "slices n/a (EndpointSlices or Nodes not served)" : $"{slicesWatch.Writes:N0} slice writes";
        context.Results.Add(new ScenarioResult(EndpointsScenario.Name,
            $"coalescing: burst of {world.Pods:N0} pod changes across {Services} Services × {podsPerService} pods",
            Clients: BenchContext.Clients,
            Operations: world.Pods,
            Throughput: burst.Throughput,
            ServerRssPeakMb: usage?.RssPeakMb,
            ServerRssEndMb: usage?.RssEndMb,
            ServerCpuPercent: usage?.CpuPercentOfOneCore,
            BenchCpuPercent: burst.BenchCpuPercent,
            Verified: verified,
            Verification: verified
                ? $"all {world.Pods:N0} status writes answered 200; each of the {Services} Endpoints written; watches not cut off; " +
                  "the final LIST shows every pod not ready" + (world.SlicesServed ? ", Endpoints and slices alike" : "")
                : string.Join("; ", problems),
            Summary: $"{world.Pods:N0} pod changes → {endpointsWatch.Writes:N0} Endpoints writes, {slices}",
            EndpointsWrites: endpointsWatch.Writes,
            SliceWrites: slicesWatch?.Writes));
        context.Notes.Add($"{EndpointsScenario.Name} 2/3: {world.Pods:N0} readiness flips (ready → not ready) at {BenchContext.Clients} clients took " +
            $"{burst.Elapsed.TotalMilliseconds:N0} ms ({burst.Throughput:N0}/s); the last Endpoints or slice event arrived " +
            $"{(lastWrite == 0 ? "never" : $"{Stopwatch.GetElapsedTime(burstStarted, lastWrite).TotalMilliseconds:N0} ms after the burst's first write")}; " +
            $"writes are the ADDED/MODIFIED/DELETED events of the namespace's Endpoints and EndpointSlices watches, counted until none came for {quiet.TotalSeconds:0} s " +
            $"({endpointsWatch.Count(WatchEventType.Modified):N0} Endpoints MODIFIED{(slicesWatch is null ? "" : $"; slices: {slicesWatch.Count(WatchEventType.Added):N0} ADDED, {slicesWatch.Count(WatchEventType.Modified):N0} MODIFIED, {slicesWatch.Count(WatchEventType.Deleted):N0} DELETED")})");
        return true;
    }

    /// <summary>Waits until neither watch has had an event for <paramref name="quiet"/> since the burst ended; returns how long that took.</summary>
    private static async Task<TimeSpan> QuietAsync(long burstEnded, TimeSpan quiet, ObjectWatch endpoints, ObjectWatch? slices, CancellationToken ct)
    {
        while (true)
        {
            var last = Math.Max(burstEnded, Math.Max(endpoints.LastEventAt, slices?.LastEventAt ?? 0));
            var waited = Stopwatch.GetElapsedTime(burstEnded);
            if (Stopwatch.GetElapsedTime(last) >= quiet || waited >= QuietTimeout)
            {
                return waited;
            }
            await Task.Delay(50, ct);
        }
    }
}
