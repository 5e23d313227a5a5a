using k8s.Models;

namespace MiniApiServer.Registry.EndpointSlices;

/// <summary>
/// apiequality.Semantic.DeepEqual over the EndpointSlice types, which the strategy and the validation use to ask
/// "did the endpoints (or anything but the metadata) change". It follows the Go shapes (k8s.io/api/discovery/v1
/// types.go), not the C# ones: a nil and an empty list or map are equal; <c>conditions</c> is a struct value, so an
/// absent one equals <c>{}</c>; plain Go strings (<c>addressType</c>, a zone hint's <c>name</c>, an ObjectReference's
/// fields) are equal when one is unset and the other empty; pointers (<c>hostname</c>, <c>nodeName</c>, <c>zone</c>,
/// <c>hints</c>, <c>targetRef</c>, each port field, each condition) distinguish unset from a zero value.
/// </summary>
internal static class EndpointSliceEquality
{
    /// <summary>Everything but the metadata (and the type meta, which the internal objects upstream compares lack).</summary>
    public static bool SameContent(V1EndpointSlice a, V1EndpointSlice b) =>
        (a.AddressType ?? "") == (b.AddressType ?? "")
        && SameEndpoints(a.Endpoints, b.Endpoints)
        && SameList(a.Ports, b.Ports, (x, y) => SamePort(x ?? new(), y ?? new()));

    public static bool SameEndpoints(IList<V1Endpoint>? a, IList<V1Endpoint>? b) =>
        SameList(a, b, (x, y) => SameEndpoint(x ?? new(), y ?? new()));

    /// <summary>Label maps: nil and empty are equal.</summary>
    public static bool SameMap(IDictionary<string, string>? a, IDictionary<string, string>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0))
        {
            return false;
        }
        return a is null || a.All(e => b!.TryGetValue(e.Key, out var v) && (v ?? "") == (e.Value ?? ""));
    }

    private static bool SameEndpoint(V1Endpoint a, V1Endpoint b) =>
        SameList(a.Addresses, b.Addresses, (x, y) => (x ?? "") == (y ?? ""))
        && SameConditions(a.Conditions ?? new(), b.Conditions ?? new())
        && a.Hostname == b.Hostname
        && SamePointer(a.TargetRef, b.TargetRef, SameReference)
        && SameMap(a.DeprecatedTopology, b.DeprecatedTopology)
        && a.NodeName == b.NodeName
        && a.Zone == b.Zone
        && SamePointer(a.Hints, b.Hints, SameHints);

    private static bool SameConditions(V1EndpointConditions a, V1EndpointConditions b) =>
        a.Ready == b.Ready && a.Serving == b.Serving && a.Terminating == b.Terminating;

    private static bool SameReference(V1ObjectReference a, V1ObjectReference b) =>
        (a.Kind ?? "") == (b.Kind ?? "")
        && (a.NamespaceProperty ?? "") == (b.NamespaceProperty ?? "")
        && (a.Name ?? "") == (b.Name ?? "")
        && (a.Uid ?? "") == (b.Uid ?? "")
        && (a.ApiVersion ?? "") == (b.ApiVersion ?? "")
        && (a.ResourceVersion ?? "") == (b.ResourceVersion ?? "")
        && (a.FieldPath ?? "") == (b.FieldPath ?? "");

    private static bool SameHints(V1EndpointHints a, V1EndpointHints b) =>
        SameList(a.ForZones, b.ForZones, (x, y) => (x?.Name ?? "") == (y?.Name ?? ""))
        && SameList(a.ForNodes, b.ForNodes, (x, y) => (x?.Name ?? "") == (y?.Name ?? ""));

    private static bool SamePort(Discoveryv1EndpointPort a, Discoveryv1EndpointPort b) =>
        a.Name == b.Name && a.Protocol == b.Protocol && a.Port == b.Port && a.AppProtocol == b.AppProtocol;

    private static bool SamePointer<T>(T? a, T? b, Func<T, T, bool> same)
        where T : class =>
        a is null || b is null ? a is null && b is null : same(a, b);

    /// <summary>Lists in order. A null element is never stored (decoding fills in Go's zero value); comparers take it as that.</summary>
    private static bool SameList<T>(IList<T>? a, IList<T>? b, Func<T?, T?, bool> same)
        where T : class
    {
        var count = a?.Count ?? 0;
        if (count != (b?.Count ?? 0))
        {
            return false;
        }
        for (var i = 0; i < count; i++)
        {
            if (!same(a![i], b![i]))
            {
                return false;
            }
        }
        return true;
    }
}
