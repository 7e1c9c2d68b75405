"""railguard's own Deployment and its companions: hardened, spread, wired to each other, and
configured with the same policy library as the repository."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from webhook.config import Settings, env_variable, load_cluster_config
from webhook.manifests import configmap_key, library_files
from webhook.policies import load_policies

from deploy_support import MANIFESTS, REPO, Docs, one, pod_spec

POD_LABELS = {"app.kubernetes.io/name": "railguard", "app.kubernetes.io/component": "webhook"}


@pytest.fixture(scope="module")
def docs(built: Callable[[str], Docs]) -> Docs:
    return built("manifests")


@pytest.fixture(scope="module")
def container(docs: Docs) -> dict[str, Any]:
    containers = pod_spec(docs)["containers"]
    assert len(containers) == 1
    found: dict[str, Any] = containers[0]
    return found


def test_namespace_and_service_account(docs: Docs) -> None:
    assert one(docs, "Namespace", "railguard-system")
    assert one(docs, "ServiceAccount", "railguard")["automountServiceAccountToken"] is False
    bound = [s["name"] for d in docs if d["kind"] in ("RoleBinding", "ClusterRoleBinding") for s in d["subjects"]]
    assert "railguard" not in bound, "the webhook needs no API access (only the certificate bootstrap Job has some)"
    spec = pod_spec(docs)
    assert spec["serviceAccountName"] == "railguard" and spec["automountServiceAccountToken"] is False
    assert all(d["metadata"].get("namespace") in (None, "railguard-system") for d in docs)


def test_pod_and_container_are_hardened(docs: Docs, container: dict[str, Any]) -> None:
    spec = pod_spec(docs)
    pod_sc, sc = spec["securityContext"], container["securityContext"]
    assert pod_sc["runAsNonRoot"] is True and pod_sc["runAsUser"] > 0 and pod_sc["seccompProfile"]["type"] == "RuntimeDefault"
    assert sc["runAsNonRoot"] is True and sc["runAsUser"] > 0
    assert sc["readOnlyRootFilesystem"] is True
    assert sc["allowPrivilegeEscalation"] is False
    assert sc["capabilities"] == {"drop": ["ALL"]}
    assert sc["seccompProfile"]["type"] == "RuntimeDefault"
    assert not any(spec.get(k) for k in ("hostNetwork", "hostPID", "hostIPC"))
    tmp = next(m for m in container["volumeMounts"] if m["mountPath"] == "/tmp")
    assert "emptyDir" in next(v for v in spec["volumes"] if v["name"] == tmp["name"])
    assert all(m.get("readOnly") for m in container["volumeMounts"] if m["mountPath"] != "/tmp")


def test_guaranteed_resources_and_https_probes(container: dict[str, Any]) -> None:
    resources = container["resources"]
    assert resources["requests"] == resources["limits"] and set(resources["limits"]) == {"cpu", "memory"}
    port = container["ports"][0]
    assert (port["name"], port["containerPort"]) == ("https", 8443)
    for probe, path in (("livenessProbe", "/healthz"), ("readinessProbe", "/readyz")):
        get = container[probe]["httpGet"]
        assert (get["path"], get["scheme"], get["port"]) == (path, "HTTPS", "https")


def test_replicas_spread_over_zones_and_hosts(docs: Docs) -> None:
    deployment = one(docs, "Deployment", "railguard")
    hpa = one(docs, "HorizontalPodAutoscaler", "railguard")["spec"]
    assert hpa["scaleTargetRef"]["name"] == deployment["metadata"]["name"] and hpa["minReplicas"] >= 3
    # the autoscaler owns the count: a replicas field would be re-applied on every kubectl apply
    assert "replicas" not in deployment["spec"], "leave replicas out of a Deployment an HPA scales"
    assert deployment["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0
    assert deployment["spec"]["selector"]["matchLabels"] == POD_LABELS
    assert deployment["spec"]["template"]["metadata"]["labels"] == POD_LABELS
    spread = {c["topologyKey"]: c for c in pod_spec(docs)["topologySpreadConstraints"]}
    assert set(spread) == {"topology.kubernetes.io/zone", "kubernetes.io/hostname"}
    for constraint in spread.values():
        assert constraint["labelSelector"]["matchLabels"] == POD_LABELS and constraint["maxSkew"] == 1
    assert spread["kubernetes.io/hostname"]["whenUnsatisfiable"] == "DoNotSchedule"


def test_companions_select_the_pods(docs: Docs) -> None:
    assert one(docs, "Service", "railguard")["spec"]["selector"] == POD_LABELS
    assert one(docs, "Service", "railguard")["spec"]["ports"][0]["targetPort"] == "https"
    pdb = one(docs, "PodDisruptionBudget", "railguard")["spec"]
    assert pdb["selector"]["matchLabels"] == POD_LABELS and pdb["maxUnavailable"] == 1
    hpa = one(docs, "HorizontalPodAutoscaler", "railguard")["spec"]
    assert hpa["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": "railguard"}
    assert hpa["minReplicas"] == 3 < hpa["maxReplicas"]


def test_network_policy_opens_only_https_in_and_dns_out(docs: Docs) -> None:
    spec = one(docs, "NetworkPolicy", "railguard")["spec"]
    assert spec["podSelector"]["matchLabels"] == POD_LABELS
    assert sorted(spec["policyTypes"]) == ["Egress", "Ingress"]
    assert [p["port"] for rule in spec["ingress"] for p in rule["ports"]] == [8443]
    assert {(p["port"], p["protocol"]) for rule in spec["egress"] for p in rule["ports"]} == {(53, "UDP"), (53, "TCP")}


def test_environment_names_real_settings_and_mounted_paths(docs: Docs, container: dict[str, Any]) -> None:
    variables = {env_variable(f.name) for f in dataclasses.fields(Settings)}
    env = {e["name"]: e["value"] for e in container["env"]}
    for name in env:
        assert name in variables, name
    settings = Settings.from_env(env)
    mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
    for path in (settings.tls_cert, settings.tls_key, *settings.policy_dirs, settings.config_file):
        assert path is not None and any(str(path).startswith(m + "/") or str(path) == m for m in mounts), path
    assert settings.audit_url == "jsonl:-", "the root filesystem is read-only: the audit trail goes to stdout"
    assert settings.port == 8443 and settings.host == "0.0.0.0"


def test_policy_library_matches_the_repository_and_is_mounted_as_id_slash_policy_yaml(docs: Docs) -> None:
    expected = library_files([REPO / "policies"])
    folder = MANIFESTS / "base" / "policies"
    on_disk = {str(p.relative_to(folder)): p.read_text(encoding="utf-8") for p in folder.rglob("*") if p.is_file()}
    assert on_disk == expected, "manifests/base/policies is out of date: run `railguard manifests library`"
    ids = sorted(p.id for p in load_policies(REPO / "policies"))
    configmap = next(d for d in docs if d["kind"] == "ConfigMap" and d["metadata"]["name"].startswith("railguard-policies-"))
    assert sorted(configmap["data"]) == [configmap_key(i) for i in ids]
    volume = next(v for v in pod_spec(docs)["volumes"] if v["name"] == "policies")["configMap"]
    assert volume["name"] == configmap["metadata"]["name"], "the Deployment must mount the generated ConfigMap"
    assert {i["key"]: i["path"] for i in volume["items"]} == {configmap_key(i): f"{i}/policy.yaml" for i in ids}


def test_mounted_library_and_config_load_as_the_server_would(docs: Docs, tmp_path: Path) -> None:
    """Materialise the ConfigMap volumes exactly as the kubelet would, then load them."""
    volumes = {v["name"]: v["configMap"] for v in pod_spec(docs)["volumes"] if "configMap" in v}
    configmaps = {d["metadata"]["name"]: d["data"] for d in docs if d["kind"] == "ConfigMap"}
    for name, volume in volumes.items():
        data = configmaps[volume["name"]]
        items = volume.get("items") or [{"key": k, "path": k} for k in data]
        for item in items:
            path = tmp_path / name / item["path"]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(data[item["key"]], encoding="utf-8")
    policies = load_policies(tmp_path / "policies")
    assert policies.digest == load_policies(REPO / "policies").digest
    config = load_cluster_config(tmp_path / "config" / "cluster-config.yaml", policies)
    assert dict(config.actions) == {} and config.exemptions == ()


def test_observe_overlay_turns_every_policy_to_warn(built: Callable[[str], Docs]) -> None:
    docs = built("overlays/observe")
    data = next(d for d in docs if d["kind"] == "ConfigMap" and d["metadata"]["name"].startswith("railguard-config-"))
    path = MANIFESTS / "overlays" / "observe" / "cluster-config.yaml"
    assert data["data"]["cluster-config.yaml"] == path.read_text(encoding="utf-8")
    policies = load_policies(REPO / "policies")
    config = load_cluster_config(path, policies)
    assert dict(config.actions) == {p.id: "warn" for p in policies}


def test_the_stop_drains_and_fits_in_the_grace_period(docs: Docs, container: dict[str, Any]) -> None:
    """SIGTERM: the drain, in-flight answers, the close linger and the audit flush must end before
    the kubelet's SIGKILL; the readiness probe must take the pod out of the endpoints within the
    drain (the drain answers /readyz 503 from its start)."""
    from webhook.server import BODY_TIMEOUT
    from webhook.server_run import CLOSE_LINGER

    env = {e["name"]: e.get("value") for e in container["env"]}
    drain = float(env.get("RAILGUARD_DRAIN_SECONDS") or Settings().drain_seconds)
    assert 0 < drain
    webhooks = [w for d in docs if d["kind"].endswith("WebhookConfiguration") for w in d["webhooks"]]
    answer = max(max(w.get("timeoutSeconds", 10) for w in webhooks), BODY_TIMEOUT)
    flush = 5.0  # the audit writer commits what it was sent, then exits
    grace = pod_spec(docs)["terminationGracePeriodSeconds"]
    assert grace > drain + answer + CLOSE_LINGER + flush
    readiness = container["readinessProbe"]
    assert readiness["periodSeconds"] * readiness["failureThreshold"] < drain


def test_webhook_pods_are_cluster_critical_and_their_quota_admits_them(docs: Docs) -> None:
    """Fail-closed: a preempted railguard pod stops workload changes in every reviewed namespace.
    Clusters that limit the system-*-critical classes admit them only under a matching quota."""
    spec = pod_spec(docs)
    priority = spec.get("priorityClassName")
    assert priority == "system-cluster-critical"
    quotas = [d for d in docs if d["kind"] == "ResourceQuota" and d["metadata"]["namespace"] == "railguard-system"]
    scoped = [
        q for q in quotas
        for e in q["spec"].get("scopeSelector", {}).get("matchExpressions", [])
        if e["scopeName"] == "PriorityClass" and e["operator"] == "In" and priority in e["values"]
    ]  # fmt: skip
    assert len(scoped) == 1, "no ResourceQuota admits the webhook pods' priority class in railguard-system"
    hard = scoped[0]["spec"]["hard"]
    assert set(hard) == {"pods"}, "a cpu/memory quota would also require requests of every pod in the namespace"
    hpa = one(docs, "HorizontalPodAutoscaler", "railguard")["spec"]
    surge = one(docs, "Deployment", "railguard")["spec"]["strategy"]["rollingUpdate"]["maxSurge"]
    assert int(hard["pods"]) >= hpa["maxReplicas"] + surge, "the quota would stop a scale-up or a rollout"
    job = one(docs, "Job", "railguard-cert-bootstrap")["spec"]["template"]["spec"]
    assert "priorityClassName" not in job, "a one-off Job has no business preempting workloads"


HIDE_KEY_MOUNT = "/etc/railguard/audit-hide-key"


def test_the_audit_hide_key_is_an_optional_secret_volume_the_pod_starts_without(docs: Docs, container: dict[str, Any]) -> None:
    """``--audit-hide-key``: the Secret, when created, is mounted where the docs say; without it the
    pod starts (an optional volume, and no RAILGUARD_AUDIT_HIDE_KEY naming a file that is absent)."""
    mount = next(m for m in container["volumeMounts"] if m["mountPath"] == HIDE_KEY_MOUNT)
    assert mount["readOnly"] is True
    volume = next(v for v in pod_spec(docs)["volumes"] if v["name"] == mount["name"])["secret"]
    assert volume["secretName"] == "railguard-audit-hide-key" and volume["optional"] is True
    assert not any(d["kind"] == "Secret" and d["metadata"]["name"] == volume["secretName"] for d in docs), "made by the operator"
    assert "RAILGUARD_AUDIT_HIDE_KEY" not in {e["name"] for e in container["env"]}
    documented = (REPO / "docs" / "audit.md").read_text(encoding="utf-8")
    assert f"{HIDE_KEY_MOUNT}/key" in documented and "--from-file=key=" in documented
