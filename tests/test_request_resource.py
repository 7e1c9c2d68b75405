"""``request_for_manifest`` (what ``railguard test`` reviews) names the resource as kube-apiserver
does in an admission request: the kind's plural, lowercase, not the kind with an ``s``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from webhook.admission import read_review, request_for_manifest


def resource(kind: str, api_version: str = "v1") -> str:
    return request_for_manifest({"apiVersion": api_version, "kind": kind, "metadata": {"name": "x"}})["resource"]["resource"]


PLURALS = {
    "Deployment": "deployments", "CronJob": "cronjobs", "Endpoints": "endpoints",  # the table
    "Ingress": "ingresses", "NetworkPolicy": "networkpolicies", "IngressClass": "ingressclasses",  # the rule
    "Box": "boxes", "Batch": "batches", "Mesh": "meshes", "Quiz": "quizes",
    "Gateway": "gateways", "Proxy": "proxies", "Y": "ys", "Widget": "widgets", "": "",
}  # fmt: skip


def test_the_resource_is_the_kinds_plural() -> None:
    assert {kind: resource(kind) for kind in PLURALS} == PLURALS


def test_every_kind_railguard_knows_has_its_resource() -> None:
    from webhook.workloads import POD_SPEC_PATHS, RESOURCES

    plain = {kind.partition(".")[0] for kind in POD_SPEC_PATHS}
    assert plain <= set(RESOURCES)
    assert resource("NetworkPolicy", "networking.k8s.io/v1") == "networkpolicies"


def test_the_resource_is_the_one_kube_apiserver_sent_in_the_recorded_reviews(shared_dir: Path) -> None:
    bodies = sorted((shared_dir / "admission").glob("admissionreview-*.json"))
    checked = 0
    for body in bodies:  # the real requests kube-apiserver sent
        _, request = read_review(json.loads(body.read_bytes()))
        if request.get("subResource"):  # deployments/scale: the object is a Scale, its resource the parent's
            continue
        checked += 1
        obj = request.get("object") or request.get("oldObject")
        assert request_for_manifest(obj)["resource"] == request["resource"], body.name
    assert checked >= 30, f"only {checked} recorded reviews without a subresource in {shared_dir / 'admission'}"


def test_the_request_carries_the_group_version_and_kind_of_the_manifest() -> None:
    """What a decision of ``railguard test`` records as the object's group, version and kind."""
    from webhook.admission import review
    from webhook.config import ClusterConfig
    from webhook.policies import PolicySet

    request = request_for_manifest({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "x"}})
    assert request["kind"] == {"group": "apps", "version": "v1", "kind": "Deployment"}
    decision = review(request, PolicySet((), "sha256:none"), ClusterConfig())
    assert (decision.group, decision.version, decision.kind, decision.resource) == ("apps", "v1", "Deployment", "deployments")


def test_a_request_is_made_without_an_import_statement(monkeypatch: pytest.MonkeyPatch) -> None:
    # railguard test makes one per manifest: an import statement in the function body costs ~9k
    # instructions a call (callgrind), 4% of reviewing the manifest
    import builtins

    imports: list[str] = []
    real = builtins.__import__

    def counted(name: str, *args: Any, **kwargs: Any) -> Any:
        imports.append(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", counted)
    request_for_manifest({"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "x"}})
    assert imports == []
