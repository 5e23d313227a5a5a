using System.Net;
using Microsoft.Extensions.Configuration;
using MiniApiServer.Allocation;
using MiniApiServer.Hosting;

namespace MiniApiServer.Tests.Hosting;

public sealed class ServerOptionsTests
{
    private static ServerOptions Parse(params (string Key, string Value)[] settings) =>
        ServerOptions.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build());

    private static string Error(params (string Key, string Value)[] settings) => Assert.Throws<OptionsException>(() => Parse(settings)).Message;

    [Fact]
    public void Defaults_follow_kube_apiserver()
    {
        var options = Parse();
        Assert.Equal([IPNetwork.Parse("10.96.0.0/12")], options.ServiceClusterIpRanges);
        Assert.Equal(new PortRange(30000, 2768), options.ServiceNodePortRange);
        Assert.Equal(32767, options.ServiceNodePortRange.Last);
        Assert.Equal("data", options.DataDirectory);
    }

    [Theory]
    [InlineData(null, 3600)]
    [InlineData("2s", 2)]
    [InlineData("1h30m", 5400)]
    [InlineData("1.5m", 90)]
    public void Event_ttl_is_a_go_duration_defaulting_to_an_hour(string? value, int seconds)
    {
        var options = value is null ? Parse() : Parse(("event-ttl", value));
        Assert.Equal(TimeSpan.FromSeconds(seconds), options.EventTtl);
    }

    [Theory]
    [InlineData("1", "invalid argument \"1\" for \"--event-ttl\" flag: time: missing unit in duration \"1\"")]
    [InlineData("1d", "invalid argument \"1d\" for \"--event-ttl\" flag: time: unknown unit \"d\" in duration \"1d\"")]
    [InlineData("h", "invalid argument \"h\" for \"--event-ttl\" flag: time: invalid duration \"h\"")]
    public void A_bad_event_ttl_is_refused_as_pflag_words_it(string value, string message) =>
        Assert.Equal(message, Error(("event-ttl", value)));

    [Fact]
    public void Flags_are_read_from_configuration()
    {
        var options = Parse(("service-cluster-ip-range", "10.0.0.0/24"), ("service-node-port-range", "31000-31010"), ("data-dir", "/tmp/x"));
        Assert.Equal([IPNetwork.Parse("10.0.0.0/24")], options.ServiceClusterIpRanges);
        Assert.Equal(new PortRange(31000, 11), options.ServiceNodePortRange);
        Assert.Equal("/tmp/x", options.DataDirectory);
    }

    [Fact]
    public void Empty_data_dir_means_the_default()
    {
        Assert.Equal("data", Parse(("data-dir", "")).DataDirectory);
    }

    [Fact]
    public void Service_range_address_is_masked_to_its_network()
    {
        Assert.Equal([IPNetwork.Parse("10.96.0.0/12")], Parse(("service-cluster-ip-range", "10.100.1.2/12")).ServiceClusterIpRanges);
    }

    [Fact]
    public void Dual_stack_ranges_are_accepted()
    {
        var ranges = Parse(("service-cluster-ip-range", "10.96.0.0/12,fd00:10:96::/112")).ServiceClusterIpRanges;
        Assert.Equal([IPNetwork.Parse("10.96.0.0/12"), IPNetwork.Parse("fd00:10:96::/112")], ranges);
    }

    [Theory]
    [InlineData("10.0.0.0")]
    [InlineData("not-a-cidr")]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.300/24")]
    [InlineData("")]
    public void Invalid_CIDR_is_refused(string value)
    {
        Assert.Equal($"invalid argument \"{value}\" for \"--service-cluster-ip-range\" flag: invalid CIDR address: {value}",
            Error(("service-cluster-ip-range", value)));
    }

    [Fact]
    public void More_than_two_ranges_are_refused()
    {
        Assert.Equal("--service-cluster-ip-range must not contain more than two entries",
            Error(("service-cluster-ip-range", "10.96.0.0/12,fd00::/112,10.0.0.0/24")));
    }

    [Fact]
    public void Two_ranges_of_one_family_are_refused()
    {
        Assert.Equal("--service-cluster-ip-range[0] and --service-cluster-ip-range[1] must be of different IP family",
            Error(("service-cluster-ip-range", "10.96.0.0/12,10.0.0.0/24")));
    }

    [Theory]
    [InlineData("10.0.0.0/11", "specified --service-cluster-ip-range is too large; for 32-bit addresses, the mask must be >= 12")]
    [InlineData("fd00::/64", "specified --service-cluster-ip-range is too large; for 128-bit addresses, the mask must be >= 108")]
    [InlineData("10.0.0.0/30", "the service cluster IP range must be at least 8 IP addresses")]
    public void Range_size_is_checked(string value, string message)
    {
        Assert.Equal(message, Error(("service-cluster-ip-range", value)));
    }

    [Fact]
    public void Smallest_and_largest_ranges_are_accepted()
    {
        Assert.Single(Parse(("service-cluster-ip-range", "10.0.0.0/29")).ServiceClusterIpRanges);
        Assert.Single(Parse(("service-cluster-ip-range", "10.0.0.0/12")).ServiceClusterIpRanges);
    }

    [Theory]
    [InlineData("abc", "unable to parse port range: abc")]
    [InlineData("30000-x", "unable to parse port range: 30000-x")]
    [InlineData("1-2-3", "unable to parse port range: 1-2-3")]
    [InlineData("0-100", "invalid port range: 0-100")]
    [InlineData("30000-70000", "invalid port range: 30000-70000")]
    [InlineData("32767-30000", "invalid port range: 32767-30000")]
    public void Invalid_node_port_range_is_refused(string value, string detail)
    {
        Assert.Equal($"invalid argument \"{value}\" for \"--service-node-port-range\" flag: {detail}",
            Error(("service-node-port-range", value)));
    }

    [Fact]
    public void Single_port_is_a_range_of_one()
    {
        var range = Parse(("service-node-port-range", "30080")).ServiceNodePortRange;
        Assert.Equal(new PortRange(30080, 1), range);
        Assert.Equal("30080-30080", range.ToString());
    }
}
