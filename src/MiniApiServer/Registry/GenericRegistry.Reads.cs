using System.Globalization;
using System.Text.Json;
using k8s;
using k8s.Models;
using MiniApiServer.Machinery;
using MiniApiServer.Selectors;
using MiniApiServer.Storage;

namespace MiniApiServer.Registry;

internal sealed partial class GenericRegistry
{
    private const string InitialEventsEndAnnotation = "k8s.io/initial-events-end";

    /// <summary>GET of one object: the stored bytes (a computed kind's object, encoded); 404 when there is none.</summary>
    public byte[] Get(KindRegistration kind, string ns, string name) =>
        Find(kind, ns, name) ?? throw ApiException.NotFound(kind.Descriptor.GroupResource, name);

    /// <summary>One object's JSON, or null when there is none.</summary>
    public byte[]? Find(KindRegistration kind, string ns, string name)
    {
        if (kind.Source is { } source)
        {
            var found = source.Read(_store.Current).FirstOrDefault(o => o.Metadata.Name == name && (o.Metadata.NamespaceProperty ?? "") == ns);
            return found is null ? null : ObjectCodec.Encode(found, kind.Descriptor);
        }
        return _store.Current.Get(kind.Storage.GroupResource, ns, name)?.Json is { } json ? kind.Present(json) : null;
    }

    /// <summary>
    /// LIST: one page of the kind's objects (all namespaces when <paramref name="ns"/> is null) that the selectors keep,
    /// at the revision the options ask for. A computed kind is always read whole and current: its lists are short.
    /// </summary>
    public async Task<ListResult> ListAsync(KindRegistration kind, string? ns, ListOptions options, CancellationToken ct)
    {
        var d = kind.Descriptor;
        var selection = Selection.Parse(options.LabelSelector, options.FieldSelector, kind.Strategy.FieldLabels);
        options.Validate();
        if (kind.Source is { } source)
        {
            var snapshot = _store.Current;
            var items = source.Read(snapshot)
                .Where(o => (ns is null || (o.Metadata.NamespaceProperty ?? "") == ns) && selection.Matches(kind.Strategy.GetAttributes(o)))
                .Select(o => ObjectCodec.Encode(o, d))
                .ToList();
            return new ListResult(Revision(snapshot.Revision), null, null, items);
        }
        var page = await _store.ListAsync(kind.Storage.GroupResource, ns, new StoreListOptions(
            options.ResourceVersion, options.ResourceVersionMatch, options.Limit < 0 ? 0 : options.Limit, options.Continue, selection.Filter), ct);
        return new ListResult(Revision(page.Revision), page.Continue, page.RemainingItemCount, page.Items.Select(i => kind.Present(i.Json)).ToList());
    }

    /// <summary>The kind's objects (optionally one namespace's) the options select, decoded: for in-process clients.</summary>
    public async Task<IReadOnlyList<IKubernetesObject<V1ObjectMeta>>> ListObjectsAsync(KindRegistration kind, string? ns, ListOptions options, CancellationToken ct)
    {
        var list = await ListAsync(kind, ns, options, ct);
        return [.. list.Items.Select(json => ObjectCodec.Decode(json, kind.Descriptor.ModelType))];
    }

    /// <summary>
    /// WATCH (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/watch.go and the cacher): validated here, so a bad
    /// request fails before any stream starts; the watch is subscribed before this returns and reads its starting state
    /// (initial events or a replay) when first read. Computed kinds cannot be watched (405, as a storage without Watcher).
    /// </summary>
    public IWatch Watch(KindRegistration kind, string? ns, WatchOptions options)
    {
        var d = kind.Descriptor;
        if (!d.Serves("watch"))
        {
            throw ApiException.MethodNotSupported(d.GroupResource, "watch");
        }
        var selection = Selection.Parse(options.LabelSelector, options.FieldSelector, kind.Strategy.FieldLabels);
        options.Validate();
        var from = options.StartRevision();
        var watch = _store.Watch(kind.Storage.GroupResource, ns, new StoreWatchOptions(
            From: from,
            InitialState: from is null || options.SendInitialEvents == true,
            InitialEventsEnd: options.SendInitialEvents == true,
            Filter: selection.Filter,
            Bookmark: (revision, initialEventsEnd) => Bookmark(d, revision, initialEventsEnd),
            BookmarkInterval: options.BookmarkInterval,
            Timeout: options.Timeout));
        return kind.Conversion is { } conversion ? new ConvertedWatch(watch, conversion) : watch;
    }

    /// <summary>
    /// WATCH of one object by name, as the legacy <c>/watch/.../{name}</c> paths ask for it (handlers/get.go ListResource):
    /// the name becomes a <c>metadata.name</c> field selector; a field selector of the request's own must select exactly
    /// that name (it may add terms), else 400.
    /// </summary>
    public IWatch WatchNamed(KindRegistration kind, string? ns, string name, WatchOptions options)
    {
        FieldSelector fields;
        try
        {
            fields = FieldSelector.Parse(options.FieldSelector);
        }
        catch (SelectorParseException e)
        {
            throw ApiException.BadRequest(e.Message);
        }
        if (fields.IsEmpty)
        {
            return Watch(kind, ns, options with { FieldSelector = FieldSelector.OneTermEquals("metadata.name", name).ToString() });
        }
        if (fields.RequiresExactMatch("metadata.name") != name)
        {
            throw ApiException.BadRequest("fieldSelector metadata.name doesn't match requested name");
        }
        return Watch(kind, ns, options);
    }

    /// <summary>
    /// DELETE on a collection (store.go DeleteCollection): every object the list options select, each deleted as a DELETE
    /// of it would be; the answer lists what was deleted. Objects deleted meanwhile by someone else are skipped.
    /// </summary>
    public async Task<ListResult> DeleteCollectionAsync(KindRegistration kind, string? ns, ListOptions listOptions, DeleteOptions options, CancellationToken ct)
    {
        var d = kind.Descriptor;
        var selection = Selection.Parse(listOptions.LabelSelector, listOptions.FieldSelector, kind.Strategy.FieldLabels);
        listOptions.Validate();
        var page = await _store.ListAsync(kind.Storage.GroupResource, ns,
            new StoreListOptions(listOptions.ResourceVersion, listOptions.ResourceVersionMatch, Filter: selection.Filter), ct);
        var deleted = new List<byte[]>(page.Items.Count);
        foreach (var item in page.Items)
        {
            try
            {
                deleted.Add((await DeleteAsync(kind, item.Namespace, item.Name, options, ct)).Json);
            }
            catch (ApiException e) when (e.Code == 404)
            {
                // Deleted by someone else meanwhile: upstream DeleteCollection ignores NotFound.
            }
        }
        return new ListResult(Revision(page.Revision), null, null, deleted);
    }

    /// <summary>A BOOKMARK's object: the kind with only a resourceVersion (and the initial-events-end annotation when it ends the initial events).</summary>
    private static byte[] Bookmark(ResourceDescriptor d, long revision, bool initialEventsEnd)
    {
        var meta = new V1ObjectMeta { ResourceVersion = Revision(revision) };
        if (initialEventsEnd)
        {
            meta.Annotations = new Dictionary<string, string> { [InitialEventsEndAnnotation] = "true" };
        }
        return JsonSerializer.SerializeToUtf8Bytes(new { kind = d.Kind, apiVersion = d.ApiVersion, metadata = meta }, KubernetesJsonOptions.Default);
    }

    private static string Revision(long revision) => revision.ToString(CultureInfo.InvariantCulture);
}
