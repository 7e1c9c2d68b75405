"""Group commit: one writer thread drains a queue of records and commits them in batches.

``durable``: a caller returns once the batch holding its record is committed. Callers that arrive
while a commit is running share the next commit, so throughput grows with concurrency while each
record is still committed before its caller continues.

``batch``: a caller returns at once; the thread commits every ``interval`` seconds or as soon as
``batch_size`` records wait. A crash loses the records accepted but not yet committed: at most
``max_pending`` records, normally those of the last ``interval`` seconds.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from webhook.decision import Decision
from webhook.audit.base import DiskNearlyFull, Sink
from webhook.audit.record import build_record
from webhook.errors import AuditError

log = logging.getLogger("railguard.audit")

DURABILITIES = ("durable", "batch")
COMMIT_TIMEOUT = 30.0  # seconds a durable caller waits for its commit before giving up
RETRY_INTERVAL = 1.0  # seconds between probes of a failed store
# A commit (or probe) running longer than this makes the store unready (/readyz 503) until it ends:
# one waiting on a lock fails only after the store's lock timeout, and every review meanwhile waits.
COMMIT_STALL = 3.0
# batch mode: seconds a record waits for company before its batch is committed (the writer thread's
# and the writer process's default); a record then counts as stalled after COMMIT_STALL plus this
BATCH_INTERVAL = 0.2


def probe_due_in(sink: Sink, checked_at: float) -> float | None:
    """Seconds until an idle, healthy ``sink`` is due for its health probe (0 or less: due now),
    counted from ``checked_at``, when its last commit or probe ended; None when it is probed after
    a failure only (``Sink.probe_interval``). The writer thread and the writer process both ask."""
    interval = sink.probe_interval
    return None if interval is None else checked_at + interval - time.monotonic()


def commit_outcome(sink: Sink, records: list[dict[str, Any]]) -> tuple[AuditError | None, AuditError | None]:
    """Append ``records`` to ``sink`` in one commit: (its failure, its shortage of room after it),
    each None when there is none. The room is checked after every commit that succeeded (sinks
    without a ``check_room`` always have room): the idle probe alone would let every commit of a
    busy store make it ready again. A shortage, never the store's failure: kept apart from it, it
    does not make a batch store refuse records."""
    error = store_failure(sink.append, records)
    if error is not None:
        return error, None
    check = getattr(sink, "check_room", None)
    return None, None if check is None else store_failure(check)


def log_short_of_room(reason: str) -> None:
    """Once, as the store becomes short of room: ``/readyz`` only says the disk is nearly full, the
    log line names the database and the MiB left."""
    log.warning("audit disk nearly full", extra={"event": "audit_disk_nearly_full", "error": reason})


def probe_outcome(sink: Sink) -> tuple[AuditError | None, AuditError | None]:
    """Probe ``sink``: (its failure, its shortage of room), each None when there is none. A nearly
    full disk (``DiskNearlyFull``, checked last by the probe) is a shortage: the store is unready
    but its commits still fit."""
    error = store_failure(sink.ping)
    return (None, error) if isinstance(error, DiskNearlyFull) else (error, None)


def check_durability(durability: str) -> str:
    if durability not in DURABILITIES:
        raise AuditError(f"audit durability must be one of {', '.join(DURABILITIES)}, got {durability!r}")
    return durability


class _Batch:
    """The records that will be committed together, and who waits for them."""

    __slots__ = ("done", "error", "futures", "timer")

    def __init__(self) -> None:
        self.done = threading.Event()
        self.error: AuditError | None = None
        self.futures: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = []
        self.timer: asyncio.TimerHandle | None = None  # one commit deadline for all its waiters

    def expire(self) -> None:
        _resolve([f for _, f in self.futures], AuditError(f"audit store did not commit within {COMMIT_TIMEOUT:.0f} s"), None)

    def finish(self, error: AuditError | None) -> None:
        self.error = error
        self.done.set()
        by_loop: dict[asyncio.AbstractEventLoop, list[asyncio.Future[None]]] = {}
        for loop, future in self.futures:
            by_loop.setdefault(loop, []).append(future)
        for loop, futures in by_loop.items():
            try:
                loop.call_soon_threadsafe(_resolve, futures, error, self.timer)
            except RuntimeError:  # the loop is closed: nobody waits any more
                pass

    def wait(self) -> None:
        if not self.done.wait(COMMIT_TIMEOUT):
            raise AuditError(f"audit store did not commit within {COMMIT_TIMEOUT:.0f} s")
        if self.error is not None:
            raise self.error


def _resolve(futures: list[asyncio.Future[None]], error: AuditError | None, timer: asyncio.TimerHandle | None) -> None:
    if timer is not None:
        timer.cancel()
    for future in futures:
        if not future.done():
            if error is None:
                future.set_result(None)
            else:
                future.set_exception(error)


def store_failure(call: Callable[..., object], *args: Any) -> AuditError | None:
    """What ``call(*args)`` on a sink failed with, or None: the ``AuditError`` itself, anything else
    as an ``AuditError`` naming its type only (a store bug must not end the writer thread or
    process; never echo values)."""
    try:
        call(*args)
    except AuditError as exc:
        return exc
    except Exception as exc:
        return AuditError(f"audit store failed: {type(exc).__name__}")
    return None


class GroupCommitStore:
    """An :class:`~webhook.audit.base.AuditStore` over any :class:`Sink`."""

    def __init__(
        self,
        sink: Sink,
        durability: str = "durable",
        interval: float = BATCH_INTERVAL,
        batch_size: int = 1000,
        max_pending: int = 10_000,
    ) -> None:
        self.sink = sink
        self.durable = check_durability(durability) == "durable"
        self.interval, self.batch_size, self.max_pending = interval, batch_size, max_pending
        self._cond = threading.Condition()
        self._pending: list[dict[str, Any]] = []
        self._batch = _Batch()
        self._inflight: _Batch | None = None
        self._flush_requested = False
        self._closed = False
        self._failure: AuditError | None = None  # last commit or probe failed and none succeeded since
        # the disk is nearly full (the last commit's room check or probe): unready, but records are
        # still taken and committed in either durability mode; only ``_failure`` refuses them
        self._short: AuditError | None = None
        self._busy_since: float | None = None  # when the running commit or probe started
        self._checked_at = time.monotonic()  # when the last commit or probe ended
        self._thread = threading.Thread(target=self._run, name=f"railguard-audit-{sink.writer}", daemon=True)
        self._thread.start()

    @property
    def writer(self) -> str:
        return self.sink.writer

    # -- callers ---------------------------------------------------------------------------
    def _submit(self, record: dict[str, Any], future: tuple[asyncio.AbstractEventLoop, asyncio.Future[None]] | None) -> _Batch:
        with self._cond:
            if self._closed:
                raise AuditError("audit store is closed")
            if not self.durable and self._failure is not None:
                raise self._failure
            deadline = time.monotonic() + COMMIT_TIMEOUT
            while len(self._pending) >= self.max_pending:
                left = deadline - time.monotonic()
                if left <= 0 or self._closed:
                    raise AuditError(f"audit store is not keeping up ({self.max_pending} records waiting)")
                self._cond.wait(left)
            self._pending.append(record)
            batch = self._batch
            if future is not None:
                if not batch.futures:
                    batch.timer = future[0].call_later(COMMIT_TIMEOUT, batch.expire)
                batch.futures.append(future)
            if self.durable or len(self._pending) >= self.batch_size:
                self._cond.notify_all()
            return batch

    def record(self, decision: Decision, latency_ms: float) -> None:
        batch = self._submit(build_record(decision, latency_ms), None)
        if self.durable:
            batch.wait()

    def submit(self, decision: Decision, latency_ms: float) -> asyncio.Future[None] | None:
        """From the event loop: accept the record and return a future resolved when it is
        committed (durable; failed with ``AuditError`` after ``COMMIT_TIMEOUT``), or None (batch)."""
        record = build_record(decision, latency_ms)
        if not self.durable:
            self._submit(record, None)
            return None
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        self._submit(record, (loop, future))
        return future

    async def arecord(self, decision: Decision, latency_ms: float) -> None:
        future = self.submit(decision, latency_ms)
        if future is not None:
            await future

    def flush(self) -> None:
        with self._cond:
            waits = [b for b in (self._inflight, self._batch if self._pending else None) if b is not None]
            self._flush_requested = True
            self._cond.notify_all()
        for batch in waits:
            batch.wait()

    def writable(self) -> bool:
        busy_since = self._busy_since
        stalled = busy_since is not None and time.monotonic() - busy_since > COMMIT_STALL
        return not self._closed and self._failure is None and self._short is None and not stalled and self._thread.is_alive()

    def close(self) -> None:
        with self._cond:
            if self._closed:
                return
            self._closed = True
            self._cond.notify_all()
        self._thread.join(COMMIT_TIMEOUT)
        self.sink.close()

    def __enter__(self) -> GroupCommitStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the writer thread -----------------------------------------------------------------
    def _take(self) -> tuple[list[dict[str, Any]], _Batch] | None:
        """Wait until a batch should be committed; None when closed and drained."""
        with self._cond:
            first_wait = time.monotonic()
            while True:
                if self._pending and (
                    self.durable
                    or self._closed
                    or self._flush_requested
                    or len(self._pending) >= self.batch_size
                    or time.monotonic() - first_wait >= self.interval
                ):
                    break
                if self._closed:
                    return None
                if (self._failure is not None or self._short is not None) and not self._pending:
                    self._cond.wait(RETRY_INTERVAL)
                    if not self._pending and not self._closed:
                        self._busy_since = time.monotonic()
                        return [], _Batch()  # probe the failed (or short of room) store
                    continue
                timeout = None if self.durable and not self._pending else self.interval
                due = None if self._pending else probe_due_in(self.sink, self._checked_at)
                if due is not None:
                    if due <= 0:
                        self._busy_since = time.monotonic()
                        return [], _Batch()  # probe the idle store: /readyz sees trouble before a batch does
                    timeout = due if timeout is None else min(timeout, due)
                self._cond.wait(timeout)
                if not self._pending:
                    first_wait = time.monotonic()
            items, batch = self._pending, self._batch
            self._pending, self._batch = [], _Batch()
            self._inflight = batch
            self._busy_since = time.monotonic()
            self._flush_requested = False
            self._cond.notify_all()  # wake callers waiting for room
            return items, batch

    def _run(self) -> None:
        while True:
            taken = self._take()
            if taken is None:
                return
            items, batch = taken
            error, short = commit_outcome(self.sink, items) if items else probe_outcome(self.sink)
            with self._cond:
                if short is not None and self._short is None:
                    log_short_of_room(str(short))
                self._failure, self._short = error, short
                self._inflight = None
                self._busy_since = None
                self._checked_at = time.monotonic()
            batch.finish(error)
