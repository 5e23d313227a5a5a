using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Machinery;
using MiniApiServer.Registry.Validation;

namespace MiniApiServer.Registry.Leases;

/// <summary>
/// coordination.k8s.io/v1 Lease (pkg/registry/coordination/lease/strategy.go): namespaced, created by PUT too, and
/// never updated unconditionally (a PUT must carry the resourceVersion it read: leader election depends on it).
/// Validation is pkg/apis/coordination/validation ValidateLease / ValidateLeaseUpdate.
/// </summary>
internal sealed class LeaseStrategy : ResourceStrategy<V1Lease>
{
    private static readonly ResourceDescriptor LeaseDescriptor = new()
    {
        Group = "coordination.k8s.io",
        Version = "v1",
        Plural = "leases",
        Singular = "lease",
        Kind = "Lease",
        ModelType = typeof(V1Lease),
        ListType = typeof(V1LeaseList),
        Namespaced = true,
        AllowCreateOnUpdate = true,
        AllowUnconditionalUpdate = false,
    };

    /// <summary>The strategies a Lease may name without a domain prefix (validLeaseStrategies).</summary>
    private static readonly string[] KnownStrategies = ["OldestEmulationVersion"];

    public override ResourceDescriptor Descriptor => LeaseDescriptor;

    public override IReadOnlyList<FieldError> Validate(V1Lease obj, JsonObject? raw)
    {
        var errors = new List<FieldError>(ObjectMetaValidation.ValidateObjectMeta(obj.Metadata ?? new V1ObjectMeta(), true, NameValidators.Dns1123Subdomain));
        errors.AddRange(ValidateSpec(obj.Spec));
        return errors;
    }

    public override IReadOnlyList<FieldError> ValidateUpdate(V1Lease obj, V1Lease old, JsonObject? raw)
    {
        var errors = new List<FieldError>(ObjectMetaValidation.ValidateObjectMetaUpdate(obj.Metadata ?? new V1ObjectMeta(), old.Metadata ?? new V1ObjectMeta()));
        errors.AddRange(ValidateSpec(obj.Spec));
        return errors;
    }

    /// <summary>ValidateLeaseSpec. Times are MicroTimes and need no validation.</summary>
    public static IReadOnlyList<FieldError> ValidateSpec(V1LeaseSpec? spec)
    {
        var errors = new List<FieldError>();
        if (spec is null)
        {
            return errors;
        }
        if (spec.LeaseDurationSeconds is { } duration && duration <= 0)
        {
            errors.Add(FieldError.Invalid("spec.leaseDurationSeconds", duration, "must be greater than 0"));
        }
        if (spec.LeaseTransitions is { } transitions && transitions < 0)
        {
            errors.Add(FieldError.Invalid("spec.leaseTransitions", transitions, "must be greater than or equal to 0"));
        }
        if (spec.Strategy is { } strategy)
        {
            // Upstream passes spec.strategy and then names the child "strategy" again: the path really is spec.strategy.strategy.
            errors.AddRange(ValidateCoordinatedLeaseStrategy(strategy, "spec.strategy.strategy"));
        }
        if (!string.IsNullOrEmpty(spec.PreferredHolder) && string.IsNullOrEmpty(spec.Strategy))
        {
            errors.Add(FieldError.Forbidden("spec.preferredHolder", "may only be specified if `strategy` is defined"));
        }
        return errors;
    }

    /// <summary>ValidateCoordinatedLeaseStrategy: a Kubernetes-defined name, or a domain-prefixed (qualified) one.</summary>
    private static IEnumerable<FieldError> ValidateCoordinatedLeaseStrategy(string strategy, string field)
    {
        if (!strategy.Contains('/', StringComparison.Ordinal))
        {
            return KnownStrategies.Contains(strategy) ? [] : [FieldError.NotSupported(field, strategy, KnownStrategies)];
        }
        return NameRules.QualifiedName(strategy).Select(message => FieldError.Invalid(field, strategy, message));
    }
}
