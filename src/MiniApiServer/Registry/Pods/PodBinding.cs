using k8s.Models;
using MiniApiServer.Machinery;

namespace MiniApiServer.Registry.Pods;

/// <summary>
/// The <c>binding</c> subresource of pods, as the scheduler uses it (pkg/registry/core/pod/storage/storage.go
/// BindingREST and LegacyBindingREST): a Binding assigns an unassigned pod to a node, merges its annotations into the
/// pod's, and marks the pod scheduled. Also served as the legacy namespaced <c>bindings</c> resource (create only).
/// </summary>
internal sealed class PodBinding : IBindingStrategy
{
    /// <summary>The Binding kind, as the resource <c>bindings</c> that discovery lists beside <c>pods/binding</c>.</summary>
    public static readonly ResourceDescriptor BindingDescriptor = new()
    {
        Group = "",
        Version = "v1",
        Plural = "bindings",
        Singular = "binding",
        Kind = "Binding",
        ModelType = typeof(V1Binding),
        Namespaced = true,
        Verbs = ["create"],
    };

    /// <summary><c>pods/{name}/binding</c>: create only, with a Binding; its kind also served as <c>bindings</c>.</summary>
    public static readonly SubresourceDescriptor BindingSubresource = new(Subresource.Binding, ["create"])
    {
        Input = BindingDescriptor,
        ServesInputResource = true,
    };

    private static readonly string[] TargetKinds = ["Node", "<empty>"];

    /// <summary>validation.ValidatePodBinding: the target is a Node (or of no kind) and is named.</summary>
    public IReadOnlyList<FieldError> Validate(object binding)
    {
        var target = ((V1Binding)binding).Target ?? new V1ObjectReference();
        var errs = new List<FieldError>();
        if (!string.IsNullOrEmpty(target.Kind) && target.Kind != "Node")
        {
            errs.Add(FieldError.NotSupported("target.kind", target.Kind, TargetKinds));
        }
        if (string.IsNullOrEmpty(target.Name))
        {
            errs.Add(FieldError.Required("target.name"));
        }
        return errs;
    }

    /// <summary>
    /// setPodHostAndAnnotations: a pod being deleted, already assigned, or held by scheduling gates is not bound.
    /// The binding's labels are not copied: that is the PodTopologyLabelsAdmission gate, off in 1.33.
    /// </summary>
    public string? Bind(object obj, object binding, DateTime now)
    {
        var pod = (V1Pod)obj;
        var request = (V1Binding)binding;
        var name = pod.Metadata.Name;
        var spec = pod.Spec ??= new V1PodSpec();
        if (pod.Metadata.DeletionTimestamp is not null)
        {
            return $"pod {name} is being deleted, cannot be assigned to a host";
        }
        if (!string.IsNullOrEmpty(spec.NodeName))
        {
            return $"pod {name} is already assigned to node {GoValue.Quote(spec.NodeName)}";
        }
        if (spec.SchedulingGates is { Count: > 0 })
        {
            return $"pod {name} has non-empty .spec.schedulingGates";
        }
        spec.NodeName = request.Target!.Name;
        if (request.Metadata?.Annotations is { Count: > 0 } annotations)
        {
            pod.Metadata.Annotations ??= new Dictionary<string, string>();
            foreach (var (key, value) in annotations)
            {
                pod.Metadata.Annotations[key] = value;
            }
        }
        SetScheduled(pod.Status ??= new V1PodStatus(), now);
        return null;
    }

    /// <summary>
    /// podutil.UpdatePodCondition with <c>PodScheduled=True</c>: the condition replaces the one of its type (reason and
    /// message go), and its transition time moves only when the status changes.
    /// </summary>
    private static void SetScheduled(V1PodStatus status, DateTime now)
    {
        var conditions = status.Conditions ??= [];
        var scheduled = new V1PodCondition { Type = "PodScheduled", Status = "True", LastTransitionTime = now };
        var index = conditions.ToList().FindIndex(c => c?.Type == scheduled.Type);
        if (index < 0)
        {
            conditions.Add(scheduled);
            return;
        }
        if (conditions[index].Status == scheduled.Status)
        {
            scheduled.LastTransitionTime = conditions[index].LastTransitionTime;
        }
        conditions[index] = scheduled;
    }
}
