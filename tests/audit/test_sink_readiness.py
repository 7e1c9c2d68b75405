"""Readiness (``writable()``, /readyz) of every store kind notices trouble before a review does.

- The writer process in ``batch`` mode: no caller waits for a commit, so a commit stuck on a lock
  (or a writer that stopped) used to leave the store ready until the store's lock timeout failed it.
- SQLite and JSON Lines stores that sit idle are probed like PostgreSQL: a database another
  process holds a write transaction on, or a JSON Lines file removed or rotated away, is seen
  within a probe interval, not at the next review."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import time
from contextlib import closing
from pathlib import Path

import pytest
import orjson
from polling import wait_for
from starlette.testclient import TestClient

from webhook.audit import open_server_store, open_trail, open_trails, pipe
from webhook.audit.pipe import PipeAuditStore
from webhook.audit.verify import verify
from webhook.config import Settings
from webhook.decision import Decision
from webhook.errors import AuditError
from webhook.policies import PolicySet
from webhook.server import create_app

from .conftest import OpenStore

PROBE_INTERVAL = 2.0  # webhook.audit.base.PROBE_INTERVAL: the idle probes of every store kind


def test_a_batch_writer_stuck_in_a_commit_is_unready_within_the_stall_time(
    tmp_path: Path, sample_decisions: list[Decision], monkeypatch: pytest.MonkeyPatch
) -> None:
    stall = 0.5
    monkeypatch.setattr(pipe, "COMMIT_STALL", stall)
    database = tmp_path / "audit.db"
    store = PipeAuditStore(Settings(audit_url=f"sqlite:{database}", audit_durability="batch"), writer="pipe-stall")
    seen: dict[str, object] = {}

    async def poll_writable(seconds: float) -> list[bool]:
        states: list[bool] = []
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            states.append(store.writable())
            await asyncio.sleep(0.05)
        return states

    async def run() -> None:
        # healthy: records sent all the time, each committed within the batch interval: ready throughout
        for decision in sample_decisions * 6:
            assert store.submit(decision, 1.0) is None
            assert store.writable()
            await asyncio.sleep(0.08)
        assert store._child is not None
        child = store._child.process
        child.send_signal(signal.SIGSTOP)  # the commit of the next record never ends, as one stuck on a lock
        try:
            sent = time.monotonic()
            store.submit(sample_decisions[0], 1.0)
            states = await poll_writable(stall + 1.5)
            seen["unready_after"] = next((i for i, ok in enumerate(states) if not ok), None)
            seen["failure"] = store._failure
            seen["elapsed"] = time.monotonic() - sent
        finally:
            child.send_signal(signal.SIGCONT)
        for _ in range(100):  # its commit ends: ready again
            if store.writable():
                break
            await asyncio.sleep(0.05)
        seen["ready_again"] = store.writable()
        await store.aclose()

    asyncio.run(run())
    assert seen["unready_after"] is not None, "ready while the batch writer had not committed for seconds"
    assert seen["failure"] is None  # the stall rule told, not a failed commit
    assert seen["ready_again"] is True
    with closing(open_trail(f"sqlite:{database}")) as trail:
        report = verify(trail)
    assert report.ok and report.records == len(sample_decisions) * 6 + 1, report.problems


def hold_write_lock(database: Path) -> sqlite3.Connection:
    """Another connection with a write transaction open on the database (another process, a stuck
    ``railguard audit prune``...): every batch would wait the 10 s busy timeout and fail."""
    holder = sqlite3.connect(database, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    return holder


def test_an_idle_sqlite_store_is_unready_while_another_connection_holds_the_write_lock(
    tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision]
) -> None:
    database = tmp_path / "audit.db"
    store = make_store(f"sqlite:{database}")
    assert store.sink.probe_interval == PROBE_INTERVAL
    store.record(sample_decisions[0], 1.0)
    assert store.writable()
    with closing(hold_write_lock(database)) as holder:
        started = time.monotonic()
        assert wait_for(lambda: not store.writable(), PROBE_INTERVAL + 3.0), "still ready while every batch would fail"
        # one idle probe interval and its short busy wait, not the stall rule over a 10 s busy wait
        assert time.monotonic() - started < PROBE_INTERVAL + 1.5
        assert store._failure is not None and "write transaction" in str(store._failure)
        holder.rollback()
        assert wait_for(store.writable, 3.0)
    store.record(sample_decisions[1], 1.0)  # raises AuditError if this commit failed
    store.close()
    with closing(open_trail(f"sqlite:{database}")) as trail:
        report = verify(trail)
    assert report.ok and report.records == 2, report.problems


def test_the_sqlite_probe_does_not_hold_back_the_next_batch(
    tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision]
) -> None:
    """A probe that found the lock held has given up within a second, so a review arriving after
    it is committed as soon as the lock goes, not after a probe's own 10 s wait."""
    database = tmp_path / "audit.db"
    store = make_store(f"sqlite:{database}")
    store.record(sample_decisions[0], 1.0)
    holder = hold_write_lock(database)
    try:
        assert wait_for(lambda: not store.writable(), PROBE_INTERVAL + 3.0)
        assert wait_for(lambda: store._busy_since is None, 1.0)  # the probe is over: the store is not busy
    finally:
        holder.rollback()
        holder.close()
    started = time.monotonic()
    store.record(sample_decisions[1], 1.0)
    assert time.monotonic() - started < 2.0
    assert wait_for(store.writable, 3.0)


def audit_check(client: TestClient) -> str:
    """The audit store's line of /readyz."""
    check: str = client.get("/readyz").json()["checks"]["audit"]
    return check


def test_readyz_of_the_server_store_reports_a_locked_sqlite_database_before_any_review(
    tmp_path: Path, policies: PolicySet
) -> None:
    """The server's store is a writer process: its idle probes reach /readyz from startup on."""
    database = tmp_path / "audit.db"
    store = open_server_store(Settings(audit_url=f"sqlite:{database}", audit_durability="durable", audit_writer_process=True))

    with TestClient(create_app(Settings(), policies=policies, audit=store)) as client:
        assert audit_check(client) == "ok"
        with closing(hold_write_lock(database)) as holder:
            assert wait_for(lambda: audit_check(client) == "not writable", PROBE_INTERVAL + 3.0)
            assert client.get("/readyz").status_code == 503
            holder.rollback()
            assert wait_for(lambda: audit_check(client) == "ok", 4.0)


def test_readyz_of_the_server_store_reports_a_removed_json_lines_file_before_any_review(
    tmp_path: Path, policies: PolicySet, sample_decisions: list[Decision]
) -> None:
    path = tmp_path / "audit.jsonl"
    store = open_server_store(Settings(audit_url=f"jsonl:{path}", audit_durability="durable", audit_writer_process=True))

    with TestClient(create_app(Settings(), policies=policies, audit=store)) as client:
        assert audit_check(client) == "ok"
        path.unlink()  # the records written after this would be lost with the file
        started = time.monotonic()
        assert wait_for(lambda: audit_check(client) == "not writable", PROBE_INTERVAL + 3.0), "ready with its file gone"
        assert time.monotonic() - started < PROBE_INTERVAL + 1.5
        assert "removed" in str(store._failure)  # type: ignore[attr-defined]
        time.sleep(PROBE_INTERVAL)
        assert audit_check(client) == "not writable"  # the file does not come back by itself
    assert not path.exists()


def test_an_idle_json_lines_store_follows_a_rotation_before_the_next_record(
    tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision]
) -> None:
    """Renamed away (logrotate 'create' without the empty file): the probe opens the file at the
    path and continues the chain there while no review arrives, so the new file exists (a log
    shipper can follow it) and a store that cannot create it is unready at once."""
    path, rotated = tmp_path / "audit.jsonl", tmp_path / "audit.jsonl.1"
    store = make_store(f"jsonl:{path}")
    assert store.sink.probe_interval == PROBE_INTERVAL
    store.record(sample_decisions[0], 1.0)
    os.rename(path, rotated)
    assert wait_for(path.exists, PROBE_INTERVAL + 3.0), "the rotation waited for the next record"
    assert store.writable()
    header = orjson.loads(path.read_bytes().splitlines()[0])
    assert header["continues"]["seq"] == 1
    store.record(sample_decisions[1], 1.0)
    store.close()
    with closing(open_trails([f"jsonl:{rotated}", f"jsonl:{path}"])) as trail:
        report = verify(trail)
    assert report.ok and report.records == 2, report.problems


def test_an_idle_sqlite_store_on_a_nearly_full_disk_is_unready_and_readyz_says_why(
    tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision], policies: PolicySet, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The idle probe looks at the free space of the database's folder: a full disk used to be seen
    only by the review whose commit it failed."""
    from webhook.audit import sqlite as sqlite_store

    database = tmp_path / "audit.db"
    store = make_store(f"sqlite:{database}")
    store.record(sample_decisions[0], 1.0)
    real_statvfs = os.statvfs
    free_blocks = {"n": 1 << 30}
    asked: list[str] = []

    def statvfs(path: str) -> os.statvfs_result:
        asked.append(os.fspath(path))
        found = real_statvfs(path)
        fields = list(found)
        fields[0] = fields[1] = 4096  # f_bsize, f_frsize
        fields[4] = free_blocks["n"]  # f_bavail
        return os.statvfs_result(fields)

    monkeypatch.setattr(sqlite_store.os, "statvfs", statvfs)
    with TestClient(create_app(Settings(), policies=policies, audit=store)) as client:
        assert audit_check(client) == "ok"
        free_blocks["n"] = 1024  # 4 MiB left
        assert wait_for(lambda: not store.writable(), PROBE_INTERVAL + 3.0), "ready on a nearly full disk"
        answer = client.get("/readyz")
        assert answer.status_code == 503
        assert answer.json()["checks"]["audit"] == "not writable: the audit disk is nearly full"
        # a shortage of room, not a store failure (which would make a batch store refuse records)
        assert store._failure is None
        assert "nearly full" in str(store._short) and "4 MiB free" in str(store._short)
        assert str(tmp_path) in asked
        free_blocks["n"] = 1 << 30  # space freed: ready again at the next probe
        assert wait_for(store.writable, 3.0)
        assert audit_check(client) == "ok"
