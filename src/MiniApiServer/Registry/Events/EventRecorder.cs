using System.Globalization;
using System.Threading.Channels;
using k8s;
using k8s.Models;

namespace MiniApiServer.Registry.Events;

/// <summary>
/// Records Events for what this server does, as client-go's recorders make them: the core/v1 form
/// (tools/record/event.go makeEvent: a source, first and last timestamps, a count of 1, reportingController and
/// reportingInstance from the source) and the events.k8s.io form (tools/events/event_recorder.go makeEvent: an
/// eventTime, a reporting controller and instance, an action). Names are <c>{object name}.{unix nanoseconds in hex}</c>
/// and the namespace is the object's (<c>default</c> for a cluster-scoped one). Recording only queues the Event
/// (at most <see cref="QueueLength"/> waiting, further ones dropped, as client-go's broadcaster does), so it never
/// fails or slows what it describes; <see cref="EventSink"/> writes them.
/// </summary>
internal sealed class EventRecorder(TimeProvider time)
{
    /// <summary>client-go's maxQueuedEvents.</summary>
    public const int QueueLength = 1000;

    private readonly Channel<IKubernetesObject<V1ObjectMeta>> _queue = Channel.CreateBounded<IKubernetesObject<V1ObjectMeta>>(
        new BoundedChannelOptions(QueueLength) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private long _lastNanos;

    /// <summary>The Events recorded and not yet written: a <see cref="Corev1Event"/> or an <see cref="Eventsv1Event"/> each.</summary>
    public ChannelReader<IKubernetesObject<V1ObjectMeta>> Pending => _queue.Reader;

    /// <summary>A core/v1 Event from <paramref name="source"/> (record.EventRecorder.Event).</summary>
    public void Event(V1EventSource source, V1ObjectReference regarding, string type, string reason, string message)
    {
        var now = time.GetUtcNow();
        var seconds = ObjectCodec.WholeSeconds(now);
        _queue.Writer.TryWrite(new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = Name(regarding, now), NamespaceProperty = Namespace(regarding) },
            InvolvedObject = regarding,
            Reason = reason,
            Message = message,
            FirstTimestamp = seconds,
            LastTimestamp = seconds,
            Count = 1,
            Type = type,
            Source = source,
            ReportingComponent = source.Component,
            ReportingInstance = source.Host,
        });
    }

    /// <summary>An events.k8s.io/v1 Event (events.EventRecorder.Eventf).</summary>
    public void Eventf(string reportingController, string reportingInstance, V1ObjectReference regarding, string type, string reason, string action, string note)
    {
        var now = time.GetUtcNow();
        _queue.Writer.TryWrite(new Eventsv1Event
        {
            Metadata = new V1ObjectMeta { Name = Name(regarding, now), NamespaceProperty = Namespace(regarding) },
            EventTime = now.UtcDateTime,
            ReportingController = reportingController,
            ReportingInstance = reportingInstance,
            Action = action,
            Reason = reason,
            Regarding = regarding,
            Note = note,
            Type = type,
        });
    }

    /// <summary>
    /// reference.GetReference / GetPartialReference: what an Event says it is about, with the object's version as it was
    /// seen; <paramref name="fieldPath"/> names a part of it (<c>spec.containers{nginx}</c>).
    /// </summary>
    public static V1ObjectReference Reference(IKubernetesObject<V1ObjectMeta> obj, string apiVersion, string kind, string? fieldPath = null) => new()
    {
        Kind = kind,
        NamespaceProperty = obj.Metadata.NamespaceProperty,
        Name = obj.Metadata.Name,
        Uid = obj.Metadata.Uid,
        ApiVersion = apiVersion,
        ResourceVersion = obj.Metadata.ResourceVersion,
        FieldPath = fieldPath,
    };

    /// <summary>The reporting instance of a controller on this host (events.NewRecorder: <c>{controller}-{hostname}</c>).</summary>
    public static string Instance(string controller) => controller + "-" + Environment.MachineName;

    /// <summary>
    /// The name client-go gives an Event. The clock here counts 100 ns, so two Events of one object recorded in the same
    /// tick would share a name; each takes a nanosecond after the last one instead.
    /// </summary>
    private string Name(V1ObjectReference regarding, DateTimeOffset now)
    {
        var nanos = (now.UtcTicks - DateTime.UnixEpoch.Ticks) * 100;
        long last;
        do
        {
            last = Interlocked.Read(ref _lastNanos);
            nanos = Math.Max(nanos, last + 1);
        }
        while (Interlocked.CompareExchange(ref _lastNanos, nanos, last) != last);
        return regarding.Name + "." + nanos.ToString("x", CultureInfo.InvariantCulture);
    }

    private static string Namespace(V1ObjectReference regarding) =>
        string.IsNullOrEmpty(regarding.NamespaceProperty) ? "default" : regarding.NamespaceProperty;
}
