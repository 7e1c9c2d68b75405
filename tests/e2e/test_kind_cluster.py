"""End to end in a real cluster: kind, the image built from this repository's Dockerfile, the
one-command install (`kubectl apply -k manifests/`, whose Job bootstraps the certificates), then
`kubectl apply` of bad and good workloads.

Runs only where docker and kind exist (and the Docker daemon answers); skipped with the reason
otherwise. Set RAILGUARD_E2E_IMAGE to use an image that is already built instead of building one.
Set RAILGUARD_E2E_KEEP=1 to keep the cluster for debugging.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml


REPO = Path(__file__).resolve().parents[2]
IMAGE = os.environ.get("RAILGUARD_E2E_IMAGE", "railguard:e2e")
APPS = "e2e-apps"
IGNORED = "e2e-ignored"


def _missing_tools() -> str | None:
    for tool in ("docker", "kind", "kubectl"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed: the end-to-end test needs docker, kind and kubectl"
    try:
        subprocess.run(["docker", "info"], capture_output=True, timeout=20, check=True)
    except (subprocess.SubprocessError, OSError):
        return "the Docker daemon is not reachable (docker info failed)"
    return None


_reason = _missing_tools()
if _reason:
    print(f"\nskipping the kind end-to-end test: {_reason}")
pytestmark = [pytest.mark.slow, pytest.mark.skipif(_reason is not None, reason=_reason or "")]


def run(*argv: str, timeout: float = 300, check: bool = True, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(list(argv), capture_output=True, text=True, timeout=timeout, input=stdin, check=False)
    if check and done.returncode != 0:
        raise AssertionError(f"{' '.join(argv)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done


class Cluster:
    def __init__(self, kubeconfig: Path) -> None:
        self.kubeconfig = kubeconfig
        self.install = kubeconfig.parent / "install.yaml"

    def kubectl(self, *args: str, stdin: str | None = None, check: bool = True, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return run("kubectl", "--kubeconfig", str(self.kubeconfig), *args, stdin=stdin, check=check, timeout=timeout)

    def apply(self, obj: dict[str, Any], *extra: str) -> subprocess.CompletedProcess[str]:
        return self.kubectl("apply", "-f", "-", *extra, stdin=yaml.safe_dump(obj), check=False)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    work = tmp_path_factory.mktemp("kind")
    name = f"railguard-e2e-{uuid.uuid4().hex[:6]}"
    kubeconfig = work / "kubeconfig"
    if "RAILGUARD_E2E_IMAGE" not in os.environ:
        run("docker", "build", "-t", IMAGE, str(REPO), timeout=900)
    run("kind", "create", "cluster", "--name", name, "--kubeconfig", str(kubeconfig), "--wait", "180s", timeout=400)
    try:
        run("kind", "load", "docker-image", IMAGE, "--name", name, timeout=300)
        c = Cluster(kubeconfig)
        # What `kubectl apply -k manifests/` applies, with the locally loaded image.
        built = run("kubectl", "kustomize", str(REPO / "manifests")).stdout
        docs = [d for d in yaml.safe_load_all(built) if d]
        for doc in docs:
            if doc["kind"] in ("Deployment", "Job"):
                doc["spec"]["template"]["spec"]["containers"][0]["image"] = IMAGE
                doc["spec"]["template"]["spec"]["containers"][0]["imagePullPolicy"] = "Never"
        c.install = work / "install.yaml"
        c.install.write_text(yaml.safe_dump_all(docs), encoding="utf-8")
        c.kubectl("apply", "-f", str(c.install))
        c.kubectl("-n", "railguard-system", "wait", "--for=condition=complete", "job/railguard-cert-bootstrap",
                  "--timeout=240s", timeout=300)
        c.kubectl("-n", "railguard-system", "rollout", "status", "deployment/railguard", "--timeout=240s", timeout=300)
        c.kubectl("create", "namespace", APPS)
        c.kubectl("create", "namespace", IGNORED)
        c.kubectl("label", "namespace", IGNORED, "railguard.io/ignore=true")
        yield c
    finally:
        if os.environ.get("RAILGUARD_E2E_KEEP") != "1":
            run("kind", "delete", "cluster", "--name", name, check=False, timeout=300)


def pod(namespace: str, name: str, *, root: bool) -> dict[str, Any]:
    container: dict[str, Any] = {"name": "app", "image": "registry.k8s.io/pause:3.10"}
    if not root:
        container.update(
            securityContext={"runAsNonRoot": True, "runAsUser": 65532, "allowPrivilegeEscalation": False},
            resources={"requests": {"cpu": "10m", "memory": "16Mi"}, "limits": {"cpu": "10m", "memory": "16Mi"}},
            livenessProbe={"tcpSocket": {"port": 8080}}, readinessProbe={"tcpSocket": {"port": 8080}},
        )
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": namespace},
            "spec": {"containers": [container]}}


def deployment(namespace: str, name: str) -> dict[str, Any]:
    template = pod(namespace, name, root=False)
    labels = {"app": name}
    return {
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": name, "namespace": namespace},
        "spec": {"replicas": 2, "selector": {"matchLabels": labels},
                 "template": {"metadata": {"labels": labels}, "spec": template["spec"]}},
    }


def test_a_root_pod_without_resources_or_probes_is_denied_with_the_policies_named(cluster: Cluster) -> None:
    for extra in ((), ("--dry-run=server",)):
        done = cluster.apply(pod(APPS, "bad", root=True), *extra)
        assert done.returncode != 0, f"admitted ({extra}): {done.stdout}"
        assert 'admission webhook "validate.railguard.io" denied the request' in done.stderr
        for policy in ("require-run-as-non-root", "require-resources", "require-probes"):
            assert policy in done.stderr, f"{policy} missing from: {done.stderr}"
    assert cluster.kubectl("-n", APPS, "get", "pod", "bad", check=False).returncode != 0


def test_a_plain_text_password_in_a_configmap_is_denied(cluster: Cluster) -> None:
    configmap = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "creds", "namespace": APPS},
                 "data": {"DB_PASSWORD": "hunter2-but-longer"}}
    done = cluster.apply(configmap)
    assert done.returncode != 0 and "disallow-plaintext-secrets" in done.stderr
    assert "hunter2-but-longer" not in done.stderr, "the secret value leaked into the denial"


def test_a_good_pod_is_admitted(cluster: Cluster) -> None:
    assert cluster.apply(pod(APPS, "good", root=False)).returncode == 0


def test_the_zone_anti_affinity_mutation_lands_and_dry_run_reports_the_same(cluster: Cluster) -> None:
    dry = cluster.apply(deployment(APPS, "spread"), "--dry-run=server", "-o", "json")
    assert dry.returncode == 0, dry.stderr
    applied = cluster.apply(deployment(APPS, "spread"))
    assert applied.returncode == 0, applied.stderr
    stored = json.loads(cluster.kubectl("-n", APPS, "get", "deployment", "spread", "-o", "json").stdout)
    expected = stored["spec"]["template"]["spec"]["affinity"]["podAntiAffinity"]
    term = expected["preferredDuringSchedulingIgnoredDuringExecution"][0]["podAffinityTerm"]
    assert term["topologyKey"] == "topology.kubernetes.io/zone" and term["labelSelector"] == {"matchLabels": {"app": "spread"}}
    assert json.loads(dry.stdout)["spec"]["template"]["spec"]["affinity"]["podAntiAffinity"] == expected


def test_an_ignored_namespace_and_railguards_own_are_not_reviewed(cluster: Cluster) -> None:
    assert cluster.apply(pod(IGNORED, "legacy", root=True)).returncode == 0
    ready = cluster.kubectl("-n", "railguard-system", "get", "deployment", "railguard", "-o", "jsonpath={.status.readyReplicas}")
    assert ready.stdout.strip() == "3"


def test_the_bootstrapped_ca_bundle_survives_a_re_apply(cluster: Cluster) -> None:
    """Client-side apply leaves fields it never set (caBundle) alone; the Job is not rerun."""
    def bundles() -> set[str]:
        found = set()
        for kind in ("validatingwebhookconfiguration", "mutatingwebhookconfiguration"):
            out = cluster.kubectl("get", kind, "railguard", "-o", "jsonpath={.webhooks[*].clientConfig.caBundle}").stdout
            found |= set(out.split())
        return found

    before = bundles()
    assert len(before) == 1 and before != {""}
    cluster.kubectl("apply", "-f", str(cluster.install))
    assert bundles() == before
    secret = cluster.kubectl("-n", "railguard-system", "get", "secret", "railguard-tls", "-o", "json").stdout
    assert sorted(json.loads(secret)["data"]) == ["ca.crt", "tls.crt", "tls.key"]
    assert cluster.apply(pod(APPS, "good-after-reapply", root=False)).returncode == 0
