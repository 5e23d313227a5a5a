using MiniApiServer.Api.Requests;
using MiniApiServer.Machinery;

namespace MiniApiServer.Tests.Api.Requests;

public sealed class MediaTypesTests
{
    private const string PatchList =
        "application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml";

    [Theory]
    [InlineData(null, "Json")]
    [InlineData("", "Json")]
    [InlineData("application/json", "Json")]
    [InlineData("application/json; charset=utf-8", "Json")]
    [InlineData("Application/JSON", "Json")]
    [InlineData("application/yaml", "Yaml")]
    [InlineData("application/yaml;charset=utf-8", "Yaml")]
    [InlineData("application/vnd.kubernetes.protobuf", "Protobuf")]
    public void Request_body_format_follows_content_type(string? contentType, string expected) =>
        Assert.Equal(expected, MediaTypes.ForRequestBody(contentType).ToString());

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/cbor")]
    [InlineData("application/merge-patch+json")]
    [InlineData("application/x-yaml")]
    [InlineData("json")]
    public void Unsupported_request_body_is_415_listing_json_yaml_and_protobuf(string contentType)
    {
        var e = Assert.Throws<ApiException>(() => MediaTypes.ForRequestBody(contentType));
        Assert.Equal(415, e.Code);
        Assert.Equal("UnsupportedMediaType", e.Status.Reason);
        Assert.Equal("the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf", e.Message);
    }

    [Theory]
    [InlineData(null, "Json")]
    [InlineData("", "Json")]
    [InlineData("   ", "Json")]
    [InlineData("*/*", "Json")]
    [InlineData("*", "Json")]
    [InlineData("application/*", "Json")]
    [InlineData("application/json", "Json")]
    [InlineData("application/json, */*", "Json")]
    [InlineData("application/yaml", "Yaml")]
    [InlineData("application/yaml, application/json", "Yaml")]
    [InlineData("application/json;q=0.5, application/yaml", "Yaml")]
    [InlineData("application/yaml;q=0.9, application/json;q=0.8", "Yaml")]
    [InlineData("*/*, application/yaml", "Yaml")]
    [InlineData("application/*, application/yaml", "Yaml")]
    [InlineData("application/vnd.kubernetes.protobuf, application/json", "Json")]
    [InlineData("application/vnd.kubernetes.protobuf;q=1, application/yaml;q=0.1", "Yaml")]
    [InlineData("application/json;stream=watch", "Json")]
    [InlineData("Application/YAML", "Yaml")]
    public void Response_format_follows_accept_preferences(string? accept, string expected) =>
        Assert.Equal(expected, MediaTypes.ForResponse(accept).ToString());

    [Theory]
    [InlineData("application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json", "Json")]
    [InlineData("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json", "Json")]
    [InlineData("application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io, application/yaml", "Yaml")]
    public void Conversion_requests_are_skipped_in_favour_of_plain_fallbacks(string accept, string expected) =>
        Assert.Equal(expected, MediaTypes.ForResponse(accept).ToString());

    [Theory]
    [InlineData("application/vnd.kubernetes.protobuf")]
    [InlineData("application/json;as=Table;v=v1;g=meta.k8s.io")]
    [InlineData("text/html")]
    [InlineData("text/*")]
    [InlineData("garbage")]
    public void Nothing_acceptable_is_406_listing_json_and_yaml(string accept)
    {
        var e = Assert.Throws<ApiException>(() => MediaTypes.ForResponse(accept));
        Assert.Equal(406, e.Code);
        Assert.Equal("NotAcceptable", e.Status.Reason);
        Assert.Equal("only the following media types are accepted: application/json, application/yaml", e.Message);
    }

    [Theory]
    [InlineData("application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json", "Json", "Table", "v1")]
    [InlineData("application/json;as=Table;v=v1beta1;g=meta.k8s.io", "Json", "Table", "v1beta1")]
    [InlineData("application/yaml;as=Table;v=v1;g=meta.k8s.io", "Yaml", "Table", "v1")]
    [InlineData("application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io", "Json", "PartialObjectMetadata", "v1")]
    [InlineData("application/json;as=PartialObjectMetadataList;v=v1beta1;g=meta.k8s.io", "Json", "PartialObjectMetadataList", "v1beta1")]
    [InlineData("application/json;as=Foo;v=v1;g=meta.k8s.io, application/json", "Json", "None", "v1")]
    [InlineData("application/json;as=Table;v=v1;g=meta.k8s.io;q=0.5, application/yaml", "Yaml", "None", "v1")]
    [InlineData("application/vnd.kubernetes.protobuf;as=Table;v=v1;g=meta.k8s.io, application/json", "Json", "None", "v1")]
    public void Resources_negotiate_meta_conversions(string accept, string format, string conversion, string version)
    {
        var target = MediaTypes.ForResource(accept);
        Assert.Equal(format, target.Format.ToString());
        Assert.Equal(conversion, target.Conversion.ToString());
        Assert.Equal(version, target.MetaVersion);
    }

    [Theory]
    [InlineData("application/json-patch+json", "JsonPatch")]
    [InlineData("application/merge-patch+json", "MergePatch")]
    [InlineData("application/strategic-merge-patch+json", "StrategicMergePatch")]
    [InlineData("application/apply-patch+yaml", "ApplyPatch")]
    [InlineData("application/merge-patch+json; charset=utf-8", "MergePatch")]
    public void Patch_types_map_from_content_type(string contentType, string expected)
    {
        Assert.Equal(expected, MediaTypes.ForPatchBody(contentType).ToString());
        Assert.True(MediaTypes.IsPatchType(contentType));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("application/json")]
    [InlineData("application/yaml")]
    [InlineData("application/apply-patch+cbor")]
    [InlineData("application/merge-patch")]
    public void Other_patch_content_types_are_415_listing_patch_types(string? contentType)
    {
        Assert.False(MediaTypes.IsPatchType(contentType));
        var e = Assert.Throws<ApiException>(() => MediaTypes.ForPatchBody(contentType));
        Assert.Equal(415, e.Code);
        Assert.Equal("the body of the request was in an unknown format - accepted media types include: " + PatchList, e.Message);
    }
}
