using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Machinery;

namespace MiniApiServer.Registry.Pods;

/// <summary>Pods (pkg/registry/core/pod/strategy.go podStrategy and podStatusStrategy); the binding subresource is <see cref="PodBinding"/>.</summary>
internal sealed class PodStrategy : ResourceStrategy<V1Pod>
{
    private static readonly ResourceDescriptor PodDescriptor = new()
    {
        Group = "",
        Version = "v1",
        Plural = "pods",
        Singular = "pod",
        Kind = "Pod",
        ModelType = typeof(V1Pod),
        ListType = typeof(V1PodList),
        Namespaced = true,
        ShortNames = ["po"],
        Categories = ["all"],
        AllowCreateOnUpdate = false,
        // In discovery's (alphabetical) order.
        Subresources = [PodBinding.BindingSubresource, SubresourceDescriptor.Status],
        GracefulDeletion = true,
    };

    // pkg/apis/core/v1/conversion.go: the Pod field label conversion func, spec.host kept for old v1 clients.
    private static readonly FieldLabels PodFieldLabels = FieldLabels.Of(true,
            "metadata.name", "metadata.namespace", "spec.nodeName", "spec.restartPolicy", "spec.schedulerName",
            "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.podIPs",
            "status.nominatedNodeName")
        .WithAlias("spec.host", "spec.nodeName");

    public override ResourceDescriptor Descriptor => PodDescriptor;

    public override FieldLabels FieldLabels => PodFieldLabels;

    public override void Default(V1Pod obj) => PodDefaults.Apply(obj);

    /// <summary>Generation 1; the client's status is replaced by Pending and the QoS class.</summary>
    public override void PrepareForCreate(V1Pod obj)
    {
        var meta = obj.Metadata ??= new V1ObjectMeta();
        meta.Generation = 1;
        // GetPodQOS reads the incoming status before it is replaced, so a client-set class survives (as upstream).
        obj.Status = new V1PodStatus { Phase = "Pending", QosClass = QosClass.Get(obj) };
        ApplySchedulingGatedCondition(obj);
    }

    /// <summary>The stored status is kept; generation moves on when the spec changed (updatePodGeneration).</summary>
    public override void PrepareForUpdate(V1Pod obj, V1Pod old)
    {
        var meta = obj.Metadata ??= new V1ObjectMeta();
        obj.Status = old.Status;
        // rest.BeforeUpdate: clients cannot set generation.
        meta.Generation = old.Metadata?.Generation;
        if (!PodSpecJson.SpecEquals(obj.Spec, old.Spec))
        {
            meta.Generation = (meta.Generation ?? 0) + 1;
        }
    }

    public override void PrepareForStatusUpdate(V1Pod obj, V1Pod old) => PodStatusRules.PrepareForStatusUpdate(obj, old);

    public override IReadOnlyList<FieldError> Validate(V1Pod obj, JsonObject? raw) => PodValidation.ValidateCreate(obj, raw);

    public override IReadOnlyList<FieldError> ValidateUpdate(V1Pod obj, V1Pod old, JsonObject? raw) =>
        PodUpdateValidation.Validate(obj, old, raw);

    public override IReadOnlyList<FieldError> ValidateStatusUpdate(V1Pod obj, V1Pod old) => PodStatusValidation.Validate(obj, old);

    /// <summary>ToSelectableFields.</summary>
    protected override void AddSelectableFields(V1Pod obj, Dictionary<string, string> fields)
    {
        var spec = obj.Spec;
        var status = obj.Status;
        fields["spec.nodeName"] = spec?.NodeName ?? "";
        fields["spec.restartPolicy"] = spec?.RestartPolicy ?? "";
        fields["spec.schedulerName"] = spec?.SchedulerName ?? "";
        fields["spec.serviceAccountName"] = spec?.ServiceAccountName ?? "";
        fields["spec.hostNetwork"] = spec?.HostNetwork == true ? "true" : "false";
        fields["status.phase"] = status?.Phase ?? "";
        fields["status.podIP"] = status?.PodIPs is { Count: > 0 } ips ? ips[0].Ip ?? "" : "";
        // Accepted as a selector key but never populated upstream, so it only ever equals "".
        fields["status.podIPs"] = "";
        fields["status.nominatedNodeName"] = status?.NominatedNodeName ?? "";
    }

    /// <summary>
    /// The request's grace period, else the pod's terminationGracePeriodSeconds; 0 when the pod was never
    /// scheduled or has already finished; a negative value means 1. Pods always delete gracefully.
    /// </summary>
    public override bool CheckGracefulDelete(V1Pod obj, ref long? gracePeriodSeconds)
    {
        // Defaulting runs on every decode, so the spec value is always there; the fallback is that default.
        var period = gracePeriodSeconds ?? obj.Spec?.TerminationGracePeriodSeconds ?? PodDefaults.DefaultTerminationGracePeriodSeconds;
        if (string.IsNullOrEmpty(obj.Spec?.NodeName) || obj.Status?.Phase is "Succeeded" or "Failed")
        {
            period = 0;
        }
        if (period < 0)
        {
            period = 1;
        }
        gracePeriodSeconds = period;
        return true;
    }

    /// <summary>applySchedulingGatedCondition: a gated pod says why it is not being scheduled.</summary>
    private static void ApplySchedulingGatedCondition(V1Pod pod)
    {
        if (pod.Spec?.SchedulingGates is not { Count: > 0 })
        {
            return;
        }
        // The status was just reset, so there is no PodScheduled condition to respect yet.
        pod.Status!.Conditions = [];
        pod.Status.Conditions.Add(new V1PodCondition
        {
            Type = "PodScheduled",
            Status = "False",
            Reason = "SchedulingGated",
            Message = "Scheduling is blocked due to non-empty scheduling gates",
            LastTransitionTime = TruncatedNow(),
        });
    }

    /// <summary>podutil.UpdatePodCondition stamps the transition time; kube-apiserver writes whole seconds.</summary>
    private static DateTime TruncatedNow()
    {
        var now = DateTime.UtcNow;
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
    }
}
