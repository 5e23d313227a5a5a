using MiniApiServer.Selectors;

namespace MiniApiServer.Tests.Selectors;

/// <summary>Error texts as kube-apiserver returns them in the 400 BadRequest message.</summary>
public sealed class LabelSelectorErrorTests
{
    private const string NamePartRegex =
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character " +
        "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    private const string LabelValueRegex =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character " +
        "(e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    private static string ErrorOf(string text) => Assert.Throws<SelectorParseException>(() => LabelSelector.Parse(text)).Message;

    // Grammar errors from upstream Parser.parse, outside "unable to parse requirement".
    [Theory]
    [InlineData("x==a==b", "found '==', expected: ',' or 'end of string'")]
    [InlineData("!x=a", "found '=', expected: ',' or 'end of string'")]
    [InlineData("a in (xyz)b notin ()", "found 'b', expected: ',' or 'end of string'")]
    [InlineData("x,,y", "found ',', expected: identifier after ','")]
    [InlineData("a in (xyz),", "found '', expected: identifier after ','")]
    [InlineData("x=a, \0y", "found '', expected: identifier after ','")]
    [InlineData(",x,y", "found ',', expected: !, identifier, or 'end of string'")]
    [InlineData("(", "found '(', expected: !, identifier, or 'end of string'")]
    [InlineData("=a", "found '=', expected: !, identifier, or 'end of string'")]
    public void Grammar_error_has_upstream_text(string text, string expected)
    {
        Assert.Equal(expected, ErrorOf(text));
    }

    // Errors inside one requirement (parseRequirement and its helpers), prefixed by parse().
    [Theory]
    [InlineData("!", "found '', expected: identifier")]
    [InlineData("!!x", "found '!', expected: identifier")]
    [InlineData("x nott in (y)", "found 'nott', expected: in, notin, =, ==, !=, gt, lt")]
    [InlineData("a (", "found '(', expected: in, notin, =, ==, !=, gt, lt")]
    [InlineData("k in", "found '' expected: '('")]
    [InlineData("k in x", "found 'x' expected: '('")]
    [InlineData("a notin(", "found '', expected: ',', ')' or identifier")]
    [InlineData("k in (=", "found '=', expected: ',', ')' or identifier")]
    [InlineData("a in (xyz abc)", "found 'abc', expected: ',' or ')'")]
    [InlineData("k in (a", "found '', expected: ',' or ')'")]
    [InlineData("k in (a,=", "found '=', expected: ',', or identifier")]
    [InlineData("x=(", "found '(', expected: identifier")]
    [InlineData("x>=1", "found '=', expected: identifier")]
    public void Requirement_error_is_prefixed_unable_to_parse_requirement(string text, string expected)
    {
        Assert.Equal("unable to parse requirement: " + expected, ErrorOf(text));
    }

    [Fact]
    public void Invalid_key_is_reported_with_a_nil_field_path()
    {
        Assert.Equal(
            "unable to parse requirement: <nil>: Invalid value: \"app:monolith\": " + NamePartRegex,
            ErrorOf("app:monolith"));
    }

    [Fact]
    public void Vertical_tab_is_not_lexer_whitespace_but_a_bad_key()
    {
        Assert.Equal("unable to parse requirement: <nil>: Invalid value: \"\\v\": " + NamePartRegex, ErrorOf("\v"));
    }

    [Fact]
    public void Key_with_two_slashes_is_not_a_qualified_name()
    {
        Assert.Equal(
            "unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', " +
            "and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is " +
            "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
            ErrorOf("a/b/c ?=? def"));
    }

    [Fact]
    public void Key_prefix_must_be_a_lowercase_dns_subdomain()
    {
        Assert.Equal(
            "unable to parse requirement: <nil>: Invalid value: \"app.kubernetes_io/name\": prefix part a lowercase RFC 1123 subdomain must consist of " +
            "lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', " +
            "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
            ErrorOf("app.kubernetes_io/name=x"));
    }

    [Fact]
    public void Empty_prefix_is_rejected()
    {
        Assert.Equal("unable to parse requirement: <nil>: Invalid value: \"/x\": prefix part must be non-empty", ErrorOf("/x"));
    }

    [Fact]
    public void Several_key_problems_are_joined_with_semicolons()
    {
        Assert.Equal(
            "unable to parse requirement: <nil>: Invalid value: \"x/\": name part must be non-empty; " + NamePartRegex,
            ErrorOf("x/"));
    }

    [Fact]
    public void Key_name_longer_than_63_bytes_is_rejected()
    {
        var key = new string('a', 64);

        Assert.Equal(
            $"unable to parse requirement: <nil>: Invalid value: \"{key}\": name part must be no more than 63 characters",
            ErrorOf(key + "=x"));
    }

    [Fact]
    public void Invalid_value_is_reported_under_its_index_and_key()
    {
        Assert.Equal(
            "unable to parse requirement: values[0][x]: Invalid value: \"a||y\": " + LabelValueRegex,
            ErrorOf("x=a||y=b"));
    }

    [Fact]
    public void Value_longer_than_63_bytes_is_rejected()
    {
        var value = new string('z', 64);

        Assert.Equal(
            $"unable to parse requirement: values[0][good-key]: Invalid value: \"{value}\": must be no more than 63 characters",
            ErrorOf("good-key=" + value));
    }

    [Fact]
    public void Several_value_problems_are_reported_as_a_bracketed_list()
    {
        Assert.Equal(
            "unable to parse requirement: [values[0][k]: Invalid value: \"a@\": " + LabelValueRegex +
            ", values[1][k]: Invalid value: \"b@\": " + LabelValueRegex + "]",
            ErrorOf("k in (b@,a@)"));
    }

    [Theory]
    [InlineData("x<a", "a")]
    [InlineData("x>", "")]
    [InlineData("x>1.5", "1.5")]
    [InlineData("x>99999999999999999999", "99999999999999999999")]
    public void Gt_and_Lt_need_an_integer(string text, string value)
    {
        Assert.Equal(
            $"unable to parse requirement: values[0]: Invalid value: \"{value}\": for 'Gt', 'Lt' operators, the value must be an integer",
            ErrorOf(text));
    }

    [Fact]
    public void Gt_value_that_is_neither_integer_nor_label_value_reports_both()
    {
        Assert.Equal(
            "unable to parse requirement: [values[0]: Invalid value: \"a@\": for 'Gt', 'Lt' operators, the value must be an integer, " +
            "values[0][x]: Invalid value: \"a@\": " + LabelValueRegex + "]",
            ErrorOf("x>a@"));
    }

    [Fact]
    public void Negative_bound_parses_as_integer_but_is_not_a_label_value()
    {
        Assert.Equal("unable to parse requirement: values[0][x]: Invalid value: \"-1\": " + LabelValueRegex, ErrorOf("x>-1"));
    }
}
