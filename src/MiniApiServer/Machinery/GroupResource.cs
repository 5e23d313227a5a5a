namespace MiniApiServer.Machinery;

/// <summary>
/// A resource and its API group (apimachinery's schema.GroupResource): <c>services</c> in the core group "",
/// <c>leases</c> in <c>coordination.k8s.io</c>. Storage keys objects by it, and errors name it as upstream does:
/// <c>services</c>, <c>leases.coordination.k8s.io</c>.
/// </summary>
internal readonly record struct GroupResource(string Group, string Resource)
{
    public static GroupResource Core(string resource) => new("", resource);

    /// <summary>The inverse of <see cref="ToString"/>: resource names have no dots, so the first dot starts the group.</summary>
    public static GroupResource Parse(string text)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? new GroupResource("", text) : new GroupResource(text[(dot + 1)..], text[..dot]);
    }

    public override string ToString() => Group.Length == 0 ? Resource : Resource + "." + Group;
}
