using System.Net;
using System.Text;
using MiniApiServer.Bench.Load;
using MiniApiServer.Bench.Processes;
using MiniApiServer.Bench.Report;
using MiniApiServer.Bench.Scenarios;

namespace MiniApiServer.Bench.Ceilings;

/// <summary>
/// etcd, the store under kube-apiserver, as a peer: when an <c>etcd</c> binary is on PATH, a single member on a temp
/// data dir (client and peer URLs on free 127.0.0.1 ports, default durability: its WAL is fdatasync'd per batch)
/// takes puts of the same bytes through its v3 HTTP/JSON gateway (<c>POST /v3/kv/put</c>, base64 key and value) at
/// the same concurrency as the create scenario. Stopped and removed afterwards.
/// </summary>
internal static class EtcdPeer
{
    public const string Name = "etcd 3 put (HTTP/JSON gateway)";

    public const string InstallHint = "etcd is not on PATH: install it to compare (Debian/Ubuntu: `sudo apt-get install etcd-server`)";

    public static async Task<IReadOnlyList<CeilingResult>> MeasureAsync(BenchContext context, byte[] value, IReadOnlyList<int> clientCounts)
    {
        if (FindOnPath("etcd") is not { } etcd)
        {
            context.Notes.Add(InstallHint);
            return [.. clientCounts.Select(c => new CeilingResult(Name, Clients(c), c, NotApplicable: "n/a (etcd not on PATH)"))];
        }
        var dataDir = Path.Combine(Path.GetTempPath(), $"miniapiserver-bench-etcd-{Guid.NewGuid():N}");
        var clientUrl = $"http://127.0.0.1:{ChildProcess.FreePort()}";
        var peerUrl = $"http://127.0.0.1:{ChildProcess.FreePort()}";
        var process = ChildProcess.Start(etcd,
        [
            "--name", "bench", "--data-dir", dataDir,
            "--listen-client-urls", clientUrl, "--advertise-client-urls", clientUrl,
            "--listen-peer-urls", peerUrl, "--initial-advertise-peer-urls", peerUrl,
            "--initial-cluster", $"bench={peerUrl}", "--log-level", "warn",
        ]);
        try
        {
            await WaitHealthyAsync(process, new Uri(clientUrl), context.Cancellation);
            var valueBase64 = Convert.ToBase64String(value);
            var results = new List<CeilingResult>();
            foreach (var clients in clientCounts)
            {
                results.Add(await PutAsync(context, new Uri(clientUrl), valueBase64, clients));
            }
            return results;
        }
        finally
        {
            await process.StopAsync(TimeSpan.FromSeconds(10));
            await process.DisposeAsync();
            TryDelete(dataDir);
        }
    }

    private static async Task<CeilingResult> PutAsync(BenchContext context, Uri etcd, string valueBase64, int clients)
    {
        using var step = context.Progress.Begin($"peer: etcd put at {clients} client(s)");
        using var client = new LoadClient(etcd, clients);
        var load = await LoadGenerator.RunForAsync(clients, context.Options.Duration / 2, async (c, seq, ct) =>
        {
            var key = Convert.ToBase64String(Encoding.UTF8.GetBytes($"/registry/services/specs/bench/svc-{clients}-{c}-{seq}"));
            var body = Encoding.UTF8.GetBytes($"{{\"key\":\"{key}\",\"value\":\"{valueBase64}\"}}");
            var reply = UnexpectedAnswerException.Expect(await client.PostAsync("/v3/kv/put", body, ct), 200, "etcd put");
            return reply.Text.Contains("\"revision\"", StringComparison.Ordinal);
        }, step.Report, context.Cancellation);
        return load.Failures > 0
            ? new CeilingResult(Name, Clients(clients), clients, NotApplicable: $"failed: {load.FirstFailure}")
            : new CeilingResult(Name, Clients(clients), clients, load.Throughput, "puts/s",
                load.PercentileMs(50), load.PercentileMs(99), load.BenchCpuPercent);
    }

    private static string Clients(int count) => count == 1 ? "1 client" : $"{count} clients";

    private static async Task WaitHealthyAsync(ChildProcess process, Uri etcd, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = etcd, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"etcd exited at start-up:\n{process.Tail}");
            }
            try
            {
                using var response = await http.GetAsync("/health", ct);
                if (response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadAsStringAsync(ct)).Contains("\"true\"", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // Still electing itself leader.
            }
            await Task.Delay(50, ct);
        }
        throw new TimeoutException($"etcd was not healthy within 30 s:\n{process.Tail}");
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp directory left behind is harmless.
        }
    }
}
