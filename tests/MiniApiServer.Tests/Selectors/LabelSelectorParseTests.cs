using MiniApiServer.Selectors;

namespace MiniApiServer.Tests.Selectors;

public sealed class LabelSelectorParseTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(" \t\r\n")]
    public void Null_empty_or_blank_text_is_everything(string? text)
    {
        var selector = LabelSelector.Parse(text);

        Assert.True(selector.IsEmpty);
        Assert.Equal("", selector.ToString());
        Assert.True(selector.Matches(new Dictionary<string, string> { ["x"] = "y" }));
    }

    // The canonical forms come from upstream Requirement.String / internalSelector.String.
    [Theory]
    [InlineData("x=a,y=b,z=c", "x=a,y=b,z=c")]
    [InlineData("x!=a,y=b", "x!=a,y=b")]
    [InlineData("x==a", "x==a")]
    [InlineData("x=", "x=")]
    [InlineData("x= ", "x=")]
    [InlineData("x=,z= ", "x=,z=")]
    [InlineData("x", "x")]
    [InlineData("!x", "!x")]
    [InlineData("x>1,z<5", "x>1,z<5")]
    [InlineData("x in (b,a,a)", "x in (a,b)")]
    [InlineData("x notin (abc,def)", "x notin (abc,def)")]
    [InlineData("x in ()", "x in ()")]
    [InlineData("x notin ( )", "x notin ()")]
    [InlineData("x notin (, a)", "x notin (,a)")]
    [InlineData("x in (abc,)", "x in (,abc)")]
    [InlineData("x in (a,,b)", "x in (,a,b)")]
    [InlineData("a in (x,y,notin, z,in)", "a in (in,notin,x,y,z)")]
    [InlineData("notin=in", "notin=in")]
    [InlineData("in in (in)", "in in (in)")]
    [InlineData("foo  in\t (abc)", "foo in (abc)")]
    [InlineData("x notin\n (abc)", "x notin (abc)")]
    [InlineData("\rx", "x")]
    [InlineData("a ", "a")]
    [InlineData("x,y", "x,y")]
    [InlineData("this-is-a-dns.domain.com/key-with-dash", "this-is-a-dns.domain.com/key-with-dash")]
    [InlineData("0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)", "0.1.2.domain/99 notin (10.10.100.1,tick.tack.clock)")]
    [InlineData("app.kubernetes.io/name=web,tier in (fe,be),!canary", "app.kubernetes.io/name=web,!canary,tier in (be,fe)")]
    public void Valid_selector_prints_in_canonical_form(string text, string expected)
    {
        Assert.Equal(expected, LabelSelector.Parse(text).ToString());
    }

    [Fact]
    public void Requirements_are_sorted_by_key_so_parsing_is_deterministic()
    {
        Assert.Equal("a=x,x=a", LabelSelector.Parse("x=a,a=x").ToString());
        Assert.Equal("a=x,x=a", LabelSelector.Parse("a=x,x=a").ToString());
    }

    [Fact]
    public void Requirements_with_the_same_key_keep_their_input_order()
    {
        var selector = LabelSelector.Parse("z!=a,b,z");

        Assert.Equal("b,z!=a,z", selector.ToString());
        Assert.Equal([LabelOperator.Exists, LabelOperator.NotEquals, LabelOperator.Exists], selector.Requirements.Select(r => r.Operator));
    }

    [Fact]
    public void Parsed_values_are_sorted_and_deduplicated()
    {
        var requirement = Assert.Single(LabelSelector.Parse("k in (c, a, b, a)").Requirements);

        Assert.Equal("k", requirement.Key);
        Assert.Equal(LabelOperator.In, requirement.Operator);
        Assert.Equal(["a", "b", "c"], requirement.Values);
    }

    [Theory]
    [InlineData("x=a,y!=b,z in (h,i,j)")]
    [InlineData("!x,y notin (,a),z>10,w<0")]
    [InlineData("x in ()")]
    [InlineData("a.b/c==d")]
    public void Canonical_form_parses_back_to_itself(string text)
    {
        var canonical = LabelSelector.Parse(text).ToString();

        Assert.Equal(canonical, LabelSelector.Parse(canonical).ToString());
    }

    [Fact]
    public void Nul_character_ending_a_token_is_swallowed_like_upstreams_byte_reader()
    {
        Assert.Equal("x=a,y=b,z", LabelSelector.Parse("x\0=a,y=b\0,z").ToString());
    }
}
