using System.Text.Json;
using k8s.Models;
using MiniApiServer.Machinery;
using MiniApiServer.Registry;
using MiniApiServer.Registry.Events;

namespace MiniApiServer.Tests.Registry.Events;

/// <summary>pkg/apis/events/v1/conversion.go both ways, and the field labels of each version.</summary>
public sealed class EventsV1ConversionTests
{
    private static readonly IKindConversion Conversion = new EventsV1Conversion();
    private static readonly DateTime Then = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    [Fact]
    public void Every_field_maps_to_its_core_counterpart_and_back()
    {
        var served = new Eventsv1Event
        {
            Metadata = new V1ObjectMeta { Name = "p.1", NamespaceProperty = "default", ResourceVersion = "7" },
            EventTime = Then,
            Series = new Eventsv1EventSeries { Count = 3, LastObservedTime = Then.AddMinutes(1) },
            ReportingController = "c",
            ReportingInstance = "c-h",
            Action = "Act",
            Reason = "Why",
            Regarding = new V1ObjectReference { Kind = "Pod", Name = "p" },
            Related = new V1ObjectReference { Kind = "Node", Name = "n" },
            Note = "note",
            Type = "Warning",
            DeprecatedSource = new V1EventSource { Component = "kubelet", Host = "n" },
            DeprecatedFirstTimestamp = Then,
            DeprecatedLastTimestamp = Then.AddSeconds(1),
            DeprecatedCount = 4,
        };
        var core = (Corev1Event)Conversion.ToStored(served);
        Assert.Equal(("v1", "Event"), (core.ApiVersion, core.Kind));
        Assert.Equal(("p", "note", "c", "c-h", "kubelet", 4, 3), (core.InvolvedObject.Name, core.Message, core.ReportingComponent, core.ReportingInstance, core.Source.Component, core.Count, core.Series.Count));
        Assert.Equal((Then, Then.AddSeconds(1), "Node"), (core.FirstTimestamp, core.LastTimestamp, core.Related.Kind));

        var back = JsonSerializer.Deserialize<Eventsv1Event>(Conversion.FromStored(ObjectCodec.Encode(core, Conversion.Stored)), KubernetesJsonOptions.Default)!;
        Assert.Equal(("events.k8s.io/v1", "Event"), (back.ApiVersion, back.Kind));
        Assert.Equal(
            JsonSerializer.Serialize(served with { ApiVersion = "events.k8s.io/v1", Kind = "Event" }, KubernetesJsonOptions.Default),
            JsonSerializer.Serialize(back, KubernetesJsonOptions.Default));
    }

    [Fact]
    public void Selectors_in_events_v1_name_the_core_fields_their_own_way()
    {
        var labels = Conversion.FieldLabels;
        Assert.Equal("involvedObject.name", labels.Convert("regarding.name"));
        Assert.Equal("reportingComponent", labels.Convert("reportingController"));
        Assert.Equal("source", labels.Convert("source"));
        Assert.Null(labels.Convert("involvedObject.name"));
        Assert.Null(labels.Convert("reportingComponent"));
    }

    [Fact]
    public void The_source_field_falls_back_to_the_reporting_controller()
    {
        var strategy = new EventStrategy(EventRequestVersion.CoreV1);
        var attributes = ((IKindStrategy)strategy).GetAttributes(new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = "e", NamespaceProperty = "default" },
            InvolvedObject = new V1ObjectReference { Name = "p" },
            ReportingComponent = "default-scheduler",
        });
        Assert.Equal(("default-scheduler", "default-scheduler", "p"),
            (attributes.Fields["source"], attributes.Fields["reportingComponent"], attributes.Fields["involvedObject.name"]));
    }
}
