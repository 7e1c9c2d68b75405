"""The audit writer process's loop (webhook.audit.pipe_child.WriterLoop) driven directly over real
pipes with a fake sink: what each acknowledgement says and when it is sent (after the commit it
reports, never before), when batch mode commits (INTERVAL after the first pending record,
BATCH_SIZE, a flush request, the end of the input), how a failed or short-of-room store is probed
every RETRY_INTERVAL until it recovers, and the writer name main() opens the store with."""

from __future__ import annotations

import os
import select
import signal
import threading
import time
from collections.abc import Iterator
from typing import Any

import orjson
import pytest

from webhook import audit
from webhook.audit import pipe_child
from webhook.audit.base import DiskNearlyFull
from webhook.audit.pipe import ACKS_FD_ENV, RECORDS_FD_ENV, FrameReader, frame
from webhook.audit.pipe_child import WriterLoop
from webhook.audit.record import record_fields
from webhook.decision import Decision
from webhook.errors import AuditError

WAIT = 5.0  # seconds any expected ack may take (a loaded machine); a missing one fails the test


class FakeSink:
    """What commit_outcome and probe_outcome call: ``append``, ``check_room``, ``ping`` (and the
    attributes every sink has). ``fail``: append and ping raise it; ``short``: check_room and ping
    report a nearly full disk."""

    probe_interval: float | None = None

    def __init__(self, writer: str = "fake-w") -> None:
        self.writer = writer
        self.commits: list[list[str]] = []  # the uids of each commit that succeeded
        self.fail: str | None = None
        self.short: str | None = None
        self.pings = 0
        self.closed = False

    def append(self, records: list[dict[str, Any]]) -> list[Any]:
        if self.fail is not None:
            raise AuditError(self.fail)
        self.commits.append([str(r["uid"]) for r in records])
        return []

    def check_room(self) -> None:
        if self.short is not None:
            raise DiskNearlyFull(self.short)

    def ping(self) -> None:
        self.pings += 1
        if self.fail is not None:
            raise AuditError(self.fail)
        self.check_room()

    def close(self) -> None:
        self.closed = True


class Harness:
    """A WriterLoop running in a thread between two pipes: the test writes frames and reads acks."""

    def __init__(self, sink: FakeSink, durable: bool) -> None:
        self.sink = sink
        records_read, self.records_write = os.pipe()
        self.acks_read, acks_write = os.pipe()
        self.fds = [records_read, acks_write]
        self.reader = FrameReader()
        self.loop = WriterLoop(sink, records_read, acks_write, durable)
        self.result: list[int] = []
        self.thread = threading.Thread(target=lambda: self.result.append(self.loop.run()), daemon=True)
        self.thread.start()

    def send(self, *payloads: bytes) -> None:
        os.write(self.records_write, b"".join(frame(p) for p in payloads))

    def acks(self, count: int = 1, within: float = WAIT) -> list[dict[str, Any]]:
        """The next ``count`` acks, or fewer if they do not come ``within`` seconds."""
        got: list[dict[str, Any]] = []
        deadline = time.monotonic() + within
        while len(got) < count:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.acks_read], [], [], left)[0]:
                break
            data = os.read(self.acks_read, 65536)
            if not data:
                break
            got += [orjson.loads(f) for f in self.reader.feed(data)]
        return got

    def end(self) -> None:
        """Close the input: the loop commits what it holds and returns."""
        if self.records_write >= 0:
            os.close(self.records_write)
            self.records_write = -1
        self.thread.join(WAIT)
        assert not self.thread.is_alive(), "the writer loop did not return at the end of its input"
        assert self.result == [0]

    def close(self) -> None:
        if self.records_write >= 0:
            os.close(self.records_write)
            self.records_write = -1
        self.thread.join(WAIT)
        for fd in (*self.fds, self.acks_read):
            os.close(fd)


@pytest.fixture
def fields(sample_decisions: list[Decision]) -> Iterator[Any]:
    """``fields(n)``: a valid record's fields (as the server sends them) with uid ``r<n>``."""

    def make(n: int) -> bytes:
        values = record_fields(sample_decisions[n % len(sample_decisions)], 1.0)
        values[2] = f"r{n}"
        return orjson.dumps(values)

    yield make


@pytest.fixture
def harnesses() -> Iterator[list[Harness]]:
    made: list[Harness] = []
    yield made
    for h in made:
        h.close()


def start(harnesses: list[Harness], sink: FakeSink, durable: bool) -> Harness:
    h = Harness(sink, durable)
    harnesses.append(h)
    return h


def ok(through: int) -> dict[str, Any]:
    return {"through": through, "error": None, "short": None}


def test_a_good_commit_is_acked_with_no_error_and_a_flush_after_it_too(harnesses: list[Harness], fields: Any) -> None:
    sink = FakeSink()
    h = start(harnesses, sink, durable=True)
    h.send(fields(1))
    assert h.acks() == [ok(1)]
    assert sink.commits == [["r1"]]
    h.send(b"")  # a flush request with nothing pending: acked at once with the store's state, healthy
    assert h.acks() == [ok(1)]
    h.send(fields(2), fields(3))  # one write: both arrive together and share a commit
    assert h.acks() == [ok(3)]  # through: every record settled so far
    assert sink.commits == [["r1"], ["r2", "r3"]]
    h.send(b"")
    assert h.acks() == [ok(3)]
    h.end()
    assert h.acks(within=0.2) == []  # nothing more: the healthy store was never probed into an ack


def test_a_healthy_store_is_not_probed_into_extra_acks(
    harnesses: list[Harness], fields: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipe_child, "RETRY_INTERVAL", 0.02)
    sink = FakeSink()
    h = start(harnesses, sink, durable=True)
    h.send(fields(1))
    assert h.acks() == [ok(1)]
    assert h.acks(within=0.5) == []  # no probe of a healthy store without a probe interval
    assert sink.pings == 0
    h.end()


def test_batch_flush_commits_the_pending_records_before_its_ack(
    harnesses: list[Harness], fields: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipe_child, "INTERVAL", 60.0)  # only the flush can commit them
    sink = FakeSink()
    h = start(harnesses, sink, durable=False)
    h.send(fields(1), fields(2))
    h.send(b"")
    assert h.acks() == [ok(2)]
    assert sink.commits == [["r1", "r2"]]  # committed, together, before the ack was written
    h.end()


def test_batch_holds_records_for_the_interval_after_the_first(
    harnesses: list[Harness], fields: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipe_child, "INTERVAL", 60.0)
    sink = FakeSink()
    h = start(harnesses, sink, durable=False)
    h.send(fields(1))
    h.send(fields(2))
    assert h.acks(within=0.5) == []  # held: 60 s have not passed since the first
    assert sink.commits == []
    assert sink.pings == 0  # a healthy store without a probe interval is not probed as records arrive
    h.end()  # the end of the input commits what is held, in one commit
    assert sink.commits == [["r1", "r2"]]
    assert h.acks() == [ok(2)]


def test_batch_commits_once_the_interval_has_passed(
    harnesses: list[Harness], fields: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipe_child, "INTERVAL", 0.3)
    sink = FakeSink()
    h = start(harnesses, sink, durable=False)
    sent = time.monotonic()
    h.send(fields(1), fields(2))
    assert h.acks() == [ok(2)]
    assert time.monotonic() - sent >= 0.3  # not before the interval
    assert sink.commits == [["r1", "r2"]]
    h.end()


def test_batch_commits_at_batch_size(harnesses: list[Harness], fields: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipe_child, "INTERVAL", 60.0)
    monkeypatch.setattr(pipe_child, "BATCH_SIZE", 3)
    sink = FakeSink()
    h = start(harnesses, sink, durable=False)
    h.send(fields(1), fields(2), fields(3))
    assert h.acks() == [ok(3)]
    assert sink.commits == [["r1", "r2", "r3"]]
    h.send(fields(4))
    assert h.acks(within=0.3) == []
    h.end()
    assert h.acks() == [ok(4)]
    assert sink.commits == [["r1", "r2", "r3"], ["r4"]]


def at_most_pings(started: float, interval: float) -> float:
    """Pings a loop probing every ``interval`` can have made since ``started``, with a margin
    (measured, not assumed: a busy test machine may stretch the waits; a busy loop makes thousands)."""
    return (time.monotonic() - started) / interval + 3


def test_a_failed_store_is_probed_every_retry_interval_until_it_answers(
    harnesses: list[Harness], fields: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipe_child, "RETRY_INTERVAL", 0.05)
    sink = FakeSink()
    sink.fail = "audit store x: disk I/O error"
    h = start(harnesses, sink, durable=True)
    started = time.monotonic()
    h.send(fields(1))
    assert h.acks() == [{"through": 1, "error": "audit store x: disk I/O error", "short": None}]
    assert h.acks(within=0.5) == []  # probed, still failing: no change, no ack
    assert 1 <= sink.pings <= at_most_pings(started, 0.05)  # about every RETRY_INTERVAL, not in a busy loop
    sink.fail = None
    assert h.acks() == [ok(1)]  # the probe found it writable again: the server hears it
    assert h.acks(within=0.3) == []  # once
    h.send(fields(2))
    assert h.acks() == [ok(2)]
    assert sink.commits == [["r2"]]
    h.end()


def test_a_store_short_of_room_is_probed_until_it_has_room(
    harnesses: list[Harness], fields: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipe_child, "RETRY_INTERVAL", 0.05)
    sink = FakeSink()
    sink.short = "the audit disk is nearly full"
    h = start(harnesses, sink, durable=True)
    started = time.monotonic()
    h.send(fields(1))
    assert h.acks() == [{"through": 1, "error": None, "short": "the audit disk is nearly full"}]
    assert sink.commits == [["r1"]]  # committed all the same
    assert h.acks(within=0.5) == []
    assert 1 <= sink.pings <= at_most_pings(started, 0.05)
    sink.short = None
    assert h.acks() == [ok(1)]
    h.end()


def test_an_idle_healthy_store_is_probed_every_probe_interval_and_a_failure_acked_at_once(
    harnesses: list[Harness], fields: Any
) -> None:
    sink = FakeSink()
    sink.probe_interval = 0.05
    h = start(harnesses, sink, durable=True)
    started = time.monotonic()
    h.send(fields(1))
    assert h.acks() == [ok(1)]
    assert h.acks(within=0.5) == []  # probed, healthy: no change, no ack
    assert 1 <= sink.pings <= at_most_pings(started, 0.05)
    sink.fail = "audit store x: locked"
    assert h.acks() == [{"through": 1, "error": "audit store x: locked", "short": None}]  # before any record fails
    h.end()


def test_main_opens_the_store_as_the_writer_named_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str | None] = []

    def open_sink(settings: Any, writer: str | None = None) -> FakeSink:
        opened.append(writer)
        return FakeSink(writer or "default-host")

    ignored: list[int] = []
    monkeypatch.setattr(signal, "signal", lambda sig, handler: ignored.append(sig) if handler is signal.SIG_IGN else None)
    monkeypatch.setattr(audit, "open_sink", open_sink)
    for env_writer, ready in (("w-from-env", "w-from-env"), ("", "default-host"), (None, "default-host")):
        records_read, records_write = os.pipe()
        acks_read, acks_write = os.pipe()
        os.close(records_write)  # no records: main returns after the ready message
        monkeypatch.setenv(RECORDS_FD_ENV, str(records_read))
        monkeypatch.setenv(ACKS_FD_ENV, str(acks_write))
        monkeypatch.setenv("RAILGUARD_AUDIT_URL", "sqlite:/nonexistent/never-opened.db")
        if env_writer is None:
            monkeypatch.delenv("RAILGUARD_AUDIT_WRITER", raising=False)
        else:
            monkeypatch.setenv("RAILGUARD_AUDIT_WRITER", env_writer)
        try:
            assert pipe_child.main() == 0
            assert FrameReader().feed(os.read(acks_read, 65536)) == [orjson.dumps({"ready": ready})]
        finally:
            for fd in (records_read, acks_read, acks_write):
                os.close(fd)
    assert opened == ["w-from-env", None, None]
    assert set(ignored) == {signal.SIGINT, signal.SIGTERM}
