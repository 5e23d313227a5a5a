using k8s.Models;
using MiniApiServer.Registry.Namespaces;
using MiniApiServer.Registry;

namespace MiniApiServer.Tests.Registry.Namespaces;

public sealed class NamespaceStrategyTests
{
    private readonly NamespaceStrategy _strategy = new();

    private static V1Namespace Ns(string? name = "team-a") => new()
    {
        ApiVersion = "v1",
        Kind = "Namespace",
        Metadata = new V1ObjectMeta { Name = name },
    };

    private static V1Namespace Stored(string name = "team-a") => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            Uid = "5d1e9a3c-0000-4000-8000-000000000001",
            ResourceVersion = "7",
            Labels = new Dictionary<string, string> { [NamespaceStrategy.NameLabel] = name, ["team"] = "a" },
            Annotations = new Dictionary<string, string> { ["note"] = "kept" },
        },
        Spec = new V1NamespaceSpec { Finalizers = ["kubernetes"] },
        Status = new V1NamespaceStatus { Phase = "Active" },
    };

    [Fact]
    public void Descriptor_describes_core_v1_namespaces()
    {
        var d = _strategy.Descriptor;
        Assert.Equal("namespaces", d.Plural);
        Assert.Equal("namespace", d.Singular);
        Assert.Equal("Namespace", d.Kind);
        Assert.Equal("NamespaceList", d.ListKind);
        Assert.Equal(typeof(V1Namespace), d.ModelType);
        Assert.Equal(typeof(V1NamespaceList), d.ListType);
        Assert.False(d.Namespaced);
        Assert.Equal(["ns"], d.ShortNames);
        Assert.False(d.AllowCreateOnUpdate);
        Assert.Equal(("", "v1"), (d.Group, d.Version));
        Assert.Equal([Subresource.Finalize, Subresource.Status], d.Subresources.Select(s => s.Kind));
        Assert.False(d.DeleteReturnsStatus);
        Assert.Equal(["create", "delete", "get", "list", "patch", "update", "watch"], d.Verbs);
        Assert.Null(d.Warning);
        Assert.Same(d, new NamespaceStrategy().Descriptor);
    }

    [Fact]
    public void Field_labels_are_name_and_phase_through_a_conversion_func()
    {
        var labels = _strategy.FieldLabels;
        Assert.True(labels.HasConversionFunc);
        Assert.Equal(["metadata.name", "status.phase"], labels.Supported.Order(StringComparer.Ordinal));
        // pkg/apis/core/v1/conversion.go rejects a bare "name" ("field label not supported: name").
        Assert.Empty(labels.Aliases);
    }

    [Fact]
    public void Attributes_carry_name_and_phase_but_no_namespace()
    {
        var ns = Stored();
        ns.Status.Phase = "Terminating";

        var attrs = _strategy.GetAttributes(ns);

        Assert.Equal(2, attrs.Fields.Count);
        Assert.Equal("team-a", attrs.Fields["metadata.name"]);
        Assert.Equal("Terminating", attrs.Fields["status.phase"]);
        Assert.Equal("a", attrs.Labels["team"]);
        Assert.Equal("team-a", attrs.Labels[NamespaceStrategy.NameLabel]);
    }

    [Fact]
    public void Attributes_of_a_namespace_without_status_have_an_empty_phase()
    {
        Assert.Equal("", _strategy.GetAttributes(Ns()).Fields["status.phase"]);
    }

    [Fact]
    public void Immortal_namespaces_are_default_kube_system_and_kube_public()
    {
        Assert.True(NamespaceStrategy.IsImmortal("default"));
        Assert.True(NamespaceStrategy.IsImmortal("kube-system"));
        Assert.True(NamespaceStrategy.IsImmortal("kube-public"));
        Assert.False(NamespaceStrategy.IsImmortal("kube-node-lease"));
        Assert.False(NamespaceStrategy.IsImmortal("team-a"));
        Assert.False(NamespaceStrategy.IsImmortal("Default"));
    }

    [Fact]
    public void Bootstrap_namespaces_include_kube_node_lease()
    {
        Assert.Equal(["default", "kube-system", "kube-public", "kube-node-lease"], NamespaceStrategy.BootstrapNamespaces);
    }

    // Defaulting

    [Fact]
    public void Default_adds_the_name_label_and_an_active_phase()
    {
        var ns = Ns();

        _strategy.Default(ns);

        Assert.Equal(new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "team-a" }, ns.Metadata.Labels);
        Assert.Equal("Active", ns.Status.Phase);
        Assert.NotNull(ns.Spec);
        Assert.Null(ns.Spec.Finalizers);
    }

    [Fact]
    public void Default_overwrites_a_client_supplied_name_label()
    {
        var ns = Ns();
        ns.Metadata.Labels = new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "other", ["team"] = "a" };

        _strategy.Default(ns);

        Assert.Equal("team-a", ns.Metadata.Labels["kubernetes.io/metadata.name"]);
        Assert.Equal("a", ns.Metadata.Labels["team"]);
    }

    [Fact]
    public void Default_keeps_a_set_phase()
    {
        var ns = Ns();
        ns.Status = new V1NamespaceStatus { Phase = "Terminating" };

        _strategy.Default(ns);

        Assert.Equal("Terminating", ns.Status.Phase);
    }

    [Fact]
    public void Default_without_a_name_adds_no_label()
    {
        var ns = Ns(name: null);
        ns.Metadata.GenerateName = "team-";

        _strategy.Default(ns);

        Assert.Null(ns.Metadata.Labels);
    }

    // Create

    [Fact]
    public void Create_starts_active_and_adds_the_kubernetes_finalizer()
    {
        var ns = Ns();

        _strategy.Default(ns);
        _strategy.PrepareForCreate(ns);

        Assert.Equal("Active", ns.Status.Phase);
        Assert.Null(ns.Status.Conditions);
        Assert.Equal(["kubernetes"], ns.Spec.Finalizers);
        Assert.Equal("team-a", ns.Metadata.Labels["kubernetes.io/metadata.name"]);
        Assert.Empty(_strategy.Validate(ns, null));
    }

    [Fact]
    public void Create_wipes_client_status()
    {
        var ns = Ns();
        ns.Status = new V1NamespaceStatus
        {
            Phase = "Terminating",
            Conditions = [new V1NamespaceCondition { Type = "NamespaceContentRemaining", Status = "True" }],
        };

        _strategy.Default(ns);
        _strategy.PrepareForCreate(ns);

        Assert.Equal("Active", ns.Status.Phase);
        Assert.Null(ns.Status.Conditions);
    }

    [Fact]
    public void Create_appends_kubernetes_after_client_finalizers()
    {
        var ns = Ns();
        ns.Spec = new V1NamespaceSpec { Finalizers = ["example.com/cleanup"] };

        _strategy.PrepareForCreate(ns);

        Assert.Equal(["example.com/cleanup", "kubernetes"], ns.Spec.Finalizers);
    }

    [Fact]
    public void Create_keeps_finalizers_that_already_include_kubernetes()
    {
        var ns = Ns();
        ns.Spec = new V1NamespaceSpec { Finalizers = ["kubernetes", "example.com/cleanup"] };

        _strategy.PrepareForCreate(ns);

        Assert.Equal(["kubernetes", "example.com/cleanup"], ns.Spec.Finalizers);
    }

    [Fact]
    public void Create_with_empty_finalizers_gets_kubernetes()
    {
        var ns = Ns();
        ns.Spec = new V1NamespaceSpec { Finalizers = [] };

        _strategy.PrepareForCreate(ns);

        Assert.Equal(["kubernetes"], ns.Spec.Finalizers);
    }

    [Fact]
    public void Create_labels_a_generated_name_known_only_after_defaulting()
    {
        var ns = Ns(name: null);
        ns.Metadata.GenerateName = "team-";
        _strategy.Default(ns);

        ns.Metadata.Name = "team-x7k2p";
        _strategy.PrepareForCreate(ns);

        Assert.Equal("team-x7k2p", ns.Metadata.Labels["kubernetes.io/metadata.name"]);
    }

    // Update

    [Fact]
    public void Update_keeps_stored_finalizers_and_status()
    {
        var old = Stored();
        old.Status.Conditions = [new V1NamespaceCondition { Type = "NamespaceDeletionDiscoveryFailure", Status = "False" }];
        var ns = Stored();
        ns.Spec.Finalizers = ["example.com/extra"];
        ns.Status = new V1NamespaceStatus { Phase = "Terminating" };
        ns.Metadata.Labels["team"] = "b";

        _strategy.Default(ns);
        _strategy.PrepareForUpdate(ns, old);

        Assert.Equal(["kubernetes"], ns.Spec.Finalizers);
        Assert.Equal("Active", ns.Status.Phase);
        Assert.Single(ns.Status.Conditions);
        Assert.Equal("b", ns.Metadata.Labels["team"]);
        Assert.Empty(_strategy.ValidateUpdate(ns, old, null));
    }

    [Fact]
    public void Update_cannot_remove_the_name_label()
    {
        var old = Stored();
        var ns = Stored();
        ns.Metadata.Labels = new Dictionary<string, string> { ["team"] = "a" };

        _strategy.Default(ns);
        _strategy.PrepareForUpdate(ns, old);

        Assert.Equal("team-a", ns.Metadata.Labels["kubernetes.io/metadata.name"]);
    }

    [Fact]
    public void Update_of_a_namespace_whose_finalizers_were_emptied_stays_empty()
    {
        var old = Stored();
        old.Spec.Finalizers = null;
        var ns = Stored();

        _strategy.PrepareForUpdate(ns, old);

        Assert.Null(ns.Spec.Finalizers);
    }

    // Status

    [Fact]
    public void Status_update_keeps_stored_spec_and_takes_new_status()
    {
        var old = Stored();
        var ns = Stored();
        ns.Spec = new V1NamespaceSpec { Finalizers = [] };
        ns.Status = new V1NamespaceStatus
        {
            Phase = "Active",
            Conditions = [new V1NamespaceCondition { Type = "NamespaceContentRemaining", Status = "False" }],
        };

        _strategy.Default(ns);
        _strategy.PrepareForStatusUpdate(ns, old);

        Assert.Equal(["kubernetes"], ns.Spec.Finalizers);
        Assert.Single(ns.Status.Conditions);
        Assert.Empty(_strategy.ValidateStatusUpdate(ns, old));
    }

    [Fact]
    public void Status_update_with_empty_phase_defaults_to_active()
    {
        var old = Stored();
        var ns = Stored();
        ns.Status = new V1NamespaceStatus();

        _strategy.Default(ns);
        _strategy.PrepareForStatusUpdate(ns, old);

        Assert.Equal("Active", ns.Status.Phase);
        Assert.Empty(_strategy.ValidateStatusUpdate(ns, old));
    }

    // Finalize

    [Fact]
    public void Finalize_changes_only_spec_finalizers()
    {
        var old = Stored();
        old.Status.Phase = "Terminating";
        var ns = new V1Namespace
        {
            Metadata = new V1ObjectMeta { Name = "team-a", Labels = new Dictionary<string, string> { ["team"] = "z" } },
            Spec = new V1NamespaceSpec { Finalizers = [] },
            Status = new V1NamespaceStatus { Phase = "Active" },
        };

        _strategy.Default(ns);
        _strategy.PrepareForFinalize(ns, old);

        Assert.Empty(ns.Spec.Finalizers);
        Assert.Equal("Terminating", ns.Status.Phase);
        Assert.Equal("a", ns.Metadata.Labels["team"]);
        Assert.Equal("team-a", ns.Metadata.Labels["kubernetes.io/metadata.name"]);
        Assert.Equal("kept", ns.Metadata.Annotations["note"]);
        Assert.Equal("5d1e9a3c-0000-4000-8000-000000000001", ns.Metadata.Uid);
        Assert.Empty(_strategy.ValidateFinalize(ns, old));
    }

    [Fact]
    public void Finalize_can_add_a_qualified_finalizer()
    {
        var old = Stored();
        var ns = Stored();
        ns.Spec.Finalizers = ["kubernetes", "example.com/cleanup"];

        _strategy.PrepareForFinalize(ns, old);

        Assert.Equal(["kubernetes", "example.com/cleanup"], ns.Spec.Finalizers);
        Assert.Empty(_strategy.ValidateFinalize(ns, old));
    }

    [Fact]
    public void Finalize_without_spec_clears_the_finalizers()
    {
        var old = Stored();
        var ns = new V1Namespace { Metadata = new V1ObjectMeta { Name = "team-a" } };

        _strategy.PrepareForFinalize(ns, old);

        Assert.Null(ns.Spec.Finalizers);
        Assert.Equal("Active", ns.Status.Phase);
    }
}
