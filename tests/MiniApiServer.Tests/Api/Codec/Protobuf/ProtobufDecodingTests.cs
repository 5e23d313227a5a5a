using System.Text.Json.Nodes;
using MiniApiServer.Api.Codec.Protobuf;

namespace MiniApiServer.Tests.Api.Codec.Protobuf;

/// <summary>
/// Protobuf bodies become the JSON Go's encoding/json writes for the object gogo-protobuf decodes from them: the exact
/// bytes kubectl sends (kubectl-wire.md §6.2) and hand-built messages of every served kind.
/// </summary>
public sealed class ProtobufDecodingTests
{
    /// <summary>kubectl create namespace x: 52 bytes, every non-pointer field written even when empty.</summary>
    private const string KubectlNamespaceX =
        "6b 38 73 00 0a 0f 0a 02 76 31 12 09 4e 61 6d 65 73 70 61 63 65 12 19 0a 11 0a 01 78 12 00 1a 00 22 00 2a 00 32 00 38 00 42 00 12 00 1a 02 0a 00 1a 00 22 00";

    private static readonly DateTimeOffset Created = new(2025, 6, 1, 12, 30, 45, TimeSpan.Zero);

    internal static JsonObject Decode(byte[] body)
    {
        var envelope = ProtobufEnvelope.Open(body);
        var json = new JsonObject { ["apiVersion"] = envelope.ApiVersion, ["kind"] = envelope.Kind };
        GoJson.WriteFields(ProtoReader.Read(envelope.Raw, ProtoSchema.ForKind(envelope.ApiVersion, envelope.Kind)!), json);
        return json;
    }

    internal static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    [Fact]
    public void Kubectl_namespace_body_is_the_namespace_with_nothing_else_set()
    {
        var body = Hex(KubectlNamespaceX);
        Assert.Equal(52, body.Length);
        Assert.Equal("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"x"},"spec":{},"status":{}}""", Decode(body).ToJsonString());
    }

    [Fact]
    public void Service_ports_selector_and_families_decode_with_go_presence()
    {
        var spec = new ProtoWire()
            .Message(1, p => p.String(1, "80-8080").String(2, "TCP").Varint(3, 80).Message(4, ProtoWire.Int(8080)).Varint(5, 30080))
            .Message(1, p => p.String(1, "web").String(2, "TCP").Varint(3, 81).Message(4, ProtoWire.Str("http")).Varint(5, 0))
            .MapEntry(2, "app", "a")
            .String(3, "")
            .String(4, "NodePort")
            .String(10, "")
            .String(19, "IPv4")
            .String(19, "IPv6")
            .String(17, "PreferDualStack")
            .Bool(20, false);
        var service = new ProtoWire()
            .Message(1, m => m.String(1, "a").String(3, "").MapEntry(11, "app", "a").Message(8, new ProtoWire()))
            .Message(2, spec)
            .Message(3, s => s.Message(1, new ProtoWire()));

        var json = Decode(ProtoWire.Envelope("v1", "Service", service));

        Assert.Equal(
            """{"apiVersion":"v1","kind":"Service","metadata":{"name":"a","labels":{"app":"a"}},"spec":{"ports":[""" +
            """{"name":"80-8080","protocol":"TCP","port":80,"targetPort":8080,"nodePort":30080},""" +
            """{"name":"web","protocol":"TCP","port":81,"targetPort":"http"}],"selector":""" +
            """{"app":"a"},"type":"NodePort","ipFamilies":["IPv4","IPv6"],"ipFamilyPolicy":"PreferDualStack","allocateLoadBalancerNodePorts":""" +
            """false},"status":{"loadBalancer":{}}}""",
            json.ToJsonString());
    }

    [Fact]
    public void External_name_service_and_absent_structs_are_written_as_go_writes_them()
    {
        var service = new ProtoWire()
            .Message(1, m => m.String(1, "ext"))
            .Message(2, s => s.String(4, "ExternalName").String(10, "example.com"));

        var json = Decode(ProtoWire.Envelope("v1", "Service", service));

        // status is not sent, but a Go struct is never absent: encoding/json writes its zero value.
        Assert.Equal(
            """{"apiVersion":"v1","kind":"Service","metadata":{"name":"ext"},"spec":{"type":"ExternalName","externalName":"example.com"},"status":{"loadBalancer":{}}}""",
            json.ToJsonString());
    }

    [Fact]
    public void Pod_containers_volumes_probes_tolerations_and_times_decode()
    {
        var container = new ProtoWire()
            .String(1, "web")
            .String(2, "nginx:1.27")
            .String(3, "nginx")
            .Message(6, p => p.String(1, "http").Varint(3, 8080).String(4, "TCP"))
            .Message(7, e => e.String(1, "MODE").String(2, "prod"))
            .Message(7, e => e.String(1, "EMPTY"))
            .Message(8, r => r.MapEntry(1, "memory", ProtoWire.Quantity("128Mi")).MapEntry(2, "cpu", ProtoWire.Quantity("250m")).MapEntry(2, "memory", ProtoWire.Quantity("64Mi")))
            .Message(10, p => p.Message(1, h => h.Message(2, g => g.String(1, "/healthz").Message(2, ProtoWire.Str("http")))).Varint(2, 5))
            .Message(11, p => p.Message(1, h => h.Message(3, t => t.Message(1, ProtoWire.Int(8080)))));
        var spec = new ProtoWire()
            .Message(1, v => v.String(1, "cache").Message(2, s => s.Message(2, e => e.String(1, "Memory").Message(2, ProtoWire.Quantity("1Gi")))))
            .Message(2, container)
            .Varint(4, 0)
            .Message(14, s => s.Packed(4, 1000, 2000).Varint(4, 3000))
            .Message(22, t => t.String(1, "node.kubernetes.io/not-ready").String(2, "Exists").String(4, "NoExecute").Varint(5, 300));
        var pod = new ProtoWire()
            .Message(1, m => m.String(1, "p").Message(8, ProtoWire.Time(Created, nanos: 999_999_999)))
            .Message(2, spec);

        var json = Decode(ProtoWire.Envelope("v1", "Pod", pod));

        Assert.Equal("2025-06-01T12:30:45Z", (string?)json["metadata"]!["creationTimestamp"]);
        var c = json["spec"]!["containers"]![0]!;
        Assert.Equal("""["nginx"]""", c["command"]!.ToJsonString());
        Assert.Equal("""[{"name":"http","containerPort":8080,"protocol":"TCP"}]""", c["ports"]!.ToJsonString());
        Assert.Equal("""[{"name":"MODE","value":"prod"},{"name":"EMPTY"}]""", c["env"]!.ToJsonString());
        Assert.Equal("""{"limits":{"memory":"128Mi"},"requests":{"cpu":"250m","memory":"64Mi"}}""", c["resources"]!.ToJsonString());
        Assert.Equal("""{"httpGet":{"path":"/healthz","port":"http"},"initialDelaySeconds":5}""", c["livenessProbe"]!.ToJsonString());
        Assert.Equal("""{"tcpSocket":{"port":8080}}""", c["readinessProbe"]!.ToJsonString());
        Assert.Equal("""[{"name":"cache","emptyDir":{"medium":"Memory","sizeLimit":"1Gi"}}]""", json["spec"]!["volumes"]!.ToJsonString());
        // terminationGracePeriodSeconds is a pointer: sent as 0, it is 0 (an immediate kill), not absent.
        Assert.Equal(0, (long)json["spec"]!["terminationGracePeriodSeconds"]!);
        Assert.Equal("[1000,2000,3000]", json["spec"]!["securityContext"]!["supplementalGroups"]!.ToJsonString());
        Assert.Equal("""[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":300}]""",
            json["spec"]!["tolerations"]!.ToJsonString());
        Assert.Equal("{}", json["status"]!.ToJsonString());
    }

    [Fact]
    public void Endpoints_subsets_decode()
    {
        var endpoints = new ProtoWire()
            .Message(1, m => m.String(1, "svc"))
            .Message(2, s => s
                .Message(1, a => a.String(1, "10.1.0.1").String(4, "node-1").Message(2, r => r.String(1, "Pod").String(2, "default").String(3, "p1")))
                .Message(2, a => a.String(1, "10.1.0.2"))
                .Message(3, p => p.String(1, "http").Varint(2, 8080).String(3, "TCP")));

        var json = Decode(ProtoWire.Envelope("v1", "Endpoints", endpoints));

        Assert.Equal(
            """[{"addresses":[{"ip":"10.1.0.1","nodeName":"node-1","targetRef":{"kind":"Pod","namespace":"default","name":"p1"}}]""" +
            ""","notReadyAddresses":[{"ip":"10.1.0.2"}],"ports":[{"name":"http","port":8080,"protocol":"TCP"}]}]""",
            json["subsets"]!.ToJsonString());
    }

    [Fact]
    public void Node_spec_status_and_taints_decode()
    {
        var node = new ProtoWire()
            .Message(1, m => m.String(1, "node-1"))
            .Message(2, s => s.String(1, "10.244.0.0/24").String(7, "10.244.0.0/24").Bool(4, true)
                .Message(5, t => t.String(1, "dedicated").String(2, "web").String(3, "NoSchedule").Message(4, ProtoWire.Time(Created))))
            .Message(3, s => s.MapEntry(1, "cpu", ProtoWire.Quantity("4")).MapEntry(1, "pods", ProtoWire.Quantity("110"))
                .Message(5, a => a.String(1, "InternalIP").String(2, "192.168.0.10")));

        var json = Decode(ProtoWire.Envelope("v1", "Node", node));

        Assert.Equal(
            """{"podCIDR":"10.244.0.0/24","podCIDRs":["10.244.0.0/24"],"unschedulable":true,"taints":[{"key":"dedicated","value":"web","effect":"NoSchedule","timeAdded":"2025-06-01T12:30:45Z"}]}""",
            json["spec"]!.ToJsonString());
        Assert.Equal("""{"cpu":"4","pods":"110"}""", json["status"]!["capacity"]!.ToJsonString());
        Assert.Equal("""[{"type":"InternalIP","address":"192.168.0.10"}]""", json["status"]!["addresses"]!.ToJsonString());
        // Non-pointer structs and non-omitempty scalars are there as Go writes them.
        Assert.Equal("""{"kubeletEndpoint":{"Port":0}}""", json["status"]!["daemonEndpoints"]!.ToJsonString());
        Assert.Equal("", (string?)json["status"]!["nodeInfo"]!["machineID"]);
    }

    [Fact]
    public void Lease_micro_times_keep_microseconds()
    {
        var lease = new ProtoWire()
            .Message(1, m => m.String(1, "holder").String(3, "kube-node-lease"))
            .Message(2, s => s.String(1, "node-1").Varint(2, 40).Message(3, ProtoWire.Time(Created, nanos: 123_456_789)).Message(4, ProtoWire.Time(Created)).Varint(5, 0));

        var json = Decode(ProtoWire.Envelope("coordination.k8s.io/v1", "Lease", lease));

        Assert.Equal(
            """{"holderIdentity":"node-1","leaseDurationSeconds":40,"acquireTime":"2025-06-01T12:30:45.123456Z","renewTime":"2025-06-01T12:30:45.000000Z","leaseTransitions":0}""",
            json["spec"]!.ToJsonString());
    }

    [Fact]
    public void Endpoint_slice_conditions_are_pointers()
    {
        var slice = new ProtoWire()
            .Message(1, m => m.String(1, "svc-abc"))
            .String(4, "IPv4")
            .Message(2, e => e.String(1, "10.1.0.1").Message(2, c => c.Bool(1, false).Bool(2, true)).String(6, "node-1"))
            .Message(3, p => p.String(1, "http").String(2, "TCP").Varint(3, 8080));

        var json = Decode(ProtoWire.Envelope("discovery.k8s.io/v1", "EndpointSlice", slice));

        Assert.Equal(
            """{"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice","metadata":{"name":"svc-abc"},"addressType":"IPv4","endpoints":""" +
            """[{"addresses":["10.1.0.1"],"conditions":{"ready":false,"serving":true},"nodeName":"node-1"}],"ports":""" +
            """[{"name":"http","protocol":"TCP","port":8080}]}""",
            json.ToJsonString());
    }

    [Fact]
    public void Both_event_kinds_decode_by_their_envelope()
    {
        var core = new ProtoWire()
            .Message(1, m => m.String(1, "p.1"))
            .Message(2, r => r.String(1, "Pod").String(3, "p"))
            .String(3, "Scheduled")
            .Varint(8, 1)
            .String(9, "Normal");
        var events = new ProtoWire()
            .Message(1, m => m.String(1, "p.2"))
            .Message(2, t => t.Varint(1, Created.ToUnixTimeSeconds()).Varint(2, 5000))
            .String(4, "default-scheduler")
            .String(7, "Scheduled");

        var coreJson = Decode(ProtoWire.Envelope("v1", "Event", core));
        var eventsJson = Decode(ProtoWire.Envelope("events.k8s.io/v1", "Event", events));

        Assert.Equal("""{"kind":"Pod","name":"p"}""", coreJson["involvedObject"]!.ToJsonString());
        Assert.Equal("Scheduled", (string?)coreJson["reason"]);
        Assert.Equal(1, (int)coreJson["count"]!);
        Assert.Equal("2025-06-01T12:30:45.000005Z", (string?)eventsJson["eventTime"]);
        Assert.Equal("default-scheduler", (string?)eventsJson["reportingController"]);
        Assert.Equal("Scheduled", (string?)eventsJson["reason"]);
    }

    [Fact]
    public void Repeated_occurrences_merge_structs_and_keep_the_last_scalar()
    {
        var service = new ProtoWire()
            .Message(1, m => m.String(1, "first").MapEntry(11, "a", "1"))
            .Message(1, m => m.String(1, "second").MapEntry(11, "a", "2").MapEntry(11, "b", "3"));

        var json = Decode(ProtoWire.Envelope("v1", "Service", service));

        Assert.Equal("""{"name":"second","labels":{"a":"2","b":"3"}}""", json["metadata"]!.ToJsonString());
    }

    [Fact]
    public void Unknown_fields_of_every_wire_type_are_skipped()
    {
        var ns = new ProtoWire()
            .Message(1, m => m.String(1, "x").Varint(99, 7).String(98, "?").Tag(97, 3).Varint(1, 5).Tag(97, 4))
            .Fixed32(96, 7).Fixed64(95, 7);
        var body = ProtoWire.Envelope("v1", "Namespace", ns);

        Assert.Equal("""{"name":"x"}""", Decode(body)["metadata"]!.ToJsonString());
    }
}
