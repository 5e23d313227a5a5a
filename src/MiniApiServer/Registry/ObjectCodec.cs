using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MiniApiServer.Machinery;

namespace MiniApiServer.Registry;

/// <summary>Model ↔ wire JSON for stored objects, always through <see cref="KubernetesJsonOptions"/>.</summary>
internal static class ObjectCodec
{
    public static IKubernetesObject<V1ObjectMeta> Decode(byte[] json, Type modelType) =>
        (IKubernetesObject<V1ObjectMeta>)(JsonSerializer.Deserialize(json, modelType, KubernetesJsonOptions.Default)
            ?? throw new InvalidOperationException("stored object decoded to null"));

    public static IKubernetesObject<V1ObjectMeta> Decode(JsonNode node, Type modelType) =>
        (IKubernetesObject<V1ObjectMeta>)(node.Deserialize(modelType, KubernetesJsonOptions.Default)
            ?? throw new JsonException("the object decoded to null"));

    /// <summary>Serializes a model with its <c>apiVersion</c>/<c>kind</c> set, as every stored and served object has them.</summary>
    public static byte[] Encode(IKubernetesObject<V1ObjectMeta> model, ResourceDescriptor d)
    {
        model.ApiVersion = d.ApiVersion;
        model.Kind = d.Kind;
        return JsonSerializer.SerializeToUtf8Bytes(model, d.ModelType, KubernetesJsonOptions.Default);
    }

    public static JsonObject ToNode(byte[] json) =>
        JsonNode.Parse(json)?.AsObject() ?? throw new InvalidOperationException("stored object is not a JSON object");

    /// <summary>Kubernetes stamps times with whole seconds; the client library would otherwise write fractions.</summary>
    public static DateTime WholeSeconds(DateTimeOffset t)
    {
        var utc = t.UtcDateTime;
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }
}
