using k8s.Models;

namespace MiniApiServer.Registry.Pods;

/// <summary>
/// Scheme defaulting of a Pod, run after every decode (pkg/apis/core/v1/defaults.go SetDefaults_Pod,
/// SetDefaults_PodSpec, SetDefaults_Container, SetDefaults_Probe, SetDefaults_HTTPGetAction, SetDefaults_Volume
/// and the volume-source defaults, as wired by zz_generated.defaults.go), plus the v1→internal conversion
/// quirks that clients see in every answer (pkg/apis/core/v1/conversion.go).
/// </summary>
internal static class PodDefaults
{
    public const long DefaultTerminationGracePeriodSeconds = 30;
    private const int DefaultVolumeMode = 420; // 0644, the Secret/ConfigMap/DownwardAPI/Projected default mode
    private const long DefaultTokenExpirationSeconds = 3600;

    public static void Apply(V1Pod pod)
    {
        var spec = pod.Spec ??= new V1PodSpec();

        // SetDefaults_PodSpec
        if (string.IsNullOrEmpty(spec.DnsPolicy))
        {
            spec.DnsPolicy = "ClusterFirst";
        }
        if (string.IsNullOrEmpty(spec.RestartPolicy))
        {
            spec.RestartPolicy = "Always";
        }
        spec.SecurityContext ??= new V1PodSecurityContext();
        spec.TerminationGracePeriodSeconds ??= DefaultTerminationGracePeriodSeconds;
        if (string.IsNullOrEmpty(spec.SchedulerName))
        {
            spec.SchedulerName = "default-scheduler";
        }

        // Convert_v1_PodSpec_To_core_PodSpec: serviceAccount is the deprecated alias of serviceAccountName;
        // the new field wins, and the way back writes the alias from it.
        if (string.IsNullOrEmpty(spec.ServiceAccountName))
        {
            spec.ServiceAccountName = spec.ServiceAccount;
        }
        spec.ServiceAccount = spec.ServiceAccountName;

        // SetDefaults_Pod
        spec.EnableServiceLinks ??= true;
        foreach (var container in Containers(spec))
        {
            ApplyContainer(container);
            if (spec.HostNetwork == true)
            {
                DefaultHostNetworkPorts(container);
            }
        }

        foreach (var volume in spec.Volumes ?? [])
        {
            ApplyVolume(volume);
        }
    }

    /// <summary>Regular then init containers: the ones a Pod may carry on create and whose fields can change.</summary>
    public static IEnumerable<V1Container> Containers(V1PodSpec spec) =>
        (spec.Containers ?? []).Concat(spec.InitContainers ?? []);

    public static string DefaultPullPolicy(string? image) =>
        ImageReference.Tag(image) == "latest" ? "Always" : "IfNotPresent";

    private static void ApplyContainer(V1Container container)
    {
        if (string.IsNullOrEmpty(container.ImagePullPolicy))
        {
            container.ImagePullPolicy = DefaultPullPolicy(container.Image);
        }
        if (string.IsNullOrEmpty(container.TerminationMessagePath))
        {
            container.TerminationMessagePath = "/dev/termination-log";
        }
        if (string.IsNullOrEmpty(container.TerminationMessagePolicy))
        {
            container.TerminationMessagePolicy = "File";
        }

        // Go's Resources is a struct, always written as "resources: {}"; requests default to limits (SetDefaults_Pod).
        var resources = container.Resources ??= new V1ResourceRequirements();
        if (resources.Limits is { Count: > 0 } limits)
        {
            resources.Requests ??= new Dictionary<string, ResourceQuantity>();
            foreach (var (name, quantity) in limits)
            {
                resources.Requests.TryAdd(name, new ResourceQuantity(quantity.ToString()));
            }
        }

        foreach (var port in container.Ports ?? [])
        {
            if (string.IsNullOrEmpty(port.Protocol))
            {
                port.Protocol = "TCP";
            }
        }

        foreach (var env in container.Env ?? [])
        {
            DefaultFieldRef(env.ValueFrom?.FieldRef);
        }

        ApplyProbe(container.LivenessProbe);
        ApplyProbe(container.ReadinessProbe);
        ApplyProbe(container.StartupProbe);
        ApplyHttpGet(container.Lifecycle?.PostStart?.HttpGet);
        ApplyHttpGet(container.Lifecycle?.PreStop?.HttpGet);
    }

    /// <summary>With host networking every container port is also a host port (defaultHostNetworkPorts).</summary>
    private static void DefaultHostNetworkPorts(V1Container container)
    {
        foreach (var port in container.Ports ?? [])
        {
            if (port.HostPort is null or 0)
            {
                port.HostPort = port.ContainerPort;
            }
        }
    }

    private static void ApplyProbe(V1Probe? probe)
    {
        if (probe is null)
        {
            return;
        }
        // Go's zero means "unset" for these int32 fields.
        if (probe.TimeoutSeconds is null or 0)
        {
            probe.TimeoutSeconds = 1;
        }
        if (probe.PeriodSeconds is null or 0)
        {
            probe.PeriodSeconds = 10;
        }
        if (probe.SuccessThreshold is null or 0)
        {
            probe.SuccessThreshold = 1;
        }
        if (probe.FailureThreshold is null or 0)
        {
            probe.FailureThreshold = 3;
        }
        ApplyHttpGet(probe.HttpGet);
        if (probe.Grpc is { } grpc)
        {
            grpc.Service ??= ""; // +default="" on GRPCAction.service
        }
    }

    private static void ApplyHttpGet(V1HTTPGetAction? httpGet)
    {
        if (httpGet is null)
        {
            return;
        }
        if (string.IsNullOrEmpty(httpGet.Path))
        {
            httpGet.Path = "/";
        }
        if (string.IsNullOrEmpty(httpGet.Scheme))
        {
            httpGet.Scheme = "HTTP";
        }
    }

    private static void DefaultFieldRef(V1ObjectFieldSelector? fieldRef)
    {
        if (fieldRef is not null && string.IsNullOrEmpty(fieldRef.ApiVersion))
        {
            fieldRef.ApiVersion = "v1";
        }
    }

    private static void ApplyVolume(V1Volume volume)
    {
        if (PodVolumes.Sources(volume).All(s => s.Value is null))
        {
            volume.EmptyDir = new V1EmptyDirVolumeSource();
        }
        if (volume.Secret is { } secret)
        {
            secret.DefaultMode ??= DefaultVolumeMode;
        }
        if (volume.ConfigMap is { } configMap)
        {
            configMap.DefaultMode ??= DefaultVolumeMode;
        }
        if (volume.DownwardAPI is { } downwardApi)
        {
            downwardApi.DefaultMode ??= DefaultVolumeMode;
            foreach (var item in downwardApi.Items ?? [])
            {
                DefaultFieldRef(item.FieldRef);
            }
        }
        if (volume.HostPath is { } hostPath)
        {
            hostPath.Type ??= "";
        }
        if (volume.Projected is { } projected)
        {
            projected.DefaultMode ??= DefaultVolumeMode;
            foreach (var source in projected.Sources ?? [])
            {
                if (source.ServiceAccountToken is { } token)
                {
                    token.ExpirationSeconds ??= DefaultTokenExpirationSeconds;
                }
                foreach (var item in source.DownwardAPI?.Items ?? [])
                {
                    DefaultFieldRef(item.FieldRef);
                }
            }
        }
    }
}
