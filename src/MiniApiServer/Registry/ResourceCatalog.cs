using MiniApiServer.Machinery;

namespace MiniApiServer.Registry;

/// <summary>Every served resource's strategy, by plural name, in discovery order (alphabetical, as upstream).</summary>
internal sealed class ResourceCatalog
{
    private readonly Dictionary<string, IResourceStrategy> _byPlural;

    public ResourceCatalog(IEnumerable<IResourceStrategy> strategies)
    {
        All = [.. strategies.OrderBy(s => s.Descriptor.Plural, StringComparer.Ordinal)];
        _byPlural = All.ToDictionary(s => s.Descriptor.Plural, StringComparer.Ordinal);
    }

    public IReadOnlyList<IResourceStrategy> All { get; }

    public IResourceStrategy Get(string plural) => _byPlural[plural];

    public IResourceStrategy? Find(string plural) => _byPlural.GetValueOrDefault(plural);

    public ObjectAttributes Attributes(string plural, byte[] json)
    {
        var strategy = Get(plural);
        return strategy.GetAttributes(ObjectCodec.Decode(json, strategy.Descriptor.ModelType));
    }
}
