// Generates src/MiniApiServer/Api/Codec/Protobuf/ProtoSchema.Generated.cs: the protobuf messages of the served kinds
// (every message reachable from them), with field numbers and types from upstream's generated.proto files and, for
// each field, what encoding/json needs from the Go struct it decodes into (JSON name, Go field name, pointer,
// omitempty, inline) from the struct tags of the same package's Go files, joined by message and field number.
//
//   dotnet run tools/protobuf-schema.cs -- <k8s.io/api git dir> <k8s.io/apimachinery git dir> <tag> \
//       > src/MiniApiServer/Api/Codec/Protobuf/ProtoSchema.Generated.cs
//
// e.g. with the mirrors: /work/.mirror/kubernetes+api/repo /work/.mirror/kubernetes+apimachinery/repo v0.33.9.
// Reads the repositories with `git show`, so any clone (bare or not) at that tag will do.
using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: dotnet run tools/protobuf-schema.cs -- <k8s.io/api git dir> <k8s.io/apimachinery git dir> <tag>");
    return 2;
}
var (apiRepo, machineryRepo, tag) = (args[0], args[1], args[2]);

// The packages read, as (git dir, folder, proto package).
(string Repo, string Dir, string Package)[] packages =
[
    (apiRepo, "core/v1", "k8s.io.api.core.v1"),
    (apiRepo, "coordination/v1", "k8s.io.api.coordination.v1"),
    (apiRepo, "discovery/v1", "k8s.io.api.discovery.v1"),
    (apiRepo, "events/v1", "k8s.io.api.events.v1"),
    (apiRepo, "networking/v1", "k8s.io.api.networking.v1"),
    (machineryRepo, "pkg/apis/meta/v1", "k8s.io.apimachinery.pkg.apis.meta.v1"),
    (machineryRepo, "pkg/runtime", "k8s.io.apimachinery.pkg.runtime"),
    (machineryRepo, "pkg/runtime/schema", "k8s.io.apimachinery.pkg.runtime.schema"),
    (machineryRepo, "pkg/util/intstr", "k8s.io.apimachinery.pkg.util.intstr"),
    (machineryRepo, "pkg/api/resource", "k8s.io.apimachinery.pkg.api.resource"),
];

// The served kinds (and kinds about to be served: both Events), and the envelope every body comes in.
string[] roots =
[
    "k8s.io.api.core.v1.Service", "k8s.io.api.core.v1.Pod", "k8s.io.api.core.v1.Endpoints",
    "k8s.io.api.core.v1.Namespace", "k8s.io.api.core.v1.Node", "k8s.io.api.core.v1.Binding",
    "k8s.io.api.core.v1.Event", "k8s.io.api.coordination.v1.Lease", "k8s.io.api.discovery.v1.EndpointSlice",
    "k8s.io.api.events.v1.Event", "k8s.io.api.networking.v1.ServiceCIDR", "k8s.io.api.networking.v1.IPAddress",
    "k8s.io.apimachinery.pkg.runtime.Unknown",
];

// Messages with their own JSON form (a custom MarshalJSON in Go), which GoJson formats itself: they need no Go struct.
var special = new HashSet<string>
{
    "k8s.io.apimachinery.pkg.apis.meta.v1.Time", "k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime",
    "k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1", "k8s.io.apimachinery.pkg.util.intstr.IntOrString",
    "k8s.io.apimachinery.pkg.api.resource.Quantity",
};

// Messages with their own JSON form that GoJson does not format yet: reaching one from a served kind is an error here.
string[] unformatted = ["k8s.io.apimachinery.pkg.apis.meta.v1.Duration", "k8s.io.apimachinery.pkg.runtime.RawExtension"];

// The scalar types of ProtoType; any other reached from a served kind is an error here.
var scalars = new Dictionary<string, string>
{
    ["string"] = "String", ["bytes"] = "Bytes", ["bool"] = "Bool", ["int32"] = "Int32", ["int64"] = "Int64",
};

var messages = new Dictionary<string, List<ProtoField>>();
var goFields = new Dictionary<(string Message, int Number), GoInfo>();
foreach (var (repo, dir, package) in packages)
{
    ParseProto(Git(repo, "show", $"{tag}:{dir}/generated.proto"), package);
    foreach (var file in Git(repo, "ls-tree", "--name-only", $"{tag}:{dir}").Split('\n'))
    {
        if (file.EndsWith(".go", StringComparison.Ordinal) && !file.EndsWith("_test.go", StringComparison.Ordinal) && !file.StartsWith("zz_", StringComparison.Ordinal))
        {
            ParseGo(Git(repo, "show", $"{tag}:{dir}/{file}"), package);
        }
    }
}

var reachable = new List<string>();
var seen = new HashSet<string>();
var pending = new Queue<string>(roots);
while (pending.TryDequeue(out var name))
{
    if (!seen.Add(name))
    {
        continue;
    }
    if (!messages.TryGetValue(name, out var fields))
    {
        throw new InvalidOperationException($"message {name} is not in the packages read");
    }
    if (unformatted.Contains(name))
    {
        throw new InvalidOperationException($"{name} is reached from a served kind: teach GoJson its JSON form first");
    }
    reachable.Add(name);
    if (fields.FirstOrDefault(f => f.Type.StartsWith("Unsupported:", StringComparison.Ordinal)) is { } unsupported)
    {
        throw new InvalidOperationException($"{name}.{unsupported.Name} is of a type ProtoType does not have: {unsupported.Type}");
    }
    foreach (var f in fields.Where(f => f.Message is not null))
    {
        pending.Enqueue(f.Message!);
    }
}

var output = new StringBuilder();
output.AppendLine($$"""
    // <auto-generated>
    // Generated by tools/protobuf-schema.cs from k8s.io/api and k8s.io/apimachinery {{tag}}: field numbers and types from
    // generated.proto, JSON names, Go field names, pointers, omitempty and inline from the Go struct tags. Do not edit.
    //
    // Copyright The Kubernetes Authors. Licensed under the Apache License, Version 2.0 (the "License"); you may not use
    // this file except in compliance with the License. You may obtain a copy of the License at
    // http://www.apache.org/licenses/LICENSE-2.0. Unless required by applicable law or agreed to in writing, software
    // distributed under the License is distributed on an "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND,
    // either express or implied. See the License for the specific language governing permissions and limitations under
    // the License.
    // </auto-generated>
    namespace MiniApiServer.Api.Codec.Protobuf;

    internal static partial class ProtoSchema
    {
        private static ProtoMessage[] Generated() =>
        [
    """);
foreach (var name in reachable.Order(StringComparer.Ordinal))
{
    output.AppendLine($"        new(\"{name}\",");
    output.AppendLine("        [");
    foreach (var f in messages[name])
    {
        var go = special.Contains(name) ? new GoInfo(f.Name, f.Name, GoFlags: []) : Go(name, f);
        if (f.Map)
        {
            go = go with { GoFlags = [.. go.GoFlags, "Map"] };
        }
        if (f.Repeated)
        {
            go = go with { GoFlags = [.. go.GoFlags, "Repeated"] };
        }
        var flags = go.GoFlags.Count == 0 ? "ProtoFlags.None" : string.Join(" | ", go.GoFlags.Select(g => "ProtoFlags." + g));
        var message = f.Message is null ? "null" : $"\"{f.Message}\"";
        output.AppendLine($"            new({f.Number}, \"{f.Name}\", \"{go.Json}\", \"{go.GoName}\", ProtoType.{f.Type}, {message}, {flags}),");
    }
    output.AppendLine("        ]),");
}
output.AppendLine("""
        ];
    }
    """);
Console.Out.Write(output.ToString().ReplaceLineEndings("\n"));
return 0;

GoInfo Go(string message, ProtoField f)
{
    if (!goFields.TryGetValue((message, f.Number), out var go))
    {
        throw new InvalidOperationException($"{message} field {f.Number} ({f.Name}) has no Go struct field with that protobuf tag");
    }
    return go;
}

void ParseProto(string text, string package)
{
    var field = new Regex(@"^\s*(optional|repeated|required)?\s*(map<\s*(\w+)\s*,\s*([\w.]+)\s*>|[\w.]+)\s+(\w+)\s*=\s*(\d+)\s*;");
    List<ProtoField>? current = null;
    foreach (var raw in text.Split('\n'))
    {
        var line = raw.Trim();
        if (line.StartsWith("//", StringComparison.Ordinal) || line.Length == 0)
        {
            continue;
        }
        if (Regex.Match(line, @"^message (\w+) \{$") is { Success: true } m)
        {
            current = [];
            messages.Add($"{package}.{m.Groups[1].Value}", current);
            continue;
        }
        if (line == "}")
        {
            current = null;
            continue;
        }
        if (current is null || field.Match(line) is not { Success: true } f)
        {
            continue;
        }
        var isMap = f.Groups[3].Success;
        if (isMap && f.Groups[3].Value != "string")
        {
            throw new InvalidOperationException($"map key {f.Groups[3].Value} in {line}");
        }
        var type = isMap ? f.Groups[4].Value : f.Groups[2].Value;
        var (kind, messageName) = scalars.TryGetValue(type, out var s) ? (s, (string?)null)
            : char.IsUpper(type[type.LastIndexOf('.') + 1]) ? ("Message", type.Contains('.') ? type.TrimStart('.') : $"{package}.{type}")
            : ("Unsupported:" + type, null);
        current.Add(new ProtoField(int.Parse(f.Groups[6].Value), f.Groups[5].Value, kind, messageName, f.Groups[1].Value == "repeated", isMap));
    }
}

void ParseGo(string text, string package)
{
    // A struct field with a protobuf tag, on one line: `Name Type \`tags\`` or an embedded `pkg.Type \`tags\``.
    var field = new Regex(@"^\t(?:(\w+)\s+)?(\S+)\s+`([^`]*)`\s*(//.*)?$");
    string? current = null;
    foreach (var line in text.Split('\n'))
    {
        if (Regex.Match(line, @"^type (\w+) struct \{") is { Success: true } m)
        {
            current = $"{package}.{m.Groups[1].Value}";
            continue;
        }
        if (line.StartsWith('}'))
        {
            current = null;
            continue;
        }
        if (current is null || field.Match(line) is not { Success: true } f)
        {
            continue;
        }
        var tags = f.Groups[3].Value;
        if (Regex.Match(tags, @"protobuf:""\w+,(\d+),") is not { Success: true } proto)
        {
            continue;
        }
        var goType = f.Groups[2].Value;
        var embedded = !f.Groups[1].Success;
        var goName = embedded ? goType.TrimStart('*')[(goType.LastIndexOf('.') + 1)..] : f.Groups[1].Value;
        var json = Regex.Match(tags, @"json:""([^""]*)""") is { Success: true } j ? j.Groups[1].Value : goName;
        var parts = json.Split(',');
        var flags = new List<string>();
        if (goType.StartsWith('*'))
        {
            flags.Add("Pointer");
        }
        if (parts.Contains("omitempty"))
        {
            flags.Add("OmitEmpty");
        }
        if (parts.Contains("inline"))
        {
            flags.Add("Inline");
        }
        var jsonName = parts[0] == "-" ? "" : parts[0].Length == 0 && !parts.Contains("inline") ? goName : parts[0];
        goFields[(current, int.Parse(proto.Groups[1].Value))] = new GoInfo(jsonName, goName, flags);
    }
}

static string Git(string repo, params string[] arguments)
{
    var start = new ProcessStartInfo("git") { RedirectStandardOutput = true };
    start.ArgumentList.Add("-C");
    start.ArgumentList.Add(repo);
    foreach (var a in arguments)
    {
        start.ArgumentList.Add(a);
    }
    using var git = Process.Start(start)!;
    var text = git.StandardOutput.ReadToEnd();
    git.WaitForExit();
    return git.ExitCode == 0 ? text : throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed in {repo}");
}

sealed record ProtoField(int Number, string Name, string Type, string? Message, bool Repeated, bool Map);

sealed record GoInfo(string Json, string GoName, List<string> GoFlags);
