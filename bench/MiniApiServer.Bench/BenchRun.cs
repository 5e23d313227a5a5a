using System.Runtime.InteropServices;
using MiniApiServer.Bench.Processes;
using MiniApiServer.Bench.Report;
using MiniApiServer.Bench.Scenarios;
using Spectre.Console;

namespace MiniApiServer.Bench;

/// <summary>
/// One run: start the server (or attach to <c>--server</c>), run the chosen scenarios with their ceilings, stop
/// everything started, and return the report. Scenarios run in the order that keeps each measurement clean (mixed
/// before create, so its memory figure is that of its own dataset; restart last, as it needs everything stored).
/// </summary>
internal static class BenchRun
{
    private static readonly (string Name, Func<BenchContext, Task> Run)[] Order =
    [
        ("get", ReadScenarios.GetAsync),
        ("list", ReadScenarios.ListAsync),
        (TableScenario.Name, TableScenario.RunAsync),
        ("mixed", MixedScenario.RunAsync),
        ("create", CreateScenario.RunAsync),
        ("update", UpdateScenario.RunAsync),
        ("restart", RestartScenario.RunAsync),
        ("watch", WatchScenario.RunAsync),
        (EndpointsScenario.Name, EndpointsScenario.RunAsync),
    ];

    private static readonly string[] ApiServerOnly = ["--controllers=namespace", "--pod-simulator=false"];

    public static async Task<BenchReport> RunAsync(BenchOptions options, string command, CancellationToken ct)
    {
        var started = DateTimeOffset.Now;
        var dataDirectory = options.Server is null ? Path.Combine(Path.GetTempPath(), $"miniapiserver-bench-{Guid.NewGuid():N}") : null;
        BenchContext? context = null;
        try
        {
            await using var server = options.Server is { } url
                ? BenchServer.Attach(url)
                // The API and storage scenarios measure the API server itself, as kube-apiserver is measured apart from
                // kube-controller-manager and the kubelets: without the controllers that write Endpoints and slices for
                // each Service, and without the pod simulator binding and running each pod. The endpoints scenario runs
                // them, on servers of its own.
                : await BenchServer.StartAsync(Directory.CreateDirectory(dataDirectory!).FullName, ct, ApiServerOnly);
            try
            {
                await AnsiConsole.Progress()
                    .AutoClear(false)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                    .StartAsync(async progress =>
                    {
                        context = new BenchContext(options, server, new BenchProgress(progress), ct);
                        context.IdleRssMb = await IdleRssAsync(server, ct);
                        foreach (var (name, run) in Order.Where(o => options.Runs(o.Name)))
                        {
                            await RunScenarioAsync(context, name, run);
                        }
                    });
            }
            finally
            {
                await server.StopAsync();
            }
        }
        finally
        {
            if (dataDirectory is not null && Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
        var scenarios = context!.Results.OrderBy(r => Array.IndexOf(BenchOptions.AllScenarios, r.Scenario == "patch" ? "update" : r.Scenario)).ToList();
        var targets = Targets.Judge(scenarios, context.Ceilings, context.IdleRssMb, options.Quick);
        return new BenchReport(started, command, Machine(), options.Quick,
            options.Server is { } u ? $"{u} (given with --server)" : "started by the bench from its Release build, temp data dir",
            context.IdleRssMb, context.Ceilings, scenarios, targets, context.Notes);
    }

    /// <summary>A failing scenario is recorded as unverified and the run goes on; cancellation stops the run.</summary>
    private static async Task RunScenarioAsync(BenchContext context, string name, Func<BenchContext, Task> run)
    {
        try
        {
            await run(context);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            context.Results.Add(ScenarioResult.Failed(name, "failed", $"{e.GetType().Name}: {e.Message}"));
        }
    }

    /// <summary>The server's RSS after start-up, one request and a moment of idleness.</summary>
    private static async Task<double?> IdleRssAsync(BenchServer server, CancellationToken ct)
    {
        if (server.ProcessId is not { } pid)
        {
            return null;
        }
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        (await http.GetAsync("/api/v1/namespaces/default/services/kubernetes", ct)).EnsureSuccessStatusCode();
        await Task.Delay(TimeSpan.FromSeconds(1), ct);
        return ProcessMonitor.RssMb(pid);
    }

    private static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"{Environment.ProcessorCount} cores ({cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}), " +
               $"{RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }
}
