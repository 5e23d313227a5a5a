using k8s.Models;
using MiniApiServer.Registry.Tables;

namespace MiniApiServer.Registry.Nodes;

/// <summary>A Node's table row (pkg/printers/internalversion/printers.go printNode, findNodeRoles, getNode*IP).</summary>
internal sealed class NodePrinter : TablePrinter<V1Node>
{
    private const string RolePrefix = "node-role.kubernetes.io/";
    private const string RoleLabel = "kubernetes.io/role";
    private const string AddressesDoc = "List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node's address in its own status or consumers of the downward API (status.hostIP).";

    private static readonly IReadOnlyList<TableColumn> NodeColumns =
    [
        TableColumn.ObjectName,
        TableColumn.String("Status", "The status of the node"),
        TableColumn.String("Roles", "The roles of the node"),
        TableColumn.Age,
        TableColumn.String("Version", "Kubelet Version reported by the node."),
        TableColumn.String("Internal-IP", AddressesDoc, 1),
        TableColumn.String("External-IP", AddressesDoc, 1),
        TableColumn.String("OS-Image", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).", 1),
        TableColumn.String("Kernel-Version", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
        TableColumn.String("Container-Runtime", "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).", 1),
    ];

    public override IReadOnlyList<TableColumn> Columns => NodeColumns;

    public override PrintedRow Print(V1Node obj)
    {
        var info = obj.Status?.NodeInfo;
        var roles = string.Join(",", Roles(obj.Metadata?.Labels));
        return new PrintedRow(
        [
            obj.Metadata?.Name ?? "",
            Status(obj),
            roles.Length == 0 ? TableCells.None : roles,
            TableCells.Age(obj.Metadata?.CreationTimestamp),
            info?.KubeletVersion ?? "",
            Address(obj, "InternalIP"),
            Address(obj, "ExternalIP"),
            OrUnknown(info?.OsImage),
            OrUnknown(info?.KernelVersion),
            OrUnknown(info?.ContainerRuntimeVersion),
        ]);
    }

    /// <summary><c>Ready</c> or <c>NotReady</c> from the Ready condition (<c>Unknown</c> without one), then <c>SchedulingDisabled</c>.</summary>
    private static string Status(V1Node node)
    {
        // The last condition of a type wins, as the printer's map of conditions keeps it.
        var ready = node.Status?.Conditions?.LastOrDefault(c => c.Type == "Ready");
        var status = ready is null ? "Unknown" : ready.Status == "True" ? "Ready" : "NotReady";
        return node.Spec?.Unschedulable == true ? status + ",SchedulingDisabled" : status;
    }

    /// <summary>findNodeRoles: <c>node-role.kubernetes.io/&lt;role&gt;</c> label keys and <c>kubernetes.io/role</c> values, sorted.</summary>
    private static IEnumerable<string> Roles(IDictionary<string, string>? labels) =>
        (labels ?? new Dictionary<string, string>())
            .Select(l => l.Key.StartsWith(RolePrefix, StringComparison.Ordinal) ? l.Key[RolePrefix.Length..]
                : l.Key == RoleLabel ? l.Value : "")
            .Where(role => role.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);

    private static string Address(V1Node node, string type) =>
        node.Status?.Addresses?.FirstOrDefault(a => a.Type == type)?.Address ?? TableCells.None;

    private static string OrUnknown(string? value) => string.IsNullOrEmpty(value) ? TableCells.Unknown : value;
}
