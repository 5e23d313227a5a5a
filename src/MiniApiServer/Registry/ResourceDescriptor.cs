namespace MiniApiServer.Registry;

/// <summary>
/// What the HTTP surface, discovery and storage need to know about one resource: its names, scope and which
/// generic behaviours apply. Everything kind-specific beyond this lives in the kind's strategy.
/// </summary>
internal sealed record ResourceDescriptor
{
    public required string Plural { get; init; }
    public required string Singular { get; init; }
    public required string Kind { get; init; }
    public required Type ModelType { get; init; }
    public required Type ListType { get; init; }
    public required bool Namespaced { get; init; }
    public IReadOnlyList<string> ShortNames { get; init; } = [];
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>PUT to a missing name creates it (services, endpoints: rest.RESTCreateUpdateStrategy.AllowCreateOnUpdate).</summary>
    public bool AllowCreateOnUpdate { get; init; }

    /// <summary>The resource has a <c>/status</c> subresource.</summary>
    public bool HasStatus { get; init; }

    /// <summary>The kind deletes gracefully (rest.RESTGracefulDeleteStrategy: pods).</summary>
    public bool GracefulDeletion { get; init; }

    /// <summary>DELETE of one item answers a <c>Status</c> instead of the object (endpoints).</summary>
    public bool DeleteReturnsStatus { get; init; }

    /// <summary>DELETE on the collection is served (not for namespaces).</summary>
    public bool SupportsDeleteCollection { get; init; } = true;

    /// <summary>A <c>Warning</c> header sent on every response for this resource (deprecations).</summary>
    public string? Warning { get; init; }

    public string ListKind => Kind + "List";
}
