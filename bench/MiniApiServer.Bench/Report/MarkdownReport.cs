using System.Globalization;
using System.Text;

namespace MiniApiServer.Bench.Report;

/// <summary>latest.md: the run's tables as a person reads them.</summary>
internal static class MarkdownReport
{
    public static string Render(BenchReport report)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# MiniApiServer benchmark, {report.StartedAt:yyyy-MM-dd HH:mm zzz}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"`{report.Command}`{(report.Quick ? " (**--quick**: small sizes, figures not comparable)" : "")}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Machine: {report.Machine}. Server: {report.Server}.");
        md.AppendLine("Throughput is per second over the measured period (after a warm-up); latency is per request (HdrHistogram);");
        md.AppendLine("server RSS is peak / end during the scenario, server CPU is % of one core, bench CPU is % of all cores.");
        md.AppendLine("Every ratio is to a ceiling measured in this same run.");
        md.AppendLine();
        md.AppendLine("## Scenarios");
        md.AppendLine();
        md.AppendLine("| scenario | case | clients | throughput/s | p50 ms | p90 ms | p99 ms | max ms | server RSS MB | server CPU | bench CPU | vs ceiling | verified |");
        md.AppendLine("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|---|");
        foreach (var s in report.Scenarios)
        {
            if (s.NotApplicable is { } reason)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| {s.Scenario} | {s.Case} | | {reason} | | | | | | | | | n/a |");
                continue;
            }
            var throughput = s.Summary ?? (s.StartToReadyMs is { } ready ? $"ready in {ready / 1000:0.00} s" : N(s.Throughput));
            var rss = s.ServerRssPeakMb is null ? "n/a" : $"{s.ServerRssPeakMb:N0} / {s.ServerRssEndMb:N0}";
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {s.Scenario} | {s.Case} | {s.Clients} | {throughput} | {Ms(s.P50Ms)} | {Ms(s.P90Ms)} | {Ms(s.P99Ms)} | {Ms(s.MaxMs)} | {rss} | {Pct(s.ServerCpuPercent)} | {Pct(s.BenchCpuPercent)} | {s.Ratio} | {Verdict(s)} |");
        }
        md.AppendLine();
        md.AppendLine("## Ceilings and peers (same run)");
        md.AppendLine();
        md.AppendLine("| ceiling | case | rate | p50 ms | p99 ms | bench CPU |");
        md.AppendLine("|---|---|--:|--:|--:|--:|");
        foreach (var c in report.Ceilings)
        {
            md.AppendLine(c.NotApplicable is { } reason
                ? $"| {c.Name} | {c.Case} | {reason} | | | |"
                : $"| {c.Name} | {c.Case} | {N(c.Rate)} {c.Unit} | {Ms(c.P50Ms)} | {Ms(c.P99Ms)} | {Pct(c.BenchCpuPercent)} |");
        }
        md.AppendLine();
        md.AppendLine("## Targets");
        md.AppendLine();
        md.AppendLine("| target | measured | status |");
        md.AppendLine("|---|---|---|");
        foreach (var t in report.Targets)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {t.Target} | {t.Measured} | {t.Status} |");
        }
        md.AppendLine();
        md.AppendLine("## Verification");
        md.AppendLine();
        foreach (var s in report.Scenarios.Where(s => s.NotApplicable is null))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {s.Scenario}, {s.Case}: {Verdict(s)}: {s.Verification}");
        }
        if (report.Notes.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("## Notes");
            md.AppendLine();
            foreach (var note in report.Notes)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"- {note}");
            }
        }
        return md.ToString();
    }

    private static string Verdict(ScenarioResult s) => s.Verified == true ? "yes" : "**NO**";

    private static string N(double? value) => value is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "";

    private static string Ms(double? value) => value is { } v ? v.ToString(v < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) : "";

    private static string Pct(double? value) => value is { } v ? v.ToString("0", CultureInfo.InvariantCulture) + "%" : "n/a";
}
