using k8s.Models;
using MiniApiServer.Registry;
using MiniApiServer.Registry.Nodes;

namespace MiniApiServer.Tests.Registry.Nodes;

/// <summary>The Node descriptor, defaulting, the create/update/status preparation and the rules of ValidateNode(Update).</summary>
public sealed class NodeStrategyTests
{
    private static V1Node Node(string name = "n1", V1NodeSpec? spec = null, V1NodeStatus? status = null)
    {
        var node = new V1Node { Metadata = new V1ObjectMeta { Name = name, ResourceVersion = "1" }, Spec = spec, Status = status };
        new NodeStrategy().Default(node);
        return node;
    }

    private static List<string> Messages(IEnumerable<MiniApiServer.Machinery.FieldError> errors) => [.. errors.Select(e => e.ToString())];

    [Fact]
    public void Descriptor_is_cluster_scoped_with_status_and_kept_under_minions()
    {
        var d = new NodeStrategy().Descriptor;
        Assert.Equal(("", "v1", "v1"), (d.Group, d.Version, d.ApiVersion));
        Assert.Equal(("Node", "NodeList", "nodes", "node"), (d.Kind, d.ListKind, d.Plural, d.Singular));
        Assert.False(d.Namespaced);
        Assert.False(d.AllowCreateOnUpdate);
        Assert.True(d.AllowUnconditionalUpdate);
        Assert.Equal(["no"], d.ShortNames);
        Assert.Equal([Subresource.Status], d.Subresources.Select(s => s.Kind));
        Assert.Equal(ResourceDescriptor.AllVerbs, d.Verbs);
        Assert.Equal("minions", d.EtcdPrefix);
    }

    [Fact]
    public void Allocatable_defaults_to_the_capacity_only_when_unset()
    {
        var node = Node(status: new V1NodeStatus { Capacity = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("2") } });
        Assert.Equal("2", node.Status.Allocatable["cpu"].ToString());
        var own = Node(status: new V1NodeStatus
        {
            Capacity = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("2") },
            Allocatable = new Dictionary<string, ResourceQuantity>(),
        });
        Assert.Empty(own.Status.Allocatable);
    }

    [Theory]
    [InlineData("10.0.1.0/24", null, "10.0.1.0/24", "10.0.1.0/24")]
    [InlineData(null, "10.0.2.0/24", "10.0.2.0/24", "10.0.2.0/24")]
    [InlineData("10.0.1.0/24", "10.0.2.0/24", "10.0.1.0/24", "10.0.1.0/24")]
    public void The_singular_pod_cidr_wins_and_follows_the_list(string? podCidr, string? first, string expectedCidr, string expectedFirst)
    {
        var node = Node(spec: new V1NodeSpec { PodCIDR = podCidr, PodCIDRs = first is null ? null : [first] });
        Assert.Equal(expectedCidr, node.Spec.PodCIDR);
        Assert.Equal([expectedFirst], node.Spec.PodCIDRs);
    }

    [Fact]
    public void Create_keeps_the_status_but_not_the_removed_kubelet_config()
    {
        var node = Node(spec: new V1NodeSpec { ConfigSource = new V1NodeConfigSource() }, status: new V1NodeStatus { Phase = "Running", Config = new V1NodeConfigStatus() });
        new NodeStrategy().PrepareForCreate(node);
        Assert.Equal("Running", node.Status.Phase);
        Assert.Null(node.Spec.ConfigSource);
        Assert.Null(node.Status.Config);
    }

    [Fact]
    public void An_update_keeps_the_old_status_and_a_status_update_the_old_spec()
    {
        var strategy = new NodeStrategy();
        var old = Node(spec: new V1NodeSpec { Unschedulable = true }, status: new V1NodeStatus { Phase = "Running" });
        var update = Node(spec: new V1NodeSpec { Unschedulable = false }, status: new V1NodeStatus { Phase = "Pending" });
        strategy.PrepareForUpdate(update, old);
        Assert.Equal((false, "Running"), (update.Spec.Unschedulable, update.Status.Phase));

        var status = Node(spec: new V1NodeSpec { Unschedulable = false }, status: new V1NodeStatus { Phase = "Pending", Config = new V1NodeConfigStatus() });
        strategy.PrepareForStatusUpdate(status, old);
        Assert.Equal((true, "Pending"), (status.Spec.Unschedulable, status.Status.Phase));
        Assert.Null(status.Status.Config);
    }

    [Fact]
    public void Spec_unschedulable_is_selectable_as_go_prints_a_bool()
    {
        var strategy = new NodeStrategy();
        Assert.Equal("true", strategy.GetAttributes(Node(spec: new V1NodeSpec { Unschedulable = true })).Fields["spec.unschedulable"]);
        Assert.Equal("false", strategy.GetAttributes(Node()).Fields["spec.unschedulable"]);
        Assert.False(strategy.GetAttributes(Node()).Fields.ContainsKey("metadata.namespace"));
    }

    [Fact]
    public void A_valid_node_with_taints_cidrs_and_resources_has_no_errors()
    {
        var node = Node(
            spec: new V1NodeSpec
            {
                PodCIDRs = ["10.244.0.0/24", "fd00::/64"],
                Taints = [new V1Taint { Key = "a", Effect = "NoSchedule" }, new V1Taint { Key = "a", Effect = "NoExecute" }],
            },
            status: new V1NodeStatus { Capacity = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("4"), ["example.com/gpu"] = new("1") } });
        Assert.Empty(NodeValidation.ValidateNode(node));
    }

    [Theory]
    [InlineData("bad key", "x", "NoSchedule",
        "metadata.taints[0].key: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")]
    [InlineData("a", "bad value", "NoSchedule",
        "metadata.taints[0].value: Invalid value: \"bad value\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")]
    public void Taint_keys_and_values_follow_the_label_rules(string key, string value, string effect, string message) =>
        Assert.Equal([message], Messages(NodeValidation.ValidateNode(Node(spec: new V1NodeSpec { Taints = [new V1Taint { Key = key, Value = value, Effect = effect }] }))));

    [Fact]
    public void A_duplicate_taint_prints_its_time_as_go_does()
    {
        var added = new DateTime(2026, 5, 1, 10, 20, 30, DateTimeKind.Utc);
        var node = Node(spec: new V1NodeSpec { Taints = [new V1Taint { Key = "a", Effect = "NoExecute" }, new V1Taint { Key = "a", Effect = "NoExecute", TimeAdded = added }] });
        Assert.Equal(
            ["metadata.taints[1]: Duplicate value: core.Taint{Key:\"a\", Value:\"\", Effect:\"NoExecute\", TimeAdded:time.Date(2026, time.May, 1, 10, 20, 30, 0, time.Local)}: taints must be unique by key and effect pair"],
            Messages(NodeValidation.ValidateNode(node)));
    }

    [Theory]
    [InlineData(new[] { "10.244.0.0/24", "10.244.0.0/24" },
        "spec.podCIDRs: Invalid value: []string{\"10.244.0.0/24\", \"10.244.0.0/24\"}: may specify no more than one CIDR for each IP family",
        "spec.podCIDRs[1]: Duplicate value: \"10.244.0.0/24\"")]
    [InlineData(new[] { "10.244.0.0/24", "fd00::/64", "fd01::/64" },
        "spec.podCIDRs: Invalid value: []string{\"10.244.0.0/24\", \"fd00::/64\", \"fd01::/64\"}: may specify no more than one CIDR for each IP family")]
    [InlineData(new[] { "10.244.0.0/24", "bad" },
        "spec.podCIDRs[1]: Invalid value: \"bad\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)",
        "spec.podCIDRs: Internal error: invalid PodCIDRs. failed to check with dual stack with error:invalid CIDR[1]: <nil> (invalid CIDR address: bad)",
        "spec.podCIDRs: Invalid value: []string{\"10.244.0.0/24\", \"bad\"}: may specify no more than one CIDR for each IP family")]
    public void Pod_cidrs_are_one_per_family(string[] cidrs, params string[] messages) =>
        Assert.Equal(messages, Messages(NodeValidation.ValidateNode(Node(spec: new V1NodeSpec { PodCIDRs = cidrs }))));

    [Theory]
    [InlineData("[", "unexpected end of JSON input")]
    [InlineData("x", "invalid character 'x' looking for beginning of value")]
    [InlineData("[\"a\"]", "json: cannot unmarshal string into Go value of type core.Taint")]
    [InlineData("[{\"key\":1}]", "json: cannot unmarshal number into Go struct field Taint.Key of type string")]
    public void An_undecodable_taints_annotation_is_reported_as_go_decodes_it(string json, string error)
    {
        var node = Node();
        node.Metadata.Annotations = new Dictionary<string, string> { [TaintValidation.TaintsAnnotationKey] = json };
        Assert.Equal([$"metadata.annotations: Invalid value: \"scheduler.alpha.kubernetes.io/taints\": {error}"], Messages(NodeValidation.ValidateNode(node)));
    }

    [Fact]
    public void An_update_may_not_change_pod_cidrs_once_set_but_a_null_taints_annotation_is_fine()
    {
        var old = Node(spec: new V1NodeSpec { PodCIDRs = ["10.244.0.0/24", "fd00::/64"] });
        var node = Node(spec: new V1NodeSpec { PodCIDRs = ["10.244.0.0/24", "fd01::/64"] });
        node.Metadata.Annotations = new Dictionary<string, string> { [TaintValidation.TaintsAnnotationKey] = "null" };
        Assert.Equal(["spec.podCIDRs: Forbidden: node updates may not change podCIDR except from \"\" to valid"], Messages(NodeValidation.ValidateNodeUpdate(node, old)));
    }
}
