using System.Net;
using MiniApiServer.Machinery;

namespace MiniApiServer.Tests.Machinery;

public sealed class GoIpTextTests
{
    [Theory]
    [InlineData("10.96.0.1", "10.96.0.1")]
    [InlineData("::ffff:10.96.0.1", "10.96.0.1")]
    [InlineData("2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1")]
    [InlineData("::", "::")]
    [InlineData("::1", "::1")]
    [InlineData("1::", "1::")]
    [InlineData("fd00:0:0:1:0:0:0:1", "fd00:0:0:1::1")]
    [InlineData("fd00:0:0:1:1:0:0:1", "fd00::1:1:0:0:1")]
    [InlineData("fd00:1:0:1:1:1:1:1", "fd00:1:0:1:1:1:1:1")]
    public void Addresses_print_as_Go_prints_them(string input, string expected) =>
        Assert.Equal(expected, GoIpText.Format(IPAddress.Parse(input)));

    [Theory]
    [InlineData("::1.2.3.4", "::102:304")]
    [InlineData("fd00::5efe:a00:1", "fd00::5efe:a00:1")]
    [InlineData("::ffff:0:a00:1", "::ffff:0:a00:1")]
    public void IPv4_looking_IPv6_tails_stay_hex_where_dotnet_would_print_dotted(string input, string expected) =>
        Assert.Equal(expected, GoIpText.Format(IPAddress.Parse(input)));

    [Theory]
    [InlineData("10.96.0.0/16", "10.96.0.0/16")]
    [InlineData("fd00:10:96:0::/112", "fd00:10:96::/112")]
    public void Networks_print_address_slash_prefix(string input, string expected) =>
        Assert.Equal(expected, GoIpText.Format(IPNetwork.Parse(input)));
}
