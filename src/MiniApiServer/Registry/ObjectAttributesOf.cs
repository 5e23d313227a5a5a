using k8s.Models;
using MiniApiServer.Machinery;

namespace MiniApiServer.Registry;

/// <summary>The attributes every kind shares (storage.DefaultNamespaceScopedAttr / DefaultClusterScopedAttr).</summary>
internal static class ObjectAttributesOf
{
    /// <summary>The labels, <c>metadata.name</c>, <c>metadata.namespace</c> for namespaced kinds, and the kind's own fields.</summary>
    public static ObjectAttributes Meta(ResourceDescriptor d, V1ObjectMeta? meta, Action<Dictionary<string, string>>? addFields = null)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["metadata.name"] = meta?.Name ?? "",
        };
        if (d.Namespaced)
        {
            fields["metadata.namespace"] = meta?.NamespaceProperty ?? "";
        }
        addFields?.Invoke(fields);
        IReadOnlyDictionary<string, string> labels = meta?.Labels is { Count: > 0 } l ? new CompactMap(l) : CompactMap.Empty;
        return new ObjectAttributes(labels, new CompactMap(fields));
    }
}
