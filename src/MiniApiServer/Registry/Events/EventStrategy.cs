using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MiniApiServer.Machinery;

namespace MiniApiServer.Registry.Events;

/// <summary>The group version a write of an Event comes in: its validation depends on it (ValidateEventCreate).</summary>
internal enum EventRequestVersion
{
    /// <summary>core/v1 (and events.k8s.io/v1beta1): the legacy rules only, for backwards compatibility.</summary>
    CoreV1,

    /// <summary>events.k8s.io/v1: the strict rules on top.</summary>
    EventsV1,
}

/// <summary>
/// core/v1 Event (pkg/registry/core/event/strategy.go): namespaced, created by PUT too, updated unconditionally, no
/// status. The objects are the one store events.k8s.io/v1 Event is served from too (<see cref="EventsV1Conversion"/>),
/// through an instance of this strategy for that request version. Validation is pkg/apis/core/validation/events.go
/// (<see cref="EventValidation"/>); selectable fields are ToSelectableFields.
/// </summary>
internal sealed class EventStrategy(EventRequestVersion requestVersion) : ResourceStrategy<Corev1Event>
{
    public static readonly ResourceDescriptor CoreDescriptor = new()
    {
        Group = "",
        Version = "v1",
        Plural = "events",
        Singular = "event",
        Kind = "Event",
        ShortNames = ["ev"],
        ModelType = typeof(Corev1Event),
        ListType = typeof(Corev1EventList),
        Namespaced = true,
        AllowCreateOnUpdate = true,
    };

    /// <summary>pkg/apis/core/v1/conversion.go AddFieldLabelConversionsForEvent.</summary>
    private static readonly FieldLabels EventFieldLabels = FieldLabels.Of(true,
        "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion",
        "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type",
        "metadata.namespace", "metadata.name");

    public override ResourceDescriptor Descriptor => CoreDescriptor;

    public override FieldLabels FieldLabels => EventFieldLabels;

    public override IReadOnlyList<FieldError> Validate(Corev1Event obj, JsonObject? raw) => EventValidation.ValidateCreate(obj, requestVersion);

    public override IReadOnlyList<FieldError> ValidateUpdate(Corev1Event obj, Corev1Event old, JsonObject? raw) =>
        EventValidation.ValidateUpdate(obj, old, requestVersion);

    /// <summary>ToSelectableFields: <c>source</c> falls back to the reporting controller, which is also <c>reportingComponent</c>.</summary>
    protected override void AddSelectableFields(Corev1Event obj, Dictionary<string, string> fields)
    {
        var involved = obj.InvolvedObject;
        fields["involvedObject.kind"] = involved?.Kind ?? "";
        fields["involvedObject.namespace"] = involved?.NamespaceProperty ?? "";
        fields["involvedObject.name"] = involved?.Name ?? "";
        fields["involvedObject.uid"] = involved?.Uid ?? "";
        fields["involvedObject.apiVersion"] = involved?.ApiVersion ?? "";
        fields["involvedObject.resourceVersion"] = involved?.ResourceVersion ?? "";
        fields["involvedObject.fieldPath"] = involved?.FieldPath ?? "";
        fields["reason"] = obj.Reason ?? "";
        fields["reportingComponent"] = obj.ReportingComponent ?? "";
        fields["source"] = obj.Source?.Component is { Length: > 0 } component ? component : obj.ReportingComponent ?? "";
        fields["type"] = obj.Type ?? "";
    }

    /// <summary>
    /// When an Event was last written as its fields tell (for the TTL after a restart): the latest of its creation,
    /// last timestamp, event time and series observation.
    /// </summary>
    public static DateTime? LastWritten(IKubernetesObject<V1ObjectMeta> obj)
    {
        var e = (Corev1Event)obj;
        DateTime?[] times = [e.Metadata?.CreationTimestamp, e.LastTimestamp, e.FirstTimestamp, e.EventTime, e.Series?.LastObservedTime];
        var known = times.OfType<DateTime>().Select(t => DateTime.SpecifyKind(t, DateTimeKind.Utc)).ToList();
        return known.Count == 0 ? null : known.Max();
    }
}
