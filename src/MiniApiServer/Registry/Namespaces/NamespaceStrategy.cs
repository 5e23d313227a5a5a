using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Machinery;
using MiniApiServer.Registry.Validation;

namespace MiniApiServer.Registry.Namespaces;

/// <summary>
/// core/v1 Namespace (pkg/registry/core/namespace/strategy.go, defaults from pkg/apis/core/v1/defaults.go).
/// Besides the main resource and <c>/status</c>, it serves the <c>/finalize</c> subresource
/// (<see cref="PrepareForFinalize"/>, <see cref="ValidateFinalize"/>), the only way to change spec.finalizers.
/// </summary>
internal sealed class NamespaceStrategy : ResourceStrategy<V1Namespace>, IFinalizeStrategy, IDeleteStrategy
{
    public const string PhaseActive = "Active";
    public const string PhaseTerminating = "Terminating";

    /// <summary>v1.LabelMetadataName: always equal to the namespace's name, whatever the client sends.</summary>
    public const string NameLabel = "kubernetes.io/metadata.name";

    private static readonly ResourceDescriptor NamespaceDescriptor = new()
    {
        Group = "",
        Version = "v1",
        Plural = "namespaces",
        Singular = "namespace",
        Kind = "Namespace",
        ModelType = typeof(V1Namespace),
        ListType = typeof(V1NamespaceList),
        Namespaced = false,
        ShortNames = ["ns"],
        AllowCreateOnUpdate = false,
        Verbs = ["create", "delete", "get", "list", "patch", "update", "watch"],
        Subresources = [SubresourceDescriptor.Finalize, SubresourceDescriptor.Status],
    };

    /// <summary>
    /// The v1 field label conversion (pkg/apis/core/v1/conversion.go AddFieldLabelConversionsForNamespace)
    /// accepts only these two. NamespaceToSelectableFields also carries a bare <c>name</c>, but the conversion
    /// rejects it before it is ever matched (<c>field label not supported: name</c>), so it is no alias here.
    /// </summary>
    private static readonly FieldLabels NamespaceFieldLabels = FieldLabels.Of(true, "metadata.name", "status.phase");

    /// <summary>Created at start-up and re-created if deleted (pkg/controlplane/controller/systemnamespaces).</summary>
    public static IReadOnlyList<string> BootstrapNamespaces { get; } = ["default", "kube-system", "kube-public", "kube-node-lease"];

    public override ResourceDescriptor Descriptor => NamespaceDescriptor;

    public override FieldLabels FieldLabels => NamespaceFieldLabels;

    /// <summary>
    /// DELETE of these is forbidden (<c>this namespace may not be deleted</c>): the immortal namespaces of
    /// plugin/pkg/admission/namespace/lifecycle/admission.go.
    /// </summary>
    public static bool IsImmortal(string name) => name is "default" or "kube-system" or "kube-public";

    /// <summary>
    /// SetDefaults_Namespace (the name label, only once the name is known) and SetDefaults_NamespaceStatus
    /// (empty phase → Active). Spec and status are value structs upstream, so they always exist.
    /// </summary>
    public override void Default(V1Namespace obj)
    {
        obj.Spec ??= new V1NamespaceSpec();
        obj.Status ??= new V1NamespaceStatus();
        if (string.IsNullOrEmpty(obj.Status.Phase))
        {
            obj.Status.Phase = PhaseActive;
        }
        SetNameLabel(obj);
    }

    /// <summary>
    /// Status starts Active with no conditions; spec.finalizers gets <c>kubernetes</c> appended if absent.
    /// The name label is set again here because a generated name may not have existed at defaulting time
    /// (upstream sets it in Canonicalize for that reason).
    /// </summary>
    public override void PrepareForCreate(V1Namespace obj)
    {
        obj.Status = new V1NamespaceStatus { Phase = PhaseActive };
        obj.Spec ??= new V1NamespaceSpec();
        var finalizers = obj.Spec.Finalizers ?? [];
        if (!finalizers.Contains(MetadataRules.FinalizerKubernetes))
        {
            obj.Spec.Finalizers = [.. finalizers, MetadataRules.FinalizerKubernetes];
        }
        SetNameLabel(obj);
    }

    /// <summary>A main-resource write keeps the stored spec.finalizers (only /finalize changes them) and status.</summary>
    public override void PrepareForUpdate(V1Namespace obj, V1Namespace old)
    {
        obj.Spec ??= new V1NamespaceSpec();
        obj.Spec.Finalizers = old.Spec?.Finalizers is { } finalizers ? [.. finalizers] : null;
        obj.Status = old.Status;
        SetNameLabel(obj);
    }

    /// <summary>A /status write keeps the stored spec.</summary>
    public override void PrepareForStatusUpdate(V1Namespace obj, V1Namespace old)
    {
        obj.Spec = old.Spec;
        SetNameLabel(obj);
    }

    /// <summary>
    /// A /finalize write changes spec.finalizers and nothing else: metadata and status come from the stored
    /// object (taken by reference: both objects are private to the request).
    /// </summary>
    public void PrepareForFinalize(V1Namespace obj, V1Namespace old)
    {
        var finalizers = obj.Spec?.Finalizers;
        obj.Metadata = old.Metadata;
        obj.Spec = new V1NamespaceSpec { Finalizers = finalizers is null ? null : [.. finalizers] };
        obj.Status = old.Status;
    }

    public IReadOnlyList<FieldError> ValidateFinalize(V1Namespace obj, V1Namespace old) =>
        NamespaceValidation.ValidateFinalizeUpdate(obj, old);

    public override IReadOnlyList<FieldError> Validate(V1Namespace obj, JsonObject? raw) =>
        NamespaceValidation.Validate(obj);

    public override IReadOnlyList<FieldError> ValidateUpdate(V1Namespace obj, V1Namespace old, JsonObject? raw) =>
        NamespaceValidation.ValidateUpdate(obj, old);

    public override IReadOnlyList<FieldError> ValidateStatusUpdate(V1Namespace obj, V1Namespace old) =>
        NamespaceValidation.ValidateStatusUpdate(obj, old);

    protected override void AddSelectableFields(V1Namespace obj, Dictionary<string, string> fields) =>
        fields["status.phase"] = obj.Status?.Phase ?? "";

    private static void SetNameLabel(V1Namespace obj)
    {
        if (obj.Metadata?.Name is not { Length: > 0 } name)
        {
            return;
        }
        obj.Metadata.Labels ??= new Dictionary<string, string>();
        obj.Metadata.Labels[NameLabel] = name;
    }

    void IFinalizeStrategy.PrepareForFinalize(object obj, object old) => PrepareForFinalize((V1Namespace)obj, (V1Namespace)old);

    IReadOnlyList<FieldError> IFinalizeStrategy.ValidateFinalize(object obj, object old) => ValidateFinalize((V1Namespace)obj, (V1Namespace)old);

    /// <summary>
    /// The namespace REST's Delete (pkg/registry/core/namespace/storage/storage.go): its own precondition checks, in its
    /// own words; immortal namespaces refused; a first DELETE marks the namespace Terminating (with a deletionTimestamp)
    /// and keeps it while spec.finalizers remain, for the namespace controller to empty and finalize it.
    /// </summary>
    public DeleteStep BeforeDelete(V1Namespace ns, string currentResourceVersion, DeleteOptions options, DateTime now)
    {
        var meta = ns.Metadata;
        var name = meta.Name;
        if (options.PreconditionUid is { } uid && uid != meta.Uid)
        {
            throw ApiException.Conflict(Descriptor.GroupResource, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {meta.Uid}");
        }
        if (options.PreconditionResourceVersion is { } wanted && wanted != currentResourceVersion)
        {
            throw ApiException.Conflict(Descriptor.GroupResource, name,
                $"Precondition failed: ResourceVersion in precondition: {wanted}, ResourceVersion in object meta: {currentResourceVersion}");
        }
        if (IsImmortal(name))
        {
            throw ApiException.Forbidden(Descriptor.GroupResource, name, "this namespace may not be deleted");
        }
        var finalizing = ns.Spec?.Finalizers is { Count: > 0 };
        if (meta.DeletionTimestamp is not null)
        {
            return finalizing ? DeleteStep.Keep : DeleteStep.Proceed;
        }
        meta.DeletionTimestamp = now;
        ns.Status ??= new V1NamespaceStatus();
        ns.Status.Phase = PhaseTerminating;
        return finalizing ? DeleteStep.UpdateAndKeep : DeleteStep.UpdateAndProceed;
    }

    DeleteStep IDeleteStrategy.BeforeDelete(object obj, string currentResourceVersion, DeleteOptions options, DateTime now) =>
        BeforeDelete((V1Namespace)obj, currentResourceVersion, options, now);
}
