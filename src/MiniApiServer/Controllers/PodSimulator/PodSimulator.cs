using System.Net;
using k8s.Models;
using MiniApiServer.Controllers.Endpoints;
using MiniApiServer.Controllers.Runtime;
using MiniApiServer.Machinery;
using MiniApiServer.Registry;
using MiniApiServer.Registry.Events;

namespace MiniApiServer.Controllers.PodSimulator;

/// <summary>What the simulated node is: its name, the pod network its IPs come from, and its own address.</summary>
internal sealed record PodSimulatorOptions(string NodeName, IPNetwork PodNetwork, string HostIp = "127.0.0.1");

/// <summary>
/// A kubelet and a default scheduler in one, for one node and without containers: it registers its Node, binds the
/// pods nobody has placed (as the default scheduler would: not gated, not meant for another scheduler), gives the pods
/// on its node an IP and a Running, Ready status through <c>/status</c>, honours readiness gates, and completes graceful
/// deletion with the final grace-0 DELETE once the grace period is over. Pods bound to other nodes are not its business.
/// </summary>
internal sealed partial class PodSimulator : IController, IInformerHandler<V1Pod>
{
    public const string DefaultScheduler = "default-scheduler";

    /// <summary>Enough writers to keep the store's group commit busy: binding and status are two writes per pod.</summary>
    private const int Workers = 64;
    private const int MaxRetries = 15;

    private readonly GenericRegistry _registry;
    private readonly PodSimulatorOptions _options;
    private readonly TimeProvider _time;
    private readonly KindRegistration _podsKind;
    private readonly KindRegistration _nodesKind;
    private readonly Informer<V1Pod> _pods;
    private readonly PodIpPool _ips;
    private readonly WorkQueue<string> _queue;
    // The version of each pod's status this simulator last wrote (by UID): an event older than it (the binding's, which
    // arrives after the status that followed it was written) has nothing new to say.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _reported = new(StringComparer.Ordinal);
    private readonly PodEvents _events;
    private readonly ILogger<PodSimulator> _logger;

    public PodSimulator(
        GenericRegistry registry, SharedInformers informers, PodSimulatorOptions options, EventRecorder events, TimeProvider time, ILogger<PodSimulator> logger)
    {
        _registry = registry;
        _events = new PodEvents(events, options.NodeName);
        _options = options;
        _time = time;
        _logger = logger;
        _podsKind = registry.Catalog.Get(new GroupResource("", "pods"));
        _nodesKind = registry.Catalog.Get(new GroupResource("", "nodes"));
        _ips = new PodIpPool(options.PodNetwork);
        _queue = new WorkQueue<string>(time);
        _pods = informers.For<V1Pod>();
        _pods.AddHandler(this);
    }

    public async Task RunAsync(CancellationToken ct)
    {
        using var stop = ct.Register(_queue.ShutDown);
        await RegisterNodeAsync(ct);
        // The addresses pods already hold stay theirs (derived state, rebuilt from the pods).
        foreach (var pod in _pods.List().Where(p => p.Spec?.NodeName == _options.NodeName))
        {
            if (pod.Status?.PodIP is { Length: > 0 } ip)
            {
                _ips.Restore(pod.Metadata.Uid, ip);
            }
        }
        foreach (var pod in _pods.List().Where(Concerns))
        {
            _queue.Add(PodRules.Key(pod.Metadata));
        }
        await QueueWorkers.RunAsync(_queue, Workers, SyncAsync, MaxRetries, (e, key, retry) => LogSyncFailed(e, key, retry), ct);
    }

    void IInformerHandler<V1Pod>.OnAdd(V1Pod obj)
    {
        if (Concerns(obj))
        {
            _queue.Add(PodRules.Key(obj.Metadata));
        }
    }

    void IInformerHandler<V1Pod>.OnUpdate(V1Pod old, V1Pod current)
    {
        if (Concerns(current))
        {
            _queue.Add(PodRules.Key(current.Metadata));
        }
    }

    /// <summary>The pod's address goes back to the pool once the pod is gone.</summary>
    void IInformerHandler<V1Pod>.OnDelete(V1Pod obj)
    {
        _ips.Release(obj.Metadata.Uid);
        _reported.TryRemove(obj.Metadata.Uid, out _);
    }

    /// <summary>Pods to place, and pods on this node.</summary>
    private bool Concerns(V1Pod pod) =>
        string.IsNullOrEmpty(pod.Spec?.NodeName) ? Schedulable(pod) : pod.Spec.NodeName == _options.NodeName;

    /// <summary>What the default scheduler takes: its own pods, not gated, not being deleted.</summary>
    private static bool Schedulable(V1Pod pod) =>
        (pod.Spec?.SchedulerName ?? DefaultScheduler) == DefaultScheduler
        && pod.Spec?.SchedulingGates is not { Count: > 0 }
        && pod.Metadata.DeletionTimestamp is null;

    private async Task SyncAsync(string key, CancellationToken ct)
    {
        var (ns, name) = PodRules.SplitKey(key);
        var pod = _pods.Get(ns, name);
        if (pod is null)
        {
            return;
        }
        if (string.IsNullOrEmpty(pod.Spec?.NodeName))
        {
            if (!Schedulable(pod) || !await BindAsync(pod, ct))
            {
                return;
            }
            _events.Scheduled(pod);
            // Bound: the kubelet's part follows at once rather than on the binding's event, which then finds nothing to do.
        }
        else if (pod.Spec.NodeName != _options.NodeName || PodRules.IsTerminal(pod))
        {
            return;
        }
        if (pod.Metadata.DeletionTimestamp is { } due)
        {
            await FinishDeletionAsync(key, pod, due, ct);
            return;
        }
        if (_reported.TryGetValue(pod.Metadata.Uid, out var written) && Version(pod) < written)
        {
            return;
        }
        var ip = _ips.Allocate(pod.Metadata.Uid) ?? throw new InvalidOperationException($"the pod network {_options.PodNetwork} is full");
        if (IsReported(pod, ip))
        {
            return;
        }
        var result = await _registry.UpdateAsync(_podsKind, ns, name, current =>
        {
            var latest = (V1Pod)ObjectCodec.Decode(current!, typeof(V1Pod));
            if (latest.Metadata.Uid != pod.Metadata.Uid)
            {
                // A new pod of the same name: the next event brings it here.
                throw ApiException.Conflict(_podsKind.Descriptor.GroupResource, name, "the object has been replaced");
            }
            latest.Status = KubeletStatus.For(latest, ip, _options.HostIp, Now());
            return new DecodedObject(latest, null);
        }, Subresource.Status, new WriteOptions(), ct);
        _reported[pod.Metadata.Uid] = ObjectVersion.Of(result.Json);
        if (pod.Status?.StartTime is null)
        {
            // The first status of the pod on this node: its containers have just been started.
            _events.ContainersStarted(pod);
        }
    }

    private static long Version(V1Pod pod) => ObjectVersion.Parse(pod.Metadata.ResourceVersion);

    /// <summary>
    /// Whether the pod's status already says what this kubelet would: running with this IP, every container reported,
    /// and Ready as its readiness gates allow. The status write's own event comes back here and stops at this check.
    /// </summary>
    private static bool IsReported(V1Pod pod, string ip)
    {
        var status = pod.Status;
        if (status is not { Phase: "Running" } || status.PodIP != ip || status.StartTime is null
            || (status.ContainerStatuses?.Count ?? 0) != (pod.Spec?.Containers?.Count ?? 0)
            || (status.InitContainerStatuses?.Count ?? 0) != (pod.Spec?.InitContainers?.Count ?? 0))
        {
            return false;
        }
        var (ready, reason, message) = KubeletStatus.Readiness(pod);
        var condition = PodRules.ReadyCondition(pod);
        return condition is not null && condition.Status == (ready ? "True" : "False") && condition.Reason == reason && condition.Message == message
            && status.Conditions!.Any(c => c.Type == "ContainersReady" && c.Status == "True");
    }

    /// <summary>
    /// The default scheduler's bind (pkg/scheduler/framework/plugins/defaultbinder): a Binding to this node, with the
    /// pod's UID as a precondition so a new pod of the same name is never bound by mistake.
    /// </summary>
    /// <returns>True when this call bound it.</returns>
    private async Task<bool> BindAsync(V1Pod pod, CancellationToken ct)
    {
        var binding = new V1Binding
        {
            ApiVersion = "v1",
            Kind = "Binding",
            Metadata = new V1ObjectMeta { Name = pod.Metadata.Name, NamespaceProperty = pod.Metadata.NamespaceProperty, Uid = pod.Metadata.Uid },
            Target = new V1ObjectReference { Kind = "Node", Name = _options.NodeName },
        };
        try
        {
            await _registry.CreateSubresourceAsync(_podsKind, pod.Metadata.NamespaceProperty, pod.Metadata.Name, Subresource.Binding,
                new DecodedObject(binding, null), new WriteOptions(), ct);
            return true;
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
            // Gone, bound by someone else, or replaced: the pod's next event says what to do.
            return false;
        }
    }

    /// <summary>The kubelet's last word: once the grace period is over, DELETE with grace 0 (the UID as a precondition).</summary>
    private async Task FinishDeletionAsync(string key, V1Pod pod, DateTime due, CancellationToken ct)
    {
        var wait = DateTime.SpecifyKind(due, DateTimeKind.Utc) - _time.GetUtcNow().UtcDateTime;
        if (wait > TimeSpan.Zero)
        {
            _queue.AddAfter(key, wait);
            return;
        }
        try
        {
            await _registry.DeleteAsync(_podsKind, pod.Metadata.NamespaceProperty, pod.Metadata.Name,
                new DeleteOptions(GracePeriodSeconds: 0, PreconditionUid: pod.Metadata.Uid), ct);
        }
        catch (ApiException e) when (e.Code is 404 or 409)
        {
            // Gone already, or another pod of the same name now.
        }
    }

    private async Task RegisterNodeAsync(CancellationToken ct)
    {
        var name = _options.NodeName;
        var node = SimulatedNode.Create(name, _options.HostIp, _options.PodNetwork.ToString());
        if (_registry.Find(_nodesKind, "", name) is null)
        {
            try
            {
                await _registry.CreateAsync(_nodesKind, "", new DecodedObject(node, null), new WriteOptions(), ct);
                LogNodeRegistered(name);
            }
            catch (ApiException e) when (e.Code == 409)
            {
                // Registered meanwhile by another replica: its status is set below.
            }
        }
        // The status as this start sees it, whatever was there (a kubelet re-registering updates its status).
        await _registry.UpdateAsync(_nodesKind, "", name, current =>
        {
            var latest = (V1Node)ObjectCodec.Decode(current!, typeof(V1Node));
            latest.Status = node.Status;
            return new DecodedObject(latest, null);
        }, Subresource.Status, new WriteOptions(), ct);
    }

    private DateTime Now() => ObjectCodec.WholeSeconds(_time.GetUtcNow());

    [LoggerMessage(EventId = 450, Level = LogLevel.Information, Message = "Pod simulator registered node {Node}")]
    private partial void LogNodeRegistered(string node);

    [LoggerMessage(EventId = 451, Level = LogLevel.Warning, Message = "Pod simulator failed on {Key} (retrying: {Retry})")]
    private partial void LogSyncFailed(Exception e, string key, bool retry);
}
