using MiniApiServer.Machinery;

namespace MiniApiServer.Tests.Machinery;

public sealed class NameRulesTests
{
    private const string Dns1035Message =
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

    private const string Dns1123LabelMessage =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    private const string Dns1123SubdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    private const string NamePartMessage =
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    private const string LabelValueMessage =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    [Theory]
    [InlineData("a")]
    [InlineData("my-svc")]
    [InlineData("abc-123")]
    public void Dns1035_label_accepts_lowercase_names_starting_with_a_letter(string value) =>
        Assert.Empty(NameRules.Dns1035Label(value));

    [Theory]
    [InlineData("My_Svc")]
    [InlineData("1abc")]
    [InlineData("abc-")]
    [InlineData("")]
    [InlineData("a.b")]
    public void Dns1035_label_rejects_with_the_upstream_message(string value) =>
        Assert.Equal([Dns1035Message], NameRules.Dns1035Label(value));

    [Fact]
    public void Dns1035_label_of_64_characters_is_too_long() =>
        Assert.Equal(["must be no more than 63 characters"], NameRules.Dns1035Label(new string('a', 64)));

    [Fact]
    public void Dns1035_label_of_63_characters_is_accepted() =>
        Assert.Empty(NameRules.Dns1035Label(new string('a', 63)));

    [Fact]
    public void Dns1035_label_too_long_and_malformed_reports_both_length_first() =>
        Assert.Equal(["must be no more than 63 characters", Dns1035Message], NameRules.Dns1035Label(new string('A', 64)));

    [Fact]
    public void Trailing_newline_is_not_accepted_because_go_dollar_means_end_of_text() =>
        Assert.Equal([Dns1035Message], NameRules.Dns1035Label("abc\n"));

    [Theory]
    [InlineData("1abc")]
    [InlineData("default")]
    [InlineData("kube-system")]
    public void Dns1123_label_accepts_names_starting_with_a_digit(string value) =>
        Assert.Empty(NameRules.Dns1123Label(value));

    [Fact]
    public void Dns1123_label_with_dots_says_must_not_contain_dots() =>
        Assert.Equal(["must not contain dots"], NameRules.Dns1123Label("a.b"));

    [Theory]
    [InlineData("Abc")]
    [InlineData("-abc")]
    [InlineData("a_b")]
    [InlineData("a..b")]
    public void Dns1123_label_rejects_other_forms_with_the_regex_message(string value) =>
        Assert.Equal([Dns1123LabelMessage], NameRules.Dns1123Label(value));

    [Theory]
    [InlineData("example.com")]
    [InlineData("a")]
    [InlineData("web-0.web.default")]
    public void Dns1123_subdomain_accepts_dotted_names(string value) =>
        Assert.Empty(NameRules.Dns1123Subdomain(value));

    [Theory]
    [InlineData("Example.com")]
    [InlineData(".a")]
    [InlineData("a.")]
    [InlineData("a..b")]
    public void Dns1123_subdomain_rejects_with_the_upstream_message(string value) =>
        Assert.Equal([Dns1123SubdomainMessage], NameRules.Dns1123Subdomain(value));

    [Fact]
    public void Dns1123_subdomain_of_254_characters_is_too_long() =>
        Assert.Equal(["must be no more than 253 characters"], NameRules.Dns1123Subdomain(new string('a', 254)));

    [Fact]
    public void Length_is_counted_in_utf8_bytes_like_go_len() =>
        Assert.Equal(["must be no more than 63 characters", Dns1035Message], NameRules.Dns1035Label(new string('é', 32)));

    [Theory]
    [InlineData("app")]
    [InlineData("Uppercase_Is_OK_123")]
    [InlineData("example.com/MyName")]
    [InlineData("kubernetes.io/metadata.name")]
    public void Qualified_name_accepts_label_keys(string value) =>
        Assert.Empty(NameRules.QualifiedName(value));

    [Fact]
    public void Qualified_name_at_the_limits_is_accepted() =>
        Assert.Empty(NameRules.QualifiedName(new string('a', 253) + "/" + new string('b', 63)));

    [Fact]
    public void Qualified_name_with_bad_name_part_says_name_part() =>
        Assert.Equal([NamePartMessage], NameRules.QualifiedName("bad key!"));

    [Fact]
    public void Qualified_name_with_empty_prefix_says_prefix_part_must_be_non_empty() =>
        Assert.Equal(["prefix part must be non-empty"], NameRules.QualifiedName("/abc"));

    [Fact]
    public void Qualified_name_with_empty_name_part_reports_both_emptiness_and_format() =>
        Assert.Equal(["name part must be non-empty", NamePartMessage], NameRules.QualifiedName("example.com/"));

    [Fact]
    public void Qualified_name_with_bad_prefix_prefixes_the_subdomain_message() =>
        Assert.Equal(["prefix part " + Dns1123SubdomainMessage], NameRules.QualifiedName("Example.com/abc"));

    [Fact]
    public void Qualified_name_with_too_long_name_part_says_name_part_must_be_no_more_than_63() =>
        Assert.Equal(["name part must be no more than 63 characters"], NameRules.QualifiedName(new string('a', 64)));

    [Fact]
    public void Qualified_name_with_two_slashes_is_one_qualified_name_message() =>
        Assert.Equal(
            ["a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"],
            NameRules.QualifiedName("only/one/slash"));

    [Theory]
    [InlineData("")]
    [InlineData("v1")]
    [InlineData("my_value")]
    [InlineData("1.2.3")]
    public void Label_value_may_be_empty_or_a_name(string value) =>
        Assert.Empty(NameRules.LabelValue(value));

    [Theory]
    [InlineData("-starts-with-dash")]
    [InlineData("ends.with.dot.")]
    [InlineData("has space")]
    [InlineData("a/b")]
    public void Label_value_rejects_with_the_upstream_message(string value) =>
        Assert.Equal([LabelValueMessage], NameRules.LabelValue(value));

    [Fact]
    public void Label_value_of_64_characters_is_too_long() =>
        Assert.Equal(["must be no more than 63 characters"], NameRules.LabelValue(new string('a', 64)));

    [Theory]
    [InlineData("http")]
    [InlineData("h2c")]
    [InlineData("web-8080")]
    public void Port_name_accepts_iana_service_names(string value) =>
        Assert.Empty(NameRules.IanaSvcName(value));

    [Fact]
    public void Port_name_of_digits_needs_a_letter() =>
        Assert.Equal(["must contain at least one letter (a-z)"], NameRules.IanaSvcName("8080"));

    [Fact]
    public void Port_name_in_upper_case_fails_charset_and_letter_rules() =>
        Assert.Equal(
            ["must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)", "must contain at least one letter (a-z)"],
            NameRules.IanaSvcName("HTTP"));

    [Fact]
    public void Port_name_with_double_and_edge_hyphens_reports_both() =>
        Assert.Equal(["must not contain consecutive hyphens", "must not begin or end with a hyphen"], NameRules.IanaSvcName("-a--b"));

    [Fact]
    public void Port_name_longer_than_15_is_too_long() =>
        Assert.Equal(["must be no more than 15 characters"], NameRules.IanaSvcName("abcdefghijklmnop"));

    [Fact]
    public void Empty_port_name_fails_charset_and_letter_rules() =>
        Assert.Equal(
            ["must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)", "must contain at least one letter (a-z)"],
            NameRules.IanaSvcName(""));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(65536)]
    public void Port_number_out_of_range_is_rejected(int port) =>
        Assert.Equal(["must be between 1 and 65535, inclusive"], NameRules.ValidPortNumber(port));

    [Theory]
    [InlineData(1)]
    [InlineData(80)]
    [InlineData(65535)]
    public void Port_number_in_range_is_accepted(int port) =>
        Assert.Empty(NameRules.ValidPortNumber(port));

    [Theory]
    [InlineData(".", "may not be '.'")]
    [InlineData("..", "may not be '..'")]
    public void Path_segment_name_may_not_be_a_dot_segment(string name, string message) =>
        Assert.Equal([message], NameRules.PathSegmentName(name, prefix: false));

    [Fact]
    public void Path_segment_name_may_not_contain_slash_or_percent() =>
        Assert.Equal(["may not contain '/'", "may not contain '%'"], NameRules.PathSegmentName("a/b%c", prefix: false));

    [Fact]
    public void Path_segment_prefix_may_be_a_dot_since_a_suffix_follows() =>
        Assert.Empty(NameRules.PathSegmentName("..", prefix: true));

    [Fact]
    public void Path_segment_prefix_may_not_contain_slash() =>
        Assert.Equal(["may not contain '/'"], NameRules.PathSegmentName("a/", prefix: true));
}
