namespace MiniApiServer.Machinery.Schema;

/// <summary>How a list is merged (<c>+listType</c>, OpenAPI <c>x-kubernetes-list-type</c>).</summary>
internal enum ListType
{
    /// <summary>Replaced as a whole.</summary>
    Atomic,

    /// <summary>Scalar items, each at most once, merged by value.</summary>
    Set,

    /// <summary>Objects identified by the values of <see cref="FieldSemantics.ListMapKeys"/>, merged item by item.</summary>
    Map,
}

/// <summary>How a map (or a struct marked <c>+structType=atomic</c>) is merged (<c>+mapType</c>, <c>x-kubernetes-map-type</c>).</summary>
internal enum MapType
{
    /// <summary>Merged key by key.</summary>
    Granular,

    /// <summary>Replaced as a whole.</summary>
    Atomic,
}

/// <summary>
/// A field's strategic merge patch strategy (the <c>patchStrategy</c> struct tag, <c>x-kubernetes-patch-strategy</c>);
/// k8s.io/apimachinery/pkg/util/strategicpatch. <see cref="Replace"/> is what a field without the tag gets.
/// </summary>
[Flags]
internal enum PatchStrategy
{
    Replace = 0,

    /// <summary>Lists merge by <see cref="FieldSemantics.PatchMergeKey"/> (or by value for scalars).</summary>
    Merge = 1,

    /// <summary>Keys the patch does not name are dropped (a union such as a volume's source).</summary>
    RetainKeys = 2,
}

/// <summary>Whether upstream states the decision with a marker or the table writes out the default it implies.</summary>
internal enum Decision
{
    /// <summary>Upstream's <c>+listType</c>/<c>+mapType</c> marker or patch struct tags say so.</summary>
    Marked,

    /// <summary>
    /// No marker: the default structured-merge-diff takes (k8s.io/kube-openapi/pkg/schemaconv): a list with
    /// patchStrategy merge is a map keyed by its merge key (a set without one), other lists are atomic, maps granular.
    /// </summary>
    Default,
}

/// <summary>
/// The merge semantics of one field of a Kubernetes type, as upstream's markers in k8s.io/api's types.go decide them:
/// one table (<see cref="UpstreamModels"/>) read by the OpenAPI documents and by patching. A list field has a
/// <see cref="ListType"/>, a map field a <see cref="MapType"/>; either may have a patch strategy, and so may a struct
/// field (<c>retainKeys</c>).
/// </summary>
internal sealed record FieldSemantics
{
    public ListType? ListType { get; init; }

    /// <summary>The keys identifying an item of a <see cref="Schema.ListType.Map"/> list, in upstream's order.</summary>
    public IReadOnlyList<string> ListMapKeys { get; init; } = [];

    public MapType? MapType { get; init; }

    public PatchStrategy PatchStrategy { get; init; }

    /// <summary>The field identifying an item when <see cref="PatchStrategy"/> merges a list of objects.</summary>
    public string? PatchMergeKey { get; init; }

    public Decision Decision { get; init; }
}
