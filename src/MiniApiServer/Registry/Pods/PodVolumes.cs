using k8s.Models;

namespace MiniApiServer.Registry.Pods;

/// <summary>
/// The volume sources of a <see cref="V1Volume"/>, in the order upstream's validateVolumeSource checks them
/// (pkg/apis/core/validation/validation.go), each with the path segment its "more than 1" error uses
/// (upstream's own spellings, e.g. <c>cephFS</c> and the <c>downwarAPI</c> typo).
/// </summary>
internal static class PodVolumes
{
    public static IEnumerable<(string Path, object? Value)> Sources(V1Volume v) =>
    [
        ("emptyDir", v.EmptyDir),
        ("hostPath", v.HostPath),
        ("gitRepo", v.GitRepo),
        ("gcePersistentDisk", v.GcePersistentDisk),
        ("awsElasticBlockStore", v.AwsElasticBlockStore),
        ("secret", v.Secret),
        ("nfs", v.Nfs),
        ("iscsi", v.Iscsi),
        ("glusterfs", v.Glusterfs),
        ("flocker", v.Flocker),
        ("persistentVolumeClaim", v.PersistentVolumeClaim),
        ("rbd", v.Rbd),
        ("cinder", v.Cinder),
        ("cephFS", v.Cephfs),
        ("quobyte", v.Quobyte),
        ("downwarAPI", v.DownwardAPI),
        ("fc", v.Fc),
        ("flexVolume", v.FlexVolume),
        ("configMap", v.ConfigMap),
        ("azureFile", v.AzureFile),
        ("vsphereVolume", v.VsphereVolume),
        ("photonPersistentDisk", v.PhotonPersistentDisk),
        ("portworxVolume", v.PortworxVolume),
        ("azureDisk", v.AzureDisk),
        ("storageos", v.Storageos),
        ("projected", v.Projected),
        ("scaleIO", v.ScaleIO),
        ("csi", v.Csi),
        ("ephemeral", v.Ephemeral),
        ("image", v.Image),
    ];
}
