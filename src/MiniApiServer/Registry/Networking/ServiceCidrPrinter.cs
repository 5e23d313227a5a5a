using k8s.Models;
using MiniApiServer.Registry.Tables;

namespace MiniApiServer.Registry.Networking;

/// <summary>A ServiceCIDR's table row (pkg/printers/internalversion/printers.go printServiceCIDR).</summary>
internal sealed class ServiceCidrPrinter : TablePrinter<V1ServiceCIDR>
{
    private static readonly IReadOnlyList<TableColumn> CidrColumns =
    [
        TableColumn.ObjectName,
        TableColumn.String("CIDRs", "CIDRs defines the IP blocks in CIDR notation (e.g. \"192.168.0.0/24\" or \"2001:db8::/64\") from which to assign service cluster IPs. Max of two CIDRs is allowed, one of each IP family. This field is immutable."),
        TableColumn.Age,
    ];

    public override IReadOnlyList<TableColumn> Columns => CidrColumns;

    public override PrintedRow Print(V1ServiceCIDR obj) => new(
    [
        obj.Metadata?.Name ?? "",
        string.Join(",", obj.Spec?.Cidrs ?? []),
        TableCells.Age(obj.Metadata?.CreationTimestamp),
    ]);
}
