using k8s.Models;
using static MiniApiServer.Tests.Registry.Pods.PodTestData;

namespace MiniApiServer.Tests.Registry.Pods;

public sealed class PodStatusTests
{
    private static V1Pod Stored(Action<V1Pod>? change = null)
    {
        var pod = Created(p => p.Spec.NodeName = "n1");
        pod.Metadata.Uid = "u1";
        pod.Metadata.ResourceVersion = "5";
        change?.Invoke(pod);
        return pod;
    }

    private static (V1Pod Pod, string[] Errors) StatusUpdate(V1Pod old, Action<V1Pod> change)
    {
        var pod = Clone(old);
        change(pod);
        Strategy.Default(pod);
        Strategy.PrepareForStatusUpdate(pod, old);
        return (pod, Messages(Strategy.ValidateStatusUpdate(pod, old)));
    }

    private static V1PodStatus Status(string? podIp, params string[] podIps) => new()
    {
        Phase = "Running",
        PodIP = podIp,
        PodIPs = podIps.Length == 0 ? null : podIps.Select(ip => new V1PodIP { Ip = ip }).ToList(),
    };

    [Fact]
    public void Spec_changes_through_status_are_ignored()
    {
        var (pod, errors) = StatusUpdate(Stored(), p =>
        {
            p.Spec.RestartPolicy = "Never";
            Container(p).Image = "other";
            p.Status.Phase = "Running";
        });
        Assert.Empty(errors);
        Assert.Equal("Always", pod.Spec.RestartPolicy);
        Assert.Equal("nginx:1.25", Container(pod).Image);
        Assert.Equal("Running", pod.Status.Phase);
    }

    [Fact]
    public void Owner_references_and_generation_come_from_storage()
    {
        var (pod, _) = StatusUpdate(Stored(), p =>
        {
            p.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "X", Name = "x", Uid = "u" }];
            p.Metadata.Generation = 9;
        });
        Assert.Null(pod.Metadata.OwnerReferences);
        Assert.Equal(1, pod.Metadata.Generation);
    }

    [Fact]
    public void Only_pod_ip_fills_pod_ips()
    {
        var (pod, errors) = StatusUpdate(Stored(), p => p.Status = Status("10.0.0.5"));
        Assert.Empty(errors);
        Assert.Equal(["10.0.0.5"], pod.Status.PodIPs.Select(i => i.Ip));
    }

    [Fact]
    public void Only_pod_ips_fills_pod_ip()
    {
        var (pod, errors) = StatusUpdate(Stored(), p => p.Status = Status(null, "10.0.0.5", "fd00::5"));
        Assert.Empty(errors);
        Assert.Equal("10.0.0.5", pod.Status.PodIP);
        Assert.Equal(2, pod.Status.PodIPs.Count);
    }

    [Fact]
    public void Disagreeing_pod_ip_wins()
    {
        var (pod, _) = StatusUpdate(Stored(), p => p.Status = Status("10.0.0.9", "10.0.0.5", "fd00::5"));
        Assert.Equal("10.0.0.9", pod.Status.PodIP);
        Assert.Equal(["10.0.0.9"], pod.Status.PodIPs.Select(i => i.Ip));
    }

    [Fact]
    public void Host_ip_is_reconciled_like_pod_ip()
    {
        var (pod, errors) = StatusUpdate(Stored(), p => p.Status = new V1PodStatus { HostIP = "192.168.1.10" });
        Assert.Empty(errors);
        Assert.Equal(["192.168.1.10"], pod.Status.HostIPs.Select(i => i.Ip));
    }

    [Fact]
    public void Omitted_qos_class_is_back_filled()
    {
        var (pod, errors) = StatusUpdate(Stored(), p => p.Status = new V1PodStatus { Phase = "Running" });
        Assert.Empty(errors);
        Assert.Equal("BestEffort", pod.Status.QosClass);
    }

    [Fact]
    public void Qos_class_is_immutable() =>
        Assert.Equal(["status.qosClass: Invalid value: \"Guaranteed\": field is immutable"],
            StatusUpdate(Stored(), p => p.Status.QosClass = "Guaranteed").Errors);

    [Fact]
    public void Observed_generation_of_conditions_is_back_filled()
    {
        var old = Stored(p => p.Status.Conditions = [new V1PodCondition { Type = "Ready", Status = "False", ObservedGeneration = 1 }]);
        var (pod, _) = StatusUpdate(old, p => p.Status.Conditions = [new V1PodCondition { Type = "Ready", Status = "True" }]);
        Assert.Equal(1, pod.Status.Conditions[0].ObservedGeneration);
    }

    [Fact]
    public void Invalid_pod_ip_is_rejected() =>
        Assert.Contains("status.podIPs[0]: Invalid value: \"10.0.0.300\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
            StatusUpdate(Stored(), p => p.Status = Status(null, "10.0.0.300")).Errors);

    [Fact]
    public void Two_ips_of_one_family_are_rejected() =>
        Assert.Equal(["status.podIPs: Invalid value: []core.PodIP{core.PodIP{IP:\"10.0.0.1\"}, core.PodIP{IP:\"10.0.0.2\"}}: may specify no more than one IP for each IP family"],
            StatusUpdate(Stored(), p => p.Status = Status(null, "10.0.0.1", "10.0.0.2")).Errors);

    [Fact]
    public void Three_ips_are_rejected() =>
        Assert.Equal(["status.podIPs: Invalid value: []core.PodIP{core.PodIP{IP:\"10.0.0.1\"}, core.PodIP{IP:\"fd00::1\"}, core.PodIP{IP:\"10.0.0.2\"}}: may specify no more than one IP for each IP family"],
            StatusUpdate(Stored(), p => p.Status = Status(null, "10.0.0.1", "fd00::1", "10.0.0.2")).Errors);

    [Fact]
    public void Duplicate_ips_are_rejected() =>
        Assert.Equal(
            [
                "status.podIPs: Invalid value: []core.PodIP{core.PodIP{IP:\"10.0.0.1\"}, core.PodIP{IP:\"10.0.0.1\"}}: may specify no more than one IP for each IP family",
                "status.podIPs[1]: Duplicate value: core.PodIP{IP:\"10.0.0.1\"}",
            ],
            StatusUpdate(Stored(), p => p.Status = Status(null, "10.0.0.1", "10.0.0.1")).Errors);

    [Fact]
    public void Dual_stack_ips_are_accepted() =>
        Assert.Empty(StatusUpdate(Stored(), p => p.Status = Status(null, "fd00::1", "10.0.0.1")).Errors);

    [Fact]
    public void Phase_is_not_validated() =>
        Assert.Empty(StatusUpdate(Stored(), p => p.Status.Phase = "Whatever").Errors);

    [Fact]
    public void Custom_condition_type_must_be_a_qualified_name() =>
        Assert.Single(StatusUpdate(Stored(), p => p.Status.Conditions = [new V1PodCondition { Type = "bad type!", Status = "True" }]).Errors,
            e => e.StartsWith("metadata.conditions[0].Type: Invalid value: \"bad type!\": name part must consist of", StringComparison.Ordinal));

    [Fact]
    public void Terminated_container_may_not_run_again_under_restart_policy_Never()
    {
        static V1ContainerStatus Terminated() => new() { Name = "app", Image = "x", ImageID = "", Ready = false, RestartCount = 0, State = new V1ContainerState { Terminated = new V1ContainerStateTerminated { ExitCode = 0 } } };
        static V1ContainerStatus Running() => new() { Name = "app", Image = "x", ImageID = "", Ready = true, RestartCount = 0, State = new V1ContainerState { Running = new V1ContainerStateRunning() } };
        var old = Stored(p =>
        {
            p.Spec.RestartPolicy = "Never";
            p.Status.ContainerStatuses = [Terminated()];
        });
        Assert.Equal(["status.containerStatuses[0].state: Forbidden: may not be transitioned to non-terminated state"],
            StatusUpdate(old, p => p.Status.ContainerStatuses = [Running()]).Errors);
    }
}
