using System.Buffers;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.Api.Tables;
using MiniApiServer.Registry.Tables;

namespace MiniApiServer.Tests.Api.Tables;

/// <summary>A row encoded once and written many times: its time cells rendered per write, its object per includeObject.</summary>
public sealed class EncodedRowTests
{
    private static readonly DateTime Now = new(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    private static readonly PrintedRow Row = new(
        ["web", new SinceCell(Now.AddSeconds(-70)), 3L, new SinceCell(Now.AddSeconds(-5), "2 (", " ago)"), "say \"hi\""],
        new CompletedCondition("Succeeded", "The pod has completed successfully."));

    private static JsonObject Write(EncodedRow row, DateTime now, IncludeObject include, string apiVersion, string stored)
    {
        var output = new ArrayBufferWriter<byte>();
        row.WriteTo(output, now, include, apiVersion, Encoding.UTF8.GetBytes(stored));
        return JsonNode.Parse(output.WrittenSpan)!.AsObject();
    }

    [Fact]
    public void Time_cells_are_rendered_at_each_write_and_the_rest_is_as_printed()
    {
        const string Stored = """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","labels":{"a":"b"}},"spec":{}}""";
        var row = EncodedRow.Encode(Row, Encoding.UTF8.GetBytes(Stored));
        var first = Write(row, Now, IncludeObject.Metadata, "meta.k8s.io/v1", Stored);
        Assert.Equal("""["web","70s",3,"2 (5s ago)","say \"hi\""]""", first["cells"]!.ToJsonString(new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        Assert.Equal("Succeeded", (string?)first["conditions"]![0]!["reason"]);
        Assert.Equal("""{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":{"name":"web","labels":{"a":"b"}}}""", first["object"]!.ToJsonString());

        var later = Write(row, Now.AddMinutes(3), IncludeObject.Object, "meta.k8s.io/v1beta1", Stored);
        Assert.Equal("4m10s", (string?)later["cells"]![1]);
        Assert.Equal(Stored, later["object"]!.ToJsonString());
        Assert.Null(Write(row, Now, IncludeObject.None, "meta.k8s.io/v1", Stored)["object"]);
    }

    [Fact]
    public void An_object_without_metadata_gets_empty_metadata()
    {
        const string Stored = """{"apiVersion":"v1","kind":"Pod"}""";
        var row = EncodedRow.Encode(new PrintedRow([""]), Encoding.UTF8.GetBytes(Stored));
        var written = Write(row, Now, IncludeObject.Metadata, "meta.k8s.io/v1beta1", Stored);
        Assert.Equal("""{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1beta1","metadata":{}}""", written["object"]!.ToJsonString());
    }
}
