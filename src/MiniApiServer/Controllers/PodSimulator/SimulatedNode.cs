using k8s.Models;

namespace MiniApiServer.Controllers.PodSimulator;

/// <summary>
/// The Node the simulator registers, as a kubelet registers itself (pkg/kubelet/kubelet_node_status.go): the
/// well-known labels, capacity and allocatable, addresses, and the conditions with the kubelet's reasons.
/// </summary>
internal static class SimulatedNode
{
    public const string KubeletVersion = "v1.33.0";

    /// <summary>The kubelet's default <c>--max-pods</c>; the pod network must hold at least this many.</summary>
    public const int MaxPods = 110;

    public static V1Node Create(string name, string hostIp, string podCidr)
    {
        var capacity = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = new("8"),
            ["ephemeral-storage"] = new("100Gi"),
            ["hugepages-2Mi"] = new("0"),
            ["memory"] = new("16Gi"),
            ["pods"] = new(MaxPods.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        return new V1Node
        {
            ApiVersion = "v1",
            Kind = "Node",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                Labels = new Dictionary<string, string>
                {
                    ["beta.kubernetes.io/arch"] = "amd64",
                    ["beta.kubernetes.io/os"] = "linux",
                    ["kubernetes.io/arch"] = "amd64",
                    ["kubernetes.io/hostname"] = name,
                    ["kubernetes.io/os"] = "linux",
                    ["type"] = "miniapiserver-simulated",
                },
                Annotations = new Dictionary<string, string> { ["node.alpha.kubernetes.io/ttl"] = "0" },
            },
            Spec = new V1NodeSpec { PodCIDR = podCidr, PodCIDRs = [podCidr] },
            Status = Status(hostIp, capacity, name, DateTime.UtcNow),
        };
    }

    public static V1NodeStatus Status(string hostIp, IDictionary<string, ResourceQuantity> capacity, string name, DateTime now) => new()
    {
        Capacity = capacity,
        Allocatable = new Dictionary<string, ResourceQuantity>(capacity),
        Conditions =
        [
            Condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", now),
            Condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", now),
            Condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", now),
            Condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", now),
        ],
        Addresses = [new V1NodeAddress { Type = "InternalIP", Address = hostIp }, new V1NodeAddress { Type = "Hostname", Address = name }],
        DaemonEndpoints = new V1NodeDaemonEndpoints { KubeletEndpoint = new V1DaemonEndpoint { Port = 10250 } },
        NodeInfo = new V1NodeSystemInfo
        {
            Architecture = "amd64",
            OperatingSystem = "linux",
            OsImage = "MiniApiServer pod simulator",
            KernelVersion = Environment.OSVersion.Version.ToString(),
            KubeletVersion = KubeletVersion,
            KubeProxyVersion = "",
            ContainerRuntimeVersion = "simulated://1.0.0",
            MachineID = "",
            SystemUUID = "",
            BootID = "",
        },
    };

    private static V1NodeCondition Condition(string type, string status, string reason, string message, DateTime now) => new()
    {
        Type = type,
        Status = status,
        Reason = reason,
        Message = message,
        LastHeartbeatTime = now,
        LastTransitionTime = now,
    };
}
