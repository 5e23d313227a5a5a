using k8s.Models;
using MiniApiServer.Registry;
using MiniApiServer.Registry.Leases;

namespace MiniApiServer.Tests.Registry.Leases;

/// <summary>The Lease descriptor and ValidateLeaseSpec's rules, one by one.</summary>
public sealed class LeaseStrategyTests
{
    [Fact]
    public void Descriptor_names_the_coordination_group_and_forbids_unconditional_updates()
    {
        var d = new LeaseStrategy().Descriptor;
        Assert.Equal(("coordination.k8s.io", "v1", "coordination.k8s.io/v1"), (d.Group, d.Version, d.ApiVersion));
        Assert.Equal(("Lease", "LeaseList", "leases", "lease"), (d.Kind, d.ListKind, d.Plural, d.Singular));
        Assert.Equal("/apis/coordination.k8s.io/v1", d.PathPrefix);
        Assert.True(d.Namespaced);
        Assert.True(d.AllowCreateOnUpdate);
        Assert.False(d.AllowUnconditionalUpdate);
        Assert.Empty(d.ShortNames);
        Assert.Empty(d.Subresources);
        Assert.Equal(ResourceDescriptor.AllVerbs, d.Verbs);
        Assert.Equal("leases", d.EtcdPrefix);
    }

    [Fact]
    public void An_empty_or_missing_spec_is_valid() =>
        Assert.Empty(LeaseStrategy.ValidateSpec(new V1LeaseSpec()));

    [Theory]
    [InlineData(1, 0)]
    [InlineData(3600, 42)]
    public void Positive_durations_and_non_negative_transitions_are_valid(int duration, int transitions) =>
        Assert.Empty(LeaseStrategy.ValidateSpec(new V1LeaseSpec { LeaseDurationSeconds = duration, LeaseTransitions = transitions }));

    [Theory]
    [InlineData(0, "spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0")]
    [InlineData(-5, "spec.leaseDurationSeconds: Invalid value: -5: must be greater than 0")]
    public void Duration_must_be_positive(int duration, string message) =>
        Assert.Equal([message], LeaseStrategy.ValidateSpec(new V1LeaseSpec { LeaseDurationSeconds = duration }).Select(e => e.ToString()));

    [Fact]
    public void Strategies_are_the_known_name_or_a_qualified_one()
    {
        Assert.Empty(LeaseStrategy.ValidateSpec(new V1LeaseSpec { Strategy = "OldestEmulationVersion" }));
        Assert.Empty(LeaseStrategy.ValidateSpec(new V1LeaseSpec { Strategy = "example.com/custom" }));
        Assert.Equal(["spec.strategy.strategy: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"],
            LeaseStrategy.ValidateSpec(new V1LeaseSpec { Strategy = "a/b/c" }).Select(e => e.ToString()));
    }

    [Fact]
    public void A_preferred_holder_needs_a_strategy()
    {
        Assert.Equal(["spec.preferredHolder: Forbidden: may only be specified if `strategy` is defined"],
            LeaseStrategy.ValidateSpec(new V1LeaseSpec { PreferredHolder = "b" }).Select(e => e.ToString()));
        // An empty strategy is set, so it is validated as a name too (and is none), as upstream does for a non-nil pointer.
        Assert.Equal(["spec.strategy.strategy: Unsupported value: \"\": supported values: \"OldestEmulationVersion\"",
                "spec.preferredHolder: Forbidden: may only be specified if `strategy` is defined"],
            LeaseStrategy.ValidateSpec(new V1LeaseSpec { PreferredHolder = "b", Strategy = "" }).Select(e => e.ToString()));
        Assert.Empty(LeaseStrategy.ValidateSpec(new V1LeaseSpec { PreferredHolder = "" }));
    }
}
