using MiniApiServer.Bench.Load;
using MiniApiServer.Bench.Processes;

namespace MiniApiServer.Bench.Report;

/// <summary>
/// One row of a scenario: throughput, latency percentiles in ms, the server's RSS (MB) and CPU (% of one core)
/// during it, the bench's own CPU (% of all cores), the ratio to its ceiling, and whether its answers were verified.
/// A scenario that cannot run yet has only <see cref="NotApplicable"/>. A row whose outcome is no rate (the endpoints
/// scenario's coalescing) says it in <see cref="Summary"/>, shown in place of the throughput. <see cref="RatioValue"/> is
/// the number a target judges when <see cref="Ratio"/> is one.
/// </summary>
internal sealed record ScenarioResult(
    string Scenario,
    string Case,
    int? Clients = null,
    long? Operations = null,
    double? Throughput = null,
    double? P50Ms = null,
    double? P90Ms = null,
    double? P99Ms = null,
    double? MaxMs = null,
    double? ServerRssPeakMb = null,
    double? ServerRssEndMb = null,
    double? ServerCpuPercent = null,
    double? BenchCpuPercent = null,
    string? Ratio = null,
    bool? Verified = null,
    string? Verification = null,
    string? NotApplicable = null,
    double? StartToReadyMs = null,
    double? WritesPerSecond = null,
    string? Summary = null,
    long? EndpointsWrites = null,
    long? SliceWrites = null,
    double? RatioValue = null)
{
    public static ScenarioResult Measured(string scenario, string @case, int clients, LoadResult load, ServerUsage? usage,
        bool verified, string verification, string? ratio = null) => new(
        scenario, @case, clients, load.Operations, load.Throughput,
        load.PercentileMs(50), load.PercentileMs(90), load.PercentileMs(99), load.MaxMs,
        usage?.RssPeakMb, usage?.RssEndMb, usage?.CpuPercentOfOneCore, load.BenchCpuPercent,
        ratio, verified, verification);

    public static ScenarioResult Unavailable(string scenario, string @case, string reason) =>
        new(scenario, @case, NotApplicable: reason);

    public static ScenarioResult Failed(string scenario, string @case, string error) =>
        new(scenario, @case, Verified: false, Verification: error);
}

/// <summary>A ceiling or peer measured in the same run: operations (or records) per second and per-operation latency.</summary>
internal sealed record CeilingResult(
    string Name,
    string Case,
    int? Clients = null,
    double? Rate = null,
    string Unit = "ops/s",
    double? P50Ms = null,
    double? P99Ms = null,
    double? BenchCpuPercent = null,
    string? NotApplicable = null);

/// <summary>One of the targets: what was measured and whether it is met ("met", "not met", "n/a").</summary>
internal sealed record TargetResult(string Target, string Measured, string Status);

/// <summary>Everything one run measured, written as latest.json and rendered as latest.md.</summary>
internal sealed record BenchReport(
    DateTimeOffset StartedAt,
    string Command,
    string Machine,
    bool Quick,
    string Server,
    double? IdleRssMb,
    IReadOnlyList<CeilingResult> Ceilings,
    IReadOnlyList<ScenarioResult> Scenarios,
    IReadOnlyList<TargetResult> Targets,
    IReadOnlyList<string> Notes)
{
    /// <summary>Every scenario either verified its answers or could not run yet.</summary>
    public bool AllVerified => Scenarios.All(s => s.NotApplicable is not null || s.Verified == true);
}
