using System.Text.Json.Nodes;
using MiniApiServer.Machinery;

namespace MiniApiServer.Registry;

/// <summary>What every kind has, stored or computed: its descriptor, and how its objects are selected.</summary>
internal interface IKindStrategy
{
    ResourceDescriptor Descriptor { get; }

    FieldLabels FieldLabels { get; }

    /// <summary>Labels and selectable field values (pkg/registry/core/*/strategy.go GetAttrs / ToSelectableFields).</summary>
    ObjectAttributes GetAttributes(object obj);
}

/// <summary>
/// The per-kind behaviour of the generic registry for stored kinds, shaped like kube-apiserver's strategies
/// (staging/src/k8s.io/apiserver/pkg/registry/rest/{create,update,delete}.go). Objects are <c>k8s.Models</c>
/// instances of <see cref="ResourceDescriptor.ModelType"/>, private to the request that passes them in.
/// </summary>
internal interface IResourceStrategy : IKindStrategy
{
    /// <summary>Scheme defaulting (pkg/apis/core/v1/defaults.go), run after every decode: create, update, patch result.</summary>
    void Default(object obj);

    /// <summary>Normalise a new object before validation (e.g. wipe status).</summary>
    void PrepareForCreate(object obj);

    /// <summary>Normalise an update of the main resource before validation (e.g. keep the stored status).</summary>
    void PrepareForUpdate(object obj, object old);

    /// <summary>Normalise an update through <c>/status</c> (keep everything but status from <paramref name="old"/>).</summary>
    void PrepareForStatusUpdate(object obj, object old);

    /// <summary>Kind validation on create, metadata included. <paramref name="raw"/> is the request's JSON when there was one.</summary>
    IReadOnlyList<FieldError> Validate(object obj, JsonObject? raw);

    IReadOnlyList<FieldError> ValidateUpdate(object obj, object old, JsonObject? raw);

    IReadOnlyList<FieldError> ValidateStatusUpdate(object obj, object old);

    /// <summary>
    /// RESTGracefulDeleteStrategy.CheckGracefulDelete: true when the kind deletes gracefully; may set the grace
    /// period to use. Kinds without graceful deletion return false.
    /// </summary>
    bool CheckGracefulDelete(object obj, ref long? gracePeriodSeconds);
}
