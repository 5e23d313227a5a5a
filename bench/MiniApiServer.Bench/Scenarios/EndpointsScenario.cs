using MiniApiServer.Bench.Processes;
using MiniApiServer.Bench.Report;

namespace MiniApiServer.Bench.Scenarios;

/// <summary>
/// endpoints (issue 10): Services that follow their Pods, in three parts, each against a server of its own (fresh
/// data directory, Release build, 127.0.0.1) so that one part's objects and controllers' backlog cannot slow another:
/// <list type="number">
/// <item>Ready → Endpoints and Ready → EndpointSlice latency at 1,000 Services × 10 pods (<see cref="EndpointsLatency"/>);</item>
/// <item>coalescing: how many Endpoints and slice writes a burst of 1,000 pod changes across 10 Services makes
/// (<see cref="EndpointsCoalescing"/>);</item>
/// <item>the pod simulator's create → Ready throughput (<see cref="SimulatorThroughput"/>).</item>
/// </list>
/// </summary>
internal static class EndpointsScenario
{
    public const string Name = "endpoints";

    public static async Task RunAsync(BenchContext context)
    {
        if (!context.Server.Owned)
        {
            // The parts need servers started with chosen flags (the simulator off, then on).
            context.Results.Add(ScenarioResult.Unavailable(Name, "Ready → Endpoints / EndpointSlice, coalescing, simulator", context.ServerNotOwned));
            return;
        }
        await RunPartAsync(context, "Ready → Endpoints", EndpointsLatency.RunAsync);
        await RunPartAsync(context, "coalescing", EndpointsCoalescing.RunAsync);
        await RunPartAsync(context, "simulator", SimulatorThroughput.RunAsync);
    }

    /// <summary>
    /// Starts a server for one part on a data directory of its own, runs the part, and stops the server and removes
    /// the directory however the part ends.
    /// </summary>
    public static async Task<T> WithServerAsync<T>(BenchContext context, string purpose, IReadOnlyList<string> flags, Func<BenchServer, Task<T>> part)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"miniapiserver-bench-{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        try
        {
            BenchServer server;
            using (context.Progress.Begin($"{Name}: start a server ({(flags.Count == 0 ? "default flags" : string.Join(' ', flags))})"))
            {
                server = await BenchServer.StartAsync(directory, context.Cancellation, flags);
            }
            await using (server)
            {
                try
                {
                    return await part(server);
                }
                finally
                {
                    await server.StopAsync();
                }
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>A part that fails is one unverified row; the other parts still run.</summary>
    private static async Task RunPartAsync(BenchContext context, string part, Func<BenchContext, Task> run)
    {
        try
        {
            await run(context);
        }
        catch (Exception e) when (!context.Cancellation.IsCancellationRequested)
        {
            // An HTTP timeout is an OperationCanceledException too, but a failure of the part, not the user's Ctrl-C.
            context.Results.Add(ScenarioResult.Failed(Name, part, $"{e.GetType().Name}: {e.Message}"));
        }
    }
}
