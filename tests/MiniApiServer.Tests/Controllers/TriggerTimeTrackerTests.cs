using k8s.Models;
using MiniApiServer.Controllers.Endpoints;

namespace MiniApiServer.Tests.Controllers;

/// <summary>trigger_time_tracker.go: creation time for a new Service, then the earliest change since the last sync.</summary>
public sealed class TriggerTimeTrackerTests
{
    private static readonly DateTime Created = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static V1Service Service() => new() { Metadata = new V1ObjectMeta { Name = "s", CreationTimestamp = Created } };

    private static V1Pod Pod(string name, DateTime readySince) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Status = new V1PodStatus { Conditions = [new V1PodCondition { Type = "Ready", Status = "True", LastTransitionTime = readySince }] },
    };

    [Fact]
    public void A_service_first_seen_has_its_creation_time_then_the_earliest_changed_pod_time()
    {
        var tracker = new TriggerTimeTracker();
        Assert.Equal(Created, tracker.Compute("ns/s", Service(), [Pod("a", Created.AddSeconds(5))]));
        Assert.Null(tracker.Compute("ns/s", Service(), [Pod("a", Created.AddSeconds(5))]));
        Assert.Equal(Created.AddSeconds(7),
            tracker.Compute("ns/s", Service(), [Pod("a", Created.AddSeconds(9)), Pod("b", Created.AddSeconds(7))]));
        tracker.Delete("ns/s");
        Assert.Equal(Created, tracker.Compute("ns/s", Service(), []));
    }

    [Theory]
    [InlineData("2026-12-03T18:01:26.0000000Z", "2026-12-03T18:01:26Z")]
    [InlineData("2026-12-03T18:01:26.1200000Z", "2026-12-03T18:01:26.12Z")]
    public void Times_are_written_as_rfc3339_nano(string time, string expected) =>
        Assert.Equal(expected, TriggerTimeTracker.Format(DateTime.Parse(time, null, System.Globalization.DateTimeStyles.RoundtripKind)));
}
