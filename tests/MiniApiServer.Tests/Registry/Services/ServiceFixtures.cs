using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Machinery;
using MiniApiServer.Registry.Services;

namespace MiniApiServer.Tests.Registry.Services;

/// <summary>Builds Services and runs them through the strategy the way the generic pipeline does.</summary>
internal static class ServiceFixtures
{
    public static ServiceStrategy Strategy(ServiceNetwork? network = null) => new(network ?? ServiceNetwork.SingleStackIPv4);

    /// <summary>The classic documentation example: selector app=MyApp, port 80 → 9376.</summary>
    public static V1Service MyService() => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = new V1ObjectMeta { Name = "my-service", NamespaceProperty = "default" },
        Spec = new V1ServiceSpec
        {
            Selector = new Dictionary<string, string> { ["app"] = "MyApp" },
            Ports = [new V1ServicePort { Protocol = "TCP", Port = 80, TargetPort = 9376 }],
        },
    };

    public static V1Service Web(string? type = null, params V1ServicePort[] ports) => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default" },
        Spec = new V1ServiceSpec
        {
            Type = type,
            Selector = new Dictionary<string, string> { ["app"] = "web" },
            Ports = ports.Length > 0 ? [.. ports] : [new V1ServicePort { Port = 80 }],
        },
    };

    public static V1ServicePort Port(int port, string? name = null, string? protocol = null, int? nodePort = null) =>
        new() { Port = port, Name = name, Protocol = protocol, NodePort = nodePort };

    /// <summary>Default, PrepareForCreate, Validate; rendered messages.</summary>
    public static List<string> Create(V1Service service, ServiceStrategy? strategy = null, JsonObject? raw = null)
    {
        strategy ??= Strategy();
        strategy.Default(service);
        strategy.PrepareForCreate(service);
        return Render(strategy.Validate(service, raw));
    }

    /// <summary>A service as stored after a clean create (with the clusterIP an allocator would have given it).</summary>
    public static V1Service Stored(V1Service service, string? clusterIP = "10.96.0.50", ServiceStrategy? strategy = null)
    {
        if (clusterIP is not null)
        {
            service.Spec.ClusterIP = clusterIP;
        }
        Assert.Empty(Create(service, strategy));
        service.Metadata.Uid = "6f1c1a52-0000-4000-8000-000000000001";
        service.Metadata.ResourceVersion = "1";
        return service;
    }

    /// <summary>
    /// Default, PrepareForUpdate, ValidateUpdate; rendered messages. Like the pipeline, the system fields come
    /// from the stored object.
    /// </summary>
    public static List<string> Update(V1Service service, V1Service old, ServiceStrategy? strategy = null, JsonObject? raw = null)
    {
        strategy ??= Strategy();
        service.Metadata.Uid = old.Metadata.Uid;
        service.Metadata.ResourceVersion = old.Metadata.ResourceVersion;
        service.Metadata.CreationTimestamp = old.Metadata.CreationTimestamp;
        strategy.Default(service);
        strategy.PrepareForUpdate(service, old);
        return Render(strategy.ValidateUpdate(service, old, raw));
    }

    /// <summary>A deep copy through JSON, like a client re-reading and re-sending the object.</summary>
    public static V1Service Copy(V1Service service) =>
        k8s.KubernetesJson.Deserialize<V1Service>(k8s.KubernetesJson.Serialize(service));

    public static List<string> Render(IEnumerable<FieldError> errors) => errors.Select(e => e.ToString()).ToList();

    public static JsonObject Raw(string json) => JsonNode.Parse(json)!.AsObject();
}
