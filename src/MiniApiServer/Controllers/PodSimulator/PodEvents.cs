using k8s.Models;
using MiniApiServer.Registry.Events;

namespace MiniApiServer.Controllers.PodSimulator;

/// <summary>
/// The Events a default scheduler and a kubelet record for a pod they place and run, worded as kube-scheduler and the
/// kubelet of 1.33 word them: the scheduler's <c>Scheduled</c> through events.k8s.io (pkg/scheduler/schedule_one.go),
/// and per container the kubelet's <c>Pulled</c> (pkg/kubelet/images/image_manager.go: the simulated node has every
/// image, so it is always already present), <c>Created</c> and <c>Started</c> (pkg/kubelet/kuberuntime/
/// kuberuntime_container.go startContainer), core/v1 Events from source <c>kubelet</c> on the node, about the container
/// (<c>spec.containers{name}</c>, kubecontainer.GenerateContainerRef).
/// </summary>
internal sealed class PodEvents(EventRecorder recorder, string nodeName)
{
    private readonly V1EventSource _kubelet = new() { Component = "kubelet", Host = nodeName };

    public void Scheduled(V1Pod pod) =>
        recorder.Eventf(PodSimulator.DefaultScheduler, EventRecorder.Instance(PodSimulator.DefaultScheduler), EventRecorder.Reference(pod, "v1", "Pod"),
            "Normal", "Scheduled", "Binding", $"Successfully assigned {pod.Metadata.NamespaceProperty}/{pod.Metadata.Name} to {nodeName}");

    /// <summary>Init containers first, then the others, each pulled, created and started in turn.</summary>
    public void ContainersStarted(V1Pod pod)
    {
        foreach (var c in pod.Spec?.InitContainers ?? [])
        {
            Started(pod, c, $"spec.initContainers{{{c.Name}}}");
        }
        foreach (var c in pod.Spec?.Containers ?? [])
        {
            Started(pod, c, $"spec.containers{{{c.Name}}}");
        }
    }

    private void Started(V1Pod pod, V1Container container, string fieldPath)
    {
        var reference = EventRecorder.Reference(pod, "v1", "Pod", fieldPath);
        recorder.Event(_kubelet, reference, "Normal", "Pulled", $"Container image \"{container.Image}\" already present on machine");
        recorder.Event(_kubelet, reference, "Normal", "Created", $"Created container: {container.Name}");
        recorder.Event(_kubelet, reference, "Normal", "Started", $"Started container {container.Name}");
    }
}
