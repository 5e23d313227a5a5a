namespace MiniApiServer.Controllers.Runtime;

/// <summary>The informer's cache as controllers read it: by key, by namespace, and by a Service-style selector.</summary>
internal sealed partial class Informer<T>
{
    public T? Get(string ns, string name)
    {
        lock (_gate)
        {
            return _byNamespace.TryGetValue(ns, out var items) && items.TryGetValue(name, out var obj) ? obj : null;
        }
    }

    /// <summary>The cached objects of one namespace (every namespace when null), as of now.</summary>
    public IReadOnlyList<T> List(string? ns = null)
    {
        lock (_gate)
        {
            if (ns is not null)
            {
                return _byNamespace.TryGetValue(ns, out var items) ? [.. items.Values] : [];
            }
            return [.. _byNamespace.Values.SelectMany(i => i.Values)];
        }
    }

    /// <summary>
    /// The cached objects of <paramref name="ns"/> whose labels have every pair of <paramref name="selector"/> (a Service's
    /// selector: equality on each pair; an empty one selects the whole namespace). Looked up through the label index.
    /// </summary>
    public IReadOnlyList<T> Select(string ns, IDictionary<string, string> selector)
    {
        if (selector.Count == 0)
        {
            return List(ns);
        }
        lock (_gate)
        {
            if (!_byNamespace.TryGetValue(ns, out var items))
            {
                return [];
            }
            HashSet<string>? smallest = null;
            foreach (var (key, value) in selector)
            {
                if (!_byLabel.TryGetValue((ns, key, value), out var names))
                {
                    return [];
                }
                if (smallest is null || names.Count < smallest.Count)
                {
                    smallest = names;
                }
            }
            var selected = new List<T>(smallest!.Count);
            foreach (var name in smallest)
            {
                var obj = items[name];
                if (HasAll(obj.Metadata.Labels, selector))
                {
                    selected.Add(obj);
                }
            }
            return selected;
        }
    }

    private static bool HasAll(IDictionary<string, string>? labels, IDictionary<string, string> selector)
    {
        foreach (var (key, value) in selector)
        {
            if (labels is null || !labels.TryGetValue(key, out var have) || have != value)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Adds or removes the object's labels in the label index; called under the gate.</summary>
    private void Index(string ns, T obj, bool add)
    {
        if (obj.Metadata.Labels is not { } labels)
        {
            return;
        }
        foreach (var (key, value) in labels)
        {
            var entry = (ns, key, value);
            if (add)
            {
                if (!_byLabel.TryGetValue(entry, out var names))
                {
                    _byLabel[entry] = names = new HashSet<string>(StringComparer.Ordinal);
                }
                names.Add(obj.Metadata.Name);
            }
            else if (_byLabel.TryGetValue(entry, out var names) && names.Remove(obj.Metadata.Name) && names.Count == 0)
            {
                _byLabel.Remove(entry);
            }
        }
    }
}
