using System.Diagnostics;
using HdrHistogram;
using MiniApiServer.Bench.Load;
using MiniApiServer.Bench.Report;

namespace MiniApiServer.Bench.Scenarios;

/// <summary>
/// mixed: with the dataset's Services and Pods loaded, 64 clients do 80% reads (GET a Pod, GET a Service, LIST a
/// small page of Pods) and 20% writes (merge PATCH of a Pod's or a Service's label), all expected to be 200. The
/// server's peak RSS here is the "with 10k Services + 50k Pods" memory figure. Latency is also kept per kind of
/// operation, to tell which one sets the pace.
/// </summary>
internal static class MixedScenario
{
    private const int PageSize = 50;

    private static readonly string[] Kinds = ["GET pod", "GET service", $"LIST {PageSize} pods", "PATCH pod", "PATCH service"];

    /// <summary>Operation kind by a roll of 0..99: 40% / 20% / 20% reads, 10% / 10% writes.</summary>
    private static int KindOf(int roll) => roll switch { < 40 => 0, < 60 => 1, < 80 => 2, < 90 => 3, _ => 4 };

    public static async Task RunAsync(BenchContext context)
    {
        var sizes = context.Options.Sizes;
        await context.Data.EnsureServicesAsync(sizes.Services);
        await context.Data.EnsurePodsAsync(sizes.Pods);
        var data = context.Data;
        var collections = new Collections($"/api/v1/namespaces/{data.Namespace}/services", $"/api/v1/namespaces/{data.Namespace}/pods");
        var random = Enumerable.Range(0, BenchContext.Clients).Select(c => new Random(c)).ToArray();
        var byKind = Enumerable.Range(0, BenchContext.Clients).Select(_ => Kinds.Select(_ => new LongHistogram(120_000_000, 3)).ToArray()).ToArray();
        using var client = context.Client();
        var (load, usage) = await ReadScenarios.MeasureAsync(context,
            $"mixed: 80% reads / 20% writes over {data.Services:N0} Services + {data.Pods:N0} Pods", BenchContext.Clients,
            async (c, seq, ct) =>
            {
                var rng = random[c];
                var kind = KindOf(rng.Next(100));
                var target = new Target(Dataset.PodName(rng.Next(data.Pods)), Dataset.ServiceName(rng.Next(data.Services)), $"m{c}-{seq}");
                var started = Stopwatch.GetTimestamp();
                var ok = await OneAsync(client, collections, kind, target, Math.Min(PageSize, data.Pods), ct);
                byKind[c][kind].RecordValue(Math.Max(1, Stopwatch.GetElapsedTime(started).Ticks / 10));
                return ok;
            }, context.Options.MixedDuration);

        var merged = Kinds.Select((_, k) =>
        {
            var histogram = new LongHistogram(120_000_000, 3);
            foreach (var perClient in byKind)
            {
                histogram.Add(perClient[k]);
            }
            return histogram;
        }).ToArray();
        context.Notes.Add("mixed, latency by operation (p50 / p99 ms, warm-up included): " + string.Join("; ", Kinds.Select((kind, k) =>
            $"{kind} {merged[k].GetValueAtPercentile(50) / 1000.0:0.00} / {merged[k].GetValueAtPercentile(99) / 1000.0:0.00} ({merged[k].TotalCount:N0})")));
        var reads = merged.Take(3).Sum(h => h.TotalCount);
        var writes = merged.Skip(3).Sum(h => h.TotalCount);
        var verification = ReadScenarios.Verdict(load,
            $"all {reads + writes:N0} answers 200 ({reads:N0} reads, {writes:N0} writes), every LIST page {PageSize} items");
        context.Results.Add(ScenarioResult.Measured("mixed", $"{data.Services:N0} Services + {data.Pods:N0} Pods, 80/20",
            BenchContext.Clients, load, usage, load.Failures == 0, verification));
    }

    private static async Task<bool> OneAsync(LoadClient client, Collections at, int kind, Target target, int pageItems, CancellationToken ct)
    {
        var pod = $"{at.Pods}/{target.Pod}";
        var service = $"{at.Services}/{target.Service}";
        switch (kind)
        {
            case 0:
                UnexpectedAnswerException.Expect(await client.GetAsync(pod, ct), 200, "GET pod");
                return true;
            case 1:
                UnexpectedAnswerException.Expect(await client.GetAsync(service, ct), 200, "GET service");
                return true;
            case 2:
                var page = UnexpectedAnswerException.Expect(await client.GetAsync($"{at.Pods}?limit={PageSize}", ct), 200, "LIST pods");
                return Listing.CountItems(page.Body) == pageItems;
            case 3:
                UnexpectedAnswerException.Expect(await client.MergePatchAsync(pod, Payloads.LabelPatch(target.Label), ct), 200, "PATCH pod");
                return true;
            default:
                UnexpectedAnswerException.Expect(await client.MergePatchAsync(service, Payloads.LabelPatch(target.Label), ct), 200, "PATCH service");
                return true;
        }
    }

    private sealed record Collections(string Services, string Pods);

    private sealed record Target(string Pod, string Service, string Label);
}
