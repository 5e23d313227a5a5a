using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MiniApiServer.Bench.Load;

namespace MiniApiServer.Bench.Scenarios;

/// <summary>
/// The Services and Pods of the endpoints scenario's first two parts, in one namespace of a server started with
/// <c>--pod-simulator=false</c>: Service <c>svc-i</c> selects <c>bench-svc: svc-i</c> (port 80 → targetPort 8080)
/// and has <see cref="PodsPerService"/> pods <c>pod-i-k</c> on Node <c>bench-node</c>, each with a fixed IP whose
/// readiness the bench writes through the status subresource, as a kubelet would. The bench thus knows exactly which
/// addresses every Endpoints and EndpointSlice must hold.
/// </summary>
internal sealed class EndpointsWorld
{
    public const string NodeName = "bench-node";
    public const string Namespace = "bench-endpoints";
    private const string SliceServiceLabel = "kubernetes.io/service-name";

    private readonly LoadClient _client;
    private readonly Dictionary<string, int> _podByIp = new(StringComparer.Ordinal);

    public EndpointsWorld(LoadClient client, int services, int podsPerService)
    {
        _client = client;
        Services = services;
        PodsPerService = podsPerService;
        for (var n = 0; n < Pods; n++)
        {
            _podByIp[Ip(n)] = n;
        }
    }

    public int Services { get; }

    public int PodsPerService { get; }

    public int Pods => Services * PodsPerService;

    /// <summary>
    /// Whether the slices are measured: the server serves <c>discovery.k8s.io/v1</c> and Nodes (slices leave out pods
    /// whose Node does not exist, so without Nodes no slice could ever hold these pods). Otherwise only Endpoints are.
    /// </summary>
    public bool SlicesServed { get; private set; }

    /// <summary>Whether the server serves Nodes; without them the Node is not created (Endpoints do not need it).</summary>
    public bool NodesServed { get; private set; }

    public static string ServiceName(int service) => $"svc-{service}";

    public string PodName(int pod) => $"pod-{pod / PodsPerService}-{pod % PodsPerService}";

    public int ServiceOf(int pod) => pod / PodsPerService;

    /// <summary>Pod n's IP: 10.100.0.1, 10.100.0.2, … (host parts 1–250, never a network or broadcast-looking address).</summary>
    public static string Ip(int pod) => string.Create(CultureInfo.InvariantCulture, $"10.{100 + (pod / 62_500)}.{pod / 250 % 250}.{(pod % 250) + 1}");

    public bool TryPodOf(string ip, out int pod) => _podByIp.TryGetValue(ip, out pod);

    public string StatusPath(int pod) => $"/api/v1/namespaces/{Namespace}/pods/{PodName(pod)}/status";

    /// <summary>A kubelet-like status: Running with the pod's IP, and the Ready condition as given.</summary>
    public static byte[] Status(int pod, bool ready) => Encoding.UTF8.GetBytes(
        $"{{\"status\":{{\"phase\":\"Running\",\"podIP\":\"{Ip(pod)}\",\"conditions\":[{{\"type\":\"Ready\",\"status\":\"{(ready ? "True" : "False")}\"}}]}}}}");

    /// <summary>
    /// Creates the Node, the namespace, the Services and the Pods, then writes every pod's status (IP, and Ready as
    /// <paramref name="ready"/> says), all at <see cref="BenchContext.Clients"/> concurrent clients.
    /// </summary>
    public async Task BuildAsync(BenchContext context, string label, bool ready)
    {
        var ct = context.Cancellation;
        var node = await _client.PostAsync("/api/v1/nodes", Encoding.UTF8.GetBytes($"{{\"metadata\":{{\"name\":\"{NodeName}\"}}}}"), ct);
        NodesServed = node.Status is 201 or 409;
        if (!NodesServed && node.Status != 404)
        {
            throw new UnexpectedAnswerException($"create Node {NodeName}: expected 201, got {node.Describe()}");
        }
        SlicesServed = NodesServed && (await _client.GetAsync("/apis/discovery.k8s.io/v1", ct)).Status == 200;
        var nsReply = await _client.PostAsync("/api/v1/namespaces", Payloads.Namespace(Namespace), ct);
        if (nsReply.Status is not (201 or 409))
        {
            throw new UnexpectedAnswerException($"create namespace {Namespace}: {nsReply.Describe()}");
        }
        await RunAllAsync(context, $"{label}: create {Services:N0} Services", Services, async (i, token) =>
            UnexpectedAnswerException.Expect(await _client.PostAsync($"/api/v1/namespaces/{Namespace}/services", Service(i), token), 201, $"create Service {ServiceName(i)}"));
        await RunAllAsync(context, $"{label}: create {Pods:N0} Pods", Pods, async (n, token) =>
            UnexpectedAnswerException.Expect(await _client.PostAsync($"/api/v1/namespaces/{Namespace}/pods", Pod(n), token), 201, $"create Pod {PodName(n)}"));
        await RunAllAsync(context, $"{label}: give {Pods:N0} Pods an IP (Ready={ready})", Pods, async (n, token) =>
            UnexpectedAnswerException.Expect(await _client.MergePatchAsync(StatusPath(n), Status(n, ready), token), 200, $"status of {PodName(n)}"));
    }

    /// <summary>
    /// Waits until every Endpoints (and, when served, the slices of every Service) holds exactly the pods
    /// <paramref name="isReady"/> says as ready and the others as not ready; returns that snapshot, whose list
    /// versions the watches start from. Throws when the controllers do not get there within <paramref name="timeout"/>.
    /// </summary>
    public async Task<Snapshot> SettleAsync(BenchContext context, string label, Func<int, bool> isReady, TimeSpan timeout)
    {
        using var step = context.Progress.Begin($"{label}: wait for {Services:N0} Endpoints{(SlicesServed ? " and their slices" : "")} to settle");
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var snapshot = await SnapshotAsync(context.Cancellation);
            var mismatch = Mismatch(snapshot, isReady);
            if (mismatch is null)
            {
                return snapshot;
            }
            var elapsed = Stopwatch.GetElapsedTime(started);
            if (elapsed > timeout)
            {
                throw new TimeoutException($"the controllers did not settle within {timeout.TotalSeconds:0} s: {mismatch}");
            }
            step.Report(elapsed / timeout);
            await Task.Delay(250, context.Cancellation);
        }
    }

    /// <summary>What the server stores now: ready and not-ready IPs per Service, from the Endpoints and from the slices.</summary>
    public async Task<Snapshot> SnapshotAsync(CancellationToken ct)
    {
        var endpoints = new Dictionary<string, Addresses>(StringComparer.Ordinal);
        var endpointsRv = await ListAsync($"/api/v1/namespaces/{Namespace}/endpoints", ct, item =>
        {
            var (name, addresses) = ReadEndpoints(item);
            endpoints[name] = addresses;
        });
        var slices = new Dictionary<string, Addresses>(StringComparer.Ordinal);
        var slicesRv = SlicesServed
            ? await ListAsync($"/apis/discovery.k8s.io/v1/namespaces/{Namespace}/endpointslices", ct, item =>
            {
                var (service, addresses) = ReadSlice(item);
                if (service is not null)
                {
                    var all = slices.TryGetValue(service, out var a) ? a : slices[service] = new Addresses([], []);
                    all.Ready.UnionWith(addresses.Ready);
                    all.NotReady.UnionWith(addresses.NotReady);
                }
            })
            : null;
        return new Snapshot(endpoints, endpointsRv, slices, slicesRv);
    }

    /// <summary>The first way a snapshot differs from what <paramref name="isReady"/> implies, or null when it agrees.</summary>
    public string? Mismatch(Snapshot snapshot, Func<int, bool> isReady)
    {
        for (var i = 0; i < Services; i++)
        {
            var expected = new Addresses([], []);
            for (var n = i * PodsPerService; n < (i + 1) * PodsPerService; n++)
            {
                (isReady(n) ? expected.Ready : expected.NotReady).Add(Ip(n));
            }
            if (Differs("Endpoints", snapshot.Endpoints, i, expected) is { } e)
            {
                return e;
            }
            if (SlicesServed && Differs("EndpointSlices of", snapshot.Slices, i, expected) is { } s)
            {
                return s;
            }
        }
        return null;
    }

    /// <summary>An Endpoints object's name and its IPs, ready (<c>addresses</c>) and not (<c>notReadyAddresses</c>).</summary>
    public static (string Name, Addresses Addresses) ReadEndpoints(JsonElement endpoints)
    {
        var addresses = new Addresses([], []);
        if (endpoints.TryGetProperty("subsets", out var subsets) && subsets.ValueKind == JsonValueKind.Array)
        {
            foreach (var subset in subsets.EnumerateArray())
            {
                AddIps(subset, "addresses", addresses.Ready);
                AddIps(subset, "notReadyAddresses", addresses.NotReady);
            }
        }
        return (endpoints.GetProperty("metadata").GetProperty("name").GetString()!, addresses);
    }

    /// <summary>A slice's Service (its <c>kubernetes.io/service-name</c> label) and its endpoints' IPs by <c>conditions.ready</c>.</summary>
    public static (string? Service, Addresses Addresses) ReadSlice(JsonElement slice)
    {
        var addresses = new Addresses([], []);
        var service = slice.GetProperty("metadata").TryGetProperty("labels", out var labels) && labels.TryGetProperty(SliceServiceLabel, out var s)
            ? s.GetString()
            : null;
        if (slice.TryGetProperty("endpoints", out var endpoints) && endpoints.ValueKind == JsonValueKind.Array)
        {
            foreach (var endpoint in endpoints.EnumerateArray())
            {
                // Upstream: a nil ready condition means ready, except for terminating endpoints; the bench never
                // deletes pods, so only an explicit false is not ready.
                var ready = !(endpoint.TryGetProperty("conditions", out var conditions) && conditions.TryGetProperty("ready", out var r)
                    && r.ValueKind == JsonValueKind.False);
                foreach (var ip in endpoint.GetProperty("addresses").EnumerateArray())
                {
                    (ready ? addresses.Ready : addresses.NotReady).Add(ip.GetString()!);
                }
            }
        }
        return (service, addresses);
    }

    private static void AddIps(JsonElement subset, string property, HashSet<string> into)
    {
        if (subset.TryGetProperty(property, out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var address in list.EnumerateArray())
            {
                into.Add(address.GetProperty("ip").GetString()!);
            }
        }
    }

    private static string? Differs(string what, Dictionary<string, Addresses> actual, int service, Addresses expected)
    {
        var name = ServiceName(service);
        if (!actual.TryGetValue(name, out var got))
        {
            return $"{what} {name}: none";
        }
        return got.Ready.SetEquals(expected.Ready) && got.NotReady.SetEquals(expected.NotReady)
            ? null
            : $"{what} {name}: {got.Ready.Count} ready / {got.NotReady.Count} not ready, expected {expected.Ready.Count} / {expected.NotReady.Count}";
    }

    private async Task<string> ListAsync(string path, CancellationToken ct, Action<JsonElement> onItem)
    {
        var reply = UnexpectedAnswerException.Expect(await _client.GetAsync(path, ct), 200, $"LIST {path}");
        using var doc = JsonDocument.Parse(reply.Body);
        foreach (var item in doc.RootElement.GetProperty("items").EnumerateArray())
        {
            onItem(item);
        }
        return doc.RootElement.GetProperty("metadata").GetProperty("resourceVersion").GetString()!;
    }

    private static async Task RunAllAsync(BenchContext context, string description, int count, Func<int, CancellationToken, Task> one)
    {
        using var step = context.Progress.Begin(description);
        var load = await LoadGenerator.RunCountAsync(BenchContext.Clients, count, async (_, seq, ct) =>
        {
            await one((int)seq, ct);
            return true;
        }, step.Report, context.Cancellation);
        if (load.Failures > 0)
        {
            throw new InvalidOperationException($"{description}: {load.Failures} of {count} failed; first: {load.FirstFailure}");
        }
    }

    private static byte[] Service(int i) => Encoding.UTF8.GetBytes(
        "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{" +
        $"\"name\":\"{ServiceName(i)}\",\"namespace\":\"{Namespace}\"}}," +
        $"\"spec\":{{\"selector\":{{\"bench-svc\":\"{ServiceName(i)}\"}},\"ports\":[{{\"protocol\":\"TCP\",\"port\":80,\"targetPort\":8080}}]}}}}");

    private byte[] Pod(int n) => Encoding.UTF8.GetBytes(
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{" +
        $"\"name\":\"{PodName(n)}\",\"namespace\":\"{Namespace}\",\"labels\":{{\"bench-svc\":\"{ServiceName(ServiceOf(n))}\"}}}}," +
        $"\"spec\":{{\"nodeName\":\"{NodeName}\",\"containers\":[{{\"name\":\"web\",\"image\":\"registry.example.com/bench/web:1.0\"," +
        "\"ports\":[{\"containerPort\":8080,\"protocol\":\"TCP\"}]}]}}");
}

/// <summary>IPs by readiness.</summary>
internal sealed record Addresses(HashSet<string> Ready, HashSet<string> NotReady);

/// <summary>The ready and not-ready IPs per Service as the Endpoints and as the slices hold them, with each LIST's version.</summary>
internal sealed record Snapshot(Dictionary<string, Addresses> Endpoints, string EndpointsResourceVersion,
    Dictionary<string, Addresses> Slices, string? SlicesResourceVersion);
