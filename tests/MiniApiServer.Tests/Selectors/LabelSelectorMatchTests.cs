using MiniApiServer.Selectors;

namespace MiniApiServer.Tests.Selectors;

public sealed class LabelSelectorMatchTests
{
    private static Dictionary<string, string> Labels(params string[] pairs) =>
        pairs.Select(p => p.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);

    private static bool Matches(string selector, params string[] labels) =>
        LabelSelector.Parse(selector).Matches(Labels(labels));

    [Theory]
    [InlineData("x=y", true, "x=y")]
    [InlineData("x==y", true, "x=y")]
    [InlineData("x=y", false, "x=z")]
    [InlineData("x=y", false)]
    [InlineData("x=", true, "x=")]
    [InlineData("x=", false)]
    public void Equality_needs_the_label_with_that_value(string selector, bool expected, params string[] labels)
    {
        Assert.Equal(expected, Matches(selector, labels));
    }

    [Theory]
    [InlineData("x!=y", false, "x=y")]
    [InlineData("x!=y", true, "x=z")]
    [InlineData("x!=y", true, "other=y")]
    [InlineData("x!=y", true)]
    public void Not_equals_also_matches_objects_without_the_label(string selector, bool expected, params string[] labels)
    {
        Assert.Equal(expected, Matches(selector, labels));
    }

    [Theory]
    [InlineData("x in (a,b)", true, "x=a")]
    [InlineData("x in (a,b)", true, "x=b")]
    [InlineData("x in (a,b)", false, "x=c")]
    [InlineData("x in (a,b)", false)]
    [InlineData("x in ()", true, "x=")]
    [InlineData("x in ()", false, "x=a")]
    [InlineData("x in (,a)", true, "x=")]
    public void In_needs_the_label_with_one_of_the_values(string selector, bool expected, params string[] labels)
    {
        Assert.Equal(expected, Matches(selector, labels));
    }

    [Theory]
    [InlineData("x notin (a,b)", false, "x=a")]
    [InlineData("x notin (a,b)", true, "x=c")]
    [InlineData("x notin (a,b)", true)]
    [InlineData("x notin ()", false, "x=")]
    [InlineData("x notin ()", true, "y=")]
    public void Notin_also_matches_objects_without_the_label(string selector, bool expected, params string[] labels)
    {
        Assert.Equal(expected, Matches(selector, labels));
    }

    [Theory]
    [InlineData("x", true, "x=")]
    [InlineData("x", true, "x=z")]
    [InlineData("x", false, "y=z")]
    [InlineData("!x", true, "y=z")]
    [InlineData("!x", false, "x=")]
    [InlineData("!x", true)]
    public void Exists_and_does_not_exist_look_only_at_the_key(string selector, bool expected, params string[] labels)
    {
        Assert.Equal(expected, Matches(selector, labels));
    }

    [Theory]
    [InlineData("x>1", true, "x=2")]
    [InlineData("x>1", false, "x=1")]
    [InlineData("x>1", false, "x=0")]
    [InlineData("x<1", true, "x=0")]
    [InlineData("x<1", true, "x=-5")]
    [InlineData("x<1", false, "x=1")]
    [InlineData("x>1", true, "x=007")]
    [InlineData("x>1", false, "x=v2")]
    [InlineData("x>1", false, "x=")]
    [InlineData("x<1", false)]
    [InlineData("x>0", false, "x=99999999999999999999")]
    public void Gt_and_Lt_compare_integers_and_need_a_parsable_label(string selector, bool expected, params string[] labels)
    {
        Assert.Equal(expected, Matches(selector, labels));
    }

    [Theory]
    [InlineData("x=y,z=w", true, "x=y", "z=w")]
    [InlineData("x=y,z=w", false, "x=w", "z=w")]
    [InlineData("x!=y,z!=w", true, "x=z", "z=a")]
    [InlineData("x!=y,z!=w", false, "x=z", "z=w")]
    [InlineData("foo=bar,foobar=bar,baz=blah", false, "foo=bar", "baz=blah")]
    public void Comma_means_and(string selector, bool expected, params string[] labels)
    {
        Assert.Equal(expected, Matches(selector, labels));
    }

    [Fact]
    public void Null_labels_are_no_labels()
    {
        Assert.True(LabelSelector.Parse("x!=a,y notin (b),!z").Matches(null));
        Assert.False(LabelSelector.Parse("x").Matches(null));
        Assert.True(LabelSelector.Everything.Matches(null));
    }

    [Fact]
    public void Set_selector_requires_every_pair()
    {
        var selector = LabelSelector.FromSet(new Dictionary<string, string> { ["tier"] = "fe", ["app"] = "web" });

        Assert.False(selector.IsEmpty);
        Assert.Equal("app=web,tier=fe", selector.ToString());
        Assert.True(selector.Matches(Labels("app=web", "tier=fe", "extra=1")));
        Assert.False(selector.Matches(Labels("app=web")));
        Assert.False(selector.Matches(Labels("app=web", "tier=be")));
    }

    [Fact]
    public void Empty_set_selects_everything()
    {
        var selector = LabelSelector.FromSet(new Dictionary<string, string>());

        Assert.True(selector.IsEmpty);
        Assert.True(selector.Matches(Labels("a=b")));
    }

    [Fact]
    public void Set_selector_is_not_validated_like_upstream_SelectorFromSet()
    {
        var selector = LabelSelector.FromSet(new Dictionary<string, string> { ["not a key"] = "not a value" });

        Assert.True(selector.Matches(new Dictionary<string, string> { ["not a key"] = "not a value" }));
    }
}
