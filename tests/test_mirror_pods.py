"""Mirror pods: a static pod runs whatever railguard answers, so the mirror pod its kubelet creates
is not denied (the kubelet would retry forever and the pod would stay invisible) nor patched (the
API would show a spec that does not run); its findings warn and stay in the audit record. Only a
node's own request counts: the annotation alone is no bypass."""

from __future__ import annotations

import dataclasses
from typing import Any

import orjson
import pytest

from containers import checklist_container
from webhook.admission import MIRROR_NOTE, request_for_manifest, review, to_response
from webhook.audit.record import build_record
from webhook.checks.base import CheckDef, Fill
from webhook.config import ClusterConfig
from webhook.policies import Match, PolicySet

FAKE_PASSWORD = "FAKE-not-a-real-password-51ab"
NODE = {"username": "system:node:worker-1", "uid": "", "groups": ["system:nodes", "system:authenticated"]}
MIRROR = "kubernetes.io/config.mirror"


def static_pod(compliant: bool = False) -> dict[str, Any]:
    container = checklist_container("agent", "registry.example/agent:1.0", compliant, FAKE_PASSWORD)
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "name": "agent-worker-1",
            "namespace": "monitoring",
            "annotations": {MIRROR: "3f2a9c0d", "kubernetes.io/config.source": "file"},
        },
        "spec": {"nodeName": "worker-1", "containers": [container]},
    }


def request(obj: dict[str, Any], user: dict[str, Any], operation: str = "CREATE") -> dict[str, Any]:
    req = dict(request_for_manifest(obj, operation=operation))
    req["userInfo"] = user
    req["dryRun"] = False
    return req


@pytest.mark.parametrize("mode", ["validate", "full"])
def test_a_nodes_mirror_pod_is_allowed_with_its_violations_as_warnings(policies: PolicySet, mode: str) -> None:
    decision = review(request(static_pod(), NODE), policies, ClusterConfig(), mode=mode)  # type: ignore[arg-type]
    assert decision.allowed and decision.code == 200 and decision.verdict == "warned" and not decision.message
    denied = {f.policy for f in decision.findings if f.action == "deny"}
    assert {"require-run-as-non-root", "require-resources", "require-probes", "disallow-plaintext-secrets"} <= denied
    for policy in denied:  # each one is told, as a warning
        assert any(w.startswith(f"{policy}: ") or f"{policy}," in w for w in decision.warnings), policy
    assert decision.warnings.count(MIRROR_NOTE) == 1 and decision.notes == (MIRROR_NOTE,)
    assert not decision.patch, "a mirror pod is never patched: the static pod on the node would not change"
    response = to_response(decision)
    assert response["allowed"] is True and "status" not in response and "patch" not in response
    assert FAKE_PASSWORD not in orjson.dumps(response).decode()


def test_the_audit_record_of_a_mirror_pod_keeps_its_findings(policies: PolicySet) -> None:
    decision = review(request(static_pod(), NODE), policies, ClusterConfig(), mode="full")
    record = build_record(decision, 1.0)
    assert record["verdict"] == "warned" and record["allowed"] is True
    assert {f["policy"] for f in record["findings"]} >= {"require-run-as-non-root", "disallow-plaintext-secrets"}
    assert all(f["action"] == "deny" and not f["preexisting"] for f in record["findings"] if f["policy"] != "zone-anti-affinity")
    assert record["notes"] == [MIRROR_NOTE]
    assert record["user"]["username"] == "system:node:worker-1"
    assert FAKE_PASSWORD not in orjson.dumps(record).decode()


def _pod_labeller(policies: PolicySet) -> PolicySet:
    """The bundled policies and one that fills a label into every Pod (none of the bundled ones
    patches a Pod: a policy of the cluster's own may)."""
    base = policies.get("zone-anti-affinity")
    assert base is not None
    check = CheckDef("label-pods", lambda subject, params: [], mutate=lambda subject, params: [Fill(("metadata", "labels", "team"), "none")])
    match = Match(frozenset({"Pod"}), frozenset({"CREATE", "UPDATE"}), ("*",), ())
    labeller = dataclasses.replace(base, id="label-pods", check=check, match=match)
    return PolicySet((*policies.policies, labeller), policies.digest)


@pytest.mark.parametrize("mode", ["mutate", "full"])
def test_a_mirror_pod_is_not_patched(policies: PolicySet, mode: str) -> None:
    labelling = _pod_labeller(policies)
    pod = static_pod(compliant=True)
    decision = review(request(pod, NODE), labelling, ClusterConfig(), mode=mode)  # type: ignore[arg-type]
    assert decision.allowed and decision.verdict == "allowed" and not decision.patch
    assert "patch" not in to_response(decision)
    # the same pod from a user is patched: what the node's request would have got
    user = {"username": "alice", "groups": ["system:authenticated"]}
    assert review(request(pod, user), labelling, ClusterConfig(), mode=mode).patch  # type: ignore[arg-type]


def test_only_a_mirror_pod_with_something_to_warn_about_gets_the_note(policies: PolicySet) -> None:
    decision = review(request(static_pod(compliant=True), NODE), policies, ClusterConfig(), mode="validate")
    assert decision.allowed and decision.verdict == "allowed"
    assert not decision.warnings and not decision.notes and not decision.findings
    # a finding that only goes to the audit (action audit) is no warning either
    audit_only = ClusterConfig(actions={p.id: "audit" for p in policies})
    decision = review(request(static_pod(), NODE), policies, audit_only, mode="validate")
    assert decision.findings and not decision.warnings and not decision.notes and decision.verdict == "allowed"
    decision = review(request(static_pod(), NODE), policies, ClusterConfig(), mode="validate")
    assert decision.allowed and decision.notes == (MIRROR_NOTE,)


@pytest.mark.parametrize(
    "user",
    [
        {"username": "alice", "groups": ["system:authenticated"]},  # anyone allowed to create pods
        {"username": "alice", "groups": ["system:nodes"]},  # the group without a node's name
        {"username": "system:node:worker-1", "groups": ["system:authenticated"]},  # the name without the group
        {"username": "system:node:", "groups": ["system:nodes"]},  # no node named
        {"username": "system:serviceaccount:kube-system:node-agent", "groups": ["system:serviceaccounts"]},
        {},
        {"username": "system:node:worker-1"},  # a node's name and no groups at all
        {"username": "system:node:worker-1", "groups": "system:nodes"},  # groups a text, not a list (review() called directly)
        None,  # no userInfo in the request
    ],
)
def test_the_mirror_annotation_alone_is_no_bypass(policies: PolicySet, user: dict[str, Any] | None) -> None:
    assert review(request(static_pod(), NODE), policies, ClusterConfig(), mode="full").allowed  # from its node
    req = request(static_pod(), {})
    if user is None:
        del req["userInfo"]
    else:
        req["userInfo"] = user
    decision = review(req, policies, ClusterConfig(), mode="full")
    assert not decision.allowed and decision.verdict == "denied" and decision.code == 403
    assert MIRROR_NOTE not in decision.warnings and MIRROR_NOTE not in decision.notes
    assert FAKE_PASSWORD not in decision.message


def test_only_a_pod_create_is_a_mirror_pod(policies: PolicySet) -> None:
    pod = static_pod()
    assert review(request(pod, NODE), policies, ClusterConfig()).allowed
    # an UPDATE from the node follows the UPDATE rules (new violations are denied)
    assert not review(request(pod, NODE, operation="UPDATE"), policies, ClusterConfig()).allowed
    # a kind other than Pod carrying the annotation (nodes create no such thing)
    deployment = {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "agent", "namespace": "monitoring", "annotations": {MIRROR: "3f2a9c0d"}},
        "spec": {"selector": {"matchLabels": {"app": "a"}}, "template": {"metadata": {"labels": {"app": "a"}}, "spec": pod["spec"]}},
    }
    assert not review(request(deployment, NODE), policies, ClusterConfig()).allowed
