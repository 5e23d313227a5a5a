using MiniApiServer.Registry;

namespace MiniApiServer.Api;

/// <summary>
/// The kinds kube-apiserver's scheme knows, as far as decoding a request body needs them: a body of a known kind sent to
/// another resource fails conversion; any other kind is "not registered". Core v1 holds what
/// staging/src/k8s.io/api/core/v1/register.go addKnownTypes registers plus the meta types metav1.AddToGroupVersion adds;
/// the other groups hold the kinds served here, their lists and the meta option types. Kinds of groups not served here
/// are treated as not registered.
/// </summary>
internal sealed class Scheme
{
    /// <summary>The scheme name Go derives from the call site that built kube-apiserver's legacy scheme.</summary>
    public const string Name = "pkg/api/legacyscheme/scheme.go:30";

    private static readonly string[] CoreKinds =
    [
        "Pod", "PodList", "PodStatusResult", "PodTemplate", "PodTemplateList", "ReplicationController",
        "ReplicationControllerList", "Service", "ServiceProxyOptions", "ServiceList", "Endpoints", "EndpointsList",
        "Node", "NodeConfigSource", "NodeList", "NodeProxyOptions", "Binding", "Event", "EventList", "List",
        "LimitRange", "LimitRangeList", "ResourceQuota", "ResourceQuotaList", "Namespace", "NamespaceList", "Secret",
        "SecretList", "ServiceAccount", "ServiceAccountList", "PersistentVolume", "PersistentVolumeList",
        "PersistentVolumeClaim", "PersistentVolumeClaimList", "PodAttachOptions", "PodLogOptions", "PodExecOptions",
        "PodPortForwardOptions", "PodProxyOptions", "ComponentStatus", "ComponentStatusList", "SerializedReference",
        "RangeAllocation", "ConfigMap", "ConfigMapList", "Status", "WatchEvent", "ListOptions", "GetOptions",
        "DeleteOptions", "CreateOptions", "UpdateOptions", "PatchOptions",
    ];

    /// <summary>What metav1.AddToGroupVersion adds to every group version.</summary>
    private static readonly string[] MetaKinds = ["WatchEvent", "ListOptions", "GetOptions", "DeleteOptions", "CreateOptions", "UpdateOptions", "PatchOptions"];

    private readonly HashSet<(string ApiVersion, string Kind)> _known = [];

    public Scheme(ResourceCatalog catalog)
    {
        foreach (var kind in CoreKinds)
        {
            _known.Add(("v1", kind));
        }
        foreach (var d in catalog.All.Select(k => k.Descriptor).Where(d => d.Group.Length > 0))
        {
            _known.Add((d.ApiVersion, d.Kind));
            _known.Add((d.ApiVersion, d.ListKind));
            foreach (var kind in MetaKinds)
            {
                _known.Add((d.ApiVersion, kind));
            }
        }
    }

    public bool IsRegistered(string apiVersion, string kind) => _known.Contains((apiVersion, kind));

    /// <summary>
    /// The Go package of a group's internal types, as conversion errors name it: <c>core</c>, <c>coordination</c>,
    /// <c>networking</c> (pkg/apis/{package}).
    /// </summary>
    public static string InternalPackage(ResourceDescriptor d) => d.Group.Length == 0 ? "core" : d.Group.Split('.')[0];
}
