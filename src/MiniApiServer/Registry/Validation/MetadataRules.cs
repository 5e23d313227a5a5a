using System.Globalization;
using System.Text;
using k8s.Models;
using MiniApiServer.Machinery;

namespace MiniApiServer.Registry.Validation;

/// <summary>
/// Checks of the ObjectMeta maps and lists, from apimachinery <c>pkg/api/validation/objectmeta.go</c>,
/// <c>pkg/apis/meta/v1/validation/validation.go</c> and core's finalizer rule. Map entries are checked in the
/// dictionary's order (Go's map order is random, so upstream's order among several bad entries is not fixed).
/// </summary>
internal static class MetadataRules
{
    public const int TotalAnnotationSizeLimitBytes = 256 * 1024;
    public const int FieldManagerMaxLength = 128;
    public const int MaxSubresourceNameLength = 256;
    public const string FinalizerOrphanDependents = "orphan";
    public const string FinalizerDeleteDependents = "foregroundDeletion";
    public const string FinalizerKubernetes = "kubernetes";

    /// <summary><c>ValidateLabels</c>: the path is the map's (not keyed); the bad value is the key or the value.</summary>
    public static IReadOnlyList<FieldError> ValidateLabels(IDictionary<string, string>? labels, string path)
    {
        var errs = new List<FieldError>();
        foreach (var (key, value) in labels ?? new Dictionary<string, string>())
        {
            errs.AddRange(ValidateLabelName(key, path));
            errs.AddRange(NameRules.LabelValue(value ?? "").Select(msg => FieldError.Invalid(path, value ?? "", msg)));
        }
        return errs;
    }

    /// <summary><c>ValidateLabelName</c>: a label key (also selector keys).</summary>
    public static IReadOnlyList<FieldError> ValidateLabelName(string key, string path) =>
        NameRules.QualifiedName(key).Select(msg => FieldError.Invalid(path, key, msg)).ToList();

    /// <summary>
    /// <c>ValidateAnnotations</c>: keys follow the label-key rule case-insensitively, values are free, and all keys
    /// and values together may take at most 256 KiB (counted in UTF-8 bytes).
    /// </summary>
    public static IReadOnlyList<FieldError> ValidateAnnotations(IDictionary<string, string>? annotations, string path)
    {
        var errs = new List<FieldError>();
        if (annotations is null)
        {
            return errs;
        }
        long totalSize = 0;
        foreach (var (key, value) in annotations)
        {
            errs.AddRange(NameRules.QualifiedName(key.ToLowerInvariant()).Select(msg => FieldError.Invalid(path, key, msg)));
            totalSize += NameRules.ByteLength(key) + NameRules.ByteLength(value ?? "");
        }
        if (totalSize > TotalAnnotationSizeLimitBytes)
        {
            errs.Add(TooLong(path, TotalAnnotationSizeLimitBytes));
        }
        return errs;
    }

    /// <summary>
    /// apimachinery <c>ValidateFinalizers</c>: each name is a qualified name (path not indexed), and
    /// <c>orphan</c> and <c>foregroundDeletion</c> exclude each other.
    /// </summary>
    public static IReadOnlyList<FieldError> ValidateFinalizers(IList<string>? finalizers, string path)
    {
        var errs = new List<FieldError>();
        if (finalizers is null)
        {
            return errs;
        }
        foreach (var finalizer in finalizers)
        {
            errs.AddRange(ValidateFinalizerName(finalizer, path));
        }
        if (finalizers.Contains(FinalizerOrphanDependents) && finalizers.Contains(FinalizerDeleteDependents))
        {
            errs.Add(FieldError.Invalid(path, finalizers.ToList(),
                $"finalizer {FinalizerOrphanDependents} and {FinalizerDeleteDependents} cannot be both set"));
        }
        return errs;
    }

    /// <summary>apimachinery <c>ValidateFinalizerName</c>.</summary>
    public static IReadOnlyList<FieldError> ValidateFinalizerName(string finalizer, string path) =>
        NameRules.QualifiedName(finalizer).Select(msg => FieldError.Invalid(path, finalizer, msg)).ToList();

    /// <summary>
    /// Core's <c>validateKubeFinalizerName</c>, run by core's ObjectMeta wrappers on every finalizer (path indexed):
    /// a name without '/' must be one of the standard ones.
    /// </summary>
    public static IReadOnlyList<FieldError> ValidateKubeFinalizerNames(IList<string>? finalizers, string path)
    {
        var errs = new List<FieldError>();
        for (var i = 0; i < (finalizers?.Count ?? 0); i++)
        {
            var name = finalizers![i];
            if (!name.Contains('/') && name is not (FinalizerKubernetes or FinalizerOrphanDependents or FinalizerDeleteDependents))
            {
                errs.Add(FieldError.Invalid($"{path}[{i}]", name, "name is neither a standard finalizer name nor is it fully qualified"));
            }
        }
        return errs;
    }

    /// <summary><c>ValidateNoNewFinalizers</c>: the added names are listed sorted, as Go's <c>sets.String.List()</c>.</summary>
    public static IReadOnlyList<FieldError> ValidateNoNewFinalizers(IList<string>? newFinalizers, IList<string>? oldFinalizers, string path)
    {
        var extra = (newFinalizers ?? []).Except(oldFinalizers ?? [], StringComparer.Ordinal)
            .Order(StringComparer.Ordinal).ToList();
        return extra.Count == 0
            ? []
            : [FieldError.Forbidden(path, $"no new finalizers can be added if the object is being deleted, found new finalizers {GoValue.Format(extra)}")];
    }

    /// <summary>
    /// <c>ValidateOwnerReferences</c>. Upstream reports each reference's problems on the list's path itself
    /// (<c>metadata.ownerReferences.uid</c>, not indexed), and allows one controller reference.
    /// </summary>
    public static IReadOnlyList<FieldError> ValidateOwnerReferences(IList<V1OwnerReference>? ownerReferences, string path)
    {
        var errs = new List<FieldError>();
        if (ownerReferences is null)
        {
            return errs;
        }
        string? firstController = null;
        foreach (var reference in ownerReferences)
        {
            errs.AddRange(ValidateOwnerReference(reference, path));
            if (reference.Controller == true)
            {
                var current = reference.Kind + "/" + reference.Name;
                if (firstController is null)
                {
                    firstController = current;
                }
                else
                {
                    var all = "[]v1.OwnerReference{" + string.Join(", ", ownerReferences.Select(GoOwnerReference)) + "}";
                    errs.Add(FieldError.Invalid(path, new GoLiteral(all),
                        $"Only one reference can have Controller set to true. Found \"true\" in references for {firstController} and {current}"));
                }
            }
        }
        return errs;
    }

    private static IEnumerable<FieldError> ValidateOwnerReference(V1OwnerReference reference, string path)
    {
        var (group, version) = ParseGroupVersion(reference.ApiVersion ?? "");
        var kind = reference.Kind ?? "";
        if (version.Length == 0)
        {
            yield return FieldError.Invalid(path + ".apiVersion", reference.ApiVersion ?? "", "version must not be empty");
        }
        if (kind.Length == 0)
        {
            yield return FieldError.Invalid(path + ".kind", kind, "must not be empty");
        }
        if (string.IsNullOrEmpty(reference.Name))
        {
            yield return FieldError.Invalid(path + ".name", "", "must not be empty");
        }
        if (string.IsNullOrEmpty(reference.Uid))
        {
            yield return FieldError.Invalid(path + ".uid", "", "must not be empty");
        }
        // BannedOwners: core/v1 Events may not own anything. The GVK prints as Go's GroupVersionKind.String().
        if (group.Length == 0 && version == "v1" && kind == "Event")
        {
            yield return FieldError.Invalid(path, new GoLiteral(GoOwnerReference(reference)), "/v1, Kind=Event is disallowed from being an owner");
        }
    }

    /// <summary>
    /// <c>schema.FromAPIVersionAndKind</c>'s group/version: "" or "/" is empty, "v1" is the core group,
    /// "g/v" splits, and more slashes are unparsable (so no version).
    /// </summary>
    private static (string Group, string Version) ParseGroupVersion(string apiVersion)
    {
        if (apiVersion is "" or "/")
        {
            return ("", "");
        }
        var parts = apiVersion.Split('/');
        return parts.Length switch
        {
            1 => ("", apiVersion),
            2 => (parts[0], parts[1]),
            _ => ("", ""),
        };
    }

    /// <summary>
    /// Go's <c>%#v</c> of a metav1.OwnerReference. A set pointer prints as its address upstream; we print a
    /// fixed stand-in, since no client can rely on an address.
    /// </summary>
    private static string GoOwnerReference(V1OwnerReference r) =>
        $"v1.OwnerReference{{APIVersion:{GoValue.Quote(r.ApiVersion ?? "")}, Kind:{GoValue.Quote(r.Kind ?? "")}, " +
        $"Name:{GoValue.Quote(r.Name ?? "")}, UID:{GoValue.Quote(r.Uid ?? "")}, " +
        $"Controller:{GoBoolPointer(r.Controller)}, BlockOwnerDeletion:{GoBoolPointer(r.BlockOwnerDeletion)}}}";

    private static string GoBoolPointer(bool? value) => value is null ? "(*bool)(nil)" : "(*bool)(0xc000000000)";

    /// <summary><c>ValidateManagedFields</c> (meta/v1 validation).</summary>
    public static IReadOnlyList<FieldError> ValidateManagedFields(IList<V1ManagedFieldsEntry>? entries, string path)
    {
        var errs = new List<FieldError>();
        for (var i = 0; i < (entries?.Count ?? 0); i++)
        {
            var entry = entries![i];
            var entryPath = $"{path}[{i}]";
            if (entry.Operation is not ("Apply" or "Update"))
            {
                errs.Add(FieldError.Invalid(entryPath + ".operation", entry.Operation ?? "", "must be `Apply` or `Update`"));
            }
            if (!string.IsNullOrEmpty(entry.FieldsType) && entry.FieldsType != "FieldsV1")
            {
                errs.Add(FieldError.Invalid(entryPath + ".fieldsType", entry.FieldsType, "must be `FieldsV1`"));
            }
            errs.AddRange(ValidateFieldManager(entry.Manager ?? "", entryPath + ".manager"));
            if (NameRules.ByteLength(entry.Subresource ?? "") > MaxSubresourceNameLength)
            {
                errs.Add(TooLong(entryPath + ".subresource", MaxSubresourceNameLength));
            }
        }
        return errs;
    }

    /// <summary><c>ValidateFieldManager</c>: at most 128 bytes, printable characters only (positions in bytes).</summary>
    public static IReadOnlyList<FieldError> ValidateFieldManager(string fieldManager, string path)
    {
        var errs = new List<FieldError>();
        if (NameRules.ByteLength(fieldManager) > FieldManagerMaxLength)
        {
            errs.Add(TooLong(path, FieldManagerMaxLength));
        }
        var position = 0;
        foreach (var rune in fieldManager.EnumerateRunes())
        {
            if (!IsGoPrintable(rune))
            {
                errs.Add(FieldError.Invalid(path, fieldManager,
                    string.Create(CultureInfo.InvariantCulture, $"invalid character U+{rune.Value:X4} (at position {position})")));
            }
            position += rune.Utf8SequenceLength;
        }
        return errs;
    }

    /// <summary>
    /// Go's <c>field.TooLong</c>: <c>must have at most N bytes</c>, the wording k8s-semantics.md §2.3 gives
    /// (newer apimachinery rewords it as <c>may not be more than N bytes</c>).
    /// </summary>
    public static FieldError TooLong(string path, int maxLength) =>
        FieldError.TooLong(path, $"must have at most {maxLength} bytes");

    /// <summary>Go's <c>unicode.IsPrint</c>: letters, marks, numbers, punctuation, symbols and the ASCII space.</summary>
    private static bool IsGoPrintable(Rune rune) =>
        rune.Value == ' ' || Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
                or UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
                or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
                or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation
                or UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol or UnicodeCategory.ModifierSymbol
                or UnicodeCategory.OtherSymbol => true,
            _ => false,
        };
}
