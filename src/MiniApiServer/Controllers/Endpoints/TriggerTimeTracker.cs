using k8s.Models;

namespace MiniApiServer.Controllers.Endpoints;

/// <summary>
/// The <c>endpoints.kubernetes.io/last-change-trigger-time</c> of a sync (staging/src/k8s.io/endpointslice/util/
/// trigger_time_tracker.go): for a Service first seen since start, its creation time; otherwise the earliest of the
/// changes since the last sync, where a pod's change is its Ready condition's transition time. Null when nothing the
/// tracker sees has changed. One instance per controller; syncs of one Service never run concurrently.
/// </summary>
internal sealed class TriggerTimeTracker
{
    private readonly Dictionary<string, State> _states = new(StringComparer.Ordinal);

    public DateTime? Compute(string key, V1Service service, IEnumerable<V1Pod> pods)
    {
        State? known;
        lock (_states)
        {
            _states.TryGetValue(key, out known);
        }
        DateTime? minChanged = null;
        var podTimes = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            if (PodRules.ReadyCondition(pod)?.LastTransitionTime is { } podTime)
            {
                podTimes[pod.Metadata.Name] = podTime;
                if (known is null || !known.PodTimes.TryGetValue(pod.Metadata.Name, out var last) || podTime > last)
                {
                    minChanged = Min(minChanged, podTime);
                }
            }
        }
        var serviceTime = service.Metadata.CreationTimestamp ?? default;
        if (known is null || serviceTime > known.ServiceTime)
        {
            minChanged = Min(minChanged, serviceTime);
        }
        lock (_states)
        {
            _states[key] = new State(serviceTime, podTimes);
        }
        return known is null ? serviceTime : minChanged;
    }

    public void Delete(string key)
    {
        lock (_states)
        {
            _states.Remove(key);
        }
    }

    /// <summary>time.RFC3339Nano in UTC, as the annotation is written: trailing fractional zeros dropped.</summary>
    public static string Format(DateTime time)
    {
        var utc = DateTime.SpecifyKind(time.ToUniversalTime(), DateTimeKind.Utc);
        var text = utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", System.Globalization.CultureInfo.InvariantCulture).TrimEnd('0').TrimEnd('.');
        return text + "Z";
    }

    private static DateTime Min(DateTime? current, DateTime value) => current is null || value < current ? value : current.Value;

    private sealed record State(DateTime ServiceTime, Dictionary<string, DateTime> PodTimes);
}
