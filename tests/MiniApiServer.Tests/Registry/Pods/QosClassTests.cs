using static MiniApiServer.Tests.Registry.Pods.PodTestData;

namespace MiniApiServer.Tests.Registry.Pods;

public sealed class QosClassTests
{
    private static string QosOf(string containers) =>
        Created(pod => pod.Spec = Decode("""{"spec":{"containers":""" + containers + "}}").Spec).Status.QosClass;

    [Fact]
    public void No_requests_or_limits_is_BestEffort() =>
        Assert.Equal("BestEffort", QosOf("""[{"name":"a","image":"x"}]"""));

    [Fact]
    public void Only_non_compute_resources_is_BestEffort() =>
        Assert.Equal("BestEffort", QosOf("""[{"name":"a","image":"x","resources":{"limits":{"ephemeral-storage":"1Gi"}}}]"""));

    [Fact]
    public void Equal_cpu_and_memory_limits_are_Guaranteed_through_defaulted_requests() =>
        Assert.Equal("Guaranteed", QosOf("""[{"name":"a","image":"x","resources":{"limits":{"cpu":"1","memory":"1Gi"}}}]"""));

    [Fact]
    public void Equal_requests_and_limits_written_differently_are_Guaranteed() =>
        Assert.Equal("Guaranteed", QosOf("""[{"name":"a","image":"x","resources":{"limits":{"cpu":"1","memory":"1024Mi"},"requests":{"cpu":"1000m","memory":"1Gi"}}}]"""));

    [Fact]
    public void Requests_below_limits_are_Burstable() =>
        Assert.Equal("Burstable", QosOf("""[{"name":"a","image":"x","resources":{"limits":{"cpu":"1","memory":"1Gi"},"requests":{"cpu":"500m"}}}]"""));

    [Fact]
    public void Only_a_cpu_limit_is_Burstable() =>
        Assert.Equal("Burstable", QosOf("""[{"name":"a","image":"x","resources":{"limits":{"cpu":"1"}}}]"""));

    [Fact]
    public void Only_requests_is_Burstable() =>
        Assert.Equal("Burstable", QosOf("""[{"name":"a","image":"x","resources":{"requests":{"memory":"64Mi"}}}]"""));

    [Fact]
    public void One_container_without_limits_makes_the_pod_Burstable() =>
        Assert.Equal("Burstable", QosOf("""
            [{"name":"a","image":"x","resources":{"limits":{"cpu":"1","memory":"1Gi"}}},{"name":"b","image":"x"}]
            """));

    [Fact]
    public void Every_container_guaranteed_is_Guaranteed() =>
        Assert.Equal("Guaranteed", QosOf("""
            [{"name":"a","image":"x","resources":{"limits":{"cpu":"1","memory":"1Gi"}}},
             {"name":"b","image":"x","resources":{"limits":{"cpu":"200m","memory":"64Mi"}}}]
            """));

    [Fact]
    public void Init_containers_count()
    {
        var pod = Created(p => p.Spec = Decode("""
            {"spec":{"containers":[{"name":"a","image":"x","resources":{"limits":{"cpu":"1","memory":"1Gi"}}}],
             "initContainers":[{"name":"i","image":"x"}]}}
            """).Spec);
        Assert.Equal("Burstable", pod.Status.QosClass);
    }

    [Fact]
    public void Zero_quantities_do_not_count() =>
        Assert.Equal("BestEffort", QosOf("""[{"name":"a","image":"x","resources":{"requests":{"cpu":"0"}}}]"""));

    [Fact]
    public void Pod_level_cpu_and_memory_limits_decide() =>
        Assert.Equal("Guaranteed", Created(p => p.Spec = Decode("""
            {"spec":{"resources":{"limits":{"cpu":"1","memory":"1Gi"},"requests":{"cpu":"1","memory":"1Gi"}},
             "containers":[{"name":"a","image":"x"}]}}
            """).Spec).Status.QosClass);
}
