using MiniApiServer.Api.Requests;
using MiniApiServer.Machinery;

namespace MiniApiServer.Api.Tables;

/// <summary>What each row of a Table carries as its <c>object</c> (metav1.IncludeObjectPolicy).</summary>
internal enum IncludeObject
{
    /// <summary>The object's metadata as a PartialObjectMetadata: the default.</summary>
    Metadata,

    /// <summary>No object (<c>"object":null</c>).</summary>
    None,

    /// <summary>The whole object, as kubectl asks for it when it sorts (<c>--sort-by</c>).</summary>
    Object,
}

/// <summary>
/// metav1.TableOptions read from the query (<c>includeObject</c>) and validated as handlers/response.go
/// optionsForTransform does: an unknown value is a 400 naming the allowed ones.
/// </summary>
internal static class TableOptions
{
    public static IncludeObject Read(IQueryCollection query)
    {
        var value = QueryParameters.String(query, "includeObject");
        return value switch
        {
            null or "" or "Metadata" => IncludeObject.Metadata,
            "None" => IncludeObject.None,
            "Object" => IncludeObject.Object,
            _ => throw ApiException.BadRequest("Unable to convert to Table as requested: "
                + FieldError.Invalid("includeObject", value, "must be 'Metadata', 'Object', 'None', or empty")),
        };
    }
}
