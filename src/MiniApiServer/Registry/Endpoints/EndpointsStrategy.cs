using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Machinery;

namespace MiniApiServer.Registry.Endpoints;

/// <summary>
/// core/v1 Endpoints (pkg/registry/core/endpoint/strategy.go). User-written subsets are stored as written:
/// the apiserver stopped repacking them in 1.20; only the endpoints controller packs what it writes.
/// </summary>
internal sealed class EndpointsStrategy : ResourceStrategy<V1Endpoints>
{
    private static readonly ResourceDescriptor EndpointsDescriptor = new()
    {
        Group = "",
        Version = "v1",
        Plural = "endpoints",
        Singular = "endpoints",
        Kind = "Endpoints",
        ModelType = typeof(V1Endpoints),
        ListType = typeof(V1EndpointsList),
        Namespaced = true,
        ShortNames = ["ep"],
        AllowCreateOnUpdate = true,
        StoragePrefix = "services/endpoints",
        DeleteReturnsStatus = true,
        Warning = "v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice",
    };

    public override ResourceDescriptor Descriptor => EndpointsDescriptor;

    /// <summary>SetDefaults_Endpoints (pkg/apis/core/v1/defaults.go): an unset port protocol becomes TCP; nothing else.</summary>
    public override void Default(V1Endpoints obj)
    {
        if (obj.Subsets is null)
        {
            return;
        }
        foreach (var port in obj.Subsets.SelectMany(s => s?.Ports ?? []))
        {
            if (port is not null && string.IsNullOrEmpty(port.Protocol))
            {
                port.Protocol = "TCP";
            }
        }
    }

    public override IReadOnlyList<FieldError> Validate(V1Endpoints obj, JsonObject? raw) =>
        EndpointsValidation.Validate(obj);

    public override IReadOnlyList<FieldError> ValidateUpdate(V1Endpoints obj, V1Endpoints old, JsonObject? raw) =>
        EndpointsValidation.ValidateUpdate(obj, old);
}
