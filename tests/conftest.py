"""Shared fixtures. Data from ../shared is optional: tests that need it skip cleanly without it."""

from __future__ import annotations

from pathlib import Path

import pytest

from webhook.config import ClusterConfig, default_policy_dir
from webhook.policies import PolicySet, load_policies

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent (shared test data is optional)")
    return SHARED


@pytest.fixture(scope="session")
def policies() -> PolicySet:
    return load_policies(default_policy_dir())


@pytest.fixture(scope="session")
def cluster_config() -> ClusterConfig:
    return ClusterConfig()
