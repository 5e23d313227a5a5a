using k8s.Models;
using MiniApiServer.Registry.Tables;

namespace MiniApiServer.Registry.Leases;

/// <summary>A Lease's table row (pkg/printers/internalversion/printers.go printLease).</summary>
internal sealed class LeasePrinter : TablePrinter<V1Lease>
{
    private static readonly IReadOnlyList<TableColumn> LeaseColumns =
    [
        TableColumn.ObjectName,
        TableColumn.String("Holder", "holderIdentity contains the identity of the holder of a current lease. If Coordinated Leader Election is used, the holder identity must be equal to the elected LeaseCandidate.metadata.name field."),
        TableColumn.Age,
    ];

    public override IReadOnlyList<TableColumn> Columns => LeaseColumns;

    public override PrintedRow Print(V1Lease obj) => new(
    [
        obj.Metadata?.Name ?? "",
        obj.Spec?.HolderIdentity ?? "",
        TableCells.Age(obj.Metadata?.CreationTimestamp),
    ]);
}
