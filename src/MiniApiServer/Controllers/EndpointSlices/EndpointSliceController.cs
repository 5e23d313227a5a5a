using System.Collections.Concurrent;
using System.Text.Json;
using k8s.Models;
using MiniApiServer.Controllers.Endpoints;
using MiniApiServer.Controllers.Runtime;
using MiniApiServer.Machinery;
using MiniApiServer.Registry;
using MiniApiServer.Registry.EndpointSlices;

namespace MiniApiServer.Controllers.EndpointSlices;

/// <summary>
/// kube-controller-manager's endpointslice controller (pkg/controller/endpointslice/endpointslice_controller.go): for
/// every Service with a selector, EndpointSlices labelled <c>kubernetes.io/service-name</c> and managed by
/// <c>endpointslice-controller.k8s.io</c>, holding its pods with their conditions, at most 100 per slice. Keyed by
/// Service like the endpoints controller; a sync reads the Service's slices from the slice informer's label index once
/// the informer reflects this controller's own last write for it, so a slice just created is never created twice.
/// </summary>
internal sealed partial class EndpointSliceController : IController, IInformerHandler<V1EndpointSlice>
{
    public const string ControllerName = EndpointSliceConventions.EndpointSliceControllerName;

    /// <summary>
    /// Syncs in flight (upstream's default is 5, sized for etcd round trips): here a sync's write waits for the store's
    /// group commit, so more of them in flight share one fsync instead of queueing behind each other.
    /// </summary>
    private const int Workers = 16;
    private const int MaxRetries = 15;

    /// <summary>How long a sync waits for the slice informer to catch up with this controller's own writes.</summary>
    private static readonly TimeSpan CacheWait = TimeSpan.FromSeconds(10);

    private readonly GenericRegistry _registry;
    private readonly KindRegistration _slicesKind;
    private readonly Informer<V1Service> _services;
    private readonly Informer<V1Pod> _pods;
    private readonly Informer<V1Node> _nodes;
    private readonly Informer<V1EndpointSlice> _slices;
    // The newest version this controller wrote (or deleted) among each Service's slices: a sync waits until the slice
    // informer has seen it, so its view of the Service's slices is never older than its own last write.
    private readonly ConcurrentDictionary<string, long> _lastWrite = new(StringComparer.Ordinal);
    private readonly WorkQueue<string> _queue = new();
    private readonly TriggerTimeTracker _triggerTimes = new();
    // The version of each slice this controller last wrote ("" once it deleted it): its own writes coming back through
    // the informer need no sync (upstream's EndpointSliceTracker).
    private readonly ConcurrentDictionary<string, string> _written = new(StringComparer.Ordinal);
    private readonly ILogger<EndpointSliceController> _logger;

    public EndpointSliceController(GenericRegistry registry, SharedInformers informers, ILogger<EndpointSliceController> logger)
    {
        _registry = registry;
        _logger = logger;
        _slicesKind = registry.Catalog.Get(new GroupResource("discovery.k8s.io", "endpointslices"));
        _services = informers.For<V1Service>();
        _pods = informers.For<V1Pod>();
        _nodes = informers.For<V1Node>();
        var triggers = new ServiceTriggers(_queue);
        _services.AddHandler(triggers);
        _pods.AddHandler(triggers);
        _slices = informers.For<V1EndpointSlice>();
        _slices.AddHandler(this);
    }


    public async Task RunAsync(CancellationToken ct)
    {
        using var stop = ct.Register(_queue.ShutDown);
        await QueueWorkers.RunAsync(_queue, Workers, SyncAsync, MaxRetries, (e, key, retry) => LogSyncFailed(e, key, retry), ct);
    }

    void IInformerHandler<V1EndpointSlice>.OnAdd(V1EndpointSlice obj) => SliceChanged(obj, obj.Metadata.ResourceVersion);

    /// <summary>A slice leaving or joining this controller's care, or changed by someone else, resyncs its Service.</summary>
    void IInformerHandler<V1EndpointSlice>.OnUpdate(V1EndpointSlice old, V1EndpointSlice current)
    {
        if (Managed(old) != Managed(current) && ServiceKey(old) is { } oldKey)
        {
            _queue.Add(oldKey);
        }
        SliceChanged(current, current.Metadata.ResourceVersion);
    }

    void IInformerHandler<V1EndpointSlice>.OnDelete(V1EndpointSlice obj) => SliceChanged(obj, "");

    private void SliceChanged(V1EndpointSlice slice, string seen)
    {
        var sliceKey = PodRules.Key(slice.Metadata);
        if (!Managed(slice) || ServiceKey(slice) is not { } key)
        {
            return;
        }
        if (_written.TryGetValue(sliceKey, out var mine) && mine == seen)
        {
            if (seen.Length == 0)
            {
                _written.TryRemove(sliceKey, out _);
            }
            return;
        }
        _queue.Add(key);
    }

    private static bool Managed(V1EndpointSlice slice) =>
        slice.Metadata.Labels?.TryGetValue(SliceEndpoints.ManagedByLabel, out var by) == true && by == ControllerName;

    private static string? ServiceKey(V1EndpointSlice slice) =>
        slice.Metadata.Labels?.TryGetValue(SliceEndpoints.ServiceNameLabel, out var name) == true && name.Length > 0
            ? slice.Metadata.NamespaceProperty + "/" + name
            : null;

    private async Task SyncAsync(string key, CancellationToken ct)
    {
        var (ns, name) = PodRules.SplitKey(key);
        var existing = await ExistingAsync(key, ns, name, ct);
        var service = _services.Get(ns, name);
        if (service is null || service.Spec?.Type == "ExternalName" || !PodRules.HasSelector(service))
        {
            _triggerTimes.Delete(key);
            if (service is null)
            {
                // Upstream leaves this to the garbage collector (the slices are owned by the Service); it is done here.
                foreach (var slice in existing)
                {
                    await DeleteAsync(key, slice, ct);
                }
            }
            return;
        }
        var pods = _pods.Select(ns, service.Spec!.Selector!);
        var triggerTime = _triggerTimes.Compute(key, service, pods);
        var skipped = new List<string>();
        var plan = SliceReconciler.Reconcile(service, pods, existing, nodeName => _nodes.Get("", nodeName), ControllerName, skipped);

        // No new slices for a Service being deleted: the garbage collector would race them.
        if (service.Metadata.DeletionTimestamp is null)
        {
            foreach (var slice in plan.Create)
            {
                SetTriggerTime(slice, triggerTime);
                try
                {
                    var created = await _registry.CreateAsync(_slicesKind, ns, new DecodedObject(slice, null), new WriteOptions(), ct);
                    Remember(key, created.Json);
                }
                catch (ApiException e) when (e.IsNamespaceTerminating())
                {
                    return;
                }
            }
        }
        foreach (var slice in plan.Update)
        {
            SetTriggerTime(slice, triggerTime);
            var updated = await _registry.UpdateAsync(_slicesKind, ns, slice.Metadata.Name, _ => new DecodedObject(slice, null),
                Subresource.None, new WriteOptions(), ct);
            Remember(key, updated.Json);
        }
        foreach (var slice in plan.Delete)
        {
            await DeleteAsync(key, slice, ct);
        }
        if (skipped.Count > 0)
        {
            // Retried with back-off, as upstream: the Node may yet appear.
            throw new InvalidOperationException(string.Join("; ", skipped));
        }
    }

    /// <summary>
    /// This controller's slices of the Service, from the slice informer's label index once it has seen this controller's
    /// last write for the Service (so a slice just created is never created twice); copies, for the reconciler to edit.
    /// </summary>
    private async Task<IReadOnlyList<V1EndpointSlice>> ExistingAsync(string key, string ns, string serviceName, CancellationToken ct)
    {
        if (_lastWrite.TryGetValue(key, out var written))
        {
            using var patience = CancellationTokenSource.CreateLinkedTokenSource(ct);
            patience.CancelAfter(CacheWait);
            await _slices.WaitForRevisionAsync(written, patience.Token);
        }
        var selector = new Dictionary<string, string>
        {
            [SliceEndpoints.ServiceNameLabel] = serviceName,
            [SliceEndpoints.ManagedByLabel] = ControllerName,
        };
        return [.. _slices.Select(ns, selector).Select(Clone)];
    }

    private static V1EndpointSlice Clone(V1EndpointSlice slice) =>
        JsonSerializer.Deserialize<V1EndpointSlice>(JsonSerializer.SerializeToUtf8Bytes(slice, KubernetesJsonOptions.Default), KubernetesJsonOptions.Default)!;

    private void Wrote(string key, long revision) =>
        _lastWrite.AddOrUpdate(key, revision, (_, known) => Math.Max(known, revision));

    private async Task DeleteAsync(string key, V1EndpointSlice slice, CancellationToken ct)
    {
        _written[PodRules.Key(slice.Metadata)] = "";
        try
        {
            var deleted = await _registry.DeleteAsync(_slicesKind, slice.Metadata.NamespaceProperty, slice.Metadata.Name, new DeleteOptions(), ct);
            Wrote(key, ObjectVersion.Of(deleted.Json));
        }
        catch (ApiException e) when (e.Code == 404)
        {
            // Gone already: what the delete wanted.
        }
    }

    private void Remember(string key, byte[] json)
    {
        var written = (V1EndpointSlice)ObjectCodec.Decode(json, typeof(V1EndpointSlice));
        _written[PodRules.Key(written.Metadata)] = written.Metadata.ResourceVersion;
        Wrote(key, ObjectVersion.Parse(written.Metadata.ResourceVersion));
    }

    private static void SetTriggerTime(V1EndpointSlice slice, DateTime? triggerTime)
    {
        var annotations = slice.Metadata.Annotations ?? new Dictionary<string, string>();
        if (triggerTime is { } t)
        {
            annotations[SliceEndpoints.TriggerTimeAnnotation] = TriggerTimeTracker.Format(t);
        }
        else
        {
            annotations.Remove(SliceEndpoints.TriggerTimeAnnotation);
        }
        slice.Metadata.Annotations = annotations.Count > 0 ? annotations : null;
    }

    [LoggerMessage(EventId = 430, Level = LogLevel.Warning, Message = "EndpointSlices of Service {Key} failed to sync (retrying: {Retry})")]
    private partial void LogSyncFailed(Exception e, string key, bool retry);
}
