"""The audit writer process: records are hashed and stored by a child process fed by a pipe.

The server's event loop only takes each decision's record fields (a flat list) and writes them,
framed, to a pipe. A child process
(``python -m webhook.audit.pipe_child``) reads the frames, commits them in batches with the same
sinks as the in-process store (SQLite, JSON Lines, PostgreSQL) and acknowledges each commit. The
hashing, serialising and storage work stays off the core that answers kube-apiserver.

Durable mode: a review's answer waits for the acknowledgement of the commit holding its record.
If the server is killed, the child still reads every frame already written, commits them and exits
at the end of its input. If the child dies, the records waiting for it fail (the audit failure
policy applies), /readyz reports it, and a new child is started.

Frames are a 4-byte big-endian length and JSON. Server to child: a record's fields
(:func:`~webhook.audit.record.record_fields`), or an empty frame ("commit now"). Child to server: ``{"ready": writer}`` or ``{"error": text}`` once, then
``{"through": n, "error": text | null, "short": text | null}`` after each commit (and when a
probe changes the store's state): the first ``n`` records sent to this child are settled; those not
settled before share the commit's outcome (``error``). ``short``: the disk is nearly full, the
records are committed (the store is unready but still takes records, in batch mode too).
"""

from __future__ import annotations

import asyncio
import logging
import os
import select
import struct
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from webhook.audit.base import DiskNearlyFull
from webhook.audit.record import record_fields
from webhook.audit.writer import BATCH_INTERVAL, COMMIT_STALL, COMMIT_TIMEOUT, log_short_of_room
from webhook.decision import Decision
from webhook.errors import AuditError

log = logging.getLogger("railguard.audit")

LENGTH = struct.Struct(">I")
RECORDS_FD_ENV = "RAILGUARD_AUDIT_RECORDS_FD"
ACKS_FD_ENV = "RAILGUARD_AUDIT_ACKS_FD"
START_TIMEOUT = 30.0  # seconds for a child to open its store and say it is ready
RESTART_INTERVAL = 1.0  # seconds between attempts to replace a dead child
MAX_BUFFERED_BYTES = 64 * 1024 * 1024  # records written but not yet taken by the child
# records written to the pipe at once without waiting for the loop turn to end: the writer commits
# them while the loop reviews more (a whole turn's worth at a time runs the two in lock step)
FLUSH_EVERY = 4
# records sent within this many seconds of each other share one mark of when they went out (the
# time a record counts as unacknowledged since: at most this much too early, never too late)
SENT_MARK_EVERY = 0.05
PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])

Callback = Callable[[BaseException | None], None]
Waiter = asyncio.Future[None] | Callback


def frame(payload: bytes) -> bytes:
    return LENGTH.pack(len(payload)) + payload


class FrameReader:
    """Splits a byte stream into frames."""

    def __init__(self) -> None:
        self.buffer = bytearray()

    def feed(self, data: bytes | memoryview) -> list[bytes]:
        buffer = self.buffer
        buffer += data
        frames: list[bytes] = []
        position, size = 0, len(buffer)
        while size - position >= 4:
            (length,) = LENGTH.unpack_from(buffer, position)
            if size - position - 4 < length:
                break
            frames.append(bytes(buffer[position + 4 : position + 4 + length]))
            position += 4 + length
        del buffer[:position]
        return frames


def write_all(fd: int, data: bytes) -> None:
    """Blocking write of every byte (the fd is in blocking mode)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


@dataclass
class Child:
    """A running writer process and the server's ends of its two pipes."""

    process: subprocess.Popen[bytes]
    records_fd: int  # server -> child
    acks_fd: int  # child -> server
    writer: str

    def discard(self) -> None:
        for fd in (self.records_fd, self.acks_fd):
            try:
                os.close(fd)
            except OSError:
                pass
        if self.process.poll() is None:
            try:
                self.process.wait(COMMIT_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def spawn(url: str, durability: str, writer: str, log_reviews: bool = False, min_free_bytes: int | None = None) -> Child:
    """Start a writer process and wait until its store is open; raises ``AuditError``.
    ``min_free_bytes``: the settings' ``audit_min_free_bytes`` (None: the child's environment says)."""
    records_read, records_write = os.pipe()
    acks_read, acks_write = os.pipe()
    env = dict(os.environ)
    env.update(
        RAILGUARD_AUDIT_URL=url,
        RAILGUARD_AUDIT_DURABILITY=durability,
        RAILGUARD_AUDIT_WRITER=writer,
        RAILGUARD_AUDIT_LOG_REVIEWS="1" if log_reviews else "0",
        **({} if min_free_bytes is None else {"RAILGUARD_AUDIT_MIN_FREE_BYTES": str(min_free_bytes)}),
        **{RECORDS_FD_ENV: str(records_read), ACKS_FD_ENV: str(acks_write)},
        PYTHONPATH=os.pathsep.join(p for p in (PACKAGE_ROOT, os.environ.get("PYTHONPATH")) if p),
    )
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "webhook.audit.pipe_child"],
            pass_fds=(records_read, acks_write),
            stdin=subprocess.DEVNULL,
            env=env,
        )
    except OSError as exc:
        for fd in (records_read, records_write, acks_read, acks_write):
            os.close(fd)
        raise AuditError(f"cannot start the audit writer process: {exc.strerror or type(exc).__name__}") from None
    os.close(records_read)
    os.close(acks_write)
    child = Child(process, records_write, acks_read, writer)
    reader = FrameReader()
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([acks_read], [], [], left)[0]:
            process.kill()
            child.discard()
            raise AuditError(f"the audit writer process did not start within {START_TIMEOUT:.0f} s")
        data = os.read(acks_read, 65536)
        if not data:
            child.discard()
            raise AuditError(f"the audit writer process exited (code {process.returncode}) before it was ready")
        frames = reader.feed(data)
        if frames:
            break
    hello = orjson.loads(frames[0])
    if "ready" not in hello:
        child.discard()
        raise AuditError(str(hello.get("error") or "the audit writer process failed to start"))
    child.writer = str(hello["ready"])
    return child


class PipeAuditStore:
    """An :class:`~webhook.audit.base.AuditStore` whose records are stored by a writer process.

    ``submit``/``arecord`` run on the server's event loop (attached on first use); ``record``,
    ``flush``, ``writable`` and ``close`` may be called from other threads. With ``log_reviews``
    the child also writes each record's review log line (:mod:`webhook.audit.reviewlog`) to the
    stdout it shares with the server, so the server does not have to."""

    def __init__(self, settings: Any, writer: str | None = None, max_pending: int = 10_000, log_reviews: bool = False) -> None:
        from webhook.audit import default_writer, durability_of  # the package imports this module lazily

        self.url = str(settings.audit_url)
        self.durability = durability_of(settings)
        self.durable = self.durability == "durable"
        self.max_pending = max_pending
        self.logs_reviews = log_reviews  # the child writes each record's review log line to stdout
        self.min_free_bytes: int | None = getattr(settings, "audit_min_free_bytes", None)
        # the name a replacement child is given: the configured one, not the dead child's id (a JSON
        # Lines id adds a random suffix to it, and a suffix per restart would outgrow WRITER_NAME_MAX)
        self._name = writer or default_writer()
        self._child: Child | None = spawn(self.url, self.durability, self._name, log_reviews, self.min_free_bytes)
        self._writer_name = self._child.writer
        self._cond = threading.Condition()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._reader = FrameReader()
        self._base = 0  # records sent to earlier children
        self._sent = 0  # records sent so far
        self._settled = 0  # records acknowledged (committed or failed) so far
        self._waiters: deque[tuple[int, Waiter, float]] = deque()  # (seq, future or callback, since)
        # (seq, when): record ``seq`` and those sent after it until the next mark went out at about
        # ``when``; the first mark is when the oldest record not yet acknowledged went out. Batch
        # mode only (it has no waiters): this is how ``writable`` sees a commit that does not end
        self._sent_marks: deque[tuple[int, float]] = deque()
        self._out = bytearray()
        self._flush_scheduled = False
        self._queued = 0
        self._write_blocked = False
        self._watchdog: asyncio.TimerHandle | None = None
        self._restarting = False
        self._failure: AuditError | None = None
        self._short: AuditError | None = None  # the disk is nearly full: unready, not refusing records
        self._closed = False

    @property
    def writer(self) -> str:
        return self._writer_name

    # -- on the event loop ---------------------------------------------------------------------
    def submit(self, decision: Decision, latency_ms: float) -> asyncio.Future[None] | None:
        """From the event loop: send the record; a future resolved when it is committed
        (durable), or None (batch). Raises ``AuditError`` when the record cannot be sent."""
        loop = self._send(decision, latency_ms)
        if not self.durable:
            return None
        future = loop.create_future()
        self._wait_for_commit(loop, future)
        return future

    def submit_then(self, decision: Decision, latency_ms: float, then: Callback) -> bool:
        """``submit`` with a callback instead of a future (called with None or the error once the
        record is settled; one loop turn sooner than a future's callbacks). False: nothing to wait
        for (batch), ``then`` is not called."""
        loop = self._send(decision, latency_ms)
        if not self.durable:
            return False
        self._wait_for_commit(loop, then)
        return True

    def _send(self, decision: Decision, latency_ms: float) -> asyncio.AbstractEventLoop:
        loop = self._loop or self._attach()
        if self._child is None or self._closed:
            raise self._failure or AuditError("audit store is closed")
        if not self.durable and self._failure is not None:
            raise self._failure
        if self._sent - self._settled >= self.max_pending or len(self._out) > MAX_BUFFERED_BYTES:
            raise AuditError(f"audit store is not keeping up ({self._sent - self._settled} records waiting)")
        payload = orjson.dumps(record_fields(decision, latency_ms))  # first: a failure here sends nothing
        self._sent += 1
        if not self.durable:  # a durable record's waiter says when it went out (_wait_for_commit)
            now, marks = time.monotonic(), self._sent_marks
            if not marks or now - marks[-1][1] >= SENT_MARK_EVERY:
                marks.append((self._sent, now))
        self._queue(payload)
        if self._child is None:  # the write found the writer dead: this record went down with it
            raise self._failure or AuditError("the audit writer process exited")
        return loop

    def _wait_for_commit(self, loop: asyncio.AbstractEventLoop, waiter: Waiter) -> None:
        self._waiters.append((self._sent, waiter, time.monotonic()))
        if self._watchdog is None:
            self._watchdog = loop.call_later(1.0, self._check_overdue)

    async def arecord(self, decision: Decision, latency_ms: float) -> None:
        future = self.submit(decision, latency_ms)
        if future is not None:
            await future

    def attach(self) -> None:
        """From the event loop: watch the writer process now (the server, at startup) rather than at
        the first record, so that what its health probes report reaches ``writable`` (/readyz)
        while no review arrives."""
        if self._loop is None:
            self._attach()

    def _attach(self) -> asyncio.AbstractEventLoop:
        loop = asyncio.get_running_loop()
        self._loop = loop
        if self._child is not None:
            self._watch(self._child)
        return loop

    def _watch(self, child: Child) -> None:
        assert self._loop is not None
        os.set_blocking(child.records_fd, False)
        os.set_blocking(child.acks_fd, False)
        self._loop.add_reader(child.acks_fd, self._on_acks, child)

    def _unwatch(self, child: Child) -> None:
        assert self._loop is not None
        self._loop.remove_reader(child.acks_fd)
        if self._write_blocked:
            self._loop.remove_writer(child.records_fd)
        self._write_blocked = False

    def _queue(self, payload: bytes) -> None:
        """Frame ``payload`` into the outgoing buffer (no framed copy of it is made first)."""
        out = self._out
        out += LENGTH.pack(len(payload))
        out += payload
        self._queued += 1
        if self._write_blocked:
            return  # sent when the pipe has room again
        if self._queued >= FLUSH_EVERY:
            self._write_out()
        elif not self._flush_scheduled:
            self._flush_scheduled = True
            assert self._loop is not None
            self._loop.call_soon(self._end_of_turn)

    def _end_of_turn(self) -> None:
        self._flush_scheduled = False
        self._write_out()

    def _write_out(self) -> None:
        self._queued = 0
        child = self._child
        if child is None or not self._out:
            return
        try:
            written = os.write(child.records_fd, self._out)
        except BlockingIOError:
            written = 0
        except OSError:
            self._child_died(child)
            return
        del self._out[:written]
        blocked = bool(self._out)
        if blocked != self._write_blocked:
            assert self._loop is not None
            if blocked:
                self._loop.add_writer(child.records_fd, self._write_out)
            else:
                self._loop.remove_writer(child.records_fd)
            self._write_blocked = blocked

    def _on_acks(self, child: Child) -> None:
        try:
            data = os.read(child.acks_fd, 65536)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            self._child_died(child)
            return
        self._take_acks(data)

    def _take_acks(self, data: bytes) -> None:
        for payload in self._reader.feed(data):
            ack = orjson.loads(payload)
            if "through" in ack:
                self._settle(self._base + int(ack["through"]), ack.get("error"), ack.get("short"))

    def _settle(self, through: int, error: str | None, short: str | None = None) -> None:
        failure = AuditError(error) if error else None
        with self._cond:
            self._settled = max(self._settled, through)
            self._failure = failure
            if short and self._short is None:
                log_short_of_room(short)
            self._short = DiskNearlyFull(short) if short else None
            self._cond.notify_all()
        self._forget_marks()
        waiters = self._waiters
        while waiters and waiters[0][0] <= through:
            _release(waiters.popleft()[1], failure)

    def _forget_marks(self) -> None:
        """Drop the send marks of records now acknowledged: the first mark left covers the oldest
        record still unacknowledged (``seq`` may be older: its time is then a little early)."""
        marks, oldest = self._sent_marks, self._settled + 1
        if oldest > self._sent:
            marks.clear()
            return
        while len(marks) > 1 and marks[1][0] <= oldest:
            marks.popleft()

    def _check_overdue(self) -> None:
        self._watchdog = None
        if not self._waiters:
            return
        assert self._loop is not None
        waited = time.monotonic() - self._waiters[0][2]
        if waited >= COMMIT_TIMEOUT and self._child is not None:
            log.error("audit writer stalled", extra={"event": "audit_writer_stalled", "waited_s": round(waited)})
            self._child.process.kill()  # its acks pipe closes: _child_died fails the waiters
        self._watchdog = self._loop.call_later(1.0, self._check_overdue)

    def _child_died(self, child: Child) -> None:
        if self._child is not child:
            return
        loop = self._loop
        assert loop is not None
        self._unwatch(child)
        self._child = None
        self._out.clear()
        self._reader = FrameReader()
        failure = _exit_failure(child)
        code = child.process.poll()
        with self._cond:
            self._failure = failure
            self._settled = self._sent  # what it had not acknowledged is lost to it
            self._cond.notify_all()
        self._forget_marks()
        while self._waiters:
            _release(self._waiters.popleft()[1], failure)
        log.error("audit writer process died", extra={"event": "audit_writer_died", "code": code})
        loop.run_in_executor(None, child.discard)
        if not self._closed:
            loop.call_later(RESTART_INTERVAL, self._restart)

    def _restart(self) -> None:
        if self._closed or self._child is not None or self._restarting or self._loop is None:
            return
        self._restarting = True
        loop = self._loop

        def started(task: asyncio.Future[Child]) -> None:
            self._restarting = False
            error = task.exception()
            if error is not None:
                log.error("audit writer restart failed", extra={"event": "audit_writer_restart_failed",
                                                                 "error": str(error)[:200] if isinstance(error, AuditError) else type(error).__name__})
                loop.call_later(RESTART_INTERVAL, self._restart)
                return
            child = task.result()
            if self._closed:
                loop.run_in_executor(None, child.discard)
                return
            self._child, self._base, self._writer_name = child, self._sent, child.writer
            self._watch(child)
            with self._cond:
                self._failure = self._short = None  # the new child says if it is short of room
                self._cond.notify_all()
            log.info("audit writer process restarted", extra={"event": "audit_writer_restarted"})

        loop.run_in_executor(None, spawn, self.url, self.durability, self._name, self.logs_reviews, self.min_free_bytes).add_done_callback(started)

    async def aclose(self) -> None:
        """Commit what was sent, end the child's input and wait for it to exit."""
        if self._closed:
            return
        self._closed = True
        child = self._child
        if child is None:
            return
        if self._loop is not None:
            self._queue(b"")
            if self._child is not child:  # the write found it dead: nothing left to wait for
                return
            future = self._loop.create_future()
            self._waiters.append((self._sent, future, time.monotonic()))
            try:
                await asyncio.wait_for(future, COMMIT_TIMEOUT)
            except (AuditError, TimeoutError):
                pass
            if self._child is child:
                self._unwatch(child)
            self._child = None
            await self._loop.run_in_executor(None, child.discard)

    # -- from any thread -----------------------------------------------------------------------
    def record(self, decision: Decision, latency_ms: float) -> None:
        loop = self._loop
        if loop is None:
            self._record_blocking(frame(orjson.dumps(record_fields(decision, latency_ms))))
            return
        if _running_loop() is loop:
            raise AuditError("record() would block the event loop the audit store runs on; await arecord()")
        asyncio.run_coroutine_threadsafe(self.arecord(decision, latency_ms), loop).result(COMMIT_TIMEOUT + 5)

    def flush(self) -> None:
        loop = self._loop
        if loop is None:
            if self._child is not None and not self._closed:
                self._record_blocking(frame(b""), count=False)
            return
        if self._child is None:
            return
        target = self._sent
        loop.call_soon_threadsafe(self._queue, b"")
        with self._cond:
            self._cond.wait_for(lambda: self._settled >= target or self._child is None, COMMIT_TIMEOUT)

    def writable(self) -> bool:
        child = self._child
        now = time.monotonic()
        try:
            oldest = self._waiters[0][2]  # read from another thread: the loop may empty it meanwhile
        except IndexError:
            oldest = None
        try:
            sent = self._sent_marks[0][1]  # when the oldest record not yet acknowledged went out
        except IndexError:
            sent = None
        # a commit waiting on a lock: a durable caller waits for it; in batch mode nobody does (the
        # send marks), and a record may wait up to the batch interval before its commit starts
        stalled = (oldest is not None and now - oldest > COMMIT_STALL) or (
            sent is not None and now - sent > COMMIT_STALL + BATCH_INTERVAL
        )
        return (
            not self._closed and child is not None and child.process.poll() is None
            and self._failure is None and self._short is None and not stalled
        )

    def close(self) -> None:
        loop = self._loop
        if loop is not None and loop.is_running() and _running_loop() is not loop:
            asyncio.run_coroutine_threadsafe(self.aclose(), loop).result(COMMIT_TIMEOUT + 10)
            return
        if self._closed:
            return
        self._closed = True
        child, self._child = self._child, None
        if child is not None:
            if loop is None:
                self._settle_blocking(child, self._sent)
            child.discard()

    def __enter__(self) -> PipeAuditStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- without an event loop (tools and tests) -------------------------------------------------
    def _record_blocking(self, data: bytes, count: bool = True) -> None:
        child = self._child
        if child is None or self._closed:
            raise self._failure or AuditError("audit store is closed")
        if count and not self.durable and self._failure is not None:
            raise self._failure
        with self._cond:
            self._write_blocking(child, data)
            if count:
                self._sent += 1
            if self.durable or not count:
                error = self._settle_blocking(child, self._sent)
                if error is not None and count:
                    raise error

    def _write_blocking(self, child: Child, data: bytes) -> None:
        """Write ``data`` to the child, taking the acknowledgements it sends meanwhile: in batch mode
        nobody waits for them, and unread they filled the acks pipe (about 1,300 commits), the child
        blocked writing the next one and stopped reading records, and this write waited for it for
        ever. Raises ``AuditError`` when the child is gone or takes nothing for ``COMMIT_TIMEOUT``."""
        os.set_blocking(child.records_fd, False)  # a blocking write of more than the pipe holds would not return to read acks
        view = memoryview(data)
        deadline = time.monotonic() + COMMIT_TIMEOUT
        while view:
            try:
                view = view[os.write(child.records_fd, view) :]
                continue
            except BlockingIOError:
                pass
            except OSError:
                raise AuditError("the audit writer process is gone") from None
            left = deadline - time.monotonic()
            acks, room, _ = select.select([child.acks_fd], [child.records_fd], [], max(left, 0.0))
            if not acks and not room:
                raise AuditError(f"the audit writer process took no record for {COMMIT_TIMEOUT:.0f} s")
            if acks:
                taken = os.read(child.acks_fd, 65536)
                if not taken:
                    raise AuditError("the audit writer process is gone")
                self._take_acks(taken)
                deadline = time.monotonic() + COMMIT_TIMEOUT

    def _settle_blocking(self, child: Child, target: int) -> AuditError | None:
        """Read acknowledgements until ``target`` records are settled; the outcome of the last."""
        deadline = time.monotonic() + COMMIT_TIMEOUT
        while self._settled < target:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([child.acks_fd], [], [], left)[0]:
                return AuditError(f"audit store did not commit within {COMMIT_TIMEOUT:.0f} s")
            data = os.read(child.acks_fd, 65536)
            if not data:
                self._failure = _exit_failure(child)
                self._settled = self._sent
                return self._failure
            self._take_acks(data)
        return self._failure


def _exit_failure(child: Child) -> AuditError:
    """Its end of the acknowledgement pipe closed: it has exited, or is exiting and not yet reaped."""
    code = child.process.poll()
    return AuditError(f"the audit writer process exited ({f'code {code}' if code is not None else 'pipe closed'})")


def _release(waiter: Waiter, failure: AuditError | None) -> None:
    if isinstance(waiter, asyncio.Future):
        if not waiter.done():
            if failure is None:
                waiter.set_result(None)
            else:
                waiter.set_exception(failure)
        return
    try:
        waiter(failure)
    except Exception:  # a caller's bug must not stop the others from being released
        log.exception("audit callback failed", extra={"event": "audit_callback_failed"})


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


__all__ = ["FrameReader", "PipeAuditStore", "frame", "spawn"]
