"""Layering is one-way: cli, server -> admission, audit, documents, certs -> engine, patching,
decision, messages -> config -> policies -> workloads, checks, params -> types, errors. A module may import
only from its own layer or the layers below it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "webhook"

LAYERS: list[set[str]] = [
    {"types", "errors", "files", "yamlsafe", "gojson"},
    {"workloads", "checks", "params"},
    {"policies"},
    {"config"},
    {"engine", "patching", "decision", "messages"},
    {"admission", "audit", "documents", "casefiles", "certs", "bootstrap", "manifests"},
    {"server", "metrics", "reload", "logs", "cli"},
]
LEVEL = {name: level for level, names in enumerate(LAYERS) for name in names}


def _top_module(path: Path) -> str:
    relative = path.relative_to(PACKAGE).with_suffix("")
    return relative.parts[0]


def _imported(tree: ast.AST) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("webhook."):
            found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("webhook.")}
    return found


SOURCES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or p.parent != PACKAGE)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_only_go_down(path: Path) -> None:
    module = _top_module(path)
    level = LEVEL.get(module, len(LAYERS) - 1)
    upward = {
        name for name in _imported(ast.parse(path.read_text())) if LEVEL.get(name, len(LAYERS) - 1) > level
    }
    assert not upward, f"{path.relative_to(PACKAGE)} ({module}) imports from a higher layer: {sorted(upward)}"
