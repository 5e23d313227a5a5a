using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Machinery;
using MiniApiServer.Registry.Validation;

namespace MiniApiServer.Registry.Services;

/// <summary>
/// core/v1 Services (pkg/registry/core/service/strategy.go, plus the parts of storage/storage.go and
/// storage/alloc.go that shape the object before validation). ClusterIP and NodePort allocation is not done
/// here: a Service without a clusterIP leaves this strategy without one.
/// </summary>
internal sealed class ServiceStrategy(ServiceNetwork network) : ResourceStrategy<V1Service>
{
    private static readonly ResourceDescriptor ServiceDescriptor = new()
    {
        Group = "",
        Version = "v1",
        Plural = "services",
        Singular = "service",
        Kind = "Service",
        ModelType = typeof(V1Service),
        ListType = typeof(V1ServiceList),
        Namespaced = true,
        ShortNames = ["svc"],
        Categories = ["all"],
        AllowCreateOnUpdate = true,
        StoragePrefix = "services/specs",
        Subresources = [SubresourceDescriptor.Status],
    };

    /// <summary>pkg/apis/core/v1/conversion.go AddFieldLabelConversionsForService.</summary>
    private static readonly FieldLabels ServiceFieldLabels =
        FieldLabels.Of(true, "metadata.name", "metadata.namespace", "spec.clusterIP", "spec.type");

    public override ResourceDescriptor Descriptor => ServiceDescriptor;

    public override FieldLabels FieldLabels => ServiceFieldLabels;

    public ServiceNetwork Network { get; } = network;

    public override void Default(V1Service obj) => ServiceDefaults.Apply(obj);

    public override void PrepareForCreate(V1Service obj)
    {
        obj.Status = new V1ServiceStatus { LoadBalancer = new V1LoadBalancerStatus() };
        var spec = obj.Spec ??= new V1ServiceSpec();
        ServiceNormalization.NormalizeClusterIPs(spec, null);
        IpFamilyInit.Run(spec, null, Network, apply: true);
    }

    /// <summary>
    /// Upstream's order: the update hook (patchAllocatedValues, normalizeClusterIPs, IP families), then the
    /// strategy (stored status, dropTypeDependentFields).
    /// </summary>
    public override void PrepareForUpdate(V1Service obj, V1Service old)
    {
        var spec = obj.Spec ??= new V1ServiceSpec();
        var oldSpec = old.Spec ?? new V1ServiceSpec();
        ServiceNormalization.PatchAllocatedValues(spec, oldSpec);
        ServiceNormalization.NormalizeClusterIPs(spec, oldSpec);
        IpFamilyInit.Run(spec, oldSpec, Network, apply: true);
        obj.Status = new V1ServiceStatus
        {
            Conditions = old.Status?.Conditions,
            LoadBalancer = old.Status?.LoadBalancer ?? new V1LoadBalancerStatus(),
        };
        ServiceNormalization.DropTypeDependentFields(obj, oldSpec);
    }

    /// <summary>serviceStatusStrategy: the spec cannot change through /status (metadata can, as upstream).</summary>
    public override void PrepareForStatusUpdate(V1Service obj, V1Service old) => obj.Spec = old.Spec;

    /// <summary>Errors of IP family initialisation end the request on their own, as upstream's create hook does.</summary>
    public override IReadOnlyList<FieldError> Validate(V1Service obj, JsonObject? raw)
    {
        var familyErrors = IpFamilyInit.Run(obj.Spec ?? new V1ServiceSpec(), null, Network, apply: false);
        return familyErrors.Count > 0 ? familyErrors : ServiceValidation.ValidateService(obj, raw);
    }

    public override IReadOnlyList<FieldError> ValidateUpdate(V1Service obj, V1Service old, JsonObject? raw)
    {
        var familyErrors = IpFamilyInit.Run(obj.Spec ?? new V1ServiceSpec(), old.Spec ?? new V1ServiceSpec(), Network, apply: false);
        return familyErrors.Count > 0 ? familyErrors : ServiceValidation.ValidateServiceUpdate(obj, old, raw);
    }

    public override IReadOnlyList<FieldError> ValidateStatusUpdate(V1Service obj, V1Service old)
    {
        var errors = new List<FieldError>(ObjectMetaValidation.ValidateObjectMetaUpdate(
            obj.Metadata ?? new V1ObjectMeta(), old.Metadata ?? new V1ObjectMeta()));
        errors.AddRange(LoadBalancerStatusValidation.Validate(obj.Status?.LoadBalancer, obj.Spec ?? new V1ServiceSpec()));
        return errors;
    }

    protected override void AddSelectableFields(V1Service obj, Dictionary<string, string> fields)
    {
        fields["spec.clusterIP"] = obj.Spec?.ClusterIP ?? "";
        fields["spec.type"] = obj.Spec?.Type ?? "";
    }
}
