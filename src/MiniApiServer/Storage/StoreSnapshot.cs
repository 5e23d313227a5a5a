using System.Collections.Immutable;
using MiniApiServer.Machinery;

namespace MiniApiServer.Storage;

/// <summary>
/// The whole store as of one revision: immutable, so a LIST and every page of it read one consistent state
/// while writers go on (what etcd's MVCC gives kube-apiserver).
/// </summary>
internal sealed class StoreSnapshot
{
    private static readonly IComparer<StoredObject> ByKey = Comparer<StoredObject>.Create((a, b) => string.CompareOrdinal(a.Key, b.Key));
    private static readonly ImmutableSortedSet<StoredObject> Empty = ImmutableSortedSet.Create(ByKey);

    private readonly ImmutableDictionary<GroupResource, ImmutableSortedSet<StoredObject>> _resources;

    private StoreSnapshot(long revision, ImmutableDictionary<GroupResource, ImmutableSortedSet<StoredObject>> resources)
    {
        Revision = revision;
        _resources = resources;
    }

    public static StoreSnapshot Initial { get; } = new(0, ImmutableDictionary.Create<GroupResource, ImmutableSortedSet<StoredObject>>());

    public long Revision { get; }

    public StoredObject? Get(GroupResource resource, string ns, string name)
    {
        if (!_resources.TryGetValue(resource, out var set))
        {
            return null;
        }
        return set.TryGetValue(Probe(resource, ObjectKey.Of(ns, name)), out var found) ? found : null;
    }

    public int Count(GroupResource resource) => _resources.TryGetValue(resource, out var set) ? set.Count : 0;

    /// <summary>
    /// Objects of a resource in key order, optionally only one namespace's, starting strictly after
    /// <paramref name="afterKey"/> (a continue token's position).
    /// </summary>
    public IEnumerable<StoredObject> List(GroupResource resource, string? ns = null, string? afterKey = null)
    {
        if (!_resources.TryGetValue(resource, out var set) || set.Count == 0)
        {
            yield break;
        }
        var prefix = string.IsNullOrEmpty(ns) ? null : ObjectKey.NamespacePrefix(ns);
        var start = prefix ?? "";
        if (afterKey is not null && string.CompareOrdinal(afterKey, start) >= 0)
        {
            start = afterKey + "\0";
        }
        var index = set.IndexOf(Probe(resource, start));
        if (index < 0)
        {
            index = ~index;
        }
        for (; index < set.Count; index++)
        {
            var item = set[index];
            if (prefix is not null && !item.Key.StartsWith(prefix, StringComparison.Ordinal))
            {
                yield break;
            }
            yield return item;
        }
    }

    /// <summary>A snapshot holding <paramref name="objects"/>, built in bulk (start-up).</summary>
    internal static StoreSnapshot Build(long revision, IEnumerable<StoredObject> objects)
    {
        var builders = new Dictionary<GroupResource, ImmutableSortedSet<StoredObject>.Builder>();
        foreach (var o in objects)
        {
            if (!builders.TryGetValue(o.Resource, out var builder))
            {
                builders[o.Resource] = builder = ImmutableSortedSet.CreateBuilder(ByKey);
            }
            builder.Add(o);
        }
        var resources = builders.ToImmutableDictionary(p => p.Key, p => p.Value.ToImmutable());
        return new StoreSnapshot(revision, resources);
    }

    /// <summary>
    /// How many objects <see cref="List"/> would yield after <paramref name="afterKey"/>: index arithmetic on the
    /// sorted set, O(log n), so a page's <c>remainingItemCount</c> costs nothing however long the rest is.
    /// </summary>
    public int CountAfter(GroupResource resource, string? ns, string afterKey)
    {
        if (!_resources.TryGetValue(resource, out var set) || set.Count == 0)
        {
            return 0;
        }
        var start = Position(set, resource, afterKey + "\0");
        var end = string.IsNullOrEmpty(ns) ? set.Count : Position(set, resource, ns + "0");
        return Math.Max(0, end - start);
    }

    /// <summary>The index of the first object whose key is not below <paramref name="key"/>.</summary>
    private static int Position(ImmutableSortedSet<StoredObject> set, GroupResource resource, string key)
    {
        var index = set.IndexOf(Probe(resource, key));
        return index < 0 ? ~index : index;
    }

    internal StoreSnapshot With(long revision, GroupResource resource, StoredObject? put, StoredObject? remove)
    {
        var set = _resources.TryGetValue(resource, out var existing) ? existing : Empty;
        if (remove is not null)
        {
            set = set.Remove(remove);
        }
        if (put is not null)
        {
            set = set.Remove(put).Add(put);
        }
        return new StoreSnapshot(revision, _resources.SetItem(resource, set));
    }

    internal StoreSnapshot AtRevision(long revision) => new(revision, _resources);

    private static StoredObject Probe(GroupResource resource, string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash < 0
            ? new StoredObject(resource, "", key, 0, [], ObjectAttributesProbe)
            : new StoredObject(resource, key[..slash], key[(slash + 1)..], 0, [], ObjectAttributesProbe);
    }

    private static readonly ObjectAttributes ObjectAttributesProbe = new(ObjectAttributes.NoLabels, ObjectAttributes.NoLabels);
}
