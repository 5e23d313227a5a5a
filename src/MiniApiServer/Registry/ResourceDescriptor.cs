using MiniApiServer.Machinery;


namespace MiniApiServer.Registry;

/// <summary>
/// One served resource as kube-apiserver's discovery describes it: group, version, kind, resource names, scope, the
/// verbs and subresources it serves, and which generic behaviours apply. Paths, <c>apiVersion</c>, discovery, OpenAPI,
/// watch frames and storage keys all derive from it; everything kind-specific beyond this lives in the kind's strategy
/// and hooks (<see cref="KindRegistration"/>).
/// </summary>
internal sealed record ResourceDescriptor
{
    /// <summary>Every verb of a stored resource, in discovery's (alphabetical) order.</summary>
    public static readonly IReadOnlyList<string> AllVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    /// <summary>The API group; "" is the core group, served under <c>/api</c>.</summary>
    public required string Group { get; init; }

    public required string Version { get; init; }

    public required string Kind { get; init; }

    public required string Plural { get; init; }

    public required string Singular { get; init; }

    public required Type ModelType { get; init; }

    /// <summary>The list type; null for a resource that cannot be listed (<c>bindings</c>).</summary>
    public Type? ListType { get; init; }

    public required bool Namespaced { get; init; }

    public IReadOnlyList<string> ShortNames { get; init; } = [];

    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>The verbs served on the resource itself, in discovery's order.</summary>
    public IReadOnlyList<string> Verbs { get; init; } = AllVerbs;

    /// <summary>The subresources served (<c>binding</c>, <c>finalize</c>, <c>status</c>), each with its verbs.</summary>
    public IReadOnlyList<SubresourceDescriptor> Subresources { get; init; } = [];

    /// <summary>PUT to a missing name creates it (rest.RESTCreateUpdateStrategy.AllowCreateOnUpdate).</summary>
    public bool AllowCreateOnUpdate { get; init; }

    /// <summary>A PUT without metadata.resourceVersion applies to the current version (AllowUnconditionalUpdate); otherwise it is a 422.</summary>
    public bool AllowUnconditionalUpdate { get; init; } = true;

    /// <summary>The kind deletes gracefully (rest.RESTGracefulDeleteStrategy: pods).</summary>
    public bool GracefulDeletion { get; init; }

    /// <summary>DELETE of one item answers a <c>Status</c> instead of the object (endpoints).</summary>
    public bool DeleteReturnsStatus { get; init; }

    /// <summary>A <c>Warning</c> header sent on every response for this resource (deprecations).</summary>
    public string? Warning { get; init; }

    /// <summary>
    /// The etcd key prefix kube-apiserver keeps the resource under, as storage errors show it (services live under
    /// <c>/registry/services/specs/</c>); the plural unless the kind says otherwise.
    /// </summary>
    public string? StoragePrefix { get; init; }

    /// <summary>
    /// The package of the kind's internal Go type (pkg/apis/{package}); upstream's negotiation errors name the type with
    /// %T (<c>*core.Service</c>). By default the group's first label, <c>core</c> for the core group.
    /// </summary>
    public string? InternalPackage { get; init; }

    /// <summary>The internal Go type as %T prints it: <c>*core.Service</c>, <c>*core.ServiceList</c> for the list.</summary>
    public string InternalTypeName(bool list) =>
        "*" + (InternalPackage ?? (Group.Length == 0 ? "core" : Group.Split('.')[0])) + "." + (list ? ListKind : Kind);

    public GroupResource GroupResource => new(Group, Plural);

    /// <summary>The <c>apiVersion</c> of the kind's objects: <c>v1</c>, <c>coordination.k8s.io/v1</c>.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : Group + "/" + Version;

    public string ListKind => Kind + "List";

    /// <summary>Where the group version is served: <c>/api/v1</c> for the core group, <c>/apis/{group}/{version}</c> otherwise.</summary>
    public string PathPrefix => Group.Length == 0 ? "/api/" + Version : $"/apis/{Group}/{Version}";

    public string EtcdPrefix => StoragePrefix ?? Plural;

    public bool Serves(string verb) => Verbs.Contains(verb);

    public bool HasSubresource(Subresource subresource) => Subresources.Any(s => s.Kind == subresource);

    /// <summary>The resources served for the kind: its own, then the input kinds its subresources also serve as resources (<c>bindings</c>).</summary>
    public IEnumerable<ResourceDescriptor> ServedResources =>
        Subresources.Where(s => s.ServesInputResource && s.Input is not null).Select(s => s.Input!).Prepend(this);
}

/// <summary>A subresource of a resource and its verbs (discovery lists it as <c>{resource}/{name}</c>).</summary>
internal sealed record SubresourceDescriptor(Subresource Kind, IReadOnlyList<string> Verbs)
{
    /// <summary><c>/status</c>: read and write the status alone.</summary>
    public static readonly SubresourceDescriptor Status = new(Subresource.Status, ["get", "patch", "update"]);

    /// <summary><c>/finalize</c>: namespaces' spec.finalizers.</summary>
    public static readonly SubresourceDescriptor Finalize = new(Subresource.Finalize, ["update"]);

    public string Name => Kind.ToString().ToLowerInvariant();

    /// <summary>
    /// The kind a subresource is created with, when it is not the resource's own (a <c>Binding</c> for
    /// <c>pods/binding</c>), described as a resource of its own: its body is decoded as that kind.
    /// </summary>
    public ResourceDescriptor? Input { get; init; }

    /// <summary>
    /// The <see cref="Input"/> kind is also served as a resource of the group version: a POST to its collection creates
    /// the subresource of the object the body names (upstream's legacy <c>bindings</c>, LegacyBindingREST).
    /// </summary>
    public bool ServesInputResource { get; init; }

    /// <summary>The kind discovery names for the subresource.</summary>
    public string ResponseKind(ResourceDescriptor parent) => Input?.Kind ?? parent.Kind;
}
