using System.Globalization;
using k8s.Models;
using MiniApiServer.Allocation;
using MiniApiServer.Machinery;
using MiniApiServer.Storage;

namespace MiniApiServer.Registry.Networking;

/// <summary>
/// <c>networking.k8s.io/v1</c> ServiceCIDRs as kube-apiserver 1.33 shows them, read-only: the default one named
/// "kubernetes" holding the configured ranges. Computed from the configuration each time it is read.
/// </summary>
internal sealed class ServiceCidrSource : ObjectSource<V1ServiceCIDR>
{
    public const string DefaultServiceCidrName = "kubernetes";

    private static readonly ResourceDescriptor ServiceCidrDescriptor = NetworkingGroup.ReadOnly("servicecidrs", "servicecidr", "ServiceCIDR",
        typeof(V1ServiceCIDR), typeof(V1ServiceCIDRList));

    private readonly ServiceAllocators _allocators;
    private readonly DateTime _started;
    private readonly string _serviceCidrUid = Guid.NewGuid().ToString();

    public ServiceCidrSource(ServiceAllocators allocators, TimeProvider time)
    {
        _allocators = allocators;
        _started = ObjectCodec.WholeSeconds(time.GetUtcNow());
    }

    public override ResourceDescriptor Descriptor => ServiceCidrDescriptor;

    public override IReadOnlyList<V1ServiceCIDR> Read(StoreSnapshot snapshot) => [ServiceCidr(snapshot.Revision)];

    /// <summary>
    /// The default ServiceCIDR (pkg/controlplane/controller/defaultservicecidr): the ranges in flag order, Ready=True
    /// with that controller's message and no reason. Its uid and creationTimestamp are fixed when the server starts.
    /// </summary>
    private V1ServiceCIDR ServiceCidr(long revision) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = DefaultServiceCidrName,
            Uid = _serviceCidrUid,
            ResourceVersion = revision.ToString(CultureInfo.InvariantCulture),
            CreationTimestamp = _started,
        },
        Spec = new V1ServiceCIDRSpec { Cidrs = [.. _allocators.ClusterIps.Select(a => GoIpText.Format(a.Range))] },
        Status = new V1ServiceCIDRStatus
        {
            Conditions =
            [
                new V1Condition
                {
                    Type = "Ready",
                    Status = "True",
                    Reason = "",
                    Message = "Kubernetes default Service CIDR is ready",
                    LastTransitionTime = _started,
                },
            ],
        },
    };
}
