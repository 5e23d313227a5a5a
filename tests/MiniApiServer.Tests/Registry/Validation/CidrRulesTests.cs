using MiniApiServer.Registry.Validation;

namespace MiniApiServer.Tests.Registry.Validation;

public sealed class CidrRulesTests
{
    [Theory]
    [InlineData("10.0.0.0/8", "IPv4")]
    [InlineData("010.000.000.000/08", "IPv4")]
    [InlineData("fd00::/64", "IPv6")]
    [InlineData("::ffff:10.0.0.0/104", "IPv6")]
    [InlineData("10.0.0.0/33", null)]
    [InlineData("10.0.0.0/", null)]
    [InlineData("10.0.0.0/-1", null)]
    [InlineData("fd00::/129", null)]
    [InlineData("bad/8", null)]
    public void Cidr_parsing_is_go_sloppy(string cidr, string? family)
    {
        Assert.Equal(family, CidrRules.FamilyOf(cidr));
    }
}
