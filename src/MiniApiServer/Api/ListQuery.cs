using System.Globalization;
using k8s.Models;
using MiniApiServer.Machinery;
using MiniApiServer.Registry;
using MiniApiServer.Selectors;
using MiniApiServer.Storage;

namespace MiniApiServer.Api;

/// <summary>
/// A LIST request's options (metainternalversion.ListOptions) and how they pick the snapshot, filter and page
/// (staging/src/k8s.io/apiserver/pkg/storage/cacher and etcd3 list semantics, k8s-semantics.md §1.3–1.5).
/// </summary>
internal sealed record ListQuery(LabelSelector Labels, FieldSelector Fields, long Limit, string? Continue, string? ResourceVersion, string? ResourceVersionMatch)
{
    public bool HasSelectors => !Labels.IsEmpty || !Fields.IsEmpty;

    public static ListQuery Parse(IQueryCollection query, IResourceStrategy strategy)
    {
        var (labels, fields) = ParseSelectors(query, strategy);
        var limit = QueryParameters.Int64(query, "limit") ?? 0;
        var q = new ListQuery(labels, fields, limit < 0 ? 0 : limit, QueryParameters.String(query, "continue"),
            QueryParameters.String(query, "resourceVersion"), QueryParameters.String(query, "resourceVersionMatch"));
        q.Validate();
        return q;
    }

    /// <summary>labelSelector and fieldSelector of a list or watch; malformed ones and unsupported field labels are 400s.</summary>
    public static (LabelSelector Labels, FieldSelector Fields) ParseSelectors(IQueryCollection query, IResourceStrategy strategy)
    {
        try
        {
            var labels = LabelSelector.Parse(QueryParameters.String(query, "labelSelector"));
            var fields = FieldSelector.Parse(QueryParameters.String(query, "fieldSelector"));
            return (labels, ConvertFieldLabels(fields, strategy.FieldLabels));
        }
        catch (SelectorParseException e)
        {
            throw ApiException.BadRequest(e.Message);
        }
    }

    /// <summary>Field labels a kind does not support are 400s, in the two wordings upstream has.</summary>
    private static FieldSelector ConvertFieldLabels(FieldSelector fields, FieldLabels labels) => fields.Select(r =>
    {
        var field = labels.Aliases.TryGetValue(r.Field, out var target) ? target : r.Field;
        if (labels.Supported.Contains(field))
        {
            return r with { Field = field };
        }
        throw ApiException.BadRequest(labels.HasConversionFunc
            ? $"field label not supported: {r.Field}"
            : $"\"{r.Field}\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
    });

    /// <summary>metainternalversion validation.ValidateListOptions.</summary>
    private void Validate()
    {
        var errors = new List<FieldError>();
        if (ResourceVersionMatch is { Length: > 0 } match)
        {
            if (string.IsNullOrEmpty(ResourceVersion))
            {
                errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden unless resourceVersion is provided"));
            }
            if (!string.IsNullOrEmpty(Continue))
            {
                errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
            }
            if (match == "Exact" && ResourceVersion == "0")
            {
                errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""));
            }
            if (match is not ("Exact" or "NotOlderThan"))
            {
                errors.Add(FieldError.NotSupported("resourceVersionMatch", match, ["Exact", "NotOlderThan", ""]));
            }
        }
        if (errors.Count > 0)
        {
            throw QueryParameters.InvalidOptions("ListOptions", errors);
        }
        if (!string.IsNullOrEmpty(Continue) && ResourceVersion is { Length: > 0 } and not "0")
        {
            throw ApiException.BadRequest("specifying resource version is not allowed when using continue");
        }
    }

    /// <summary>Reads one page: the snapshot, the matching items in key order, and the list metadata.</summary>
    public async Task<(V1ListMeta Meta, List<StoredObject> Items)> ExecuteAsync(IObjectStore store, ResourceDescriptor d, string? ns, CancellationToken ct)
    {
        var (snapshot, afterKey) = await PickSnapshotAsync(store, ct);
        var items = new List<StoredObject>();
        string? lastKey = null;
        var more = false;
        foreach (var item in snapshot.List(d.Plural, ns, afterKey))
        {
            if (Limit > 0 && items.Count == Limit)
            {
                more = true;
                break;
            }
            lastKey = item.Key;
            if (Labels.Matches(item.Attributes.Labels) && Fields.Matches(item.Attributes.Fields))
            {
                items.Add(item);
            }
        }
        var meta = new V1ListMeta { ResourceVersion = snapshot.Revision.ToString(CultureInfo.InvariantCulture) };
        if (more && lastKey is not null)
        {
            meta.ContinueProperty = ContinueToken.Encode(snapshot.Revision, lastKey);
            if (!HasSelectors)
            {
                meta.RemainingItemCount = snapshot.CountAfter(d.Plural, ns, lastKey);
            }
        }
        return (meta, items);
    }

    private async Task<(StoreSnapshot Snapshot, string? AfterKey)> PickSnapshotAsync(IObjectStore store, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(Continue))
        {
            var (rv, after) = ContinueToken.Decode(Continue);
            var snapshot = store.SnapshotAt(rv) ?? throw ApiException.Expired(
                "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.");
            return (snapshot, after);
        }
        if (string.IsNullOrEmpty(ResourceVersion) || ResourceVersion == "0")
        {
            return (store.Current, null);
        }
        if (!long.TryParse(ResourceVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var wanted))
        {
            throw ApiException.BadRequest($"invalid resource version \"{ResourceVersion}\"");
        }
        var exact = ResourceVersionMatch == "Exact" || (string.IsNullOrEmpty(ResourceVersionMatch) && Limit > 0);
        if ((await store.WaitForRevisionAsync(wanted, ct)).Revision < wanted)
        {
            throw ApiException.TooLargeResourceVersion(wanted, store.Current.Revision);
        }
        if (!exact)
        {
            return (store.Current, null);
        }
        return (store.SnapshotAt(wanted) ?? throw ApiException.Expired("The resourceVersion for the provided list is too old."), null);
    }
}
