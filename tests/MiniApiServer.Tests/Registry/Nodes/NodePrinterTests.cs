using k8s.Models;
using MiniApiServer.Registry.Nodes;
using MiniApiServer.Tests.Registry.Tables;

namespace MiniApiServer.Tests.Registry.Nodes;

/// <summary>A Node's cells (printers.go printNode, findNodeRoles, getNodeInternalIP/ExternalIP).</summary>
public sealed class NodePrinterTests
{
    private static readonly NodePrinter Printer = new();

    private static Dictionary<string, object> Cells(string labels, string spec, string status) => Printer.ByColumn(Printer.Print(
        PrinterKit.Decode<V1Node>("{\"metadata\":{\"name\":\"n1\",\"labels\":" + labels + ",\"creationTimestamp\":\"" + PrinterKit.Ago(TimeSpan.FromHours(49)) + "\"},\"spec\":" + spec + ",\"status\":" + status + "}")));

    [Fact]
    public void Columns_are_upstreams()
    {
        Assert.Equal(["Name", "Status", "Roles", "Age", "Version", "Internal-IP", "External-IP", "OS-Image", "Kernel-Version", "Container-Runtime"],
            Printer.Columns.Select(c => c.Name));
        Assert.Equal([0, 0, 0, 0, 0, 1, 1, 1, 1, 1], Printer.Columns.Select(c => c.Priority));
    }

    [Fact]
    public void A_ready_node_with_roles_addresses_and_versions()
    {
        var cells = Cells("""{"node-role.kubernetes.io/worker":"","node-role.kubernetes.io/control-plane":"","kubernetes.io/role":"infra"}""", "{}",
            """{"conditions":[{"type":"MemoryPressure","status":"False"},{"type":"Ready","status":"True"}],"addresses":[{"type":"Hostname","address":"n1"},{"type":"InternalIP","address":"10.0.0.1"},{"type":"ExternalIP","address":"1.2.3.4"}],"nodeInfo":{"kubeletVersion":"v1.33.0","osImage":"Linux","kernelVersion":"6.1","containerRuntimeVersion":"containerd://2.0"}}""");
        Assert.Equal(["n1", "Ready", "control-plane,infra,worker", "2d1h", "v1.33.0", "10.0.0.1", "1.2.3.4", "Linux", "6.1", "containerd://2.0"], cells.Values);
    }

    [Theory]
    [InlineData("""{"conditions":[{"type":"Ready","status":"False"}]}""", "{}", "NotReady")]
    [InlineData("""{"conditions":[{"type":"Ready","status":"Unknown"}]}""", "{}", "NotReady")]
    [InlineData("{}", "{}", "Unknown")]
    [InlineData("""{"conditions":[{"type":"Ready","status":"True"}]}""", """{"unschedulable":true}""", "Ready,SchedulingDisabled")]
    public void Status_comes_from_the_ready_condition_and_cordoning(string status, string spec, string expected) =>
        Assert.Equal(expected, Cells("{}", spec, status)["Status"]);

    [Fact]
    public void Missing_facts_are_none_or_unknown()
    {
        var cells = Cells("{}", "{}", "{}");
        Assert.Equal("<none>", cells["Roles"]);
        Assert.Equal("", cells["Version"]);
        Assert.Equal("<none>", cells["Internal-IP"]);
        Assert.Equal("<none>", cells["External-IP"]);
        Assert.Equal("<unknown>", cells["OS-Image"]);
        Assert.Equal("<unknown>", cells["Kernel-Version"]);
        Assert.Equal("<unknown>", cells["Container-Runtime"]);
    }
}
