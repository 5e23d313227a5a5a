using k8s.Models;

namespace MiniApiServer.Tests.Registry.Endpoints;

internal static class EndpointsTestData
{
    /// <summary>
    /// The Endpoints of the selectorless-Service example in the Kubernetes docs
    /// (concepts/services-networking/service, "Services without selectors").
    /// </summary>
    public static V1Endpoints DocsExample() => new()
    {
        ApiVersion = "v1",
        Kind = "Endpoints",
        Metadata = new V1ObjectMeta { Name = "my-service", NamespaceProperty = "default" },
        Subsets =
        [
            new V1EndpointSubset
            {
                Addresses = [new V1EndpointAddress { Ip = "192.0.2.42" }],
                Ports = [new Corev1EndpointPort { Port = 9376 }],
            },
        ],
    };

    /// <summary>The docs example as stored: updates carry the stored resourceVersion.</summary>
    public static V1Endpoints StoredDocsExample()
    {
        var ep = DocsExample();
        ep.Metadata.ResourceVersion = "5";
        return ep;
    }

    public static V1Endpoints WithSubsets(params V1EndpointSubset[] subsets) => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default", ResourceVersion = "5" },
        Subsets = subsets,
    };

    public static V1EndpointSubset Subset(string ip, params Corev1EndpointPort[] ports) => new()
    {
        Addresses = [new V1EndpointAddress { Ip = ip }],
        Ports = ports,
    };

    public static Corev1EndpointPort Port(int port, string? name = null, string? protocol = "TCP") =>
        new() { Port = port, Name = name, Protocol = protocol };
}
