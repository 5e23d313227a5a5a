using System.Globalization;
using k8s.Models;
using MiniApiServer.Registry.Tables;

namespace MiniApiServer.Registry.Endpoints;

/// <summary>An Endpoints' table row (pkg/printers/internalversion/printers.go printEndpoints and formatEndpoints).</summary>
internal sealed class EndpointsPrinter : TablePrinter<V1Endpoints>
{
    private const int Shown = 3;

    private static readonly IReadOnlyList<TableColumn> EndpointsColumns =
    [
        TableColumn.ObjectName,
        TableColumn.String("Endpoints", "The set of all endpoints is the union of all subsets. Addresses are placed into subsets according to the IPs they share. A single address with multiple ports, some of which are ready and some of which are not (because they come from different containers) will result in the address being displayed in different subsets for the different ports. No address will appear in both Addresses and NotReadyAddresses in the same subset. Sets of addresses and ports that comprise a service."),
        TableColumn.Age,
    ];

    public override IReadOnlyList<TableColumn> Columns => EndpointsColumns;

    public override PrintedRow Print(V1Endpoints obj) => new(
    [
        obj.Metadata?.Name ?? "",
        Format(obj.Subsets),
        TableCells.Age(obj.Metadata?.CreationTimestamp),
    ]);

    /// <summary>
    /// The ready addresses as <c>ip:port</c> for every port of their subset (bare IPs in a subset without ports), the first
    /// three then <c> + N more...</c>; no subsets is <c>&lt;none&gt;</c>, subsets without ready addresses an empty cell.
    /// </summary>
    private static string Format(IList<V1EndpointSubset>? subsets)
    {
        if (subsets is null || subsets.Count == 0)
        {
            return TableCells.None;
        }
        var list = new List<string>(Shown);
        var count = 0;
        foreach (var subset in subsets)
        {
            var addresses = subset.Addresses ?? [];
            if (subset.Ports is not { Count: > 0 } ports)
            {
                count += addresses.Count;
                list.AddRange(addresses.Take(Shown - list.Count).Select(a => a.Ip ?? ""));
                continue;
            }
            foreach (var port in ports)
            {
                count += addresses.Count;
                list.AddRange(addresses.Take(Shown - list.Count).Select(a => JoinHostPort(a.Ip ?? "", port.Port)));
            }
        }
        var joined = string.Join(",", list);
        return count > Shown ? $"{joined} + {count - Shown} more..." : joined;
    }

    /// <summary>net.JoinHostPort: an IPv6 host goes in brackets.</summary>
    private static string JoinHostPort(string host, int port) =>
        (host.Contains(':', StringComparison.Ordinal) ? "[" + host + "]" : host) + ":" + port.ToString(CultureInfo.InvariantCulture);
}
