using MiniApiServer.Bench.Load;
using MiniApiServer.Bench.Report;

namespace MiniApiServer.Bench.Scenarios;

/// <summary>
/// mixed: with the dataset's Services and Pods loaded, 64 clients do 80% reads (GET a Pod, GET a Service, LIST a
/// small page of Pods) and 20% writes (merge PATCH of a Pod's or a Service's label), all expected to be 200. The
/// server's peak RSS here is the "with 10k Services + 50k Pods" memory figure.
/// </summary>
internal static class MixedScenario
{
    private const int PageSize = 50;

    public static async Task RunAsync(BenchContext context)
    {
        var sizes = context.Options.Sizes;
        await context.Data.EnsureServicesAsync(sizes.Services);
        await context.Data.EnsurePodsAsync(sizes.Pods);
        var ns = context.Data.Namespace;
        var services = $"/api/v1/namespaces/{ns}/services";
        var pods = $"/api/v1/namespaces/{ns}/pods";
        var random = Enumerable.Range(0, BenchContext.Clients).Select(c => new Random(c)).ToArray();
        long reads = 0;
        long writes = 0;
        using var client = context.Client();
        var (load, usage) = await ReadScenarios.MeasureAsync(context,
            $"mixed: 80% reads / 20% writes over {context.Data.Services:N0} Services + {context.Data.Pods:N0} Pods", BenchContext.Clients,
            async (c, seq, ct) =>
            {
                var rng = random[c];
                var roll = rng.Next(100);
                var pod = $"{pods}/{Dataset.PodName(rng.Next(context.Data.Pods))}";
                var service = $"{services}/{Dataset.ServiceName(rng.Next(context.Data.Services))}";
                if (roll < 80)
                {
                    Interlocked.Increment(ref reads);
                }
                else
                {
                    Interlocked.Increment(ref writes);
                }
                switch (roll)
                {
                    case < 40:
                        UnexpectedAnswerException.Expect(await client.GetAsync(pod, ct), 200, "GET pod");
                        return true;
                    case < 60:
                        UnexpectedAnswerException.Expect(await client.GetAsync(service, ct), 200, "GET service");
                        return true;
                    case < 80:
                        var page = UnexpectedAnswerException.Expect(await client.GetAsync($"{pods}?limit={PageSize}", ct), 200, "LIST pods");
                        return Listing.CountItems(page.Body) == Math.Min(PageSize, context.Data.Pods);
                    case < 90:
                        UnexpectedAnswerException.Expect(await client.MergePatchAsync(pod, Payloads.LabelPatch($"m{c}-{seq}"), ct), 200, "PATCH pod");
                        return true;
                    default:
                        UnexpectedAnswerException.Expect(await client.MergePatchAsync(service, Payloads.LabelPatch($"m{c}-{seq}"), ct), 200, "PATCH service");
                        return true;
                }
            }, context.Options.MixedDuration);
        var verification = ReadScenarios.Verdict(load,
            $"all {reads + writes:N0} answers 200 ({reads:N0} reads, {writes:N0} writes), every LIST page {PageSize} items");
        context.Results.Add(ScenarioResult.Measured("mixed", $"{context.Data.Services:N0} Services + {context.Data.Pods:N0} Pods, 80/20",
            BenchContext.Clients, load, usage, load.Failures == 0, verification));
    }
}
