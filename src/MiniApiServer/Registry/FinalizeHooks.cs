using MiniApiServer.Machinery;

namespace MiniApiServer.Registry;

/// <summary>A kind with a <c>finalize</c> subresource (namespaces: only spec.finalizers may change through it).</summary>
internal interface IFinalizeStrategy
{
    void PrepareForFinalize(object obj, object old);

    IReadOnlyList<FieldError> ValidateFinalize(object obj, object old);
}

internal static class FinalizeHooks
{
    public static IReadOnlyList<FieldError> Apply(IResourceStrategy strategy, object obj, object old)
    {
        if (strategy is not IFinalizeStrategy finalize)
        {
            throw ApiException.MethodNotAllowed();
        }
        finalize.PrepareForFinalize(obj, old);
        return finalize.ValidateFinalize(obj, old);
    }
}

/// <summary>Work that follows a successful (non-dry-run) removal, like the service registry's afterDelete.</summary>
internal interface IDeleteHook
{
    Task AfterDeleteAsync(ResourceDescriptor descriptor, StoredObjectRef deleted, CancellationToken ct);
}

/// <summary>Which object was removed.</summary>
internal sealed record StoredObjectRef(string Namespace, string Name, byte[] LastJson);
