using k8s.Models;
using MiniApiServer.Registry.Namespaces;

namespace MiniApiServer.Tests.Registry.Namespaces;

public sealed class NamespaceValidationTests
{
    private const string Dns1123Label =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    private const string QualifiedNamePart =
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    private const string NotStandard = "name is neither a standard finalizer name nor is it fully qualified";

    private static readonly DateTime Deleted = new(2024, 5, 1, 10, 20, 30, DateTimeKind.Utc);

    private readonly NamespaceStrategy _strategy = new();

    private static V1Namespace Ns(string name = "team-a", params string[] finalizers) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, ResourceVersion = "1" },
        Spec = new V1NamespaceSpec { Finalizers = finalizers },
        Status = new V1NamespaceStatus { Phase = "Active" },
    };

    private string[] Errors(V1Namespace ns) => [.. _strategy.Validate(ns, null).Select(e => e.ToString())];

    private string[] StatusErrors(V1Namespace ns, V1Namespace old) =>
        [.. _strategy.ValidateStatusUpdate(ns, old).Select(e => e.ToString())];

    private string[] FinalizeErrors(V1Namespace ns, V1Namespace old) =>
        [.. _strategy.ValidateFinalize(ns, old).Select(e => e.ToString())];

    // Create

    [Fact]
    public void Valid_namespace_has_no_errors()
    {
        Assert.Empty(Errors(Ns("team-a", "kubernetes")));
        Assert.Empty(Errors(Ns("123")));
    }

    [Fact]
    public void Name_must_be_a_dns_label()
    {
        Assert.Equal([$"metadata.name: Invalid value: \"Team_A\": {Dns1123Label}"], Errors(Ns("Team_A")));
    }

    [Fact]
    public void Name_longer_than_63_characters_is_rejected()
    {
        var name = new string('a', 64);
        Assert.Equal([$"metadata.name: Invalid value: \"{name}\": must be no more than 63 characters"], Errors(Ns(name)));
    }

    [Fact]
    public void Dotted_name_is_not_a_label()
    {
        Assert.Equal(["metadata.name: Invalid value: \"team.a\": must not contain dots"], Errors(Ns("team.a")));
    }

    [Fact]
    public void Overlong_name_also_fails_as_the_defaulted_label_value()
    {
        // Defaulting copies the name into the kubernetes.io/metadata.name label before validation, as upstream.
        var name = new string('a', 64);
        var ns = Ns(name);
        _strategy.Default(ns);
        _strategy.PrepareForCreate(ns);

        Assert.Equal(
            [
                $"metadata.name: Invalid value: \"{name}\": must be no more than 63 characters",
                $"metadata.labels: Invalid value: \"{name}\": must be no more than 63 characters",
            ],
            Errors(ns));
    }

    [Fact]
    public void Namespace_field_is_forbidden_on_a_cluster_scoped_kind()
    {
        var ns = Ns();
        ns.Metadata.NamespaceProperty = "default";
        Assert.Equal(["metadata.namespace: Forbidden: not allowed on this type"], Errors(ns));
    }

    [Theory]
    [InlineData("kubernetes")]
    [InlineData("orphan")]
    [InlineData("foregroundDeletion")]
    [InlineData("example.com/cleanup")]
    [InlineData("example.com/Clean_Up")]
    public void Standard_or_prefixed_finalizers_are_accepted(string finalizer)
    {
        Assert.Empty(Errors(Ns("team-a", finalizer)));
    }

    [Fact]
    public void Unprefixed_non_standard_finalizer_is_rejected_on_the_unindexed_path()
    {
        Assert.Equal(
            [$"spec.finalizers: Invalid value: \"cleanup\": {NotStandard}"],
            Errors(Ns("team-a", "kubernetes", "cleanup")));
    }

    [Fact]
    public void Malformed_unprefixed_finalizer_fails_both_rules()
    {
        Assert.Equal(
            [
                $"spec.finalizers: Invalid value: \"bad name\": {QualifiedNamePart}",
                $"spec.finalizers: Invalid value: \"bad name\": {NotStandard}",
            ],
            Errors(Ns("team-a", "bad name")));
    }

    [Fact]
    public void Malformed_prefixed_finalizer_fails_only_the_qualified_name_rule()
    {
        Assert.Equal(
            [$"spec.finalizers: Invalid value: \"example.com/bad name\": {QualifiedNamePart}"],
            Errors(Ns("team-a", "example.com/bad name")));
    }

    [Fact]
    public void Finalizer_with_an_empty_prefix_is_rejected()
    {
        Assert.Equal(
            ["spec.finalizers: Invalid value: \"/cleanup\": prefix part must be non-empty"],
            Errors(Ns("team-a", "/cleanup")));
    }

    [Fact]
    public void Namespace_without_spec_validates()
    {
        Assert.Empty(Errors(new V1Namespace { Metadata = new V1ObjectMeta { Name = "team-a" } }));
    }

    // Update

    [Fact]
    public void Update_reports_namespace_errors_then_metadata_update_errors()
    {
        var old = Ns("team-a", "kubernetes");
        var ns = Ns("Team_B", "kubernetes");

        Assert.Equal(
            [
                $"metadata.name: Invalid value: \"Team_B\": {Dns1123Label}",
                "metadata.name: Invalid value: \"Team_B\": field is immutable",
            ],
            _strategy.ValidateUpdate(ns, old, null).Select(e => e.ToString()));
    }

    // Status

    [Fact]
    public void Status_phase_must_be_active_without_deletion_timestamp()
    {
        var old = Ns();
        var ns = Ns();
        ns.Status.Phase = "Terminating";

        Assert.Equal(
            ["status.Phase: Invalid value: \"Terminating\": may only be 'Active' if `deletionTimestamp` is empty"],
            StatusErrors(ns, old));
    }

    [Fact]
    public void Status_phase_must_be_terminating_with_deletion_timestamp()
    {
        var old = Ns();
        old.Metadata.DeletionTimestamp = Deleted;
        var ns = Ns();
        ns.Metadata.DeletionTimestamp = Deleted;

        Assert.Equal(
            ["status.Phase: Invalid value: \"Active\": may only be 'Terminating' if `deletionTimestamp` is not empty"],
            StatusErrors(ns, old));

        ns.Status.Phase = "Terminating";
        Assert.Empty(StatusErrors(ns, old));
    }

    [Fact]
    public void Status_with_an_unknown_phase_is_rejected()
    {
        var ns = Ns();
        ns.Status.Phase = "Gone";

        Assert.Equal(
            ["status.Phase: Invalid value: \"Gone\": may only be 'Active' if `deletionTimestamp` is empty"],
            StatusErrors(ns, Ns()));
    }

    [Fact]
    public void Status_update_does_not_validate_spec_finalizers()
    {
        // ValidateNamespaceStatusUpdate checks metadata and phase only.
        Assert.Empty(StatusErrors(Ns("team-a", "cleanup"), Ns("team-a", "cleanup")));
    }

    // Finalize

    [Fact]
    public void Finalize_reports_finalizer_errors_on_indexed_paths()
    {
        var old = Ns("team-a", "kubernetes");
        var ns = Ns("team-a", "kubernetes", "cleanup", "bad name");

        Assert.Equal(
            [
                $"spec.finalizers[1]: Invalid value: \"cleanup\": {NotStandard}",
                $"spec.finalizers[2]: Invalid value: \"bad name\": {QualifiedNamePart}",
                $"spec.finalizers[2]: Invalid value: \"bad name\": {NotStandard}",
            ],
            FinalizeErrors(ns, old));
    }

    [Fact]
    public void Finalize_removing_every_finalizer_is_valid()
    {
        Assert.Empty(FinalizeErrors(Ns("team-a"), Ns("team-a", "kubernetes")));
    }
}
