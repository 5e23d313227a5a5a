#!/usr/bin/env python3
"""How legacy-datadir-v1 was written (see README.md); kept as the record of the writes, not to be re-run on newer code.

Usage: generate.py write BASE_URL STATE.json
           the writes, against a server on an empty data directory; records the resourceVersions they got
       generate.py capture BASE_URL STATE.json OUT.json
           reads the expected answers from a server reopened on a copy of that directory
"""
import http.client, json, sys, urllib.parse

def request(base, method, path, body=None, content_type="application/json"):
    u = urllib.parse.urlparse(base)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    headers = {}
    data = None
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body, separators=(",", ":")).encode()
        headers["Content-Type"] = content_type
    conn.request(method, path, body=data, headers=headers)
    resp = conn.getresponse()
    raw = resp.read()
    conn.close()
    return resp.status, raw

LEG = "/api/v1/namespaces/legacy"

def svc(name, spec, labels=None):
    return {"apiVersion": "v1", "kind": "Service",
            "metadata": {"name": name, **({"labels": labels} if labels else {})}, "spec": spec}

def pod(name, labels, node=None, image="nginx:1.27"):
    spec = {"containers": [{"name": "main", "image": image, "ports": [{"containerPort": 8080}]}]}
    if node:
        spec["nodeName"] = node
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "labels": labels}, "spec": spec}

def eps(name, ips, port, port_name=None):
    p = {"port": port, "protocol": "TCP"}
    if port_name:
        p["name"] = port_name
    return {"apiVersion": "v1", "kind": "Endpoints", "metadata": {"name": name},
            "subsets": [{"addresses": [{"ip": ip} for ip in ips], "ports": [p]}]}

def write(base, state_path):
    log = []
    def do(label, method, path, body=None, ct="application/json", expect=(200, 201)):
        status, raw = request(base, method, path, body, ct)
        if status not in expect:
            sys.exit(f"{label}: {method} {path} -> {status} {raw[:400]!r}")
        obj = json.loads(raw)
        rv = obj.get("metadata", {}).get("resourceVersion")
        log.append({"step": label, "method": method, "path": path, "status": status, "resourceVersion": rv})
        print(f"{len(log):3} {status} rv={rv:>4} {label}")
        return obj

    mp = "application/merge-patch+json"
    jp = "application/json-patch+json"
    do("namespace legacy", "POST", "/api/v1/namespaces", {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "legacy", "labels": {"team": "platform"}}})
    do("svc web (ClusterIP, selector)", "POST", f"{LEG}/services",
       svc("web", {"selector": {"app": "web"}, "ports": [{"name": "http", "port": 80, "targetPort": 8080}]}, {"app": "web", "tier": "frontend"}))
    do("svc db-external (ClusterIP, no selector)", "POST", f"{LEG}/services",
       svc("db-external", {"ports": [{"name": "pg", "port": 5432, "targetPort": 5432}]}, {"app": "db"}))
    do("endpoints db-external (manual)", "POST", f"{LEG}/endpoints", eps("db-external", ["192.0.2.10"], 5432, "pg"))
    do("svc web-nodeport (NodePort, fixed nodePort)", "POST", f"{LEG}/services",
       svc("web-nodeport", {"type": "NodePort", "selector": {"app": "web"}, "ports": [{"name": "http", "port": 80, "targetPort": 8080, "nodePort": 30080}]}, {"app": "web", "tier": "frontend"}))
    do("svc db (headless)", "POST", f"{LEG}/services",
       svc("db", {"clusterIP": "None", "selector": {"app": "db"}, "ports": [{"name": "pg", "port": 5432}]}, {"app": "db"}))
    do("svc scratch (ClusterIP, later deleted)", "POST", f"{LEG}/services",
       svc("scratch", {"selector": {"app": "scratch"}, "ports": [{"port": 9000, "protocol": "UDP"}]}, {"app": "scratch"}))
    do("endpoints scratch", "POST", f"{LEG}/endpoints", eps("scratch", ["10.244.1.9"], 9000))
    do("pod web-1", "POST", f"{LEG}/pods", pod("web-1", {"app": "web", "tier": "frontend"}, "node-a"))
    do("pod web-2", "POST", f"{LEG}/pods", pod("web-2", {"app": "web", "tier": "frontend"}, "node-b"))
    do("pod db-0", "POST", f"{LEG}/pods", pod("db-0", {"app": "db"}, "node-a", "postgres:16"))
    do("pod batch-job (unscheduled, later deleted)", "POST", f"{LEG}/pods", pod("batch-job", {"app": "batch"}, None, "busybox:1.36"))
    do("svc default/echo (NodePort, auto nodePort)", "POST", "/api/v1/namespaces/default/services",
       svc("echo", {"type": "NodePort", "selector": {"app": "echo"}, "ports": [{"port": 8080}]}))
    do("pod default/echo-0", "POST", "/api/v1/namespaces/default/pods", pod("echo-0", {"app": "echo"}))
    mid = int(log[-1]["resourceVersion"])
    # From here on: updates, label changes and deletions; the watches replay from `mid`.
    do("pod web-1 status Running", "PATCH", f"{LEG}/pods/web-1/status",
       {"status": {"phase": "Running", "podIP": "10.244.0.11", "podIPs": [{"ip": "10.244.0.11"}], "hostIP": "192.168.0.1",
                   "conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": "2025-01-01T00:00:00Z"}]}}, mp)
    do("pod web-2 status Running", "PATCH", f"{LEG}/pods/web-2/status",
       {"status": {"phase": "Running", "podIP": "10.244.0.12", "podIPs": [{"ip": "10.244.0.12"}], "hostIP": "192.168.0.2"}}, mp)
    do("pod db-0 status Running", "PATCH", f"{LEG}/pods/db-0/status",
       {"status": {"phase": "Running", "podIP": "10.244.0.20", "podIPs": [{"ip": "10.244.0.20"}], "hostIP": "192.168.0.1"}}, mp)
    do("endpoints web", "POST", f"{LEG}/endpoints", eps("web", ["10.244.0.11", "10.244.0.12"], 8080, "http"))
    do("endpoints db", "POST", f"{LEG}/endpoints", eps("db", ["10.244.0.20"], 5432, "pg"))
    do("svc web annotate (merge patch)", "PATCH", f"{LEG}/services/web",
       {"metadata": {"annotations": {"example.com/owner": "team-a"}}}, mp)
    cur = do("get svc db-external", "GET", f"{LEG}/services/db-external")
    cur["spec"]["ports"].append({"name": "metrics", "port": 9187, "targetPort": 9187, "protocol": "TCP"})
    do("svc db-external add port (PUT with resourceVersion)", "PUT", f"{LEG}/services/db-external", cur)
    cur = do("get endpoints db-external", "GET", f"{LEG}/endpoints/db-external")
    cur["subsets"][0]["addresses"].append({"ip": "192.0.2.11"})
    do("endpoints db-external add address (PUT)", "PUT", f"{LEG}/endpoints/db-external", cur)
    do("svc web-nodeport relabel tier frontend->edge (merge patch)", "PATCH", f"{LEG}/services/web-nodeport",
       {"metadata": {"labels": {"tier": "edge"}}}, mp)
    do("pod web-2 relabel: drop tier, add version=v2 (merge patch)", "PATCH", f"{LEG}/pods/web-2",
       {"metadata": {"labels": {"tier": None, "version": "v2"}}}, mp)
    do("pod web-1 add label version=v1 (json patch)", "PATCH", f"{LEG}/pods/web-1",
       [{"op": "add", "path": "/metadata/labels/version", "value": "v1"}], jp)
    do("svc db sessionAffinity ClientIP (merge patch)", "PATCH", f"{LEG}/services/db",
       {"spec": {"sessionAffinity": "ClientIP"}}, mp)
    do("delete svc scratch (its endpoints go too)", "DELETE", f"{LEG}/services/scratch")
    do("delete pod batch-job gracePeriodSeconds=0", "DELETE", f"{LEG}/pods/batch-job?gracePeriodSeconds=0")
    cur = do("get endpoints web", "GET", f"{LEG}/endpoints/web")
    cur["subsets"][0]["notReadyAddresses"] = [{"ip": "10.244.0.13"}]
    do("endpoints web notReady address (PUT)", "PUT", f"{LEG}/endpoints/web", cur)
    do("namespace legacy annotate (merge patch)", "PATCH", "/api/v1/namespaces/legacy",
       {"metadata": {"annotations": {"example.com/purpose": "legacy-datadir fixture"}}}, mp)
    do("pod db-0 relabel app db->db-retired (merge patch)", "PATCH", f"{LEG}/pods/db-0",
       {"metadata": {"labels": {"app": "db-retired"}}}, mp)
    do("svc default/echo external traffic policy (merge patch)", "PATCH", "/api/v1/namespaces/default/services/echo",
       {"spec": {"externalTrafficPolicy": "Local"}}, mp)
    status, raw = request(base, "GET", "/api/v1/services")
    final = int(json.loads(raw)["metadata"]["resourceVersion"])
    with open(state_path, "w") as f:
        json.dump({"watchFrom": mid, "finalRevision": final, "writes": log}, f, indent=1)
    print(f"watch from {mid}, final list RV {final}")

def capture(base, state_path, out_path):
    state = json.load(open(state_path))
    mid = state["watchFrom"]
    lists = ["/api/v1/namespaces", "/api/v1/services", "/api/v1/pods", "/api/v1/endpoints",
             "/api/v1/namespaces/legacy/services", "/api/v1/namespaces/legacy/pods", "/api/v1/namespaces/legacy/endpoints"]
    expected = {"lists": [], "objects": [], "absent": [], "watches": []}
    paths = []
    for lp in lists:
        status, raw = request(base, "GET", lp)
        assert status == 200, (lp, status)
        body = json.loads(raw)
        expected["lists"].append({"path": lp, "resourceVersion": body["metadata"]["resourceVersion"],
                                  "items": [f'{i["metadata"].get("namespace", "")}/{i["metadata"]["name"]}@{i["metadata"]["resourceVersion"]}' for i in body["items"]]})
        if lp.count("/") == 3:  # cluster-wide lists name every object once
            res = lp.rsplit("/", 1)[1]
            for i in body["items"]:
                m = i["metadata"]
                paths.append(f"/api/v1/namespaces/{m['namespace']}/{res}/{m['name']}" if "namespace" in m else f"/api/v1/{res}/{m['name']}")
    for p in sorted(paths):
        status, raw = request(base, "GET", p)
        assert status == 200, (p, status)
        expected["objects"].append({"path": p, "body": raw.decode("utf-8")})
    for p in [f"{LEG}/services/scratch", f"{LEG}/endpoints/scratch", f"{LEG}/pods/batch-job"]:
        status, _ = request(base, "GET", p)
        assert status == 404, (p, status)
        expected["absent"].append(p)
    for wp in [f"{LEG}/services", f"{LEG}/pods", f"{LEG}/endpoints", f"{LEG}/pods?labelSelector=app%3Ddb", "/api/v1/namespaces"]:
        sep = "&" if "?" in wp else "?"
        full = f"{wp}{sep}watch=true&resourceVersion={mid}&timeoutSeconds=1"
        status, raw = request(base, "GET", full)
        assert status == 200, (full, status)
        text = raw.decode("utf-8")
        assert text.endswith("\n")
        expected["watches"].append({"path": full, "lines": text[:-1].split("\n")})
    expected = {"writtenBy": "b670891", "watchFrom": str(mid), "highestResourceVersion": str(state["finalRevision"]), **expected}
    with open(out_path, "w") as f:
        json.dump(expected, f, indent=2, ensure_ascii=False)
        f.write("\n")

if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(sys.argv[2], sys.argv[3])
    else:
        capture(sys.argv[2], sys.argv[3], sys.argv[4])
