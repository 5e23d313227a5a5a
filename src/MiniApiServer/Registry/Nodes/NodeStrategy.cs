using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Machinery;

namespace MiniApiServer.Registry.Nodes;

/// <summary>
/// core/v1 Node (pkg/registry/core/node/strategy.go nodeStrategy and nodeStatusStrategy): cluster-scoped, kept under
/// <c>/registry/minions</c>. Unlike other kinds a node keeps the status it is created with, because a kubelet registers
/// its node with its status; a write of the node keeps the stored status, a write of <c>/status</c> the stored spec.
/// </summary>
internal sealed class NodeStrategy : ResourceStrategy<V1Node>
{
    private static readonly ResourceDescriptor NodeDescriptor = new()
    {
        Group = "",
        Version = "v1",
        Plural = "nodes",
        Singular = "node",
        Kind = "Node",
        ModelType = typeof(V1Node),
        ListType = typeof(V1NodeList),
        Namespaced = false,
        ShortNames = ["no"],
        Subresources = [SubresourceDescriptor.Status],
        StoragePrefix = "minions",
    };

    // pkg/apis/core/v1/conversion.go: the Node field label conversion func, and NodeToSelectableFields.
    private static readonly FieldLabels NodeFieldLabels = FieldLabels.Of(true, "metadata.name", "spec.unschedulable");

    public override ResourceDescriptor Descriptor => NodeDescriptor;

    public override FieldLabels FieldLabels => NodeFieldLabels;

    /// <summary>
    /// SetDefaults_NodeStatus (pkg/apis/core/v1/defaults.go): allocatable is the capacity when unset. Also the pod CIDR
    /// conversion (Convert_v1_NodeSpec_To_core_NodeSpec and back): the singular <c>podCIDR</c> wins when it disagrees
    /// with <c>podCIDRs</c>, and is always written back as <c>podCIDRs[0]</c>. And the struct fields Go always writes
    /// (spec, status, <c>daemonEndpoints</c>, <c>nodeInfo</c> with its strings), so a node reads as kube-apiserver's.
    /// </summary>
    public override void Default(V1Node obj)
    {
        var spec = obj.Spec ??= new V1NodeSpec();
        if (!string.IsNullOrEmpty(spec.PodCIDR) && (spec.PodCIDRs is not { Count: > 0 } || spec.PodCIDRs[0] != spec.PodCIDR))
        {
            spec.PodCIDRs = [spec.PodCIDR];
        }
        spec.PodCIDR = spec.PodCIDRs is { Count: > 0 } cidrs ? cidrs[0] : null;

        var status = obj.Status ??= new V1NodeStatus();
        if (status.Allocatable is null && status.Capacity is not null)
        {
            status.Allocatable = new Dictionary<string, ResourceQuantity>(status.Capacity);
        }
        status.DaemonEndpoints ??= new V1NodeDaemonEndpoints();
        status.DaemonEndpoints.KubeletEndpoint ??= new V1DaemonEndpoint { Port = 0 };
        var info = status.NodeInfo ??= new V1NodeSystemInfo();
        info.MachineID ??= "";
        info.SystemUUID ??= "";
        info.BootID ??= "";
        info.KernelVersion ??= "";
        info.OsImage ??= "";
        info.ContainerRuntimeVersion ??= "";
        info.KubeletVersion ??= "";
        info.KubeProxyVersion ??= "";
        info.OperatingSystem ??= "";
        info.Architecture ??= "";
    }

    /// <summary>All fields may be set on create, status included; the removed dynamic kubelet config is dropped (dropDisabledFields).</summary>
    public override void PrepareForCreate(V1Node obj)
    {
        obj.Spec!.ConfigSource = null;
        obj.Status!.Config = null;
    }

    /// <summary>The stored status is kept; <c>spec.configSource</c> only survives where it was already in use.</summary>
    public override void PrepareForUpdate(V1Node obj, V1Node old)
    {
        obj.Status = old.Status;
        if (old.Spec?.ConfigSource is null)
        {
            obj.Spec!.ConfigSource = null;
        }
    }

    /// <summary>The stored spec is kept; <c>status.config</c> only survives where it was already in use.</summary>
    public override void PrepareForStatusUpdate(V1Node obj, V1Node old)
    {
        obj.Spec = old.Spec;
        if (old.Status?.Config is null)
        {
            obj.Status!.Config = null;
        }
    }

    public override IReadOnlyList<FieldError> Validate(V1Node obj, JsonObject? raw) => NodeValidation.ValidateNode(obj);

    /// <summary>ValidateNode and ValidateNodeUpdate both: an error they share is listed once in the message and twice in the causes, as upstream.</summary>
    public override IReadOnlyList<FieldError> ValidateUpdate(V1Node obj, V1Node old, JsonObject? raw) =>
        [.. NodeValidation.ValidateNode(obj), .. NodeValidation.ValidateNodeUpdate(obj, old)];

    public override IReadOnlyList<FieldError> ValidateStatusUpdate(V1Node obj, V1Node old) => NodeValidation.ValidateNodeUpdate(obj, old);

    /// <summary>NodeToSelectableFields: <c>spec.unschedulable</c> as Go prints a bool.</summary>
    protected override void AddSelectableFields(V1Node obj, Dictionary<string, string> fields) =>
        fields["spec.unschedulable"] = obj.Spec?.Unschedulable == true ? "true" : "false";
}
