using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s.Models;
using MiniApiServer.Machinery.Schema;

namespace MiniApiServer.Api.OpenApi;

/// <summary>
/// The <c>components.schemas</c> of an OpenAPI v3 document as kube-apiserver publishes them (openapi-gen's output),
/// generated from the k8s.Models types by reflection: upstream's model names, descriptions (<see cref="ModelDocs"/>),
/// required fields, enum values, <c>x-kubernetes-group-version-kind</c> on kinds, and the merge semantics of every
/// list and map field from <see cref="UpstreamModels"/> (what kubectl's client-side apply computes its patches from,
/// kubectl-wire.md §1.7). References with siblings are wrapped in <c>allOf</c>, as upstream's v3 documents do, since
/// OpenAPI 3.0 ignores the siblings of a <c>$ref</c>.
/// </summary>
internal sealed class KubernetesSchemas(ModelDocs docs)
{
    public const string RefPrefix = "#/components/schemas/";

    /// <summary>The request body of every PATCH (meta/v1 Patch: an opaque object, whatever the patch type).</summary>
    public const string PatchModel = "io.k8s.apimachinery.pkg.apis.meta.v1.Patch";

    /// <summary>The schemas of <paramref name="roots"/> and every type they reach, by model name.</summary>
    public JsonObject Components(IEnumerable<Type> roots)
    {
        var schemas = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal)
        {
            [PatchModel] = new JsonObject
            {
                ["description"] = "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.",
                ["type"] = "object",
            },
        };
        foreach (var root in roots)
        {
            Add(root, schemas);
        }
        return new JsonObject(schemas.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)s.Value)));
    }

    /// <summary>A reference to the schema of a model type.</summary>
    public static JsonObject Ref(Type type) => new() { ["$ref"] = RefPrefix + Model(type).Name };

    private static ModelInfo Model(Type type) =>
        UpstreamModels.Of(type) ?? throw new InvalidOperationException($"{type.Name} has no upstream model: add its package to tools/generate-model-schema.py");

    private void Add(Type type, SortedDictionary<string, JsonObject> schemas)
    {
        var model = Model(type);
        if (schemas.ContainsKey(model.Name))
        {
            return;
        }
        var schema = new JsonObject();
        schemas[model.Name] = schema;
        if (docs.Of(type) is { } description)
        {
            schema["description"] = description;
        }
        // Scalars of two JSON types: upstream's v3 documents give them as oneOf (their OpenAPIV3OneOfTypes), which
        // kubectl explain shows by their name (<IntOrString>, <Quantity>).
        if (type == typeof(IntOrString))
        {
            schema["format"] = "int-or-string";
            schema["oneOf"] = new JsonArray(new JsonObject { ["type"] = "integer" }, new JsonObject { ["type"] = "string" });
            return;
        }
        if (type == typeof(ResourceQuantity))
        {
            schema["oneOf"] = new JsonArray(new JsonObject { ["type"] = "string" }, new JsonObject { ["type"] = "number" });
            return;
        }
        schema["type"] = "object";
        var properties = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name is { } name)
            {
                properties[name] = Property(model, property, name, schemas);
            }
        }
        schema["properties"] = new JsonObject(properties.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));
        if (model.Required.Count > 0)
        {
            schema["required"] = new JsonArray([.. model.Required.Select(r => (JsonNode)r)]);
        }
        if (type.GetCustomAttribute<KubernetesEntityAttribute>() is { } entity)
        {
            schema["x-kubernetes-group-version-kind"] = new JsonArray(Gvk(entity.Group, entity.ApiVersion, entity.Kind));
        }
        if (model.StructAtomic)
        {
            schema["x-kubernetes-map-type"] = "atomic";
        }
    }

    /// <summary>The object form of a group version kind (the operations carry one, the kind schemas an array of them).</summary>
    public static JsonObject Gvk(string group, string version, string kind) => new()
    {
        ["group"] = group,
        ["kind"] = kind,
        ["version"] = version,
    };

    private JsonObject Property(ModelInfo owner, PropertyInfo property, string name, SortedDictionary<string, JsonObject> schemas)
    {
        var schema = Value(property.PropertyType, schemas);
        if (schema.ContainsKey("$ref"))
        {
            schema = new JsonObject { ["allOf"] = new JsonArray(schema) };
        }
        if (docs.Of(property) is { } description)
        {
            schema["description"] = description;
        }
        if (owner.Enums.GetValueOrDefault(name) is { } values)
        {
            var target = schema["items"] as JsonObject ?? schema;
            target["enum"] = new JsonArray([.. values.Select(v => (JsonNode)v)]);
        }
        if (owner.Fields.GetValueOrDefault(name) is { } semantics)
        {
            Extend(schema, semantics);
        }
        return schema;
    }

    /// <summary>The schema of a value: inline for scalars, lists and maps, a reference for a model type.</summary>
    private JsonObject Value(Type type, SortedDictionary<string, JsonObject> schemas)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return new JsonObject { ["type"] = "string" };
        }
        if (type == typeof(bool))
        {
            return new JsonObject { ["type"] = "boolean" };
        }
        if (type == typeof(int) || type == typeof(long))
        {
            return new JsonObject { ["type"] = "integer", ["format"] = type == typeof(int) ? "int32" : "int64" };
        }
        if (type == typeof(double))
        {
            return new JsonObject { ["type"] = "number", ["format"] = "double" };
        }
        if (type == typeof(DateTime))
        {
            // meta/v1 Time and MicroTime: RFC 3339 strings.
            return new JsonObject { ["type"] = "string", ["format"] = "date-time" };
        }
        if (type == typeof(byte[]))
        {
            return new JsonObject { ["type"] = "string", ["format"] = "byte" };
        }
        if (type == typeof(object))
        {
            // FieldsV1, RawExtension and a watch event's object: any JSON object.
            return new JsonObject { ["type"] = "object" };
        }
        if (ElementOf(type, typeof(IList<>)) is { } item)
        {
            return new JsonObject { ["type"] = "array", ["items"] = Item(item, schemas) };
        }
        if (ElementOf(type, typeof(IDictionary<,>)) is { } value)
        {
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = Item(value, schemas) };
        }
        Add(type, schemas);
        return Ref(type);
    }

    /// <summary>An item of a list or map: references to object models carry upstream's <c>default: {}</c>.</summary>
    private JsonObject Item(Type type, SortedDictionary<string, JsonObject> schemas)
    {
        var schema = Value(type, schemas);
        return schema.ContainsKey("$ref") && type != typeof(IntOrString) && type != typeof(ResourceQuantity)
            ? new JsonObject { ["allOf"] = new JsonArray(schema), ["default"] = new JsonObject() }
            : schema;
    }

    /// <summary>The element type of a list (<c>IList&lt;T&gt;</c>) or the value type of a map (<c>IDictionary&lt;string, T&gt;</c>).</summary>
    public static Type? ElementOf(Type type, Type generic) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == generic ? type.GetGenericArguments()[^1] : null;

    /// <summary>The x-kubernetes list, map and patch extensions of a field, from the one table patching also reads.</summary>
    private static void Extend(JsonObject schema, FieldSemantics semantics)
    {
        if (semantics.ListType is { } list)
        {
            schema["x-kubernetes-list-type"] = list.ToString().ToLowerInvariant();
            if (semantics.ListMapKeys.Count > 0)
            {
                schema["x-kubernetes-list-map-keys"] = new JsonArray([.. semantics.ListMapKeys.Select(k => (JsonNode)k)]);
            }
        }
        if (semantics.MapType is { } map)
        {
            schema["x-kubernetes-map-type"] = map.ToString().ToLowerInvariant();
        }
        if (semantics.PatchMergeKey is { } key)
        {
            schema["x-kubernetes-patch-merge-key"] = key;
        }
        if (semantics.PatchStrategy != PatchStrategy.Replace)
        {
            schema["x-kubernetes-patch-strategy"] = semantics.PatchStrategy switch
            {
                PatchStrategy.Merge => "merge",
                PatchStrategy.RetainKeys => "retainKeys",
                _ => "merge,retainKeys",
            };
        }
    }
}
