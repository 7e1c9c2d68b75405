"""The webhook configurations: fail-closed but never able to lock the cluster."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from deploy_support import KUSTOMIZATIONS, Docs, one

from webhook.policies import PolicySet
from webhook.workloads import WORKLOAD_KINDS

HOOK_KINDS = ("ValidatingWebhookConfiguration", "MutatingWebhookConfiguration")
NEVER_REVIEWED = ("kube-system", "kube-public", "kube-node-lease", "railguard-system")
RULES = {
    "": {"pods", "pods/ephemeralcontainers", "replicationcontrollers", "configmaps"},
    "apps": {"deployments", "replicasets", "statefulsets", "daemonsets"},
    "batch": {"jobs", "cronjobs"},
    "apps.openshift.io": {"deploymentconfigs"},
    "argoproj.io": {"rollouts"},
}
"""What the mutating webhook is sent; the validating one is sent these and ``MORE_VALIDATED``."""
MORE_VALIDATED = {"": {"podtemplates"}, "serving.knative.dev": {"services", "configurations"}}
VERSIONS = {"apps.openshift.io": ["v1"], "argoproj.io": ["v1alpha1"]}  # the rest: v1
KIND_RESOURCES = {
    "Pod": ("", "pods"), "ReplicationController": ("", "replicationcontrollers"), "ConfigMap": ("", "configmaps"),
    "PodTemplate": ("", "podtemplates"), "Deployment": ("apps", "deployments"), "ReplicaSet": ("apps", "replicasets"),
    "StatefulSet": ("apps", "statefulsets"), "DaemonSet": ("apps", "daemonsets"), "Job": ("batch", "jobs"),
    "CronJob": ("batch", "cronjobs"), "DeploymentConfig": ("apps.openshift.io", "deploymentconfigs"),
    "Rollout": ("argoproj.io", "rollouts"), "Service.serving.knative.dev": ("serving.knative.dev", "services"),
    "Configuration.serving.knative.dev": ("serving.knative.dev", "configurations"),
}  # fmt: skip


def selector_matches(selector: dict[str, Any], labels: dict[str, str]) -> bool:
    """Kubernetes label-selector semantics (matchLabels + In/NotIn/Exists/DoesNotExist)."""
    if any(labels.get(k) != v for k, v in (selector.get("matchLabels") or {}).items()):
        return False
    for expr in selector.get("matchExpressions") or []:
        key, op, values = expr["key"], expr["operator"], expr.get("values") or []
        present = key in labels
        if op == "In" and not (present and labels[key] in values):
            return False
        if op == "NotIn" and present and labels[key] in values:
            return False
        if op == "Exists" and not present:
            return False
        if op == "DoesNotExist" and present:
            return False
    return True


def namespace_labels(name: str, **extra: str) -> dict[str, str]:
    return {"kubernetes.io/metadata.name": name, **extra}  # set by the API server on every namespace


def hooks(docs: Docs) -> list[tuple[str, dict[str, Any]]]:
    return [(kind, hook) for kind in HOOK_KINDS for hook in one(docs, kind)["webhooks"]]


@pytest.fixture(params=sorted(KUSTOMIZATIONS))
def all_hooks(request: pytest.FixtureRequest, built: Callable[[str], Docs]) -> list[tuple[str, dict[str, Any]]]:
    found = hooks(built(request.param))
    assert len(found) == 2, "expected one validating and one mutating webhook"
    return found


def test_system_and_own_namespaces_are_never_reviewed(all_hooks: list[tuple[str, dict[str, Any]]]) -> None:
    for kind, hook in all_hooks:
        selector = hook["namespaceSelector"]
        for name in NEVER_REVIEWED:
            assert not selector_matches(selector, namespace_labels(name)), f"{kind} {hook['name']} reviews {name}"
        assert not selector_matches(selector, namespace_labels("legacy", **{"railguard.io/ignore": "true"}))
        # ...while ordinary namespaces are reviewed, also with the label set to anything but "true"
        assert selector_matches(selector, namespace_labels("default"))
        assert selector_matches(selector, namespace_labels("shop", **{"railguard.io/ignore": "false"}))
        assert not hook.get("objectSelector"), "an objectSelector would let any workload opt itself out"


def test_selector_helper_is_not_vacuous() -> None:
    selector = {"matchExpressions": [{"key": "kubernetes.io/metadata.name", "operator": "NotIn", "values": ["a"]}]}
    assert not selector_matches(selector, namespace_labels("a"))
    assert selector_matches(selector, namespace_labels("b"))
    assert selector_matches({}, namespace_labels("a"))  # what removing the exclusion would do


def test_failure_and_side_effect_settings(all_hooks: list[tuple[str, dict[str, Any]]]) -> None:
    for kind, hook in all_hooks:
        assert hook["admissionReviewVersions"] == ["v1"]
        # nothing out of band: an audit record is a log of the request, kept for dry runs too (flagged),
        # so NoneOnDryRun (effects that dry runs suppress) would describe a webhook railguard is not
        assert hook["sideEffects"] == "None"
        assert hook["failurePolicy"] == "Fail"
        assert hook["matchPolicy"] == "Equivalent"
        assert 1 <= hook["timeoutSeconds"] <= 10, "a few seconds: the API server's own request timeout is 30 s"
        if kind == "MutatingWebhookConfiguration":
            assert hook["reinvocationPolicy"] == "IfNeeded"
            assert hook["clientConfig"]["service"]["path"] == "/mutate"
        else:
            assert hook["clientConfig"]["service"]["path"] == "/validate"


def covered_resources(hook: dict[str, Any]) -> dict[str, set[str]]:
    covered: dict[str, set[str]] = {}
    for rule in hook["rules"]:
        assert rule["operations"] == ["CREATE", "UPDATE"], "DELETE/CONNECT need no review"
        assert rule.get("scope", "*") == "Namespaced"
        for group in rule["apiGroups"]:
            assert rule["apiVersions"] == VERSIONS.get(group, ["v1"]), group
            covered.setdefault(group, set()).update(rule["resources"])
    assert "*" not in str(hook["rules"]), "wildcards would send every resource (and subresource) through railguard"
    return covered


def test_rules_cover_pods_their_controllers_and_configmaps(all_hooks: list[tuple[str, dict[str, Any]]]) -> None:
    for kind, hook in all_hooks:
        expected = {g: RULES.get(g, set()) | MORE_VALIDATED.get(g, set()) for g in RULES | MORE_VALIDATED}
        assert covered_resources(hook) == (expected if kind.startswith("Validating") else RULES), kind


def test_the_validating_webhook_is_sent_every_kind_a_bundled_policy_judges(
    all_hooks: list[tuple[str, dict[str, Any]]], policies: PolicySet
) -> None:
    """A kind added to a policy's match.kinds (or to the workload table) without a webhook rule would
    be judged by railguard test and never by the server."""
    validating = next(hook for kind, hook in all_hooks if kind.startswith("Validating"))
    covered = covered_resources(validating)
    kinds = {kind for policy in policies for kind in policy.match.kinds}
    assert WORKLOAD_KINDS <= kinds  # the pod policies match the whole workload table
    for kind in sorted(kinds):
        group, resource = KIND_RESOURCES[kind]
        assert resource in covered.get(group, set()), f"{kind} ({group or 'core'}/{resource}) is not sent to /validate"


def test_the_mutating_webhook_is_sent_every_kind_a_bundled_mutating_policy_patches(
    all_hooks: list[tuple[str, dict[str, Any]]], policies: PolicySet
) -> None:
    """A kind a mutating policy matches (zone-anti-affinity's Rollout and DeploymentConfig) without a
    /mutate rule would get its patch from railguard test and only a warning from the server."""
    mutating = next(hook for kind, hook in all_hooks if kind.startswith("Mutating"))
    covered = covered_resources(mutating)
    kinds = {kind for policy in policies if policy.mutate for kind in policy.match.kinds}
    assert {"Rollout", "DeploymentConfig"} <= kinds
    for kind in sorted(kinds):
        group, resource = KIND_RESOURCES[kind]
        assert resource in covered.get(group, set()), f"{kind} ({group or 'core'}/{resource}) is not sent to /mutate"


def test_webhooks_call_the_service_that_serves_them(built: Callable[[str], Docs]) -> None:
    docs = built("manifests")
    service = one(docs, "Service", "railguard")
    https = next(p for p in service["spec"]["ports"] if p["name"] == "https")
    for _, hook in hooks(docs):
        ref = hook["clientConfig"]["service"]
        assert (ref["name"], ref["namespace"], ref["port"]) == ("railguard", "railguard-system", https["port"])
        assert "url" not in hook["clientConfig"]
    assert https["port"] == 443


def test_base_has_no_ca_bundle_and_cert_manager_injects_one(built: Callable[[str], Docs]) -> None:
    for _, hook in hooks(built("base")):
        assert "caBundle" not in hook["clientConfig"], "the base must not ship a CA: render it or inject it"
    docs = built("overlays/cert-manager")
    for kind in HOOK_KINDS:
        annotations = one(docs, kind)["metadata"]["annotations"]
        assert annotations["cert-manager.io/inject-ca-from"] == "railguard-system/railguard-tls"


def test_cert_manager_overlay_leaves_cert_manager_out(built: Callable[[str], Docs]) -> None:
    """cert-manager issues railguard's certificate: if its pods needed railguard to be admitted, a
    cluster with neither running (a fresh install, a full restart) could start neither."""
    overlay = hooks(built("overlays/cert-manager"))
    assert len(overlay) == 2
    for kind, hook in overlay:
        selector = hook["namespaceSelector"]
        assert not selector_matches(selector, namespace_labels("cert-manager")), f"{kind} reviews cert-manager"
        for name in NEVER_REVIEWED:
            assert not selector_matches(selector, namespace_labels(name)), f"{kind} reviews {name}"
        assert selector_matches(selector, namespace_labels("default"))
    # only that overlay: without cert-manager, a namespace of that name is an ordinary one
    for kind, hook in hooks(built("base")):
        assert selector_matches(hook["namespaceSelector"], namespace_labels("cert-manager")), kind
