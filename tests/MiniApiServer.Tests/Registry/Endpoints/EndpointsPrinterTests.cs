using k8s.Models;
using MiniApiServer.Registry.Endpoints;
using MiniApiServer.Tests.Registry.Tables;

namespace MiniApiServer.Tests.Registry.Endpoints;

/// <summary>An Endpoints' cells (printers.go formatEndpoints).</summary>
public sealed class EndpointsPrinterTests
{
    private static readonly EndpointsPrinter Printer = new();

    private static string Endpoints(string subsets) =>
        (string)Printer.Print(PrinterKit.Decode<V1Endpoints>("{\"metadata\":{\"name\":\"e\"},\"subsets\":" + subsets + "}")).Cells[1];

    [Fact]
    public void Columns_are_name_endpoints_and_age() =>
        Assert.Equal(["Name", "Endpoints", "Age"], Printer.Columns.Select(c => c.Name));

    [Fact]
    public void No_subsets_is_none() => Assert.Equal("<none>", Endpoints("[]"));

    [Fact]
    public void Each_address_is_shown_with_each_port() =>
        Assert.Equal("10.0.0.1:80,10.0.0.1:443", Endpoints("""[{"addresses":[{"ip":"10.0.0.1"}],"ports":[{"port":80},{"port":443}]}]"""));

    [Fact]
    public void Past_three_the_rest_are_counted() =>
        Assert.Equal("10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 3 more...", Endpoints(
            """[{"addresses":[{"ip":"10.0.0.1"},{"ip":"10.0.0.2"},{"ip":"10.0.0.3"},{"ip":"10.0.0.4"}],"ports":[{"port":80}]},{"addresses":[{"ip":"10.0.1.1"},{"ip":"10.0.1.2"}],"ports":[{"port":80}]}]"""));

    [Fact]
    public void Exactly_three_has_no_more() =>
        Assert.Equal("1.1.1.1,2.2.2.2,3.3.3.3", Endpoints("""[{"addresses":[{"ip":"1.1.1.1"},{"ip":"2.2.2.2"},{"ip":"3.3.3.3"}]}]"""));

    [Fact]
    public void Ipv6_addresses_are_bracketed() =>
        Assert.Equal("[fd00::1]:8080", Endpoints("""[{"addresses":[{"ip":"fd00::1"}],"ports":[{"port":8080}]}]"""));

    [Fact]
    public void Not_ready_addresses_are_not_shown() =>
        Assert.Equal("", Endpoints("""[{"notReadyAddresses":[{"ip":"10.0.0.1"}],"ports":[{"port":80}]}]"""));
}
