"""Fixtures for the audit tests: decisions from real manifests, and stores of every kind."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from .helpers import decide, deployment
from .pg import fresh_database, postgres_server
from webhook.admission import Decision
from webhook.audit import GroupCommitStore, open_store
from webhook.config import Settings
from webhook.policies import PolicySet

_counter = itertools.count()


@pytest.fixture(scope="session")
def sample_decisions(policies: PolicySet) -> list[Decision]:
    """Denied, warned/allowed and mutated decisions across namespaces, users and a cluster-scoped kind."""
    out = [
        decide(policies, deployment("web", "shop"), user="alice"),
        decide(policies, deployment("api", "shop", compliant=True), user="bob"),
        decide(policies, deployment("batch", "data", compliant=True), user="alice", mode="mutate"),
        decide(policies, deployment("db", "data", env=[{"name": "DB_PASSWORD", "value": "x-not-secret-x"}], compliant=True), user="carol"),
        decide(policies, {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "team-a"}}, user="admin"),
    ]
    assert {d.verdict for d in out} >= {"denied", "allowed"}
    return out


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    yield from postgres_server()


@pytest.fixture
def pg_url(pg_server: str, request: pytest.FixtureRequest) -> str:
    name = "t_" + "".join(c if c.isalnum() else "_" for c in request.node.name.lower())[:50] + f"_{next(_counter)}"
    return fresh_database(pg_server, name)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh SQL trail of each kind."""
    if request.param == "sqlite":
        return f"sqlite:{tmp_path / 'audit.db'}"
    url: str = request.getfixturevalue("pg_url")
    return url


OpenStore = Callable[..., GroupCommitStore]


@pytest.fixture
def make_store() -> Iterator[OpenStore]:
    opened: list[GroupCommitStore] = []

    def make(url: str, writer: str = "w1", durability: str = "durable", **tuning: Any) -> GroupCommitStore:
        store = open_store(Settings(audit_url=url, audit_durability=durability), writer=writer, **tuning)
        opened.append(store)
        return store

    yield make
    for store in opened:
        store.close()
