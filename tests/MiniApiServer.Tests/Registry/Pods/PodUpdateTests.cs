using k8s.Models;
using MiniApiServer.Registry.Pods;
using static MiniApiServer.Tests.Registry.Pods.PodTestData;

namespace MiniApiServer.Tests.Registry.Pods;

public sealed class PodUpdateTests
{
    private const string ForbiddenPrefix =
        "spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n";

    private static V1Pod Stored(Action<V1Pod>? change = null)
    {
        var pod = Created(change);
        pod.Metadata.Uid = "u1";
        pod.Metadata.ResourceVersion = "5";
        pod.Metadata.CreationTimestamp = new DateTime(2024, 5, 1, 0, 0, 0, DateTimeKind.Utc);
        return pod;
    }

    /// <summary>Default, PrepareForUpdate, ValidateUpdate of the stored pod changed by <paramref name="change"/>.</summary>
    private static (V1Pod Pod, string[] Errors) Update(V1Pod old, Action<V1Pod> change)
    {
        var pod = Clone(old);
        change(pod);
        Strategy.Default(pod);
        Strategy.PrepareForUpdate(pod, old);
        return (pod, Messages(Strategy.ValidateUpdate(pod, old, null)));
    }

    [Fact]
    public void Unchanged_update_is_valid_and_keeps_generation()
    {
        var old = Stored();
        var (pod, errors) = Update(old, _ => { });
        Assert.Empty(errors);
        Assert.Equal(1, pod.Metadata.Generation);
    }

    [Fact]
    public void Label_change_is_allowed()
    {
        var (pod, errors) = Update(Stored(), p => p.Metadata.Labels = new Dictionary<string, string> { ["app"] = "web" });
        Assert.Empty(errors);
        Assert.Equal(1, pod.Metadata.Generation);
    }

    [Fact]
    public void Image_change_is_allowed_and_bumps_generation()
    {
        var (pod, errors) = Update(Stored(), p => Container(p).Image = "nginx:1.26");
        Assert.Empty(errors);
        Assert.Equal(2, pod.Metadata.Generation);
    }

    [Fact]
    public void Client_generation_is_ignored()
    {
        var (pod, _) = Update(Stored(), p => p.Metadata.Generation = 40);
        Assert.Equal(1, pod.Metadata.Generation);
    }

    [Fact]
    public void Stored_status_is_kept_on_main_resource_update()
    {
        var old = Stored();
        old.Status.Phase = "Running";
        var (pod, _) = Update(old, p => p.Status = new V1PodStatus { Phase = "Failed" });
        Assert.Equal("Running", pod.Status.Phase);
        Assert.Equal("BestEffort", pod.Status.QosClass);
    }

    [Fact]
    public void Restart_policy_change_is_forbidden_with_a_diff()
    {
        var (_, errors) = Update(Stored(), p => p.Spec.RestartPolicy = "Never");
        var error = Assert.Single(errors);
        Assert.StartsWith(ForbiddenPrefix, error, StringComparison.Ordinal);
        Assert.Contains("- \trestartPolicy: \"Always\"", error, StringComparison.Ordinal);
        Assert.Contains("+ \trestartPolicy: \"Never\"", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Port_change_is_forbidden()
    {
        var (_, errors) = Update(Stored(), p => Container(p).Ports = [new V1ContainerPort { ContainerPort = 80 }]);
        Assert.StartsWith(ForbiddenPrefix, Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Node_name_change_is_forbidden()
    {
        var (_, errors) = Update(Stored(), p => p.Spec.NodeName = "n1");
        Assert.StartsWith(ForbiddenPrefix, Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Adding_a_container_is_forbidden() =>
        Assert.Equal(["spec.containers: Forbidden: pod updates may not add or remove containers"],
            Update(Stored(), p => p.Spec.Containers.Add(new V1Container { Name = "b", Image = "x" })).Errors);

    [Fact]
    public void Emptied_image_is_required() =>
        Assert.Contains("spec.containers[0].image: Required value", Update(Stored(), p => Container(p).Image = "").Errors);

    [Fact]
    public void Active_deadline_may_be_set_then_lowered()
    {
        var (set, errors) = Update(Stored(), p => p.Spec.ActiveDeadlineSeconds = 100);
        Assert.Empty(errors);
        Assert.Empty(Update(set, p => p.Spec.ActiveDeadlineSeconds = 50).Errors);
    }

    [Fact]
    public void Active_deadline_may_not_grow() =>
        Assert.Equal(["spec.activeDeadlineSeconds: Invalid value: 200: must be less than or equal to previous value"],
            Update(Stored(p => p.Spec.ActiveDeadlineSeconds = 100), p => p.Spec.ActiveDeadlineSeconds = 200).Errors);

    [Fact]
    public void Active_deadline_may_not_be_removed() =>
        Assert.Equal(["spec.activeDeadlineSeconds: Invalid value: null: must not update from a positive integer to nil value"],
            Update(Stored(p => p.Spec.ActiveDeadlineSeconds = 100), p => p.Spec.ActiveDeadlineSeconds = null).Errors);

    [Fact]
    public void Adding_a_toleration_is_allowed() =>
        Assert.Empty(Update(Stored(), p => p.Spec.Tolerations = [new V1Toleration { Key = "k", OperatorProperty = "Exists" }]).Errors);

    [Fact]
    public void Changing_toleration_seconds_is_allowed()
    {
        var old = Stored(p => p.Spec.Tolerations = [new V1Toleration { Key = "k", OperatorProperty = "Exists", Effect = "NoExecute", TolerationSeconds = 300 }]);
        Assert.Empty(Update(old, p => p.Spec.Tolerations[0].TolerationSeconds = 10).Errors);
    }

    [Fact]
    public void Removing_a_toleration_is_forbidden()
    {
        var old = Stored(p => p.Spec.Tolerations = [new V1Toleration { Key = "k", OperatorProperty = "Exists" }]);
        Assert.Equal(["spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds"],
            Update(old, p => p.Spec.Tolerations = []).Errors);
    }

    [Fact]
    public void Removing_a_scheduling_gate_is_allowed()
    {
        var old = Stored(p => p.Spec.SchedulingGates = [new V1PodSchedulingGate { Name = "example.com/a" }]);
        Assert.Empty(Update(old, p => p.Spec.SchedulingGates = []).Errors);
    }

    [Fact]
    public void Adding_a_scheduling_gate_is_forbidden() =>
        Assert.Equal(["spec.schedulingGates[0].name: Forbidden: only deletion is allowed, but found new scheduling gate 'example.com/b'"],
            Update(Stored(), p => p.Spec.SchedulingGates = [new V1PodSchedulingGate { Name = "example.com/b" }]).Errors);

    [Fact]
    public void Negative_grace_period_may_become_1()
    {
        var old = Stored(p => p.Spec.TerminationGracePeriodSeconds = -1);
        Assert.Empty(Update(old, p => p.Spec.TerminationGracePeriodSeconds = 1).Errors);
        Assert.StartsWith(ForbiddenPrefix, Assert.Single(Update(old, p => p.Spec.TerminationGracePeriodSeconds = 5).Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Adding_the_mirror_pod_annotation_is_forbidden()
    {
        var errors = Update(Stored(p => p.Spec.NodeName = "n1"),
            p => p.Metadata.Annotations = new Dictionary<string, string> { [PodValidation.MirrorPodAnnotation] = "x" }).Errors;
        Assert.Equal(["metadata.annotations[kubernetes.io/config.mirror]: Forbidden: may not add mirror pod annotation"], errors);
    }

    [Fact]
    public void Update_revalidates_the_spec() =>
        Assert.Contains("spec.containers[0].image: Invalid value: \"nginx \": must not have leading or trailing whitespace",
            Update(Stored(), p => Container(p).Image = "nginx ").Errors);
}
