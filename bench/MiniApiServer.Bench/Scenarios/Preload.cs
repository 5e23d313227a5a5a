using MiniApiServer.Bench.Load;

namespace MiniApiServer.Bench.Scenarios;

/// <summary>Fast loading of objects a scenario needs, with many concurrent POSTs; every one must be created.</summary>
internal static class Preload
{
    public static async Task NamespaceAsync(BenchContext context, string name)
    {
        using var client = context.Client(1);
        var reply = await client.PostAsync("/api/v1/namespaces", Payloads.Namespace(name), context.Cancellation);
        if (reply.Status is not (201 or 409))
        {
            throw new InvalidOperationException($"creating namespace {name}: {reply.Describe()}");
        }
    }

    /// <summary>Creates objects <paramref name="from"/>..<paramref name="to"/>-1 of a kind in a namespace.</summary>
    public static async Task ObjectsAsync(BenchContext context, string ns, string plural, int from, int to, Func<int, byte[]> body, string description)
    {
        if (to <= from)
        {
            return;
        }
        using var step = context.Progress.Begin($"preload {to - from:N0} {plural} ({ns})");
        using var client = context.Client();
        var path = $"/api/v1/namespaces/{ns}/{plural}";
        var load = await LoadGenerator.RunCountAsync(BenchContext.Clients, to - from, async (_, seq, ct) =>
        {
            UnexpectedAnswerException.Expect(await client.PostAsync(path, body(from + (int)seq), ct), 201, $"create {description}");
            return true;
        }, step.Report, context.Cancellation);
        if (load.Failures > 0)
        {
            throw new InvalidOperationException($"preloading {plural} in {ns}: {load.Failures} of {load.Operations} failed; first: {load.FirstFailure}");
        }
    }
}
