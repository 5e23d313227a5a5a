using System.Globalization;
using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Machinery;
using MiniApiServer.Registry.Validation;

namespace MiniApiServer.Registry.Pods;

/// <summary>
/// ValidatePodCreate and the parts every pod write shares (pkg/apis/core/validation/validation.go
/// validatePodMetadataAndSpec, ValidatePodSpecificAnnotations, ValidatePodSpecificAnnotationUpdates).
/// </summary>
internal static class PodValidation
{
    public const string MirrorPodAnnotation = "kubernetes.io/config.mirror";
    public const string DeletionCostAnnotation = "controller.kubernetes.io/pod-deletion-cost";

    public static List<FieldError> ValidateCreate(V1Pod pod, JsonObject? raw)
    {
        var errs = MetadataAndSpec(pod, raw);
        var spec = pod.Spec ?? new V1PodSpec();
        // Ephemeral containers are only added later, through their own subresource.
        if (spec.EphemeralContainers is { Count: > 0 })
        {
            errs.Add(FieldError.Forbidden("spec.ephemeralContainers", "cannot be set on create"));
        }
        if (!string.IsNullOrEmpty(spec.NodeName) && spec.SchedulingGates is { Count: > 0 })
        {
            errs.Add(FieldError.Forbidden("spec.nodeName", "cannot be set until all schedulingGates have been cleared"));
        }
        return errs;
    }

    /// <summary>validatePodMetadataAndSpec: run on create and again on every main-resource update.</summary>
    public static List<FieldError> MetadataAndSpec(V1Pod pod, JsonObject? raw)
    {
        var meta = pod.Metadata ?? new V1ObjectMeta();
        var spec = pod.Spec ?? new V1PodSpec();
        var errs = new List<FieldError>(ObjectMetaValidation.ValidateObjectMeta(meta, true, NameValidators.Dns1123Subdomain));
        SpecificAnnotations(meta.Annotations, spec, errs);
        PodSpecValidation.Validate(spec, raw, errs);

        if (string.IsNullOrEmpty(spec.ServiceAccountName))
        {
            for (var vi = 0; vi < (spec.Volumes?.Count ?? 0); vi++)
            {
                var sources = spec.Volumes![vi].Projected?.Sources ?? [];
                for (var si = 0; si < sources.Count; si++)
                {
                    if (sources[si].ServiceAccountToken is not null)
                    {
                        errs.Add(FieldError.Forbidden($"spec.volumes[{vi}].projected.sources[{si}].serviceAccountToken",
                            "must not be specified when serviceAccountName is not set"));
                    }
                }
            }
        }

        // validateContainersOnlyForPod: pod templates tolerate padded images, pods do not.
        ImageWhitespace(spec.Containers, "spec.containers", errs);
        ImageWhitespace(spec.InitContainers, "spec.initContainers", errs);
        return errs;
    }

    /// <summary>The mirror-pod annotation may be neither added, changed nor removed by an update.</summary>
    public static void AnnotationUpdates(V1Pod pod, V1Pod old, List<FieldError> errs)
    {
        var current = pod.Metadata?.Annotations ?? new Dictionary<string, string>();
        var previous = old.Metadata?.Annotations ?? new Dictionary<string, string>();
        const string path = "metadata.annotations[" + MirrorPodAnnotation + "]";
        var had = previous.TryGetValue(MirrorPodAnnotation, out var oldValue);
        var has = current.TryGetValue(MirrorPodAnnotation, out var newValue);
        if (had && (!has || newValue != oldValue))
        {
            errs.Add(FieldError.Forbidden(path, "may not remove or update mirror pod annotation"));
        }
        if (has && !had)
        {
            errs.Add(FieldError.Forbidden(path, "may not add mirror pod annotation"));
        }
        SpecificAnnotations(current, pod.Spec ?? new V1PodSpec(), errs);
    }

    private static void ImageWhitespace(IList<V1Container>? containers, string path, List<FieldError> errs)
    {
        for (var i = 0; i < (containers?.Count ?? 0); i++)
        {
            var image = containers![i].Image ?? "";
            if (image.Length != image.Trim().Length)
            {
                errs.Add(FieldError.Invalid($"{path}[{i}].image", image, "must not have leading or trailing whitespace"));
            }
        }
    }

    /// <summary>ValidatePodSpecificAnnotations: mirror pods need a node; the deletion cost is an int32.</summary>
    private static void SpecificAnnotations(IDictionary<string, string>? annotations, V1PodSpec spec, List<FieldError> errs)
    {
        if (annotations is null)
        {
            return;
        }
        if (annotations.TryGetValue(MirrorPodAnnotation, out var mirror) && string.IsNullOrEmpty(spec.NodeName))
        {
            errs.Add(FieldError.Invalid($"metadata.annotations[{MirrorPodAnnotation}]", mirror, "must set spec.nodeName if mirror pod annotation is set"));
        }
        if (annotations.TryGetValue(DeletionCostAnnotation, out var cost) && !IsDeletionCost(cost))
        {
            errs.Add(FieldError.Invalid($"metadata.annotations[{DeletionCostAnnotation}]", cost, "must be a 32bit integer"));
        }
    }

    /// <summary>helper.GetDeletionCostFromPodAnnotations: no '+' sign, no leading zeros, fits in 32 bits.</summary>
    private static bool IsDeletionCost(string value) =>
        value.Length > 0 && (value[0] == '-' || value == "0" || value[0] is >= '1' and <= '9') &&
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _);
}
