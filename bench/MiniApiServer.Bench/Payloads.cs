using System.Globalization;
using System.Text;

namespace MiniApiServer.Bench;

/// <summary>
/// The objects the bench writes: a realistic ~1 KB Service (labels, annotations, two ports) and a small Pod.
/// Bodies are built as text so the bench spends its CPU on requests, not on serializers.
/// </summary>
internal static class Payloads
{
    /// <summary>Every Service carries <c>bench-shard=sNN</c> (NN = index mod 100), so a selector on one shard matches 1%.</summary>
    public const int Shards = 100;

    /// <summary>The selector of shard 7 (URL-encoded <c>bench-shard=s07</c>).</summary>
    public const string ShardSelector = "bench-shard%3Ds07";

    public const int SelectedShard = 7;

    public static int ShardOf(int index) => index % Shards;

    public static byte[] Service(string ns, string name, int index, string seq = "0", string? resourceVersion = null)
    {
        var rv = resourceVersion is null ? "" : $"\"resourceVersion\":\"{resourceVersion}\",";
        var shard = ShardOf(index).ToString("00", CultureInfo.InvariantCulture);
        return Encoding.UTF8.GetBytes(
            "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{" +
            $"\"name\":\"{name}\",\"namespace\":\"{ns}\",{rv}" +
            "\"labels\":{\"app.kubernetes.io/name\":\"frontend-web\",\"app.kubernetes.io/part-of\":\"storefront\"," +
            $"\"app.kubernetes.io/managed-by\":\"bench\",\"tier\":\"frontend\",\"bench-shard\":\"s{shard}\",\"bench-seq\":\"{seq}\"}}," +
            "\"annotations\":{\"description\":\"Public HTTP entry point of the storefront: terminates sessions and forwards API calls to the backend tier.\"," +
            "\"kubernetes.io/change-cause\":\"kubectl apply --filename=deploy/storefront/frontend-web.yaml --server-side --field-manager=release-pipeline\"," +
            "\"owner\":\"team-storefront@example.com\",\"runbook\":\"https://runbooks.example.com/storefront/frontend-web\"," +
            "\"prometheus.io/scrape\":\"true\",\"prometheus.io/port\":\"9102\"}}," +
            "\"spec\":{\"type\":\"ClusterIP\",\"selector\":{\"app.kubernetes.io/name\":\"frontend-web\",\"tier\":\"frontend\"}," +
            "\"ports\":[{\"name\":\"http\",\"protocol\":\"TCP\",\"port\":80,\"targetPort\":8080}," +
            "{\"name\":\"metrics\",\"protocol\":\"TCP\",\"port\":9102,\"targetPort\":\"metrics\"}]," +
            "\"sessionAffinity\":\"None\",\"internalTrafficPolicy\":\"Cluster\"}}");
    }

    public static byte[] Pod(string ns, string name) => Encoding.UTF8.GetBytes(
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{" +
        $"\"name\":\"{name}\",\"namespace\":\"{ns}\"," +
        "\"labels\":{\"app.kubernetes.io/name\":\"frontend-web\",\"tier\":\"frontend\"}}," +
        "\"spec\":{\"containers\":[{\"name\":\"web\",\"image\":\"registry.example.com/storefront/web:1.4.2\"," +
        "\"ports\":[{\"name\":\"http\",\"containerPort\":8080},{\"name\":\"metrics\",\"containerPort\":9102}]," +
        "\"resources\":{\"requests\":{\"cpu\":\"100m\",\"memory\":\"128Mi\"}}}]}}");

    public static byte[] Namespace(string name) =>
        Encoding.UTF8.GetBytes($"{{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{{\"name\":\"{name}\"}}}}");

    /// <summary>A JSON merge patch (RFC 7386) of one label; with a resourceVersion it is also a precondition.</summary>
    public static byte[] LabelPatch(string seq, string? resourceVersion = null) => Encoding.UTF8.GetBytes(resourceVersion is null
        ? $"{{\"metadata\":{{\"labels\":{{\"bench-seq\":\"{seq}\"}}}}}}"
        : $"{{\"metadata\":{{\"resourceVersion\":\"{resourceVersion}\",\"labels\":{{\"bench-seq\":\"{seq}\"}}}}}}");
}
