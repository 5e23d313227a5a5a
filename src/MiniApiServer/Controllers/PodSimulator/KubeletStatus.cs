using System.Security.Cryptography;
using System.Text;
using k8s.Models;

namespace MiniApiServer.Controllers.PodSimulator;

/// <summary>
/// The status a kubelet reports for a running pod (pkg/kubelet/status/generate.go, kubelet_pods.go): phase Running, the
/// PodReadyToStartContainers, Initialized, ContainersReady and Ready conditions with their transition times, every
/// container running and ready, the pod and host IPs, and the start time. Readiness gates are honoured: Ready is False,
/// with the kubelet's reason and message, until every gate's condition is True.
/// </summary>
internal static class KubeletStatus
{
    public const string ReadinessGatesNotReady = "ReadinessGatesNotReady";

    /// <summary>
    /// The pod's status with what the kubelet owns set, keeping what others own (PodScheduled, readiness gate conditions,
    /// QoS class). Times already set are kept, so an unchanged pod yields an unchanged status.
    /// </summary>
    public static V1PodStatus For(V1Pod pod, string podIp, string hostIp, DateTime now)
    {
        var old = pod.Status ?? new V1PodStatus();
        var startTime = old.StartTime ?? now;
        var conditions = (old.Conditions ?? []).Where(c => c.Type is not ("PodReadyToStartContainers" or "Initialized" or "ContainersReady" or "Ready")).ToList();
        var (ready, reason, message) = Readiness(pod);
        conditions.Add(Condition(old, "PodReadyToStartContainers", true, now));
        conditions.Add(Condition(old, "Initialized", true, now));
        conditions.Add(Condition(old, "Ready", ready, now, reason, message));
        conditions.Add(Condition(old, "ContainersReady", true, now));
        return new V1PodStatus
        {
            Phase = "Running",
            Conditions = [.. conditions.OrderBy(c => Order(c.Type))],
            HostIP = hostIp,
            HostIPs = [new V1HostIP { Ip = hostIp }],
            PodIP = podIp,
            PodIPs = [new V1PodIP { Ip = podIp }],
            StartTime = startTime,
            QosClass = old.QosClass,
            InitContainerStatuses = pod.Spec?.InitContainers is { Count: > 0 } inits
                ? [.. inits.Select(c => InitContainerStatus(pod, c, old.InitContainerStatuses, startTime))]
                : null,
            ContainerStatuses = [.. (pod.Spec?.Containers ?? []).Select(c => ContainerStatus(pod, c, old.ContainerStatuses, startTime))],
        };
    }

    /// <summary>generatePodReadyCondition with readiness gates: every gate's condition must be True.</summary>
    public static (bool Ready, string? Reason, string? Message) Readiness(V1Pod pod)
    {
        var unready = new List<string>();
        foreach (var gate in pod.Spec?.ReadinessGates ?? [])
        {
            var condition = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == gate.ConditionType);
            if (condition is null)
            {
                unready.Add($"corresponding condition of pod readiness gate \"{gate.ConditionType}\" does not exist.");
            }
            else if (condition.Status != "True")
            {
                unready.Add($"the status of pod readiness gate \"{gate.ConditionType}\" is not \"True\", but {condition.Status}");
            }
        }
        return unready.Count == 0 ? (true, null, null) : (false, ReadinessGatesNotReady, string.Join(", ", unready));
    }

    /// <summary>A condition, its transition time kept while its status is unchanged (podutil.UpdatePodCondition).</summary>
    private static V1PodCondition Condition(V1PodStatus old, string type, bool status, DateTime now, string? reason = null, string? message = null)
    {
        var value = status ? "True" : "False";
        var previous = old.Conditions?.FirstOrDefault(c => c.Type == type);
        return new V1PodCondition
        {
            Type = type,
            Status = value,
            Reason = reason,
            Message = message,
            LastTransitionTime = previous?.Status == value && previous.LastTransitionTime is { } t ? t : now,
        };
    }

    private static int Order(string type) => type switch
    {
        "PodReadyToStartContainers" => 0,
        "Initialized" => 1,
        "Ready" => 2,
        "ContainersReady" => 3,
        "PodScheduled" => 4,
        _ => 5,
    };

    private static V1ContainerStatus ContainerStatus(V1Pod pod, V1Container container, IList<V1ContainerStatus>? old, DateTime startedAt)
    {
        var previous = old?.FirstOrDefault(s => s.Name == container.Name);
        return new V1ContainerStatus
        {
            Name = container.Name,
            Image = container.Image,
            ImageID = ImageId(container.Image),
            ContainerID = ContainerId(pod, container.Name),
            Ready = true,
            Started = true,
            RestartCount = 0,
            State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = previous?.State?.Running?.StartedAt ?? startedAt } },
        };
    }

    /// <summary>Init containers have run to completion; restartable ones (sidecars) keep running.</summary>
    private static V1ContainerStatus InitContainerStatus(V1Pod pod, V1Container container, IList<V1ContainerStatus>? old, DateTime startedAt)
    {
        var status = ContainerStatus(pod, container, old, startedAt);
        if (container.RestartPolicy == "Always")
        {
            return status;
        }
        status.Started = false;
        status.State = new V1ContainerState
        {
            Terminated = new V1ContainerStateTerminated
            {
                ExitCode = 0,
                Reason = "Completed",
                StartedAt = startedAt,
                FinishedAt = startedAt,
                ContainerID = status.ContainerID,
            },
        };
        return status;
    }

    /// <summary>A digest-pinned image ID as a runtime reports it; stable for the image name.</summary>
    private static string ImageId(string? image)
    {
        var name = image ?? "";
        var at = name.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            return name;
        }
        var repository = name;
        var slash = name.LastIndexOf('/');
        var colon = name.LastIndexOf(':');
        if (colon > slash)
        {
            repository = name[..colon];
        }
        return $"{repository}@sha256:{Hex(name)}";
    }

    private static string ContainerId(V1Pod pod, string name) => "containerd://" + Hex(pod.Metadata.Uid + "/" + name);

    private static string Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
