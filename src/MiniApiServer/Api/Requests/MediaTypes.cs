using System.Globalization;

namespace MiniApiServer.Api.Requests;

internal enum WireFormat
{
    Json,
    Yaml,

    /// <summary>Kubernetes protobuf: read in request bodies, never written (responses are JSON or YAML).</summary>
    Protobuf,
}

internal enum PatchType
{
    JsonPatch,
    MergePatch,
    StrategicMergePatch,
    ApplyPatch,
}

/// <summary>
/// Content negotiation for request bodies (<c>Content-Type</c>) and responses (<c>Accept</c>), after
/// staging/src/k8s.io/apiserver/pkg/endpoints/handlers/negotiation/negotiate.go and, for PATCH,
/// staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go. Failures are the upstream 406/415 Status errors.
/// </summary>
internal static class MediaTypes
{
    public const string Json = "application/json";
    public const string Yaml = "application/yaml";
    public const string Protobuf = "application/vnd.kubernetes.protobuf";
    public const string JsonPatch = "application/json-patch+json";
    public const string MergePatch = "application/merge-patch+json";
    public const string StrategicMergePatch = "application/strategic-merge-patch+json";
    public const string ApplyPatchYaml = "application/apply-patch+yaml";

    /// <summary>
    /// What this server writes, in its order of preference (JSON first, as upstream). Responses are never protobuf: for
    /// an Accept that only takes protobuf this answers as kube-apiserver does for kinds it has no protobuf for (custom
    /// resources, whose negotiated serializer offers JSON and YAML), with a 406 listing these.
    /// </summary>
    public static readonly IReadOnlyList<string> Supported = [Json, Yaml];

    /// <summary>What POST and PUT bodies may be, in upstream's order (CodecFactory: JSON, YAML, protobuf).</summary>
    public static readonly IReadOnlyList<string> RequestBodyTypes = [Json, Yaml, Protobuf];

    public static readonly IReadOnlyList<string> PatchTypes = [JsonPatch, MergePatch, StrategicMergePatch, ApplyPatchYaml];

    /// <summary>
    /// The format of a POST/PUT body. No Content-Type means JSON (NegotiateInputSerializerForMediaType falls back to
    /// the first supported type); parameters such as <c>charset</c> are ignored.
    /// </summary>
    /// <exception cref="ApiException">415 listing <see cref="RequestBodyTypes"/>.</exception>
    public static WireFormat ForRequestBody(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return WireFormat.Json;
        }
        return Essence(contentType) switch
        {
            Json => WireFormat.Json,
            Yaml => WireFormat.Yaml,
            Protobuf => WireFormat.Protobuf,
            _ => throw HttpErrors.UnsupportedMediaType(RequestBodyTypes),
        };
    }

    /// <summary>
    /// The format of a response that is not a resource's (discovery, version, Status): conversion clauses
    /// (<c>as=Table</c>, …) are skipped as clauses of a type we do not produce, so a client that lists plain JSON as a
    /// fallback still gets it.
    /// </summary>
    /// <exception cref="ApiException">406 listing <see cref="Supported"/> when no clause can be served.</exception>
    public static WireFormat ForResponse(string? accept) => Negotiate(accept, conversions: false).Format;

    /// <summary>
    /// The format of a resource's response and the conversion asked for, as the resource handlers negotiate it
    /// (RequestScope.AllowsMediaTypeTransform): <c>as=Table</c>, <c>as=PartialObjectMetadata</c> and
    /// <c>as=PartialObjectMetadataList</c> in <c>g=meta.k8s.io</c>, <c>v=v1</c> or <c>v1beta1</c>. Any other <c>as</c> (or
    /// one without its group and version) is a clause the server cannot serve and is skipped. Whether the conversion fits
    /// the verb is decided when the answer is converted, as upstream does (a 406 then).
    /// </summary>
    /// <exception cref="ApiException">406 listing <see cref="Supported"/> when no clause can be served.</exception>
    public static ResponseTarget ForResource(string? accept) => Negotiate(accept, conversions: true);

    /// <summary>
    /// Clauses are tried by q-value, then most specific first, then in the client's order (goautoneg.ParseAccept);
    /// <c>*/*</c> and <c>application/*</c> pick JSON. A clause for a type we do not produce (protobuf, CBOR) is skipped.
    /// Like upstream NegotiateMediaTypeOptions, a clause with q=0 is ordered last but not excluded.
    /// </summary>
    private static ResponseTarget Negotiate(string? accept, bool conversions)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return ResponseTarget.Json;
        }
        var clauses = ParseAccept(accept)
            .OrderByDescending(c => c.Q)
            .ThenBy(c => c.Type == "*" ? 1 : 0)
            .ThenBy(c => c.SubType == "*" ? 1 : 0);
        foreach (var clause in clauses)
        {
            var conversion = Conversion.None;
            var version = "";
            if (clause.Parameters.TryGetValue("as", out var kind)
                && !(conversions && TryConversion(kind, clause.Parameters, out conversion, out version)))
            {
                continue;
            }
            foreach (var supported in Supported)
            {
                var (type, subType) = Split(supported);
                if ((clause.Type == "*" && clause.SubType == "*")
                    || (clause.Type == type && (clause.SubType == "*" || clause.SubType == subType)))
                {
                    var format = supported == Json ? WireFormat.Json : WireFormat.Yaml;
                    return conversion == Conversion.None ? new ResponseTarget(format) : new ResponseTarget(format, conversion, version);
                }
            }
        }
        throw HttpErrors.NotAcceptable(Supported);
    }

    /// <summary>The conversions of meta.k8s.io v1 and v1beta1 (parameter values are case-sensitive, as upstream compares them).</summary>
    private static bool TryConversion(string kind, IReadOnlyDictionary<string, string> parameters, out Conversion conversion, out string version)
    {
        conversion = kind switch
        {
            "Table" => Conversion.Table,
            "PartialObjectMetadata" => Conversion.PartialObjectMetadata,
            "PartialObjectMetadataList" => Conversion.PartialObjectMetadataList,
            _ => Conversion.None,
        };
        version = parameters.TryGetValue("v", out var v) ? v : "";
        var group = parameters.TryGetValue("g", out var g) ? g : "";
        return conversion != Conversion.None && group == "meta.k8s.io" && version is "v1" or "v1beta1";
    }

    /// <summary>
    /// The kind of a PATCH body. Parameters after ';' are ignored, as patch.go cuts them off. Newer upstream also
    /// takes <c>application/apply-patch+cbor</c>; this server does not.
    /// </summary>
    /// <exception cref="ApiException">415 listing <see cref="PatchTypes"/>.</exception>
    public static PatchType ForPatchBody(string? contentType) =>
        TryGetPatchType(contentType, out var type) ? type : throw HttpErrors.UnsupportedMediaType(PatchTypes);

    public static bool IsPatchType(string? contentType) => TryGetPatchType(contentType, out _);

    private static bool TryGetPatchType(string? contentType, out PatchType type)
    {
        (var known, type) = Essence(contentType ?? "") switch
        {
            JsonPatch => (true, PatchType.JsonPatch),
            MergePatch => (true, PatchType.MergePatch),
            StrategicMergePatch => (true, PatchType.StrategicMergePatch),
            ApplyPatchYaml => (true, PatchType.ApplyPatch),
            _ => (false, default),
        };
        return known;
    }

    /// <summary><c>type/subtype</c> without parameters, trimmed and lower-cased (media types are case-insensitive).</summary>
    private static string Essence(string mediaType)
    {
        var semicolon = mediaType.IndexOf(';', StringComparison.Ordinal);
        var essence = semicolon >= 0 ? mediaType[..semicolon] : mediaType;
        return essence.Trim().ToLowerInvariant();
    }

    private static (string Type, string SubType) Split(string mediaType)
    {
        var slash = mediaType.IndexOf('/', StringComparison.Ordinal);
        return (mediaType[..slash], mediaType[(slash + 1)..]);
    }

    /// <summary>goautoneg.ParseAccept: malformed clauses are dropped; a bare <c>*</c> means <c>*/*</c>.</summary>
    private static List<AcceptClause> ParseAccept(string header)
    {
        var clauses = new List<AcceptClause>();
        foreach (var part in header.Split(','))
        {
            var pieces = part.Split(';');
            var range = pieces[0].Trim().ToLowerInvariant();
            string type, subType;
            var slash = range.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
            {
                if (range != "*")
                {
                    continue;
                }
                (type, subType) = ("*", "*");
            }
            else
            {
                (type, subType) = (range[..slash].Trim(), range[(slash + 1)..].Trim());
                if (type.Length == 0 || subType.Length == 0 || subType.Contains('/', StringComparison.Ordinal))
                {
                    continue;
                }
            }
            var q = 1.0;
            var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var parameter in pieces.Skip(1))
            {
                var equals = parameter.Split('=');
                if (equals.Length != 2)
                {
                    continue;
                }
                var name = equals[0].Trim();
                var value = equals[1].Trim();
                if (name == "q")
                {
                    q = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
                }
                else
                {
                    parameters[name] = value;
                }
            }
            clauses.Add(new AcceptClause(type, subType, q, parameters));
        }
        return clauses;
    }

    private sealed record AcceptClause(string Type, string SubType, double Q, IReadOnlyDictionary<string, string> Parameters);
}
