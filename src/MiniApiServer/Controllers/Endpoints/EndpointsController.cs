using k8s.Models;
using MiniApiServer.Controllers.Runtime;
using MiniApiServer.Machinery;
using MiniApiServer.Registry;

namespace MiniApiServer.Controllers.Endpoints;

/// <summary>
/// kube-controller-manager's endpoints controller (pkg/controller/endpoint/endpoints_controller.go): for every Service
/// with a selector, an Endpoints object of the same name holding the selected pods that have an IP, ready ones in
/// <c>addresses</c> and the others in <c>notReadyAddresses</c>. Driven by the shared Service, Pod and Endpoints
/// informers through a work queue keyed by Service, so a burst of pod changes for one Service makes one write; an
/// unchanged world writes nothing.
/// </summary>
internal sealed partial class EndpointsController : IController, IInformerHandler<V1Endpoints>
{
    /// <summary>
    /// Syncs in flight (upstream's default is 5, sized for etcd round trips): here a sync's write waits for the store's
    /// group commit, so more of them in flight share one fsync instead of queueing behind each other.
    /// </summary>
    private const int Workers = 16;

    /// <summary>maxRetries: 5 ms doubling reaches ~82 s before a key is dropped.</summary>
    private const int MaxRetries = 15;

    private const string LeaderAnnotation = "control-plane.alpha.kubernetes.io/leader";
    private const string HeadlessLabel = "service.kubernetes.io/headless";
    private const string TriggerTimeAnnotation = "endpoints.kubernetes.io/last-change-trigger-time";
    private const string OverCapacityAnnotation = "endpoints.kubernetes.io/over-capacity";

    private readonly GenericRegistry _registry;
    private readonly KindRegistration _endpointsKind;
    private readonly Informer<V1Service> _services;
    private readonly Informer<V1Pod> _pods;
    private readonly Informer<V1Endpoints> _endpoints;
    private readonly WorkQueue<string> _queue = new();
    private readonly TriggerTimeTracker _triggerTimes = new();
    private readonly ILogger<EndpointsController> _logger;

    public EndpointsController(GenericRegistry registry, SharedInformers informers, ILogger<EndpointsController> logger)
    {
        _registry = registry;
        _logger = logger;
        _endpointsKind = registry.Catalog.Get(new GroupResource("", "endpoints"));
        _services = informers.For<V1Service>();
        _pods = informers.For<V1Pod>();
        _endpoints = informers.For<V1Endpoints>();
        var triggers = new ServiceTriggers(_queue);
        _services.AddHandler(triggers);
        _pods.AddHandler(triggers);
        _endpoints.AddHandler(this);
    }


    public async Task RunAsync(CancellationToken ct)
    {
        using var stop = ct.Register(_queue.ShutDown);
        // checkLeftoverEndpoints: once at start, every Endpoints' Service is looked at, so Endpoints whose Service was
        // deleted while the controller was down go (leader-election records excepted).
        foreach (var endpoints in _endpoints.List())
        {
            if (endpoints.Metadata.Annotations?.ContainsKey(LeaderAnnotation) != true)
            {
                _queue.Add(PodRules.Key(endpoints.Metadata));
            }
        }
        await QueueWorkers.RunAsync(_queue, Workers, SyncAsync, MaxRetries,
            (e, key, retry) => LogSyncFailed(e, key, retry), ct);
    }

    void IInformerHandler<V1Endpoints>.OnAdd(V1Endpoints obj)
    {
    }

    void IInformerHandler<V1Endpoints>.OnUpdate(V1Endpoints old, V1Endpoints current)
    {
    }

    /// <summary>A deleted Endpoints is written again if its Service still wants one.</summary>
    void IInformerHandler<V1Endpoints>.OnDelete(V1Endpoints obj) => _queue.Add(PodRules.Key(obj.Metadata));

    private async Task SyncAsync(string key, CancellationToken ct)
    {
        var (ns, name) = PodRules.SplitKey(key);
        var service = _services.Get(ns, name);
        if (service is null)
        {
            // The Service is gone: so is its Endpoints (the registry deletes it with the Service too; this catches the
            // ones left while the controller was down).
            try
            {
                await _registry.DeleteAsync(_endpointsKind, ns, name, new DeleteOptions(), ct);
            }
            catch (ApiException e) when (e.Code == 404)
            {
                // Gone already: what the delete wanted.
            }
            _triggerTimes.Delete(key);
            return;
        }
        if (service.Spec?.Type == "ExternalName" || !PodRules.HasSelector(service))
        {
            // Selectorless Services get their Endpoints from users; this controller never touches them.
            return;
        }
        var pods = _pods.Select(ns, service.Spec!.Selector!);
        // Computed even when nothing is written, so the tracker's state follows every sync.
        var triggerTime = _triggerTimes.Compute(key, service, pods);
        var subsets = EndpointSubsets.Repack(Subsets(service, pods));

        var currentJson = _registry.Find(_endpointsKind, ns, name);
        var current = currentJson is null ? null : (V1Endpoints)ObjectCodec.Decode(currentJson, typeof(V1Endpoints));
        var compareLabels = current?.Metadata.Labels?.Where(l => l.Key != HeadlessLabel).ToDictionary(l => l.Key, l => l.Value);
        if (current is not null
            && EndpointSubsets.EqualIgnoringResourceVersion(current.Subsets, subsets)
            && PodRules.SameMap(compareLabels, service.Metadata.Labels)
            && CapacityAnnotationSetCorrectly(current))
        {
            return;
        }

        var updated = current ?? new V1Endpoints { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns } };
        updated.Subsets = subsets.Count > 0 ? subsets : null;
        var labels = new Dictionary<string, string>(service.Metadata.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        if (IsServiceIpSet(service))
        {
            labels.Remove(HeadlessLabel);
        }
        else
        {
            labels[HeadlessLabel] = "";
        }
        updated.Metadata.Labels = labels.Count > 0 ? labels : null;
        var annotations = updated.Metadata.Annotations ?? new Dictionary<string, string>();
        if (triggerTime is { } t)
        {
            annotations[TriggerTimeAnnotation] = TriggerTimeTracker.Format(t);
        }
        else
        {
            annotations.Remove(TriggerTimeAnnotation);
        }
        if (updated.Subsets is not null && EndpointSubsets.Truncate(updated.Subsets))
        {
            annotations[OverCapacityAnnotation] = "truncated";
        }
        else
        {
            annotations.Remove(OverCapacityAnnotation);
        }
        updated.Metadata.Annotations = annotations.Count > 0 ? annotations : null;

        if (current is null)
        {
            try
            {
                await _registry.CreateAsync(_endpointsKind, ns, new DecodedObject(updated, null), new WriteOptions(), ct);
            }
            catch (ApiException e) when (e.IsNamespaceTerminating())
            {
                // The namespace is going away: creates keep failing, so the key is simply dropped.
                return;
            }
        }
        else
        {
            // The read version is the precondition: a concurrent write makes this a 409, and the key is retried.
            await _registry.UpdateAsync(_endpointsKind, ns, name, _ => new DecodedObject(updated, null), Subresource.None, new WriteOptions(), ct);
        }
    }

    /// <summary>One single-address subset per (pod, port) the Service selects, to be repacked.</summary>
    private static List<V1EndpointSubset> Subsets(V1Service service, IEnumerable<V1Pod> pods)
    {
        var publishNotReady = service.Spec?.PublishNotReadyAddresses == true;
        var ports = service.Spec?.Ports ?? [];
        var subsets = new List<V1EndpointSubset>();
        foreach (var pod in pods)
        {
            if (!PodRules.ShouldBeInEndpoints(pod, publishNotReady) || PodRules.IpFor(service, pod) is not { } ip)
            {
                continue;
            }
            var address = new V1EndpointAddress
            {
                Ip = ip,
                // Upstream points at spec.nodeName even when it is empty, which its own validation then refuses; a pod
                // with an IP has always been bound, unless a client wrote its status first: then there is no node.
                NodeName = string.IsNullOrEmpty(pod.Spec?.NodeName) ? null : pod.Spec.NodeName,
                TargetRef = new V1ObjectReference
                {
                    Kind = "Pod",
                    NamespaceProperty = pod.Metadata.NamespaceProperty,
                    Name = pod.Metadata.Name,
                    Uid = pod.Metadata.Uid,
                },
                Hostname = PodRules.ShouldSetHostname(pod, service) ? pod.Spec!.Hostname : null,
            };
            var ready = publishNotReady || PodRules.IsReady(pod);
            if (ports.Count == 0)
            {
                // Only a headless Service may have addresses without ports.
                if (service.Spec?.ClusterIP == "None")
                {
                    subsets.Add(Subset(address, null, ready));
                }
                continue;
            }
            foreach (var servicePort in ports)
            {
                if (PodRules.FindPort(pod, servicePort) is not { } number)
                {
                    continue;
                }
                subsets.Add(Subset(address, new Corev1EndpointPort
                {
                    Name = string.IsNullOrEmpty(servicePort.Name) ? null : servicePort.Name,
                    Port = number,
                    Protocol = servicePort.Protocol ?? "TCP",
                    AppProtocol = servicePort.AppProtocol,
                }, ready));
            }
        }
        return subsets;
    }

    private static V1EndpointSubset Subset(V1EndpointAddress address, Corev1EndpointPort? port, bool ready) => new()
    {
        Addresses = ready ? [address] : null,
        NotReadyAddresses = ready ? null : [address],
        Ports = port is null ? null : [port],
    };

    /// <summary>capacityAnnotationSetCorrectly: over capacity it never is (a truncation is due); under it, it must be absent.</summary>
    private static bool CapacityAnnotationSetCorrectly(V1Endpoints endpoints) =>
        EndpointSubsets.Count(endpoints.Subsets) <= EndpointSubsets.MaxCapacity
        && endpoints.Metadata.Annotations?.ContainsKey(OverCapacityAnnotation) != true;

    /// <summary>helper.IsServiceIPSet: a cluster IP that is neither empty nor None.</summary>
    private static bool IsServiceIpSet(V1Service service) => service.Spec?.ClusterIP is { Length: > 0 } ip && ip != "None";

    [LoggerMessage(EventId = 420, Level = LogLevel.Warning, Message = "Endpoints of Service {Key} failed to sync (retrying: {Retry})")]
    private partial void LogSyncFailed(Exception e, string key, bool retry);
}
