"""Readiness (``writable()``, /readyz) of every store kind notices trouble before a review does.

- The writer process in ``batch`` mode: no caller waits for a commit, so a commit stuck on a lock
  (or a writer that stopped) used to leave the store ready until the store's lock timeout failed it.
- SQLite and JSON Lines stores that sit idle are probed like PostgreSQL: a database another
  process holds a write transaction on, or a JSON Lines file removed or rotated away, is seen
  within a probe interval, not at the next review."""

from __future__ import annotations

import asyncio
import signal
import time
from contextlib import closing
from pathlib import Path

import pytest
from polling import wait_for

from webhook.audit import open_trail, pipe
from webhook.audit.pipe import PipeAuditStore
from webhook.audit.verify import verify
from webhook.config import Settings
from webhook.decision import Decision


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
