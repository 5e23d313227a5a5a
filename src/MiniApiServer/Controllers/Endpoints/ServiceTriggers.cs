using k8s.Models;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.Endpoints;

/// <summary>
/// The triggers the endpoints and endpointslice controllers share (endpoints_controller.go and
/// endpointslice_controller.go handlers): a Service added, changed or deleted queues itself; a pod added or deleted
/// queues the Services of its namespace that select it; a pod update queues what
/// <see cref="PodRules.ServicesToUpdate"/> says it concerns. Which Services select a pod is looked up in an index of
/// the Services' selectors by (namespace, key, value), kept from the Service events: upstream lists every Service of
/// the namespace for each pod event, which at 10,000 Services and as many pod changes is most of the work.
/// </summary>
internal sealed class ServiceTriggers(WorkQueue<string> queue) : IInformerHandler<V1Service>, IInformerHandler<V1Pod>
{
    private readonly object _gate = new();
    private readonly Dictionary<string, IDictionary<string, string>> _selectors = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Namespace, string Key, string Value), HashSet<string>> _byPair = [];
    // Services whose selector is empty: they select every pod of their namespace.
    private readonly Dictionary<string, HashSet<string>> _selectAll = new(StringComparer.Ordinal);

    public void OnAdd(V1Service obj)
    {
        Index(obj);
        queue.Add(PodRules.Key(obj.Metadata));
    }

    public void OnUpdate(V1Service old, V1Service current)
    {
        Index(current);
        queue.Add(PodRules.Key(current.Metadata));
    }

    public void OnDelete(V1Service obj)
    {
        lock (_gate)
        {
            Unindex(PodRules.Key(obj.Metadata), obj.Metadata.NamespaceProperty);
        }
        queue.Add(PodRules.Key(obj.Metadata));
    }

    public void OnAdd(V1Pod obj) => AddAll(Memberships(obj));

    public void OnUpdate(V1Pod old, V1Pod current) => AddAll(PodRules.ServicesToUpdate(Memberships, old, current));

    public void OnDelete(V1Pod obj) => AddAll(Memberships(obj));

    /// <summary>GetPodServiceMemberships: the keys of the Services of the pod's namespace whose selector selects it.</summary>
    public HashSet<string> Memberships(V1Pod pod)
    {
        var ns = pod.Metadata.NamespaceProperty ?? "";
        var keys = new HashSet<string>(StringComparer.Ordinal);
        lock (_gate)
        {
            if (_selectAll.TryGetValue(ns, out var all))
            {
                keys.UnionWith(all);
            }
            foreach (var (key, value) in pod.Metadata.Labels ?? new Dictionary<string, string>())
            {
                if (!_byPair.TryGetValue((ns, key, value), out var candidates))
                {
                    continue;
                }
                foreach (var candidate in candidates)
                {
                    if (!keys.Contains(candidate) && Selects(_selectors[candidate], pod.Metadata.Labels!))
                    {
                        keys.Add(candidate);
                    }
                }
            }
        }
        return keys;
    }

    private static bool Selects(IDictionary<string, string> selector, IDictionary<string, string> labels)
    {
        foreach (var (key, value) in selector)
        {
            if (!labels.TryGetValue(key, out var have) || have != value)
            {
                return false;
            }
        }
        return true;
    }

    private void Index(V1Service service)
    {
        var key = PodRules.Key(service.Metadata);
        var ns = service.Metadata.NamespaceProperty ?? "";
        lock (_gate)
        {
            Unindex(key, ns);
            // A nil selector selects nothing (the Endpoints are the user's).
            if (service.Spec?.Selector is not { } selector)
            {
                return;
            }
            var copy = new Dictionary<string, string>(selector, StringComparer.Ordinal);
            _selectors[key] = copy;
            if (copy.Count == 0)
            {
                Set(_selectAll, ns).Add(key);
                return;
            }
            foreach (var (k, v) in copy)
            {
                if (!_byPair.TryGetValue((ns, k, v), out var services))
                {
                    _byPair[(ns, k, v)] = services = new HashSet<string>(StringComparer.Ordinal);
                }
                services.Add(key);
            }
        }
    }

    private void Unindex(string key, string? ns)
    {
        ns ??= "";
        if (!_selectors.Remove(key, out var selector))
        {
            return;
        }
        if (selector.Count == 0)
        {
            if (_selectAll.TryGetValue(ns, out var all) && all.Remove(key) && all.Count == 0)
            {
                _selectAll.Remove(ns);
            }
            return;
        }
        foreach (var (k, v) in selector)
        {
            if (_byPair.TryGetValue((ns, k, v), out var services) && services.Remove(key) && services.Count == 0)
            {
                _byPair.Remove((ns, k, v));
            }
        }
    }

    private static HashSet<string> Set(Dictionary<string, HashSet<string>> sets, string ns)
    {
        if (!sets.TryGetValue(ns, out var set))
        {
            sets[ns] = set = new HashSet<string>(StringComparer.Ordinal);
        }
        return set;
    }

    private void AddAll(IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            queue.Add(key);
        }
    }
}
