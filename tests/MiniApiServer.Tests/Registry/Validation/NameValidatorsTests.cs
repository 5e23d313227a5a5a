using MiniApiServer.Registry.Validation;

namespace MiniApiServer.Tests.Registry.Validation;

public sealed class NameValidatorsTests
{
    [Fact]
    public void Generate_name_prefix_may_end_with_a_dash() =>
        Assert.Empty(NameValidators.Dns1035Label("web-", prefix: true));

    [Fact]
    public void Full_name_may_not_end_with_a_dash() =>
        Assert.Single(NameValidators.Dns1035Label("web-", prefix: false));

    [Fact]
    public void Trailing_dash_mask_drops_the_character_before_it_as_upstream_does() =>
        Assert.Equal("wea", NameValidators.MaskTrailingDash("web-"));

    [Fact]
    public void Prefix_of_64_characters_ending_in_dash_passes_because_the_mask_shortens_it() =>
        Assert.Empty(NameValidators.Dns1035Label(new string('a', 63) + "-", prefix: true));

    [Fact]
    public void Prefix_of_65_characters_ending_in_dash_is_too_long() =>
        Assert.Equal(["must be no more than 63 characters"], NameValidators.Dns1035Label(new string('a', 64) + "-", prefix: true));

    [Fact]
    public void Lone_dash_prefix_is_rejected_rather_than_crashing() =>
        Assert.Single(NameValidators.Dns1123Subdomain("-", prefix: true));

    [Fact]
    public void Namespace_rule_rejects_dots() =>
        Assert.Equal(["must not contain dots"], NameValidators.Dns1123Label("my.ns", prefix: false));

    [Fact]
    public void Subdomain_rule_accepts_dots() =>
        Assert.Empty(NameValidators.Dns1123Subdomain("web-0.example", prefix: false));

    [Fact]
    public void Path_segment_messages_do_not_pile_onto_a_rejected_name() =>
        Assert.Equal(
            ["a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"],
            NameValidators.Dns1123Subdomain("a/b", prefix: false));
}
