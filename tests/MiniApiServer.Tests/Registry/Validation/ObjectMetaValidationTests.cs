using k8s.Models;
using MiniApiServer.Registry.Validation;

namespace MiniApiServer.Tests.Registry.Validation;

public sealed class ObjectMetaValidationTests
{
    private const string Dns1035Detail =
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

    private static string[] Create(V1ObjectMeta meta, bool namespaced = true) =>
        ObjectMetaValidation.ValidateObjectMeta(meta, namespaced, NameValidators.Dns1035Label).Select(e => e.ToString()).ToArray();

    private static string[] Update(V1ObjectMeta newMeta, V1ObjectMeta oldMeta) =>
        ObjectMetaValidation.ValidateObjectMetaUpdate(newMeta, oldMeta).Select(e => e.ToString()).ToArray();

    private static V1ObjectMeta Stored() => new()
    {
        Name = "web",
        NamespaceProperty = "default",
        Uid = "6b4f1b3e-0c1f-4a51-9d3b-1e2f3a4b5c6d",
        ResourceVersion = "42",
        CreationTimestamp = new DateTime(2024, 5, 1, 12, 34, 56, DateTimeKind.Utc),
        Generation = 2,
    };

    private static V1ObjectMeta Copy(V1ObjectMeta m) => new()
    {
        Name = m.Name,
        NamespaceProperty = m.NamespaceProperty,
        Uid = m.Uid,
        ResourceVersion = m.ResourceVersion,
        CreationTimestamp = m.CreationTimestamp,
        DeletionTimestamp = m.DeletionTimestamp,
        DeletionGracePeriodSeconds = m.DeletionGracePeriodSeconds,
        Generation = m.Generation,
        Finalizers = m.Finalizers?.ToList(),
    };

    [Fact]
    public void Valid_metadata_passes() =>
        Assert.Empty(Create(new V1ObjectMeta
        {
            Name = "web",
            NamespaceProperty = "default",
            Labels = new Dictionary<string, string> { ["app"] = "web" },
            Annotations = new Dictionary<string, string> { ["note"] = "hello" },
            Finalizers = ["example.com/keep"],
        }));

    [Fact]
    public void Bad_service_name_renders_exactly_like_kube_apiserver() =>
        Assert.Equal([$"metadata.name: Invalid value: \"My_Svc\": {Dns1035Detail}"], Create(new V1ObjectMeta { Name = "My_Svc", NamespaceProperty = "default" }));

    [Fact]
    public void Missing_name_and_generate_name_is_required() =>
        Assert.Equal(["metadata.name: Required value: name or generateName is required"], Create(new V1ObjectMeta { NamespaceProperty = "default" }));

    [Fact]
    public void Generate_name_is_checked_as_a_prefix() =>
        Assert.Empty(Create(new V1ObjectMeta { GenerateName = "web-", Name = "web-x7k2p", NamespaceProperty = "default" }));

    [Fact]
    public void Bad_generate_name_is_reported_before_the_name() =>
        Assert.Equal(
            [
                $"metadata.generateName: Invalid value: \"Web-\": {Dns1035Detail}",
                "metadata.name: Required value: name or generateName is required",
            ],
            Create(new V1ObjectMeta { GenerateName = "Web-", NamespaceProperty = "default" }));

    [Fact]
    public void Namespaced_kind_requires_a_namespace() =>
        Assert.Equal(["metadata.namespace: Required value"], Create(new V1ObjectMeta { Name = "web" }));

    [Fact]
    public void Namespace_must_be_a_dns_label() =>
        Assert.Equal(
            ["metadata.namespace: Invalid value: \"my.ns\": must not contain dots"],
            Create(new V1ObjectMeta { Name = "web", NamespaceProperty = "my.ns" }));

    [Fact]
    public void Cluster_scoped_kind_forbids_a_namespace() =>
        Assert.Equal(
            ["metadata.namespace: Forbidden: not allowed on this type"],
            Create(new V1ObjectMeta { Name = "ns1", NamespaceProperty = "default" }, namespaced: false));

    [Fact]
    public void Negative_generation_is_rejected() =>
        Assert.Equal(
            ["metadata.generation: Invalid value: -1: must be greater than or equal to 0"],
            Create(new V1ObjectMeta { Name = "web", NamespaceProperty = "default", Generation = -1 }));

    [Fact]
    public void Labels_annotations_owners_and_finalizers_are_all_checked_in_upstream_order() =>
        Assert.Equal(
            [
                "metadata.labels: Invalid value: \"-x\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
                "metadata.annotations: Invalid value: \"/a\": prefix part must be non-empty",
                "metadata.ownerReferences.uid: Invalid value: \"\": must not be empty",
                "metadata.finalizers: Invalid value: []string{\"orphan\", \"foregroundDeletion\", \"mine\"}: finalizer orphan and foregroundDeletion cannot be both set",
                "metadata.finalizers[2]: Invalid value: \"mine\": name is neither a standard finalizer name nor is it fully qualified",
            ],
            Create(new V1ObjectMeta
            {
                Name = "web",
                NamespaceProperty = "default",
                Labels = new Dictionary<string, string> { ["app"] = "-x" },
                Annotations = new Dictionary<string, string> { ["/a"] = "" },
                OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "Pod", Name = "p" }],
                Finalizers = ["orphan", "foregroundDeletion", "mine"],
            }));

    [Fact]
    public void Unchanged_update_passes() => Assert.Empty(Update(Copy(Stored()), Stored()));

    [Fact]
    public void Update_without_resource_version_is_rejected()
    {
        var m = Copy(Stored());
        m.ResourceVersion = null;
        Assert.Equal(["metadata.resourceVersion: Invalid value: \"\": must be specified for an update"], Update(m, Stored()));
    }

    [Fact]
    public void Name_namespace_and_uid_are_immutable() =>
        Assert.Equal(
            [
                "metadata.name: Invalid value: \"web2\": field is immutable",
                "metadata.namespace: Invalid value: \"other\": field is immutable",
                "metadata.uid: Invalid value: \"\": field is immutable",
            ],
            Update(
                new V1ObjectMeta { Name = "web2", NamespaceProperty = "other", ResourceVersion = "42", CreationTimestamp = Stored().CreationTimestamp, Generation = 2 },
                Stored()));

    [Fact]
    public void Creation_timestamp_is_immutable_and_prints_as_go_time()
    {
        var m = Copy(Stored());
        m.CreationTimestamp = m.CreationTimestamp!.Value.AddSeconds(1);
        Assert.Equal(["metadata.creationTimestamp: Invalid value: 2024-05-01 12:34:57 +0000 UTC: field is immutable"], Update(m, Stored()));
    }

    [Fact]
    public void Dropping_the_creation_timestamp_prints_go_zero_time()
    {
        var m = Copy(Stored());
        m.CreationTimestamp = null;
        Assert.Equal(["metadata.creationTimestamp: Invalid value: 0001-01-01 00:00:00 +0000 UTC: field is immutable"], Update(m, Stored()));
    }

    [Fact]
    public void Same_instant_in_another_kind_is_not_a_change()
    {
        var m = Copy(Stored());
        m.CreationTimestamp = DateTime.SpecifyKind(m.CreationTimestamp!.Value, DateTimeKind.Unspecified);
        Assert.Empty(Update(m, Stored()));
    }

    [Fact]
    public void Deletion_fields_cannot_be_changed_by_an_update()
    {
        var old = Stored();
        old.DeletionTimestamp = new DateTime(2024, 5, 2, 0, 0, 0, DateTimeKind.Utc);
        old.DeletionGracePeriodSeconds = 30;
        var m = Copy(old);
        m.DeletionTimestamp = null;
        m.DeletionGracePeriodSeconds = 0;
        Assert.Equal(
            [
                "metadata.deletionTimestamp: Invalid value: null: field is immutable",
                "metadata.deletionGracePeriodSeconds: Invalid value: 0: field is immutable",
            ],
            Update(m, old));
    }

    [Fact]
    public void Setting_a_deletion_timestamp_by_update_prints_the_new_time()
    {
        var m = Copy(Stored());
        m.DeletionTimestamp = new DateTime(2024, 5, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(5_000_000);
        Assert.Equal(["metadata.deletionTimestamp: Invalid value: 2024-05-02 03:04:05.5 +0000 UTC: field is immutable"], Update(m, Stored()));
    }

    [Fact]
    public void Generation_may_not_go_down()
    {
        var m = Copy(Stored());
        m.Generation = 1;
        Assert.Equal(["metadata.generation: Invalid value: 1: must not be decremented"], Update(m, Stored()));
    }

    [Fact]
    public void No_finalizer_may_be_added_while_deleting()
    {
        var old = Stored();
        old.DeletionTimestamp = new DateTime(2024, 5, 2, 0, 0, 0, DateTimeKind.Utc);
        old.DeletionGracePeriodSeconds = 0;
        old.Finalizers = ["example.com/a"];
        var m = Copy(old);
        m.Finalizers = ["example.com/a", "example.com/b"];
        Assert.Equal(
            ["metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{\"example.com/b\"}"],
            Update(m, old));
    }

    [Fact]
    public void Finalizers_may_be_added_before_deletion()
    {
        var m = Copy(Stored());
        m.Finalizers = ["example.com/b"];
        Assert.Empty(Update(m, Stored()));
    }

    [Fact]
    public void Update_checks_new_labels_and_standard_finalizer_names()
    {
        var m = Copy(Stored());
        m.Labels = new Dictionary<string, string> { ["bad key"] = "v" };
        m.Finalizers = ["mine"];
        Assert.Equal(
            [
                "metadata.labels: Invalid value: \"bad key\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
                "metadata.finalizers[0]: Invalid value: \"mine\": name is neither a standard finalizer name nor is it fully qualified",
            ],
            Update(m, Stored()));
    }
}
