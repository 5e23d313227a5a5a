using k8s.Models;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.Endpoints;

/// <summary>
/// The triggers the endpoints and endpointslice controllers share (endpoints_controller.go and
/// endpointslice_controller.go handlers): a Service added, changed or deleted queues itself; a pod added or deleted
/// queues the Services of its namespace that select it; a pod update queues what
/// <see cref="PodRules.ServicesToUpdate"/> says it concerns.
/// </summary>
internal sealed class ServiceTriggers(WorkQueue<string> queue, Informer<V1Service> services) : IInformerHandler<V1Service>, IInformerHandler<V1Pod>
{
    public void OnAdd(V1Service obj) => queue.Add(PodRules.Key(obj.Metadata));

    public void OnUpdate(V1Service old, V1Service current) => queue.Add(PodRules.Key(current.Metadata));

    public void OnDelete(V1Service obj) => queue.Add(PodRules.Key(obj.Metadata));

    public void OnAdd(V1Pod obj) => AddAll(PodRules.Memberships(services.List(obj.Metadata.NamespaceProperty), obj));

    public void OnUpdate(V1Pod old, V1Pod current) => AddAll(PodRules.ServicesToUpdate(services.List(current.Metadata.NamespaceProperty), old, current));

    public void OnDelete(V1Pod obj) => AddAll(PodRules.Memberships(services.List(obj.Metadata.NamespaceProperty), obj));

    private void AddAll(IEnumerable<string> keys)
    {
        foreach (var key in keys)
        {
            queue.Add(key);
        }
    }
}
