"""Canary: fake secret values in manifests never reach a record, a store, an export or a message.

The manifests carry the values in env vars, a DSN, ConfigMap data and the
``kubectl.kubernetes.io/last-applied-configuration`` annotation; the raw bytes of every store
(SQLite file and WAL, JSON Lines file, PostgreSQL tables) and of every export format are searched.
"""

from __future__ import annotations

import datetime as dt
import io
from contextlib import closing
from pathlib import Path
from typing import Any

import orjson
import psycopg
import pytest

from webhook.admission import Decision
from webhook.audit import open_trail
from webhook.audit.base import Filters
from webhook.audit.export import FORMATS, export
from webhook.audit.record import build_record, canonical
from webhook.cli import main
from webhook.policies import PolicySet

from .conftest import OpenStore
from .helpers import assert_no_canary, decide, deployment

CANARIES = (
    "canary-pw-7Q3xZ",
    "canary-dsn-9Kp2",
    "canary-cm-token-4Rt8",
    "canary-cm-inline-5Wq1",
    "AKIACANARY0000000042",
)


def canary_manifests() -> list[dict[str, Any]]:
    env = [
        {"name": "DB_PASSWORD", "value": CANARIES[0]},
        {"name": "DATABASE_URL", "value": f"postgres://app:{CANARIES[1]}@db.internal:5432/app"},
        {"name": "AWS_ACCESS_KEY_ID", "value": CANARIES[4]},
    ]
    workload = deployment("payments", "finance", env=env)
    workload["metadata"]["annotations"] = {
        "kubectl.kubernetes.io/last-applied-configuration": orjson.dumps(deployment("payments", "finance", env=env)).decode()
    }
    compliant = deployment("ledger", "finance", env=env, compliant=True)
    configmap = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "settings", "namespace": "finance"},
        "data": {"api_token": CANARIES[2], "config.yaml": f"password: {CANARIES[3]}\n"},
    }
    configmap["metadata"]["annotations"] = {"kubectl.kubernetes.io/last-applied-configuration": orjson.dumps(configmap).decode()}
    return [workload, compliant, configmap]


@pytest.fixture(scope="module")
def canary_decisions(policies: PolicySet) -> list[Decision]:
    decisions = [decide(policies, m, mode=mode) for m in canary_manifests() for mode in ("validate", "mutate", "full")]
    flagged = {f.policy for d in decisions for f in d.findings}
    assert "disallow-plaintext-secrets" in flagged, "the canaries must be seen as secrets, or the test proves little"
    return decisions


def assert_clean(data: bytes, where: str) -> None:
    assert_no_canary(data, where, CANARIES)


def test_records_hold_no_canary(canary_decisions: list[Decision]) -> None:
    for decision in canary_decisions:
        assert_clean(canonical(build_record(decision, 1.0)), "a record")


@pytest.mark.parametrize("kind", ["sqlite", "jsonl", "postgresql"])
def test_no_canary_in_stores_or_exports(
    kind: str, tmp_path: Path, make_store: OpenStore, canary_decisions: list[Decision], request: pytest.FixtureRequest,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    url = {"sqlite": f"sqlite:{tmp_path / 'a.db'}", "jsonl": f"jsonl:{tmp_path / 'a.jsonl'}"}.get(kind) or request.getfixturevalue("pg_url")
    store = make_store(url)
    for decision in canary_decisions:
        store.record(decision, 2.5)
    if kind == "sqlite":
        for file in tmp_path.glob("a.db*"):  # the database and its WAL, before the checkpoint on close
            assert_clean(file.read_bytes(), file.name)
    store.close()
    for file in tmp_path.iterdir():
        assert_clean(file.read_bytes(), file.name)
    if kind == "postgresql":
        with psycopg.connect(url) as conn:
            for table in ("audit_records", "audit_heads"):
                dump = conn.execute(f"SELECT t::text FROM {table} t").fetchall()
                assert dump
                assert_clean("\n".join(r[0] for r in dump).encode(), table)
    with closing(open_trail(url)) as trail:
        for fmt in FORMATS:
            out = io.BytesIO()
            assert export(trail, Filters(), fmt, out) == len(canary_decisions)
            assert_clean(out.getvalue(), f"the {fmt} export")
    assert main(["audit", "verify", "--audit", url]) == 0
    assert main(["audit", "export", "--audit", url, "--format", "csv"]) == 0
    captured = capsys.readouterr()
    assert_clean((captured.out + captured.err).encode(), "CLI output")
    if kind != "jsonl":  # a pruned SQL trail: its jsonl export starts with a header per pruned chain
        tomorrow = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1)).date().isoformat()
        assert main(["audit", "prune", "--audit", url, "--before", tomorrow]) == 0
        exported = tmp_path / "pruned.jsonl"
        assert main(["audit", "export", "--audit", url, "--format", "jsonl", "--output", str(exported)]) == 0
        assert exported.read_bytes().startswith(b'{"continues":')
        assert main(["audit", "verify", "--audit", f"jsonl:{exported}"]) == 0
        captured = capsys.readouterr()
        assert_clean((captured.out + captured.err).encode(), "prune, export and verify output")
        assert_clean(exported.read_bytes(), "the export of the pruned trail")


def test_store_errors_carry_no_values(tmp_path: Path, make_store: OpenStore, canary_decisions: list[Decision]) -> None:
    store = make_store(f"sqlite:{tmp_path / 'b.db'}")
    store.sink.close()  # the connection is gone: every commit fails
    from webhook.errors import AuditError

    with pytest.raises(AuditError) as failure:
        store.record(canary_decisions[0], 1.0)
    assert "cannot commit" in str(failure.value)
    assert_clean(str(failure.value).encode(), "the error message")
