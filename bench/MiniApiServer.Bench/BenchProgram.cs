using MiniApiServer.Bench.Report;
using Spectre.Console;

namespace MiniApiServer.Bench;

/// <summary>
/// The benchmark harness (issue 4): <c>dotnet run -c Release --project bench/MiniApiServer.Bench -- [options]</c>.
/// Exit code 0 when every scenario verified its answers (or is not applicable yet), 1 when one did not, 2 on bad usage,
/// 130 when cancelled (Ctrl-C).
/// </summary>
internal static class BenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        // Ctrl-C ends the run through its finally blocks, which stop the server and etcd the bench started.
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        return await RunAsync(args, cancellation.Token);
    }

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken ct)
    {
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"Error: {e.Message}");
            return 2;
        }
        var command = "dotnet run -c Release --project bench/MiniApiServer.Bench" + (args.Count > 0 ? " -- " + string.Join(' ', args) : "");
        BenchReport report;
        try
        {
            report = await BenchRun.RunAsync(options, command, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Everything the bench started was stopped on the way out; there is no complete run to report.
            await Console.Error.WriteLineAsync("cancelled: no results written");
            return 130;
        }
        var files = await ReportWriter.WriteAsync(report, options.OutputDirectory);
        // Plain output: the markdown must not be wrapped at the console's width.
        Console.WriteLine();
        Console.WriteLine(MarkdownReport.Render(report));
        AnsiConsole.MarkupLineInterpolated($"[grey]wrote {string.Join(", ", files)}[/]");
        return report.AllVerified ? 0 : 1;
    }
}
