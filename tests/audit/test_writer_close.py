"""Closing the in-process writer (``railguard serve`` with the writer process off, at every stop):
the records still pending are committed, and the writer thread ends quietly. A loop that went on
past the end of its input would print an "Exception in thread" traceback on stderr at every stop."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from webhook.audit import open_store
from webhook.config import Settings
from webhook.decision import Decision


@pytest.mark.parametrize("durability", ["durable", "batch"])
def test_close_commits_what_is_pending_and_the_writer_thread_ends_without_an_error(
    durability: str, tmp_path: Path, sample_decisions: list[Decision], monkeypatch: pytest.MonkeyPatch
) -> None:
    crashed: list[str] = []
    monkeypatch.setattr(threading, "excepthook", lambda hook: crashed.append(f"{hook.exc_type.__name__} in {hook.thread}"))
    database = tmp_path / "audit.db"
    store = open_store(Settings(audit_url=f"sqlite:{database}", audit_durability=durability), writer="w1")
    for decision in sample_decisions:
        store.record(decision, 1.0)  # batch: queued, committed by the next batch or at close
    store.close()
    assert not store._thread.is_alive()
    assert crashed == []
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT count(*) FROM audit_records").fetchone()[0] == len(sample_decisions)
