using MiniApiServer.Bench.Load;
using MiniApiServer.Bench.Processes;
using MiniApiServer.Bench.Report;

namespace MiniApiServer.Bench.Scenarios;

/// <summary>What the scenarios of one run share: the server, the options, the progress display and the results.</summary>
internal sealed class BenchContext(BenchOptions options, BenchServer server, BenchProgress progress, CancellationToken cancellation)
{
    /// <summary>The concurrency of every scenario the issue runs "at 64 clients", and of preloads.</summary>
    public const int Clients = 64;

    private Dataset? _data;

    public BenchOptions Options { get; } = options;

    public BenchServer Server { get; } = server;

    public BenchProgress Progress { get; } = progress;

    public CancellationToken Cancellation { get; } = cancellation;

    /// <summary>Prefixes every namespace of this run, so runs against one <c>--server</c> never collide.</summary>
    public string RunId { get; } = "bench-" + Guid.NewGuid().ToString("N")[..6];

    public List<ScenarioResult> Results { get; } = [];

    public List<CeilingResult> Ceilings { get; } = [];

    public List<string> Notes { get; } = [];

    public double? IdleRssMb { get; set; }

    public Dataset Data => _data ??= new Dataset(this);

    public string Namespace(string purpose) => $"{RunId}-{purpose}";

    public LoadClient Client(int connections = Clients) => new(Server.BaseAddress, connections);

    public ProcessMonitor? Monitor() => ProcessMonitor.Begin(Server.ProcessId);

    public string ServerNotOwned => "n/a (--server: the bench did not start the server)";
}
