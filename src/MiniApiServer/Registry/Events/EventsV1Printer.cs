using k8s.Models;
using MiniApiServer.Registry.Tables;

namespace MiniApiServer.Registry.Events;

/// <summary>
/// An events.k8s.io/v1 Event's table row: upstream prints the internal Event whichever version was asked for, so the
/// row is <see cref="EventPrinter"/>'s for the same object in its stored, core/v1 form.
/// </summary>
internal sealed class EventsV1Printer : TablePrinter<Eventsv1Event>
{
    private static readonly IKindConversion Conversion = new EventsV1Conversion();
    private static readonly EventPrinter Core = new();

    public override IReadOnlyList<TableColumn> Columns => Core.Columns;

    public override PrintedRow Print(Eventsv1Event obj) => Core.Print((Corev1Event)Conversion.ToStored(obj));
}
