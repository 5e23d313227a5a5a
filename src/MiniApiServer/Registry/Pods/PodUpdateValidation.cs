using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Machinery;
using MiniApiServer.Registry.Validation;

namespace MiniApiServer.Registry.Pods;

/// <summary>
/// ValidatePodUpdate (pkg/apis/core/validation/validation.go): the new pod must be valid, and its spec may only
/// change in container images, activeDeadlineSeconds (set or lowered), added tolerations (or their
/// tolerationSeconds), removed scheduling gates, and terminationGracePeriodSeconds from negative to 1. The
/// mutations of node selector and affinity that upstream allows while a pod is still gated are not allowed here.
/// </summary>
internal static class PodUpdateValidation
{
    public const string ForbiddenMessage =
        "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`," +
        "`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations)," +
        "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

    public static List<FieldError> Validate(V1Pod pod, V1Pod old, JsonObject? raw)
    {
        var errs = new List<FieldError>(ObjectMetaValidation.ValidateObjectMetaUpdate(pod.Metadata ?? new V1ObjectMeta(), old.Metadata ?? new V1ObjectMeta()));
        errs.AddRange(PodValidation.MetadataAndSpec(pod, raw));
        PodValidation.AnnotationUpdates(pod, old, errs);

        var spec = pod.Spec ?? new V1PodSpec();
        var oldSpec = old.Spec ?? new V1PodSpec();
        if (!ContainerUpdates(spec.Containers, oldSpec.Containers, "spec.containers", errs) ||
            !ContainerUpdates(spec.InitContainers, oldSpec.InitContainers, "spec.initContainers", errs))
        {
            return errs;
        }

        if (spec.ActiveDeadlineSeconds is { } deadline)
        {
            if (deadline is < 0 or > int.MaxValue)
            {
                errs.Add(FieldError.Invalid("spec.activeDeadlineSeconds", deadline, NameRules.InclusiveRangeError(0, int.MaxValue)));
                return errs;
            }
            if (oldSpec.ActiveDeadlineSeconds is { } oldDeadline && oldDeadline < deadline)
            {
                errs.Add(FieldError.Invalid("spec.activeDeadlineSeconds", deadline, "must be less than or equal to previous value"));
                return errs;
            }
        }
        else if (oldSpec.ActiveDeadlineSeconds is not null)
        {
            errs.Add(FieldError.Invalid("spec.activeDeadlineSeconds", null, "must not update from a positive integer to nil value"));
        }

        OnlyAddedTolerations(spec.Tolerations ?? [], oldSpec.Tolerations ?? [], errs);
        OnlyDeletedSchedulingGates(spec.SchedulingGates ?? [], oldSpec.SchedulingGates ?? [], errs);

        var oldJson = PodSpecJson.Of(oldSpec);
        var munged = PodSpecJson.Of(spec);
        if (JsonNode.DeepEquals(munged, oldJson))
        {
            return errs;
        }
        CopyImages(munged, oldJson, "containers");
        CopyImages(munged, oldJson, "initContainers");
        foreach (var field in (ReadOnlySpan<string>)["activeDeadlineSeconds", "schedulingGates", "tolerations"])
        {
            munged[field] = oldJson[field]?.DeepClone();
        }
        if (oldSpec.TerminationGracePeriodSeconds < 0 && spec.TerminationGracePeriodSeconds == 1)
        {
            munged["terminationGracePeriodSeconds"] = oldSpec.TerminationGracePeriodSeconds;
        }
        RemoveNulls(munged);
        if (!JsonNode.DeepEquals(munged, oldJson))
        {
            errs.Add(FieldError.Forbidden("spec", ForbiddenMessage + "\n" + PodSpecJson.Diff(oldJson, munged)));
        }
        return errs;
    }

    /// <summary>ValidateContainerUpdates: false (stop) when containers were added or removed.</summary>
    private static bool ContainerUpdates(IList<V1Container>? containers, IList<V1Container>? oldContainers, string path, List<FieldError> errs)
    {
        if ((containers?.Count ?? 0) != (oldContainers?.Count ?? 0))
        {
            errs.Add(FieldError.Forbidden(path, "pod updates may not add or remove containers"));
            return false;
        }
        for (var i = 0; i < (containers?.Count ?? 0); i++)
        {
            var image = containers![i].Image ?? "";
            if (image.Length == 0)
            {
                errs.Add(FieldError.Required($"{path}[{i}].image"));
            }
            if (image.Length != image.Trim().Length)
            {
                errs.Add(FieldError.Invalid($"{path}[{i}].image", image, "must not have leading or trailing whitespace"));
            }
        }
        return true;
    }

    /// <summary>validateOnlyAddedTolerations: each old toleration must still be there, tolerationSeconds aside.</summary>
    private static void OnlyAddedTolerations(IList<V1Toleration> tolerations, IList<V1Toleration> oldTolerations, List<FieldError> errs)
    {
        foreach (var old in oldTolerations)
        {
            if (!tolerations.Any(t => old with { TolerationSeconds = t.TolerationSeconds } == t))
            {
                errs.Add(FieldError.Forbidden("spec.tolerations", "existing toleration can not be modified except its tolerationSeconds"));
                return;
            }
        }
        TolerationValidation.Validate(tolerations, "spec.tolerations", errs);
    }

    /// <summary>validateOnlyDeletedSchedulingGates: a gate may be removed, never added.</summary>
    private static void OnlyDeletedSchedulingGates(IList<V1PodSchedulingGate> gates, IList<V1PodSchedulingGate> oldGates, List<FieldError> errs)
    {
        var oldNames = oldGates.Select(g => g.Name).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < gates.Count; i++)
        {
            if (!oldNames.Contains(gates[i].Name))
            {
                errs.Add(FieldError.Forbidden($"spec.schedulingGates[{i}].name",
                    $"only deletion is allowed, but found new scheduling gate '{gates[i].Name}'"));
            }
        }
    }

    private static void CopyImages(JsonObject munged, JsonObject old, string list)
    {
        if (munged[list] is not JsonArray containers || old[list] is not JsonArray oldContainers)
        {
            return;
        }
        for (var i = 0; i < containers.Count; i++)
        {
            if (containers[i] is JsonObject container)
            {
                container["image"] = oldContainers[i]?["image"]?.DeepClone();
            }
        }
    }

    private static void RemoveNulls(JsonObject obj)
    {
        foreach (var key in obj.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            obj.Remove(key);
        }
        foreach (var list in (ReadOnlySpan<string>)["containers", "initContainers"])
        {
            foreach (var container in (obj[list] as JsonArray ?? []).OfType<JsonObject>())
            {
                RemoveNulls(container);
            }
        }
    }
}
