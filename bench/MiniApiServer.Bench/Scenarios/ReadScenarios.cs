using MiniApiServer.Bench.Ceilings;
using MiniApiServer.Bench.Load;
using MiniApiServer.Bench.Report;

namespace MiniApiServer.Bench.Scenarios;

/// <summary>
/// get: one Service by name at 64 clients, against the Kestrel ceiling serving the same bytes. list: LIST of the
/// dataset's Services (one client, so the latency is that of a LIST, not of a queue), and LIST with a label selector
/// matching 1% of them.
/// </summary>
internal static class ReadScenarios
{
    public static async Task GetAsync(BenchContext context)
    {
        var ns = context.Namespace("get");
        await Preload.NamespaceAsync(context, ns);
        var path = $"/api/v1/namespaces/{ns}/services/frontend-web";
        using var client = context.Client();
        UnexpectedAnswerException.Expect(await client.PostAsync($"/api/v1/namespaces/{ns}/services", Payloads.Service(ns, "frontend-web", 0), context.Cancellation), 201, "create frontend-web");
        var expected = UnexpectedAnswerException.Expect(await client.GetAsync(path, context.Cancellation), 200, "GET frontend-web").Body;

        var kestrel = await KestrelCeiling.MeasureAsync(context, path, expected, BenchContext.Clients);
        context.Ceilings.Add(kestrel);

        var (load, usage) = await MeasureAsync(context, "get: one Service at 64 clients", BenchContext.Clients, async (_, _, ct) =>
        {
            var reply = UnexpectedAnswerException.Expect(await client.GetAsync(path, ct), 200, "GET frontend-web");
            return reply.Body.AsSpan().SequenceEqual(expected);
        });
        var ratio = kestrel.Rate is > 0 ? $"{load.Throughput / kestrel.Rate.Value:P0} of Kestrel" : null;
        context.Results.Add(ScenarioResult.Measured("get", "one Service by name", BenchContext.Clients, load, usage,
            load.Failures == 0, Verdict(load, $"all answers 200 with the object's {expected.Length} bytes"), ratio));
    }

    public static async Task ListAsync(BenchContext context)
    {
        var services = context.Options.Sizes.Services;
        await context.Data.EnsureServicesAsync(services);
        var collection = $"/api/v1/namespaces/{context.Data.Namespace}/services";
        using var client = context.Client(1);

        context.Results.Add(await ListCaseAsync(context, client, collection, $"{services:N0} Services, JSON", services));
        var selected = Enumerable.Range(0, services).Count(i => Payloads.ShardOf(i) == Payloads.SelectedShard);
        context.Results.Add(await ListCaseAsync(context, client, $"{collection}?labelSelector={Payloads.ShardSelector}",
            $"labelSelector matching 1% ({selected:N0} of {services:N0})", selected));
    }

    internal static async Task<ScenarioResult> ListCaseAsync(BenchContext context, LoadClient client, string path, string @case, int expectedItems)
    {
        var first = UnexpectedAnswerException.Expect(await client.GetAsync(path, context.Cancellation), 200, "LIST");
        var firstCount = Listing.CountItems(first.Body);
        // Nothing writes these Services meanwhile, so every answer must be the same list, byte for byte in length, but
        // for the list's resourceVersion: the controllers may still be writing the Endpoints of the Services just
        // loaded, and the store's revision gaining a digit must not count as a wrong answer.
        var expectedLength = Listing.LengthWithoutListVersion(first.Body);
        var (load, usage) = await MeasureAsync(context, $"list: {@case}", 1, async (_, _, ct) =>
        {
            var reply = UnexpectedAnswerException.Expect(await client.GetAsync(path, ct), 200, "LIST");
            return Listing.LengthWithoutListVersion(reply.Body) == expectedLength;
        });
        var verified = load.Failures == 0 && firstCount == expectedItems;
        var verification = firstCount == expectedItems
            ? Verdict(load, $"{expectedItems:N0} items, every answer 200 and of the same length")
            : $"LIST returned {firstCount:N0} items, expected {expectedItems:N0}";
        return ScenarioResult.Measured("list", @case, 1, load, usage, verified, verification);
    }

    internal static async Task<(LoadResult Load, Processes.ServerUsage? Usage)> MeasureAsync(BenchContext context, string description,
        int clients, Operation operation, TimeSpan? duration = null)
    {
        using var step = context.Progress.Begin(description);
        await using var monitor = context.Monitor();
        var load = await LoadGenerator.RunForAsync(clients, duration ?? context.Options.Duration, operation, step.Report, context.Cancellation);
        return (load, monitor is null ? null : await monitor.EndAsync());
    }

    internal static string Verdict(LoadResult load, string ok) =>
        load.Failures == 0 ? ok : $"{load.Failures:N0} unexpected answers; first: {load.FirstFailure ?? "a wrong body"}";
}
