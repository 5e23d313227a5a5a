using MiniApiServer.Bench.Load;
using MiniApiServer.Bench.Processes;
using MiniApiServer.Bench.Report;

namespace MiniApiServer.Bench.Scenarios;

/// <summary>
/// restart: with at least the target number of objects stored (what earlier scenarios created, topped up with
/// Services), stop the server gracefully, start it on the same data directory, and time process start to the first
/// <c>/readyz</c> ok; then its RSS. Every Service and Pod counted before must be there after.
/// </summary>
internal static class RestartScenario
{
    public static async Task RunAsync(BenchContext context)
    {
        if (!context.Server.Owned)
        {
            context.Results.Add(ScenarioResult.Unavailable("restart", "start to /readyz", context.ServerNotOwned));
            return;
        }
        var target = context.Options.Sizes.RestartObjects;
        var fill = context.Namespace("fill");
        var before = await CountAsync(context);
        if (before.Total < target)
        {
            await Preload.NamespaceAsync(context, fill);
            await Preload.ObjectsAsync(context, fill, "services", 0, (int)(target - before.Total),
                i => Payloads.Service(fill, Dataset.ServiceName(i), i), "service");
            before = await CountAsync(context);
        }
        using var step = context.Progress.Begin($"restart: {before.Total:N0} Services + Pods stored");
        await context.Server.RestartAsync(context.Cancellation);
        var readyRss = ProcessMonitor.RssMb(context.Server.ProcessId!.Value);
        step.Report(0.5);
        var after = await CountAsync(context);
        var verified = after == before;
        context.Results.Add(new ScenarioResult("restart", $"{before.Total:N0} objects (Services + Pods)",
            Operations: before.Total,
            ServerRssEndMb: readyRss,
            ServerRssPeakMb: readyRss,
            Verified: verified,
            Verification: verified
                ? $"all {before.Services:N0} Services and {before.Pods:N0} Pods there after the restart"
                : $"before: {before}; after: {after}",
            StartToReadyMs: context.Server.LastStartToReady.TotalMilliseconds));
    }

    private static async Task<Counts> CountAsync(BenchContext context)
    {
        using var client = context.Client(1);
        return new Counts(
            await Listing.CountAsync(client, "/api/v1/services", context.Cancellation),
            await Listing.CountAsync(client, "/api/v1/pods", context.Cancellation));
    }

    private sealed record Counts(long Services, long Pods)
    {
        public long Total => Services + Pods;
    }
}
