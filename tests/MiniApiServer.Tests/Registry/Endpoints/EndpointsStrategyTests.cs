using k8s.Models;
using MiniApiServer.Registry;
using MiniApiServer.Registry.Endpoints;
using static MiniApiServer.Tests.Registry.Endpoints.EndpointsTestData;

namespace MiniApiServer.Tests.Registry.Endpoints;

public sealed class EndpointsStrategyTests
{
    private readonly EndpointsStrategy _strategy = new();

    [Fact]
    public void Descriptor_describes_core_v1_endpoints()
    {
        var d = _strategy.Descriptor;
        Assert.Equal("endpoints", d.Plural);
        Assert.Equal("endpoints", d.Singular);
        Assert.Equal("Endpoints", d.Kind);
        Assert.Equal("EndpointsList", d.ListKind);
        Assert.Equal(typeof(V1Endpoints), d.ModelType);
        Assert.Equal(typeof(V1EndpointsList), d.ListType);
        Assert.True(d.Namespaced);
        Assert.Equal(["ep"], d.ShortNames);
        Assert.True(d.AllowCreateOnUpdate);
        Assert.Equal(("", "v1", "v1"), (d.Group, d.Version, d.ApiVersion));
        Assert.Empty(d.Subresources);
        Assert.Equal("services/endpoints", d.EtcdPrefix);
        Assert.True(d.DeleteReturnsStatus);
        Assert.Equal(ResourceDescriptor.AllVerbs, d.Verbs);
        Assert.Equal("v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice", d.Warning);
        Assert.Same(d, new EndpointsStrategy().Descriptor);
    }

    [Fact]
    public void Field_labels_are_name_and_namespace_without_conversion_func()
    {
        var labels = _strategy.FieldLabels;
        Assert.False(labels.HasConversionFunc);
        Assert.Equal(["metadata.name", "metadata.namespace"], labels.Supported.Order(StringComparer.Ordinal));
        Assert.Empty(labels.Aliases);
    }

    [Fact]
    public void Attributes_carry_labels_name_and_namespace()
    {
        var ep = DocsExample();
        ep.Metadata.Labels = new Dictionary<string, string> { ["app"] = "web" };

        var attrs = _strategy.GetAttributes(ep);

        Assert.Equal("web", attrs.Labels["app"]);
        Assert.Equal(2, attrs.Fields.Count);
        Assert.Equal("my-service", attrs.Fields["metadata.name"]);
        Assert.Equal("default", attrs.Fields["metadata.namespace"]);
    }

    [Fact]
    public void Default_sets_missing_or_empty_port_protocol_to_TCP()
    {
        var ep = WithSubsets(
            Subset("10.1.0.1", Port(80, "a", protocol: null), Port(81, "b", protocol: ""), Port(82, "c", protocol: "UDP")),
            Subset("10.1.0.2", Port(83, protocol: null)));

        _strategy.Default(ep);

        Assert.Equal(["TCP", "TCP", "UDP"], ep.Subsets[0].Ports.Select(p => p.Protocol));
        Assert.Equal("TCP", ep.Subsets[1].Ports[0].Protocol);
    }

    [Fact]
    public void Default_leaves_everything_else_as_written()
    {
        // Two subsets that RepackSubsets would merge, unsorted addresses, a portless subset: all kept.
        var ep = WithSubsets(
            new V1EndpointSubset
            {
                Addresses = [new V1EndpointAddress { Ip = "10.1.0.9" }, new V1EndpointAddress { Ip = "10.1.0.1" }],
                Ports = [Port(80)],
            },
            Subset("10.1.0.5", Port(80)),
            new V1EndpointSubset { NotReadyAddresses = [new V1EndpointAddress { Ip = "10.1.0.7" }] });

        _strategy.Default(ep);
        _strategy.PrepareForCreate(ep);

        Assert.Equal(3, ep.Subsets.Count);
        Assert.Equal(["10.1.0.9", "10.1.0.1"], ep.Subsets[0].Addresses.Select(a => a.Ip));
        Assert.Equal("10.1.0.5", ep.Subsets[1].Addresses[0].Ip);
        Assert.Null(ep.Subsets[2].Ports);
        Assert.Null(ep.Subsets[2].Addresses);
    }

    [Fact]
    public void Default_tolerates_missing_subsets_and_ports()
    {
        var ep = new V1Endpoints { Metadata = new V1ObjectMeta { Name = "e", NamespaceProperty = "default" } };
        _strategy.Default(ep);
        Assert.Null(ep.Subsets);

        ep.Subsets = [new V1EndpointSubset { Addresses = [new V1EndpointAddress { Ip = "10.1.0.1" }] }];
        _strategy.Default(ep);
        Assert.Null(ep.Subsets[0].Ports);
    }

    [Fact]
    public void Docs_selectorless_service_endpoints_validate_cleanly()
    {
        var ep = DocsExample();

        _strategy.Default(ep);
        _strategy.PrepareForCreate(ep);

        Assert.Empty(_strategy.Validate(ep, null));
        Assert.Equal("TCP", ep.Subsets[0].Ports[0].Protocol);
        Assert.Equal(9376, ep.Subsets[0].Ports[0].Port);
        Assert.Null(ep.Subsets[0].Ports[0].Name);
    }

    [Fact]
    public void Docs_selectorless_service_endpoints_yaml_decodes_and_validates_cleanly()
    {
        // Verbatim from the Service docs; the namespace comes from the request path.
        const string yaml = """
            apiVersion: v1
            kind: Endpoints
            metadata:
              name: my-service
            subsets:
              - addresses:
                  - ip: 192.0.2.42
                ports:
                  - port: 9376
            """;
        var ep = k8s.KubernetesYaml.Deserialize<V1Endpoints>(yaml);
        ep.Metadata.NamespaceProperty = "default";

        _strategy.Default(ep);
        _strategy.PrepareForCreate(ep);

        Assert.Empty(_strategy.Validate(ep, null));
        var port = Assert.Single(Assert.Single(ep.Subsets).Ports);
        Assert.Equal("TCP", port.Protocol);
    }

    [Fact]
    public void Docs_example_update_validates_cleanly()
    {
        var old = StoredDocsExample();
        var updated = StoredDocsExample();
        updated.Subsets[0].Addresses.Add(new V1EndpointAddress { Ip = "192.0.2.43" });

        _strategy.Default(updated);
        _strategy.PrepareForUpdate(updated, old);

        Assert.Empty(_strategy.ValidateUpdate(updated, old, null));
    }

    [Fact]
    public void No_graceful_deletion()
    {
        long? grace = null;
        Assert.False(_strategy.CheckGracefulDelete(DocsExample(), ref grace));
        Assert.Null(grace);
    }
}
