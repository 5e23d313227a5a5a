using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using HdrHistogram;
using MiniApiServer.Bench.Load;
using MiniApiServer.Bench.Processes;
using MiniApiServer.Bench.Report;

namespace MiniApiServer.Bench.Scenarios;

/// <summary>
/// endpoints, part 3: the built-in pod simulator's throughput, on a fresh server with its default flags (simulator
/// on, <c>--pod-network-cidr 10.244.0.0/16</c>). 2,000 pods without a node (with <c>--quick</c>: 100) are created at
/// 64 clients while a watch on their namespace notes when each first shows the Ready=True condition. Throughput is
/// pods per second from the first create sent to the last pod Ready; latency is per pod, from sending its create to
/// that event. kwok does about 20 pods/s with its defaults; the issue aims at 1,000/s. Verified: every create answered
/// 201, every pod Ready, bound to a node, with an IP in the pod network that no other pod has, and the watch not cut off.
/// </summary>
internal static class SimulatorThroughput
{
    public const int Pods = 2_000;
    private const int QuickPods = 100;
    private const string Namespace = "bench-simulator";

    /// <summary>The server's default <c>--pod-network-cidr</c>.</summary>
    private static readonly IPNetwork PodNetwork = IPNetwork.Parse("10.244.0.0/16");

    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(15);

    public static Task RunAsync(BenchContext context) =>
        EndpointsScenario.WithServerAsync(context, "simulator", [], server => MeasureAsync(context, server));

    private static async Task<bool> MeasureAsync(BenchContext context, BenchServer server)
    {
        var ct = context.Cancellation;
        var count = context.Options.Quick ? QuickPods : Pods;
        var @case = $"simulator: {count:N0} pods create → Ready";
        using var client = new LoadClient(server.BaseAddress, BenchContext.Clients);
        if ((await client.GetAsync("/api/v1/nodes", ct)).Status == 404)
        {
            context.Results.Add(ScenarioResult.Unavailable(EndpointsScenario.Name, @case, "n/a (needs the pod simulator and Nodes)"));
            return false;
        }
        UnexpectedAnswerException.Expect(await client.PostAsync("/api/v1/namespaces", Payloads.Namespace(Namespace), ct), 201, $"create namespace {Namespace}");
        var collection = $"/api/v1/namespaces/{Namespace}/pods";
        var listed = UnexpectedAnswerException.Expect(await client.GetAsync(collection, ct), 200, $"LIST {collection}");
        string from;
        using (var doc = JsonDocument.Parse(listed.Body))
        {
            from = doc.RootElement.GetProperty("metadata").GetProperty("resourceVersion").GetString()!;
        }

        var sentAt = new long[count];
        var ready = new ReadyPods(count);
        using var http = WatchStream.Client(server.BaseAddress, 1);
        // Only events that mention a Ready condition are parsed: the creates and the binding are not.
        await using var watch = await ObjectWatch.OpenAsync(http, $"{collection}?watch=true&resourceVersion={from}",
            (type, obj, at) => ready.Observe(type, obj, at), ct, filter: line => WatchLines.Contains(line, "\"Ready\""u8));

        LoadResult creates;
        ServerUsage? usage;
        using (var step = context.Progress.Begin($"{EndpointsScenario.Name} 3/3: create {count:N0} pods, wait for the simulator to make them Ready"))
        {
            await using var monitor = ProcessMonitor.Begin(server.ProcessId);
            creates = await LoadGenerator.RunCountAsync(BenchContext.Clients, count, async (_, seq, token) =>
            {
                var n = (int)seq;
                Volatile.Write(ref sentAt[n], Stopwatch.GetTimestamp());
                UnexpectedAnswerException.Expect(await client.PostAsync(collection, Pod(n), token), 201, $"create {PodName(n)}");
                return true;
            }, fraction => step.Report(ready.Count / (double)count), ct);
            var progressAt = Stopwatch.GetTimestamp();
            var seen = -1;
            while (ready.Count < count && watch.Problem is null && Stopwatch.GetElapsedTime(progressAt) < StallTimeout)
            {
                await Task.Delay(10, ct);
                if (ready.Count != seen)
                {
                    seen = ready.Count;
                    progressAt = Stopwatch.GetTimestamp();
                    step.Report(seen / (double)count);
                }
            }
            usage = monitor is null ? null : await monitor.EndAsync();
        }

        var histogram = new LongHistogram(120_000_000, 3);
        long first = long.MaxValue, last = 0;
        for (var n = 0; n < count; n++)
        {
            first = Math.Min(first, sentAt[n]);
            if (ready.At(n) is var at and > 0)
            {
                last = Math.Max(last, at);
                histogram.RecordValue(WatchLines.Micros(sentAt[n], at));
            }
        }
        var elapsed = last > first ? Stopwatch.GetElapsedTime(first, last) : TimeSpan.Zero;
        var podsPerSecond = elapsed > TimeSpan.Zero ? ready.Count / elapsed.TotalSeconds : 0;

        var problems = new List<string>();
        if (creates.Failures > 0)
        {
            problems.Add($"{creates.Failures:N0} creates failed (first: {creates.FirstFailure})");
        }
        if (ready.Count < count)
        {
            problems.Add($"{count - ready.Count:N0} of {count:N0} pods never became Ready");
        }
        problems.AddRange(new[] { ready.Problem, watch.Problem }.OfType<string>());
        var verified = problems.Count == 0;
        context.Results.Add(new ScenarioResult(EndpointsScenario.Name, @case,
            Clients: BenchContext.Clients,
            Operations: ready.Count,
            Throughput: podsPerSecond,
            P50Ms: histogram.PercentileMs(50),
            P90Ms: histogram.PercentileMs(90),
            P99Ms: histogram.PercentileMs(99),
            MaxMs: histogram.TotalCount == 0 ? 0 : histogram.GetMaxValue() / 1000.0,
            ServerRssPeakMb: usage?.RssPeakMb,
            ServerRssEndMb: usage?.RssEndMb,
            ServerCpuPercent: usage?.CpuPercentOfOneCore,
            BenchCpuPercent: creates.BenchCpuPercent,
            Ratio: $"{podsPerSecond / KwokPodsPerSecond:N0}× kwok's ~{KwokPodsPerSecond} pods/s",
            Verified: verified,
            Verification: verified
                ? $"all {count:N0} creates answered 201; every pod became Ready on node {ready.Node}, each with its own IP in {PodNetwork}; watch not cut off"
                : string.Join("; ", problems)));
        context.Notes.Add($"{EndpointsScenario.Name} 3/3: simulator on (default flags); {count:N0} pods created at {BenchContext.Clients} clients in " +
            $"{creates.Elapsed.TotalMilliseconds:N0} ms ({creates.Throughput:N0} creates/s); throughput runs from the first create sent to the last pod's " +
            $"Ready=True event ({elapsed.TotalMilliseconds:N0} ms), latency per pod from its create sent to that event; kwok's ~{KwokPodsPerSecond} pods/s " +
            "is the issue's figure for kwok with its defaults, not measured here");
        return true;
    }

    /// <summary>kwok's create → Ready rate with its defaults, as the issue gives it.</summary>
    public const int KwokPodsPerSecond = 20;

    private static string PodName(int n) => $"sim-{n}";

    private static byte[] Pod(int n) => Encoding.UTF8.GetBytes(
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{" +
        $"\"name\":\"{PodName(n)}\",\"namespace\":\"{Namespace}\",\"labels\":{{\"app\":\"bench-simulator\"}}}}," +
        "\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"registry.example.com/bench/web:1.0\",\"ports\":[{\"containerPort\":8080}]}]}}");

    /// <summary>The first Ready=True event of each pod, its IP and node; written only by the watch's reading task.</summary>
    private sealed class ReadyPods(int count)
    {
        private readonly long[] _at = new long[count];
        private readonly Dictionary<string, string> _ipOwners = new(StringComparer.Ordinal);
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public string? Node { get; private set; }

        /// <summary>The first pod whose IP, node or name is wrong.</summary>
        public string? Problem { get; private set; }

        public long At(int pod) => _at[pod];

        public void Observe(WatchEventType type, JsonElement pod, long receivedAt)
        {
            var name = pod.GetProperty("metadata").GetProperty("name").GetString()!;
            if (type == WatchEventType.Deleted || !IsReady(pod)
                || !name.StartsWith("sim-", StringComparison.Ordinal) || !int.TryParse(name.AsSpan(4), out var n) || n >= count || _at[n] != 0)
            {
                return;
            }
            _at[n] = receivedAt;
            Interlocked.Increment(ref _count);
            var status = pod.GetProperty("status");
            var ip = status.TryGetProperty("podIP", out var p) ? p.GetString() : null;
            var node = pod.GetProperty("spec").TryGetProperty("nodeName", out var nn) ? nn.GetString() : null;
            Node ??= node;
            if (ip is null || !IPAddress.TryParse(ip, out var address) || address.AddressFamily != AddressFamily.InterNetwork || !PodNetwork.Contains(address))
            {
                Problem ??= $"{name} is Ready with podIP {ip ?? "(none)"}, not in {PodNetwork}";
            }
            else if (!_ipOwners.TryAdd(ip, name))
            {
                Problem ??= $"{name} and {_ipOwners[ip]} are both Ready with podIP {ip}";
            }
            if (string.IsNullOrEmpty(node) || node != Node)
            {
                Problem ??= $"{name} is Ready on node \"{node}\", others on \"{Node}\"";
            }
        }

        private static bool IsReady(JsonElement pod)
        {
            if (!pod.TryGetProperty("status", out var status) || !status.TryGetProperty("conditions", out var conditions) || conditions.ValueKind != JsonValueKind.Array)
            {
                return false;
            }
            foreach (var condition in conditions.EnumerateArray())
            {
                if (condition.GetProperty("type").GetString() == "Ready")
                {
                    return condition.GetProperty("status").GetString() == "True";
                }
            }
            return false;
        }
    }
}
