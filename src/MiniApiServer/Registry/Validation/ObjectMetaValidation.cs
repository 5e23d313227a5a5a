using System.Globalization;
using k8s.Models;
using MiniApiServer.Machinery;

namespace MiniApiServer.Registry.Validation;

/// <summary>
/// ObjectMeta validation on create and update, as core kinds get it: apimachinery's
/// <c>ValidateObjectMetaAccessor</c> / <c>ValidateObjectMetaAccessorUpdate</c> (<c>pkg/api/validation/objectmeta.go</c>)
/// wrapped by <c>pkg/apis/core/validation</c>'s <c>ValidateObjectMeta</c> / <c>ValidateObjectMetaUpdate</c>,
/// which add the standard-finalizer-name rule. Errors come in upstream's order.
/// </summary>
internal static class ObjectMetaValidation
{
    public const string FieldImmutable = "field is immutable";

    /// <summary>Create-time checks. <paramref name="nameFn"/> is the kind's rule, e.g. <see cref="NameValidators.Dns1035Label"/>.</summary>
    public static IReadOnlyList<FieldError> ValidateObjectMeta(V1ObjectMeta meta, bool namespaced, Func<string, bool, IReadOnlyList<string>> nameFn)
    {
        var errs = new List<FieldError>();
        var generateName = meta.GenerateName ?? "";
        if (generateName.Length != 0)
        {
            errs.AddRange(nameFn(generateName, true).Select(msg => FieldError.Invalid("metadata.generateName", generateName, msg)));
        }
        var name = meta.Name ?? "";
        if (name.Length == 0)
        {
            errs.Add(FieldError.Required("metadata.name", "name or generateName is required"));
        }
        else
        {
            errs.AddRange(nameFn(name, false).Select(msg => FieldError.Invalid("metadata.name", name, msg)));
        }

        var ns = meta.NamespaceProperty ?? "";
        if (namespaced)
        {
            if (ns.Length == 0)
            {
                errs.Add(FieldError.Required("metadata.namespace"));
            }
            else
            {
                // apimachinery's ValidateNamespaceName: the DNS-1123 label rule alone, without the path-segment pass.
                errs.AddRange(NameRules.Dns1123Label(ns).Select(msg => FieldError.Invalid("metadata.namespace", ns, msg)));
            }
        }
        else if (ns.Length != 0)
        {
            errs.Add(FieldError.Forbidden("metadata.namespace", "not allowed on this type"));
        }

        var generation = meta.Generation ?? 0;
        if (generation < 0)
        {
            errs.Add(FieldError.Invalid("metadata.generation", generation, "must be greater than or equal to 0"));
        }
        errs.AddRange(MetadataRules.ValidateLabels(meta.Labels, "metadata.labels"));
        errs.AddRange(MetadataRules.ValidateAnnotations(meta.Annotations, "metadata.annotations"));
        errs.AddRange(MetadataRules.ValidateOwnerReferences(meta.OwnerReferences, "metadata.ownerReferences"));
        errs.AddRange(MetadataRules.ValidateFinalizers(meta.Finalizers, "metadata.finalizers"));
        errs.AddRange(MetadataRules.ValidateManagedFields(meta.ManagedFields, "metadata.managedFields"));
        errs.AddRange(MetadataRules.ValidateKubeFinalizerNames(meta.Finalizers, "metadata.finalizers"));
        return errs;
    }

    /// <summary>
    /// Update-time checks of the new metadata against the stored one. Callers that allow unconditional update
    /// must fill <c>resourceVersion</c> from storage first (as the generic store does), or this reports
    /// <c>metadata.resourceVersion: Invalid value: "": must be specified for an update</c>.
    /// </summary>
    public static IReadOnlyList<FieldError> ValidateObjectMetaUpdate(V1ObjectMeta newMeta, V1ObjectMeta oldMeta)
    {
        var errs = new List<FieldError>();
        if (oldMeta.DeletionTimestamp is not null)
        {
            errs.AddRange(MetadataRules.ValidateNoNewFinalizers(newMeta.Finalizers, oldMeta.Finalizers, "metadata.finalizers"));
        }
        if (string.IsNullOrEmpty(newMeta.ResourceVersion))
        {
            errs.Add(FieldError.Invalid("metadata.resourceVersion", "", "must be specified for an update"));
        }
        var newGeneration = newMeta.Generation ?? 0;
        if (newGeneration < (oldMeta.Generation ?? 0))
        {
            errs.Add(FieldError.Invalid("metadata.generation", newGeneration, "must not be decremented"));
        }

        Immutable(errs, "metadata.name", newMeta.Name ?? "", oldMeta.Name ?? "");
        Immutable(errs, "metadata.namespace", newMeta.NamespaceProperty ?? "", oldMeta.NamespaceProperty ?? "");
        Immutable(errs, "metadata.uid", newMeta.Uid ?? "", oldMeta.Uid ?? "");
        if (!SameInstant(newMeta.CreationTimestamp, oldMeta.CreationTimestamp))
        {
            // metav1.Time is a value in Go: unset prints as the zero time, never as null.
            errs.Add(FieldError.Invalid("metadata.creationTimestamp", new GoLiteral(GoTime(newMeta.CreationTimestamp ?? default)), FieldImmutable));
        }
        if (!SameInstant(newMeta.DeletionTimestamp, oldMeta.DeletionTimestamp))
        {
            object? value = newMeta.DeletionTimestamp is { } t ? new GoLiteral(GoTime(t)) : null;
            errs.Add(FieldError.Invalid("metadata.deletionTimestamp", value, FieldImmutable));
        }
        if (newMeta.DeletionGracePeriodSeconds != oldMeta.DeletionGracePeriodSeconds)
        {
            errs.Add(FieldError.Invalid("metadata.deletionGracePeriodSeconds", newMeta.DeletionGracePeriodSeconds, FieldImmutable));
        }

        errs.AddRange(MetadataRules.ValidateLabels(newMeta.Labels, "metadata.labels"));
        errs.AddRange(MetadataRules.ValidateAnnotations(newMeta.Annotations, "metadata.annotations"));
        errs.AddRange(MetadataRules.ValidateOwnerReferences(newMeta.OwnerReferences, "metadata.ownerReferences"));
        errs.AddRange(MetadataRules.ValidateManagedFields(newMeta.ManagedFields, "metadata.managedFields"));
        errs.AddRange(MetadataRules.ValidateKubeFinalizerNames(newMeta.Finalizers, "metadata.finalizers"));
        return errs;
    }

    private static void Immutable(List<FieldError> errs, string path, string newValue, string oldValue)
    {
        if (newValue != oldValue)
        {
            errs.Add(FieldError.Invalid(path, newValue, FieldImmutable));
        }
    }

    /// <summary>apimachinery's semantic equality for metav1.Time: the same instant (compared in UTC).</summary>
    private static bool SameInstant(DateTime? a, DateTime? b) =>
        a is null || b is null ? a is null && b is null : ToUtc(a.Value) == ToUtc(b.Value);

    private static DateTime ToUtc(DateTime t) => t.Kind switch
    {
        DateTimeKind.Local => t.ToUniversalTime(),
        _ => DateTime.SpecifyKind(t, DateTimeKind.Utc),
    };

    /// <summary>
    /// Go's <c>time.Time.String()</c> for a UTC time (metav1.Time decodes into the server's local zone, which is
    /// UTC for a server): <c>2024-05-01 12:34:56 +0000 UTC</c>, fractional seconds only when present.
    /// </summary>
    internal static string GoTime(DateTime t)
    {
        var utc = ToUtc(t);
        var fraction = utc.Ticks % TimeSpan.TicksPerSecond;
        var text = utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        if (fraction != 0)
        {
            text += "." + (fraction * 100).ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        }
        return text + " +0000 UTC";
    }
}
