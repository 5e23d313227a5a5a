using k8s.Models;
using MiniApiServer.Registry;
using MiniApiServer.Registry.Endpoints;

namespace MiniApiServer.Tests.Registry;

/// <summary>Splicing the version into pre-encoded bytes gives exactly what encoding with that version gives.</summary>
public sealed class VersionedJsonTests
{
    private static V1Endpoints Endpoints() => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "web",
            NamespaceProperty = "default",
            // Decoys: a "resourceVersion" key elsewhere in the metadata and one in a nested object.
            Annotations = new Dictionary<string, string> { ["resourceVersion"] = "0", ["a"] = "\"resourceVersion\":\"0\"" },
        },
        Subsets =
        [
            new V1EndpointSubset
            {
                Addresses = [new V1EndpointAddress { Ip = "10.0.0.1", TargetRef = new V1ObjectReference { Kind = "Pod", Name = "p", ResourceVersion = "0" } }],
            },
        ],
    };

    [Theory]
    [InlineData(1L)]
    [InlineData(9L)]
    [InlineData(10L)]
    [InlineData(1234567890123L)]
    [InlineData(long.MaxValue)]
    public void The_spliced_version_equals_encoding_with_it(long revision)
    {
        var descriptor = new EndpointsStrategy().Descriptor;
        var spliced = VersionedJson.Encode(Endpoints(), descriptor).WithVersion(revision);
        var model = Endpoints();
        model.Metadata.ResourceVersion = revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(ObjectCodec.Encode(model, descriptor), spliced);
    }
}
