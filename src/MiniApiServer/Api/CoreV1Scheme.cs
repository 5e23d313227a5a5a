namespace MiniApiServer.Api;

/// <summary>
/// The kinds kube-apiserver's scheme knows in core/v1 (staging/src/k8s.io/api/core/v1/register.go addKnownTypes plus
/// the meta types metav1.AddToGroupVersion adds). A body of one of these kinds sent to another resource fails
/// conversion; any other kind is "not registered". Kinds of other groups are treated as not registered here,
/// since this server serves only core/v1.
/// </summary>
internal static class CoreV1Scheme
{
    /// <summary>The scheme name Go derives from the call site that built kube-apiserver's legacy scheme.</summary>
    public const string Name = "pkg/api/legacyscheme/scheme.go:30";

    private static readonly HashSet<string> Kinds = new(StringComparer.Ordinal)
    {
        "Pod", "PodList", "PodStatusResult", "PodTemplate", "PodTemplateList", "ReplicationController",
        "ReplicationControllerList", "Service", "ServiceProxyOptions", "ServiceList", "Endpoints", "EndpointsList",
        "Node", "NodeConfigSource", "NodeList", "NodeProxyOptions", "Binding", "Event", "EventList", "List",
        "LimitRange", "LimitRangeList", "ResourceQuota", "ResourceQuotaList", "Namespace", "NamespaceList", "Secret",
        "SecretList", "ServiceAccount", "ServiceAccountList", "PersistentVolume", "PersistentVolumeList",
        "PersistentVolumeClaim", "PersistentVolumeClaimList", "PodAttachOptions", "PodLogOptions", "PodExecOptions",
        "PodPortForwardOptions", "PodProxyOptions", "ComponentStatus", "ComponentStatusList", "SerializedReference",
        "RangeAllocation", "ConfigMap", "ConfigMapList", "Status", "WatchEvent", "ListOptions", "GetOptions",
        "DeleteOptions", "CreateOptions", "UpdateOptions", "PatchOptions",
    };

    public static bool IsRegistered(string apiVersion, string kind) => apiVersion == "v1" && Kinds.Contains(kind);
}
