"""The writer process's watchdog and readiness after its death: a commit slower than a watchdog tick
but within COMMIT_TIMEOUT is waited for (its record is committed, not failed); a writer stalled past
COMMIT_TIMEOUT is killed, so that the review waiting for it fails instead of waiting for ever; and
a batch store whose writer died holding records is ready again once a new writer runs."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
from pathlib import Path

import orjson
import pytest

from webhook.audit import pipe
from webhook.audit.pipe import PipeAuditStore
from webhook.config import Settings
from webhook.decision import Decision
from webhook.errors import AuditError


def uids(database: Path) -> list[str]:
    with sqlite3.connect(database) as conn:
        return [orjson.loads(row[0])["uid"] for row in conn.execute("SELECT body FROM audit_records ORDER BY id")]


def test_a_slow_commit_is_waited_for_and_a_stalled_writer_is_killed(
    tmp_path: Path, sample_decisions: list[Decision], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipe, "COMMIT_TIMEOUT", 2.5)
    monkeypatch.setattr(pipe, "RESTART_INTERVAL", 60.0)
    database = tmp_path / "audit.db"
    store = PipeAuditStore(Settings(audit_url=f"sqlite:{database}", audit_durability="durable"), writer="pipe-watchdog")

    async def run() -> None:
        await store.arecord(sample_decisions[0], 1.0)
        assert store._child is not None
        child = store._child.process
        child.send_signal(signal.SIGSTOP)  # a commit that takes 1.6 s: past a watchdog tick (1 s)
        slow = asyncio.ensure_future(store.arecord(sample_decisions[1], 1.0))
        await asyncio.sleep(1.6)
        child.send_signal(signal.SIGCONT)
        await asyncio.wait_for(slow, 10)  # committed: the writer was not killed for it
        assert store._child is not None and store._child.process is child and child.poll() is None
        child.send_signal(signal.SIGSTOP)  # now stalled for good
        with pytest.raises(AuditError, match="audit writer process exited"):
            await asyncio.wait_for(store.arecord(sample_decisions[2], 1.0), 10)
        # killed: reaped within a bounded wait (the kernel may not have ended it by the time the error is raised)
        assert child.wait(timeout=10) == -signal.SIGKILL and not store.writable()
        await store.aclose()

    asyncio.run(run())
    assert uids(database) == [sample_decisions[0].uid, sample_decisions[1].uid]


def test_a_batch_store_whose_writer_died_holding_records_is_ready_again_with_the_next_writer(
    tmp_path: Path, sample_decisions: list[Decision], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipe, "COMMIT_STALL", 0.3)  # unready once a sent record waits 0.3 s + BATCH_INTERVAL
    monkeypatch.setattr(pipe, "RESTART_INTERVAL", 0.05)
    store = PipeAuditStore(Settings(audit_url=f"sqlite:{tmp_path / 'audit.db'}", audit_durability="batch"), writer="pipe-marks")

    async def run() -> None:
        store.attach()
        assert store._child is not None
        old = store._child.process
        old.send_signal(signal.SIGSTOP)
        assert store.submit(sample_decisions[0], 1.0) is None  # sent, never acknowledged
        await asyncio.sleep(0.1)
        old.kill()  # its record is lost with it (batch): nothing is left waiting for an acknowledgement
        for _ in range(100):
            await asyncio.sleep(0.05)
            if store._child is not None and store._child.process is not old:
                break
        else:
            raise AssertionError("no new writer")
        await asyncio.sleep(1.0)  # well past the stall time: no record is waiting
        assert store.writable()
        await store.aclose()

    asyncio.run(run())


def test_records_beyond_max_pending_are_refused_while_the_writer_lags(
    tmp_path: Path, sample_decisions: list[Decision], monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(audit_url=f"sqlite:{tmp_path / 'audit.db'}", audit_durability="durable")
    store = PipeAuditStore(settings, writer="pipe-pending", max_pending=2)

    async def run() -> None:
        assert store._child is not None
        store._child.process.send_signal(signal.SIGSTOP)
        waiting = [future for d in sample_decisions[:2] if (future := store.submit(d, 1.0)) is not None]
        assert len(waiting) == 2
        with pytest.raises(AuditError, match="not keeping up"):
            store.submit(sample_decisions[2], 1.0)
        store._child.process.send_signal(signal.SIGCONT)
        await asyncio.wait_for(asyncio.gather(*waiting), 10)
        await store.aclose()

    asyncio.run(run())
    assert uids(tmp_path / "audit.db") == [d.uid for d in sample_decisions[:2]]


def test_no_record_is_taken_while_the_store_closes_and_release_logs_no_error(
    tmp_path: Path, sample_decisions: list[Decision], caplog: pytest.LogCaptureFixture
) -> None:
    store = PipeAuditStore(Settings(audit_url=f"sqlite:{tmp_path / 'audit.db'}", audit_durability="durable"), writer="pipe-closing")

    async def run() -> None:
        await store.arecord(sample_decisions[0], 1.0)
        closing = asyncio.ensure_future(store.aclose())
        await asyncio.sleep(0)  # the close has begun: it waits for the writer's last acknowledgement
        assert store._child is not None
        with pytest.raises(AuditError, match="closed"):
            store.submit(sample_decisions[1], 1.0)  # it would wait for an acknowledgement never read
        await asyncio.wait_for(closing, 10)

    asyncio.run(run())
    assert uids(tmp_path / "audit.db") == [sample_decisions[0].uid]
    assert not [r for r in caplog.records if getattr(r, "event", None) == "audit_callback_failed"]


def test_close_after_the_writer_died_and_the_loop_ended_does_not_raise(
    tmp_path: Path, sample_decisions: list[Decision], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipe, "RESTART_INTERVAL", 60.0)
    store = PipeAuditStore(Settings(audit_url=f"sqlite:{tmp_path / 'audit.db'}", audit_durability="durable"), writer="pipe-dead-close")

    async def run() -> None:
        await store.arecord(sample_decisions[0], 1.0)
        assert store._child is not None
        store._child.process.kill()
        for _ in range(100):
            if store._child is None:
                break
            await asyncio.sleep(0.05)
        assert store._child is None

    asyncio.run(run())
    store.close()
    assert not store.writable()


def test_a_writer_that_died_while_the_server_waited_to_write_to_it_leaves_no_watch_on_its_pipe(
    tmp_path: Path, sample_decisions: list[Decision], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server blocked writing records to a writer that stopped reading (its pipe full: the loop
    watches the pipe for room), then the writer died. The watch has to go with it: left behind, the
    loop's selector still listed the closed descriptor, and a later writer's pipe given that number
    was believed watched while it was not (or watching it failed)."""
    monkeypatch.setattr(pipe, "RESTART_INTERVAL", 0.05)
    database = tmp_path / "audit.db"
    store = PipeAuditStore(Settings(audit_url=f"sqlite:{database}", audit_durability="batch"), writer="pipe-full")

    async def run() -> None:
        loop = asyncio.get_running_loop()
        store.attach()
        assert store._child is not None
        old = store._child
        old.process.send_signal(signal.SIGSTOP)  # reads nothing more: the records pipe fills
        for i in range(5000):
            store.submit(sample_decisions[i % len(sample_decisions)], 1.0)
            if store._write_blocked:
                break
            if i % 4 == 3:
                await asyncio.sleep(0)  # the end of the turn writes what is queued
        assert store._write_blocked  # the loop watches the full pipe for room
        old.process.kill()
        for _ in range(100):
            await asyncio.sleep(0.02)
            if store._child is None:
                break
        assert store._child is None and not store._write_blocked
        assert not loop.remove_writer(old.records_fd)  # no longer watched (True: it still was)
        for _ in range(200):
            await asyncio.sleep(0.05)
            if store.writable():
                break
        assert store.writable() and store._child is not None and store._child is not old
        store.submit(sample_decisions[0], 1.0)  # the new writer takes records
        await store.aclose()

    asyncio.run(run())
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT count(*) FROM audit_records").fetchone()[0] >= 1
