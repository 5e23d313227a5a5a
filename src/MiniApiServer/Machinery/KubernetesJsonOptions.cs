using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using k8s;
using k8s.Models;

namespace MiniApiServer.Machinery;

/// <summary>
/// The one JSON configuration for Kubernetes objects: KubernetesClient's own settings, copied (never the
/// library's global instance), minus the V1Status converter that cannot write, minus <c>hasObject</c>,
/// which is not a wire field. See ../shared/reference/dotnet-stack.md §1.
/// </summary>
internal static class KubernetesJsonOptions
{
    public static JsonSerializerOptions Default { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(SourceGenerationContext.Default.Options)
        {
            TypeInfoResolver = JsonTypeInfoResolver.Combine(SourceGenerationContext.Default, new DefaultJsonTypeInfoResolver())
                .WithAddedModifier(DropHasObject)
                .WithAddedModifier(MicroTime.Modify),
            // Go writes '"' and '\'' literally; the default encoder escapes them as \u0022 / \u0027.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        for (var i = options.Converters.Count - 1; i >= 0; i--)
        {
            if (options.Converters[i].GetType().DeclaringType == typeof(V1Status))
            {
                options.Converters.RemoveAt(i);
            }
        }
        options.Converters.Add(new SortedMapConverterFactory());
        options.MakeReadOnly();
        return options;
    }

    private static void DropHasObject(JsonTypeInfo info)
    {
        if (info.Type != typeof(V1Status))
        {
            return;
        }
        for (var i = info.Properties.Count - 1; i >= 0; i--)
        {
            if (info.Properties[i].Name == "hasObject")
            {
                info.Properties.RemoveAt(i);
            }
        }
    }
}
