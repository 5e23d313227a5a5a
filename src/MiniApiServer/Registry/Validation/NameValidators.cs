using MiniApiServer.Machinery;

namespace MiniApiServer.Registry.Validation;

/// <summary>
/// Name rules in the shape of apimachinery's <c>ValidateNameFunc</c> (<c>(name, prefix) → messages</c>), as the
/// strategies pass them to <see cref="ObjectMetaValidation.ValidateObjectMeta"/>. <c>prefix</c> is true for
/// <c>generateName</c>, where a trailing '-' is allowed (<c>pkg/api/validation/generic.go</c>).
/// </summary>
/// <remarks>
/// After a kind's own validation passes, kube-apiserver's <c>rest.BeforeCreate</c> validates the metadata once
/// more with the path-segment rule as the name function; so the path-segment messages only ever appear when
/// the kind's rule accepted the name. Each validator here does the same in one step.
/// </remarks>
internal static class NameValidators
{
    /// <summary>Services (<c>ValidateServiceName</c>).</summary>
    public static IReadOnlyList<string> Dns1035Label(string name, bool prefix) =>
        ThenPathSegment(NameRules.Dns1035Label(Mask(name, prefix)), name, prefix);

    /// <summary>Namespaces (<c>ValidateNamespaceName</c>).</summary>
    public static IReadOnlyList<string> Dns1123Label(string name, bool prefix) =>
        ThenPathSegment(NameRules.Dns1123Label(Mask(name, prefix)), name, prefix);

    /// <summary>Pods, Endpoints and most other kinds (<c>ValidatePodName</c>, <c>ValidateEndpointsName</c>).</summary>
    public static IReadOnlyList<string> Dns1123Subdomain(string name, bool prefix) =>
        ThenPathSegment(NameRules.Dns1123Subdomain(Mask(name, prefix)), name, prefix);

    private static IReadOnlyList<string> ThenPathSegment(IReadOnlyList<string> errs, string name, bool prefix) =>
        errs.Count > 0 ? errs : NameRules.PathSegmentName(name, prefix);

    private static string Mask(string name, bool prefix) => prefix ? MaskTrailingDash(name) : name;

    /// <summary>
    /// Upstream <c>maskTrailingDash</c>, quirk included: it returns <c>name[:len(name)-2] + "a"</c>, dropping the
    /// character before the dash too, so a prefix is measured one shorter than it is. A lone "-" (where Go
    /// would panic on the slice) is left as is and so rejected by the rule.
    /// </summary>
    internal static string MaskTrailingDash(string name) =>
        name.Length > 1 && name[^1] == '-' ? name[..^2] + "a" : name;
}
