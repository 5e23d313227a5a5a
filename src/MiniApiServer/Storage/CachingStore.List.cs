using System.Globalization;
using MiniApiServer.Machinery;

namespace MiniApiServer.Storage;

internal sealed partial class CachingStore
{
    private const string ContinueTooOld =
        "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.";

    /// <summary>
    /// One page, read from the snapshot the options pick (staging/src/k8s.io/apiserver/pkg/storage/cacher and etcd3 list
    /// semantics): a continue token's pinned revision, the current state, or an exact older revision. A page holds up to
    /// the limit of selected objects; the continue token starts after the last object looked at.
    /// </summary>
    public async Task<StoreList> ListAsync(GroupResource resource, string? ns, StoreListOptions options, CancellationToken cancellationToken)
    {
        var (snapshot, afterKey) = await PickSnapshotAsync(options, cancellationToken);
        var items = new List<StoredObject>();
        string? lastKey = null;
        var more = false;
        var filter = options.Filter;
        foreach (var item in snapshot.List(resource, ns, afterKey))
        {
            if (options.Limit > 0 && items.Count == options.Limit)
            {
                more = true;
                break;
            }
            lastKey = item.Key;
            if (filter is null || filter(item.Attributes))
            {
                items.Add(item);
            }
        }
        if (!more || lastKey is null)
        {
            return new StoreList(snapshot.Revision, items, null, null);
        }
        long? remaining = filter is null ? snapshot.CountAfter(resource, ns, lastKey) : null;
        return new StoreList(snapshot.Revision, items, ContinueToken.Encode(snapshot.Revision, lastKey), remaining);
    }

    private async Task<(StoreSnapshot Snapshot, string? AfterKey)> PickSnapshotAsync(StoreListOptions options, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(options.Continue))
        {
            var (rv, after) = ContinueToken.Decode(options.Continue);
            return (SnapshotAt(rv) ?? throw ApiException.Expired(ContinueTooOld), after);
        }
        var text = options.ResourceVersion;
        if (string.IsNullOrEmpty(text) || text == "0")
        {
            return (_current, null);
        }
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var wanted))
        {
            throw ApiException.BadRequest($"invalid resource version \"{text}\"");
        }
        var exact = options.ResourceVersionMatch == "Exact" || (string.IsNullOrEmpty(options.ResourceVersionMatch) && options.Limit > 0);
        if ((await WaitForRevisionAsync(wanted, ct)).Revision < wanted)
        {
            throw ApiException.TooLargeResourceVersion(wanted, _current.Revision);
        }
        if (!exact)
        {
            return (_current, null);
        }
        return (SnapshotAt(wanted) ?? throw ApiException.Expired("The resourceVersion for the provided list is too old."), null);
    }
}
