using k8s.Models;
using MiniApiServer.Registry.Services;
using static MiniApiServer.Tests.Registry.Services.ServiceFixtures;

namespace MiniApiServer.Tests.Registry.Services;

public class ServiceStatusTests
{
    /// <summary>Default, PrepareForStatusUpdate, ValidateStatusUpdate with the stored system fields.</summary>
    private static List<string> UpdateStatus(V1Service service, V1Service old, ServiceStrategy? strategy = null)
    {
        strategy ??= Strategy();
        service.Metadata.ResourceVersion = old.Metadata.ResourceVersion;
        service.Metadata.Uid = old.Metadata.Uid;
        strategy.Default(service);
        strategy.PrepareForStatusUpdate(service, old);
        return Render(strategy.ValidateStatusUpdate(service, old));
    }

    private static V1LoadBalancerStatus Ingress(params V1LoadBalancerIngress[] ingress) => new() { Ingress = [.. ingress] };

    [Fact]
    public void Status_update_sets_the_ingress_of_a_load_balancer()
    {
        var old = Stored(Web("LoadBalancer"));
        var update = Copy(old);
        update.Status.LoadBalancer = Ingress(new V1LoadBalancerIngress { Ip = "203.0.113.1" });
        Assert.Empty(UpdateStatus(update, old));
        var ingress = Assert.Single(update.Status.LoadBalancer.Ingress);
        Assert.Equal(("203.0.113.1", "VIP"), (ingress.Ip, ingress.IpMode));
    }

    [Fact]
    public void Status_update_cannot_change_the_spec()
    {
        var old = Stored(Web("LoadBalancer"));
        var update = Copy(old);
        update.Spec.Type = "ClusterIP";
        update.Spec.Ports[0].Port = 8080;
        Assert.Empty(UpdateStatus(update, old));
        Assert.Equal("LoadBalancer", update.Spec.Type);
        Assert.Equal(80, update.Spec.Ports[0].Port);
    }

    [Fact]
    public void Status_update_keeps_metadata_changes_as_upstream_does()
    {
        var old = Stored(Web("LoadBalancer"));
        var update = Copy(old);
        update.Metadata.Annotations = new Dictionary<string, string> { ["patchedstatus"] = "true" };
        Assert.Empty(UpdateStatus(update, old));
        Assert.Equal("true", update.Metadata.Annotations["patchedstatus"]);
    }

    [Fact]
    public void Ingress_is_only_for_load_balancers()
    {
        var old = Stored(Web());
        var update = Copy(old);
        update.Status.LoadBalancer = Ingress(new V1LoadBalancerIngress { Ip = "203.0.113.1" });
        Assert.Equal(["status.loadBalancer.ingress: Forbidden: may only be used when `spec.type` is 'LoadBalancer'"], UpdateStatus(update, old));
    }

    [Fact]
    public void Ingress_type_check_uses_the_stored_spec()
    {
        var old = Stored(Web());
        var update = Copy(old);
        update.Spec.Type = "LoadBalancer";
        update.Status.LoadBalancer = Ingress(new V1LoadBalancerIngress { Ip = "203.0.113.1", IpMode = "VIP" });
        Assert.Equal(["status.loadBalancer.ingress: Forbidden: may only be used when `spec.type` is 'LoadBalancer'"], UpdateStatus(update, old));
    }

    [Fact]
    public void Ingress_ip_must_be_valid()
    {
        var old = Stored(Web("LoadBalancer"));
        var update = Copy(old);
        update.Status.LoadBalancer = Ingress(new V1LoadBalancerIngress { Ip = "300.1.1.1" });
        Assert.Equal(["status.loadBalancer.ingress[0].ip: Invalid value: \"300.1.1.1\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"],
            UpdateStatus(update, old));
    }

    [Fact]
    public void Ingress_ipMode_rules()
    {
        var strategy = Strategy();
        var svc = Stored(Web("LoadBalancer"));
        svc.Status.LoadBalancer = Ingress(
            new V1LoadBalancerIngress { Ip = "203.0.113.1" },
            new V1LoadBalancerIngress { Hostname = "lb.example.com", IpMode = "VIP" },
            new V1LoadBalancerIngress { Ip = "203.0.113.2", IpMode = "Bogus" });
        Assert.Equal(
            [
                "status.loadBalancer.ingress[0].ipMode: Required value: must be specified when `ip` is set",
                "status.loadBalancer.ingress[1].ipMode: Forbidden: may not be specified when `ip` is not set",
                "status.loadBalancer.ingress[2].ipMode: Unsupported value: \"Bogus\": supported values: \"Proxy\", \"VIP\"",
            ],
            Render(strategy.ValidateStatusUpdate(svc, svc)));
    }

    [Fact]
    public void Ingress_hostname_must_be_a_DNS_name()
    {
        var old = Stored(Web("LoadBalancer"));
        var update = Copy(old);
        update.Status.LoadBalancer = Ingress(new V1LoadBalancerIngress { Hostname = "1.2.3.4" }, new V1LoadBalancerIngress { Hostname = "LB" });
        Assert.Equal(
            [
                "status.loadBalancer.ingress[0].hostname: Invalid value: \"1.2.3.4\": must be a DNS name, not an IP address",
                "status.loadBalancer.ingress[1].hostname: Invalid value: \"LB\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
            ],
            UpdateStatus(update, old));
    }

    [Fact]
    public void Status_update_applies_metadata_update_rules()
    {
        var old = Stored(Web("LoadBalancer"));
        var update = Copy(old);
        update.Metadata.NamespaceProperty = "other";
        Assert.Equal(["metadata.namespace: Invalid value: \"other\": field is immutable"], UpdateStatus(update, old));
    }
}
