"""/readyz over a PostgreSQL store whose chain head another session holds (a transaction left
open): every batch would wait for the lock timeout and fail, so the store must report itself not
writable within seconds, with or without reviews arriving, and writable again once the lock goes.
It used to stay ready: its probe was a ``SELECT 1`` that takes no lock, and an idle store was never
probed at all."""

from __future__ import annotations

import threading
import time
from contextlib import closing

import psycopg
import pytest
from polling import wait_for
from starlette.testclient import TestClient

from webhook.audit import open_server_store, open_trail
from webhook.audit.postgres import PostgresSink
from webhook.audit.record import GENESIS
from webhook.audit.verify import verify
from webhook.config import Settings
from webhook.decision import Decision
from webhook.errors import AuditError
from webhook.policies import PolicySet
from webhook.server import create_app

from .conftest import OpenStore


def hold_chain_head(url: str, writer: str) -> psycopg.Connection[object]:
    """A session holding ``writer``'s audit_heads row in an open transaction."""
    holder: psycopg.Connection[object] = psycopg.connect(url)
    assert holder.execute("SELECT seq FROM audit_heads WHERE writer = %s FOR UPDATE", (writer,)).fetchone() is not None
    return holder


def test_an_idle_store_is_unready_while_its_chain_head_is_held_and_ready_once_released(
    pg_url: str, make_store: OpenStore, sample_decisions: list[Decision]
) -> None:
    store = make_store(pg_url)
    store.record(sample_decisions[0], 1.0)
    assert store.writable()
    with closing(hold_chain_head(pg_url, "w1")) as holder:
        started = time.monotonic()
        assert wait_for(lambda: not store.writable(), 6.0), "still ready while every batch would fail"
        assert time.monotonic() - started < 4.0  # one idle probe interval and its short lock wait
        time.sleep(2.5)  # the probes that follow keep failing: no flapping back to ready
        assert not store.writable()
        holder.rollback()
        assert wait_for(store.writable, 4.0)
    store.record(sample_decisions[1], 1.0)  # raises AuditError if this commit failed
    store.close()
    with closing(open_trail(pg_url)) as trail:
        report = verify(trail)
    assert report.ok and report.records == 2, report.problems


def test_a_commit_waiting_on_the_lock_makes_the_store_unready_before_its_lock_timeout(
    pg_url: str, make_store: OpenStore, sample_decisions: list[Decision], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(PostgresSink, "probe_interval", None, raising=False)  # no idle probe: the stalled commit alone tells
    store = make_store(pg_url)
    store.record(sample_decisions[0], 1.0)
    errors: list[AuditError] = []

    def record() -> None:
        try:
            store.record(sample_decisions[1], 1.0)
        except AuditError as exc:
            errors.append(exc)

    with closing(hold_chain_head(pg_url, "w1")) as holder:
        waiting = threading.Thread(target=record)
        waiting.start()
        assert wait_for(lambda: not store.writable(), 5.0), "ready while a commit waited on a lock"
        assert waiting.is_alive()  # before the 10 s lock timeout failed it
        holder.rollback()
        waiting.join(10.0)
    assert not waiting.is_alive() and errors == []  # committed once the lock went away
    assert wait_for(store.writable, 2.0)


def test_readyz_of_the_server_store_reports_a_held_chain_head_before_any_review(pg_url: str, policies: PolicySet) -> None:
    """The server's store is a writer process: its probes reach /readyz from startup on."""
    store = open_server_store(Settings(audit_url=pg_url, audit_durability="durable", audit_writer_process=True))
    writer = store.writer  # type: ignore[attr-defined]
    with psycopg.connect(pg_url, autocommit=True) as conn:  # the head row, as a first commit leaves it
        conn.execute("INSERT INTO audit_heads (writer, seq, hash) VALUES (%s, 0, %s)", (writer, GENESIS))

    def audit_check(client: TestClient) -> str:
        check: str = client.get("/readyz").json()["checks"]["audit"]
        return check

    with TestClient(create_app(Settings(), policies=policies, audit=store)) as client:
        assert audit_check(client) == "ok"
        with closing(hold_chain_head(pg_url, writer)) as holder:
            assert wait_for(lambda: audit_check(client) == "not writable", 6.0)
            holder.rollback()
            assert wait_for(lambda: audit_check(client) == "ok", 4.0)
