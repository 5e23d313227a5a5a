using k8s.Models;
using MiniApiServer.Registry;
using MiniApiServer.Registry.Pods;
using static MiniApiServer.Tests.Registry.Pods.PodTestData;

namespace MiniApiServer.Tests.Registry.Pods;

/// <summary>The binding subresource's descriptor, ValidatePodBinding, and what a binding does to a pod.</summary>
public sealed class PodBindingTests
{
    private static readonly DateTime Now = new(2026, 5, 1, 10, 0, 0, DateTimeKind.Utc);

    private static V1Binding Binding(string? kind = "Node", string? name = "n1") =>
        new() { Metadata = new V1ObjectMeta { Name = "p" }, Target = new V1ObjectReference { Kind = kind, Name = name } };

    [Fact]
    public void The_subresource_is_create_only_with_a_binding_also_served_as_bindings()
    {
        var sub = PodBinding.BindingSubresource;
        Assert.Equal((Subresource.Binding, "binding"), (sub.Kind, sub.Name));
        Assert.Equal(["create"], sub.Verbs);
        Assert.True(sub.ServesInputResource);
        var d = sub.Input!;
        Assert.Equal(("Binding", "bindings", "binding", "v1"), (d.Kind, d.Plural, d.Singular, d.ApiVersion));
        Assert.True(d.Namespaced);
        Assert.Equal(["create"], d.Verbs);
        Assert.Null(d.ListType);
        Assert.Equal(["pods", "bindings"], Strategy.Descriptor.ServedResources.Select(r => r.Plural));
    }

    [Theory]
    [InlineData("Node", "n1")]
    [InlineData("", "n1")]
    [InlineData(null, "n1")]
    public void A_named_node_or_kindless_target_is_valid(string? kind, string name) =>
        Assert.Empty(new PodBinding().Validate(Binding(kind, name)));

    [Fact]
    public void A_binding_without_a_target_needs_its_name() =>
        Assert.Equal(["target.name: Required value"], new PodBinding().Validate(new V1Binding()).Select(e => e.ToString()));

    [Fact]
    public void An_already_scheduled_condition_keeps_its_transition_time()
    {
        var pod = Defaulted(MinimalJson);
        var earlier = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        pod.Status = new V1PodStatus
        {
            Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "True", Reason = "Old", LastTransitionTime = earlier }],
        };
        Assert.Null(new PodBinding().Bind(pod, Binding(), Now));
        var condition = Assert.Single(pod.Status.Conditions);
        Assert.Equal(("True", null, earlier), (condition.Status, condition.Reason, condition.LastTransitionTime));
        Assert.Equal("n1", pod.Spec.NodeName);
    }

    [Fact]
    public void A_new_scheduled_condition_is_added_at_the_binding_time()
    {
        var pod = Defaulted(MinimalJson);
        Assert.Null(new PodBinding().Bind(pod, Binding(), Now));
        var condition = pod.Status.Conditions.Single(c => c.Type == "PodScheduled");
        Assert.Equal(("True", Now), (condition.Status, condition.LastTransitionTime));
        Assert.Null(pod.Metadata.Annotations);
    }
}
