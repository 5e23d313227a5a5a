using k8s.Models;
using MiniApiServer.Registry.Tables;

namespace MiniApiServer.Registry.Events;

/// <summary>
/// An Event's table row (pkg/printers/internalversion/printers.go printEvent). Both served versions print the internal
/// Event, so events.k8s.io/v1 rows are those of the same object in core/v1 form (<see cref="EventsV1Printer"/>).
/// </summary>
internal sealed class EventPrinter : TablePrinter<Corev1Event>
{
    private static readonly IReadOnlyList<TableColumn> EventColumns =
    [
        TableColumn.String("Last Seen", "The time at which the most recent occurrence of this event was recorded."),
        TableColumn.String("Type", "Type of this event (Normal, Warning), new types could be added in the future"),
        TableColumn.String("Reason", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
        TableColumn.String("Object", "The object that this event is about."),
        TableColumn.String("Subobject", "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]. For example, if the object reference is to a container within a pod, this would take on a value like: \"spec.containers{name}\" (where \"name\" refers to the name of the container that triggered the event) or if no container name is specified \"spec.containers[2]\" (container with index 2 in this pod). This syntax is chosen only to have some well-defined way of referencing a part of an object.", 1),
        TableColumn.String("Source", "The component reporting this event. Should be a short machine understandable string.", 1),
        TableColumn.String("Message", "A human-readable description of the status of this operation."),
        TableColumn.String("First Seen", "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)", 1),
        TableColumn.String("Count", "The number of times this event has occurred.", 1),
        TableColumn.ObjectName with { Priority = 1 },
    ];

    public override IReadOnlyList<TableColumn> Columns => EventColumns;

    public override PrintedRow Print(Corev1Event obj)
    {
        // A singleton event of the new API has no firstTimestamp and no count: its eventTime, and 1.
        var first = obj.FirstTimestamp ?? obj.EventTime;
        var last = obj.LastTimestamp ?? first;
        var count = obj.Count ?? 0;
        if (obj.Series is { } series)
        {
            last = series.LastObservedTime;
            count = series.Count ?? 0;
        }
        else if (count == 0)
        {
            count = 1;
        }
        var involved = obj.InvolvedObject;
        var kind = (involved?.Kind ?? "").ToLowerInvariant();
        var target = string.IsNullOrEmpty(involved?.Name) ? kind : kind + "/" + involved.Name;
        return new(
        [
            new SinceCell(last),
            obj.Type ?? "",
            obj.Reason ?? "",
            target,
            involved?.FieldPath ?? "",
            Source(obj),
            (obj.Message ?? "").Trim(),
            new SinceCell(first),
            (long)count,
            obj.Metadata?.Name ?? "",
        ]);
    }

    /// <summary>formatEventSource: the component (or reporting controller), then ", " and the host (or reporting instance).</summary>
    private static string Source(Corev1Event obj)
    {
        var component = FirstNonEmpty(obj.Source?.Component, obj.ReportingComponent);
        var instance = FirstNonEmpty(obj.Source?.Host, obj.ReportingInstance);
        if (component.Length == 0)
        {
            return TableCells.Unknown;
        }
        return instance.Length == 0 ? component : component + ", " + instance;
    }

    private static string FirstNonEmpty(string? a, string? b) => !string.IsNullOrEmpty(a) ? a : b ?? "";
}
