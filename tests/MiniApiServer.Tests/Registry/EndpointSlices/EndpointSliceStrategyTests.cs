using k8s.Models;
using MiniApiServer.Registry;
using MiniApiServer.Registry.EndpointSlices;

namespace MiniApiServer.Tests.Registry.EndpointSlices;

/// <summary>The EndpointSlice descriptor, defaults (pkg/apis/discovery/v1/defaults.go) and strategy (pkg/registry/discovery/endpointslice).</summary>
public sealed class EndpointSliceStrategyTests
{
    private readonly EndpointSliceStrategy _strategy = new();

    private static V1EndpointSlice Slice(long? generation = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "web-abcde", NamespaceProperty = "default", Generation = generation, Labels = new Dictionary<string, string> { ["kubernetes.io/service-name"] = "web" } },
        AddressType = "IPv4",
        Endpoints = [new V1Endpoint { Addresses = ["10.1.2.3"], Conditions = new V1EndpointConditions { Ready = true } }],
        Ports = [new Discoveryv1EndpointPort { Name = "http", Port = 80, Protocol = "TCP" }],
    };

    [Fact]
    public void Descriptor_names_the_discovery_group_and_allows_no_create_on_put()
    {
        var d = _strategy.Descriptor;
        Assert.Equal(("discovery.k8s.io", "v1", "discovery.k8s.io/v1"), (d.Group, d.Version, d.ApiVersion));
        Assert.Equal(("EndpointSlice", "EndpointSliceList", "endpointslices", "endpointslice"), (d.Kind, d.ListKind, d.Plural, d.Singular));
        Assert.Equal("/apis/discovery.k8s.io/v1", d.PathPrefix);
        Assert.True(d.Namespaced);
        Assert.False(d.AllowCreateOnUpdate);
        Assert.True(d.AllowUnconditionalUpdate);
        Assert.Empty(d.ShortNames);
        Assert.Empty(d.Categories);
        Assert.Empty(d.Subresources);
        Assert.Equal(ResourceDescriptor.AllVerbs, d.Verbs);
        Assert.Equal("endpointslices", d.EtcdPrefix);
        Assert.Equal(["metadata.name", "metadata.namespace"], _strategy.FieldLabels.Supported.Order(StringComparer.Ordinal));
        Assert.False(_strategy.FieldLabels.HasConversionFunc);
    }

    [Fact]
    public void Defaults_give_ports_an_empty_name_and_tcp_and_endpoints_their_conditions()
    {
        var slice = new V1EndpointSlice
        {
            Endpoints = [new V1Endpoint { Addresses = ["10.1.2.3"] }, new V1Endpoint { Addresses = ["10.1.2.4"], Conditions = new V1EndpointConditions { Ready = false } }],
            Ports = [new Discoveryv1EndpointPort { Port = 80 }, new Discoveryv1EndpointPort { Name = "dns", Protocol = "UDP", AppProtocol = "dns" }],
        };
        _strategy.Default(slice);
        Assert.Equal([("", "TCP"), ("dns", "UDP")], slice.Ports.Select(p => (p.Name, p.Protocol)));
        Assert.Null(slice.Ports[1].Port);
        Assert.NotNull(slice.Endpoints[0].Conditions);
        Assert.Null(slice.Endpoints[0].Conditions.Ready);
        Assert.False(slice.Endpoints[1].Conditions.Ready);
        Assert.Null(slice.AddressType);
    }

    [Fact]
    public void Create_starts_the_generation_at_one_and_drops_deprecated_topology()
    {
        var slice = Slice(generation: 9);
        slice.Endpoints[0].DeprecatedTopology = new Dictionary<string, string> { ["kubernetes.io/hostname"] = "node-1" };
        _strategy.PrepareForCreate(slice);
        Assert.Equal(1, slice.Metadata.Generation);
        Assert.Null(slice.Endpoints[0].DeprecatedTopology);
    }

    [Fact]
    public void An_update_of_annotations_alone_keeps_the_generation()
    {
        var updated = Slice(generation: 99);
        updated.Metadata.Annotations = new Dictionary<string, string> { ["a"] = "b" };
        _strategy.PrepareForUpdate(updated, Slice(generation: 3));
        Assert.Equal(3, updated.Metadata.Generation);
    }

    public static TheoryData<string, Action<V1EndpointSlice>> Changes() => new()
    {
        { "labels", s => s.Metadata.Labels["kubernetes.io/service-name"] = "db" },
        { "label removed", s => s.Metadata.Labels = null },
        { "addressType", s => s.AddressType = "IPv6" },
        { "an address", s => s.Endpoints[0].Addresses[0] = "10.1.2.4" },
        { "a condition", s => s.Endpoints[0].Conditions.Serving = true },
        { "ready unset", s => s.Endpoints[0].Conditions.Ready = null },
        { "an empty hostname", s => s.Endpoints[0].Hostname = "" },
        { "nodeName", s => s.Endpoints[0].NodeName = "node-1" },
        { "zone", s => s.Endpoints[0].Zone = "a" },
        { "empty hints", s => s.Endpoints[0].Hints = new V1EndpointHints() },
        { "an empty targetRef", s => s.Endpoints[0].TargetRef = new V1ObjectReference() },
        { "deprecatedTopology", s => s.Endpoints[0].DeprecatedTopology = new Dictionary<string, string> { ["a"] = "b" } },
        { "another endpoint", s => s.Endpoints.Add(new V1Endpoint { Addresses = ["10.1.2.4"] }) },
        { "a port number", s => s.Ports[0].Port = 81 },
        { "no port number", s => s.Ports[0].Port = null },
        { "an appProtocol", s => s.Ports[0].AppProtocol = "http" },
        { "no ports", s => s.Ports = null },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void An_update_of_anything_but_metadata_or_of_the_labels_moves_the_generation_on(string what, Action<V1EndpointSlice> change)
    {
        var updated = Slice();
        change(updated);
        _strategy.PrepareForUpdate(updated, Slice(generation: 3));
        Assert.True(updated.Metadata.Generation == 4, what);
    }

    public static TheoryData<string, Action<V1EndpointSlice>> NonChanges() => new()
    {
        { "an equal label map", s => s.Metadata.Labels = new Dictionary<string, string> { ["kubernetes.io/service-name"] = "web" } },
        { "equal conditions", s => s.Endpoints[0].Conditions = new V1EndpointConditions { Ready = true } },
        { "empty topology", s => s.Endpoints[0].DeprecatedTopology = new Dictionary<string, string>() },
        { "apiVersion and kind", s => (s.ApiVersion, s.Kind) = ("discovery.k8s.io/v1", "EndpointSlice") },
        { "finalizers", s => s.Metadata.Finalizers = ["example.com/f"] },
        { "ownerReferences", s => s.Metadata.OwnerReferences = [new V1OwnerReference { Name = "web" }] },
    };

    [Theory]
    [MemberData(nameof(NonChanges))]
    public void Metadata_other_than_labels_and_semantically_equal_content_keep_the_generation(string what, Action<V1EndpointSlice> change)
    {
        var updated = Slice();
        change(updated);
        _strategy.PrepareForUpdate(updated, Slice(generation: 3));
        Assert.True(updated.Metadata.Generation == 3, what);
    }

    [Fact]
    public void Nil_and_empty_lists_are_the_same_content()
    {
        var old = Slice(generation: 3);
        old.Endpoints = null;
        old.Ports = [];
        old.Metadata.Labels = null;
        var updated = Slice();
        updated.Endpoints = [];
        updated.Ports = null;
        updated.Metadata.Labels = new Dictionary<string, string>();
        _strategy.PrepareForUpdate(updated, old);
        Assert.Equal(3, updated.Metadata.Generation);
    }

    [Fact]
    public void Absent_conditions_are_the_same_as_empty_ones_because_go_holds_them_as_a_value()
    {
        var old = Slice(generation: 3);
        old.Endpoints[0].Conditions = null;
        var updated = Slice();
        updated.Endpoints[0].Conditions = new V1EndpointConditions();
        _strategy.PrepareForUpdate(updated, old);
        Assert.Equal(3, updated.Metadata.Generation);
    }

    [Fact]
    public void An_update_keeps_deprecated_topology_only_while_the_endpoints_are_unchanged()
    {
        static V1EndpointSlice WithTopology()
        {
            var s = Slice(generation: 3);
            s.Endpoints[0].DeprecatedTopology = new Dictionary<string, string> { ["kubernetes.io/hostname"] = "node-1" };
            return s;
        }

        var relabelled = WithTopology();
        relabelled.Metadata.Labels = null;
        _strategy.PrepareForUpdate(relabelled, WithTopology());
        Assert.Equal("node-1", relabelled.Endpoints[0].DeprecatedTopology["kubernetes.io/hostname"]);

        var moved = WithTopology();
        moved.Endpoints[0].Addresses = ["10.9.9.9"];
        _strategy.PrepareForUpdate(moved, WithTopology());
        Assert.Null(moved.Endpoints[0].DeprecatedTopology);
        Assert.Null(moved.Endpoints[0].NodeName);
    }
}
