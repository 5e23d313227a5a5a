using MiniApiServer.Selectors;

namespace MiniApiServer.Tests.Selectors;

/// <summary>The checks of upstream NewRequirement that the parser itself can never trigger.</summary>
public sealed class LabelRequirementTests
{
    private static string ErrorOf(string key, LabelOperator op, params string[] values) =>
        Assert.Throws<SelectorParseException>(() => LabelRequirement.Create(key, op, values)).Message;

    [Theory]
    [InlineData("In")]
    [InlineData("NotIn")]
    public void In_operator_with_empty_values_is_rejected(string op)
    {
        Assert.Equal("values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty", ErrorOf("x", Enum.Parse<LabelOperator>(op)));
    }

    [Fact]
    public void Equality_needs_exactly_one_value()
    {
        Assert.Equal(
            "values: Invalid value: []string{\"a\", \"b\"}: exact-match compatibility requires one single value",
            ErrorOf("x", LabelOperator.Equals, "a", "b"));
    }

    [Fact]
    public void Exists_takes_no_values()
    {
        Assert.Equal(
            "values: Invalid value: []string{\"a\"}: values set must be empty for exists and does not exist",
            ErrorOf("x", LabelOperator.Exists, "a"));
    }

    [Fact]
    public void Gt_needs_exactly_one_value()
    {
        Assert.Equal(
            "values: Invalid value: []string{\"1\", \"2\"}: for 'Gt', 'Lt' operators, exactly one value is required",
            ErrorOf("x", LabelOperator.GreaterThan, "1", "2"));
    }

    [Fact]
    public void Invalid_key_is_reported_under_key()
    {
        Assert.Equal(
            "key: Invalid value: \"\": name part must be non-empty; name part must consist of alphanumeric characters, '-', '_' or '.', " +
            "and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', " +
            "regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
            ErrorOf("", LabelOperator.Exists));
    }

    [Fact]
    public void Prefix_longer_than_253_bytes_is_rejected()
    {
        var prefix = string.Join(".", Enumerable.Repeat(new string('a', 63), 4)) + ".a";

        Assert.StartsWith(
            $"key: Invalid value: \"{prefix}/x\": prefix part must be no more than 253 characters",
            ErrorOf(prefix + "/x", LabelOperator.Exists));
    }

    [Theory]
    [InlineData("1foo", "In", "bar")]
    [InlineData("1234", "In", "bar")]
    [InlineData("y", "GreaterThan", "1")]
    [InlineData("z", "LessThan", "6")]
    [InlineData("x", "In", "")]
    public void Valid_requirement_is_created(string key, string op, string value)
    {
        var requirement = LabelRequirement.Create(key, Enum.Parse<LabelOperator>(op), [value]);

        Assert.Equal(key, requirement.Key);
        Assert.Equal([value], requirement.Values);
    }

    [Fact]
    public void Values_print_sorted_without_reordering_the_requirement()
    {
        var requirement = LabelRequirement.Create("x", LabelOperator.NotIn, ["def", "abc"]);

        Assert.Equal("x notin (abc,def)", requirement.ToString());
        Assert.Equal(["def", "abc"], requirement.Values);
    }
}
