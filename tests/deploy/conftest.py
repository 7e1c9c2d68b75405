"""Fixtures for the deployment tests: the kustomize builds of manifests/ and each overlay (cached)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import yaml

from deploy_support import KUSTOMIZATIONS, Docs, build

_cache: dict[str, str] = {}


@pytest.fixture(scope="session")
def built_text() -> Callable[[str], str]:
    def get(name: str) -> str:
        if name not in _cache:
            _cache[name] = build(KUSTOMIZATIONS[name])
        return _cache[name]

    return get


@pytest.fixture(scope="session")
def built(built_text: Callable[[str], str]) -> Callable[[str], Docs]:
    def get(name: str) -> Docs:
        return [d for d in yaml.safe_load_all(built_text(name)) if d]

    return get

