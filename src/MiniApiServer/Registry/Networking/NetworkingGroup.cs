namespace MiniApiServer.Registry.Networking;

/// <summary>The parts of <c>networking.k8s.io/v1</c> served here: read-only views of the Service allocations.</summary>
internal static class NetworkingGroup
{
    public const string Name = "networking.k8s.io";
    public const string Version = "v1";

    /// <summary>A cluster-scoped, get-and-list kind of the group, with no short names or categories (as upstream lists them, but for the verbs).</summary>
    public static ResourceDescriptor ReadOnly(string plural, string singular, string kind, Type model, Type list) => new()
    {
        Group = Name,
        Version = Version,
        Plural = plural,
        Singular = singular,
        Kind = kind,
        ModelType = model,
        ListType = list,
        Namespaced = false,
        Verbs = ["get", "list"],
    };
}
