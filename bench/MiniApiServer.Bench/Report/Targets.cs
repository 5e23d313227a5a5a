using System.Globalization;
using MiniApiServer.Bench.Scenarios;

namespace MiniApiServer.Bench.Report;

/// <summary>The issue's targets for this 2-core machine, judged from one run's results.</summary>
internal static class Targets
{
    public static IReadOnlyList<TargetResult> Judge(IReadOnlyList<ScenarioResult> scenarios, IReadOnlyList<CeilingResult> ceilings, double? idleRssMb, bool quick)
    {
        var create64 = Find(scenarios, "create", 64);
        var get = Find(scenarios, "get", 64);
        var list = scenarios.FirstOrDefault(s => s.Scenario == "list" && s.Case.EndsWith("JSON", StringComparison.Ordinal));
        var table = scenarios.FirstOrDefault(s => s.Scenario == TableScenario.Name && s.Case.EndsWith("as=Table", StringComparison.Ordinal));
        var restart = scenarios.FirstOrDefault(s => s.Scenario == "restart");
        var mixed = scenarios.FirstOrDefault(s => s.Scenario == "mixed");
        var etcd64 = ceilings.FirstOrDefault(c => c.Name.StartsWith("etcd", StringComparison.Ordinal) && c.Clients == 64);
        var kestrel = ceilings.FirstOrDefault(c => c.Name.StartsWith("Kestrel", StringComparison.Ordinal));
        var suffix = quick ? " (--quick: smaller dataset)" : "";
        return
        [
            Judge("durable create ≥ 5,000/s at 64 clients", create64, create64?.Throughput, v => v >= 5000, v => $"{v:N0}/s"),
            Judge("durable create p99 ≤ 20 ms at 64 clients", create64, create64?.P99Ms, v => v <= 20, Ms),
            etcd64?.Rate is > 0
                ? Judge("durable create ≥ 2× etcd's put rate (64 clients)", create64, create64?.Throughput / etcd64.Rate,
                    v => v >= 2, v => $"{v:0.00}× ({create64?.Throughput:N0} vs {etcd64.Rate:N0} puts/s)")
                : new TargetResult("durable create ≥ 2× etcd's put rate (64 clients)", "etcd not measured", "n/a"),
            kestrel?.Rate is > 0
                ? Judge("get ≥ 50% of the Kestrel ceiling", get, get?.Throughput / kestrel.Rate, v => v >= 0.5,
                    v => $"{v:P0} ({get?.Throughput:N0} vs {kestrel.Rate:N0} req/s)")
                : new TargetResult("get ≥ 50% of the Kestrel ceiling", "Kestrel ceiling not measured", "n/a"),
            Judge("LIST of 10,000 Services ≤ 50 ms p50", list, list?.P50Ms, v => v <= 50, v => Ms(v) + (list is null ? "" : $" ({list.Case})") + suffix),
            Judge("LIST as=Table of 10,000 Services ≤ 1.5× the JSON list", table, table?.RatioValue, v => v <= 1.5,
                _ => table!.Ratio + suffix),
            Judge("restart with 100,000 objects ≤ 3 s", restart, restart?.StartToReadyMs, v => v <= 3000,
                v => $"{v / 1000:0.00} s ({restart?.Operations:N0} objects){suffix}"),
            idleRssMb is { } idle
                ? new TargetResult("RSS idle ≤ 150 MB", $"{idle:N0} MB", idle <= 150 ? "met" : "not met")
                : new TargetResult("RSS idle ≤ 150 MB", "server not owned by the bench", "n/a"),
            Judge("RSS with 10k Services + 50k Pods ≤ 600 MB", mixed, mixed?.ServerRssPeakMb, v => v <= 600,
                v => $"{v:N0} MB peak ({mixed?.Case}){suffix}"),
            Watch(scenarios.FirstOrDefault(s => s.Scenario == "watch"), quick),
            .. Endpoints(scenarios, suffix),
        ];
    }

    /// <summary>The endpoints scenario's targets: p99 ≤ 100 ms from Ready to Endpoints and to slice, and ≥ 1,000 simulated pods/s.</summary>
    private static IEnumerable<TargetResult> Endpoints(IReadOnlyList<ScenarioResult> scenarios, string suffix)
    {
        ScenarioResult? Row(string prefix) =>
            scenarios.FirstOrDefault(s => s.Scenario == "endpoints" && s.Case.StartsWith(prefix, StringComparison.Ordinal));
        var endpoints = Row("Ready → Endpoints,");
        var slices = Row("Ready → EndpointSlice,");
        var simulator = Row("simulator:");
        yield return Judge("Ready → Endpoints p99 ≤ 100 ms at 1,000 Services × 10 pods", endpoints, endpoints?.P99Ms, v => v <= 100,
            v => $"{Ms(v)} p99, {Ms(endpoints!.P50Ms ?? 0)} p50{suffix}");
        yield return Judge("Ready → EndpointSlice p99 ≤ 100 ms at 1,000 Services × 10 pods", slices, slices?.P99Ms, v => v <= 100,
            v => $"{Ms(v)} p99, {Ms(slices!.P50Ms ?? 0)} p50{suffix}");
        yield return Judge("simulator ≥ 1,000 pods/s create → Ready", simulator, simulator?.Throughput, v => v >= 1000,
            v => $"{v:N0} pods/s ({simulator?.Case}){suffix}");
    }

    /// <summary>
    /// The watch target holds only at the full load: p99 within 50 ms with the writer actually reaching (95% of) its
    /// rate, since a writer slowed by the server would make the latency look better than the load the target names.
    /// </summary>
    private static TargetResult Watch(ScenarioResult? watch, bool quick)
    {
        const string target = "watch p99 ≤ 50 ms at 1,000 watchers × 1,000 writes/s";
        var result = Judge(target, watch, watch?.P99Ms, v => v <= 50,
            v => $"{Ms(v)} p99 ({watch?.Case}, writes {watch?.WritesPerSecond:N0}/s acknowledged){(quick ? " (--quick: smaller load)" : "")}");
        return result.Status == "met" && watch!.WritesPerSecond < 0.95 * Scenarios.WatchScenario.WritesPerSecond && !quick
            ? result with { Status = "not met (writer below 1,000/s)" }
            : result;
    }

    private static ScenarioResult? Find(IReadOnlyList<ScenarioResult> scenarios, string scenario, int clients) =>
        scenarios.FirstOrDefault(s => s.Scenario == scenario && s.Clients == clients);

    private static TargetResult Judge(string target, ScenarioResult? result, double? value, Func<double, bool> met, Func<double, string> show)
    {
        if (result is null)
        {
            return new TargetResult(target, "scenario not run", "n/a");
        }
        if (result.NotApplicable is { } reason)
        {
            return new TargetResult(target, reason, "n/a");
        }
        if (value is not { } v)
        {
            return new TargetResult(target, result.Verification ?? "not measured", "n/a");
        }
        if (result.Verified != true)
        {
            return new TargetResult(target, show(v), "not met (answers not verified)");
        }
        return new TargetResult(target, show(v), met(v) ? "met" : "not met");
    }

    private static string Ms(double v) => v.ToString(v < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " ms";
}
