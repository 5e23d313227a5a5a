using System.Globalization;
using k8s.Models;
using MiniApiServer.Registry.Tables;

namespace MiniApiServer.Registry.Pods;

/// <summary>
/// A pod's table row: READY, STATUS and RESTARTS computed as kubectl shows them (pkg/printers/internalversion/printers.go
/// printPod, always wide), and the row's Completed condition once the pod has terminated.
/// </summary>
internal sealed class PodPrinter : TablePrinter<V1Pod>
{
    private static readonly IReadOnlyList<TableColumn> PodColumns =
    [
        TableColumn.ObjectName,
        TableColumn.String("Ready", "The aggregate readiness state of this pod for accepting traffic."),
        TableColumn.String("Status", "The aggregate status of the containers in this pod."),
        TableColumn.String("Restarts", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
        TableColumn.Age,
        TableColumn.String("IP", "podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.", 1),
        TableColumn.String("Node", "NodeName indicates in which node this pod is scheduled. If empty, this pod is a candidate for scheduling by the scheduler defined in schedulerName. Once this field is set, the kubelet for this node becomes responsible for the lifecycle of this pod. This field should not be used to express a desire for the pod to be scheduled on a specific node. https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#nodename", 1),
        TableColumn.String("Nominated Node", "nominatedNodeName is set only when this pod preempts other pods on the node, but it cannot be scheduled right away as preemption victims receive their graceful termination periods. This field does not guarantee that the pod will be scheduled on this node. Scheduler may decide to place the pod elsewhere if other nodes become available sooner. Scheduler may also decide to give the resources on this node to a higher priority pod that is created after preemption. As a result, this field may be different than PodSpec.nodeName when the pod is scheduled.", 1),
        TableColumn.String("Readiness Gates", "If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to \"True\" More info: https://git.k8s.io/enhancements/keps/sig-network/580-pod-readiness-gates", 1),
    ];

    private static readonly CompletedCondition Succeeded = new("Succeeded", "The pod has completed successfully.");
    private static readonly CompletedCondition Failed = new("Failed", "The pod failed.");

    public override IReadOnlyList<TableColumn> Columns => PodColumns;

    public override PrintedRow Print(V1Pod pod)
    {
        var spec = pod.Spec;
        var status = pod.Status;
        var conditions = status?.Conditions ?? [];
        var phase = status?.Phase ?? "";
        var restarts = 0L;
        var sidecarRestarts = 0L;
        var totalContainers = spec?.Containers?.Count ?? 0;
        var readyContainers = 0;
        DateTime? lastRestart = null;
        DateTime? lastSidecarRestart = null;

        var reason = string.IsNullOrEmpty(status?.Reason) ? phase : status.Reason;
        if (conditions.Any(c => c.Type == "PodScheduled" && c.Reason == "SchedulingGated"))
        {
            reason = "SchedulingGated";
        }

        var initContainers = new Dictionary<string, V1Container>(StringComparer.Ordinal);
        foreach (var container in spec?.InitContainers ?? [])
        {
            initContainers[container.Name ?? ""] = container;
            if (IsSidecar(container))
            {
                totalContainers++;
            }
        }

        var initializing = false;
        var initStatuses = status?.InitContainerStatuses ?? [];
        for (var i = 0; i < initStatuses.Count; i++)
        {
            var container = initStatuses[i];
            var sidecar = initContainers.TryGetValue(container.Name ?? "", out var declared) && IsSidecar(declared);
            restarts += container.RestartCount;
            lastRestart = Later(lastRestart, container.LastState?.Terminated?.FinishedAt);
            if (sidecar)
            {
                sidecarRestarts += container.RestartCount;
                lastSidecarRestart = Later(lastSidecarRestart, container.LastState?.Terminated?.FinishedAt);
            }
            var terminated = container.State?.Terminated;
            var waiting = container.State?.Waiting;
            if (terminated is not null && terminated.ExitCode == 0)
            {
                continue;
            }
            if (sidecar && container.Started == true)
            {
                if (container.Ready)
                {
                    readyContainers++;
                }
                continue;
            }
            if (terminated is not null)
            {
                reason = string.IsNullOrEmpty(terminated.Reason)
                    ? "Init:" + ExitText(terminated)
                    : "Init:" + terminated.Reason;
            }
            else if (!string.IsNullOrEmpty(waiting?.Reason) && waiting.Reason != "PodInitializing")
            {
                reason = "Init:" + waiting.Reason;
            }
            else
            {
                reason = string.Create(CultureInfo.InvariantCulture, $"Init:{i}/{spec?.InitContainers?.Count ?? 0}");
            }
            initializing = true;
            break;
        }

        if (!initializing || conditions.FirstOrDefault(c => c.Type == "Initialized")?.Status == "True")
        {
            restarts = sidecarRestarts;
            lastRestart = lastSidecarRestart;
            var hasRunning = false;
            var statuses = status?.ContainerStatuses ?? [];
            for (var i = statuses.Count - 1; i >= 0; i--)
            {
                var container = statuses[i];
                restarts += container.RestartCount;
                lastRestart = Later(lastRestart, container.LastState?.Terminated?.FinishedAt);
                var terminated = container.State?.Terminated;
                if (!string.IsNullOrEmpty(container.State?.Waiting?.Reason))
                {
                    reason = container.State.Waiting.Reason;
                }
                else if (terminated is not null)
                {
                    reason = string.IsNullOrEmpty(terminated.Reason) ? ExitText(terminated) : terminated.Reason;
                }
                else if (container.Ready && container.State?.Running is not null)
                {
                    hasRunning = true;
                    readyContainers++;
                }
            }
            // A pod whose last container completed while another still runs is not Completed.
            if (reason == "Completed" && hasRunning)
            {
                reason = conditions.Any(c => c.Type == "Ready" && c.Status == "True") ? "Running" : "NotReady";
            }
        }

        if (pod.Metadata?.DeletionTimestamp is not null)
        {
            if (status?.Reason == "NodeLost")
            {
                reason = "Unknown";
            }
            else if (phase is not ("Succeeded" or "Failed"))
            {
                reason = "Terminating";
            }
        }

        var count = restarts.ToString(CultureInfo.InvariantCulture);
        object restartsCell = restarts != 0 && lastRestart is { } last ? new SinceCell(last, count + " (", " ago)") : count;

        return new PrintedRow(
        [
            pod.Metadata?.Name ?? "",
            string.Create(CultureInfo.InvariantCulture, $"{readyContainers}/{totalContainers}"),
            reason,
            restartsCell,
            TableCells.Age(pod.Metadata?.CreationTimestamp),
            status?.PodIPs is { Count: > 0 } ips && !string.IsNullOrEmpty(ips[0].Ip) ? ips[0].Ip : TableCells.None,
            string.IsNullOrEmpty(spec?.NodeName) ? TableCells.None : spec.NodeName,
            string.IsNullOrEmpty(status?.NominatedNodeName) ? TableCells.None : status.NominatedNodeName,
            ReadinessGates(spec?.ReadinessGates, conditions),
        ], phase switch
        {
            "Succeeded" => Succeeded,
            "Failed" => Failed,
            _ => null,
        });
    }

    /// <summary>podutil.IsRestartableInitContainer: an init container that keeps running (a sidecar).</summary>
    private static bool IsSidecar(V1Container container) => container.RestartPolicy == "Always";

    /// <summary><c>Signal:N</c> when a signal killed the container, else <c>ExitCode:N</c>.</summary>
    private static string ExitText(V1ContainerStateTerminated terminated) =>
        terminated.Signal is { } signal and not 0
            ? string.Create(CultureInfo.InvariantCulture, $"Signal:{signal}")
            : string.Create(CultureInfo.InvariantCulture, $"ExitCode:{terminated.ExitCode}");

    private static DateTime? Later(DateTime? current, DateTime? candidate) =>
        candidate is { } c && (current is null || c > current) ? c : current;

    /// <summary><c>&lt;none&gt;</c> without gates, else how many of the gates' conditions are True, out of the gates.</summary>
    private static string ReadinessGates(IList<V1PodReadinessGate>? gates, IList<V1PodCondition> conditions)
    {
        if (gates is null || gates.Count == 0)
        {
            return TableCells.None;
        }
        var trueConditions = gates.Count(g => conditions.FirstOrDefault(c => c.Type == g.ConditionType)?.Status == "True");
        return string.Create(CultureInfo.InvariantCulture, $"{trueConditions}/{gates.Count}");
    }
}
