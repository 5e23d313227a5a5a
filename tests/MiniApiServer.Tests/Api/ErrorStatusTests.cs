using System.Text;
using System.Text.Json.Nodes;
using static MiniApiServer.Tests.Api.ApiTestKit;

namespace MiniApiServer.Tests.Api;

/// <summary>
/// Routing errors as Status objects, and malformed input of every sort: always a 4xx Status, never a 500, a hang
/// or a half-written object (k8s-semantics.md §1.1, §1.7, §3).
/// </summary>
public sealed class ErrorStatusTests
{
    [Theory]
    [InlineData("/api/v1/foos")]
    [InlineData("/api/v1/namespaces/default/foos")]
    [InlineData("/api/v1/namespaces/default/services/web/foo")]
    [InlineData("/api/v1/namespaces/default/endpoints/web/status")]
    [InlineData("/apis/apps/v1/deployments")]
    [InlineData("/api/v2")]
    [InlineData("/nope")]
    public async Task Unknown_path_is_404_Status(string path)
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Status(await server.GetAsync(path), 404, "NotFound", "the server could not find the requested resource");
    }

    [Theory]
    [InlineData("POST", "/api/v1/pods")]
    [InlineData("DELETE", "/api/v1/services")]
    [InlineData("PUT", "/api/v1/namespaces/default/services")]
    [InlineData("PATCH", "/api/v1/namespaces/default/pods")]
    [InlineData("POST", "/api/v1/namespaces/default/services/web")]
    [InlineData("DELETE", "/api/v1/namespaces")]
    [InlineData("POST", "/api/v1/namespaces/default/pods/p/status")]
    [InlineData("DELETE", "/api/v1/namespaces/default/pods/p/status")]
    [InlineData("GET", "/api/v1/namespaces/default/finalize")]
    public async Task Method_without_a_route_is_405_Status(string method, string path)
    {
        await using var server = ApiServer.Start();
        var body = method is "POST" or "PUT" or "PATCH" ? "{}" : null;
        var contentType = method == "PATCH" ? "application/merge-patch+json" : "application/json";
        await HttpAssert.Status(await server.SendAsync(new HttpMethod(method), path, body, contentType), 405, "MethodNotAllowed",
            "the server does not allow this method on the requested resource");
    }

    public static TheoryData<string> MalformedServices => new()
    {
        """{"metadata":{"name":"web"},"spec":{"ports":[{"port":"80"}]}}""",
        """{"metadata":{"name":"web"},"spec":{"ports":[{"port":80,"targetPort":true}]}}""",
        """{"metadata":{"name":"web"},"spec":{"ports":[{"port":80,"targetPort":1.5}]}}""",
        """{"metadata":{"name":"web"},"spec":{"ports":[{"port":99999999999999999999999}]}}""",
        """{"metadata":{"name":"web"},"spec":{"ports":[{"port":1e400}]}}""",
        """{"metadata":{"name":"web"},"spec":{"ports":[{"port":-1}]}}""",
        """{"metadata":{"name":"web"},"spec":{"ports":[{"port":80.5}]}}""",
        """{"metadata":{"name":"web"},"spec":{"ports":{"port":80}}}""",
        """{"metadata":{"name":"web"},"spec":{"ports":[null]}}""",
        """{"metadata":{"name":"web"},"spec":{"ports":[80]}}""",
        """{"metadata":{"name":"web"},"spec":"ClusterIP"}""",
        """{"metadata":{"name":"web"},"spec":[]}""",
        """{"metadata":{"name":"web"},"spec":null}""",
        """{"metadata":{"name":"web"}}""",
        """{"metadata":[],"spec":{"ports":[{"port":80}]}}""",
        """{"metadata":"web","spec":{"ports":[{"port":80}]}}""",
        """{"metadata":null,"spec":{"ports":[{"port":80}]}}""",
        """{"metadata":{"name":80},"spec":{"ports":[{"port":80}]}}""",
        """{"metadata":{"name":null},"spec":{"ports":[{"port":80}]}}""",
        """{"metadata":{"name":"web","labels":{"a":1}},"spec":{"ports":[{"port":80}]}}""",
        """{"metadata":{"name":"web","labels":["a"]},"spec":{"ports":[{"port":80}]}}""",
        """{"metadata":{"name":"web","creationTimestamp":"yesterday"},"spec":{"ports":[{"port":80}]}}""",
        """{"metadata":{"name":"web","creationTimestamp":12},"spec":{"ports":[{"port":80}]}}""",
        """{"metadata":{"name":"web","deletionTimestamp":"2024-13-45T99:99:99Z"},"spec":{"ports":[{"port":80}]}}""",
        """{"metadata":{"name":"web","generation":"one"},"spec":{"ports":[{"port":80}]}}""",
        """{"metadata":{"name":"web","finalizers":"x"},"spec":{"ports":[{"port":80}]}}""",
        """{"metadata":{"name":"web","ownerReferences":[{}]},"spec":{"ports":[{"port":80}]}}""",
        """{"metadata":{"name":"web"},"spec":{"ports":[{"port":80}],"sessionAffinityConfig":{"clientIP":{"timeoutSeconds":"long"}}}}""",
        """{"metadata":{"name":"web"},"spec":{"ports":[{"port":80}],"clusterIPs":"10.0.0.1"}}""",
        """{"metadata":{"name":"web"},"spec":{"ports":[{"port":80}],"selector":{"a":{"b":"c"}}}}""",
        """{"kind":7,"metadata":{"name":"web"},"spec":{"ports":[{"port":80}]}}""",
        """{"apiVersion":["v1"],"metadata":{"name":"web"},"spec":{"ports":[{"port":80}]}}""",
        """{"kind":"Service","apiVersion":"v1","metadata":{"name":"web"},"spec":{"ports":[{"port":80}]},"status":{"loadBalancer":"x"}}""",
        "[]",
        "null",
        "\"web\"",
        "42",
        "true",
        "{}",
        "",
        " ",
        "{",
        "{\"metadata\":{\"name\":\"web\"}}}",
        "{\"metadata\":{\"name\":\"web\"}} {}",
        "{'metadata':{}}",
        "{\"metadata\":{\"name\":\"w\\u0000b\"},\"spec\":{\"ports\":[{\"port\":80}]}}",
        "{\"metadata\":{\"name\":\"\\ud800\"},\"spec\":{\"ports\":[{\"port\":80}]}}",
    };

    [Theory]
    [MemberData(nameof(MalformedServices))]
    public async Task Malformed_create_is_a_4xx_Status_and_writes_nothing(string body)
    {
        await using var server = ApiServer.Start();
        var revision = server.Revision();
        await AssertClientError(await server.PostAsync(Services, body));
        await AssertClientError(await server.PostAsync(Services, body, "application/yaml"));
        Assert.Equal(revision, server.Revision());
    }

    [Theory]
    [MemberData(nameof(MalformedServices))]
    public async Task Malformed_update_is_a_4xx_Status_and_writes_nothing(string body)
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web"));
        var revision = server.Revision();
        await AssertClientError(await server.PutAsync(Services + "/web", body));
        Assert.Equal(revision, server.Revision());
    }

    [Theory]
    [MemberData(nameof(MalformedServices))]
    public async Task Malformed_merge_patch_is_a_4xx_Status_and_writes_nothing(string body)
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web"));
        var revision = server.Revision();
        var response = await server.PatchAsync(Services + "/web", body);
        if ((int)response.StatusCode != 200)
        {
            await AssertClientError(response);
        }
        else
        {
            // A patch may be harmless (e.g. "{}"); whatever it wrote is a valid object.
            revision = server.Revision();
        }
        Assert.Equal(revision, server.Revision());
        await server.GetJsonAsync(Services + "/web");
    }

    public static TheoryData<string> MalformedJsonPatches => new()
    {
        """[{"op":"add","path":"/spec/ports/0/port","value":"80"}]""",
        """[{"op":"replace","path":"/metadata","value":[]}]""",
        """[{"op":"replace","path":"/metadata/name","value":null}]""",
        """[{"op":"remove","path":""}]""",
        """[{"op":"replace","path":"","value":[]}]""",
        """[{"op":"replace","path":"","value":42}]""",
        """[{"op":"bogus","path":"/metadata"}]""",
        """[{"op":"add","path":"/spec/ports/99","value":{"port":1}}]""",
        """[{"op":"add","path":"/spec/ports/-1","value":{"port":1}}]""",
        """[{"op":"move","from":"/spec","path":"/spec/x"}]""",
        """[{"path":"/metadata"}]""",
        """[null]""",
        """[1,2]""",
        "[{\"op\":\"add\",\"path\":\"/metadata/labels/a\",\"value\":\"\\ud800\"}]",
        """{}""",
        "",
    };

    [Theory]
    [MemberData(nameof(MalformedJsonPatches))]
    public async Task Malformed_json_patch_is_a_4xx_Status_and_writes_nothing(string body)
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web"));
        var revision = server.Revision();
        await AssertClientError(await server.PatchAsync(Services + "/web", body, "application/json-patch+json"));
        Assert.Equal(revision, server.Revision());
    }

    public static TheoryData<string> MalformedPods => new()
    {
        """{"metadata":{"name":"p"},"spec":{"containers":{}}}""",
        """{"metadata":{"name":"p"},"spec":{"containers":[null]}}""",
        """{"metadata":{"name":"p","finalizers":[null]},"spec":{"containers":[{"name":"c","image":"i"}]}}""",
        """{"metadata":{"name":"p","ownerReferences":[null]},"spec":{"containers":[{"name":"c","image":"i"}]}}""",
        """{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i","env":[null],"ports":[null]}]}}""",
        """{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i","resources":{"limits":{"cpu":null}}}],"volumes":[null]}}""",
        """{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i"}],"tolerations":[null],"imagePullSecrets":[null]}}""",
        """{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i","ports":[{"containerPort":"80"}]}]}}""",
        """{"metadata":{"name":"p"},"spec":{"restartPolicy":5,"containers":[{"name":"c","image":"i"}]}}""",
        """{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i","resources":{"limits":{"cpu":"lots"}}}]}}""",
        """{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i","resources":{"limits":{"cpu":[]}}}]}}""",
        """{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i","env":[{"name":"A","value":1}]}]}}""",
        """{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i","livenessProbe":{"httpGet":{"port":{}}}}]}}""",
        """{"metadata":{"name":"p"},"spec":{"terminationGracePeriodSeconds":1e30,"containers":[{"name":"c","image":"i"}]}}""",
        """{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i"}],"volumes":[{"name":"v","emptyDir":{"sizeLimit":"huge"}}]}}""",
        """{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"i"}]},"status":{"startTime":"not a time"}}""",
    };

    [Theory]
    [MemberData(nameof(MalformedPods))]
    public async Task Malformed_pod_is_a_4xx_Status_and_writes_nothing(string body)
    {
        await using var server = ApiServer.Start();
        var revision = server.Revision();
        await AssertClientError(await server.PostAsync(Pods, body));
        Assert.Equal(revision, server.Revision());
    }

    [Fact]
    public async Task Deeply_nested_json_is_a_4xx_Status()
    {
        await using var server = ApiServer.Start();
        var nested = new StringBuilder("{\"metadata\":{\"name\":\"web\",\"annotations\":{\"a\":\"b\"}},\"spec\":{\"ports\":[{\"port\":80}],\"x\":");
        const int depth = 100_000;
        nested.Append('[', depth).Append(']', depth).Append("}}");
        var body = nested.ToString();
        await AssertClientError(await server.PostAsync(Services, body));
        await AssertClientError(await server.PostAsync(Services, body, "application/yaml"));
        await server.CreateAsync(Services, Manifests.Service("web2"));
        await AssertClientError(await server.PatchAsync(Services + "/web2", body));
    }

    [Fact]
    public async Task Deeply_nested_yaml_is_a_4xx_Status()
    {
        await using var server = ApiServer.Start();
        var yaml = "metadata:\n  name: web\nspec:\n  x: " + new string('[', 50_000) + new string(']', 50_000) + "\n";
        await AssertClientError(await server.PostAsync(Services, yaml, "application/yaml"));
    }

    [Fact]
    public async Task Invalid_utf8_is_a_4xx_Status()
    {
        await using var server = ApiServer.Start();
        byte[] body = [.. Encoding.UTF8.GetBytes("{\"metadata\":{\"name\":\"web\",\"labels\":{\"a\":\""), 0xC3, 0x28, 0xFF, .. Encoding.UTF8.GetBytes("\"}},\"spec\":{\"ports\":[{\"port\":80}]}}")];
        var response = await server.SendBytesAsync(HttpMethod.Post, Services, body);
        await AssertClientError(response);
        await AssertClientError(await server.SendBytesAsync(HttpMethod.Post, Services, body, "application/yaml"));
        await AssertClientError(await server.SendBytesAsync(HttpMethod.Post, Services, [0xFF, 0xFE, 0x00, 0x7B]));
    }

    [Fact]
    public async Task Yaml_with_several_documents_or_odd_scalars_is_a_4xx_Status_or_accepted()
    {
        await using var server = ApiServer.Start();
        string[] bodies =
        [
            "metadata:\n  name: web\n---\nmetadata:\n  name: other\n",
            "metadata: &a\n  name: web\nspec: *a\n",
            "metadata:\n  name: !!binary aGVsbG8=\nspec:\n  ports:\n  - port: 80\n",
            "metadata:\n  name: web\nspec:\n  ports:\n  - port: 0x50\n",
            "metadata:\n  name: web\n  labels:\n    ? [a, b]\n    : c\n",
            "\t- bad",
            ": :",
        ];
        foreach (var body in bodies)
        {
            var response = await server.PostAsync(Services, body, "application/yaml");
            if ((int)response.StatusCode != 201)
            {
                await AssertClientError(response);
            }
        }
    }

    [Fact]
    public async Task Bad_query_values_are_4xx()
    {
        await using var server = ApiServer.Start();
        string[] paths =
        [
            Services + "?limit=1e3",
            Services + "?limit=99999999999999999999",
            Services + "?resourceVersion=abc",
            Services + "?resourceVersion=-1",
            Services + "?labelSelector=" + Uri.EscapeDataString("a in (b"),
            Services + "?fieldSelector=" + Uri.EscapeDataString("a=b=c"),
            Services + "?continue=%00",
            Services + "/kubernetes?resourceVersion=abc",
        ];
        foreach (var path in paths)
        {
            var response = await server.GetAsync(path);
            if ((int)response.StatusCode != 200)
            {
                await AssertClientError(response);
            }
        }
    }

    [Fact]
    public async Task Bad_delete_query_values_are_4xx()
    {
        await using var server = ApiServer.Start();
        await server.CreateAsync(Services, Manifests.Service("web"));
        await AssertClientError(await server.DeleteAsync(Services + "/web?gracePeriodSeconds=soon"));
        await AssertClientError(await server.DeleteAsync(Services + "/web", "[]"));
        await AssertClientError(await server.DeleteAsync(Services + "/web", "{\"preconditions\":{\"uid\":5}}"));
        await server.GetJsonAsync(Services + "/web");
    }

    private static async Task AssertClientError(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var code = (int)response.StatusCode;
        Assert.True(code is >= 400 and < 500, $"expected a 4xx, got {code}: {text}");
        JsonObject? status = null;
        try
        {
            status = JsonNode.Parse(text) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
        }
        if (status is null)
        {
            Assert.Contains("kind: Status", text, StringComparison.Ordinal);
            return;
        }
        Assert.Equal("Status", (string?)status["kind"]);
        Assert.Equal("Failure", (string?)status["status"]);
        Assert.Equal(code, (int?)status["code"]);
        Assert.False(string.IsNullOrEmpty((string?)status["reason"]), text);
        Assert.False(string.IsNullOrEmpty((string?)status["message"]), text);
    }
}
