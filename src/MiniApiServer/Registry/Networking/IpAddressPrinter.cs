using k8s.Models;
using MiniApiServer.Registry.Tables;

namespace MiniApiServer.Registry.Networking;

/// <summary>
/// An IPAddress's table row (pkg/printers/internalversion/printers.go printIPAddress). Upstream defines two columns but
/// prints three cells (the age last); kubectl shows the cells its columns cover, and so does this server's table.
/// </summary>
internal sealed class IpAddressPrinter : TablePrinter<V1IPAddress>
{
    private static readonly IReadOnlyList<TableColumn> AddressColumns =
    [
        TableColumn.ObjectName,
        TableColumn.String("ParentRef", "ParentRef references the resource that an IPAddress is attached to. An IPAddress must reference a parent object."),
    ];

    public override IReadOnlyList<TableColumn> Columns => AddressColumns;

    public override PrintedRow Print(V1IPAddress obj) => new(
    [
        obj.Metadata?.Name ?? "",
        ParentRef(obj.Spec?.ParentRef),
        TableCells.Age(obj.Metadata?.CreationTimestamp),
    ]);

    /// <summary><c>resource[.group][/namespace]/name</c>, lower-cased; <c>&lt;none&gt;</c> without a parent.</summary>
    private static string ParentRef(V1ParentReference? parent)
    {
        if (parent is null)
        {
            return TableCells.None;
        }
        var groupResource = string.IsNullOrEmpty(parent.Group) ? parent.Resource ?? "" : parent.Resource + "." + parent.Group;
        var text = groupResource.ToLowerInvariant();
        if (!string.IsNullOrEmpty(parent.NamespaceProperty))
        {
            text += "/" + parent.NamespaceProperty;
        }
        return text + "/" + parent.Name;
    }
}
