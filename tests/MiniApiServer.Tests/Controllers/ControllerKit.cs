using System.Text.Json.Nodes;

namespace MiniApiServer.Tests.Controllers;

/// <summary>Pods, Services and waits for the controller tests: what a kubelet would write is written by the test.</summary>
internal static class ControllerKit
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    public static string PodPath(string ns = "default") => $"/api/v1/namespaces/{ns}/pods";

    public static string EndpointsPath(string ns = "default") => $"/api/v1/namespaces/{ns}/endpoints";

    public static string ServicesPath(string ns = "default") => $"/api/v1/namespaces/{ns}/services";

    /// <summary>A pod with one container and the given labels and ports (<c>name:number</c> or a number).</summary>
    public static async Task<JsonObject> CreatePod(ApiServer server, string name, string labels, string[] ports, string ns = "default", string? nodeName = null)
    {
        var portJson = string.Join(",", ports.Select(p => p.Contains(':', StringComparison.Ordinal)
            ? $$"""{"name":"{{p.Split(':')[0]}}","containerPort":{{p.Split(':')[1]}}}"""
            : $$"""{"containerPort":{{p}}}"""));
        var node = nodeName is null ? "" : $$""","nodeName":"{{nodeName}}" """;
        var body = "{\"metadata\":{\"name\":\"" + name + "\",\"labels\":" + labels + "},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\",\"ports\":["
            + portJson + "]}]" + node + "}}";
        return await HttpAssert.Json(await server.PostAsync(PodPath(ns), body), 201);
    }

    /// <summary>Writes the pod's IP and Ready condition through <c>/status</c>, as a kubelet would.</summary>
    public static async Task SetStatus(ApiServer server, string name, string ip, bool ready, string ns = "default", string phase = "Running")
    {
        var condition = $$"""{"type":"Ready","status":"{{(ready ? "True" : "False")}}","lastTransitionTime":"{{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ}}"}""";
        var body = $$$"""{"status":{"phase":"{{{phase}}}","podIP":"{{{ip}}}","conditions":[{{{condition}}}]}}""";
        await HttpAssert.Json(await server.PatchAsync($"{PodPath(ns)}/{name}/status", body), 200);
    }

    public static async Task<JsonObject> CreateService(ApiServer server, string json, string ns = "default") =>
        await HttpAssert.Json(await server.PostAsync(ServicesPath(ns), json), 201);

    /// <summary>Polls the Endpoints until <paramref name="condition"/> holds; returns it (null: absent).</summary>
    public static async Task<JsonObject?> WaitEndpoints(ApiServer server, string name, Func<JsonObject?, bool> condition, string what, string ns = "default")
    {
        var deadline = DateTime.UtcNow + Patience;
        JsonObject? last = null;
        while (true)
        {
            using var response = await server.GetAsync($"{EndpointsPath(ns)}/{name}");
            var text = await response.Content.ReadAsStringAsync();
            last = response.IsSuccessStatusCode ? JsonNode.Parse(text)!.AsObject() : null;
            if (condition(last))
            {
                return last;
            }
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}; last: {last?.ToJsonString() ?? "absent"}");
            await Task.Delay(25);
        }
    }

    /// <summary>
    /// The subsets in a short form to compare: one line per subset, <c>ready ips | not-ready ips | name:port/protocol</c>.
    /// </summary>
    public static string Summary(JsonObject? endpoints)
    {
        if (endpoints?["subsets"] is not JsonArray subsets)
        {
            return "";
        }
        return string.Join("\n", subsets.Select(s => string.Join(" | ",
            Ips(s!["addresses"]), Ips(s["notReadyAddresses"]),
            string.Join(",", (s["ports"] as JsonArray ?? []).Select(p => $"{(string?)p!["name"]}:{(int)p["port"]!}/{(string?)p["protocol"]}")))));
    }

    private static string Ips(JsonNode? addresses) =>
        string.Join(",", (addresses as JsonArray ?? []).Select(a => (string?)a!["ip"]));
}
