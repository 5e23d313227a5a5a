using MiniApiServer.Bench.Load;
using MiniApiServer.Bench.Report;

namespace MiniApiServer.Bench.Scenarios;

/// <summary>
/// table: LIST of the dataset's Services as kubectl asks for it (<c>Accept: …;as=Table</c>, each row printed and carrying
/// the object's metadata) beside the same LIST as plain JSON, one client each, one after the other; the Table row reports
/// the ratio of the two. The ratio is taken from pairs of one JSON and one Table LIST made back to back (the median of
/// each over the pairs), so that a change of the machine's load between the two measurements (other builds on a 2-core
/// machine) does not make it. The first Table LIST prints every row (later ones reuse the rows of unchanged versions);
/// its time is noted apart. A Table's AGE cells change as the list ages (<c>59s</c>, <c>60s</c>, <c>2m</c>), so its
/// answers are checked by their shape and the first one by its row count, not by their length. Then the real
/// <c>kubectl get pods -A</c> is timed over the dataset's pods (<see cref="KubectlGetPods"/>).
/// </summary>
internal static class TableScenario
{
    public const string Name = "table";

    private const int Pairs = 31;

    /// <summary>kubectl's Accept for printing (kubectl-wire.md, TABLE).</summary>
    private const string TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

    public static async Task RunAsync(BenchContext context)
    {
        var services = context.Options.Sizes.Services;
        await context.Data.EnsureServicesAsync(services);
        var collection = $"/api/v1/namespaces/{context.Data.Namespace}/services";
        using var client = context.Client(1);

        var json = await ReadScenarios.ListCaseAsync(context, client, collection, $"{services:N0} Services, JSON", services);
        context.Results.Add(json with { Scenario = Name });

        var cold = System.Diagnostics.Stopwatch.StartNew();
        var first = UnexpectedAnswerException.Expect(await client.GetAsync(collection, TableAccept, context.Cancellation), 200, "LIST as=Table");
        context.Notes.Add($"table: the first as=Table LIST of {services:N0} Services, which prints every row, took {cold.Elapsed.TotalMilliseconds:N0} ms.");
        var rows = Rows(first.Body);
        var (load, usage) = await ReadScenarios.MeasureAsync(context, $"table: {services:N0} Services as=Table", 1, async (_, _, ct) =>
        {
            var reply = UnexpectedAnswerException.Expect(await client.GetAsync(collection, TableAccept, ct), 200, "LIST as=Table");
            return reply.Body.AsSpan().StartsWith("{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\""u8);
        });
        var (jsonMs, tableMs) = await PairedMediansAsync(context, client, collection);
        var ratio = tableMs / jsonMs;
        var verification = rows == services
            ? ReadScenarios.Verdict(load, $"{rows:N0} rows, every answer 200 and a meta.k8s.io/v1 Table")
            : $"the Table had {rows:N0} rows, expected {services:N0}";
        context.Results.Add(ScenarioResult.Measured(Name, $"{services:N0} Services, as=Table", 1, load, usage,
            load.Failures == 0 && rows == services, verification,
            $"{ratio:0.00}× the JSON list (medians of {Pairs} back-to-back pairs: {tableMs:N1} vs {jsonMs:N1} ms)") with { RatioValue = ratio });
        await KubectlGetPods.RunAsync(context);
    }

    /// <summary>The median time of a JSON LIST and of a Table LIST over pairs of them made back to back.</summary>
    private static async Task<(double JsonMs, double TableMs)> PairedMediansAsync(BenchContext context, LoadClient client, string collection)
    {
        using var step = context.Progress.Begin($"table: {Pairs} pairs of JSON and Table LISTs");
        var json = new List<double>(Pairs);
        var table = new List<double>(Pairs);
        for (var i = 0; i < Pairs; i++)
        {
            json.Add(await TimeAsync(() => client.GetAsync(collection, context.Cancellation)));
            table.Add(await TimeAsync(() => client.GetAsync(collection, TableAccept, context.Cancellation)));
            step.Report((i + 1.0) / Pairs);
        }
        return (Median(json), Median(table));
    }

    private static async Task<double> TimeAsync(Func<Task<Reply>> list)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        UnexpectedAnswerException.Expect(await list(), 200, "LIST");
        return System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static int Rows(byte[] table)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(table);
        return doc.RootElement.GetProperty("rows").GetArrayLength();
    }
}
