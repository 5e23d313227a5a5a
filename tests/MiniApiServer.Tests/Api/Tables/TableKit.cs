using System.Text.Json.Nodes;

namespace MiniApiServer.Tests.Api.Tables;

/// <summary>The Accept headers of the conversions, and shortcuts over a Table's JSON.</summary>
internal static class TableKit
{
    public const string Table = "application/json;as=Table;v=v1;g=meta.k8s.io";
    public const string TableV1Beta1 = "application/json;as=Table;v=v1beta1;g=meta.k8s.io";

    /// <summary>What kubectl sends to print (kubectl-wire.md, TABLE).</summary>
    public const string Kubectl = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

    public const string Partial = "application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io";
    public const string PartialList = "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io";

    public static List<string> ColumnNames(this JsonObject table) =>
        [.. table["columnDefinitions"]!.AsArray().Select(c => (string)c!["name"]!)];

    public static JsonArray Rows(this JsonObject table) => table["rows"]!.AsArray();

    public static List<string> Cells(this JsonNode row) => [.. row["cells"]!.AsArray().Select(c => (string)c!)];

    public static List<string> Names(this JsonObject table) => [.. table.Rows().Select(r => r!.Cells()[0])];
}
