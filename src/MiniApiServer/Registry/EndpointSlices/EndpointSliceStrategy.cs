using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Machinery;

namespace MiniApiServer.Registry.EndpointSlices;

/// <summary>
/// discovery.k8s.io/v1 EndpointSlice (pkg/registry/discovery/endpointslice/strategy.go): namespaced, created by POST
/// only, updated unconditionally if the client wants, and with a generation that moves when anything but the
/// metadata (or the labels) changes. Defaults are pkg/apis/discovery/v1/defaults.go; validation is
/// <see cref="EndpointSliceValidation"/>.
/// </summary>
/// <remarks>
/// Upstream's dropDisabledFields clears hints when TopologyAwareHints or PreferSameTrafficDistribution is off; both
/// gates are on by default, so nothing is dropped. The strategy's warnings (FQDN deprecated, non-canonical IPs) are
/// not sent.
/// </remarks>
internal sealed class EndpointSliceStrategy : ResourceStrategy<V1EndpointSlice>
{
    private static readonly ResourceDescriptor EndpointSliceDescriptor = new()
    {
        Group = "discovery.k8s.io",
        Version = "v1",
        Plural = "endpointslices",
        Singular = "endpointslice",
        Kind = "EndpointSlice",
        ModelType = typeof(V1EndpointSlice),
        ListType = typeof(V1EndpointSliceList),
        Namespaced = true,
        AllowCreateOnUpdate = false,
        AllowUnconditionalUpdate = true,
    };

    public override ResourceDescriptor Descriptor => EndpointSliceDescriptor;

    /// <summary>
    /// SetDefaults_EndpointPort: an unset port name becomes "" and an unset protocol TCP. <c>conditions</c> is a struct
    /// value in Go, so every endpoint has one and Go writes it (<c>{}</c>) even when empty.
    /// </summary>
    public override void Default(V1EndpointSlice obj)
    {
        foreach (var port in obj.Ports ?? [])
        {
            if (port is null)
            {
                continue;
            }
            port.Name ??= "";
            port.Protocol ??= "TCP";
        }
        foreach (var endpoint in obj.Endpoints ?? [])
        {
            if (endpoint is not null)
            {
                endpoint.Conditions ??= new V1EndpointConditions();
            }
        }
    }

    /// <summary>Generation 1; v1 writes to deprecatedTopology are dropped (dropTopologyOnV1).</summary>
    public override void PrepareForCreate(V1EndpointSlice obj)
    {
        obj.Metadata.Generation = 1;
        DropDeprecatedTopology(obj);
    }

    /// <summary>
    /// The generation moves on when anything but the metadata changed, or the labels did (upstream compares the
    /// objects with their metadata blanked, then the labels). deprecatedTopology is dropped unless the endpoints are
    /// unchanged; upstream then also restores a nodeName kept only in the old topology, which a v1-only server never
    /// stores.
    /// </summary>
    public override void PrepareForUpdate(V1EndpointSlice obj, V1EndpointSlice old)
    {
        var changed = !EndpointSliceEquality.SameContent(obj, old) || !EndpointSliceEquality.SameMap(obj.Metadata.Labels, old.Metadata?.Labels);
        obj.Metadata.Generation = changed ? (old.Metadata?.Generation ?? 0) + 1 : old.Metadata?.Generation;
        if (!EndpointSliceEquality.SameEndpoints(old.Endpoints, obj.Endpoints))
        {
            DropDeprecatedTopology(obj);
        }
    }

    public override IReadOnlyList<FieldError> Validate(V1EndpointSlice obj, JsonObject? raw) =>
        EndpointSliceValidation.ValidateCreate(obj);

    public override IReadOnlyList<FieldError> ValidateUpdate(V1EndpointSlice obj, V1EndpointSlice old, JsonObject? raw) =>
        EndpointSliceValidation.ValidateUpdate(obj, old);

    private static void DropDeprecatedTopology(V1EndpointSlice obj)
    {
        foreach (var endpoint in obj.Endpoints ?? [])
        {
            if (endpoint is not null)
            {
                endpoint.DeprecatedTopology = null;
            }
        }
    }
}
