using System.Globalization;
using MiniApiServer.Bench.Load;
using MiniApiServer.Bench.Report;

namespace MiniApiServer.Bench.Scenarios;

/// <summary>
/// update/patch on the dataset's Services at 64 clients. Each client owns every 64th object, so it always knows the
/// current resourceVersion: a PUT carrying it, or an unconditional merge PATCH, must succeed (200). One operation in
/// <see cref="ConflictEvery"/> deliberately carries a stale resourceVersion and must come back 409 Conflict. Afterwards a
/// LIST must show, for every object, the resourceVersion and label of its last successful write.
/// </summary>
internal static class UpdateScenario
{
    private const int ConflictEvery = 20;

    public static async Task RunAsync(BenchContext context)
    {
        var count = context.Options.Sizes.Services;
        await context.Data.EnsureServicesAsync(count);
        var ns = context.Data.Namespace;
        var collection = $"/api/v1/namespaces/{ns}/services";
        using var client = context.Client();
        var listed = await Listing.AllAsync(client, collection, context.Cancellation);
        var state = new ObjectState[count];
        for (var i = 0; i < count; i++)
        {
            var obj = listed[Dataset.ServiceName(i)];
            state[i] = new ObjectState(obj.ResourceVersion, obj.Seq);
        }

        context.Results.Add(await PhaseAsync(context, client, collection, state, "update", "PUT with resourceVersion", (i, seq, rv) =>
            (c, ct) => c.PutAsync($"{collection}/{Dataset.ServiceName(i)}", Payloads.Service(ns, Dataset.ServiceName(i), i, seq, rv), ct)));
        context.Results.Add(await PhaseAsync(context, client, collection, state, "patch", "merge PATCH", (i, seq, staleRv) =>
            (c, ct) => c.MergePatchAsync($"{collection}/{Dataset.ServiceName(i)}", Payloads.LabelPatch(seq, staleRv), ct)));
    }

    /// <summary>
    /// Builds a write of object i with label value seq; rv is the resourceVersion to send (for PATCH only when it is
    /// deliberately stale: an unconditional merge patch carries none, as kubectl's does).
    /// </summary>
    private delegate Func<LoadClient, CancellationToken, Task<Reply>> Write(int index, string seq, string? resourceVersion);

    private static async Task<ScenarioResult> PhaseAsync(BenchContext context, LoadClient client, string collection, ObjectState[] state,
        string verb, string @case, Write write)
    {
        long conflicts = 0;
        var isPut = verb == "update";
        var (load, usage) = await ReadScenarios.MeasureAsync(context, $"{verb}: {@case} at 64 clients", BenchContext.Clients, async (c, seq, ct) =>
        {
            var owned = (state.Length - c + BenchContext.Clients - 1) / BenchContext.Clients;
            if (owned == 0)
            {
                return true;
            }
            var index = c + (BenchContext.Clients * (int)(seq % owned));
            var current = state[index];
            var label = $"{verb[0]}{c}-{seq.ToString(CultureInfo.InvariantCulture)}";
            // Offset by the client, so conflicts start with the first operations even in a short --quick run.
            if ((seq + c) % ConflictEvery == ConflictEvery - 1)
            {
                // Any version other than the current one is stale; "1" predates every object of the run.
                var stale = current.Previous ?? "1";
                UnexpectedAnswerException.Expect(await write(index, label, stale)(client, ct), 409, $"{verb} with stale resourceVersion {stale}");
                Interlocked.Increment(ref conflicts);
                return true;
            }
            var reply = UnexpectedAnswerException.Expect(await write(index, label, isPut ? current.ResourceVersion : null)(client, ct), 200, verb);
            state[index] = new ObjectState(Listing.ResourceVersionOf(reply.Body), label, current.ResourceVersion);
            return true;
        });

        var stored = await Listing.AllAsync(client, collection, context.Cancellation);
        var wrong = Enumerable.Range(0, state.Length)
            .Where(i => stored[Dataset.ServiceName(i)] is var s && (s.ResourceVersion != state[i].ResourceVersion || s.Seq != state[i].Seq))
            .ToList();
        var verified = load.Failures == 0 && wrong.Count == 0 && conflicts > 0;
        var verification = load.Failures > 0
            ? ReadScenarios.Verdict(load, "")
            : wrong.Count > 0
                ? $"{wrong.Count} objects differ from their last acknowledged write, e.g. {Dataset.ServiceName(wrong[0])}: stored {stored[Dataset.ServiceName(wrong[0])]}, expected rv {state[wrong[0]].ResourceVersion} seq {state[wrong[0]].Seq}"
                : $"all writes 200, {conflicts:N0} stale-version writes 409; LIST matches every last write";
        return ScenarioResult.Measured(verb, $"{@case} (1 in {ConflictEvery} stale → 409)", BenchContext.Clients, load, usage, verified, verification);
    }

    /// <summary>What the bench last wrote to an object; Previous is the version before it (stale from then on).</summary>
    private sealed record ObjectState(string ResourceVersion, string? Seq, string? Previous = null);
}
