"""Shared fixtures. Data from ../shared is optional: tests that need it skip cleanly without it."""

from __future__ import annotations

import shutil
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


EXAMPLE_POLICIES = Path(__file__).resolve().parents[1] / "docs" / "examples" / "policies"


@pytest.fixture()
def ours(tmp_path: Path) -> Path:
    """A team's own library: one declarative rule from the examples (require-owner-label)."""
    shutil.copytree(EXAMPLE_POLICIES / "require-owner-label", tmp_path / "ours" / "require-owner-label")
    return tmp_path / "ours"


@pytest.fixture()
def probes(tmp_path: Path) -> Path:
    """A second library: the bundled require-probes alone."""
    shutil.copytree(default_policy_dir() / "require-probes", tmp_path / "probes" / "require-probes")
    return tmp_path / "probes"
