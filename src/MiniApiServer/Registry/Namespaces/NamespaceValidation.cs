using k8s.Models;
using MiniApiServer.Machinery;
using MiniApiServer.Registry.Validation;

namespace MiniApiServer.Registry.Namespaces;

/// <summary>
/// Namespace validation, following pkg/apis/core/validation/validation.go (ValidateNamespace,
/// ValidateNamespaceUpdate, ValidateNamespaceStatusUpdate, ValidateNamespaceFinalizeUpdate, validateFinalizerName).
/// </summary>
internal static class NamespaceValidation
{
    /// <summary>
    /// ValidateNamespace: metadata (cluster-scoped, name a DNS-1123 label) and spec.finalizers. Upstream reports
    /// every finalizer error on the unindexed path <c>spec.finalizers</c> here (only /finalize indexes it).
    /// </summary>
    public static List<FieldError> Validate(V1Namespace ns)
    {
        var errors = new List<FieldError>();
        errors.AddRange(ObjectMetaValidation.ValidateObjectMeta(ns.Metadata ?? new V1ObjectMeta(), false, NameValidators.Dns1123Label));
        foreach (var finalizer in ns.Spec?.Finalizers ?? [])
        {
            ValidateFinalizerName(finalizer ?? "", "spec.finalizers", errors);
        }
        return errors;
    }

    /// <summary>The strategy's ValidateUpdate: ValidateNamespace, then ValidateNamespaceUpdate (metadata update rules).</summary>
    public static List<FieldError> ValidateUpdate(V1Namespace ns, V1Namespace old)
    {
        var errors = Validate(ns);
        errors.AddRange(MetadataUpdate(ns, old));
        return errors;
    }

    /// <summary>ValidateNamespaceStatusUpdate: the phase must agree with deletionTimestamp.</summary>
    public static List<FieldError> ValidateStatusUpdate(V1Namespace ns, V1Namespace old)
    {
        var errors = MetadataUpdate(ns, old);
        var phase = ns.Status?.Phase ?? "";
        // The path really is "status.Phase" upstream (capital P).
        if (ns.Metadata?.DeletionTimestamp is null)
        {
            if (phase != NamespaceStrategy.PhaseActive)
            {
                errors.Add(FieldError.Invalid("status.Phase", phase, "may only be 'Active' if `deletionTimestamp` is empty"));
            }
        }
        else if (phase != NamespaceStrategy.PhaseTerminating)
        {
            errors.Add(FieldError.Invalid("status.Phase", phase, "may only be 'Terminating' if `deletionTimestamp` is not empty"));
        }
        return errors;
    }

    /// <summary>ValidateNamespaceFinalizeUpdate: metadata update rules and each finalizer, on indexed paths.</summary>
    public static List<FieldError> ValidateFinalizeUpdate(V1Namespace ns, V1Namespace old)
    {
        var errors = MetadataUpdate(ns, old);
        var finalizers = ns.Spec?.Finalizers ?? [];
        for (var i = 0; i < finalizers.Count; i++)
        {
            ValidateFinalizerName(finalizers[i] ?? "", $"spec.finalizers[{i}]", errors);
        }
        return errors;
    }

    private static List<FieldError> MetadataUpdate(V1Namespace ns, V1Namespace old) =>
        [.. ObjectMetaValidation.ValidateObjectMetaUpdate(ns.Metadata ?? new V1ObjectMeta(), old.Metadata ?? new V1ObjectMeta())];

    /// <summary>
    /// validateFinalizerName: a qualified name (apimachinery ValidateFinalizerName), and, when it has no prefix,
    /// one of the standard names of pkg/apis/core/helper/helpers.go (validateKubeFinalizerName). The per-name
    /// form is needed because the create path is not indexed, unlike <see cref="MetadataRules.ValidateKubeFinalizerNames"/>.
    /// </summary>
    private static void ValidateFinalizerName(string name, string path, List<FieldError> errors)
    {
        errors.AddRange(MetadataRules.ValidateFinalizerName(name, path));
        if (!name.Contains('/', StringComparison.Ordinal)
            && name is not (MetadataRules.FinalizerKubernetes or MetadataRules.FinalizerOrphanDependents or MetadataRules.FinalizerDeleteDependents))
        {
            errors.Add(FieldError.Invalid(path, name, "name is neither a standard finalizer name nor is it fully qualified"));
        }
    }
}
