using k8s.Models;
using MiniApiServer.Controllers.Endpoints;
using MiniApiServer.Registry.EndpointSlices;

namespace MiniApiServer.Controllers.EndpointSlices;

/// <summary>The writes a reconcile decided on: new slices (generateName set), changed slices, and slices to remove.</summary>
internal sealed record SlicePlan(List<V1EndpointSlice> Create, List<V1EndpointSlice> Update, List<V1EndpointSlice> Delete)
{
    public bool IsEmpty => Create.Count + Update.Count + Delete.Count == 0;
}

/// <summary>
/// staging/src/k8s.io/endpointslice/reconciler.go: turns the pods a Service selects and its existing slices into the
/// fewest slice writes. Per address type and per set of ports: keep each endpoint in the slice it is in, update the
/// ones that changed in place, drop the ones no longer wanted, fill the slices being written anyway, then an unchanged
/// slice that fits the rest exactly, then new slices of at most <see cref="MaxEndpointsPerSlice"/>; a creation and a
/// deletion become an update. A Service with nothing to publish keeps one empty placeholder slice.
/// </summary>
internal static class SliceReconciler
{
    /// <summary>--max-endpoints-per-slice' default.</summary>
    public const int MaxEndpointsPerSlice = EndpointSliceConventions.MaxEndpointsPerSlice;

    public static SlicePlan Reconcile(V1Service service, IReadOnlyList<V1Pod> pods, IReadOnlyList<V1EndpointSlice> existing,
        Func<string, V1Node?> nodes, string controllerName, List<string> skipped)
    {
        var plan = new SlicePlan([], [], []);
        var addressTypes = SliceEndpoints.AddressTypes(service);
        foreach (var addressType in addressTypes)
        {
            ReconcileAddressType(service, pods, [.. existing.Where(s => s.AddressType == addressType)], addressType, nodes, controllerName, plan, skipped);
        }
        // Slices of an address type the Service no longer has go.
        plan.Delete.AddRange(existing.Where(s => !addressTypes.Contains(s.AddressType)));
        return plan;
    }

    private static void ReconcileAddressType(V1Service service, IReadOnlyList<V1Pod> pods, List<V1EndpointSlice> existing, string addressType,
        Func<string, V1Node?> nodes, string controllerName, SlicePlan plan, List<string> skipped)
    {
        var create = new List<V1EndpointSlice>();
        var update = new List<V1EndpointSlice>();
        var delete = new List<V1EndpointSlice>();
        var existingByPorts = new Dictionary<string, List<V1EndpointSlice>>(StringComparer.Ordinal);
        foreach (var slice in existing)
        {
            if (SliceEndpoints.OwnedBy(slice, service))
            {
                Group(existingByPorts, SliceEndpoints.PortKey(slice.Ports)).Add(slice);
            }
            else
            {
                // A slice of an earlier Service of the same name.
                delete.Add(slice);
            }
        }

        var desiredPorts = new Dictionary<string, List<Discoveryv1EndpointPort>>(StringComparer.Ordinal);
        var desired = new Dictionary<string, Dictionary<string, V1Endpoint>>(StringComparer.Ordinal);
        foreach (var pod in pods.OrderBy(p => p.Metadata.Name, StringComparer.Ordinal))
        {
            // Slices keep terminating pods, marked as such.
            if (!PodRules.ShouldBeInEndpoints(pod, includeTerminating: true))
            {
                continue;
            }
            var ports = SliceEndpoints.Ports(service, pod);
            var portKey = SliceEndpoints.PortKey(ports);
            desiredPorts.TryAdd(portKey, ports);
            if (!desired.TryGetValue(portKey, out var set))
            {
                desired[portKey] = set = new Dictionary<string, V1Endpoint>(StringComparer.Ordinal);
            }
            var node = nodes(pod.Spec?.NodeName ?? "");
            if (node is null && service.Spec?.PublishNotReadyAddresses != true)
            {
                // A pod on a Node that does not exist is left out, and the Service retried (the pod GC would remove it).
                skipped.Add($"skipping Pod {pod.Metadata.Name} for Service {service.Metadata.NamespaceProperty}/{service.Metadata.Name}: Node {pod.Spec?.NodeName} Not Found");
                continue;
            }
            var endpoint = SliceEndpoints.FromPod(pod, node, service, addressType);
            if (endpoint.Addresses.Count > 0)
            {
                set[SliceEndpoints.Key(endpoint)] = endpoint;
            }
        }

        foreach (var (portKey, wanted) in desired)
        {
            var (c, u, d) = ReconcilePorts(service, existingByPorts.GetValueOrDefault(portKey) ?? [], wanted,
                new V1EndpointSlice { AddressType = addressType, Ports = desiredPorts[portKey] }, controllerName);
            create.AddRange(c);
            update.AddRange(u);
            delete.AddRange(d);
        }
        foreach (var (portKey, slices) in existingByPorts)
        {
            if (!desired.ContainsKey(portKey))
            {
                delete.AddRange(slices);
            }
        }

        if (existing.Count == delete.Count && create.Count == 0)
        {
            var placeholder = NewSlice(service, new V1EndpointSlice { AddressType = addressType, Ports = [] }, controllerName);
            if (delete.Count == 1 && IsPlaceholderLike(delete[0], placeholder))
            {
                // The placeholder is already there: keep it rather than delete and create it again.
                delete.Clear();
            }
            else
            {
                create.Add(placeholder);
            }
        }

        // finalize: a creation and a deletion of the same address type become an update of the deleted slice.
        for (var i = 0; i < delete.Count && create.Count > 0;)
        {
            var doomed = delete[i];
            var made = create[^1];
            if (doomed.AddressType == made.AddressType && SliceEndpoints.OwnedBy(doomed, service))
            {
                made.Metadata.Name = doomed.Metadata.Name;
                made.Metadata.GenerateName = null;
                made.Metadata.ResourceVersion = doomed.Metadata.ResourceVersion;
                create.RemoveAt(create.Count - 1);
                update.Add(made);
                delete.RemoveAt(i);
            }
            else
            {
                i++;
            }
        }
        plan.Create.AddRange(create);
        plan.Update.AddRange(update);
        plan.Delete.AddRange(delete);
    }

    /// <summary>reconcileByPortMapping, for the slices and wanted endpoints of one set of ports.</summary>
    private static (List<V1EndpointSlice> Create, List<V1EndpointSlice> Update, List<V1EndpointSlice> Delete) ReconcilePorts(
        V1Service service, List<V1EndpointSlice> existing, Dictionary<string, V1Endpoint> wanted, V1EndpointSlice meta, string controllerName)
    {
        var byName = new Dictionary<string, V1EndpointSlice>(StringComparer.Ordinal);
        var unchanged = new List<string>();
        var toUpdate = new List<string>();
        var toDelete = new List<string>();

        // 1. Keep wanted endpoints where they are, updated; drop the others.
        foreach (var slice in existing)
        {
            var name = slice.Metadata.Name;
            byName[name] = slice;
            var kept = new List<V1Endpoint>();
            var endpointUpdated = false;
            foreach (var endpoint in slice.Endpoints ?? [])
            {
                var key = SliceEndpoints.Key(endpoint);
                if (wanted.Remove(key, out var got))
                {
                    kept.Add(got);
                    endpointUpdated |= !SliceEndpoints.EqualBeyondKey(got, endpoint);
                }
            }
            var (labels, labelsChanged) = SliceEndpoints.Labels(slice, service, controllerName);
            if (endpointUpdated || kept.Count != (slice.Endpoints?.Count ?? 0))
            {
                if (kept.Count == 0)
                {
                    toDelete.Add(name);
                }
                else
                {
                    byName[name] = Copy(slice, kept, labels);
                    toUpdate.Add(name);
                }
            }
            else if (labelsChanged)
            {
                byName[name] = Copy(slice, slice.Endpoints ?? [], labels);
                toUpdate.Add(name);
            }
            else
            {
                unchanged.Add(name);
            }
        }

        var remaining = new Queue<V1Endpoint>(wanted.Values);

        // 2. Fill the slices being written anyway, fullest first.
        foreach (var slice in toUpdate.Select(n => byName[n]).OrderByDescending(s => s.Endpoints.Count).ToList())
        {
            while (remaining.Count > 0 && slice.Endpoints.Count < MaxEndpointsPerSlice)
            {
                slice.Endpoints.Add(remaining.Dequeue());
            }
        }

        // 3. The rest into an unchanged slice they fit exactly, else into new slices.
        var create = new List<V1EndpointSlice>();
        while (remaining.Count > 0)
        {
            V1EndpointSlice? fill = null;
            if (remaining.Count < MaxEndpointsPerSlice && unchanged.Count > 0)
            {
                fill = SliceToFill(unchanged.Select(n => byName[n]), remaining.Count);
            }
            if (fill is null)
            {
                fill = NewSlice(service, meta, controllerName);
            }
            else
            {
                fill = Copy(fill, fill.Endpoints ?? [], fill.Metadata.Labels);
                byName[fill.Metadata.Name] = fill;
            }
            while (remaining.Count > 0 && fill.Endpoints.Count < MaxEndpointsPerSlice)
            {
                fill.Endpoints.Add(remaining.Dequeue());
            }
            if (!string.IsNullOrEmpty(fill.Metadata.Name))
            {
                toUpdate.Add(fill.Metadata.Name);
                unchanged.Remove(fill.Metadata.Name);
            }
            else
            {
                create.Add(fill);
            }
        }
        return (create, [.. toUpdate.Distinct().Select(n => byName[n])], [.. toDelete.Select(n => byName[n])]);
    }

    /// <summary>getSliceToFill: the slice that the endpoints would bring closest to full.</summary>
    private static V1EndpointSlice? SliceToFill(IEnumerable<V1EndpointSlice> slices, int count)
    {
        var closestDiff = MaxEndpointsPerSlice;
        V1EndpointSlice? closest = null;
        foreach (var slice in slices)
        {
            var diff = MaxEndpointsPerSlice - (count + (slice.Endpoints?.Count ?? 0));
            if (diff >= 0 && diff < closestDiff)
            {
                closestDiff = diff;
                closest = slice;
                if (diff == 0)
                {
                    break;
                }
            }
        }
        return closest;
    }

    /// <summary>newEndpointSlice: named after the Service by the server, owned by it, labelled as managed.</summary>
    private static V1EndpointSlice NewSlice(V1Service service, V1EndpointSlice meta, string controllerName)
    {
        var slice = new V1EndpointSlice
        {
            Metadata = new V1ObjectMeta
            {
                GenerateName = SliceEndpoints.GenerateName(service.Metadata.Name),
                NamespaceProperty = service.Metadata.NamespaceProperty,
                OwnerReferences = [SliceEndpoints.ControllerRef(service)],
            },
            AddressType = meta.AddressType,
            Ports = [.. meta.Ports ?? []],
            Endpoints = [],
        };
        slice.Metadata.Labels = SliceEndpoints.Labels(slice, service, controllerName).Labels;
        return slice;
    }

    /// <summary>placeholderSliceCompare: same namespace, labels, owner, address type and no ports or endpoints.</summary>
    private static bool IsPlaceholderLike(V1EndpointSlice existing, V1EndpointSlice placeholder) =>
        existing.Metadata.NamespaceProperty == placeholder.Metadata.NamespaceProperty
        && PodRules.SameMap(existing.Metadata.Labels, placeholder.Metadata.Labels)
        && existing.AddressType == placeholder.AddressType
        && (existing.Ports?.Count ?? 0) == 0 && (existing.Endpoints?.Count ?? 0) == 0
        && (existing.Metadata.OwnerReferences?.Count ?? 0) == 1
        && existing.Metadata.OwnerReferences![0].Uid == placeholder.Metadata.OwnerReferences![0].Uid;

    private static V1EndpointSlice Copy(V1EndpointSlice slice, IEnumerable<V1Endpoint> endpoints, IDictionary<string, string>? labels) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = slice.Metadata.Name,
            NamespaceProperty = slice.Metadata.NamespaceProperty,
            ResourceVersion = slice.Metadata.ResourceVersion,
            Uid = slice.Metadata.Uid,
            CreationTimestamp = slice.Metadata.CreationTimestamp,
            Generation = slice.Metadata.Generation,
            Labels = labels is null ? null : new Dictionary<string, string>(labels),
            Annotations = slice.Metadata.Annotations is null ? null : new Dictionary<string, string>(slice.Metadata.Annotations),
            OwnerReferences = slice.Metadata.OwnerReferences,
            Finalizers = slice.Metadata.Finalizers,
        },
        AddressType = slice.AddressType,
        Ports = slice.Ports,
        Endpoints = [.. endpoints],
    };

    private static List<V1EndpointSlice> Group(Dictionary<string, List<V1EndpointSlice>> groups, string key)
    {
        if (!groups.TryGetValue(key, out var list))
        {
            groups[key] = list = [];
        }
        return list;
    }
}
