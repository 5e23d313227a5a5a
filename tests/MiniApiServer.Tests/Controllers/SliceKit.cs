using System.Text.Json.Nodes;

namespace MiniApiServer.Tests.Controllers;

/// <summary>Waits on EndpointSlices for the slice controller tests.</summary>
internal static class SliceKit
{
    public static string SlicesPath(string ns = "default") => $"/apis/discovery.k8s.io/v1/namespaces/{ns}/endpointslices";

    /// <summary>The slices labelled for the Service (and managed by <paramref name="managedBy"/> when given).</summary>
    public static async Task<JsonArray> Slices(ApiServer server, string service, string? managedBy = null, string ns = "default")
    {
        var selector = "kubernetes.io/service-name=" + service + (managedBy is null ? "" : ",endpointslice.kubernetes.io/managed-by=" + managedBy);
        var list = await HttpAssert.Json(await server.GetAsync(SlicesPath(ns) + "?labelSelector=" + Uri.EscapeDataString(selector)), 200);
        return list["items"]!.AsArray();
    }

    /// <summary>Polls the Service's slices until <paramref name="condition"/> holds; returns them.</summary>
    public static async Task<JsonArray> WaitSlices(ApiServer server, string service, Func<JsonArray, bool> condition, string what,
        string? managedBy = null, string ns = "default")
    {
        var deadline = DateTime.UtcNow + ControllerKit.Patience;
        while (true)
        {
            var slices = await Slices(server, service, managedBy, ns);
            if (condition(slices))
            {
                return slices;
            }
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}; last: {slices.ToJsonString()}");
            await Task.Delay(25);
        }
    }

    /// <summary>The endpoints of all slices, one string each: <c>ip ready/serving/terminating</c>, sorted.</summary>
    public static string Summary(JsonArray slices) => string.Join(" ; ", slices
        .SelectMany(s => s!["endpoints"] as JsonArray ?? [])
        .Select(e => $"{string.Join(",", e!["addresses"]!.AsArray().Select(a => (string?)a))} "
            + $"{Flag(e["conditions"]?["ready"])}/{Flag(e["conditions"]?["serving"])}/{Flag(e["conditions"]?["terminating"])}")
        .Order(StringComparer.Ordinal));

    private static string Flag(JsonNode? node) => node is null ? "-" : (bool)node ? "T" : "F";
}
