using MiniApiServer.Machinery;

namespace MiniApiServer.Registry;

/// <summary>Every served kind, by group and resource, in discovery order (by group, then resource, alphabetically).</summary>
internal sealed class ResourceCatalog
{
    private readonly Dictionary<GroupResource, KindRegistration> _byResource;

    public ResourceCatalog(IEnumerable<KindRegistration> kinds)
    {
        All = [.. kinds.OrderBy(k => k.Descriptor.Group, StringComparer.Ordinal).ThenBy(k => k.Descriptor.Plural, StringComparer.Ordinal)];
        foreach (var kind in All)
        {
            kind.Check();
        }
        _byResource = All.ToDictionary(k => k.Descriptor.GroupResource);
    }

    public IReadOnlyList<KindRegistration> All { get; }

    public KindRegistration Get(GroupResource resource) => _byResource[resource];

    /// <summary>The labels and fields of a stored object (start-up and watch catch-up derive them from the bytes).</summary>
    public ObjectAttributes Attributes(GroupResource resource, byte[] json)
    {
        var strategy = Get(resource).Strategy;
        return strategy.GetAttributes(ObjectCodec.Decode(json, strategy.Descriptor.ModelType));
    }
}
