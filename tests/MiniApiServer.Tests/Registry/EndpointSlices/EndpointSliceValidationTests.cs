using k8s.Models;
using MiniApiServer.Registry.EndpointSlices;

namespace MiniApiServer.Tests.Registry.EndpointSlices;

/// <summary>pkg/apis/discovery/validation's rules one by one, with upstream's paths and messages.</summary>
public sealed class EndpointSliceValidationTests
{
    private const string Label63 = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    private const string Subdomain = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    private static V1EndpointSlice Slice(string addressType = "IPv4", IList<V1Endpoint>? endpoints = null, IList<Discoveryv1EndpointPort>? ports = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "hello", NamespaceProperty = "world" },
        AddressType = addressType,
        Endpoints = endpoints,
        Ports = ports,
    };

    private static V1Endpoint Endpoint(params string[] addresses) => new() { Addresses = addresses };

    private static Discoveryv1EndpointPort Port(string name, string protocol = "TCP") => new() { Name = name, Protocol = protocol, Port = 80 };

    private static List<string> Errors(V1EndpointSlice slice) => EndpointSliceValidation.ValidateCreate(slice).Select(e => e.ToString()).ToList();

    private static List<string> AddressErrors(string addressType, params string[] addresses) => Errors(Slice(addressType, [Endpoint(addresses)]));

    [Fact]
    public void A_good_slice_of_each_address_type_is_valid()
    {
        Assert.Empty(Errors(Slice("IPv4", [new V1Endpoint { Addresses = ["10.1.2.3"], Hostname = "valid-123", NodeName = "node-1.example", Zone = "any Zone" }], [Port("http")])));
        Assert.Empty(AddressErrors("IPv6", "a00:100::4"));
        Assert.Empty(AddressErrors("FQDN", "foo.example.com", "example.com", "example.com.", "hyphens-are-good.example.com"));
    }

    [Fact]
    public void Empty_ports_and_endpoints_are_valid_and_so_are_the_maximums()
    {
        Assert.Empty(Errors(Slice(endpoints: [], ports: [])));
        Assert.Empty(Errors(Slice(endpoints: [.. Enumerable.Range(0, 1000).Select(i => Endpoint($"10.1.{i / 200}.{(i % 200) + 1}"))])));
        Assert.Empty(AddressErrors("IPv4", [.. Enumerable.Range(1, 100).Select(i => $"10.1.1.{i}")]));
        Assert.Empty(Errors(Slice(ports: [.. Enumerable.Range(0, 20000).Select(i => Port($"p{i}"))])));
    }

    [Theory]
    [InlineData("", "addressType: Required value")]
    [InlineData("IP", "addressType: Unsupported value: \"IP\": supported values: \"FQDN\", \"IPv4\", \"IPv6\"")]
    [InlineData("ipv4", "addressType: Unsupported value: \"ipv4\": supported values: \"FQDN\", \"IPv4\", \"IPv6\"")]
    public void The_address_type_is_required_and_one_of_three(string addressType, string message) =>
        Assert.Equal([message], Errors(Slice(addressType)));

    [Fact]
    public void An_unknown_address_type_leaves_the_addresses_unchecked() =>
        Assert.Equal(["addressType: Unsupported value: \"IP\": supported values: \"FQDN\", \"IPv4\", \"IPv6\""], AddressErrors("IP", "not an address"));

    [Fact]
    public void Too_many_endpoints_stop_the_endpoint_checks() =>
        Assert.Equal(["endpoints: Too many: 1001: must have at most 1000 items"],
            Errors(Slice(endpoints: [.. Enumerable.Range(0, 1001).Select(_ => Endpoint("bad"))])));

    [Fact]
    public void An_endpoint_needs_one_to_a_hundred_addresses()
    {
        Assert.Equal(["endpoints[0].addresses: Required value: must contain at least 1 address"], AddressErrors("IPv4"));
        Assert.Equal(["endpoints[0].addresses: Required value: must contain at least 1 address"], Errors(Slice(endpoints: [new V1Endpoint()])));
        // Upstream reports the count and still checks every address.
        Assert.Equal(["endpoints[0].addresses: Too many: 101: must have at most 100 items", "endpoints[0].addresses[100]: Invalid value: \"bad\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"],
            AddressErrors("IPv4", [.. Enumerable.Range(1, 100).Select(i => $"10.1.1.{i}"), "bad"]));
    }

    [Fact]
    public void Ipv4_addresses_take_the_legacy_parse_then_the_family_then_the_special_ranges()
    {
        Assert.Empty(AddressErrors("IPv4", "010.001.002.003"));
        Assert.Equal(["endpoints[0].addresses[0]: Invalid value: \"123.456.789.012\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
                "endpoints[0].addresses: Invalid value: \"2001:4860:4860::8888\": must be an IPv4 address"],
            AddressErrors("IPv4", "123.456.789.012", "2001:4860:4860::8888"));
        Assert.Equal(["endpoints[0].addresses[0]: Invalid value: \"0.0.0.0\": may not be unspecified (0.0.0.0)",
                "endpoints[0].addresses[1]: Invalid value: \"169.254.169.254\": may not be in the link-local range (169.254.0.0/16, fe80::/10)",
                "endpoints[0].addresses[2]: Invalid value: \"224.0.0.1\": may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"],
            AddressErrors("IPv4", "0.0.0.0", "169.254.169.254", "224.0.0.1"));
        // The family check and the range check both report an IPv6 loopback in an IPv4 slice.
        Assert.Equal(["endpoints[0].addresses: Invalid value: \"::1\": must be an IPv4 address",
                "endpoints[0].addresses[0]: Invalid value: \"::1\": may not be in the loopback range (127.0.0.0/8, ::1/128)"],
            AddressErrors("IPv4", "::1"));
    }

    [Fact]
    public void Ipv6_addresses_take_the_strict_parse_then_the_family_then_the_special_ranges()
    {
        Assert.Equal(["endpoints[0].addresses[0]: Invalid value: \"123.456.789.012\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
                "endpoints[0].addresses[1]: Invalid value: \"2001:4860:4860:defg\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"],
            AddressErrors("IPv6", "123.456.789.012", "2001:4860:4860:defg"));
        Assert.Equal(["endpoints[0].addresses[0]: Invalid value: \"::ffff:10.1.2.3\": must not be an IPv4-mapped IPv6 address",
                "endpoints[0].addresses[1]: Invalid value: \"2001:db8:0:0::1\": must be in canonical form (\"2001:db8::1\")",
                "endpoints[0].addresses: Invalid value: \"10.1.2.3\": must be an IPv6 address"],
            AddressErrors("IPv6", "::ffff:10.1.2.3", "2001:db8:0:0::1", "10.1.2.3"));
        Assert.Equal(["endpoints[0].addresses[0]: Invalid value: \"fe80::9656:d028:8652:66b6\": may not be in the link-local range (169.254.0.0/16, fe80::/10)"],
            AddressErrors("IPv6", "fe80::9656:d028:8652:66b6"));
    }

    [Fact]
    public void Fqdn_addresses_report_their_first_problem()
    {
        Assert.Equal(
            [$"endpoints[0].addresses[0]: Invalid value: \"foo.*\": {Subdomain}",
                $"endpoints[0].addresses[1]: Invalid value: \"FOO.example.com\": {Subdomain}",
                $"endpoints[0].addresses[2]: Invalid value: \"underscores_are_bad.example.com\": {Subdomain}",
                $"endpoints[0].addresses[3]: Invalid value: \"*.example.com\": {Subdomain}",
                "endpoints[0].addresses[4]: Invalid value: \"example\": should be a domain with at least two segments separated by dots",
                "endpoints[0].addresses[5]: Required value"],
            AddressErrors("FQDN", "foo.*", "FOO.example.com", "underscores_are_bad.example.com", "*.example.com", "example.", ""));
        var longLabel = new string('a', 64);
        Assert.Equal([$"endpoints[0].addresses[0]: Invalid value: \"{longLabel}\": must be no more than 63 characters"],
            AddressErrors("FQDN", longLabel + ".example.com"));
    }

    [Fact]
    public void Node_names_are_subdomains_and_hostnames_labels()
    {
        Assert.Equal([$"endpoints[0].nodeName: Invalid value: \"Node_1\": {Subdomain}", $"endpoints[0].hostname: Invalid value: \"--INVALID\": {Label63}"],
            Errors(Slice(endpoints: [new V1Endpoint { Addresses = ["10.1.2.3"], NodeName = "Node_1", Hostname = "--INVALID" }])));
        // Set but empty pointers are checked too.
        Assert.Equal([$"endpoints[0].nodeName: Invalid value: \"\": {Subdomain}", $"endpoints[0].hostname: Invalid value: \"\": {Label63}"],
            Errors(Slice(endpoints: [new V1Endpoint { Addresses = ["10.1.2.3"], NodeName = "", Hostname = "" }])));
        Assert.Equal(["endpoints[0].hostname: Invalid value: \"a.b\": must not contain dots"],
            Errors(Slice(endpoints: [new V1Endpoint { Addresses = ["10.1.2.3"], Hostname = "a.b" }])));
    }

    [Fact]
    public void Zone_hints_are_at_most_eight_unique_label_values()
    {
        static List<string> HintErrors(V1EndpointHints hints) => Errors(Slice(endpoints: [new V1Endpoint { Addresses = ["10.1.2.3"], Hints = hints }]));

        Assert.Empty(HintErrors(new V1EndpointHints { ForZones = [new V1ForZone { Name = "zone-a" }], ForNodes = [new V1ForNode { Name = "node-a" }] }));
        Assert.Equal(["endpoints[0].hints.forZones[0].name: Invalid value: \"inv@lid\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"],
            HintErrors(new V1EndpointHints { ForZones = [new V1ForZone { Name = "inv@lid" }] }));
        Assert.Equal(["endpoints[0].hints.forZones[2].name: Duplicate value: \"zone-a\""],
            HintErrors(new V1EndpointHints { ForZones = [new V1ForZone { Name = "zone-a" }, new V1ForZone { Name = "zone-b" }, new V1ForZone { Name = "zone-a" }] }));
        // Too many zones ends the hint checks: the bad node is not looked at.
        Assert.Equal(["endpoints[0].hints.forZones: Too many: 9: must have at most 8 items"],
            HintErrors(new V1EndpointHints
            {
                ForZones = [.. Enumerable.Range(0, 9).Select(i => new V1ForZone { Name = $"zone-{i}" })],
                ForNodes = [new V1ForNode { Name = "Bad_Node" }],
            }));
    }

    [Fact]
    public void Node_hints_are_at_most_eight_unique_node_names()
    {
        static List<string> HintErrors(params string[] nodes) =>
            Errors(Slice(endpoints: [new V1Endpoint { Addresses = ["10.1.2.3"], Hints = new V1EndpointHints { ForNodes = [.. nodes.Select(n => new V1ForNode { Name = n })] } }]));

        Assert.Equal([$"endpoints[0].hints.forNodes[0].name: Invalid value: \"Bad_Node\": {Subdomain}"], HintErrors("Bad_Node"));
        Assert.Equal(["endpoints[0].hints.forNodes[1].name: Duplicate value: \"node-a\""], HintErrors("node-a", "node-a"));
        Assert.Equal(["endpoints[0].hints.forNodes: Too many: 9: must have at most 8 items"], HintErrors([.. Enumerable.Range(0, 9).Select(i => $"node-{i}")]));
    }

    [Fact]
    public void Port_names_are_empty_or_labels_and_unique()
    {
        Assert.Empty(Errors(Slice(ports: [Port(""), Port("http"), Port(new string('a', 63))])));
        Assert.Equal([$"ports[0].name: Invalid value: \"aCapital\": {Label63}"], Errors(Slice(ports: [Port("aCapital")])));
        Assert.Equal([$"ports[0].name: Invalid value: \"almost_valid\": {Label63}"], Errors(Slice(ports: [Port("almost_valid")])));
        Assert.Equal([$"ports[0].name: Invalid value: \"{new string('a', 64)}\": must be no more than 63 characters"], Errors(Slice(ports: [Port(new string('a', 64))])));
        Assert.Equal(["ports[1].name: Duplicate value: \"\""], Errors(Slice(ports: [Port(""), Port("")])));
    }

    [Fact]
    public void Protocols_are_tcp_udp_or_sctp_and_required_without_defaults()
    {
        Assert.Empty(Errors(Slice(ports: [Port("tcp"), Port("udp", "UDP"), Port("sctp", "SCTP")])));
        Assert.Equal(["ports[0].protocol: Unsupported value: \"foo\": supported values: \"SCTP\", \"TCP\", \"UDP\""], Errors(Slice(ports: [Port("http", "foo")])));
        Assert.Equal(["ports[0].protocol: Required value"], Errors(Slice(ports: [new Discoveryv1EndpointPort { Name = "http" }])));
    }

    [Fact]
    public void App_protocols_are_qualified_names()
    {
        Assert.Empty(Errors(Slice(ports: [.. new[] { "HTTP", "https", "my-protocol", "example.com/custom-protocol" }.Select((p, i) => new Discoveryv1EndpointPort { Name = $"p{i}", Protocol = "TCP", AppProtocol = p })])));
        Assert.Equal(["ports[0].appProtocol: Invalid value: \"--\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"],
            Errors(Slice(ports: [new Discoveryv1EndpointPort { Name = "http", Protocol = "TCP", AppProtocol = "--" }])));
    }

    [Fact]
    public void Port_numbers_are_not_range_checked_upstream() =>
        Assert.Empty(Errors(Slice(ports: [new Discoveryv1EndpointPort { Name = "a", Protocol = "TCP", Port = 0 }, new Discoveryv1EndpointPort { Name = "b", Protocol = "TCP", Port = 70000 }])));

    [Fact]
    public void Too_many_ports_stop_the_port_checks() =>
        Assert.Equal(["ports: Too many: 20001: must have at most 20000 items"], Errors(Slice(ports: [.. Enumerable.Range(0, 20001).Select(_ => Port("Bad"))])));

    [Fact]
    public void Metadata_is_checked_with_the_subdomain_name_rule_and_a_generated_name_may_end_in_a_dash()
    {
        var slice = Slice();
        slice.Metadata = new V1ObjectMeta { Name = "*&^", NamespaceProperty = "world" };
        Assert.Equal([$"metadata.name: Invalid value: \"*&^\": {Subdomain}"], Errors(slice));
        slice.Metadata = new V1ObjectMeta { Name = "web-abcde", GenerateName = "web-", NamespaceProperty = "world" };
        Assert.Empty(Errors(slice));
        Assert.Equal(["metadata.name: Required value: name or generateName is required", "metadata.namespace: Required value", "addressType: Required value"],
            Errors(new V1EndpointSlice()));
    }

    [Fact]
    public void An_update_may_not_change_the_address_type()
    {
        var old = Slice("IPv4", [], []);
        old.Metadata.ResourceVersion = "5";
        var changed = Slice("IPv6", [], []);
        changed.Metadata.ResourceVersion = "5";
        Assert.Equal(["addressType: Invalid value: \"IPv6\": field is immutable"], EndpointSliceValidation.ValidateUpdate(changed, old).Select(e => e.ToString()));
        Assert.Equal(["addressType: Required value", "addressType: Invalid value: \"\": field is immutable"],
            EndpointSliceValidation.ValidateUpdate(WithRv(Slice(""), "5"), old).Select(e => e.ToString()));
    }

    [Fact]
    public void An_update_that_leaves_invalid_endpoints_unchanged_keeps_them_and_a_change_checks_them_again()
    {
        // Older servers accepted what is invalid now; upstream ignores endpoint errors while the endpoints stay as they were.
        var old = WithRv(Slice("IPv4", [Endpoint("010.1.2.3", "bad")]), "5");
        var relabelled = WithRv(Slice("IPv4", [Endpoint("010.1.2.3", "bad")]), "5");
        relabelled.Metadata.Labels = new Dictionary<string, string> { ["a"] = "b" };
        Assert.Empty(EndpointSliceValidation.ValidateUpdate(relabelled, old));
        var edited = WithRv(Slice("IPv4", [Endpoint("010.1.2.3", "bad"), Endpoint("10.1.2.4")]), "5");
        Assert.Equal(["endpoints[0].addresses[1]: Invalid value: \"bad\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"],
            EndpointSliceValidation.ValidateUpdate(edited, old).Select(e => e.ToString()));
    }

    [Fact]
    public void An_update_checks_the_metadata_update_rules_first()
    {
        var old = WithRv(Slice(), "5");
        var renamed = Slice();
        renamed.Metadata.Name = "other";
        Assert.Equal(["metadata.resourceVersion: Invalid value: \"\": must be specified for an update", "metadata.name: Invalid value: \"other\": field is immutable"],
            EndpointSliceValidation.ValidateUpdate(renamed, old).Select(e => e.ToString()));
    }

    private static V1EndpointSlice WithRv(V1EndpointSlice slice, string rv)
    {
        slice.Metadata.ResourceVersion = rv;
        return slice;
    }
}
