using k8s.Models;
using MiniApiServer.Registry;
using static MiniApiServer.Tests.Registry.Pods.PodTestData;

namespace MiniApiServer.Tests.Registry.Pods;

public sealed class PodStrategyTests
{
    [Fact]
    public void Descriptor_describes_pods()
    {
        var d = Strategy.Descriptor;
        Assert.Equal(("pods", "pod", "Pod", "PodList"), (d.Plural, d.Singular, d.Kind, d.ListKind));
        Assert.Equal(typeof(V1Pod), d.ModelType);
        Assert.Equal(typeof(V1PodList), d.ListType);
        Assert.True(d.Namespaced);
        Assert.Equal(["po"], d.ShortNames);
        Assert.Equal(["all"], d.Categories);
        Assert.False(d.AllowCreateOnUpdate);
        Assert.Equal(("", "v1"), (d.Group, d.Version));
        Assert.Equal([Subresource.Binding, Subresource.Status], d.Subresources.Select(s => s.Kind));
        Assert.Equal(ResourceDescriptor.AllVerbs, d.Verbs);
        Assert.True(d.GracefulDeletion);
    }

    [Fact]
    public void Pods_delete_gracefully_so_a_scheduled_pod_is_not_removed_at_once() =>
        Assert.True(Strategy.Descriptor.GracefulDeletion);

    [Fact]
    public void Field_labels_are_upstreams_with_the_spec_host_alias()
    {
        var labels = Strategy.FieldLabels;
        Assert.True(labels.HasConversionFunc);
        Assert.Equal(
            new[]
            {
                "metadata.name", "metadata.namespace", "spec.hostNetwork", "spec.nodeName", "spec.restartPolicy",
                "spec.schedulerName", "spec.serviceAccountName", "status.nominatedNodeName", "status.phase",
                "status.podIP", "status.podIPs",
            },
            labels.Supported.Order(StringComparer.Ordinal));
        Assert.Equal("spec.nodeName", labels.Aliases["spec.host"]);
    }

    [Fact]
    public void Attributes_expose_the_selectable_fields()
    {
        var pod = Created(p =>
        {
            p.Metadata.Labels = new Dictionary<string, string> { ["app"] = "web" };
            p.Spec.NodeName = "n1";
            p.Spec.HostNetwork = true;
            p.Spec.ServiceAccountName = "sa";
        });
        pod.Status.PodIPs = [new V1PodIP { Ip = "10.0.0.7" }, new V1PodIP { Ip = "fd00::7" }];
        pod.Status.PodIP = "10.0.0.7";
        pod.Status.NominatedNodeName = "n2";

        var attrs = ((IResourceStrategy)Strategy).GetAttributes(pod);

        Assert.Equal("web", attrs.Labels["app"]);
        Assert.Equal(new Dictionary<string, string>
        {
            ["metadata.name"] = "p",
            ["metadata.namespace"] = "default",
            ["spec.nodeName"] = "n1",
            ["spec.restartPolicy"] = "Always",
            ["spec.schedulerName"] = "default-scheduler",
            ["spec.serviceAccountName"] = "sa",
            ["spec.hostNetwork"] = "true",
            ["status.phase"] = "Pending",
            ["status.podIP"] = "10.0.0.7",
            ["status.podIPs"] = "",
            ["status.nominatedNodeName"] = "n2",
        }, attrs.Fields);
    }

    [Fact]
    public void Unscheduled_pod_fields_are_empty_and_host_network_false()
    {
        var fields = ((IResourceStrategy)Strategy).GetAttributes(Created()).Fields;
        Assert.Equal("", fields["spec.nodeName"]);
        Assert.Equal("false", fields["spec.hostNetwork"]);
        Assert.Equal("", fields["status.podIP"]);
    }

    [Fact]
    public void Create_resets_status_to_pending_with_qos_and_generation_1()
    {
        var pod = Defaulted(MinimalJson);
        pod.Metadata.Generation = 7;
        pod.Status = new V1PodStatus { Phase = "Running", PodIP = "10.0.0.1", Conditions = [new V1PodCondition { Type = "Ready", Status = "True" }] };

        Strategy.PrepareForCreate(pod);

        Assert.Equal(1, pod.Metadata.Generation);
        Assert.Equal("Pending", pod.Status.Phase);
        Assert.Equal("BestEffort", pod.Status.QosClass);
        Assert.Null(pod.Status.PodIP);
        Assert.Null(pod.Status.Conditions);
    }

    [Fact]
    public void Client_qos_class_survives_create_as_upstream()
    {
        var pod = Defaulted(MinimalJson);
        pod.Status = new V1PodStatus { QosClass = "Guaranteed" };
        Strategy.PrepareForCreate(pod);
        Assert.Equal("Guaranteed", pod.Status.QosClass);
    }

    [Fact]
    public void Gated_pod_gets_the_scheduling_gated_condition()
    {
        var pod = Created(p => p.Spec.SchedulingGates = [new V1PodSchedulingGate { Name = "example.com/gate" }]);

        var condition = Assert.Single(pod.Status.Conditions);
        Assert.Equal(("PodScheduled", "False", "SchedulingGated", "Scheduling is blocked due to non-empty scheduling gates"),
            (condition.Type, condition.Status, condition.Reason, condition.Message));
        Assert.Equal(0, condition.LastTransitionTime!.Value.Ticks % TimeSpan.TicksPerSecond);
    }

    [Fact]
    public void Created_pod_is_valid() => Assert.Empty(Strategy.Validate(Created(), null));

    private static long? GraceFor(V1Pod pod, long? requested)
    {
        Assert.True(Strategy.CheckGracefulDelete(pod, ref requested));
        return requested;
    }

    private static V1Pod Scheduled(long? terminationGrace = null, string phase = "Running")
    {
        var pod = Created(p =>
        {
            p.Spec.NodeName = "n1";
            p.Spec.TerminationGracePeriodSeconds = terminationGrace;
        });
        pod.Status.Phase = phase;
        return pod;
    }

    [Fact]
    public void Graceful_delete_uses_the_pod_grace_period() => Assert.Equal(30, GraceFor(Scheduled(), null));

    [Fact]
    public void Graceful_delete_uses_the_pod_specific_grace_period() => Assert.Equal(45, GraceFor(Scheduled(45), null));

    [Fact]
    public void Graceful_delete_prefers_the_requested_grace_period() => Assert.Equal(5, GraceFor(Scheduled(45), 5));

    [Fact]
    public void Requested_zero_is_kept() => Assert.Equal(0, GraceFor(Scheduled(), 0));

    [Fact]
    public void Unscheduled_pod_is_deleted_at_once() => Assert.Equal(0, GraceFor(Created(), 30));

    [Theory]
    [InlineData("Succeeded")]
    [InlineData("Failed")]
    public void Finished_pod_is_deleted_at_once(string phase) => Assert.Equal(0, GraceFor(Scheduled(phase: phase), 30));

    [Fact]
    public void Negative_grace_period_means_one_second() => Assert.Equal(1, GraceFor(Scheduled(), -10));

    [Fact]
    public void Negative_pod_grace_period_means_one_second() => Assert.Equal(1, GraceFor(Scheduled(-3), null));
}
