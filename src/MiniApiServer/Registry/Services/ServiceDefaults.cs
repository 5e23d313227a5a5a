using k8s.Models;
using static MiniApiServer.Registry.Services.ServiceSpecFacts;

namespace MiniApiServer.Registry.Services;

/// <summary>
/// Scheme defaulting of a Service, run after every decode (pkg/apis/core/v1/defaults.go SetDefaults_Service and
/// the generated defaulters). Only fields the decoded object left empty are filled.
/// </summary>
internal static class ServiceDefaults
{
    public static void Apply(V1Service service)
    {
        var spec = service.Spec ??= new V1ServiceSpec();

        if (string.IsNullOrEmpty(spec.SessionAffinity))
        {
            spec.SessionAffinity = AffinityNone;
        }
        if (spec.SessionAffinity == AffinityNone)
        {
            spec.SessionAffinityConfig = null;
        }
        if (spec.SessionAffinity == AffinityClientIP && spec.SessionAffinityConfig?.ClientIP?.TimeoutSeconds is null)
        {
            spec.SessionAffinityConfig = new V1SessionAffinityConfig
            {
                ClientIP = new V1ClientIPConfig { TimeoutSeconds = DefaultClientIPTimeoutSeconds },
            };
        }
        if (string.IsNullOrEmpty(spec.Type))
        {
            spec.Type = ClusterIP;
        }
        foreach (var port in spec.Ports ?? [])
        {
            if (string.IsNullOrEmpty(port.Protocol))
            {
                port.Protocol = ProtocolTcp;
            }
            // intstr.FromInt(0) and FromString("") both mean "not set": the target is the service port itself.
            if (port.TargetPort?.Value is null or "" or "0")
            {
                port.TargetPort = port.Port;
            }
        }
        if (ExternallyAccessible(spec) && string.IsNullOrEmpty(spec.ExternalTrafficPolicy))
        {
            spec.ExternalTrafficPolicy = TrafficPolicyCluster;
        }
        // A pointer upstream: only an absent value is defaulted, and ExternalName never gets one.
        if (spec.InternalTrafficPolicy is null && spec.Type is NodePort or LoadBalancer or ClusterIP)
        {
            spec.InternalTrafficPolicy = TrafficPolicyCluster;
        }
        if (spec.Type == LoadBalancer)
        {
            spec.AllocateLoadBalancerNodePorts ??= true;
        }

        // Go's ServiceStatus is a struct, so every Service carries at least `status: {loadBalancer: {}}`.
        var status = service.Status ??= new V1ServiceStatus();
        status.LoadBalancer ??= new V1LoadBalancerStatus();
        if (spec.Type == LoadBalancer)
        {
            foreach (var ingress in status.LoadBalancer.Ingress ?? [])
            {
                if (!string.IsNullOrEmpty(ingress.Ip) && ingress.IpMode is null)
                {
                    ingress.IpMode = IpModeVip;
                }
            }
        }
    }
}
