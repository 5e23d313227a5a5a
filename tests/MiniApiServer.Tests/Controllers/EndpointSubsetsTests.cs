using k8s.Models;
using MiniApiServer.Controllers.Endpoints;

namespace MiniApiServer.Tests.Controllers;

/// <summary>RepackSubsets, SortSubsets and truncateEndpoints as upstream's endpoints util and controller have them.</summary>
public sealed class EndpointSubsetsTests
{
    private static V1EndpointAddress Address(string ip, string? uid = null) =>
        new() { Ip = ip, TargetRef = uid is null ? null : new V1ObjectReference { Kind = "Pod", Uid = uid } };

    private static Corev1EndpointPort Port(int number, string? name = null, string protocol = "TCP") =>
        new() { Port = number, Name = name, Protocol = protocol };

    private static V1EndpointSubset Ready(string ip, Corev1EndpointPort? port, string? uid = null) =>
        new() { Addresses = [Address(ip, uid)], Ports = port is null ? null : [port] };

    private static V1EndpointSubset NotReady(string ip, Corev1EndpointPort? port, string? uid = null) =>
        new() { NotReadyAddresses = [Address(ip, uid)], Ports = port is null ? null : [port] };

    private static string Show(IEnumerable<V1EndpointSubset> subsets) => string.Join(" ; ", subsets.Select(s =>
        $"{string.Join(",", (s.Addresses ?? []).Select(a => a.Ip))}|{string.Join(",", (s.NotReadyAddresses ?? []).Select(a => a.Ip))}|"
        + string.Join(",", (s.Ports ?? []).Select(p => $"{p.Name}:{p.Port}"))));

    [Fact]
    public void Addresses_on_the_same_ports_merge_into_one_sorted_subset()
    {
        var packed = EndpointSubsets.Repack([Ready("10.0.0.3", Port(80)), Ready("10.0.0.1", Port(80)), Ready("10.0.0.2", Port(80))]);
        Assert.Equal("10.0.0.1,10.0.0.2,10.0.0.3||:80", Show(packed));
    }

    [Fact]
    public void Ports_offered_by_the_same_addresses_share_a_subset()
    {
        var packed = EndpointSubsets.Repack([
            Ready("10.0.0.1", Port(80, "http")), Ready("10.0.0.1", Port(443, "https")),
            Ready("10.0.0.2", Port(443, "https")), Ready("10.0.0.2", Port(80, "http")),
        ]);
        Assert.Equal("10.0.0.1,10.0.0.2||http:80,https:443", Show(packed));
    }

    [Fact]
    public void Different_numbers_for_one_name_make_different_subsets()
    {
        var packed = EndpointSubsets.Repack([Ready("10.0.0.2", Port(9090, "http")), Ready("10.0.0.1", Port(8080, "http"))]);
        Assert.Equal(2, packed.Count);
        Assert.Contains("10.0.0.1||http:8080", Show(packed), StringComparison.Ordinal);
        Assert.Contains("10.0.0.2||http:9090", Show(packed), StringComparison.Ordinal);
    }

    [Fact]
    public void Not_ready_wins_over_ready_for_the_same_address_and_port()
    {
        var packed = EndpointSubsets.Repack([Ready("10.0.0.1", Port(80), "u1"), NotReady("10.0.0.1", Port(80), "u1")]);
        Assert.Equal("|10.0.0.1|:80", Show(packed));
    }

    [Fact]
    public void The_same_ip_with_different_uids_stays_two_addresses()
    {
        var packed = EndpointSubsets.Repack([Ready("10.0.0.1", Port(80), "u2"), Ready("10.0.0.1", Port(80), "u1")]);
        Assert.Equal(["u1", "u2"], packed.Single().Addresses.Select(a => a.TargetRef.Uid));
    }

    [Fact]
    public void Portless_addresses_are_kept_without_ports()
    {
        var packed = EndpointSubsets.Repack([Ready("10.0.0.2", null), NotReady("10.0.0.1", null)]);
        Assert.Equal("10.0.0.2|10.0.0.1|", Show(packed));
        Assert.Null(packed.Single().Ports);
    }

    [Fact]
    public void Packing_is_independent_of_input_order()
    {
        V1EndpointSubset[] input =
        [
            Ready("10.0.0.1", Port(80, "a")), NotReady("10.0.0.2", Port(80, "a")), Ready("10.0.0.3", Port(81, "b")),
            Ready("10.0.0.1", Port(81, "b")), Ready("10.0.0.4", Port(9090, "a")),
        ];
        var expected = Show(EndpointSubsets.Repack(input));
        for (var seed = 0; seed < 20; seed++)
        {
            var shuffled = input.OrderBy(_ => Random.Shared.Next()).ToList();
            Assert.Equal(expected, Show(EndpointSubsets.Repack(shuffled)));
        }
    }

    [Fact]
    public void Under_capacity_nothing_is_truncated()
    {
        var subsets = new List<V1EndpointSubset> { new() { Addresses = [.. Enumerable.Range(0, 1000).Select(i => Address($"10.0.{i / 256}.{i % 256}"))] } };
        Assert.False(EndpointSubsets.Truncate(subsets));
        Assert.Equal(1000, EndpointSubsets.Count(subsets));
    }

    [Fact]
    public void Over_capacity_keeps_ready_addresses_first_and_shares_the_rest_in_proportion()
    {
        var subsets = new List<V1EndpointSubset>
        {
            new() { Addresses = [.. Many(600, 0)], NotReadyAddresses = [.. Many(300, 1)] },
            new() { Addresses = [.. Many(200, 2)], NotReadyAddresses = [.. Many(100, 3)] },
        };
        Assert.True(EndpointSubsets.Truncate(subsets));
        // 800 ready stay; 200 not-ready places shared 3:1, rounded up: 150 and 50.
        Assert.Equal([600, 200], subsets.Select(s => s.Addresses!.Count));
        Assert.Equal([150, 50], subsets.Select(s => s.NotReadyAddresses!.Count));
    }

    [Fact]
    public void Over_capacity_with_too_many_ready_drops_every_not_ready_address()
    {
        var subsets = new List<V1EndpointSubset>
        {
            new() { Addresses = [.. Many(900, 0)], NotReadyAddresses = [.. Many(10, 1)] },
            new() { Addresses = [.. Many(301, 2)] },
        };
        Assert.True(EndpointSubsets.Truncate(subsets));
        // ceil(900/1201*1000) = 750, the last gets what is left: 250.
        Assert.Equal([750, 250], subsets.Select(s => s.Addresses!.Count));
        Assert.All(subsets, s => Assert.Null(s.NotReadyAddresses));
    }

    [Fact]
    public void Equality_ignores_the_target_resource_version()
    {
        var a = EndpointSubsets.Repack([Ready("10.0.0.1", Port(80), "u1")]);
        var b = EndpointSubsets.Repack([Ready("10.0.0.1", Port(80), "u1")]);
        b[0].Addresses[0].TargetRef.ResourceVersion = "42";
        Assert.True(EndpointSubsets.EqualIgnoringResourceVersion(a, b));
        b[0].Addresses[0].NodeName = "n1";
        Assert.False(EndpointSubsets.EqualIgnoringResourceVersion(a, b));
        Assert.True(EndpointSubsets.EqualIgnoringResourceVersion(null, []));
    }

    private static IEnumerable<V1EndpointAddress> Many(int count, int block) =>
        Enumerable.Range(0, count).Select(i => Address($"10.{block}.{i / 256}.{i % 256}"));
}
