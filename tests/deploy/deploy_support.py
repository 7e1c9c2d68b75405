"""Helpers for the deployment tests: the kustomizations and how to build them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
MANIFESTS = REPO / "manifests"
KUSTOMIZATIONS = {
    "manifests": MANIFESTS,
    "base": MANIFESTS / "base",
    **{f"overlays/{d.name}": d for d in sorted((MANIFESTS / "overlays").iterdir()) if (d / "kustomization.yaml").is_file()},
}

Docs = list[dict[str, Any]]


def kubectl() -> str:
    path = shutil.which("kubectl")
    if path is None:
        pytest.skip("kubectl is not installed on this machine: kustomize builds cannot be checked")
    return path


def build(directory: Path) -> str:
    done = subprocess.run(
        [kubectl(), "kustomize", str(directory)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, f"kubectl kustomize {directory} failed:\n{done.stderr}"
    return done.stdout



def one(docs: Docs, kind: str, name: str | None = None) -> dict[str, Any]:
    found = [d for d in docs if d["kind"] == kind and (name is None or d["metadata"]["name"] == name)]
    assert len(found) == 1, f"expected one {kind} {name or ''}, found {len(found)}"
    return found[0]


def pod_spec(docs: Docs) -> dict[str, Any]:
    spec: dict[str, Any] = one(docs, "Deployment", "railguard")["spec"]["template"]["spec"]
    return spec
