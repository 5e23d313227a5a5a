using System.Reflection;
using System.Xml;

namespace MiniApiServer.Api.OpenApi;

/// <summary>
/// The descriptions of the k8s.Models types and their properties: KubernetesClient's XML documentation, which carries
/// upstream's OpenAPI descriptions (what <c>kubectl explain</c> prints). The file is copied next to the server's
/// assembly at build (<c>CopyDocumentationFilesFromPackages</c>); without it the documents simply have no descriptions.
/// </summary>
internal sealed partial class ModelDocs
{
    public const string FileName = "KubernetesClient.xml";

    private const string Models = "k8s.Models.";

    private readonly Dictionary<string, string> _summaries;

    private ModelDocs(Dictionary<string, string> summaries) => _summaries = summaries;

    public static ModelDocs Empty { get; } = new([]);

    /// <summary>Reads the k8s.Models members of the file beside the server's assembly (the whole file is ~25 MB; only models are kept).</summary>
    public static ModelDocs Load(ILogger logger)
    {
        var path = Path.Combine(AppContext.BaseDirectory, FileName);
        if (!File.Exists(path))
        {
            LogMissing(logger, path);
            return Empty;
        }
        var summaries = new Dictionary<string, string>(StringComparer.Ordinal);
        using var reader = XmlReader.Create(path, new XmlReaderSettings { IgnoreWhitespace = true, DtdProcessing = DtdProcessing.Prohibit });
        while (reader.ReadToFollowing("member"))
        {
            var name = reader.GetAttribute("name");
            if (name is null || name.Length < 2 || !name.AsSpan(2).StartsWith(Models, StringComparison.Ordinal) || name[0] is not ('T' or 'P'))
            {
                continue;
            }
            using var member = reader.ReadSubtree();
            if (member.ReadToDescendant("summary") && Normalize(member.ReadElementContentAsString()) is { Length: > 0 } text)
            {
                summaries[name] = text;
            }
        }
        return new ModelDocs(summaries);
    }

    public string? Of(Type type) => _summaries.GetValueOrDefault("T:" + type.FullName);

    public string? Of(PropertyInfo property) => _summaries.GetValueOrDefault($"P:{property.DeclaringType!.FullName}.{property.Name}");

    /// <summary>The generator wrapped upstream's text at 80 columns and indented it; unwrap it into one paragraph.</summary>
    private static string Normalize(string summary) =>
        string.Join(' ', summary.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "{Path} is missing: the OpenAPI documents have no descriptions")]
    private static partial void LogMissing(ILogger logger, string path);
}
