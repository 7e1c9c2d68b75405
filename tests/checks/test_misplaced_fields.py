"""Fields that sit at the wrong place in a manifest prove nothing.

Linters' own test manifests (kube-linter, checkov) often put ``runAsUser`` straight on the container,
``requests``/``limits`` beside ``resources`` or write ``runAsUser:1000`` without the space YAML needs,
so the value never lands where Kubernetes reads it. railguard judges the manifest as written: such a
container is as unsafe as one without the field. An init container, though, does inherit the pod's
securityContext like any other container.
"""

from __future__ import annotations

from typing import Any

import yaml
from check_helpers import compliant, container, findings, pod, template_kind, workload

ROOT = "require-run-as-non-root"
RESOURCES = "require-resources"
PROBES = "require-probes"


def _denied(obj: dict[str, Any], policy: str) -> bool:
    return any(f.action == "deny" for f in findings(obj, policy))


def test_run_as_user_beside_the_security_context_is_not_read() -> None:
    stray = container(runAsUser=1000)  # belongs under securityContext
    assert _denied(workload("Deployment", [stray]), ROOT)
    assert _denied(template_kind("DeploymentConfig", {"containers": [stray]}), ROOT)
    assert not _denied(workload("Deployment", [container(runAsUser=0, securityContext={"runAsNonRoot": True})]), ROOT)


def test_requests_and_limits_beside_resources_are_not_read() -> None:
    values = {"cpu": "1", "memory": "1Gi"}
    stray = container(requests=values, limits=values)  # belongs under resources
    assert _denied(workload("Deployment", [stray]), RESOURCES)
    assert not _denied(workload("Deployment", [container(resources={"limits": values})]), RESOURCES)


def test_resources_written_as_a_list_hold_no_limits() -> None:
    listed = container(resources=[{"limits": {"cpu": "1", "memory": "1Gi"}}])
    assert _denied(pod([listed]), RESOURCES)


def test_a_security_context_read_as_one_string_proves_nothing() -> None:
    text = "containers:\n- name: app\n  image: registry.example/app:1\nsecurityContext:\n  runAsUser:1000\n  fsGroup:1000\n"
    spec = yaml.safe_load(text)
    assert isinstance(spec["securityContext"], str)  # the missing spaces fold both lines into one scalar
    assert _denied(workload("Deployment", spec["containers"], securityContext=spec["securityContext"]), ROOT)


def test_a_user_name_is_not_a_user_id() -> None:
    assert _denied(pod([container()], securityContext={"runAsUser": "nobody"}), ROOT)


def test_an_init_container_inherits_the_pod_run_as_non_root() -> None:
    obj = workload("Deployment", [container()], securityContext={"runAsNonRoot": True}, initContainers=[container("init")])
    assert findings(obj, ROOT) == []


def test_a_startup_probe_alone_is_no_liveness_or_readiness_probe() -> None:
    startup = {"exec": {"command": ["cat", "/tmp/ready"]}}
    only_startup = compliant(startupProbe=startup, livenessProbe=None, readinessProbe=None)
    assert _denied(template_kind("DeploymentConfig", {"containers": [only_startup]}), PROBES)
    assert _denied(workload("Deployment", [only_startup]), PROBES)
