"""Asserts the consent-service chart's rendered manifests (called by test-chart.sh).

Args: default.yaml production.yaml signing-key.yaml [no-portal.yaml], each the output of `helm template`.
Prints one PASS/FAIL line per assertion.
"""
import re
import sys

import yaml

SECRET_ENV = {"ConnectionStrings__Consent", "RabbitMq__Uri", "Auth__SigningKey", "Logging__PseudonymKey"}
# Shapes of credentials that must never appear in a rendered object.
LEAKS = re.compile(r"(?i)(password\s*=|pwd\s*=|amqps?://[^\s\"']*@|postgres(ql)?://|BEGIN [A-Z ]*PRIVATE KEY)")


def is_portal(doc):
    return doc.get("metadata", {}).get("labels", {}).get("app.kubernetes.io/component") == "portal"


def load(path):
    """The service's objects by kind (the portal's own Deployment and Service are kept apart)."""
    with open(path) as f:
        text = f.read()
    docs = [d for d in yaml.safe_load_all(text) if d]
    return text, {d["kind"]: d for d in docs if not is_portal(d)}, docs


def portal_of(docs):
    return {d["kind"]: d for d in docs if is_portal(d)}


def portal_checks(label, docs, objs):
    portal = portal_of(docs)
    check(f"{label}: portal Deployment and Service", {"Deployment", "Service"} <= portal.keys(), sorted(portal))
    if not {"Deployment", "Service"} <= portal.keys():
        return
    pod = portal["Deployment"]["spec"]["template"]
    c = pod["spec"]["containers"][0]
    env = {e["name"]: e for e in c.get("env", [])}
    check(f"{label}: portal container port 8080", [p["containerPort"] for p in c["ports"]] == [8080])
    check(f"{label}: portal demo sign-in off", env.get("Portal__DevSignIn", {}).get("value") == "false")
    svc = objs["Service"]
    url = f"http://{svc['metadata']['name']}:{svc['spec']['ports'][0]['port']}"
    check(f"{label}: portal calls this release's service", env.get("Portal__ServiceUrl", {}).get("value") == url,
          env.get("Portal__ServiceUrl"))
    check(f"{label}: portal OIDC authority https", env.get("Portal__Oidc__Authority", {}).get("value", "").startswith("https://"))
    check(f"{label}: portal liveness GET /health/live", c["livenessProbe"]["httpGet"]["path"] == "/health/live")
    sc = c["securityContext"]
    check(f"{label}: portal non-root, read-only root fs, drop ALL", sc["runAsNonRoot"] is True and sc["readOnlyRootFilesystem"] is True
          and sc["capabilities"]["drop"] == ["ALL"] and pod["spec"]["automountServiceAccountToken"] is False)
    labels = pod["metadata"]["labels"]
    check(f"{label}: portal Service selects the portal pods",
          all(labels.get(k) == v for k, v in portal["Service"]["spec"]["selector"].items()))
    check(f"{label}: the service's Service does not select portal pods",
          not all(labels.get(k) == v for k, v in svc["spec"]["selector"].items()))
    check(f"{label}: the service's PDB does not count portal pods",
          not all(labels.get(k) == v for k, v in objs["PodDisruptionBudget"]["spec"]["selector"]["matchLabels"].items()))
    env_names = set(env)
    check(f"{label}: portal trusts the ingress's forwarded scheme", env.get("ASPNETCORE_FORWARDEDHEADERS_ENABLED", {}).get("value") == "true",
          sorted(env_names))
    np = portal.get("NetworkPolicy", {}).get("spec", {})
    egress = {p["port"] for r in np.get("egress", []) for p in r["ports"]}
    check(f"{label}: portal NetworkPolicy ingress 8080, egress DNS, service 8080, https",
          [p["port"] for r in np.get("ingress", []) for p in r["ports"]] == [8080] and {53, 8080, 443} == egress, np)
    peers = [p for r in objs["NetworkPolicy"]["spec"]["ingress"] for p in r.get("from", [])]
    check(f"{label}: the service's NetworkPolicy admits the portal", not peers or any(
        all(labels.get(k) == v for k, v in p.get("podSelector", {}).get("matchLabels", {}).items())
        and "namespaceSelector" not in p and p.get("podSelector", {}).get("matchLabels") for p in peers))


def check(name, condition, detail=""):
    print(("PASS " if condition else "FAIL ") + name + ("" if condition else f"  [{detail}]"))


def container(objs):
    return objs["Deployment"]["spec"]["template"]["spec"]["containers"][0]


def env_of(objs):
    return {e["name"]: e for e in container(objs).get("env", [])}


def common(label, text, objs, docs):
    kinds = {"Deployment", "Service", "ConfigMap", "ServiceAccount", "PodDisruptionBudget", "NetworkPolicy"}
    check(f"{label}: kinds present", kinds <= objs.keys(), sorted(objs))
    check(f"{label}: no Secret object rendered", "Secret" not in objs)
    c, pod = container(objs), objs["Deployment"]["spec"]["template"]["spec"]
    check(f"{label}: liveness GET /health/live", c["livenessProbe"]["httpGet"]["path"] == "/health/live")
    check(f"{label}: readiness GET /health/ready", c["readinessProbe"]["httpGet"]["path"] == "/health/ready")
    check(f"{label}: startup probe present", c["startupProbe"]["httpGet"]["path"] == "/health/live")
    check(f"{label}: container ports 8080 (API) and 9464 (metrics)", [p["containerPort"] for p in c["ports"]] == [8080, 9464])
    sc = c["securityContext"]
    check(f"{label}: runAsNonRoot as 10001", sc["runAsNonRoot"] is True and sc["runAsUser"] == 10001
          and pod["securityContext"]["runAsNonRoot"] is True)
    check(f"{label}: readOnlyRootFilesystem", sc["readOnlyRootFilesystem"] is True)
    check(f"{label}: no privilege escalation, drop ALL", sc["allowPrivilegeEscalation"] is False
          and sc["capabilities"]["drop"] == ["ALL"])
    check(f"{label}: seccomp RuntimeDefault", sc["seccompProfile"]["type"] == "RuntimeDefault")
    mounts = {m["mountPath"]: m["name"] for m in c["volumeMounts"]}
    vols = {v["name"]: v for v in pod["volumes"]}
    check(f"{label}: emptyDir on /tmp", "emptyDir" in vols.get(mounts.get("/tmp"), {}))
    check(f"{label}: resources requests and limits", {"requests", "limits"} <= c["resources"].keys())
    check(f"{label}: spread or anti-affinity", bool(pod.get("topologySpreadConstraints"))
          or "podAntiAffinity" in pod.get("affinity", {}))
    check(f"{label}: config checksum annotation",
          re.fullmatch(r"[0-9a-f]{64}", objs["Deployment"]["spec"]["template"]["metadata"]["annotations"].get("checksum/config", "")))
    check(f"{label}: service token not mounted", objs["ServiceAccount"]["automountServiceAccountToken"] is False
          and pod["automountServiceAccountToken"] is False)
    svc = objs["Service"]["spec"]
    check(f"{label}: Service ClusterIP 80 -> http", svc["type"] == "ClusterIP"
          and svc["ports"][0]["port"] == 80 and svc["ports"][0]["targetPort"] == "http")
    env, cm = env_of(objs), objs["ConfigMap"]["data"]
    check(f"{label}: Auth__DevTokens is \"false\"", env["Auth__DevTokens"].get("value") == "false"
          and cm.get("Auth__DevTokens", "false") == "false")
    check(f"{label}: ASPNETCORE_HTTP_PORTS=8080;9464", env["ASPNETCORE_HTTP_PORTS"].get("value") == "8080;9464")
    check(f"{label}: /metrics answers on its own port only", env["Telemetry__MetricsPort"].get("value") == "9464")
    for name in ("ConnectionStrings__Consent", "RabbitMq__Uri", "Logging__PseudonymKey"):
        check(f"{label}: {name} from secretKeyRef", "secretKeyRef" in env.get(name, {}).get("valueFrom", {}))
    literal = [n for n, e in env.items() if n in SECRET_ENV and "value" in e] + [k for k in cm if k in SECRET_ENV]
    check(f"{label}: no secret given as a literal value", not literal, literal)
    check(f"{label}: no credential-shaped text rendered", not LEAKS.search(text), LEAKS.findall(text))
    for key in ("Auth__Audience", "OTEL_SERVICE_NAME", "Logging__LogLevel__Default"):
        check(f"{label}: ConfigMap sets {key}", bool(cm.get(key)))
    envfrom = [e["configMapRef"]["name"] for e in c.get("envFrom", []) if "configMapRef" in e]
    check(f"{label}: container reads the ConfigMap", envfrom == [objs["ConfigMap"]["metadata"]["name"]])
    np = objs["NetworkPolicy"]["spec"]
    ingress_ports = [p["port"] for r in np["ingress"] for p in r["ports"]]
    egress_ports = {p["port"] for r in np["egress"] for p in r["ports"]}
    check(f"{label}: NetworkPolicy ingress only 8080 and the metrics port, each from named peers",
          ingress_ports == [8080, 9464] and all(r.get("from") for r in np["ingress"]))
    check(f"{label}: NetworkPolicy egress DNS, 5432, 5671/5672", {53, 5432, 5671} <= egress_ports, sorted(egress_ports))
    check(f"{label}: PodDisruptionBudget policy/v1", objs["PodDisruptionBudget"]["apiVersion"] == "policy/v1")
    check(f"{label}: selectors match pod labels", all(
        objs["Deployment"]["spec"]["template"]["metadata"]["labels"].get(k) == v
        for k, v in objs["Service"]["spec"]["selector"].items()))


def main(default_path, prod_path, signing_path, no_portal_path=None):
    text, objs, docs = load(default_path)
    common("default", text, objs, docs)
    portal_checks("default", docs, objs)
    check("default: no HPA, fixed replicas", "HorizontalPodAutoscaler" not in objs
          and objs["Deployment"]["spec"]["replicas"] >= 2)
    check("default: no OTLP endpoint unless configured", "OTEL_EXPORTER_OTLP_ENDPOINT" not in objs["ConfigMap"]["data"])

    text, objs, docs = load(prod_path)
    common("production", text, objs, docs)
    portal_checks("production", docs, objs)
    hpa = objs.get("HorizontalPodAutoscaler", {})
    check("production: HPA autoscaling/v2 on CPU", hpa.get("apiVersion") == "autoscaling/v2"
          and hpa["spec"]["metrics"][0]["resource"]["name"] == "cpu")
    check("production: HPA 3..12 replicas", hpa["spec"]["minReplicas"] == 3 and hpa["spec"]["maxReplicas"] == 12)
    check("production: Deployment leaves replicas to the HPA", "replicas" not in objs["Deployment"]["spec"])
    check("production: PDB minAvailable 2", objs["PodDisruptionBudget"]["spec"].get("minAvailable") == 2)
    check("production: real image tag", container(objs)["image"].endswith(":1.4.2"))
    cm = objs["ConfigMap"]["data"]
    check("production: OTLP endpoint set", cm.get("OTEL_EXPORTER_OTLP_ENDPOINT", "").startswith("http"))
    check("production: authority and issuer set", cm.get("Auth__Authority", "").startswith("https://")
          and cm.get("Auth__Issuer") == cm.get("Auth__Authority"))
    check("production: extraEnv reaches the ConfigMap", cm.get("Cache__MaxPatients") == "2000000")
    rules = objs["NetworkPolicy"]["spec"]
    check("production: NetworkPolicy peers from values",
          any("namespaceSelector" in p for r in rules["ingress"] for p in r["from"])
          and any("ipBlock" in p for r in rules["egress"] for p in r.get("to", [])))

    text, objs, docs = load(signing_path)
    env = env_of(objs)
    check("signing key: Auth__SigningKey from secretKeyRef",
          env.get("Auth__SigningKey", {}).get("valueFrom", {}).get("secretKeyRef", {}).get("name") == "consent-jwt")
    check("signing key: no authority in ConfigMap", "Auth__Authority" not in objs["ConfigMap"]["data"])
    check("signing key: no literal secret", not LEAKS.search(text))


    if no_portal_path:
        text, objs, docs = load(no_portal_path)
        common("portal.enabled=false", text, objs, docs)
        check("portal.enabled=false: no portal objects", not portal_of(docs), sorted(portal_of(docs)))


if __name__ == "__main__":
    main(*sys.argv[1:5])
