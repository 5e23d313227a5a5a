using MiniApiServer.Bench;
using MiniApiServer.Bench.Report;

namespace MiniApiServer.EndToEnd.Bench;

/// <summary>
/// The benchmark harness end to end with <c>--quick</c>: it starts a real server process, runs every scenario and
/// writes its results. Only completion and verification are asserted, never timings (this machine is shared).
/// </summary>
public sealed class BenchSmokeTests
{
    [Fact]
    public async Task Quick_run_writes_both_result_files_and_every_scenario_verifies_its_answers()
    {
        using var output = new TempDirectory();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));

        var exitCode = await BenchProgram.RunAsync(["--quick", "--out", output.Path], timeout.Token);

        Assert.True(File.Exists(output.Combine("latest.md")));
        var report = ReportWriter.Read(output.Combine("latest.json"));
        Assert.Equal(2, Directory.GetFiles(output.Path, "20*.*").Length);
        Assert.All(report.Scenarios, s => Assert.True(s.NotApplicable is not null || s.Verified == true, $"{s.Scenario}, {s.Case}: {s.Verification}"));
        Assert.Equal(["create", "get", "list", "table", "update", "patch", "mixed", "restart", "watch", "endpoints"],
            report.Scenarios.Select(s => s.Scenario).Distinct());
        Assert.Contains(report.Ceilings, c => c.Name.StartsWith("Kestrel", StringComparison.Ordinal) && c.Rate > 0);
        // The endpoints scenario ran against servers of its own rather than being skipped: its burst made Endpoints writes.
        Assert.Contains(report.Scenarios, s => s.Scenario == "endpoints" && s.EndpointsWrites > 0);
        Assert.Equal(0, exitCode);
    }
}
