using MiniApiServer.Machinery;
using MiniApiServer.Registry.Validation;

namespace MiniApiServer.Tests.Registry.Validation;

public sealed class IpRulesTests
{
    [Theory]
    [InlineData("10.9.8.7")]
    [InlineData("0.0.0.0")]
    [InlineData("255.255.255.255")]
    [InlineData("2001:db8::ffff")]
    [InlineData("FE80::ABC")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("1::")]
    [InlineData("1:2:3:4:5:6:7:8")]
    [InlineData("1:2:3:4:5:6:1.2.3.4")]
    [InlineData("::1.2.3.4")]
    [InlineData("::ffff:1.2.3.4")]
    [InlineData("0001:0002::0003")]
    [InlineData("010.001.002.003")]
    [InlineData("1.2.3.04")]
    [InlineData("::ffff:010.1.1.1")]
    public void Sloppy_parse_accepts_what_kube_apiserver_accepts(string value) =>
        Assert.Empty(IpRules.ValidateIp(value, "spec.clusterIP"));

    [Theory]
    [InlineData("")]
    [InlineData("1.2.3")]
    [InlineData("1.2.3.4.5")]
    [InlineData("256.1.1.1")]
    [InlineData("1.2.3.0256")]
    [InlineData(" 1.2.3.4")]
    [InlineData("1.2.3.4 ")]
    [InlineData("1..2.3")]
    [InlineData("0x1.1.1.1")]
    [InlineData("1.2.3.4/32")]
    [InlineData("fe80::1%eth0")]
    [InlineData("fe80::1%")]
    [InlineData("1:2:3:4:5:6:7:8:9")]
    [InlineData("1:2:3:4:5:6:7::8")]
    [InlineData("1::2::3")]
    [InlineData("12345::")]
    [InlineData("1:2:3:4:5:6:7:1.2.3.4")]
    [InlineData("1:2:3:4:5:1.2.3.4")]
    [InlineData("1.2.3.4::")]
    [InlineData(":1::")]
    [InlineData("1:")]
    [InlineData("localhost")]
    [InlineData("2001:db8::ffff\n")]
    public void Invalid_ip_has_the_upstream_message_with_examples(string value) =>
        Assert.Equal(
            [$"spec.clusterIPs[0]: Invalid value: {GoValue.Quote(value)}: must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"],
            IpRules.ValidateIp(value, "spec.clusterIPs[0]").Select(e => e.ToString()));

    [Fact]
    public void Null_ip_is_reported_as_the_empty_string() =>
        Assert.Equal(
            ["spec.clusterIP: Invalid value: \"\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"],
            IpRules.ValidateIp(null, "spec.clusterIP").Select(e => e.ToString()));

    [Theory]
    [InlineData("10.0.0.1", true)]
    [InlineData("010.0.0.1", true)]
    [InlineData("::ffff:1.2.3.4", true)]
    [InlineData("::1", false)]
    [InlineData("bogus", false)]
    [InlineData("", false)]
    public void IsIPv4_follows_go_to4(string value, bool expected) =>
        Assert.Equal(expected, IpRules.IsIPv4(value));

    [Theory]
    [InlineData("2001:db8::1", true)]
    [InlineData("::", true)]
    [InlineData("::ffff:1.2.3.4", false)]
    [InlineData("10.0.0.1", false)]
    [InlineData("bogus", false)]
    public void IsIPv6_is_any_parsable_non_ipv4(string value, bool expected) =>
        Assert.Equal(expected, IpRules.IsIPv6(value));

    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("192.168.1.10")]
    [InlineData("2001:db8::1")]
    [InlineData("224.0.1.1")]
    [InlineData("ff05::1")]
    public void Ordinary_addresses_are_not_special(string value) =>
        Assert.Empty(IpRules.ValidateNonSpecialIp(value, "subsets[0].addresses[0].ip"));

    [Theory]
    [InlineData("0.0.0.0", "may not be unspecified (0.0.0.0)")]
    [InlineData("::", "may not be unspecified (::)")]
    [InlineData("127.0.0.1", "may not be in the loopback range (127.0.0.0/8, ::1/128)")]
    [InlineData("127.255.0.9", "may not be in the loopback range (127.0.0.0/8, ::1/128)")]
    [InlineData("::1", "may not be in the loopback range (127.0.0.0/8, ::1/128)")]
    [InlineData("::ffff:127.0.0.1", "may not be in the loopback range (127.0.0.0/8, ::1/128)")]
    [InlineData("169.254.169.254", "may not be in the link-local range (169.254.0.0/16, fe80::/10)")]
    [InlineData("fe80::1", "may not be in the link-local range (169.254.0.0/16, fe80::/10)")]
    [InlineData("febf::1", "may not be in the link-local range (169.254.0.0/16, fe80::/10)")]
    [InlineData("224.0.0.251", "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)")]
    [InlineData("ff02::1", "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)")]
    public void Special_addresses_are_rejected_with_their_range(string value, string message) =>
        Assert.Equal(
            [$"subsets[0].addresses[0].ip: Invalid value: {GoValue.Quote(value)}: {message}"],
            IpRules.ValidateNonSpecialIp(value, "subsets[0].addresses[0].ip").Select(e => e.ToString()));

    [Fact]
    public void Non_special_check_has_its_own_short_parse_message() =>
        Assert.Equal(
            ["spec.externalIPs[0]: Invalid value: \"nope\": must be a valid IP address"],
            IpRules.ValidateNonSpecialIp("nope", "spec.externalIPs[0]").Select(e => e.ToString()));

    [Theory]
    [InlineData("10.9.8.7")]
    [InlineData("2001:db8::ffff")]
    [InlineData("::")]
    [InlineData("1:0:0:1::")]
    [InlineData("::102:304")]
    public void Strict_ip_accepts_canonical_addresses(string value) =>
        Assert.Empty(IpRules.ValidateIpStrict(value, "endpoints[0].addresses[0]"));

    [Theory]
    [InlineData("nope", "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)")]
    [InlineData("010.1.1.1", "must not have leading 0s")]
    [InlineData("::ffff:010.1.1.1", "must not have leading 0s")]
    [InlineData("::ffff:1.2.3.4", "must not be an IPv4-mapped IPv6 address")]
    [InlineData("::ffff:102:304", "must not be an IPv4-mapped IPv6 address")]
    [InlineData("2001:DB8::1", "must be in canonical form (\"2001:db8::1\")")]
    [InlineData("2001:db8:0:0:0:0:0:1", "must be in canonical form (\"2001:db8::1\")")]
    [InlineData("::1.2.3.4", "must be in canonical form (\"::102:304\")")]
    [InlineData("1:0::0:1", "must be in canonical form (\"1::1\")")]
    public void Strict_ip_names_the_first_problem_in_upstream_words(string value, string message) =>
        Assert.Equal(
            [$"endpoints[0].addresses[0]: Invalid value: {GoValue.Quote(value)}: {message}"],
            IpRules.ValidateIpStrict(value, "endpoints[0].addresses[0]").Select(e => e.ToString()));
}
