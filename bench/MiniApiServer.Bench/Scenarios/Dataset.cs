namespace MiniApiServer.Bench.Scenarios;

/// <summary>
/// The shared dataset: Services (and Pods) in one namespace, loaded once and reused by list, update and mixed, so
/// the mixed scenario's "10,000 Services + 50,000 Pods" are exactly what the server holds besides the rest of the run.
/// </summary>
internal sealed class Dataset(BenchContext context)
{
    private bool _namespace;

    public string Namespace => context.Namespace("data");

    public int Services { get; private set; }

    public int Pods { get; private set; }

    public static string ServiceName(int index) => $"svc-{index:D6}";

    public static string PodName(int index) => $"pod-{index:D6}";

    public async Task EnsureServicesAsync(int count)
    {
        await EnsureNamespaceAsync();
        await Preload.ObjectsAsync(context, Namespace, "services", Services, count,
            i => Payloads.Service(Namespace, ServiceName(i), i), "service");
        Services = Math.Max(Services, count);
    }

    public async Task EnsurePodsAsync(int count)
    {
        await EnsureNamespaceAsync();
        await Preload.ObjectsAsync(context, Namespace, "pods", Pods, count, i => Payloads.Pod(Namespace, PodName(i)), "pod");
        Pods = Math.Max(Pods, count);
    }

    private async Task EnsureNamespaceAsync()
    {
        if (!_namespace)
        {
            await Preload.NamespaceAsync(context, Namespace);
            _namespace = true;
        }
    }
}
