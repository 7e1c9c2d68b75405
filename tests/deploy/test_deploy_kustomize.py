"""Every kustomization builds, every object validates against the Kubernetes OpenAPI schema, and
railguard's own objects pass railguard's own policies."""

from __future__ import annotations

from collections.abc import Callable
import json
from pathlib import Path

import kubernetes_validate
import pytest

from webhook.cli import main

from deploy_support import KUSTOMIZATIONS, Docs

# Oldest and newest Kubernetes minor versions the manifests are meant for (matchLabelKeys in
# topologySpreadConstraints is beta and on by default since 1.27).
K8S_VERSIONS = ("1.29.0", kubernetes_validate.latest_version())
# cert-manager's kinds are CRDs: the Kubernetes schema has no definition for them. Their fields
# are checked in test_deploy_certs.py instead.
CRD_GROUPS = ("cert-manager.io/",)


def test_every_overlay_is_found() -> None:
    assert {"manifests", "base", "overlays/cert-manager", "overlays/observe"} <= set(KUSTOMIZATIONS)


@pytest.mark.parametrize("name", sorted(KUSTOMIZATIONS))
def test_builds_and_validates_against_openapi_schema(name: str, built: Callable[[str], Docs]) -> None:
    docs = built(name)
    assert docs, f"{name} built nothing"
    checked = 0
    for doc in docs:
        if doc["apiVersion"].startswith(CRD_GROUPS):
            continue
        for version in K8S_VERSIONS:
            try:
                kubernetes_validate.validate(doc, version, strict=True)
            except kubernetes_validate.ValidationError as exc:
                pytest.fail(f"{name}: {doc['kind']} {doc['metadata'].get('name')} is invalid for {version}: {exc.message}")
        checked += 1
    kinds = {d["kind"] for d in docs}
    assert checked >= 11 and {"Deployment", "ValidatingWebhookConfiguration", "HorizontalPodAutoscaler"} <= kinds


def test_schema_validation_catches_a_broken_object(built: Callable[[str], Docs]) -> None:
    deployment = next(d for d in built("base") if d["kind"] == "Deployment")
    broken = {**deployment, "spec": {**deployment["spec"], "replicas": "three"}}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, K8S_VERSIONS[-1], strict=True)


@pytest.mark.parametrize("name", sorted(KUSTOMIZATIONS))
def test_railguard_admits_its_own_manifests(
    name: str, built_text: Callable[[str], str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = tmp_path / "built.yaml"
    manifest.write_text(built_text(name), encoding="utf-8")
    code = main(["test", str(manifest), "--output", "json"])
    out = capsys.readouterr().out
    assert code == 0, f"railguard test denied its own manifests ({name}):\n{out}"
    results = json.loads(out)
    assert len(results) >= 11
    findings = [(r["kind"], f["policy"], f["message"]) for r in results for f in r["findings"]]
    assert findings == [], f"railguard's own manifests have findings: {findings}"
    assert all(not r["patch"] for r in results), "railguard's own manifests would be mutated"
