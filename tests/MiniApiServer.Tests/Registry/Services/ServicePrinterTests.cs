using k8s.Models;
using MiniApiServer.Registry.Services;
using MiniApiServer.Tests.Registry.Tables;

namespace MiniApiServer.Tests.Registry.Services;

/// <summary>A Service's cells (printers.go printService, getServiceExternalIP, makePortString), always wide.</summary>
public sealed class ServicePrinterTests
{
    private static readonly ServicePrinter Printer = new();

    private static Dictionary<string, object> Cells(string spec, string status = "{}") => Printer.ByColumn(Printer.Print(
        PrinterKit.Decode<V1Service>("{\"metadata\":{\"name\":\"web\",\"creationTimestamp\":\"" + PrinterKit.Ago(TimeSpan.FromDays(3)) + "\"},\"spec\":" + spec + ",\"status\":" + status + "}")));

    [Fact]
    public void Columns_are_upstreams()
    {
        Assert.Equal(["Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age", "Selector"], Printer.Columns.Select(c => c.Name));
        Assert.Equal([0, 0, 0, 0, 0, 0, 1], Printer.Columns.Select(c => c.Priority));
    }

    [Fact]
    public void A_cluster_ip_service_prints_its_first_cluster_ip_ports_age_and_sorted_selector()
    {
        var cells = Cells("""{"type":"ClusterIP","clusterIP":"10.96.0.9","clusterIPs":["10.96.0.10","fd00::10"],"ports":[{"port":80,"protocol":"TCP"},{"port":53,"protocol":"UDP"}],"selector":{"z":"1","app":"web"}}""");
        Assert.Equal(["web", "ClusterIP", "10.96.0.10", "<none>", "80/TCP,53/UDP", "3d", "app=web,z=1"], cells.Values);
    }

    [Fact]
    public void Without_cluster_ips_ports_or_selector_the_cells_are_none()
    {
        var cells = Cells("""{"type":"ClusterIP","clusterIP":"10.0.0.1"}""");
        Assert.Equal("<none>", cells["Cluster-IP"]);
        Assert.Equal("<none>", cells["Port(s)"]);
        Assert.Equal("<none>", cells["Selector"]);
    }

    [Fact]
    public void A_headless_service_shows_None() =>
        Assert.Equal("None", Cells("""{"type":"ClusterIP","clusterIPs":["None"]}""")["Cluster-IP"]);

    [Fact]
    public void Node_ports_and_external_ips_are_shown()
    {
        var cells = Cells("""{"type":"NodePort","clusterIPs":["10.0.0.2"],"externalIPs":["1.2.3.4","5.6.7.8"],"ports":[{"port":80,"nodePort":30080,"protocol":"TCP"}]}""");
        Assert.Equal("1.2.3.4,5.6.7.8", cells["External-IP"]);
        Assert.Equal("80:30080/TCP", cells["Port(s)"]);
    }

    [Theory]
    [InlineData("[]", "{}", "<pending>")]
    [InlineData("[]", """{"loadBalancer":{"ingress":[{"ip":"9.9.9.9"},{"hostname":"lb.example"},{"ip":"1.1.1.1"},{"ip":"9.9.9.9"}]}}""", "1.1.1.1,9.9.9.9,lb.example")]
    [InlineData("""["5.5.5.5"]""", """{"loadBalancer":{"ingress":[{"ip":"9.9.9.9"}]}}""", "9.9.9.9,5.5.5.5")]
    [InlineData("""["5.5.5.5"]""", "{}", "5.5.5.5")]
    public void A_load_balancer_shows_its_ingress_addresses_sorted_then_external_ips_or_pending(string externalIps, string status, string expected) =>
        Assert.Equal(expected, Cells("{\"type\":\"LoadBalancer\",\"externalIPs\":" + externalIps + "}", status)["External-IP"]);

    [Fact]
    public void A_load_balancers_long_address_list_is_not_clipped()
    {
        var cells = Cells("""{"type":"LoadBalancer"}""", """{"loadBalancer":{"ingress":[{"hostname":"a-very-long-load-balancer-name.example.com"}]}}""");
        Assert.Equal("a-very-long-load-balancer-name.example.com", cells["External-IP"]);
    }

    [Fact]
    public void An_external_name_service_shows_the_name() =>
        Assert.Equal("db.example.com", Cells("""{"type":"ExternalName","externalName":"db.example.com"}""")["External-IP"]);

    [Fact]
    public void An_unknown_type_is_unknown() =>
        Assert.Equal("<unknown>", Cells("{}")["External-IP"]);
}
