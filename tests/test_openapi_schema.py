"""Every case's mutated output (and every allow case's input) is a valid Kubernetes object.

Validation uses the ``kubernetes-validate`` package (the OpenAPI-derived JSON schemas of each
Kubernetes release, strict: unknown fields are errors). A second mutate pass must patch nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonpatch
import kubernetes_validate
import pytest

from webhook.admission import request_for_manifest, review
from webhook.casefiles import case_files, outcome_of
from webhook.config import ClusterConfig, default_policy_dir, parse_cluster_config
from webhook.documents import read_source
from webhook.policies import PolicySet, load_policies

KUBERNETES_VERSION = "1.37.0"
"""The newest release kubernetes-validate 1.37 ships schemas for (its others go back to 1.x)."""

_POLICIES = load_policies(default_policy_dir())
CASES = [
    pytest.param(path, id=f"{policy.id}/{path.name}")
    for policy in _POLICIES
    for path in case_files(Path(policy.source).parent)
]


NO_SCHEMA = frozenset({"Rollout", "DeploymentConfig"})
"""Kinds outside Kubernetes (Argo Rollouts, OpenShift, and Knative Serving's group) that
kubernetes-validate ships no schema for: their pod template, the part railguard patches, is
validated as a core PodTemplate's."""
NO_SCHEMA_GROUPS = ("serving.knative.dev/",)


def _validate(obj: dict[str, Any], where: str) -> None:
    if obj.get("kind") in NO_SCHEMA or str(obj.get("apiVersion")).startswith(NO_SCHEMA_GROUPS):
        template = obj.get("spec", {}).get("template")
        if template is None:
            return  # a Rollout with a workloadRef: no template of its own
        obj = {"apiVersion": "v1", "kind": "PodTemplate", "metadata": {"name": "template"}, "template": template}
    try:
        kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)
    except kubernetes_validate.ValidationError as exc:
        location = "/".join(str(p) for p in exc.path)
        pytest.fail(f"{where}: invalid at {location or '/'}: {exc.message}")


def _mutate(obj: dict[str, Any], policies: PolicySet) -> tuple[dict[str, Any], list[Any]]:
    decision = review(request_for_manifest(obj), policies, ClusterConfig(), mode="mutate")
    patch = list(decision.patch)
    return (jsonpatch.apply_patch(obj, patch) if patch else obj), patch


def test_schema_version_is_shipped() -> None:
    assert kubernetes_validate.utils.major_minor(KUBERNETES_VERSION) in {
        kubernetes_validate.utils.major_minor(v) for v in kubernetes_validate.utils.all_versions()
    }


@pytest.mark.parametrize("path", CASES)
def test_case_output_is_valid_and_stable(path: Path) -> None:
    documents, errors = read_source(str(path))
    assert not errors and documents
    for document in documents:
        where = f"{path.name} doc {document.doc}"
        if outcome_of(path) == "allow":
            _validate(document.obj, where + " (input)")
        patched, patch = _mutate(document.obj, _POLICIES)
        _validate(patched, where + " (mutated)")
        again, second = _mutate(patched, _POLICIES)
        assert second == [], f"{where}: the second pass patched {second}"
        assert again == patched
        if outcome_of(path) == "mutate":
            assert patch, f"{where}: a mutate case must be patched"


def test_required_mode_output_is_valid() -> None:
    # the other shape of the mutation (parameter mode: required) is valid too
    config = parse_cluster_config(
        {"parameters": {"zone-anti-affinity": {"mode": "required", "topologyKey": "kubernetes.io/hostname"}}},
        _POLICIES,
        "test-config.yaml",
    )
    case = default_policy_dir() / "zone-anti-affinity" / "cases" / "mutate.statefulset.yaml"
    (document,), _ = read_source(str(case))
    decision = review(request_for_manifest(document.obj), _POLICIES, config, mode="mutate")
    patched = jsonpatch.apply_patch(document.obj, list(decision.patch))
    anti = patched["spec"]["template"]["spec"]["affinity"]["podAntiAffinity"]
    assert anti["requiredDuringSchedulingIgnoredDuringExecution"][0]["topologyKey"] == "kubernetes.io/hostname"
    _validate(patched, "required mode")
    again = review(request_for_manifest(patched), _POLICIES, config, mode="mutate")
    assert again.patch == ()


def test_an_invalid_object_is_caught() -> None:
    # the check above can fail: a misspelt field is an error in strict mode
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(
            {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x"},
             "spec": {"containers": [{"name": "a", "image": "b", "livenessprobe": {}}]}},
            KUBERNETES_VERSION,
            strict=True,
        )
