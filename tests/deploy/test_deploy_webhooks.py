"""The webhook configurations: fail-closed but never able to lock the cluster."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from deploy_support import KUSTOMIZATIONS, Docs, one

HOOK_KINDS = ("ValidatingWebhookConfiguration", "MutatingWebhookConfiguration")
NEVER_REVIEWED = ("kube-system", "kube-node-lease", "railguard-system")
RULES = {
    "": {"pods", "pods/ephemeralcontainers", "replicationcontrollers", "configmaps"},
    "apps": {"deployments", "replicasets", "statefulsets", "daemonsets"},
    "batch": {"jobs", "cronjobs"},
}


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
        assert hook["sideEffects"] == "NoneOnDryRun"
        assert hook["failurePolicy"] == "Fail"
        assert hook["matchPolicy"] == "Equivalent"
        assert 1 <= hook["timeoutSeconds"] <= 10, "a few seconds: the API server's own request timeout is 30 s"
        if kind == "MutatingWebhookConfiguration":
            assert hook["reinvocationPolicy"] == "IfNeeded"
            assert hook["clientConfig"]["service"]["path"] == "/mutate"
        else:
            assert hook["clientConfig"]["service"]["path"] == "/validate"


def test_rules_cover_pods_their_controllers_and_configmaps(all_hooks: list[tuple[str, dict[str, Any]]]) -> None:
    for kind, hook in all_hooks:
        covered: dict[str, set[str]] = {}
        for rule in hook["rules"]:
            assert rule["operations"] == ["CREATE", "UPDATE"], f"{kind}: DELETE/CONNECT need no review"
            assert rule["apiVersions"] == ["v1"]
            assert rule.get("scope", "*") == "Namespaced"
            for group in rule["apiGroups"]:
                covered.setdefault(group, set()).update(rule["resources"])
        assert covered == RULES, f"{kind} rules: {covered}"
        assert "*" not in str(hook["rules"]), "wildcards would send every resource (and subresource) through railguard"


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
