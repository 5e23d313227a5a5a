using k8s.Models;
using MiniApiServer.Registry;
using static MiniApiServer.Tests.Registry.Services.ServiceFixtures;

namespace MiniApiServer.Tests.Registry.Services;

public class ServiceStrategyTests
{
    [Fact]
    public void Descriptor_describes_core_v1_services()
    {
        var d = Strategy().Descriptor;
        Assert.Equal("services", d.Plural);
        Assert.Equal("service", d.Singular);
        Assert.Equal("Service", d.Kind);
        Assert.Equal("ServiceList", d.ListKind);
        Assert.Equal(typeof(V1Service), d.ModelType);
        Assert.Equal(typeof(V1ServiceList), d.ListType);
        Assert.True(d.Namespaced);
        Assert.Equal(["svc"], d.ShortNames);
        Assert.Equal(["all"], d.Categories);
        Assert.True(d.AllowCreateOnUpdate);
        Assert.Equal(("", "v1"), (d.Group, d.Version));
        Assert.Equal([Subresource.Status], d.Subresources.Select(s => s.Kind));
        Assert.Equal(ResourceDescriptor.AllVerbs, d.Verbs);
        Assert.Equal("services/specs", d.EtcdPrefix);
        Assert.False(d.DeleteReturnsStatus);
    }

    [Fact]
    public void Field_labels_are_the_upstream_conversion_func_set()
    {
        var labels = Strategy().FieldLabels;
        Assert.True(labels.HasConversionFunc);
        Assert.Equal(new[] { "metadata.name", "metadata.namespace", "spec.clusterIP", "spec.type" }.Order(), labels.Supported.Order());
        Assert.Empty(labels.Aliases);
    }

    [Fact]
    public void Attributes_carry_labels_name_namespace_clusterIP_and_type()
    {
        var svc = Stored(MyService());
        svc.Metadata.Labels = new Dictionary<string, string> { ["tier"] = "front" };
        var attrs = Strategy().GetAttributes(svc);
        Assert.Equal("front", attrs.Labels["tier"]);
        Assert.Equal("my-service", attrs.Fields["metadata.name"]);
        Assert.Equal("default", attrs.Fields["metadata.namespace"]);
        Assert.Equal("10.96.0.50", attrs.Fields["spec.clusterIP"]);
        Assert.Equal("ClusterIP", attrs.Fields["spec.type"]);
    }

    [Fact]
    public void Attributes_of_a_service_without_clusterIP_have_empty_values()
    {
        var attrs = Strategy().GetAttributes(new V1Service { Metadata = new V1ObjectMeta { Name = "x" } });
        Assert.Equal("", attrs.Fields["spec.clusterIP"]);
        Assert.Equal("", attrs.Fields["spec.type"]);
    }

    [Fact]
    public void Classic_my_service_example_validates_cleanly()
    {
        var svc = MyService();
        Assert.Empty(Create(svc));
    }

    [Fact]
    public void Classic_my_service_example_gets_the_typical_stored_shape()
    {
        var svc = MyService();
        svc.Spec.ClusterIP = "10.96.12.34";
        Assert.Empty(Create(svc));

        var spec = svc.Spec;
        Assert.Equal("10.96.12.34", spec.ClusterIP);
        Assert.Equal(["10.96.12.34"], spec.ClusterIPs);
        Assert.Equal("Cluster", spec.InternalTrafficPolicy);
        Assert.Equal(["IPv4"], spec.IpFamilies);
        Assert.Equal("SingleStack", spec.IpFamilyPolicy);
        Assert.Equal("None", spec.SessionAffinity);
        Assert.Equal("ClusterIP", spec.Type);
        Assert.Null(spec.ExternalTrafficPolicy);
        Assert.Null(spec.AllocateLoadBalancerNodePorts);
        var port = Assert.Single(spec.Ports);
        Assert.Equal(("TCP", 80, "9376"), (port.Protocol, port.Port, port.TargetPort.Value));
        Assert.NotNull(svc.Status?.LoadBalancer);
        Assert.Null(svc.Status.LoadBalancer.Ingress);
    }

    [Fact]
    public void Stored_service_serialises_status_as_an_empty_load_balancer()
    {
        var svc = Stored(MyService());
        var json = k8s.KubernetesJson.Serialize(svc);
        Assert.Contains("\"status\":{\"loadBalancer\":{}}", json);
    }

    [Fact]
    public void Create_without_clusterIP_leaves_it_for_the_allocator()
    {
        var svc = MyService();
        Assert.Empty(Create(svc));
        Assert.Null(svc.Spec.ClusterIP);
        Assert.Null(svc.Spec.ClusterIPs);
        Assert.Equal(["IPv4"], svc.Spec.IpFamilies);
    }

    [Fact]
    public void Graceful_delete_does_not_apply_to_services()
    {
        long? grace = null;
        Assert.False(((MiniApiServer.Registry.IResourceStrategy)Strategy()).CheckGracefulDelete(MyService(), ref grace));
    }
}
