namespace MiniApiServer.Api.Requests;

/// <summary>What a response is converted to (negotiation.MediaTypeOptions.Convert), besides its wire format.</summary>
internal enum Conversion
{
    /// <summary>The object or list itself.</summary>
    None,

    /// <summary>A meta.k8s.io Table of the object or list.</summary>
    Table,

    /// <summary>A meta.k8s.io PartialObjectMetadata (one object, or each event of a watch).</summary>
    PartialObjectMetadata,

    /// <summary>A meta.k8s.io PartialObjectMetadataList (a list).</summary>
    PartialObjectMetadataList,
}

/// <summary>The negotiated response: its format, and the conversion with its meta.k8s.io version (<c>v1</c>, <c>v1beta1</c>).</summary>
internal sealed record ResponseTarget(WireFormat Format, Conversion Conversion = Conversion.None, string MetaVersion = "v1")
{
    public static ResponseTarget Json { get; } = new(WireFormat.Json);

    /// <summary>The converted object's <c>apiVersion</c>: <c>meta.k8s.io/v1</c> or <c>meta.k8s.io/v1beta1</c>.</summary>
    public string MetaApiVersion => "meta.k8s.io/" + MetaVersion;
}
