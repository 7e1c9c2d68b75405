"""Small builders for test manifests and a one-call review (imported by the check tests)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import orjson

from webhook.admission import Decision, request_for_manifest, review, to_response
from webhook.config import ClusterConfig, default_policy_dir
from webhook.engine import Finding
from webhook.policies import PolicySet, load_policies
from webhook.types import Mode

POLICIES = load_policies(default_policy_dir())
FAKE = "FAKE-not-a-real-password"

SAFE_CONTAINER: dict[str, Any] = {
    "securityContext": {"runAsNonRoot": True, "runAsUser": 10001},
    "resources": {"limits": {"cpu": "500m", "memory": "256Mi"}},
    "livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080}},
    "readinessProbe": {"httpGet": {"path": "/ready", "port": 8080}},
}


def container(name: str = "app", **fields: Any) -> dict[str, Any]:
    return {"name": name, "image": "registry.example/app:1.0", **fields}


def compliant(name: str = "app", **fields: Any) -> dict[str, Any]:
    """A container that passes every pod policy; ``fields`` override parts of it."""
    return {**container(name), **SAFE_CONTAINER, **fields}


def pod_spec(containers: list[dict[str, Any]], **spec: Any) -> dict[str, Any]:
    return {"containers": containers, **spec}


def pod(containers: list[dict[str, Any]], name: str = "web", namespace: str = "shop", **spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": name, "namespace": namespace},
        "spec": pod_spec(containers, **spec),
    }


def workload(
    kind: str,
    containers: list[dict[str, Any]],
    name: str = "web",
    namespace: str = "shop",
    replicas: int | None = None,
    labels: dict[str, str] | None = None,
    **spec: Any,
) -> dict[str, Any]:
    """A Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job or CronJob."""
    template = {"metadata": {"labels": {"app": name}}, "spec": pod_spec(containers, **spec)}
    body: dict[str, Any] = {"template": template}
    if kind in ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"):
        body["selector"] = {"matchLabels": {"app": name}}
    if kind == "ReplicationController":
        body["selector"] = {"app": name}
    if kind in ("Job", "CronJob"):
        template["spec"].setdefault("restartPolicy", "Never")
    if replicas is not None:
        body["replicas"] = replicas
    if kind == "CronJob":
        body = {"schedule": "0 * * * *", "jobTemplate": {"spec": body}}
    api = {"Job": "batch/v1", "CronJob": "batch/v1", "ReplicationController": "v1"}.get(kind, "apps/v1")
    meta: dict[str, Any] = {"name": name, "namespace": namespace}
    if labels:
        meta["labels"] = labels
    return {"apiVersion": api, "kind": kind, "metadata": meta, "spec": body}


def template_kind(kind: str, spec: dict[str, Any]) -> dict[str, Any]:
    """A PodTemplate (template at the top), an OpenShift DeploymentConfig or an Argo Rollout."""
    template = {"metadata": {"labels": {"app": "web"}}, "spec": spec}
    if kind == "PodTemplate":
        return {"apiVersion": "v1", "kind": kind, "metadata": {"name": "web", "namespace": "shop"}, "template": template}
    api = {"DeploymentConfig": "apps.openshift.io/v1", "Rollout": "argoproj.io/v1alpha1"}[kind]
    return {"apiVersion": api, "kind": kind, "metadata": {"name": "web", "namespace": "shop"}, "spec": {"replicas": 2, "template": template}}


def decide(
    obj: dict[str, Any],
    policies: PolicySet = POLICIES,
    config: ClusterConfig | None = None,
    mode: Mode = "validate",
    operation: str = "CREATE",
    old: dict[str, Any] | None = None,
    today: dt.date | None = None,
) -> Decision:
    request = request_for_manifest(obj, operation=operation)
    if old is not None:
        request["oldObject"] = old
    return review(request, policies, config or ClusterConfig(), mode=mode, today=today)


def findings(obj: dict[str, Any], policy: str, **kwargs: Any) -> list[Finding]:
    return [f for f in decide(obj, **kwargs).findings if f.policy == policy]


def only(policy_id: str) -> PolicySet:
    policy = POLICIES.get(policy_id)
    assert policy is not None
    return PolicySet((policy,), f"test:{policy_id}")


def script_pod(text: str) -> dict[str, Any]:
    """A Pod whose container runs ``text`` with ``/bin/sh -c``."""
    return pod([container(command=["/bin/sh", "-c"], args=[text])])


def configmap(data: dict[str, str], name: str = "config") -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, "namespace": "shop"}, "data": data}


def everything_shown(decision: Decision) -> str:
    """Everything a decision shows: messages, paths, warnings and the AdmissionReview response
    (where a value must never appear)."""
    return orjson.dumps(
        {
            "message": decision.message,
            "warnings": decision.warnings,
            "findings": [[f.message, f.path, f.container] for f in decision.findings],
            "response": to_response(decision),
        }
    ).decode()


def configmap_messages(key: str, text: str, secret: str, policy: str = "disallow-plaintext-secrets") -> list[str]:
    """The messages of ``policy`` on a ConfigMap holding ``text`` under ``key``; ``secret`` (the
    test value) is nowhere in what the decision shows."""
    decision = decide(configmap({key: text}))
    assert secret not in everything_shown(decision)
    return [f.message for f in decision.findings if f.policy == policy]


def reported_once(obj: dict[str, Any], policy: str, fragment: str) -> Finding:
    """The one finding of ``policy`` on ``obj``, whose message holds ``fragment``; FAKE (the test
    value) is nowhere in what the decision shows."""
    decision = decide(obj)
    (finding,) = [f for f in decision.findings if f.policy == policy]
    assert fragment in finding.message, finding.message
    assert FAKE not in everything_shown(decision)
    return finding


def key_and_sh_c_messages(script: str, policy: str = "disallow-plaintext-secrets") -> list[list[str]]:
    """The messages of ``policy`` on ``script`` as a ConfigMap's run.sh and as ``sh -c``'s argument
    (the two places a script is read the same way); FAKE (the test value) is nowhere in what
    either decision shows."""
    messages = []
    for obj in (configmap({"run.sh": script}), script_pod(script)):
        decision = decide(obj)
        assert FAKE not in everything_shown(decision)
        messages.append([f.message for f in decision.findings if f.policy == policy])
    return messages
