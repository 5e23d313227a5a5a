using MiniApiServer.Selectors;

namespace MiniApiServer.Tests.Selectors;

public sealed class FieldSelectorTests
{
    private static string ErrorOf(string text) => Assert.Throws<SelectorParseException>(() => FieldSelector.Parse(text)).Message;

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(",")]
    [InlineData("=")]
    [InlineData("!=,==")]
    public void Selector_without_terms_is_everything(string? text)
    {
        var selector = FieldSelector.Parse(text);

        Assert.True(selector.IsEmpty);
        Assert.Empty(selector.Requirements);
        Assert.Equal("", selector.ToString());
        Assert.True(selector.Matches(new Dictionary<string, string>()));
    }

    [Theory]
    [InlineData("metadata.name=foo", "metadata.name", "Equals", "foo")]
    [InlineData("metadata.name==foo", "metadata.name", "Equals", "foo")]
    [InlineData("metadata.name!=foo", "metadata.name", "NotEquals", "foo")]
    [InlineData("spec.nodeName=", "spec.nodeName", "Equals", "")]
    [InlineData("=x", "", "Equals", "x")]
    [InlineData("a b=c d", "a b", "Equals", "c d")]
    public void Term_is_split_at_the_first_operator(string text, string field, string op, string value)
    {
        var requirement = Assert.Single(FieldSelector.Parse(text).Requirements);

        Assert.Equal(new FieldRequirement(field, Enum.Parse<FieldOperator>(op), value), requirement);
    }

    [Theory]
    [InlineData("b=2,a=1", "a=1,b=2")]
    [InlineData("a=1,,b=2,", "a=1,b=2")]
    [InlineData("x==1", "x=1")]
    [InlineData("status.phase!=Running,metadata.namespace=default", "metadata.namespace=default,status.phase!=Running")]
    public void Terms_are_sorted_and_printed_canonically(string text, string expected)
    {
        Assert.Equal(expected, FieldSelector.Parse(text).ToString());
    }

    [Theory]
    [InlineData(@"a=x\,y", "x,y")]
    [InlineData(@"a=x\=y", "x=y")]
    [InlineData(@"a=x\\y", @"x\y")]
    [InlineData(@"a=x\\", @"x\")]
    [InlineData(@"a=\\\,\=", @"\,=")]
    public void Backslash_escapes_comma_equals_and_backslash(string text, string value)
    {
        var selector = FieldSelector.Parse(text);

        Assert.Equal(value, Assert.Single(selector.Requirements).Value);
        Assert.Equal(text, selector.ToString());
    }

    [Fact]
    public void Escaped_comma_does_not_split_terms()
    {
        var selector = FieldSelector.Parse(@"b=z,a=x\,y");

        Assert.Equal([new FieldRequirement("a", FieldOperator.Equals, "x,y"), new FieldRequirement("b", FieldOperator.Equals, "z")], selector.Requirements);
    }

    [Fact]
    public void Escaping_round_trips_any_value()
    {
        const string value = @"a,b=c\d\,";
        var text = "f=" + FieldSelector.EscapeValue(value);

        Assert.Equal(value, Assert.Single(FieldSelector.Parse(text).Requirements).Value);
    }

    [Theory]
    [InlineData("foo", "invalid selector: 'foo'; can't understand 'foo'")]
    [InlineData("a=1,foo", "invalid selector: 'a=1,foo'; can't understand 'foo'")]
    [InlineData("zz,aa", "invalid selector: 'zz,aa'; can't understand 'aa'")]
    [InlineData(" ", "invalid selector: ' '; can't understand ' '")]
    [InlineData("a>1", "invalid selector: 'a>1'; can't understand 'a>1'")]
    [InlineData("a in (x)", "invalid selector: 'a in (x)'; can't understand 'a in (x)'")]
    public void Term_without_operator_is_rejected(string text, string expected)
    {
        Assert.Equal(expected, ErrorOf(text));
    }

    [Theory]
    [InlineData("a=b=c")]
    [InlineData("a===b")]
    [InlineData("a=!=b")]
    [InlineData("a!=b=c")]
    public void Unescaped_equals_in_value_is_rejected_with_its_code_point(string text)
    {
        Assert.Equal("invalid field selector: unescaped character in value: 61", ErrorOf(text));
    }

    [Theory]
    [InlineData(@"a=x\y", @"\y")]
    [InlineData(@"a=x\", @"\")]
    [InlineData(@"a=\😀", @"\😀")]
    public void Unknown_escape_sequence_is_rejected(string text, string sequence)
    {
        Assert.Equal("invalid field selector: invalid escape sequence: " + sequence, ErrorOf(text));
    }

    [Theory]
    [InlineData("a=1", true)]
    [InlineData("a=2", false)]
    [InlineData("a!=1", false)]
    [InlineData("a!=2", true)]
    [InlineData("missing=", true)]
    [InlineData("missing!=", false)]
    [InlineData("missing=x", false)]
    [InlineData("missing!=x", true)]
    [InlineData("a=1,b=2", true)]
    [InlineData("a=1,b=3", false)]
    public void Missing_field_reads_as_empty_and_terms_are_anded(string text, bool expected)
    {
        var fields = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" };

        Assert.Equal(expected, FieldSelector.Parse(text).Matches(fields));
    }

    [Theory]
    [InlineData("metadata.name=foo", "foo")]
    [InlineData("metadata.name==foo", "foo")]
    [InlineData("metadata.name=", "")]
    [InlineData("metadata.name!=foo", null)]
    [InlineData("metadata.namespace=foo", null)]
    [InlineData("metadata.name=b,metadata.name=a", "a")]
    [InlineData("metadata.name!=a,metadata.name=b", "b")]
    public void Exact_match_is_the_first_equality_term_for_the_field(string text, string? expected)
    {
        Assert.Equal(expected, FieldSelector.Parse(text).RequiresExactMatch("metadata.name"));
    }

    [Fact]
    public void Select_renames_fields_and_drops_terms_mapped_to_nothing()
    {
        var selector = FieldSelector.Parse("name=web,drop=me,status.phase!=Failed").Select(r => r.Field switch
        {
            "name" => r with { Field = "metadata.name" },
            "drop" => r with { Field = "", Value = "" },
            _ => r,
        });

        Assert.Equal("metadata.name=web,status.phase!=Failed", selector.ToString());
        Assert.Equal("web", selector.RequiresExactMatch("metadata.name"));
    }

    [Fact]
    public void Select_that_drops_every_term_gives_everything()
    {
        Assert.True(FieldSelector.Parse("a=1").Select(r => r with { Field = "", Value = "" }).IsEmpty);
    }

    [Fact]
    public void Select_lets_the_mapping_reject_a_field()
    {
        var error = Assert.Throws<SelectorParseException>(() =>
            FieldSelector.Parse("spec.foo=x").Select(r => throw new SelectorParseException($"\"{r.Field}\" is not a known field selector")));

        Assert.Equal("\"spec.foo\" is not a known field selector", error.Message);
    }

    [Fact]
    public void One_term_selector_requires_the_name()
    {
        var selector = FieldSelector.OneTermEquals("metadata.name", "a,b");

        Assert.Equal("a,b", selector.RequiresExactMatch("metadata.name"));
        Assert.Equal(@"metadata.name=a\,b", selector.ToString());
    }

    [Fact]
    public void Terms_sort_in_go_byte_order_not_utf16_order()
    {
        // U+FFFD is EF BF BD in UTF-8 and sorts before U+1F600 (F0 9F 98 80); in UTF-16 its unit FFFD sorts after D83D.
        Assert.Equal("\uFFFD=1,\U0001F600=2", FieldSelector.Parse("\U0001F600=2,\uFFFD=1").ToString());
    }
}
