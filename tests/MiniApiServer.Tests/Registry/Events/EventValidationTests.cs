using k8s.Models;
using MiniApiServer.Registry.Events;

namespace MiniApiServer.Tests.Registry.Events;

/// <summary>pkg/apis/core/validation/events.go, in both request versions.</summary>
public sealed class EventValidationTests
{
    private static readonly DateTime Now = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    private static Corev1Event Legacy(string ns = "default", string? involvedNs = "default") => new()
    {
        Metadata = new V1ObjectMeta { Name = "p.1", NamespaceProperty = ns },
        InvolvedObject = new V1ObjectReference { Kind = "Pod", Name = "p", NamespaceProperty = involvedNs },
        Reason = "Started",
        Message = "Started container c",
        Source = new V1EventSource { Component = "kubelet" },
        FirstTimestamp = Now,
        LastTimestamp = Now,
        Count = 1,
        Type = "Normal",
    };

    private static Corev1Event New() => new()
    {
        Metadata = new V1ObjectMeta { Name = "p.1", NamespaceProperty = "default", ResourceVersion = "5" },
        InvolvedObject = new V1ObjectReference { Kind = "Pod", Name = "p", NamespaceProperty = "default" },
        EventTime = Now,
        ReportingComponent = "default-scheduler",
        ReportingInstance = "default-scheduler-h",
        Action = "Binding",
        Reason = "Scheduled",
        Message = "Successfully assigned default/p to n",
        Type = "Normal",
    };

    private static List<string> Errors(IEnumerable<MiniApiServer.Machinery.FieldError> errors) => [.. errors.Select(e => e.ToString())];

    [Fact]
    public void A_kubelet_style_event_is_valid_in_core_v1_and_not_in_events_v1()
    {
        Assert.Empty(EventValidation.ValidateCreate(Legacy(), EventRequestVersion.CoreV1));
        Assert.Equal(
            ["eventTime: Required value", "firstTimestamp: Invalid value: \"\": needs to be unset", "lastTimestamp: Invalid value: \"\": needs to be unset",
                "count: Invalid value: \"\": needs to be unset", "source: Invalid value: \"\": needs to be unset"],
            Errors(EventValidation.ValidateCreate(Legacy(), EventRequestVersion.EventsV1)));
    }

    [Theory]
    [InlineData("default", null, true)]
    [InlineData("", null, true)]
    [InlineData("team", null, false)]
    [InlineData("team", "team", true)]
    [InlineData("default", "team", false)]
    public void An_old_style_events_namespace_is_its_objects(string ns, string? involvedNs, bool valid)
    {
        var errors = Errors(EventValidation.ValidateCreate(Legacy(ns, involvedNs), EventRequestVersion.CoreV1)).Where(e => e.StartsWith("involvedObject", StringComparison.Ordinal));
        Assert.Equal(valid, !errors.Any());
    }

    [Fact]
    public void A_new_style_event_about_a_cluster_scoped_object_lives_in_default_or_kube_system()
    {
        var e = New();
        e.InvolvedObject.NamespaceProperty = null;
        Assert.Empty(EventValidation.ValidateCreate(e, EventRequestVersion.EventsV1));
        e.Metadata.NamespaceProperty = "team";
        Assert.Equal(["involvedObject.namespace: Invalid value: \"\": does not match event.namespace"], Errors(EventValidation.ValidateCreate(e, EventRequestVersion.EventsV1)));
    }

    [Fact]
    public void New_style_limits_are_counted_and_named_as_upstream()
    {
        var e = New();
        e.ReportingInstance = new string('i', 129);
        e.Action = new string('a', 129);
        e.Reason = new string('r', 129);
        e.Message = new string('m', 1025);
        e.Type = "Odd";
        e.Series = new Corev1EventSeries { Count = 1 };
        Assert.Equal(
            ["reportingInstance: Invalid value: \"\": can have at most 128 characters", "action: Invalid value: \"\": can have at most 128 characters",
                "reason: Invalid value: \"\": can have at most 128 characters", "message: Invalid value: \"\": can have at most 1024 characters",
                "series.count: Invalid value: \"\": should be at least 2", "series.lastObservedTime: Required value",
                "type: Invalid value: \"\": has invalid value: Odd"],
            Errors(EventValidation.ValidateCreate(e, EventRequestVersion.EventsV1)));
    }

    [Fact]
    public void Core_v1_names_need_only_be_path_segments()
    {
        var e = Legacy();
        e.Metadata.Name = "Pod_A.17f";
        Assert.Empty(EventValidation.ValidateCreate(e, EventRequestVersion.CoreV1));
        e.Metadata.Name = "a/b";
        Assert.Equal(["metadata.name: Invalid value: \"a/b\": may not contain '/'"], Errors(EventValidation.ValidateCreate(e, EventRequestVersion.CoreV1)));
    }

    [Fact]
    public void An_events_v1_update_may_change_the_series_but_not_what_happened()
    {
        var old = New();
        var changed = New();
        changed.Series = new Corev1EventSeries { Count = 2, LastObservedTime = Now.AddMinutes(1) };
        Assert.Empty(EventValidation.ValidateUpdate(changed, old, EventRequestVersion.EventsV1));
        changed.Message = "other";
        changed.InvolvedObject = new V1ObjectReference { Kind = "Pod", Name = "q", NamespaceProperty = "default" };
        Assert.Equal(
            ["involvedObject: Invalid value: core.ObjectReference{Kind:\"Pod\", Namespace:\"default\", Name:\"q\", UID:\"\", APIVersion:\"\", ResourceVersion:\"\", FieldPath:\"\"}: field is immutable",
                "message: Invalid value: \"other\": field is immutable"],
            Errors(EventValidation.ValidateUpdate(changed, old, EventRequestVersion.EventsV1)));
        Assert.Empty(EventValidation.ValidateUpdate(changed, old, EventRequestVersion.CoreV1));
    }
}
