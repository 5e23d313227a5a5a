using k8s.Models;
using MiniApiServer.Controllers.EndpointSlices;

namespace MiniApiServer.Tests.Controllers;

/// <summary>The endpointslice reconciler's plan (reconciler.go): slices of 100, in-place updates, placeholder, recycling.</summary>
public sealed class SliceReconcilerTests
{
    private const string Controller = EndpointSliceController.ControllerName;
    private static readonly V1Node Node = new() { Metadata = new V1ObjectMeta { Name = "n1" } };

    private static V1Service Service(bool publishNotReady = false) => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default", Uid = "svc-uid", Labels = new Dictionary<string, string> { ["team"] = "a" } },
        Spec = new V1ServiceSpec
        {
            ClusterIP = "10.96.0.10",
            IpFamilies = ["IPv4"],
            Selector = new Dictionary<string, string> { ["app"] = "web" },
            PublishNotReadyAddresses = publishNotReady,
            Ports = [new V1ServicePort { Name = "http", Port = 80, TargetPort = 8080, Protocol = "TCP" }],
        },
    };

    private static V1Pod Pod(int i, bool ready = true, string node = "n1", int port = 8080) => new()
    {
        Metadata = new V1ObjectMeta { Name = $"p{i:D4}", NamespaceProperty = "default", Uid = $"uid-{i}", Labels = new Dictionary<string, string> { ["app"] = "web" } },
        Spec = new V1PodSpec { NodeName = node, Containers = [new V1Container { Name = "c", Ports = [new V1ContainerPort { ContainerPort = port, Name = "http" }] }] },
        Status = new V1PodStatus
        {
            PodIP = $"10.244.{i / 256}.{i % 256}",
            PodIPs = [new V1PodIP { Ip = $"10.244.{i / 256}.{i % 256}" }],
            Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False" }],
        },
    };

    private static SlicePlan Plan(IReadOnlyList<V1Pod> pods, IReadOnlyList<V1EndpointSlice> existing, V1Service? service = null, List<string>? skipped = null) =>
        SliceReconciler.Reconcile(service ?? Service(), pods, existing, name => name == "n1" ? Node : null, Controller, skipped ?? []);

    /// <summary>What the server would store: the plan's new slices named.</summary>
    private static List<V1EndpointSlice> Apply(SlicePlan plan, IReadOnlyList<V1EndpointSlice> existing)
    {
        var result = existing.Where(e => !plan.Delete.Any(d => d.Metadata.Name == e.Metadata.Name) && !plan.Update.Any(u => u.Metadata.Name == e.Metadata.Name)).ToList();
        result.AddRange(plan.Update);
        var n = 0;
        foreach (var created in plan.Create)
        {
            created.Metadata.Name = created.Metadata.GenerateName + "s" + n++ + existing.Count;
            result.Add(created);
        }
        return result;
    }

    [Fact]
    public void A_service_with_250_pods_gets_three_slices_of_at_most_100()
    {
        var plan = Plan([.. Enumerable.Range(0, 250).Select(i => Pod(i))], []);
        Assert.Equal([100, 100, 50], plan.Create.Select(s => s.Endpoints.Count));
        var slice = plan.Create[0];
        Assert.Equal("web-", slice.Metadata.GenerateName);
        Assert.Equal("IPv4", slice.AddressType);
        Assert.Equal("web", slice.Metadata.Labels["kubernetes.io/service-name"]);
        Assert.Equal(Controller, slice.Metadata.Labels["endpointslice.kubernetes.io/managed-by"]);
        Assert.Equal("a", slice.Metadata.Labels["team"]);
        Assert.Equal("svc-uid", slice.Metadata.OwnerReferences.Single().Uid);
        Assert.Equal(8080, slice.Ports.Single().Port);
        Assert.Equal("http", slice.Ports.Single().Name);
    }

    [Fact]
    public void An_unchanged_world_plans_nothing()
    {
        var pods = Enumerable.Range(0, 150).Select(i => Pod(i)).ToList();
        var stored = Apply(Plan(pods, []), []);
        Assert.True(Plan(pods, stored).IsEmpty);
    }

    [Fact]
    public void A_readiness_flip_updates_only_the_slice_holding_the_pod()
    {
        var pods = Enumerable.Range(0, 150).Select(i => Pod(i)).ToList();
        var stored = Apply(Plan(pods, []), []);
        pods[120] = Pod(120, ready: false);
        var plan = Plan(pods, stored);
        var updated = Assert.Single(plan.Update);
        Assert.Empty(plan.Create);
        Assert.Empty(plan.Delete);
        var endpoint = updated.Endpoints.Single(e => e.TargetRef.Name == "p0120");
        Assert.False(endpoint.Conditions.Ready);
        Assert.False(endpoint.Conditions.Serving);
    }

    [Fact]
    public void No_pods_means_one_placeholder_slice_kept_across_syncs()
    {
        var plan = Plan([], []);
        var placeholder = Assert.Single(plan.Create);
        Assert.Empty(placeholder.Endpoints);
        Assert.Empty(placeholder.Ports);
        var stored = Apply(plan, []);
        Assert.True(Plan([], stored).IsEmpty);
    }

    [Fact]
    public void When_the_last_pod_goes_its_slice_becomes_the_placeholder()
    {
        var stored = Apply(Plan([Pod(1)], []), []);
        var plan = Plan([], stored);
        Assert.Empty(plan.Create);
        Assert.Empty(plan.Delete);
        var recycled = Assert.Single(plan.Update);
        Assert.Equal(stored[0].Metadata.Name, recycled.Metadata.Name);
        Assert.Empty(recycled.Endpoints);
    }

    [Fact]
    public void Terminating_pods_stay_marked_terminating_and_not_ready()
    {
        var pod = Pod(1);
        pod.Metadata.DeletionTimestamp = DateTime.UtcNow;
        var endpoint = Plan([pod], []).Create.Single().Endpoints.Single();
        Assert.Equal((false, true, true), (endpoint.Conditions.Ready!.Value, endpoint.Conditions.Serving!.Value, endpoint.Conditions.Terminating!.Value));
    }

    [Fact]
    public void Pods_on_a_node_that_does_not_exist_are_left_out_and_reported()
    {
        var skipped = new List<string>();
        var plan = Plan([Pod(1), Pod(2, node: "ghost")], [], skipped: skipped);
        Assert.Equal(["p0001"], plan.Create.Single().Endpoints.Select(e => e.TargetRef.Name));
        Assert.Equal(["skipping Pod p0002 for Service default/web: Node ghost Not Found"], skipped);
        // Unless the Service publishes every address.
        Assert.Equal(2, Plan([Pod(1), Pod(2, node: "ghost")], [], Service(publishNotReady: true)).Create.Single().Endpoints.Count);
    }

    [Fact]
    public void Pods_with_different_ports_for_one_name_get_different_slices()
    {
        var service = Service();
        service.Spec.Ports[0].TargetPort = "http";
        var plan = Plan([Pod(1), Pod(2, port: 9090)], [], service);
        Assert.Equal([8080, 9090], plan.Create.Select(s => s.Ports.Single().Port!.Value).Order());
    }

    [Fact]
    public void A_label_change_on_the_service_updates_its_slices()
    {
        var pods = new List<V1Pod> { Pod(1) };
        var stored = Apply(Plan(pods, []), []);
        var service = Service();
        service.Metadata.Labels["team"] = "b";
        var updated = Assert.Single(Plan(pods, stored, service).Update);
        Assert.Equal("b", updated.Metadata.Labels["team"]);
    }

    [Fact]
    public void Slices_of_an_earlier_service_of_the_same_name_are_replaced()
    {
        var stored = Apply(Plan([Pod(1)], []), []);
        var recreated = Service();
        recreated.Metadata.Uid = "new-uid";
        var plan = Plan([Pod(1)], stored, recreated);
        // Not owned: deleted, and a new one made (an update would hand the old owner's slice over).
        Assert.Single(plan.Delete);
        Assert.Equal("new-uid", plan.Create.Single().Metadata.OwnerReferences.Single().Uid);
    }
}
