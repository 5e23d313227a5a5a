using k8s.Models;

namespace MiniApiServer.Registry.Events;

/// <summary>
/// events.k8s.io/v1 Event, served over the core Events (pkg/registry/events/rest/storage_events.go serves the core
/// Event storage in this group too), converted as pkg/apis/events/v1/conversion.go does: regarding is involvedObject,
/// note is message, reportingController is reportingComponent, and the deprecated* fields are source, firstTimestamp,
/// lastTimestamp and count. Writes are validated as events.k8s.io/v1 writes (the strict rules).
/// </summary>
internal sealed class EventsV1Conversion() : KindConversion<Eventsv1Event, Corev1Event>(new EventStrategy(EventRequestVersion.EventsV1))
{
    private static readonly ResourceDescriptor EventsDescriptor = EventStrategy.CoreDescriptor with
    {
        Group = "events.k8s.io",
        ModelType = typeof(Eventsv1Event),
        ListType = typeof(Eventsv1EventList),
    };

    /// <summary>AddFieldLabelConversionsForEvent: this version's names for the stored Event's selectable fields.</summary>
    private static readonly FieldLabels EventsFieldLabels = FieldLabels.Of(true, "reason", "source", "type", "metadata.namespace", "metadata.name")
        .WithAlias("regarding.kind", "involvedObject.kind")
        .WithAlias("regarding.namespace", "involvedObject.namespace")
        .WithAlias("regarding.name", "involvedObject.name")
        .WithAlias("regarding.uid", "involvedObject.uid")
        .WithAlias("regarding.apiVersion", "involvedObject.apiVersion")
        .WithAlias("regarding.resourceVersion", "involvedObject.resourceVersion")
        .WithAlias("regarding.fieldPath", "involvedObject.fieldPath")
        .WithAlias("reportingController", "reportingComponent");

    public override ResourceDescriptor Descriptor => EventsDescriptor;

    public override FieldLabels FieldLabels => EventsFieldLabels;

    /// <summary>Convert_v1_Event_To_core_Event.</summary>
    protected override Corev1Event ToStored(Eventsv1Event served) => new()
    {
        ApiVersion = Stored.ApiVersion,
        Kind = Stored.Kind,
        Metadata = served.Metadata,
        EventTime = served.EventTime,
        Series = served.Series is { } s ? new Corev1EventSeries { Count = s.Count, LastObservedTime = s.LastObservedTime } : null,
        ReportingComponent = served.ReportingController,
        ReportingInstance = served.ReportingInstance,
        Action = served.Action,
        Reason = served.Reason,
        InvolvedObject = served.Regarding ?? new V1ObjectReference(),
        Related = served.Related,
        Message = served.Note,
        Type = served.Type,
        Source = served.DeprecatedSource,
        FirstTimestamp = served.DeprecatedFirstTimestamp,
        LastTimestamp = served.DeprecatedLastTimestamp,
        Count = served.DeprecatedCount,
    };

    /// <summary>Convert_core_Event_To_v1_Event.</summary>
    protected override Eventsv1Event FromStored(Corev1Event stored) => new()
    {
        ApiVersion = Descriptor.ApiVersion,
        Kind = Descriptor.Kind,
        Metadata = stored.Metadata,
        EventTime = stored.EventTime,
        Series = stored.Series is { } s ? new Eventsv1EventSeries { Count = s.Count ?? 0, LastObservedTime = s.LastObservedTime ?? default } : null,
        ReportingController = stored.ReportingComponent,
        ReportingInstance = stored.ReportingInstance,
        Action = stored.Action,
        Reason = stored.Reason,
        Regarding = stored.InvolvedObject,
        Related = stored.Related,
        Note = stored.Message,
        Type = stored.Type,
        DeprecatedSource = stored.Source,
        DeprecatedFirstTimestamp = stored.FirstTimestamp,
        DeprecatedLastTimestamp = stored.LastTimestamp,
        DeprecatedCount = stored.Count,
    };
}
