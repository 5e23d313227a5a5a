using k8s;
using k8s.Models;
using MiniApiServer.Registry;

namespace MiniApiServer.Controllers.Runtime;

/// <summary>
/// One informer per kind, shared by every controller that reads the kind (client-go's SharedInformerFactory): each
/// object is decoded once per change however many controllers look at it.
/// </summary>
internal sealed class SharedInformers(GenericRegistry registry, ILoggerFactory loggers)
{
    private readonly Dictionary<Type, IInformer> _informers = [];

    public IReadOnlyCollection<IInformer> All => _informers.Values;

    /// <summary>The informer of the kind whose model is <typeparamref name="T"/>, made on first use.</summary>
    public Informer<T> For<T>() where T : class, IKubernetesObject<V1ObjectMeta>
    {
        lock (_informers)
        {
            if (_informers.TryGetValue(typeof(T), out var made))
            {
                return (Informer<T>)made;
            }
            var kind = registry.Catalog.All.Single(k => k.Descriptor.ModelType == typeof(T) && k.Writes is not null);
            var informer = new Informer<T>(registry, kind, loggers.CreateLogger<Informer<T>>());
            _informers[typeof(T)] = informer;
            return informer;
        }
    }
}
