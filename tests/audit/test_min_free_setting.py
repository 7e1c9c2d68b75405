"""RAILGUARD_AUDIT_MIN_FREE_BYTES: the free space below which the SQLite store is unready (it was a
constant, 16 MiB): a volume smaller than that could never be ready, and an operator could not ask
for more room before the commits start failing."""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path

import pytest
from polling import wait_for
from starlette.testclient import TestClient

from webhook.audit import open_server_store, open_sink
from webhook.audit.base import DISK_NEARLY_FULL, PROBE_INTERVAL, unready_reason
from webhook.audit.writer import GroupCommitStore
from webhook.cli import serve_cmd
from webhook.config import Settings
from webhook.decision import Decision
from webhook.errors import AuditError, ConfigError
from webhook.policies import PolicySet
from webhook.server import create_app

from .helpers import deployment
from .test_sink_readiness import audit_check


def _free_space(monkeypatch: pytest.MonkeyPatch, free: int) -> None:
    from webhook.audit import sqlite as sqlite_store

    real_statvfs = os.statvfs

    def statvfs(path: str) -> os.statvfs_result:
        fields = list(real_statvfs(path))
        fields[0] = fields[1] = 4096  # f_bsize, f_frsize
        fields[4] = free // 4096  # f_bavail
        return os.statvfs_result(fields)

    monkeypatch.setattr(sqlite_store.os, "statvfs", statvfs)


def test_the_threshold_is_read_from_the_environment_and_checked(tmp_path: Path) -> None:
    assert Settings.from_env({}).audit_min_free_bytes == 16 << 20
    assert Settings.from_env({"RAILGUARD_AUDIT_MIN_FREE_BYTES": "1048576"}).audit_min_free_bytes == 1 << 20
    for bad in ("16Mi", "1.5", "lots", " "):
        with pytest.raises(ConfigError) as raised:
            Settings.from_env({"RAILGUARD_AUDIT_MIN_FREE_BYTES": bad})
        assert "RAILGUARD_AUDIT_MIN_FREE_BYTES" in str(raised.value)
    negative = Settings.from_env({"RAILGUARD_AUDIT_MIN_FREE_BYTES": "-1"}, tls_cert=tmp_path / "c", tls_key=tmp_path / "k")
    (tmp_path / "c").write_text("x")
    (tmp_path / "k").write_text("x")
    assert serve_cmd.check(negative) == (
        "RAILGUARD_AUDIT_MIN_FREE_BYTES must be a number of bytes >= 0 (0: no free-space check), got -1"
    )
    assert serve_cmd.check(Settings.from_env({"RAILGUARD_AUDIT_MIN_FREE_BYTES": "0"}, tls_cert=tmp_path / "c", tls_key=tmp_path / "k")) is None
    with pytest.raises(AuditError, match="RAILGUARD_AUDIT_MIN_FREE_BYTES must be a number of bytes >= 0"):
        open_sink(Settings(audit_url=f"sqlite:{tmp_path / 'a.db'}", audit_min_free_bytes=-1))


@pytest.mark.parametrize(("setting", "free", "ready"), [
    (None, 8 << 20, False),  # the default, 16 MiB
    (64 << 20, 32 << 20, False),  # more room asked for
    (4 << 20, 8 << 20, True),  # a small volume
    (0, 0, True),  # not checked
])  # fmt: skip
def test_the_sqlite_probe_uses_the_threshold(
    setting: int | None, free: int, ready: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = Settings(audit_url=f"sqlite:{tmp_path / 'audit.db'}")
    if setting is not None:
        settings = Settings(audit_url=settings.audit_url, audit_min_free_bytes=setting)
    sink = open_sink(settings)
    try:
        _free_space(monkeypatch, free)
        if ready:
            sink.ping()
        else:
            with pytest.raises(AuditError, match="the audit disk is nearly full") as raised:
                sink.ping()
            wanted = f"{(setting or 16 << 20) >> 20} MiB"
            assert f"{free >> 20} MiB free, less than {wanted}, RAILGUARD_AUDIT_MIN_FREE_BYTES" in str(raised.value)
    finally:
        sink.close()


def test_the_writer_process_is_given_the_threshold(tmp_path: Path, policies: PolicySet) -> None:
    """The server's store writes through a writer process: the setting reaches it (a threshold no
    disk meets makes /readyz 503 from its first idle probe; the default keeps it ready)."""
    url = f"sqlite:{tmp_path / 'audit.db'}"
    unready = open_server_store(Settings(audit_url=url, audit_min_free_bytes=1 << 62))
    with TestClient(create_app(Settings(), policies=policies, audit=unready)) as client:
        assert wait_for(lambda: audit_check(client) != "ok", PROBE_INTERVAL + 3.0), "ready below the free space asked for"
        assert client.get("/readyz").json()["checks"]["audit"] == "not writable: the audit disk is nearly full"
    ready = open_server_store(Settings(audit_url=url))
    with TestClient(create_app(Settings(), policies=policies, audit=ready)) as client:
        assert not wait_for(lambda: audit_check(client) != "ok", PROBE_INTERVAL + 1.0)


@pytest.mark.parametrize("writer_process", [True, False], ids=["writer-process", "writer-thread"])
def test_a_busy_store_stays_unready_while_the_disk_is_nearly_full(
    writer_process: bool, tmp_path: Path, policies: PolicySet, caplog: pytest.LogCaptureFixture
) -> None:
    """Reviews keep being recorded (the commits still fit), but /readyz stays 503 between them. Only
    the idle probe looked at the free space, and each successful commit cleared its failure: under a
    steady load the store was ready again within a review, with the disk as full as before."""
    from .test_canary_channels import review_body

    database = tmp_path / "audit.db"
    settings = Settings(audit_url=f"sqlite:{database}", audit_min_free_bytes=1 << 62, audit_writer_process=writer_process)
    store = open_server_store(settings)
    with TestClient(create_app(Settings(), policies=policies, audit=store)) as client:
        for n in range(5):  # well within the first idle probe (PROBE_INTERVAL): only the commits tell
            answer = client.post("/validate", content=review_body(deployment("web", "demo", compliant=True), f"uid-{n}"),
                                 headers={"content-type": "application/json"})
            assert answer.json()["response"]["allowed"] is True  # durable: committed before the answer
            assert audit_check(client) == "not writable: the audit disk is nearly full", f"ready after review {n}"
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT count(*) FROM audit_records").fetchone()[0] == 5
    # /readyz names no database: one warning, as the shortage begins, names it and the MiB left
    warned = [r for r in caplog.records if getattr(r, "event", None) == "audit_disk_nearly_full"]
    assert len(warned) == 1, [r.getMessage() for r in warned]
    assert str(database) in warned[0].error and "MiB" in warned[0].error  # type: ignore[attr-defined]


def _shortage_warnings(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if getattr(r, "event", None) == "audit_disk_nearly_full"]


@pytest.mark.parametrize("writer_process", [True, False], ids=["writer-process", "writer-thread"])
def test_a_store_with_room_records_everything_and_warns_of_no_full_disk(
    writer_process: bool, tmp_path: Path, sample_decisions: list[Decision], caplog: pytest.LogCaptureFixture
) -> None:
    """The warning is for a disk nearly full: a store with room logs none, whatever it commits."""
    database = tmp_path / "audit.db"
    store = open_server_store(Settings(audit_url=f"sqlite:{database}", audit_min_free_bytes=1, audit_writer_process=writer_process))
    try:
        for decision in sample_decisions:
            store.record(decision, 1.0)  # durable: committed on return
        assert store.writable()
    finally:
        store.close()
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT count(*) FROM audit_records").fetchone()[0] == len(sample_decisions)
    assert _shortage_warnings(caplog) == []


def test_the_writer_thread_warns_once_each_time_the_disk_becomes_nearly_full(
    tmp_path: Path, sample_decisions: list[Decision], caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Room, shortage, room, shortage: two warnings, each as a shortage begins, each naming the
    database; none while the disk has room, none repeated while it stays short; nothing lost."""
    database = tmp_path / "audit.db"
    store = open_server_store(Settings(audit_url=f"sqlite:{database}", audit_min_free_bytes=1 << 20, audit_writer_process=False))
    try:
        for free in (1 << 30, 4096, 1 << 30, 4096):
            _free_space(monkeypatch, free)
            for decision in sample_decisions[:2]:
                store.record(decision, 1.0)
            assert store.writable() is (free > 1 << 20)
    finally:
        store.close()
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT count(*) FROM audit_records").fetchone()[0] == 8
    warned = _shortage_warnings(caplog)
    assert len(warned) == 2, [r.error for r in warned]  # type: ignore[attr-defined]
    assert all(str(database) in r.error and "MiB" in r.error for r in warned)  # type: ignore[attr-defined]


@pytest.mark.parametrize("writer_process", [True, False], ids=["writer-process", "writer-thread"])
def test_batch_mode_keeps_recording_while_the_disk_is_nearly_full(writer_process: bool, tmp_path: Path, policies: PolicySet) -> None:
    """The early warning means the same in batch mode as in durable mode: /readyz 503, the reviews
    still answered and recorded. The shortage was kept as the store's failure, and a batch store
    refuses every record while it has one: every review was denied (fail closed), nothing recorded,
    while the commits still fit."""
    from .test_canary_channels import review_body

    database = tmp_path / "audit.db"
    settings = Settings(audit_url=f"sqlite:{database}", audit_min_free_bytes=1 << 62, audit_durability="batch",
                        audit_writer_process=writer_process)
    store = open_server_store(settings)

    def review(client: TestClient, n: int) -> bool:
        answer = client.post("/validate", content=review_body(deployment("web", "demo", compliant=True), f"uid-{n}"),
                             headers={"content-type": "application/json"})
        return bool(answer.json()["response"]["allowed"])

    with TestClient(create_app(Settings(), policies=policies, audit=store)) as client:
        assert review(client, 0) is True
        # the first batch's commit (or the idle probe) finds the disk nearly full
        assert wait_for(lambda: audit_check(client) != "ok", PROBE_INTERVAL + 3.0), "ready below the free space asked for"
        answer = client.get("/readyz")
        assert answer.status_code == 503
        assert answer.json()["checks"]["audit"] == "not writable: the audit disk is nearly full"
        for n in range(1, 6):
            assert review(client, n) is True, f"review {n} denied while the disk still has room"
            assert audit_check(client) == "not writable: the audit disk is nearly full", f"ready after review {n}"
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT count(*) FROM audit_records").fetchone()[0] == 6


@pytest.mark.parametrize(("durability", "writer_process"), [
    ("durable", True), ("batch", True), ("batch", False),
], ids=["durable-writer-process", "batch-writer-process", "batch-writer-thread"])  # fmt: skip
def test_records_without_an_event_loop_go_on_while_the_disk_is_nearly_full(
    durability: str, writer_process: bool, tmp_path: Path, sample_decisions: list[Decision]
) -> None:
    """Tools and tests record without an event loop: the records are committed and the store stays
    unready. A durable record through the writer process raised the shortage its commit's ack
    carried as the store's error (committed all the same); a batch one was refused after the first commit."""
    database = tmp_path / "audit.db"
    store = open_server_store(Settings(audit_url=f"sqlite:{database}", audit_min_free_bytes=1 << 62,
                                       audit_durability=durability, audit_writer_process=writer_process))
    try:
        for decision in sample_decisions[:3]:
            store.record(decision, 1.0)
            store.flush()
            assert not store.writable()
        assert unready_reason(store) == DISK_NEARLY_FULL
    finally:
        store.close()
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT count(*) FROM audit_records").fetchone()[0] == 3


def test_a_real_commit_failure_still_makes_a_batch_store_refuse_records(tmp_path: Path, sample_decisions: list[Decision]) -> None:
    """The shortage of room is kept apart from the store's failure: a commit that fails (the disk
    really full) still fails the store, and a batch store refuses records until one succeeds."""
    store = open_server_store(Settings(audit_url=f"sqlite:{tmp_path / 'audit.db'}", audit_min_free_bytes=1 << 62,
                                       audit_durability="batch", audit_writer_process=False))
    assert isinstance(store, GroupCommitStore)
    try:
        store.record(sample_decisions[0], 1.0)
        store.flush()
        store.record(sample_decisions[1], 1.0)  # short of room: still taken

        def full(records: object) -> object:
            raise AuditError("audit store sqlite:x: cannot write: database or disk is full")

        store.sink.append = full  # type: ignore[method-assign]
        with pytest.raises(AuditError, match="disk is full"):
            store.flush()
        with pytest.raises(AuditError, match="disk is full"):
            store.record(sample_decisions[2], 1.0)
        assert unready_reason(store) is None  # a failure: /readyz does not name it
    finally:
        store.close()


def test_a_store_failure_comes_before_a_nearly_full_disk_in_the_unready_reason() -> None:
    """A pipe store whose writer process ends after it reported the disk nearly full holds both:
    /readyz must not call a failed store merely short of room (the failure itself, which names
    paths and hosts, stays in the server's log)."""

    class Store:
        def __init__(self, failure: AuditError | None, short: AuditError | None) -> None:
            self._failure, self._short = failure, short

    short = AuditError("short")
    assert unready_reason(Store(None, short)) == DISK_NEARLY_FULL
    assert unready_reason(Store(AuditError("failed"), short)) is None
    assert unready_reason(Store(AuditError("failed"), None)) is None
    assert unready_reason(Store(None, None)) is None
