#!/usr/bin/env python3
"""Generates src/MiniApiServer/Machinery/Schema/UpstreamModels.g.cs from upstream's Go types.

For every struct of the packages below that KubernetesClient has a k8s.Models class for, it records what
kube-apiserver's OpenAPI says of the type (openapi-gen reads the same markers, k8s.io/kube-openapi/cmd/openapi-gen):

- the OpenAPI model name (zz_generated.model_name.go: io.k8s.api.core.v1.ServiceSpec) of the k8s.Models class
  (KubernetesClient names a class after the last two parts of that name, or the last three where two would clash:
  V1ServiceSpec, Corev1EndpointPort vs Discoveryv1EndpointPort);
- the required fields (json tag without omitempty and no +optional, or +required);
- the enum values of fields whose Go type is marked +enum (its constants, sorted, as openapi-gen's enum support);
- for EVERY list and map field (embedded ",inline" structs flattened, as JSON sees them): the list type and map keys
  (+listType, +listMapKey), the patch strategy and merge key (the patchStrategy/patchMergeKey struct tags, which
  strategic merge patch reads), and the map type (+mapType). Where upstream has no marker the decision is written out
  as structured-merge-diff takes it (k8s.io/kube-openapi/pkg/schemaconv): a list with patchStrategy merge is a map
  keyed by its merge key (a set without one), any other list is atomic, and a map is granular;
- +structType=atomic on types.

Usage (defaults are the mirrors of this workplace and the restored KubernetesClient package):
  python3 tools/generate-model-schema.py [--api REPO] [--apimachinery REPO] [--api-rev REV] [--apimachinery-rev REV]
                                        [--models-xml PATH]
The revisions are as new as the models of KubernetesClient 21 (1.37 fields), so every field of the models is covered.
"""

import argparse
import os
import re
import subprocess
import sys

PACKAGES = [
    # (repository key, directory, Go import path, OpenAPI name prefix)
    ("api", "core/v1", "k8s.io/api/core/v1", "io.k8s.api.core.v1."),
    ("api", "coordination/v1", "k8s.io/api/coordination/v1", "io.k8s.api.coordination.v1."),
    ("api", "discovery/v1", "k8s.io/api/discovery/v1", "io.k8s.api.discovery.v1."),
    ("api", "events/v1", "k8s.io/api/events/v1", "io.k8s.api.events.v1."),
    ("api", "networking/v1", "k8s.io/api/networking/v1", "io.k8s.api.networking.v1."),
    ("apimachinery", "pkg/apis/meta/v1", "k8s.io/apimachinery/pkg/apis/meta/v1", "io.k8s.apimachinery.pkg.apis.meta.v1."),
]

OUTPUT = "src/MiniApiServer/Machinery/Schema/UpstreamModels.g.cs"

FIELD = re.compile(r"^\s*(?:(\w+)\s+)?([\w.\[\]*{}]+)\s+`([^`]*)`\s*(?://.*)?$")
TYPE_DECL = re.compile(r'^type\s+(\w+)\s+(.+?)\s*$')
CONST = re.compile(r'^\s*(\w+)\s+(\w+)\s*=\s*"([^"]*)"')
IMPORT = re.compile(r'^\s*(?:(\w+)\s+)?"([^"]+)"')


def git_show(repo, rev, path):
    return subprocess.run(["git", "-C", repo, "show", f"{rev}:{path}"], check=True, capture_output=True, text=True).stdout


def git_ls(repo, rev, directory):
    out = subprocess.run(["git", "-C", repo, "ls-tree", "--name-only", rev, directory + "/"], check=True,
                         capture_output=True, text=True).stdout
    return [p for p in out.split() if p.endswith(".go") and not p.endswith("_test.go")
            and "/zz_generated" not in p and not p.endswith("generated.pb.go")]


def tag(tags, key):
    m = re.search(key + r':"([^"]*)"', tags)
    return m.group(1) if m else None


def markers(comments, name):
    """The values of +name=value markers in a comment block (a list: +listMapKey repeats)."""
    values = []
    for line in comments:
        m = re.match(r'^//\s*\+(?:k8s:)?' + re.escape(name) + r'(?:=(.*))?$', line.strip())
        if m:
            values.append((m.group(1) or "").strip())
    return values


class Package:
    def __init__(self, key, directory, import_path, prefix):
        self.key, self.directory, self.import_path, self.prefix = key, directory, import_path, prefix
        self.structs = {}      # name -> (type comments, [fields])
        self.named = {}        # name -> (underlying Go type, comments)
        self.consts = {}       # type name -> [values]
        self.aliases = {}      # import alias -> import path
        self.model_names = {}  # Go type -> OpenAPI name

    def parse(self, text):
        lines = text.splitlines()
        comments = []
        i = 0
        in_import = in_const = False
        while i < len(lines):
            line = lines[i]
            stripped = line.strip()
            if in_import:
                if stripped == ")":
                    in_import = False
                else:
                    m = IMPORT.match(line)
                    if m:
                        self.aliases[m.group(1) or m.group(2).rsplit("/", 1)[-1]] = m.group(2)
                i += 1
                continue
            if in_const:
                if stripped == ")":
                    in_const = False
                else:
                    m = CONST.match(line)
                    if m:
                        self.consts.setdefault(m.group(2), []).append(m.group(3))
                i += 1
                continue
            if stripped.startswith("import ("):
                in_import = True
            elif stripped.startswith("import "):
                m = IMPORT.match(stripped[len("import "):])
                if m:
                    self.aliases[m.group(1) or m.group(2).rsplit("/", 1)[-1]] = m.group(2)
            elif stripped.startswith("const ("):
                in_const = True
            elif stripped.startswith("//"):
                comments.append(stripped)
                i += 1
                continue
            elif line.startswith("type "):
                m = TYPE_DECL.match(line)
                if m and m.group(2).replace(" ", "") == "struct{}":
                    self.structs[m.group(1)] = (comments, [])
                elif m and m.group(2) == "struct {":
                    fields, i = self.parse_struct(lines, i + 1)
                    self.structs[m.group(1)] = (comments, fields)
                elif m and not m.group(2).startswith(("struct", "interface")):
                    self.named[m.group(1)] = (m.group(2).lstrip("= ").strip(), comments)
            comments = []
            i += 1

    @staticmethod
    def parse_struct(lines, i):
        fields, comments = [], []
        block = False
        while not lines[i].startswith("}"):
            stripped = lines[i].strip()
            if block or stripped.startswith("/*"):
                # A block comment (commented-out fields) is no field's doc.
                block = not stripped.endswith("*/")
            elif stripped.startswith("//"):
                comments.append(stripped)
            elif not stripped:
                comments = []
            else:
                m = FIELD.match(lines[i])
                if not m and "`" not in stripped:
                    # No tags: an unexported field, not part of the wire type.
                    comments = []
                    i += 1
                    continue
                if not m:
                    sys.exit(f"cannot read struct field: {lines[i]!r}")
                fields.append({"go": m.group(1), "type": m.group(2), "tags": m.group(3), "comments": comments})
                comments = []
            i += 1
        return fields, i


class Generator:
    def __init__(self, packages, class_names):
        self.packages = {p.import_path: p for p in packages}
        self.class_names = class_names

    def resolve(self, pkg, type_name):
        """(package, local name) of a Go type name as written in pkg, or (None, name) when outside our packages."""
        if "." in type_name:
            alias, local = type_name.split(".", 1)
            return self.packages.get(pkg.aliases.get(alias, "")), local
        return pkg, type_name

    def shape(self, pkg, go_type):
        """('list', element) | ('map', value) | ('other', type), through named slice and map types."""
        t = go_type.lstrip("*")
        if t == "[]byte":
            return "other", t, None
        if t.startswith("[]"):
            return "list", t[2:].lstrip("*"), None
        if t.startswith("map["):
            return "map", t[t.index("]") + 1:], None
        owner, local = self.resolve(pkg, t)
        if owner and local in owner.named:
            underlying, comments = owner.named[local]
            kind, element, _ = self.shape(owner, underlying)
            if kind != "other":
                return kind, element, comments
        return "other", t, None

    def enum_values(self, pkg, go_type):
        owner, local = self.resolve(pkg, go_type.lstrip("*[]"))
        if owner and local in owner.named and markers(owner.named[local][1], "enum"):
            return sorted(set(owner.consts.get(local, [])))
        return None

    def fields(self, pkg, struct):
        """The JSON fields of a struct, embedded inline structs flattened: (json name, field, package)."""
        for field in pkg.structs[struct][1]:
            json = tag(field["tags"], "json")
            if json is None or json == "-":
                continue
            name = json.split(",")[0]
            if name == "" and (field["go"] is None or ",inline" in json):
                # An embedded struct without a JSON name has its fields promoted (encoding/json), like ",inline".
                owner, local = self.resolve(pkg, field["type"].lstrip("*"))
                if owner and local in owner.structs:
                    yield from self.fields(owner, local)
                continue
            yield name, field, pkg

    def semantics(self, pkg, field):
        kind, _, type_comments = self.shape(pkg, field["type"])
        comments = field["comments"] + (type_comments or [])
        strategy = tag(field["tags"], "patchStrategy") or ""
        merge_key = tag(field["tags"], "patchMergeKey")
        for value, name in ((strategy, "patchStrategy"), (merge_key, "patchMergeKey")):
            marked = markers(field["comments"], name)
            if marked and marked[0] != (value or ""):
                sys.exit(f"{field['go']}: +{name}={marked[0]} disagrees with its struct tag {value!r}")
        list_type = (markers(comments, "listType") or [None])[0]
        map_keys = markers(comments, "listMapKey")
        map_type = (markers(comments, "mapType") or [None])[0]
        if kind == "list":
            marked = list_type is not None
            if not marked:
                if "merge" in strategy.split(","):
                    list_type, map_keys = ("map", [merge_key]) if merge_key else ("set", [])
                else:
                    list_type = "atomic"
            return {"list": list_type, "keys": map_keys, "strategy": strategy, "mergeKey": merge_key, "marked": marked}
        if kind == "map":
            return {"map": map_type or "granular", "strategy": strategy, "mergeKey": merge_key, "marked": map_type is not None}
        if strategy:
            return {"strategy": strategy, "mergeKey": merge_key, "marked": True}
        return None

    def types(self):
        for pkg in self.packages.values():
            for struct in sorted(pkg.structs):
                openapi = pkg.model_names.get(struct)
                if openapi is None:
                    continue
                parts = openapi.split(".")
                candidates = [pascal(parts[-2]) + parts[-1], pascal(parts[-3]) + parts[-2] + parts[-1]]
                csharp = next((c for c in candidates if c in self.class_names), None)
                if csharp is None:
                    continue
                required, enums, semantics = [], {}, {}
                for name, field, owner in self.fields(pkg, struct):
                    json = tag(field["tags"], "json")
                    optional = "omitempty" in json or "omitzero" in json or markers(field["comments"], "optional")
                    if not optional or markers(field["comments"], "required"):
                        required.append(name)
                    values = self.enum_values(owner, field["type"])
                    if values:
                        enums[name] = values
                    s = self.semantics(owner, field)
                    if s:
                        semantics[name] = s
                atomic = "atomic" in markers(pkg.structs[struct][0], "structType")
                yield csharp, openapi, required, enums, semantics, atomic


def pascal(part):
    return part[:1].upper() + part[1:]


def cs_list(values):
    return "[" + ", ".join(f'"{v}"' for v in values) + "]"


def render(types, rev):
    out = [
        "// <auto-generated>",
        f"// Generated by tools/generate-model-schema.py from {rev}; do not edit.",
        "// </auto-generated>",
        "using k8s.Models;",
        "",
        "namespace MiniApiServer.Machinery.Schema;",
        "",
        "internal static partial class UpstreamModels",
        "{",
        "    private static readonly Dictionary<Type, ModelInfo> Generated = new()",
        "    {",
    ]
    for csharp, openapi, required, enums, semantics, atomic in types:
        if not (atomic or required or enums or semantics):
            out.append(f"        [typeof({csharp})] = new(\"{openapi}\"),")
            continue
        out.append(f"        [typeof({csharp})] = new(\"{openapi}\")")
        out.append("        {")
        if atomic:
            out.append("            StructAtomic = true,")
        if required:
            out.append(f"            Required = {cs_list(required)},")
        if enums:
            out.append("            Enums = new Dictionary<string, IReadOnlyList<string>>")
            out.append("            {")
            for name, values in enums.items():
                out.append(f"                [\"{name}\"] = {cs_list(values)},")
            out.append("            },")
        if semantics:
            out.append("            Fields = new Dictionary<string, FieldSemantics>")
            out.append("            {")
            for name, s in semantics.items():
                out.append(f"                [\"{name}\"] = {render_semantics(s)},")
            out.append("            },")
        out.append("        },")
    out += ["    };", "}", ""]
    return "\n".join(out)


def render_semantics(s):
    parts = []
    if "list" in s:
        parts.append(f"ListType = ListType.{pascal(s['list'])}")
        if s["keys"]:
            parts.append(f"ListMapKeys = {cs_list(s['keys'])}")
    if "map" in s:
        parts.append(f"MapType = MapType.{pascal(s['map'])}")
    if s["strategy"]:
        strategies = " | ".join("PatchStrategy." + pascal(x) for x in s["strategy"].split(","))
        parts.append(f"PatchStrategy = {strategies}")
    if s["mergeKey"]:
        parts.append(f"PatchMergeKey = \"{s['mergeKey']}\"")
    parts.append("Decision = Decision." + ("Marked" if s["marked"] else "Default"))
    return "new() { " + ", ".join(parts) + " }"


def main():
    home = os.path.expanduser("~")
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--api", default="/work/.mirror/kubernetes+api/repo")
    parser.add_argument("--apimachinery", default="/work/.mirror/kubernetes+apimachinery/repo")
    # KubernetesClient 21's models have fields newer than any k8s.io/api tag here (pod eviction responders): a commit.
    parser.add_argument("--api-rev", default="10b39a39bcee995dfe7cd5e8e7b922be5e46f1e2")
    parser.add_argument("--apimachinery-rev", default="v0.37.0-beta.0")
    parser.add_argument("--models-xml", default=f"{home}/.nuget/packages/kubernetesclient/21.0.8/lib/net10.0/KubernetesClient.xml")
    args = parser.parse_args()
    repos = {"api": args.api, "apimachinery": args.apimachinery}
    revs = {"api": args.api_rev, "apimachinery": args.apimachinery_rev}

    with open(args.models_xml, encoding="utf-8") as f:
        class_names = set(re.findall(r'name="T:k8s\.Models\.(\w+)"', f.read()))

    packages = []
    for key, directory, import_path, prefix in PACKAGES:
        pkg = Package(key, directory, import_path, prefix)
        for path in git_ls(repos[key], revs[key], directory):
            pkg.parse(git_show(repos[key], revs[key], path))
        names = git_show(repos[key], revs[key], directory + "/zz_generated.model_name.go")
        pkg.model_names = dict(re.findall(r'func \(in (\w+)\) OpenAPIModelName\(\) string \{\s*return "([^"]+)"', names))
        packages.append(pkg)

    root = subprocess.run(["git", "rev-parse", "--show-toplevel"], check=True, capture_output=True, text=True,
                          cwd=os.path.dirname(os.path.abspath(__file__))).stdout.strip()
    with open(os.path.join(root, OUTPUT), "w", encoding="utf-8") as f:
        f.write(render(list(Generator(packages, class_names).types()), f"k8s.io/api {args.api_rev}, k8s.io/apimachinery {args.apimachinery_rev}"))


if __name__ == "__main__":
    main()
