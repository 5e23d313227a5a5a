using k8s.Models;
using MiniApiServer.Controllers.Endpoints;
using MiniApiServer.Controllers.Runtime;
using MiniApiServer.Machinery;
using MiniApiServer.Registry;
using MiniApiServer.Registry.EndpointSlices;

namespace MiniApiServer.Controllers.EndpointSlices;

/// <summary>
/// kube-controller-manager's endpointslicemirroring controller (pkg/controller/endpointslicemirroring): the hand-written
/// Endpoints of a selectorless Service are mirrored into EndpointSlices managed by
/// <c>endpointslicemirroring-controller.k8s.io</c>, one slice per subset's ports and address type, at most 1000
/// addresses per subset; Endpoints labelled <c>endpointslice.kubernetes.io/skip-mirror: "true"</c> or carrying a
/// leader-election record are not mirrored. Keyed by the Endpoints' (and Service's) namespace/name.
/// </summary>
internal sealed partial class MirroringController : IController,
    IInformerHandler<V1Service>, IInformerHandler<V1Endpoints>, IInformerHandler<V1EndpointSlice>
{
    public const string ControllerName = EndpointSliceConventions.MirroringControllerName;

    /// <summary>--mirroring-max-endpoints-per-subset' default.</summary>
    public const int MaxEndpointsPerSubset = 1000;

    private const int Workers = 5;
    private const int MaxRetries = 15;
    private const string SkipMirrorLabel = EndpointSliceConventions.LabelSkipMirror;
    private const string LeaderAnnotation = "control-plane.alpha.kubernetes.io/leader";
    private const string LastAppliedAnnotation = "kubectl.kubernetes.io/last-applied-configuration";

    private readonly GenericRegistry _registry;
    private readonly KindRegistration _slicesKind;
    private readonly Informer<V1Service> _services;
    private readonly Informer<V1Endpoints> _endpoints;
    private readonly Informer<V1EndpointSlice> _slices;
    // As the endpointslice controller: a sync waits until the slice informer has seen this controller's last write.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _lastWrite = new(StringComparer.Ordinal);
    private readonly WorkQueue<string> _queue = new();
    private readonly ILogger<MirroringController> _logger;

    public MirroringController(GenericRegistry registry, SharedInformers informers, ILogger<MirroringController> logger)
    {
        _registry = registry;
        _logger = logger;
        _slicesKind = registry.Catalog.Get(new GroupResource("discovery.k8s.io", "endpointslices"));
        _services = informers.For<V1Service>();
        _endpoints = informers.For<V1Endpoints>();
        _services.AddHandler(this);
        _endpoints.AddHandler(this);
        _slices = informers.For<V1EndpointSlice>();
        _slices.AddHandler(this);
    }

    public async Task RunAsync(CancellationToken ct)
    {
        using var stop = ct.Register(_queue.ShutDown);
        await QueueWorkers.RunAsync(_queue, Workers, SyncAsync, MaxRetries, (e, key, retry) => LogSyncFailed(e, key, retry), ct);
    }

    void IInformerHandler<V1Service>.OnAdd(V1Service obj) => _queue.Add(PodRules.Key(obj.Metadata));

    /// <summary>Only a Service without a selector before or after concerns mirroring.</summary>
    void IInformerHandler<V1Service>.OnUpdate(V1Service old, V1Service current)
    {
        if (!PodRules.HasSelector(old) || !PodRules.HasSelector(current))
        {
            _queue.Add(PodRules.Key(current.Metadata));
        }
    }

    void IInformerHandler<V1Service>.OnDelete(V1Service obj) => _queue.Add(PodRules.Key(obj.Metadata));

    void IInformerHandler<V1Endpoints>.OnAdd(V1Endpoints obj)
    {
        if (ShouldMirror(obj))
        {
            _queue.Add(PodRules.Key(obj.Metadata));
        }
    }

    void IInformerHandler<V1Endpoints>.OnUpdate(V1Endpoints old, V1Endpoints current)
    {
        if (ShouldMirror(old) || ShouldMirror(current))
        {
            _queue.Add(PodRules.Key(current.Metadata));
        }
    }

    void IInformerHandler<V1Endpoints>.OnDelete(V1Endpoints obj) => _queue.Add(PodRules.Key(obj.Metadata));

    void IInformerHandler<V1EndpointSlice>.OnAdd(V1EndpointSlice obj) => SliceChanged(obj);

    void IInformerHandler<V1EndpointSlice>.OnUpdate(V1EndpointSlice old, V1EndpointSlice current)
    {
        SliceChanged(old);
        SliceChanged(current);
    }

    void IInformerHandler<V1EndpointSlice>.OnDelete(V1EndpointSlice obj) => SliceChanged(obj);

    private void SliceChanged(V1EndpointSlice slice)
    {
        var labels = slice.Metadata.Labels;
        if (labels?.TryGetValue(SliceEndpoints.ManagedByLabel, out var by) == true && by == ControllerName
            && labels.TryGetValue(SliceEndpoints.ServiceNameLabel, out var name) && name.Length > 0)
        {
            _queue.Add(slice.Metadata.NamespaceProperty + "/" + name);
        }
    }

    /// <summary>shouldMirror: not marked to skip, and not a leader-election record.</summary>
    private static bool ShouldMirror(V1Endpoints endpoints) =>
        !(endpoints.Metadata.Labels?.TryGetValue(SkipMirrorLabel, out var skip) == true && skip == "true")
        && endpoints.Metadata.Annotations?.ContainsKey(LeaderAnnotation) != true;

    private async Task SyncAsync(string key, CancellationToken ct)
    {
        var (ns, name) = PodRules.SplitKey(key);
        if (_lastWrite.TryGetValue(key, out var written))
        {
            using var patience = CancellationTokenSource.CreateLinkedTokenSource(ct);
            patience.CancelAfter(TimeSpan.FromSeconds(10));
            await _slices.WaitForRevisionAsync(written, patience.Token);
        }
        // Read, never modified: the slices written are new objects.
        var existing = _slices.Select(ns, new Dictionary<string, string>
        {
            [SliceEndpoints.ServiceNameLabel] = name,
            [SliceEndpoints.ManagedByLabel] = ControllerName,
        }).ToList();
        var endpoints = _endpoints.Get(ns, name);
        var service = _services.Get(ns, name);
        if (endpoints is null || !ShouldMirror(endpoints) || service is null || PodRules.HasSelector(service))
        {
            foreach (var slice in existing)
            {
                await DeleteAsync(key, slice, ct);
            }
            return;
        }

        // The desired endpoints by address type and ports (reconciler_helpers.go desiredCalc).
        var desired = new Dictionary<string, (string AddressType, List<Discoveryv1EndpointPort> Ports, Dictionary<string, V1Endpoint> Endpoints)>(StringComparer.Ordinal);
        foreach (var subset in endpoints.Subsets ?? [])
        {
            var ports = (subset.Ports ?? []).Select(p => new Discoveryv1EndpointPort
            {
                Name = p.Name ?? "",
                Port = p.Port,
                Protocol = p.Protocol ?? "TCP",
                AppProtocol = p.AppProtocol,
            }).ToList();
            var added = 0;
            foreach (var (address, ready) in (subset.Addresses ?? []).Select(a => (a, true)).Concat((subset.NotReadyAddresses ?? []).Select(a => (a, false))))
            {
                if (added >= MaxEndpointsPerSubset)
                {
                    break;
                }
                if (!System.Net.IPAddress.TryParse(address.Ip, out var ip))
                {
                    continue;
                }
                added++;
                var addressType = ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "IPv6" : "IPv4";
                var groupKey = addressType + "/" + SliceEndpoints.PortKey(ports);
                if (!desired.TryGetValue(groupKey, out var group))
                {
                    desired[groupKey] = group = (addressType, ports, new Dictionary<string, V1Endpoint>(StringComparer.Ordinal));
                }
                var endpoint = new V1Endpoint
                {
                    Addresses = [ip.ToString()],
                    Conditions = new V1EndpointConditions { Ready = ready },
                    TargetRef = address.TargetRef,
                    NodeName = address.NodeName,
                    Hostname = string.IsNullOrEmpty(address.Hostname) ? null : address.Hostname,
                };
                group.Endpoints[SliceEndpoints.Key(endpoint)] = endpoint;
            }
        }

        var existingByKey = existing.GroupBy(s => s.AddressType + "/" + SliceEndpoints.PortKey(s.Ports)).ToDictionary(g => g.Key, g => g.ToList());
        var create = new List<V1EndpointSlice>();
        var update = new List<V1EndpointSlice>();
        var delete = new List<V1EndpointSlice>();
        foreach (var (groupKey, group) in desired)
        {
            var slices = existingByKey.GetValueOrDefault(groupKey) ?? [];
            if (group.Endpoints.Count == 0)
            {
                delete.AddRange(slices);
                continue;
            }
            delete.AddRange(slices.Skip(1));
            if (slices.Count > 0 && Unchanged(slices[0], group.Endpoints))
            {
                continue;
            }
            var slice = NewSlice(endpoints, group.Ports, group.AddressType, slices.Count > 0 ? slices[0] : null);
            slice.Endpoints = [.. group.Endpoints.Values.Take(MaxEndpointsPerSubset)];
            (slices.Count > 0 ? update : create).Add(slice);
        }
        delete.AddRange(existingByKey.Where(g => !desired.ContainsKey(g.Key)).SelectMany(g => g.Value));

        // recycleSlices: a creation and a deletion of the same address type become an update.
        for (var i = 0; i < delete.Count && create.Count > 0;)
        {
            if (delete[i].AddressType == create[^1].AddressType)
            {
                var made = create[^1];
                made.Metadata.Name = delete[i].Metadata.Name;
                made.Metadata.GenerateName = null;
                create.RemoveAt(create.Count - 1);
                update.Add(made);
                delete.RemoveAt(i);
            }
            else
            {
                i++;
            }
        }
        if (endpoints.Metadata.DeletionTimestamp is null)
        {
            foreach (var slice in create)
            {
                try
                {
                    Wrote(key, (await _registry.CreateAsync(_slicesKind, ns, new DecodedObject(slice, null), new WriteOptions(), ct)).Json);
                }
                catch (ApiException e) when (e.IsNamespaceTerminating())
                {
                    return;
                }
            }
        }
        foreach (var slice in update)
        {
            Wrote(key, (await _registry.UpdateAsync(_slicesKind, ns, slice.Metadata.Name, _ => new DecodedObject(slice, null), Subresource.None, new WriteOptions(), ct)).Json);
        }
        foreach (var slice in delete)
        {
            await DeleteAsync(key, slice, ct);
        }
    }

    /// <summary>totalChanges is zero: every wanted endpoint is there as wanted, and nothing else.</summary>
    private static bool Unchanged(V1EndpointSlice slice, Dictionary<string, V1Endpoint> wanted)
    {
        var matches = 0;
        foreach (var endpoint in slice.Endpoints ?? [])
        {
            if (!wanted.TryGetValue(SliceEndpoints.Key(endpoint), out var got) || !SliceEndpoints.EqualBeyondKey(got, endpoint)
                || got.Conditions?.Ready != endpoint.Conditions?.Ready)
            {
                return false;
            }
            matches++;
        }
        return matches == wanted.Count;
    }

    /// <summary>newEndpointSlice (mirroring utils.go): the Endpoints' labels and annotations, owned by the Endpoints.</summary>
    private static V1EndpointSlice NewSlice(V1Endpoints endpoints, List<Discoveryv1EndpointPort> ports, string addressType, V1EndpointSlice? reuse)
    {
        var labels = new Dictionary<string, string>(endpoints.Metadata.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal)
        {
            [SliceEndpoints.ServiceNameLabel] = endpoints.Metadata.Name,
            [SliceEndpoints.ManagedByLabel] = ControllerName,
        };
        var annotations = (endpoints.Metadata.Annotations ?? new Dictionary<string, string>())
            .Where(a => a.Key is not (SliceEndpoints.TriggerTimeAnnotation or LastAppliedAnnotation))
            .ToDictionary(StringComparer.Ordinal);
        return new V1EndpointSlice
        {
            Metadata = new V1ObjectMeta
            {
                Name = reuse?.Metadata.Name,
                GenerateName = reuse is null ? SliceEndpoints.GenerateName(endpoints.Metadata.Name) : null,
                NamespaceProperty = endpoints.Metadata.NamespaceProperty,
                ResourceVersion = reuse?.Metadata.ResourceVersion,
                Labels = labels,
                Annotations = annotations.Count > 0 ? annotations : null,
                OwnerReferences =
                [
                    new V1OwnerReference
                    {
                        ApiVersion = "v1",
                        Kind = "Endpoints",
                        Name = endpoints.Metadata.Name,
                        Uid = endpoints.Metadata.Uid,
                        Controller = true,
                        BlockOwnerDeletion = true,
                    },
                ],
            },
            AddressType = addressType,
            Ports = ports,
            Endpoints = [],
        };
    }

    private void Wrote(string key, byte[] json)
    {
        var revision = ObjectVersion.Of(json);
        _lastWrite.AddOrUpdate(key, revision, (_, known) => Math.Max(known, revision));
    }

    private async Task DeleteAsync(string key, V1EndpointSlice slice, CancellationToken ct)
    {
        try
        {
            Wrote(key, (await _registry.DeleteAsync(_slicesKind, slice.Metadata.NamespaceProperty, slice.Metadata.Name, new DeleteOptions(), ct)).Json);
        }
        catch (ApiException e) when (e.Code == 404)
        {
            // Gone already: what the delete wanted.
        }
    }

    [LoggerMessage(EventId = 440, Level = LogLevel.Warning, Message = "Mirrored EndpointSlices of {Key} failed to sync (retrying: {Retry})")]
    private partial void LogSyncFailed(Exception e, string key, bool retry);
}
