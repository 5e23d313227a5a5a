using k8s;
using k8s.Models;
using MiniApiServer.Machinery;
using MiniApiServer.Registry;
using WatchEventType = MiniApiServer.Machinery.WatchEventType;

namespace MiniApiServer.Controllers.Runtime;

/// <summary>What an informer tells its handlers (client-go's ResourceEventHandler). Called on the informer's loop, after
/// its cache has the change: handlers only look and enqueue; objects are shared and must not be modified.</summary>
internal interface IInformerHandler<in T>
{
    void OnAdd(T obj);

    void OnUpdate(T old, T current);

    void OnDelete(T obj);
}

/// <summary>
/// A shared informer over one kind (client-go tools/cache): it lists the kind through the registry, then watches from
/// that list's resourceVersion, and keeps a decoded copy of every object that handlers and listers read. When the watch
/// ends (its start is no longer retained, or it fell behind and was cut off) it lists again and tells its handlers the
/// difference, so nothing is missed and nothing is polled. Objects in the cache are shared: read, never modify.
/// </summary>
internal sealed partial class Informer<T> : IInformer where T : class, IKubernetesObject<V1ObjectMeta>
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly GenericRegistry _registry;
    private readonly KindRegistration _kind;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly Dictionary<string, Dictionary<string, T>> _byNamespace = new(StringComparer.Ordinal);
    private readonly List<IInformerHandler<T>> _handlers = [];
    // (namespace, label key, label value) → names: a selector's objects are found without scanning the namespace
    // (client-go's indexers; at 10,000 pods in a namespace a scan per sync is most of a controller's CPU).
    private readonly Dictionary<(string Namespace, string Key, string Value), HashSet<string>> _byLabel = [];
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _advanced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _revision;

    public Informer(GenericRegistry registry, KindRegistration kind, ILogger logger)
    {
        if (kind.Descriptor.ModelType != typeof(T))
        {
            throw new ArgumentException($"{kind.Descriptor.GroupResource} holds {kind.Descriptor.ModelType.Name}, not {typeof(T).Name}");
        }
        _registry = registry;
        _kind = kind;
        _logger = logger;
    }

    /// <summary>Completes once the first list is in the cache and its handlers have been told.</summary>
    public Task Synced => _synced.Task;

    public GroupResource Resource => _kind.Descriptor.GroupResource;

    /// <summary>The newest resourceVersion the cache reflects (its list's, then each change's).</summary>
    public long Revision => Interlocked.Read(ref _revision);

    /// <summary>
    /// Completes once the cache reflects <paramref name="revision"/>: a controller that just wrote an object of this kind
    /// waits for its own write before reading the cache again, so it never acts on a state older than what it did.
    /// </summary>
    public async Task WaitForRevisionAsync(long revision, CancellationToken ct)
    {
        while (true)
        {
            Task advanced;
            lock (_gate)
            {
                if (_revision >= revision)
                {
                    return;
                }
                advanced = _advanced.Task;
            }
            await advanced.WaitAsync(ct);
        }
    }

    /// <summary>Registers a handler; only before the informer runs, so every handler sees every object.</summary>
    public void AddHandler(IInformerHandler<T> handler)
    {
        lock (_gate)
        {
            if (_synced.Task.IsCompleted)
            {
                throw new InvalidOperationException("handlers are registered before the informer starts");
            }
            _handlers.Add(handler);
        }
    }

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var revision = await ListAsync(ct);
                _synced.TrySetResult();
                await WatchAsync(revision, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogFailed(e, Resource.ToString());
                try
                {
                    await Task.Delay(RetryDelay, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Lists everything and replaces the cache with it, telling handlers what was added, changed and removed.</summary>
    private async Task<string> ListAsync(CancellationToken ct)
    {
        var list = await _registry.ListAsync(_kind, null, ListOptions.Everything, ct);
        var fresh = new Dictionary<string, Dictionary<string, T>>(StringComparer.Ordinal);
        foreach (var json in list.Items)
        {
            var obj = Decode(json);
            var ns = obj.Metadata.NamespaceProperty ?? "";
            if (!fresh.TryGetValue(ns, out var items))
            {
                fresh[ns] = items = new Dictionary<string, T>(StringComparer.Ordinal);
            }
            items[obj.Metadata.Name] = obj;
        }
        var changes = new List<Action<IInformerHandler<T>>>();
        lock (_gate)
        {
            foreach (var (ns, items) in fresh)
            {
                _byNamespace.TryGetValue(ns, out var known);
                foreach (var (name, obj) in items)
                {
                    if (known is null || !known.TryGetValue(name, out var old))
                    {
                        changes.Add(h => h.OnAdd(obj));
                    }
                    else if (old.Metadata.ResourceVersion != obj.Metadata.ResourceVersion)
                    {
                        changes.Add(h => h.OnUpdate(old, obj));
                    }
                }
            }
            foreach (var (ns, items) in _byNamespace)
            {
                fresh.TryGetValue(ns, out var now);
                foreach (var (name, old) in items)
                {
                    if (now is null || !now.ContainsKey(name))
                    {
                        changes.Add(h => h.OnDelete(old));
                    }
                }
            }
            _byNamespace.Clear();
            _byLabel.Clear();
            foreach (var (ns, items) in fresh)
            {
                _byNamespace[ns] = items;
                foreach (var obj in items.Values)
                {
                    Index(ns, obj, add: true);
                }
            }
        }
        Notify(changes);
        Advance(ObjectVersion.Parse(list.ResourceVersion));
        return list.ResourceVersion;
    }

    /// <summary>Applies watch events until the watch ends; an ERROR event (410: the start is gone) ends it too.</summary>
    private async Task WatchAsync(string revision, CancellationToken ct)
    {
        using var watch = _registry.Watch(_kind, null, new WatchOptions(ResourceVersion: revision));
        var changes = new List<Action<IInformerHandler<T>>>();
        var newest = 0L;
        while (await watch.WaitToReadAsync(ct))
        {
            changes.Clear();
            while (watch.TryRead(out var e))
            {
                if (e.Type == WatchEventType.Error)
                {
                    Notify(changes);
                    return;
                }
                if (e.Type != WatchEventType.Bookmark)
                {
                    var obj = Decode(e.Object);
                    Apply(e.Type, obj, changes);
                    newest = Math.Max(newest, ObjectVersion.Parse(obj.Metadata.ResourceVersion));
                }
            }
            Notify(changes);
            Advance(newest);
        }
    }

    private void Apply(WatchEventType type, T obj, List<Action<IInformerHandler<T>>> changes)
    {
        var ns = obj.Metadata.NamespaceProperty ?? "";
        var name = obj.Metadata.Name;
        lock (_gate)
        {
            if (!_byNamespace.TryGetValue(ns, out var items))
            {
                _byNamespace[ns] = items = new Dictionary<string, T>(StringComparer.Ordinal);
            }
            items.TryGetValue(name, out var old);
            if (old is not null)
            {
                Index(ns, old, add: false);
            }
            if (type == WatchEventType.Deleted)
            {
                items.Remove(name);
                if (items.Count == 0)
                {
                    _byNamespace.Remove(ns);
                }
                var last = old ?? obj;
                changes.Add(h => h.OnDelete(last));
                return;
            }
            items[name] = obj;
            Index(ns, obj, add: true);
            if (old is null)
            {
                changes.Add(h => h.OnAdd(obj));
            }
            else
            {
                changes.Add(h => h.OnUpdate(old, obj));
            }
        }
    }

    /// <summary>Moves the cache's revision on (after the handlers were told) and wakes those waiting for it.</summary>
    private void Advance(long revision)
    {
        TaskCompletionSource advanced;
        lock (_gate)
        {
            if (revision <= _revision)
            {
                return;
            }
            Interlocked.Exchange(ref _revision, revision);
            advanced = _advanced;
            _advanced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        advanced.TrySetResult();
    }

    private void Notify(List<Action<IInformerHandler<T>>> changes)
    {
        IInformerHandler<T>[] handlers;
        lock (_gate)
        {
            handlers = [.. _handlers];
        }
        foreach (var change in changes)
        {
            foreach (var handler in handlers)
            {
                try
                {
                    change(handler);
                }
                catch (Exception e)
                {
                    // A handler's bug must not stop the informer that every controller depends on.
                    LogHandlerFailed(e, Resource.ToString());
                }
            }
        }
    }

    private static T Decode(byte[] json) => (T)ObjectCodec.Decode(json, typeof(T));

    [LoggerMessage(EventId = 400, Level = LogLevel.Warning, Message = "Informer for {Resource} failed; listing again")]
    private partial void LogFailed(Exception e, string resource);

    [LoggerMessage(EventId = 401, Level = LogLevel.Error, Message = "An event handler of the {Resource} informer failed")]
    private partial void LogHandlerFailed(Exception e, string resource);
}

/// <summary>An informer whatever its kind, for the one that starts them all.</summary>
internal interface IInformer
{
    Task Synced { get; }

    Task RunAsync(CancellationToken ct);
}
