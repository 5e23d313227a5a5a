using k8s.Models;
using MiniApiServer.Machinery;
using MiniApiServer.Registry.Validation;

namespace MiniApiServer.Registry.Nodes;

/// <summary>
/// ValidateNode and ValidateNodeUpdate (pkg/apis/core/validation/validation.go). Status fields are optional but checked
/// when present. The deprecated <c>spec.configSource</c> and <c>status.config</c> are dropped by the strategy before
/// validation (nothing can have stored them), so their rules never apply here.
/// </summary>
internal static class NodeValidation
{
    private const string PodCidrsPath = "spec.podCIDRs";

    /// <summary>
    /// ValidateNode: metadata (names are DNS subdomains), the taints annotation, taints, resource quantities and pod
    /// CIDRs. Upstream validates <c>spec.taints</c> under the path <c>metadata.taints</c>; its messages say so too.
    /// </summary>
    public static IReadOnlyList<FieldError> ValidateNode(V1Node node)
    {
        var meta = node.Metadata ?? new V1ObjectMeta();
        var spec = node.Spec ?? new V1NodeSpec();
        var errs = new List<FieldError>(ObjectMetaValidation.ValidateObjectMeta(meta, false, NameValidators.Dns1123Subdomain));
        errs.AddRange(TaintValidation.ValidateTaintsAnnotation(meta.Annotations, "metadata.annotations"));
        if (spec.Taints is { Count: > 0 } taints)
        {
            errs.AddRange(TaintValidation.ValidateTaints(taints, "metadata.taints"));
        }
        errs.AddRange(ValidateResources(node.Status));
        if (spec.PodCIDRs is { Count: > 0 } cidrs)
        {
            errs.AddRange(ValidatePodCidrs(cidrs));
        }
        return errs;
    }

    /// <summary>
    /// ValidateNodeUpdate: what may not change (podCIDRs and providerID once set, externalID), duplicate addresses, and
    /// the create-time checks of annotations, taints and quantities again. Runs alone for a write of <c>/status</c>.
    /// </summary>
    public static IReadOnlyList<FieldError> ValidateNodeUpdate(V1Node node, V1Node old)
    {
        var meta = node.Metadata ?? new V1ObjectMeta();
        var spec = node.Spec ?? new V1NodeSpec();
        var oldSpec = old.Spec ?? new V1NodeSpec();
        var errs = new List<FieldError>(ObjectMetaValidation.ValidateObjectMetaUpdate(meta, old.Metadata ?? new V1ObjectMeta()));
        errs.AddRange(TaintValidation.ValidateTaintsAnnotation(meta.Annotations, "metadata.annotations"));
        errs.AddRange(ValidateResources(node.Status));

        var addresses = new HashSet<(string, string)>();
        var nodeAddresses = node.Status?.Addresses ?? [];
        for (var i = 0; i < nodeAddresses.Count; i++)
        {
            var type = nodeAddresses[i]?.Type ?? "";
            var address = nodeAddresses[i]?.Address ?? "";
            if (!addresses.Add((type, address)))
            {
                errs.Add(FieldError.Duplicate($"status.addresses[{i}]",
                    new GoLiteral($"core.NodeAddress{{Type:{GoValue.Quote(type)}, Address:{GoValue.Quote(address)}}}")));
            }
        }

        // The node IPAM controller may assign pod CIDRs to a node that has none; after that they are fixed.
        if (oldSpec.PodCIDRs is { Count: > 0 } oldCidrs)
        {
            const string fixedCidrs = "node updates may not change podCIDR except from \"\" to valid";
            var cidrs = spec.PodCIDRs ?? [];
            if (oldCidrs.Count != cidrs.Count)
            {
                errs.Add(FieldError.Forbidden(PodCidrsPath, fixedCidrs));
            }
            else
            {
                errs.AddRange(oldCidrs.Where((value, i) => value != cidrs[i]).Select(_ => FieldError.Forbidden(PodCidrsPath, fixedCidrs)));
            }
        }
        if (!string.IsNullOrEmpty(oldSpec.ProviderID) && oldSpec.ProviderID != spec.ProviderID)
        {
            errs.Add(FieldError.Forbidden("spec.providerID", "node updates may not change providerID except from \"\" to valid"));
        }
        if (spec.Taints is { Count: > 0 } taints)
        {
            errs.AddRange(TaintValidation.ValidateTaints(taints, "metadata.taints"));
        }
        if ((spec.ExternalID ?? "") != (oldSpec.ExternalID ?? ""))
        {
            errs.Add(FieldError.Forbidden("spec.externalID", "may not be updated"));
        }
        return errs;
    }

    /// <summary>
    /// ValidateNodeResources: capacity and allocatable quantities are not negative (ValidateNonnegativeQuantity). The
    /// whole-number rule for integer resources (pods, extended resources) is not checked: upstream prints the bad
    /// value there with Go's <c>%#v</c> of resource.Quantity's internal representation.
    /// </summary>
    private static IEnumerable<FieldError> ValidateResources(V1NodeStatus? status)
    {
        foreach (var (list, name) in new[] { (status?.Capacity, "capacity"), (status?.Allocatable, "allocatable") })
        {
            foreach (var (resource, quantity) in list ?? new Dictionary<string, ResourceQuantity>())
            {
                if (quantity is not null && quantity.ToDecimal() < 0)
                {
                    yield return FieldError.Invalid($"status.{name}.{resource}", NegativeQuantity(quantity), "must be greater than or equal to 0");
                }
            }
        }
    }

    /// <summary>
    /// Go's Quantity.String() of a negative value: the sign, then the magnitude in canonical form. The client library
    /// formats negative quantities wrongly (<c>-1</c> becomes <c>-0.000000000000000001E</c>), so the magnitude is
    /// formatted on its own.
    /// </summary>
    private static string NegativeQuantity(ResourceQuantity quantity) =>
        "-" + new ResourceQuantity(-quantity.ToDecimal(), 0, quantity.Format);

    /// <summary>Each pod CIDR is a CIDR; two at most, one per family, no duplicates.</summary>
    private static IEnumerable<FieldError> ValidatePodCidrs(IList<string> cidrs)
    {
        for (var i = 0; i < cidrs.Count; i++)
        {
            foreach (var error in CidrRules.Validate(cidrs[i] ?? "", $"{PodCidrsPath}[{i}]"))
            {
                yield return error;
            }
        }
        if (cidrs.Count < 2)
        {
            yield break;
        }
        // netutils.IsDualStackCIDRStrings: an unparsable CIDR is an internal error there, and never dual-stack.
        var families = cidrs.Select(c => CidrRules.FamilyOf(c ?? "")).ToList();
        var invalid = families.IndexOf(null);
        if (invalid >= 0)
        {
            yield return FieldError.Internal(PodCidrsPath,
                $"invalid PodCIDRs. failed to check with dual stack with error:invalid CIDR[{invalid}]: <nil> (invalid CIDR address: {cidrs[invalid]})");
        }
        var dualStack = invalid < 0 && families.Contains(CidrRules.IPv4) && families.Contains(CidrRules.IPv6);
        if (!dualStack || cidrs.Count > 2)
        {
            yield return FieldError.Invalid(PodCidrsPath, cidrs.Select(c => c ?? "").ToArray(), "may specify no more than one CIDR for each IP family");
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < cidrs.Count; i++)
        {
            if (!seen.Add(cidrs[i] ?? ""))
            {
                yield return FieldError.Duplicate($"{PodCidrsPath}[{i}]", cidrs[i] ?? "");
            }
        }
    }
}
