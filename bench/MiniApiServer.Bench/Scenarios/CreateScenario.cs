using System.Globalization;
using MiniApiServer.Bench.Ceilings;
using MiniApiServer.Bench.Load;
using MiniApiServer.Bench.Report;

namespace MiniApiServer.Bench.Scenarios;

/// <summary>
/// create: POST ~1 KB Services at 1, 16 and 64 clients, each level into its own namespace. Every answer must be 201,
/// and afterwards a LIST must show exactly the objects created. Reported against the disk ceilings (fsync'd appends,
/// single and grouped) and etcd's put rate at the same concurrency, all measured just before.
/// </summary>
internal static class CreateScenario
{
    public static async Task RunAsync(BenchContext context)
    {
        var sample = Payloads.Service("default", "frontend-web", 0);
        var diskDirectory = Path.GetDirectoryName(context.Server.DataDirectory) ?? Path.GetTempPath();
        var disk = await DiskCeiling.MeasureAsync(context, diskDirectory, sample);
        var etcd = await EtcdPeer.MeasureAsync(context, sample, BenchSizes.CreateClients);
        context.Ceilings.AddRange(disk);
        context.Ceilings.AddRange(etcd);

        for (var level = 0; level < BenchSizes.CreateClients.Length; level++)
        {
            var clients = BenchSizes.CreateClients[level];
            var count = context.Options.Sizes.CreateCounts[level];
            var ratio = Ratios(disk, etcd.FirstOrDefault(e => e.Clients == clients));
            context.Results.Add(await LevelAsync(context, clients, count, ratio));
        }
    }

    private static async Task<ScenarioResult> LevelAsync(BenchContext context, int clients, int count, Func<double, string> ratio)
    {
        var ns = context.Namespace($"create-{clients}");
        await Preload.NamespaceAsync(context, ns);
        var collection = $"/api/v1/namespaces/{ns}/services";
        using var client = context.Client(clients);
        LoadResult load;
        Processes.ServerUsage? usage;
        using (var step = context.Progress.Begin($"create: {count:N0} Services at {clients} client(s)"))
        {
            await using var monitor = context.Monitor();
            load = await LoadGenerator.RunCountAsync(clients, count, async (_, seq, ct) =>
            {
                var name = Name(seq);
                UnexpectedAnswerException.Expect(await client.PostAsync(collection, Payloads.Service(ns, name, (int)seq), ct), 201, $"create {name}");
                return true;
            }, step.Report, context.Cancellation);
            usage = monitor is null ? null : await monitor.EndAsync();
        }

        var stored = await Listing.AllAsync(client, collection, context.Cancellation);
        var missing = Enumerable.Range(0, count).Select(i => Name(i)).Where(n => !stored.ContainsKey(n)).ToList();
        var verified = load.Failures == 0 && missing.Count == 0 && stored.Count == count;
        var verification = verified
            ? $"all {count:N0} answers 201; LIST shows all {count:N0}"
            : $"{load.Failures} unexpected answers (first: {load.FirstFailure}); LIST shows {stored.Count:N0} of {count:N0}, {missing.Count} missing";
        return ScenarioResult.Measured("create", $"{clients} client{(clients == 1 ? "" : "s")}", clients, load, usage,
            verified, verification, ratio(load.Throughput));
    }

    private static string Name(long seq) => $"svc-{seq.ToString("D6", CultureInfo.InvariantCulture)}";

    private static Func<double, string> Ratios(IReadOnlyList<CeilingResult> disk, CeilingResult? etcd) => rate =>
    {
        var parts = disk.Where(d => d.Rate is > 0).Select(d => $"{rate / d.Rate!.Value:0.00}× {(d.Name.Contains("groups", StringComparison.Ordinal) ? $"{DiskCeiling.GroupSize}-group fsync" : "fsync/s")}");
        if (etcd?.Rate is > 0)
        {
            parts = parts.Append($"{rate / etcd.Rate.Value:0.00}× etcd");
        }
        return string.Join(", ", parts);
    };
}
