using MiniApiServer.Hosting;
using MiniApiServer.Registry;
using MiniApiServer.Storage;
using MiniApiServer.Storage.LiteDb;

namespace MiniApiServer.Tests.Architecture;

/// <summary>
/// Keeps the layers of design.md ("Layers: who may use whom"): no arrow points up, and no folder depends on itself
/// through another. A failure lists each offending reference, so the message says what to move or invert.
/// </summary>
public sealed class LayeringTests
{
    private const string Everything = "*";

    /// <summary>Which top-level folders each top-level folder may use; a folder may always use itself.</summary>
    private static readonly Dictionary<string, string[]> MayUse = new()
    {
        [AssemblyDependencies.Host] = [Everything], // Program.cs: the composition root
        ["Hosting"] = [Everything],
        ["Api"] = ["Registry", "Machinery"],
        ["Controllers"] = ["Registry", "Machinery"], // clients of the registry, never HTTP handlers
        ["Registry"] = ["Storage", "Allocation", "Selectors", "Machinery"],
        ["Allocation"] = ["Machinery"],
        ["Selectors"] = ["Machinery"],
        ["Storage"] = ["Machinery"], // knows no kinds and no HTTP
        ["Machinery"] = [],
    };

    /// <summary>Enough to act on; the rest are usually the same fix.</summary>
    private const int ShownLines = 40;

    private static readonly Lazy<IReadOnlyList<TypeReference>> AllReferences =
        new(() => AssemblyDependencies.Find(typeof(GenericRegistry).Assembly));

    /// <summary>References between our own folders (compiler infrastructure outside our namespaces is no layer).</summary>
    private static readonly Lazy<IReadOnlyList<FolderReference>> References = new(() =>
    [
        .. AllReferences.Value
            .Select(r => (r, From: AssemblyDependencies.FolderOf(r.From), To: AssemblyDependencies.FolderOf(r.To)))
            .Where(x => x.From is not null && x.To is not null && x.From != x.To)
            .Select(x => new FolderReference(x.From!, x.To!, Describe(x.r))),
    ]);

    [Fact]
    public void Api_uses_only_Registry_and_Machinery() => AssertUsesOnlyAllowed("Api");

    [Fact]
    public void Controllers_use_only_Registry_and_Machinery() => AssertUsesOnlyAllowed("Controllers");

    [Fact]
    public void Registry_uses_only_Storage_Allocation_Selectors_and_Machinery() => AssertUsesOnlyAllowed("Registry");

    [Fact]
    public void Allocation_uses_only_Machinery() => AssertUsesOnlyAllowed("Allocation");

    [Fact]
    public void Selectors_use_only_Machinery() => AssertUsesOnlyAllowed("Selectors");

    [Fact]
    public void Storage_uses_only_Machinery() => AssertUsesOnlyAllowed("Storage");

    [Fact]
    public void Machinery_uses_nothing_of_ours() => AssertUsesOnlyAllowed("Machinery");

    [Fact]
    public void Every_top_level_folder_has_a_layer_rule()
    {
        // A new folder (or a namespace typo) would otherwise be checked by no fact at all.
        var unruled = typeof(GenericRegistry).Assembly.GetTypes()
            .Select(AssemblyDependencies.FolderOf)
            .OfType<string>()
            .Select(AssemblyDependencies.TopFolderOf)
            .Where(folder => !MayUse.ContainsKey(folder))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(unruled.Count == 0, $"Top-level folders without a rule in {nameof(MayUse)}: {string.Join(", ", unruled)}");
    }

    [Fact]
    public void Only_compiler_generated_types_live_outside_our_namespaces()
    {
        // Types outside MiniApiServer.* belong to no layer and so escape every rule; only generated code may be there.
        var escaped = typeof(GenericRegistry).Assembly.GetTypes()
            .Where(t => AssemblyDependencies.FolderOf(t) is null && !IsGenerated(t))
            .Select(t => t.FullName)
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(escaped.Count == 0, $"Types outside the MiniApiServer namespaces:\n{string.Join("\n", escaped)}");
    }

    [Fact]
    public void Top_level_folders_have_no_cycle()
    {
        var cycles = Cycles(References.Value.Select(r => r with
        {
            FromFolder = AssemblyDependencies.TopFolderOf(r.FromFolder),
            ToFolder = AssemblyDependencies.TopFolderOf(r.ToFolder),
        }));
        Assert.True(cycles.Count == 0, $"Top-level folders that use each other:\n{string.Join("\n", cycles)}");
    }

    [Fact]
    public void Folders_have_no_cycle_even_within_a_layer()
    {
        // Api and Api/Watch are one layer, but a namespace that needs its parent and is needed by it is one idea
        // split over two places: either may then change only together with the other.
        var cycles = Cycles(References.Value);
        Assert.True(cycles.Count == 0, $"Folders that use each other:\n{string.Join("\n", cycles)}");
    }

    [Fact]
    public void The_dependency_finder_sees_method_bodies_lambdas_and_async_methods()
    {
        // Without reading IL these would be missed, and every rule above could pass by finding nothing.
        // GenericRegistry names StoreWrite only in `new StoreWrite(...)` inside async methods (CreateAsync, UpdateAsync,
        // the delete paths), whose bodies the compiler moves into state machines nested in GenericRegistry.
        AssertFoundOnlyInGeneratedCode(typeof(GenericRegistry), typeof(StoreWrite));
        // ServiceRegistration names the LiteDB backend only in the lambda `() => LiteDbBackend.Open(...)` inside the DI
        // factory lambda, which become methods of closure classes nested in ServiceRegistration.
        AssertFoundOnlyInGeneratedCode(typeof(ServiceRegistration), typeof(LiteDbBackend));
    }

    private static void AssertFoundOnlyInGeneratedCode(Type user, Type used)
    {
        var found = AllReferences.Value.Where(r => AssemblyDependencies.Outermost(r.From) == user && r.To == used).ToList();
        Assert.True(found.Count > 0, $"{user.Name} -> {used.Name} not found");
        Assert.All(found, r =>
        {
            Assert.Equal(ReferenceKind.MethodBody, r.Kind);
            Assert.True(AssemblyDependencies.IsCompilerGenerated(r.From), $"{r.From} is not compiler-generated");
        });
    }

    private static void AssertUsesOnlyAllowed(string layer)
    {
        var allowed = MayUse[layer];
        var offending = References.Value
            .Where(r => AssemblyDependencies.TopFolderOf(r.FromFolder) == layer)
            .Select(r => (r.Types, To: AssemblyDependencies.TopFolderOf(r.ToFolder)))
            .Where(r => r.To != layer && !allowed.Contains(r.To) && !allowed.Contains(Everything))
            .Select(r => r.Types)
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        var may = allowed.Length == 0 ? "nothing of ours" : string.Join(", ", allowed);
        Assert.True(offending.Count == 0, $"{layer} may use only {may}; {offending.Count} references break it:\n{Shown(offending)}");
    }

    /// <summary>
    /// For every edge that lies on a cycle, the shortest cycle through it, each step with the references that make
    /// it: together they show every edge that could be cut, not just the first cycle a search stumbles on.
    /// </summary>
    private static List<string> Cycles(IEnumerable<FolderReference> references)
    {
        var edges = references
            .Where(r => r.FromFolder != r.ToFolder)
            .GroupBy(r => (r.FromFolder, r.ToFolder))
            .ToDictionary(g => g.Key, g => g.Select(r => r.Types).Distinct().Order(StringComparer.Ordinal).ToList());
        var next = edges.Keys.ToLookup(e => e.FromFolder, e => e.ToFolder);
        var cycles = new HashSet<(int Length, string Text)>();
        foreach (var (from, to) in edges.Keys)
        {
            // A way back from the edge's end to its start closes the cycle through the edge.
            if (ShortestPath(next, to, from) is not { } cycle)
            {
                continue;
            }
            // Start each cycle at its least folder so the same cycle found from two of its edges is reported once.
            var start = cycle.IndexOf(cycle.Min(StringComparer.Ordinal)!);
            cycle = [.. cycle[start..], .. cycle[..start]];
            var steps = cycle.Select((folder, i) => (folder, cycle[(i + 1) % cycle.Count]))
                .Select(step => $"        {step.Item1} -> {step.Item2}: {edges[step][0]}{More(edges[step].Count - 1)}");
            cycles.Add((cycle.Count, $"    {string.Join(" -> ", cycle.Append(cycle[0]))}\n{string.Join("\n", steps)}"));
        }
        // Shortest first: two folders using each other is the plainest thing to fix.
        var ordered = cycles.OrderBy(c => c.Length).ThenBy(c => c.Text, StringComparer.Ordinal).Select(c => c.Text).ToList();
        return ordered.Count > ShownLines ? [.. ordered.Take(ShownLines), $"    ... and {ordered.Count - ShownLines} more"] : ordered;
    }

    /// <summary>Breadth-first, so the path (both ends included) is a shortest one.</summary>
    private static List<string>? ShortestPath(ILookup<string, string> next, string from, string to)
    {
        var cameFrom = new Dictionary<string, string> { [from] = from };
        var queue = new Queue<string>([from]);
        while (queue.TryDequeue(out var at))
        {
            if (at == to)
            {
                var path = new List<string> { to };
                for (var step = to; step != from; step = cameFrom[step])
                {
                    path.Add(cameFrom[step]);
                }
                path.Reverse();
                return path;
            }
            foreach (var n in next[at].Order(StringComparer.Ordinal))
            {
                if (cameFrom.TryAdd(n, at))
                {
                    queue.Enqueue(n);
                }
            }
        }
        return null;
    }

    private static string Describe(TypeReference reference) =>
        $"{AssemblyDependencies.Describe(reference.From)} ({AssemblyDependencies.FolderOf(reference.From)}) -> " +
        $"{AssemblyDependencies.Describe(reference.To)} ({AssemblyDependencies.FolderOf(reference.To)})";

    private static string Shown(List<string> lines) =>
        string.Join("\n", lines.Take(ShownLines).Select(l => "    " + l))
        + (lines.Count > ShownLines ? $"\n    ... and {lines.Count - ShownLines} more" : "");

    private static string More(int count) => count > 0 ? $" (and {count} more)" : "";

    private static bool IsGenerated(Type type) => AssemblyDependencies.IsCompilerGenerated(AssemblyDependencies.Outermost(type));

    /// <summary>A use of one folder by another: Types reads "Type A (folder) -> Type B (folder)".</summary>
    private sealed record FolderReference(string FromFolder, string ToFolder, string Types);
}
