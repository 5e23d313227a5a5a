using static MiniApiServer.Tests.Controllers.ControllerKit;
using static MiniApiServer.Tests.Controllers.SliceKit;

namespace MiniApiServer.Tests.Controllers;

/// <summary>The endpointslicemirroring controller over HTTP: hand-written Endpoints of selectorless Services become slices.</summary>
public sealed class MirroringControllerTests
{
    private const string Mirroring = "endpointslicemirroring-controller.k8s.io";
    private const string External = """{"metadata":{"name":"external"},"spec":{"ports":[{"name":"web","port":80}]}}""";

    private static string Endpoints(string subsets, string extraMeta = "") =>
        $$"""{"metadata":{"name":"external","labels":{"team":"a"},"annotations":{"note":"x"}{{extraMeta}}},"subsets":{{subsets}}}""";

    [Fact]
    public async Task A_selectorless_services_endpoints_are_mirrored_into_a_slice()
    {
        await using var server = ApiServer.Start();
        await CreateService(server, External);
        var endpoints = await HttpAssert.Json(await server.PostAsync(EndpointsPath(), Endpoints(
            """[{"addresses":[{"ip":"192.0.2.42"}],"notReadyAddresses":[{"ip":"192.0.2.43"}],"ports":[{"name":"web","port":8080}]}]""")), 201);
        var slices = await WaitSlices(server, "external", s => s.Count == 1, "a mirrored slice", Mirroring);
        var slice = slices[0]!;
        Assert.Equal("IPv4", (string?)slice["addressType"]);
        Assert.StartsWith("external-", (string?)slice["metadata"]!["name"], StringComparison.Ordinal);
        Assert.Equal("a", (string?)slice["metadata"]!["labels"]!["team"]);
        Assert.Equal("x", (string?)slice["metadata"]!["annotations"]!["note"]);
        Assert.Equal("Endpoints", (string?)slice["metadata"]!["ownerReferences"]![0]!["kind"]);
        Assert.Equal((string?)endpoints["metadata"]!["uid"], (string?)slice["metadata"]!["ownerReferences"]![0]!["uid"]);
        Assert.Equal("web", (string?)slice["ports"]![0]!["name"]);
        Assert.Equal(8080, (int?)slice["ports"]![0]!["port"]);
        Assert.Equal("192.0.2.42 T/-/- ; 192.0.2.43 F/-/-", Summary(slices));
    }

    [Fact]
    public async Task Changes_to_the_endpoints_follow_and_deleting_them_removes_the_slice()
    {
        await using var server = ApiServer.Start();
        await CreateService(server, External);
        await HttpAssert.Json(await server.PostAsync(EndpointsPath(), Endpoints("""[{"addresses":[{"ip":"192.0.2.42"}],"ports":[{"name":"web","port":8080}]}]""")), 201);
        await WaitSlices(server, "external", s => Summary(s) == "192.0.2.42 T/-/-", "the first address", Mirroring);
        await HttpAssert.Json(await server.PutAsync(EndpointsPath() + "/external",
            Endpoints("""[{"addresses":[{"ip":"192.0.2.44"},{"ip":"192.0.2.45"}],"ports":[{"name":"web","port":8080}]}]""")), 200);
        await WaitSlices(server, "external", s => Summary(s) == "192.0.2.44 T/-/- ; 192.0.2.45 T/-/-", "the new addresses", Mirroring);
        await HttpAssert.Json(await server.DeleteAsync(EndpointsPath() + "/external"), 200);
        await WaitSlices(server, "external", s => s.Count == 0, "no mirrored slice", Mirroring);
    }

    [Fact]
    public async Task Endpoints_marked_skip_mirror_are_not_mirrored()
    {
        await using var server = ApiServer.Start();
        await CreateService(server, External);
        await HttpAssert.Json(await server.PostAsync(EndpointsPath(), """{"metadata":{"name":"external","labels":{"endpointslice.kubernetes.io/skip-mirror":"true"}},"subsets":[{"addresses":[{"ip":"192.0.2.42"}]}]}"""), 201);
        // A later mirrored Service shows the controller has looked at the first by then.
        await CreateService(server, """{"metadata":{"name":"other"},"spec":{"ports":[{"port":80}]}}""");
        await HttpAssert.Json(await server.PostAsync(EndpointsPath(), """{"metadata":{"name":"other"},"subsets":[{"addresses":[{"ip":"192.0.2.50"}]}]}"""), 201);
        await WaitSlices(server, "other", s => s.Count == 1, "the other Service mirrored", Mirroring);
        Assert.Empty(await Slices(server, "external", Mirroring));
    }

    [Fact]
    public async Task Giving_the_service_a_selector_removes_the_mirrored_slices()
    {
        await using var server = ApiServer.Start();
        await CreateService(server, External);
        await HttpAssert.Json(await server.PostAsync(EndpointsPath(), Endpoints("""[{"addresses":[{"ip":"192.0.2.42"}]}]""")), 201);
        await WaitSlices(server, "external", s => s.Count == 1, "a mirrored slice", Mirroring);
        await HttpAssert.Json(await server.PatchAsync(ServicesPath() + "/external", """{"spec":{"selector":{"app":"x"}}}"""), 200);
        await WaitSlices(server, "external", s => s.Count == 0, "no mirrored slice", Mirroring);
    }

    [Fact]
    public async Task Endpoints_without_a_service_are_not_mirrored()
    {
        await using var server = ApiServer.Start();
        await HttpAssert.Json(await server.PostAsync(EndpointsPath(), Endpoints("""[{"addresses":[{"ip":"192.0.2.42"}]}]""")), 201);
        await CreateService(server, """{"metadata":{"name":"other"},"spec":{"ports":[{"port":80}]}}""");
        await HttpAssert.Json(await server.PostAsync(EndpointsPath(), """{"metadata":{"name":"other"},"subsets":[{"addresses":[{"ip":"192.0.2.50"}]}]}"""), 201);
        await WaitSlices(server, "other", s => s.Count == 1, "the other Service mirrored", Mirroring);
        Assert.Empty(await Slices(server, "external", Mirroring));
        // The Service arriving later brings the mirror.
        await CreateService(server, External);
        await WaitSlices(server, "external", s => Summary(s) == "192.0.2.42 T/-/-", "the mirror once the Service exists", Mirroring);
    }
}
