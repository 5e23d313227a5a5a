using k8s.Models;
using MiniApiServer.Registry.Events;
using MiniApiServer.Tests.Registry.Tables;

namespace MiniApiServer.Tests.Registry.Events;

/// <summary>Event rows as printers.go printEvent prints them, in both served versions.</summary>
public sealed class EventPrinterTests
{
    private static readonly string[] Columns = ["Last Seen", "Type", "Reason", "Object", "Subobject", "Source", "Message", "First Seen", "Count", "Name"];

    [Fact]
    public void A_kubelet_event_shows_its_object_source_times_and_count()
    {
        var printer = new EventPrinter();
        Assert.Equal(Columns, printer.Columns.Select(c => c.Name));
        Assert.Equal([0, 0, 0, 0, 1, 1, 0, 1, 1, 1], printer.Columns.Select(c => c.Priority));
        var row = printer.Print(PrinterKit.Decode<Corev1Event>($$"""
            {"metadata":{"name":"web.1"},"type":"Normal","reason":"Pulled","message":" Container image \"nginx\" already present on machine ",
             "involvedObject":{"kind":"Pod","name":"web","fieldPath":"spec.containers{web}"},"source":{"component":"kubelet","host":"node-1"},
             "firstTimestamp":"{{PrinterKit.Ago(TimeSpan.FromMinutes(5))}}","lastTimestamp":"{{PrinterKit.Ago(TimeSpan.FromSeconds(30))}}","count":3}
            """));
        Assert.Equal(["30s", "Normal", "Pulled", "pod/web", "spec.containers{web}", "kubelet, node-1", "Container image \"nginx\" already present on machine", "5m"],
            row.Render(PrinterKit.Now).Take(8).Cast<string>());
        Assert.Equal(3L, row.Cells[8]);
        Assert.Equal("web.1", row.Cells[9]);
    }

    [Fact]
    public void A_singleton_event_of_the_new_API_counts_one_from_its_event_time()
    {
        var row = new EventPrinter().Print(PrinterKit.Decode<Corev1Event>($$"""
            {"metadata":{"name":"s"},"type":"Normal","reason":"Scheduled","involvedObject":{"kind":"Pod","name":"web"},
             "reportingComponent":"default-scheduler","eventTime":"{{PrinterKit.Ago(TimeSpan.FromSeconds(90))}}"}
            """));
        var cells = row.Render(PrinterKit.Now).ToList();
        Assert.Equal(("90s", "default-scheduler", "90s", 1L), (cells[0], cells[5], cells[7], cells[8]));
    }

    [Fact]
    public void A_series_shows_its_last_observation_and_count_and_no_source_is_unknown()
    {
        var row = new EventPrinter().Print(PrinterKit.Decode<Corev1Event>($$"""
            {"metadata":{"name":"s"},"involvedObject":{"kind":"Node"},"eventTime":"{{PrinterKit.Ago(TimeSpan.FromHours(2))}}",
             "series":{"count":7,"lastObservedTime":"{{PrinterKit.Ago(TimeSpan.FromSeconds(4))}}"} }
            """));
        var cells = row.Render(PrinterKit.Now).ToList();
        Assert.Equal(("4s", "node", "<unknown>", "120m", 7L), (cells[0], cells[3], cells[5], cells[7], cells[8]));
    }

    [Fact]
    public void An_events_k8s_io_event_prints_as_its_core_form()
    {
        var printer = new EventsV1Printer();
        Assert.Equal(Columns, printer.Columns.Select(c => c.Name));
        var row = printer.Print(PrinterKit.Decode<Eventsv1Event>($$"""
            {"metadata":{"name":"e"},"type":"Warning","reason":"Failed","note":"boom","regarding":{"kind":"Service","name":"web"},
             "reportingController":"c","reportingInstance":"i","eventTime":"{{PrinterKit.Ago(TimeSpan.FromSeconds(10))}}"}
            """));
        Assert.Equal(["10s", "Warning", "Failed", "service/web", "", "c, i", "boom", "10s"], row.Render(PrinterKit.Now).Take(8).Cast<string>());
    }
}
