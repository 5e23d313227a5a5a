using System.Globalization;
using k8s.Models;
using MiniApiServer.Registry.Tables;

namespace MiniApiServer.Registry.EndpointSlices;

/// <summary>
/// An EndpointSlice's table row (pkg/printers/internalversion/printers.go printEndpointSlice, formatDiscoveryPorts and
/// formatDiscoveryEndpoints): the first three ports and addresses, then <c> + N more...</c>, <c>&lt;unset&gt;</c> for none.
/// </summary>
internal sealed class EndpointSlicePrinter : TablePrinter<V1EndpointSlice>
{
    private const int Shown = 3;
    private const string Unset = "<unset>";

    private static readonly IReadOnlyList<TableColumn> SliceColumns =
    [
        TableColumn.ObjectName,
        TableColumn.String("AddressType", "addressType specifies the type of address carried by this EndpointSlice. All addresses in this slice must be the same type. This field is immutable after creation. The following address types are currently supported: * IPv4: Represents an IPv4 Address. * IPv6: Represents an IPv6 Address. * FQDN: Represents a Fully Qualified Domain Name."),
        TableColumn.String("Ports", "ports specifies the list of network ports exposed by each endpoint in this slice. Each port must have a unique name. When ports is empty, it indicates that there are no defined ports. When a port is defined with a nil port value, it indicates \"all ports\". Each slice may include a maximum of 100 ports."),
        TableColumn.String("Endpoints", "endpoints is a list of unique endpoints in this slice. Each slice may include a maximum of 1000 endpoints."),
        TableColumn.Age,
    ];

    public override IReadOnlyList<TableColumn> Columns => SliceColumns;

    public override PrintedRow Print(V1EndpointSlice obj) => new(
    [
        obj.Metadata?.Name ?? "",
        obj.AddressType ?? "",
        TableCells.FirstWithMore((obj.Ports ?? []).Select(PortText), Shown, Unset),
        TableCells.FirstWithMore((obj.Endpoints ?? []).SelectMany(e => e.Addresses ?? []), Shown, Unset),
        TableCells.Age(obj.Metadata?.CreationTimestamp),
    ]);

    /// <summary>The port number, else its name, else <c>*</c> (all ports).</summary>
    private static string PortText(Discoveryv1EndpointPort port) =>
        port.Port is { } number ? number.ToString(CultureInfo.InvariantCulture) : port.Name ?? "*";
}
