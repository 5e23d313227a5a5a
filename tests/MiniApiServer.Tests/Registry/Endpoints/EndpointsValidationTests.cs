using k8s.Models;
using MiniApiServer.Registry.Endpoints;
using static MiniApiServer.Tests.Registry.Endpoints.EndpointsTestData;

namespace MiniApiServer.Tests.Registry.Endpoints;

public sealed class EndpointsValidationTests
{
    private const string Dns1123Label =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    private const string Dns1123Subdomain =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    private const string QualifiedNamePart =
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    private readonly EndpointsStrategy _strategy = new();

    /// <summary>The docs example after scheme defaulting, as validation sees it in the pipeline.</summary>
    private V1Endpoints DefaultedDocsExample(bool stored = false)
    {
        var ep = stored ? StoredDocsExample() : DocsExample();
        _strategy.Default(ep);
        return ep;
    }

    private string[] Errors(V1Endpoints ep) => [.. _strategy.Validate(ep, null).Select(e => e.ToString())];

    private string[] AddressErrors(V1EndpointAddress address) =>
        Errors(WithSubsets(new V1EndpointSubset { Addresses = [address], Ports = [Port(80)] }));

    private string[] PortErrors(params Corev1EndpointPort[] ports) => Errors(WithSubsets(Subset("10.1.0.1", ports)));

    // Subsets

    [Fact]
    public void No_subsets_is_valid()
    {
        Assert.Empty(Errors(WithSubsets()));
        Assert.Empty(Errors(new V1Endpoints { Metadata = new V1ObjectMeta { Name = "e", NamespaceProperty = "ns" } }));
    }

    [Fact]
    public void Subset_without_any_address_is_rejected()
    {
        Assert.Equal(
            ["subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`"],
            Errors(WithSubsets(new V1EndpointSubset { Ports = [Port(80)] })));
    }

    [Fact]
    public void Subset_with_empty_address_lists_is_rejected_at_its_index()
    {
        Assert.Equal(
            ["subsets[1]: Required value: must specify `addresses` or `notReadyAddresses`"],
            Errors(WithSubsets(Subset("10.1.0.1", Port(80)), new V1EndpointSubset { Addresses = [], NotReadyAddresses = [] })));
    }

    [Fact]
    public void Subset_with_only_not_ready_addresses_is_valid()
    {
        Assert.Empty(Errors(WithSubsets(new V1EndpointSubset
        {
            NotReadyAddresses = [new V1EndpointAddress { Ip = "10.1.0.1" }],
            Ports = [Port(80)],
        })));
    }

    [Fact]
    public void Subset_without_ports_is_valid_for_headless_services()
    {
        Assert.Empty(Errors(WithSubsets(Subset("10.1.0.1"))));
    }

    // Addresses

    [Fact]
    public void Unparsable_ip_is_reported_by_both_upstream_checks()
    {
        Assert.Equal(
            [
                "subsets[0].addresses[0].ip: Invalid value: \"not-an-ip\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
                "subsets[0].addresses[0].ip: Invalid value: \"not-an-ip\": must be a valid IP address",
            ],
            AddressErrors(new V1EndpointAddress { Ip = "not-an-ip" }));
    }

    [Fact]
    public void Missing_ip_is_an_invalid_empty_ip()
    {
        Assert.Equal(
            [
                "subsets[0].addresses[0].ip: Invalid value: \"\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
                "subsets[0].addresses[0].ip: Invalid value: \"\": must be a valid IP address",
            ],
            AddressErrors(new V1EndpointAddress()));
    }

    [Theory]
    [InlineData("0.0.0.0", "may not be unspecified (0.0.0.0)")]
    [InlineData("::", "may not be unspecified (::)")]
    [InlineData("127.0.0.1", "may not be in the loopback range (127.0.0.0/8, ::1/128)")]
    [InlineData("127.255.0.9", "may not be in the loopback range (127.0.0.0/8, ::1/128)")]
    [InlineData("::1", "may not be in the loopback range (127.0.0.0/8, ::1/128)")]
    [InlineData("169.254.169.254", "may not be in the link-local range (169.254.0.0/16, fe80::/10)")]
    [InlineData("fe80::1", "may not be in the link-local range (169.254.0.0/16, fe80::/10)")]
    [InlineData("224.0.0.1", "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)")]
    [InlineData("ff02::1", "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)")]
    public void Special_ips_are_rejected(string ip, string detail)
    {
        Assert.Equal(
            [$"subsets[0].addresses[0].ip: Invalid value: \"{ip}\": {detail}"],
            AddressErrors(new V1EndpointAddress { Ip = ip }));
    }

    [Theory]
    [InlineData("192.0.2.42")]
    [InlineData("10.244.1.7")]
    [InlineData("224.0.1.1")]
    [InlineData("2001:db8::1")]
    public void Ordinary_ips_are_accepted(string ip)
    {
        Assert.Empty(AddressErrors(new V1EndpointAddress { Ip = ip }));
    }

    [Fact]
    public void Not_ready_addresses_are_validated_on_their_own_path()
    {
        Assert.Equal(
            ["subsets[0].notReadyAddresses[1].ip: Invalid value: \"127.0.0.1\": may not be in the loopback range (127.0.0.0/8, ::1/128)"],
            Errors(WithSubsets(new V1EndpointSubset
            {
                NotReadyAddresses = [new V1EndpointAddress { Ip = "10.1.0.1" }, new V1EndpointAddress { Ip = "127.0.0.1" }],
            })));
    }

    [Fact]
    public void Hostname_must_be_a_dns_label()
    {
        Assert.Equal(
            [$"subsets[0].addresses[0].hostname: Invalid value: \"Bad_Host\": {Dns1123Label}"],
            AddressErrors(new V1EndpointAddress { Ip = "10.1.0.1", Hostname = "Bad_Host" }));
    }

    [Fact]
    public void Hostname_too_long_is_rejected()
    {
        var hostname = new string('a', 64);
        Assert.Equal(
            [$"subsets[0].addresses[0].hostname: Invalid value: \"{hostname}\": must be no more than 63 characters"],
            AddressErrors(new V1EndpointAddress { Ip = "10.1.0.1", Hostname = hostname }));
    }

    [Fact]
    public void Empty_hostname_is_not_checked()
    {
        Assert.Empty(AddressErrors(new V1EndpointAddress { Ip = "10.1.0.1", Hostname = "" }));
        Assert.Empty(AddressErrors(new V1EndpointAddress { Ip = "10.1.0.1", Hostname = "web-0" }));
    }

    [Fact]
    public void Node_name_must_be_a_dns_subdomain()
    {
        Assert.Equal(
            [$"subsets[0].addresses[0].nodeName: Invalid value: \"Node_1\": {Dns1123Subdomain}"],
            AddressErrors(new V1EndpointAddress { Ip = "10.1.0.1", NodeName = "Node_1" }));
        Assert.Empty(AddressErrors(new V1EndpointAddress { Ip = "10.1.0.1", NodeName = "node-1.example.com" }));
    }

    [Fact]
    public void Present_but_empty_node_name_is_rejected()
    {
        Assert.Equal(
            [$"subsets[0].addresses[0].nodeName: Invalid value: \"\": {Dns1123Subdomain}"],
            AddressErrors(new V1EndpointAddress { Ip = "10.1.0.1", NodeName = "" }));
    }

    [Fact]
    public void Address_errors_come_in_upstream_order()
    {
        Assert.Equal(
            [
                "subsets[0].addresses[0].ip: Invalid value: \"x\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
                $"subsets[0].addresses[0].hostname: Invalid value: \"H\": {Dns1123Label}",
                $"subsets[0].addresses[0].nodeName: Invalid value: \"N\": {Dns1123Subdomain}",
                "subsets[0].addresses[0].ip: Invalid value: \"x\": must be a valid IP address",
            ],
            AddressErrors(new V1EndpointAddress { Ip = "x", Hostname = "H", NodeName = "N" }));
    }

    // Ports

    [Fact]
    public void Single_port_needs_no_name()
    {
        Assert.Empty(PortErrors(Port(80)));
    }

    [Fact]
    public void Port_name_is_required_when_there_are_several_ports()
    {
        Assert.Equal(
            ["subsets[0].ports[1].name: Required value"],
            PortErrors(Port(80, "http"), Port(443)));
    }

    [Fact]
    public void Port_name_must_be_a_dns_label()
    {
        Assert.Equal(
            [$"subsets[0].ports[0].name: Invalid value: \"HTTP\": {Dns1123Label}"],
            PortErrors(Port(80, "HTTP")));
    }

    [Fact]
    public void Duplicate_port_names_are_not_checked()
    {
        Assert.Empty(PortErrors(Port(80, "http"), Port(8080, "http")));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(65536)]
    public void Port_number_out_of_range_is_rejected(int port)
    {
        Assert.Equal(
            [$"subsets[0].ports[0].port: Invalid value: {port}: must be between 1 and 65535, inclusive"],
            PortErrors(Port(port)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(65535)]
    public void Port_number_at_range_edges_is_accepted(int port)
    {
        Assert.Empty(PortErrors(Port(port)));
    }

    [Theory]
    [InlineData("TCP")]
    [InlineData("UDP")]
    [InlineData("SCTP")]
    public void Supported_protocols_are_accepted(string protocol)
    {
        Assert.Empty(PortErrors(Port(80, protocol: protocol)));
    }

    [Theory]
    [InlineData("HTTP")]
    [InlineData("tcp")]
    public void Unsupported_protocol_is_rejected_with_sorted_choices(string protocol)
    {
        Assert.Equal(
            [$"subsets[0].ports[0].protocol: Unsupported value: \"{protocol}\": supported values: \"SCTP\", \"TCP\", \"UDP\""],
            PortErrors(Port(80, protocol: protocol)));
    }

    [Fact]
    public void Missing_protocol_without_defaulting_is_required()
    {
        Assert.Equal(["subsets[0].ports[0].protocol: Required value"], PortErrors(Port(80, protocol: null)));
    }

    [Theory]
    [InlineData("http")]
    [InlineData("kubernetes.io/h2c")]
    [InlineData("example.com/Custom_Proto")]
    public void App_protocol_qualified_names_are_accepted(string appProtocol)
    {
        var port = Port(80);
        port.AppProtocol = appProtocol;
        Assert.Empty(PortErrors(port));
    }

    [Fact]
    public void App_protocol_must_be_a_qualified_name()
    {
        var port = Port(80);
        port.AppProtocol = "bad proto";
        Assert.Equal(
            [$"subsets[0].ports[0].appProtocol: Invalid value: \"bad proto\": {QualifiedNamePart}"],
            PortErrors(port));
    }

    [Fact]
    public void Present_but_empty_app_protocol_is_rejected()
    {
        var port = Port(80);
        port.AppProtocol = "";
        Assert.Equal(
            [
                "subsets[0].ports[0].appProtocol: Invalid value: \"\": name part must be non-empty",
                $"subsets[0].ports[0].appProtocol: Invalid value: \"\": {QualifiedNamePart}",
            ],
            PortErrors(port));
    }

    [Fact]
    public void Port_errors_come_in_upstream_order()
    {
        var port = Port(0, "Bad", protocol: "ICMP");
        port.AppProtocol = "a b";
        Assert.Equal(
            [
                $"subsets[0].ports[0].name: Invalid value: \"Bad\": {Dns1123Label}",
                "subsets[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
                "subsets[0].ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
                $"subsets[0].ports[0].appProtocol: Invalid value: \"a b\": {QualifiedNamePart}",
            ],
            PortErrors(port));
    }

    // Metadata

    [Fact]
    public void Name_must_be_a_dns_subdomain()
    {
        var ep = DefaultedDocsExample();
        ep.Metadata.Name = "My_Svc";
        Assert.Equal([$"metadata.name: Invalid value: \"My_Svc\": {Dns1123Subdomain}"], Errors(ep));
    }

    [Fact]
    public void Dotted_name_is_a_valid_subdomain()
    {
        var ep = DefaultedDocsExample();
        ep.Metadata.Name = "my.service.v2";
        Assert.Empty(Errors(ep));
    }

    [Fact]
    public void Namespace_is_required()
    {
        var ep = DefaultedDocsExample();
        ep.Metadata.NamespaceProperty = null;
        Assert.Equal(["metadata.namespace: Required value"], Errors(ep));
    }

    [Fact]
    public void Metadata_errors_come_before_subset_errors()
    {
        var ep = WithSubsets(new V1EndpointSubset());
        ep.Metadata.Name = "Bad_Name";
        Assert.Equal(
            [
                $"metadata.name: Invalid value: \"Bad_Name\": {Dns1123Subdomain}",
                "subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`",
            ],
            Errors(ep));
    }

    // Update

    [Fact]
    public void Update_may_change_node_name()
    {
        var old = WithSubsets(new V1EndpointSubset { Addresses = [new V1EndpointAddress { Ip = "10.1.0.1", NodeName = "node-a" }] });
        var updated = WithSubsets(new V1EndpointSubset { Addresses = [new V1EndpointAddress { Ip = "10.1.0.1", NodeName = "node-b" }] });

        Assert.Empty(_strategy.ValidateUpdate(updated, old, null));
    }

    [Fact]
    public void Update_reports_metadata_update_errors_then_full_validation()
    {
        var old = DefaultedDocsExample(stored: true);
        var updated = DefaultedDocsExample(stored: true);
        updated.Metadata.Name = "other";
        updated.Subsets[0].Ports[0].Port = 0;

        Assert.Equal(
            [
                "metadata.name: Invalid value: \"other\": field is immutable",
                "subsets[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
            ],
            _strategy.ValidateUpdate(updated, old, null).Select(e => e.ToString()));
    }
}
