"""The sets of texts found fit to show (``SHOWN_TEXTS``, ``SHOWN_USERS``, ``_SHOWN_NAMES``) stay
small when a client posts a unique, very long user name, uid, group, kind, resource, subresource,
name or namespace on every request: they used to keep each one whole (4096 or 16384 of them, up
to the 3 MiB body limit each) until the set was next cleared. Long texts are still judged, and
shown or hidden, on every review."""

from __future__ import annotations

from typing import Any

import pytest

from webhook import workloads
from webhook.admission import read_review, review
from webhook.config import ClusterConfig
from webhook.policies import PolicySet

LONG = 100_000  # characters of each planted text: far more than anything Kubernetes names
REQUESTS = 30


def retained() -> int:
    """Characters the three sets hold."""
    return sum(len(t) for cache in (workloads.SHOWN_TEXTS, workloads.SHOWN_USERS, workloads._SHOWN_NAMES) for t in cache)


def body(i: int, sub_resource: str = "") -> dict[str, Any]:
    filler = f"{i:04d}" + "a" * LONG  # plain text: fit to show, so a candidate for the sets
    meta = {"name": "n" + filler, "namespace": "s" + filler}
    request = {
        "uid": f"uid-{i}",
        "operation": "UPDATE" if sub_resource else "CREATE",
        "kind": {"group": "g" + filler, "version": "v" + filler, "kind": "K" + filler},
        "resource": {"group": "g" + filler, "version": "v" + filler, "resource": "r" + filler},
        "subResource": sub_resource,
        "userInfo": {"username": "u" + filler, "uid": "i" + filler, "groups": ["system:authenticated", "x" + filler]},
        "object": {"apiVersion": "v1", "kind": "K" + filler, "metadata": meta},
        "oldObject": {"apiVersion": "v1", "kind": "K" + filler, "metadata": meta} if sub_resource else None,
    }
    return {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": request}


@pytest.mark.parametrize("sub_resource", ["", "status"])
def test_unique_long_request_texts_are_not_kept(policies: PolicySet, sub_resource: str) -> None:
    before = retained()
    for i in range(REQUESTS):
        sub = f"{sub_resource}{i:04d}" + "b" * LONG if sub_resource else ""
        _, request = read_review(body(i, sub))
        decision = review(request, policies, ClusterConfig(), mode="full")
        # shown as given: judged, not remembered
        assert decision.user["username"] == "u" + f"{i:04d}" + "a" * LONG
        assert decision.kind == "K" + f"{i:04d}" + "a" * LONG and decision.sub_resource == sub
    sent = REQUESTS * 9 * LONG
    assert retained() - before < sent // 20, f"{retained() - before} characters kept of {sent} sent"
    # a long text that is a credential is still hidden, on every review
    secret = "postgres://u:FAKElongpw9@h/" + "a" * LONG  # a URL with a password, very long
    for i in range(2):
        _, request = read_review(body(i))
        request["userInfo"] = {"username": secret, "groups": [secret]}
        request["kind"] = {"group": "", "version": "v1", "kind": secret}
        request["object"]["kind"] = secret  # the object's own kind is the one named
        decision = review(request, policies, ClusterConfig(), mode="full")
        assert decision.user["username"].startswith("<hidden ") and decision.user["groups"][0] == decision.user["username"]
        assert decision.kind == "<hidden>"
        assert "FAKElongpw9" not in repr(decision)
    assert not any("FAKElongpw9" in t for t in workloads.SHOWN_USERS | workloads.SHOWN_TEXTS | workloads._SHOWN_NAMES)



def test_the_printable_parts_of_findings_are_not_kept_when_long(policies: PolicySet) -> None:
    """A finding's parts (who, problem, fix) found printable are remembered, but a container name of
    100,000 characters (a custom resource's, which kube-apiserver does not check) is not."""
    before = sum(len(t) for t in workloads.PRINTABLE_PARTS)
    for i in range(REQUESTS):
        _, request = read_review(body(i))
        request["kind"] = {"group": "", "version": "v1", "kind": "Pod"}
        request["object"] = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"},
                              "spec": {"containers": [{"name": f"c{i:04d}" + "a" * LONG, "image": "x"}]}}  # fmt: skip
        decision = review(request, policies, ClusterConfig(), mode="validate")
        assert not decision.allowed and f"c{i:04d}" in decision.message
    kept = sum(len(t) for t in workloads.PRINTABLE_PARTS) - before
    assert kept < REQUESTS * LONG // 20, f"{kept} characters kept"
