using k8s.Models;
using MiniApiServer.Machinery;
using MiniApiServer.Registry.Validation;

namespace MiniApiServer.Tests.Registry.Validation;

public sealed class MetadataRulesTests
{
    private const string NamePartMessage =
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    private static string[] Render(IEnumerable<FieldError> errors) => errors.Select(e => e.ToString()).ToArray();

    [Fact]
    public void Valid_labels_pass() =>
        Assert.Empty(MetadataRules.ValidateLabels(new Dictionary<string, string> { ["app"] = "web", ["example.com/tier"] = "" }, "metadata.labels"));

    [Fact]
    public void Null_labels_pass() => Assert.Empty(MetadataRules.ValidateLabels(null, "metadata.labels"));

    [Fact]
    public void Bad_label_key_is_reported_on_the_map_path_with_the_key_as_value() =>
        Assert.Equal(
            [$"metadata.labels: Invalid value: \"bad key!\": {NamePartMessage}"],
            Render(MetadataRules.ValidateLabels(new Dictionary<string, string> { ["bad key!"] = "v" }, "metadata.labels")));

    [Fact]
    public void Bad_label_value_is_reported_with_the_value() =>
        Assert.Equal(
            ["spec.selector: Invalid value: \"-bad\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"],
            Render(MetadataRules.ValidateLabels(new Dictionary<string, string> { ["app"] = "-bad" }, "spec.selector")));

    [Fact]
    public void Too_long_label_value_says_no_more_than_63_characters() =>
        Assert.Equal(
            [$"metadata.labels: Invalid value: \"{new string('v', 64)}\": must be no more than 63 characters"],
            Render(MetadataRules.ValidateLabels(new Dictionary<string, string> { ["app"] = new string('v', 64) }, "metadata.labels")));

    [Fact]
    public void Annotation_keys_are_checked_lower_cased_so_upper_case_prefixes_pass() =>
        Assert.Empty(MetadataRules.ValidateAnnotations(new Dictionary<string, string> { ["Example.COM/Some-Key"] = "any value at all: {}" }, "metadata.annotations"));

    [Fact]
    public void Bad_annotation_key_is_reported_with_the_original_key() =>
        Assert.Equal(
            [$"metadata.annotations: Invalid value: \"Bad Key\": {NamePartMessage}"],
            Render(MetadataRules.ValidateAnnotations(new Dictionary<string, string> { ["Bad Key"] = "v" }, "metadata.annotations")));

    [Fact]
    public void Annotations_up_to_256_KiB_in_total_pass() =>
        Assert.Empty(MetadataRules.ValidateAnnotations(
            new Dictionary<string, string> { ["k"] = new string('x', 262143) }, "metadata.annotations"));

    [Fact]
    public void Annotations_over_256_KiB_in_total_are_too_long() =>
        Assert.Equal(
            ["metadata.annotations: Too long: must have at most 262144 bytes"],
            Render(MetadataRules.ValidateAnnotations(
                new Dictionary<string, string> { ["a"] = new string('x', 131072), ["b"] = new string('x', 131072) }, "metadata.annotations")));

    [Fact]
    public void Annotation_size_counts_utf8_bytes() =>
        Assert.Single(MetadataRules.ValidateAnnotations(
            new Dictionary<string, string> { ["k"] = new string('é', 131072) }, "metadata.annotations"));

    [Fact]
    public void Standard_and_qualified_finalizers_pass() =>
        Assert.Empty(MetadataRules.ValidateFinalizers(["kubernetes", "orphan", "example.com/cleanup"], "metadata.finalizers"));

    [Fact]
    public void Orphan_and_foreground_deletion_together_are_rejected() =>
        Assert.Equal(
            ["metadata.finalizers: Invalid value: []string{\"orphan\", \"foregroundDeletion\"}: finalizer orphan and foregroundDeletion cannot be both set"],
            Render(MetadataRules.ValidateFinalizers(["orphan", "foregroundDeletion"], "metadata.finalizers")));

    [Fact]
    public void Malformed_finalizer_gets_the_qualified_name_message_on_the_list_path() =>
        Assert.Equal(
            [$"metadata.finalizers: Invalid value: \"a b\": {NamePartMessage}"],
            Render(MetadataRules.ValidateFinalizers(["a b"], "metadata.finalizers")));

    [Fact]
    public void Unqualified_non_standard_finalizer_is_rejected_at_its_index() =>
        Assert.Equal(
            ["metadata.finalizers[1]: Invalid value: \"custom\": name is neither a standard finalizer name nor is it fully qualified"],
            Render(MetadataRules.ValidateKubeFinalizerNames(["kubernetes", "custom", "example.com/x"], "metadata.finalizers")));

    [Fact]
    public void New_finalizers_are_listed_sorted() =>
        Assert.Equal(
            ["metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{\"b.io/q\", \"z.io/y\"}"],
            Render(MetadataRules.ValidateNoNewFinalizers(["a.io/x", "z.io/y", "b.io/q"], ["a.io/x"], "metadata.finalizers")));

    [Fact]
    public void Removing_finalizers_is_allowed() =>
        Assert.Empty(MetadataRules.ValidateNoNewFinalizers([], ["a.io/x"], "metadata.finalizers"));

    [Fact]
    public void Empty_owner_reference_reports_each_field_on_the_unindexed_path() =>
        Assert.Equal(
            [
                "metadata.ownerReferences.apiVersion: Invalid value: \"\": version must not be empty",
                "metadata.ownerReferences.kind: Invalid value: \"\": must not be empty",
                "metadata.ownerReferences.name: Invalid value: \"\": must not be empty",
                "metadata.ownerReferences.uid: Invalid value: \"\": must not be empty",
            ],
            Render(MetadataRules.ValidateOwnerReferences([new V1OwnerReference()], "metadata.ownerReferences")));

    [Fact]
    public void Owner_api_version_without_version_part_is_rejected() =>
        Assert.Equal(
            ["metadata.ownerReferences.apiVersion: Invalid value: \"apps/\": version must not be empty"],
            Render(MetadataRules.ValidateOwnerReferences(
                [new V1OwnerReference { ApiVersion = "apps/", Kind = "Deployment", Name = "d", Uid = "u" }], "metadata.ownerReferences")));

    [Fact]
    public void Valid_owner_reference_passes() =>
        Assert.Empty(MetadataRules.ValidateOwnerReferences(
            [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "rs", Uid = "u", Controller = true }], "metadata.ownerReferences"));

    [Fact]
    public void Event_may_not_own_objects() =>
        Assert.Equal(
            ["metadata.ownerReferences: Invalid value: v1.OwnerReference{APIVersion:\"v1\", Kind:\"Event\", Name:\"e\", UID:\"u\", Controller:(*bool)(nil), BlockOwnerDeletion:(*bool)(nil)}: /v1, Kind=Event is disallowed from being an owner"],
            Render(MetadataRules.ValidateOwnerReferences(
                [new V1OwnerReference { ApiVersion = "v1", Kind = "Event", Name = "e", Uid = "u" }], "metadata.ownerReferences")));

    [Fact]
    public void Only_one_owner_reference_may_be_the_controller() =>
        Assert.Equal(
            ["metadata.ownerReferences: Invalid value: []v1.OwnerReference{v1.OwnerReference{APIVersion:\"apps/v1\", Kind:\"ReplicaSet\", Name:\"a\", UID:\"1\", Controller:(*bool)(0xc000000000), BlockOwnerDeletion:(*bool)(nil)}, v1.OwnerReference{APIVersion:\"apps/v1\", Kind:\"ReplicaSet\", Name:\"b\", UID:\"2\", Controller:(*bool)(0xc000000000), BlockOwnerDeletion:(*bool)(nil)}}: Only one reference can have Controller set to true. Found \"true\" in references for ReplicaSet/a and ReplicaSet/b"],
            Render(MetadataRules.ValidateOwnerReferences(
                [
                    new V1OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "a", Uid = "1", Controller = true },
                    new V1OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "b", Uid = "2", Controller = true },
                ],
                "metadata.ownerReferences")));

    [Fact]
    public void Managed_fields_need_a_known_operation_and_fields_type() =>
        Assert.Equal(
            [
                "metadata.managedFields[0].operation: Invalid value: \"Patch\": must be `Apply` or `Update`",
                "metadata.managedFields[0].fieldsType: Invalid value: \"FieldsV2\": must be `FieldsV1`",
            ],
            Render(MetadataRules.ValidateManagedFields(
                [new V1ManagedFieldsEntry { Operation = "Patch", FieldsType = "FieldsV2", Manager = "kubectl" }], "metadata.managedFields")));

    [Fact]
    public void Field_manager_must_be_printable_and_short() =>
        Assert.Equal(
            [
                "fieldManager: Too long: must have at most 128 bytes",
                $"fieldManager: Invalid value: \"{new string('m', 128)}\\a\": invalid character U+0007 (at position 128)",
            ],
            Render(MetadataRules.ValidateFieldManager(new string('m', 128) + "\a", "fieldManager")));
}
