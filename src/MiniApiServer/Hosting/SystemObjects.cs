using System.Net;
using System.Numerics;
using k8s.Models;
using MiniApiServer.Machinery;
using MiniApiServer.Registry;

namespace MiniApiServer.Hosting;

/// <summary>
/// The objects kube-apiserver creates for itself and re-creates when deleted
/// (pkg/controlplane/controller/systemnamespaces, kubernetesservice): the system namespaces and Service
/// <c>default/kubernetes</c> on the first IP of the service range. Checked at start-up, then every 10 s.
/// </summary>
internal sealed partial class SystemObjects(GenericRegistry registry, ServerOptions options, ILogger<SystemObjects> logger) : BackgroundService
{
    public static readonly string[] Namespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private static readonly GroupResource NamespacesResource = GroupResource.Core("namespaces");
    private static readonly GroupResource ServicesResource = GroupResource.Core("services");

    public async Task EnsureAsync(CancellationToken ct)
    {
        foreach (var name in Namespaces)
        {
            if (!Exists(NamespacesResource, "", name))
            {
                await CreateAsync(NamespacesResource, "", new V1Namespace { Metadata = new V1ObjectMeta { Name = name } }, ct);
            }
        }
        if (!Exists(ServicesResource, "default", "kubernetes"))
        {
            var ip = FirstAddress(options.ServiceClusterIpRanges[0]).ToString();
            await CreateAsync(ServicesResource, "default", new V1Service
            {
                Metadata = new V1ObjectMeta
                {
                    Name = "kubernetes",
                    Labels = new Dictionary<string, string> { ["component"] = "apiserver", ["provider"] = "kubernetes" },
                },
                Spec = new V1ServiceSpec
                {
                    Type = "ClusterIP",
                    ClusterIP = ip,
                    ClusterIPs = [ip],
                    IpFamilyPolicy = "SingleStack",
                    SessionAffinity = "None",
                    Ports = [new V1ServicePort { Name = "https", Port = 443, Protocol = "TCP", TargetPort = 6443 }],
                },
            }, ct);
        }
    }

    /// <summary>The first usable address of a range (network + 1): the one the kubernetes Service owns.</summary>
    public static IPAddress FirstAddress(IPNetwork range)
    {
        var bytes = range.BaseAddress.GetAddressBytes();
        var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true) + 1;
        var result = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        var padded = new byte[bytes.Length];
        result.CopyTo(padded, padded.Length - result.Length);
        return new IPAddress(padded);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await EnsureAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogEnsureFailed(e);
            }
        }
    }

    private bool Exists(GroupResource resource, string ns, string name) => registry.Find(registry.Catalog.Get(resource), ns, name) is not null;

    private async Task CreateAsync(GroupResource resource, string ns, k8s.IKubernetesObject<V1ObjectMeta> model, CancellationToken ct)
    {
        try
        {
            await registry.CreateAsync(registry.Catalog.Get(resource), ns, new DecodedObject(model, null), new WriteOptions(), ct);
            LogCreated(resource.ToString(), ns, model.Metadata.Name);
        }
        catch (ApiException e) when (e.Status.Reason == "AlreadyExists")
        {
            // Created concurrently: what we wanted.
        }
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Created system object {Resource} {Namespace}/{Name}")]
    private partial void LogCreated(string resource, string @namespace, string name);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Ensuring system objects failed")]
    private partial void LogEnsureFailed(Exception e);
}
