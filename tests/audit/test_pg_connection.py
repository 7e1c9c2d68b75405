"""The PostgreSQL sink over a connection the server dropped while it was idle (a restart, a
failover, a proxy's or firewall's idle timeout): the next record must not be refused for it. And
values PostgreSQL text cannot hold (NUL), which SQLite stores."""

from __future__ import annotations

import io
import threading
import time
from contextlib import closing
from typing import Any

import orjson
import psycopg
import pytest
from polling import wait_for

from webhook.admission import Decision
from webhook.audit import open_trail, postgres, writer
from webhook.audit.base import Filters, Trail
from webhook.audit.export import export
from webhook.audit.postgres import PostgresSink
from webhook.audit.verify import verify
from webhook.errors import AuditError
from webhook.policies import PolicySet

from .conftest import OpenStore
from .helpers import decide, deployment
from .tamper import database


def _drop_other_connections(url: str) -> int:
    """Terminate every connection to the database of ``url`` (from one to its server's postgres database)."""
    admin, name = url.rsplit("/", 1)[0] + "/postgres", url.rsplit("/", 1)[1]
    with psycopg.connect(admin, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", (name,)
        ).fetchall()
    return len(rows)


def test_a_connection_dropped_while_idle_is_replaced_without_refusing_a_record(
    pg_url: str, make_store: OpenStore, sample_decisions: list[Decision]
) -> None:
    store = make_store(pg_url)
    store.record(sample_decisions[0], 1.0)
    assert _drop_other_connections(pg_url) >= 1
    for decision in sample_decisions:  # durable: each raises AuditError if its commit failed
        store.record(decision, 1.0)
    assert store.writable()
    store.close()
    with closing(open_trail(pg_url)) as trail:
        report = verify(trail)
    assert report.ok, report.problems
    assert report.records == 1 + len(sample_decisions)  # none lost, none written twice


def test_a_dropped_connection_is_retried_once_only(pg_url: str, make_store: OpenStore, sample_decisions: list[Decision]) -> None:
    """While the database is really unreachable the record still fails (fail closed)."""
    store = make_store(pg_url)
    store.record(sample_decisions[0], 1.0)
    admin, name = pg_url.rsplit("/", 1)[0] + "/postgres", pg_url.rsplit("/", 1)[1]
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
    try:
        _drop_other_connections(pg_url)
        try:
            store.record(sample_decisions[1], 1.0)
        except Exception as exc:  # noqa: BLE001 - the AuditError the server turns into a denial
            assert "cannot connect" in str(exc) or "cannot commit" in str(exc)
        else:
            raise AssertionError("a record was acknowledged while the database refused connections")
        assert not store.writable()
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')


def test_a_user_name_or_namespace_holding_nul_is_recorded_and_verified_on_every_store(
    db_url: str, make_store: OpenStore, policies: PolicySet
) -> None:
    """PostgreSQL text cannot hold NUL: such a record used to fail its commit (its request denied) and
    with it every other record of its batch (other users' requests)."""
    decisions = [
        decide(policies, deployment("web", "shop"), user="ali\x00ce"),
        decide(policies, deployment("api", "sh\x00op", compliant=True), user="bob"),
        decide(policies, deployment("db", "data", compliant=True), user="carol"),
    ]
    store = make_store(db_url, durability="batch")
    for decision in decisions:
        store.record(decision, 1.0)
    store.close()  # commits the batch: raises AuditError if it failed
    with closing(open_trail(db_url)) as trail:
        report = verify(trail)
        assert report.ok, report.problems
        assert report.records == 3
        assert [r["uid"] for r in _exported(trail, Filters(user="ali\x00ce"))] == [decisions[0].uid]
        assert [r["uid"] for r in _exported(trail, Filters(namespace="sh\x00op"))] == [decisions[1].uid]
        assert [r["user"]["username"] for r in _exported(trail, Filters())] == ["ali\x00ce", "bob", "carol"]
    with database(db_url) as db:  # the indexed column is still checked against the hashed content
        db.run("UPDATE audit_records SET username = ? WHERE username = ?", "bob", "carol")
    with closing(open_trail(db_url)) as trail:
        assert [(p.kind, p.seq) for p in verify(trail).problems] == [("edited", 3)]


def _exported(trail: Trail, filters: Filters) -> list[dict[str, Any]]:
    out = io.BytesIO()
    export(trail, filters, "jsonl", out)
    return [orjson.loads(line) for line in out.getvalue().splitlines()]


@pytest.mark.parametrize("durability", ["durable", "batch"])
def test_durable_commits_wait_for_the_disk_whatever_the_database_default(
    durability: str, pg_url: str, make_store: OpenStore, sample_decisions: list[Decision]
) -> None:
    name = pg_url.rsplit("/", 1)[1]
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
    store = make_store(pg_url, durability=durability)
    store.record(sample_decisions[0], 1.0)
    store.flush()  # the writer thread is idle: its connection can be asked
    sink = store.sink
    assert isinstance(sink, PostgresSink)
    setting = sink.conn.execute("SHOW synchronous_commit").fetchone()
    sink.conn.rollback()
    assert setting == ("on" if durability == "durable" else "off",)


def test_a_batch_waiting_on_a_locked_chain_head_fails_on_the_lock_timeout_and_the_writer_recovers(
    pg_url: str, make_store: OpenStore, sample_decisions: list[Decision], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another session holding this writer's audit_heads row (a transaction left open, a stuck second
    writer of the same name) used to block the writer thread until it let go, long after its callers
    had given up; now the batch fails on the lock timeout, writes nothing, and the next one commits."""
    monkeypatch.setattr(postgres, "LOCK_TIMEOUT_MS", 1000, raising=False)
    monkeypatch.setattr(writer, "COMMIT_TIMEOUT", 5.0)  # callers' patience, short for the test
    store = make_store(pg_url)
    store.record(sample_decisions[0], 1.0)
    with psycopg.connect(pg_url) as holder:
        holder.execute("SELECT seq FROM audit_heads WHERE writer = 'w1' FOR UPDATE").fetchone()
        started = time.monotonic()
        with pytest.raises(AuditError) as failure:
            store.record(sample_decisions[1], 1.0)
        assert time.monotonic() - started < 4.0  # the lock timeout, not the callers' commit timeout
        message = str(failure.value)
        assert "lock_timeout" in message and "audit_heads" in message and "cannot commit 1 records" in message
        assert "not-a-real-password" not in message
        assert not store.writable()
        holder.rollback()  # the lock goes away
    store.record(sample_decisions[2], 1.0)  # raises AuditError if this commit failed
    store.close()
    with closing(open_trail(pg_url)) as trail:
        report = verify(trail)
        assert report.ok, report.problems
        assert report.records == 2  # the failed batch left nothing behind, the next was written once
        uids = [orjson.loads(fields[-1])["uid"] for fields, _ in trail.select(Filters())]
    assert uids == [sample_decisions[0].uid, sample_decisions[2].uid]


def test_a_connection_terminated_mid_commit_fails_that_batch_only_and_loses_or_doubles_nothing(
    pg_url: str, make_store: OpenStore, sample_decisions: list[Decision]
) -> None:
    """The writer's backend terminated (pg_terminate_backend: an administrator, a failover) while its
    batch is inside the transaction, past its first statement: that batch fails (it is not retried:
    such a commit may have landed), nothing of it is written, and the next batch commits on a new
    connection, continuing the chain."""
    store = make_store(pg_url)
    store.record(sample_decisions[0], 1.0)
    sink = store.sink
    assert isinstance(sink, PostgresSink)
    backend = sink.conn.info.backend_pid
    outcome: list[BaseException | None] = []
    with psycopg.connect(pg_url) as holder:
        holder.execute("SELECT seq FROM audit_heads WHERE writer = 'w1' FOR UPDATE").fetchone()  # the batch waits here
        waiting = threading.Thread(target=lambda: outcome.append(_raised(store.record, sample_decisions[1], 1.0)))
        waiting.start()

        with psycopg.connect(pg_url, autocommit=True) as admin:  # each statement a fresh view of pg_stat_activity

            def blocked() -> bool:
                row = admin.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", (backend,)).fetchone()
                return row is not None and row[0] == "Lock"

            assert wait_for(blocked, 5.0), "the batch never waited on the chain head"
            assert admin.execute("SELECT pg_terminate_backend(%s)", (backend,)).fetchone() == (True,)
        waiting.join(10)
        holder.rollback()
    assert len(outcome) == 1 and isinstance(outcome[0], AuditError), outcome
    assert "cannot commit 1 records" in str(outcome[0]) and "not-a-real-password" not in str(outcome[0])
    store.record(sample_decisions[2], 1.0)  # a new connection: raises AuditError if this commit failed
    assert sink.conn.info.backend_pid != backend
    assert wait_for(store.writable, 3.0)
    store.close()
    with closing(open_trail(pg_url)) as trail:
        report = verify(trail)
        assert report.ok, report.problems
        uids = [orjson.loads(fields[-1])["uid"] for fields, _ in trail.select(Filters())]
    assert uids == [sample_decisions[0].uid, sample_decisions[2].uid]


def _raised(call: Any, *args: Any) -> BaseException | None:
    try:
        call(*args)
    except BaseException as exc:  # noqa: BLE001 - handed to the test thread
        return exc
    return None
