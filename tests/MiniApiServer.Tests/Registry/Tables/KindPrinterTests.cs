using k8s.Models;
using MiniApiServer.Registry.EndpointSlices;
using MiniApiServer.Registry.Leases;
using MiniApiServer.Registry.Namespaces;
using MiniApiServer.Registry.Networking;

namespace MiniApiServer.Tests.Registry.Tables;

/// <summary>The cells of the kinds with short tables: namespaces, leases, endpoint slices, ServiceCIDRs and IPAddresses.</summary>
public sealed class KindPrinterTests
{
    private static readonly string Created = "\"creationTimestamp\":\"" + PrinterKit.Ago(TimeSpan.FromSeconds(190)) + "\"";

    [Fact]
    public void A_namespace_shows_its_phase()
    {
        var printer = new NamespacePrinter();
        Assert.Equal(["Name", "Status", "Age"], printer.Columns.Select(c => c.Name));
        var row = printer.Print(PrinterKit.Decode<V1Namespace>("{\"metadata\":{\"name\":\"dev\"," + Created + "},\"status\":{\"phase\":\"Terminating\"}}"));
        Assert.Equal(["dev", "Terminating", "3m10s"], row.Strings());
    }

    [Theory]
    [InlineData("""{"holderIdentity":"node-a"}""", "node-a")]
    [InlineData("{}", "")]
    public void A_lease_shows_its_holder(string spec, string holder)
    {
        var printer = new LeasePrinter();
        Assert.Equal(["Name", "Holder", "Age"], printer.Columns.Select(c => c.Name));
        var row = printer.Print(PrinterKit.Decode<V1Lease>("{\"metadata\":{\"name\":\"l\"," + Created + "},\"spec\":" + spec + "}"));
        Assert.Equal(["l", holder, "3m10s"], row.Strings());
    }

    [Fact]
    public void An_endpoint_slice_shows_ports_and_addresses_three_then_more()
    {
        var printer = new EndpointSlicePrinter();
        Assert.Equal(["Name", "AddressType", "Ports", "Endpoints", "Age"], printer.Columns.Select(c => c.Name));
        var row = printer.Print(PrinterKit.Decode<V1EndpointSlice>("{\"metadata\":{\"name\":\"s\"," + Created + "},\"addressType\":\"IPv4\"," +
            "\"ports\":[{\"port\":80},{\"name\":\"named\"},{},{\"port\":9}]," +
            "\"endpoints\":[{\"addresses\":[\"10.0.0.1\"]},{\"addresses\":[\"10.0.0.2\",\"10.0.0.3\"]},{\"addresses\":[\"10.0.0.4\"]}]}"));
        Assert.Equal(["s", "IPv4", "80,named,* + 1 more...", "10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...", "3m10s"], row.Strings());
    }

    [Fact]
    public void An_empty_endpoint_slice_is_unset()
    {
        var row = new EndpointSlicePrinter().Print(PrinterKit.Decode<V1EndpointSlice>("""{"metadata":{"name":"s"},"addressType":"IPv6"}"""));
        Assert.Equal(["s", "IPv6", "<unset>", "<unset>", "<unknown>"], row.Strings());
    }

    [Fact]
    public void A_service_cidr_shows_its_cidrs()
    {
        var printer = new ServiceCidrPrinter();
        Assert.Equal(["Name", "CIDRs", "Age"], printer.Columns.Select(c => c.Name));
        var row = printer.Print(PrinterKit.Decode<V1ServiceCIDR>("{\"metadata\":{\"name\":\"kubernetes\"," + Created + "},\"spec\":{\"cidrs\":[\"10.96.0.0/12\",\"fd00::/108\"]}}"));
        Assert.Equal(["kubernetes", "10.96.0.0/12,fd00::/108", "3m10s"], row.Strings());
    }

    [Theory]
    [InlineData("""{"parentRef":{"resource":"Services","namespace":"default","name":"web"}}""", "services/default/web")]
    [InlineData("""{"parentRef":{"group":"Gateway.Networking.k8s.io","resource":"gateways","name":"gw"}}""", "gateways.gateway.networking.k8s.io/gw")]
    [InlineData("{}", "<none>")]
    public void An_ip_address_shows_its_parent_in_two_columns_and_three_cells_as_upstream(string spec, string parent)
    {
        var printer = new IpAddressPrinter();
        Assert.Equal(["Name", "ParentRef"], printer.Columns.Select(c => c.Name));
        var row = printer.Print(PrinterKit.Decode<V1IPAddress>("{\"metadata\":{\"name\":\"10.96.0.10\"," + Created + "},\"spec\":" + spec + "}"));
        Assert.Equal(["10.96.0.10", parent, "3m10s"], row.Strings());
    }
}
