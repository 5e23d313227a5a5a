using k8s.Models;
using MiniApiServer.Registry.Tables;

namespace MiniApiServer.Registry.Namespaces;

/// <summary>A namespace's table row (pkg/printers/internalversion/printers.go printNamespace).</summary>
internal sealed class NamespacePrinter : TablePrinter<V1Namespace>
{
    private static readonly IReadOnlyList<TableColumn> NamespaceColumns =
    [
        TableColumn.ObjectName,
        TableColumn.String("Status", "The status of the namespace"),
        TableColumn.Age,
    ];

    public override IReadOnlyList<TableColumn> Columns => NamespaceColumns;

    public override PrintedRow Print(V1Namespace obj) => new(
    [
        obj.Metadata?.Name ?? "",
        obj.Status?.Phase ?? "",
        TableCells.Age(obj.Metadata?.CreationTimestamp),
    ]);
}
