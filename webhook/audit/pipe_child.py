"""The audit writer process (see :mod:`webhook.audit.pipe`): ``python -m webhook.audit.pipe_child``.

Reads framed records from the fd in ``$RAILGUARD_AUDIT_RECORDS_FD``, commits them in batches to
the store in ``$RAILGUARD_AUDIT_URL`` and acknowledges each commit on ``$RAILGUARD_AUDIT_ACKS_FD``.
Durable: whatever has arrived while the previous commit ran is committed together, at once.
Batch: every ``INTERVAL`` seconds, at ``BATCH_SIZE`` records, or on an empty frame.
At the end of its input it commits what it holds and exits; stop signals are ignored so that a
Ctrl-C or a signal to the process group cannot cut a commit short (the server ends the input).
"""

from __future__ import annotations

import os
import select
import signal
import sys
import time
from types import SimpleNamespace
from typing import Any

import orjson

from webhook.audit.base import Sink
from webhook.audit.pipe import ACKS_FD_ENV, RECORDS_FD_ENV, FrameReader, frame, write_all
from webhook.audit.record import record_from_fields
from webhook.audit.reviewlog import line_for_record, write_lines
from webhook.audit.writer import BATCH_INTERVAL, RETRY_INTERVAL, commit_outcome, probe_due_in, probe_outcome
from webhook.errors import AuditError

INTERVAL = BATCH_INTERVAL
BATCH_SIZE = 1000
READ_SIZE = 1 << 20  # one reused buffer: a fresh 1 MiB bytes per read cost three mmap calls and page faults


class WriterLoop:
    def __init__(self, sink: Sink, records_fd: int, acks_fd: int, durable: bool, log_reviews: bool = False) -> None:
        self.sink, self.records_fd, self.acks_fd, self.durable = sink, records_fd, acks_fd, durable
        self.log_reviews = log_reviews
        self.reader = FrameReader()
        self.read_buffer = bytearray(READ_SIZE)
        self.read_view = memoryview(self.read_buffer)
        self.pending: list[dict[str, Any]] = []
        self.first_at = 0.0
        self.settled = 0
        self.failed = False
        self.last_error = ""
        self.short: str | None = None  # the disk is nearly full: not a failure (see ``_ack``)
        self.checked_at = time.monotonic()  # when the last commit or probe ended
        self.commit_asked = False
        self.ended = False

    def run(self) -> int:
        while not self.ended or self.pending:
            readable = False
            if not self.ended:
                readable = bool(select.select([self.records_fd], [], [], self._timeout())[0])
                if readable:
                    self._read()
                    if self.durable and self.pending and len(self.pending) < BATCH_SIZE and not self.ended:
                        continue  # take whatever else has already arrived into the same commit
            if self._due():
                self._commit()
            elif self.commit_asked:
                self._ack(self.last_error if self.failed else None)
            elif not readable and (self.failed or self.short is not None or self._probe_due()):
                self._probe()
            self.commit_asked = False
        return 0

    def _timeout(self) -> float | None:
        if self.pending:
            return 0.0 if self.durable else max(0.0, self.first_at + INTERVAL - time.monotonic())
        if self.failed or self.short is not None:
            return RETRY_INTERVAL
        due = probe_due_in(self.sink, self.checked_at)
        return None if due is None else max(0.0, due)

    def _probe_due(self) -> bool:
        due = probe_due_in(self.sink, self.checked_at)
        return due is not None and due <= 0

    def _read(self) -> None:
        try:
            size = os.readv(self.records_fd, [self.read_buffer])
        except OSError:
            size = 0
        if not size:
            self.ended = True
            return
        lines: list[bytes] = []
        for payload in self.reader.feed(self.read_view[:size]):
            if not payload:
                self.commit_asked = True
                continue
            if not self.pending:
                self.first_at = time.monotonic()
            record = record_from_fields(orjson.loads(payload))
            self.pending.append(record)
            if self.log_reviews:
                lines.append(line_for_record(record))
        if lines:
            try:
                write_lines(sys.stdout.fileno(), lines)
            except OSError:  # stdout closed: the records still go to the store
                pass

    def _due(self) -> bool:
        if not self.pending:
            return False
        return (
            self.durable
            or self.ended
            or self.commit_asked
            or len(self.pending) >= BATCH_SIZE
            or time.monotonic() - self.first_at >= INTERVAL
        )

    def _commit(self) -> None:
        records, self.pending = self.pending, []
        # committed, but the disk nearly full (shortage): the records are settled, the store is short
        # of room (unready, still taking records) until a commit or probe finds room; the same ack says it
        failure, shortage = commit_outcome(self.sink, records)
        error = None if failure is None else str(failure)
        self.failed, self.last_error = error is not None, error or ""
        self.short = None if shortage is None else str(shortage)
        self.checked_at = time.monotonic()
        self.settled += len(records)
        self._ack(error)

    def _probe(self) -> None:
        """Ping the store: a failed one until it answers again (then the server hears it is writable),
        a healthy idle one every ``sink.probe_interval`` (a failure: the server hears it at once)."""
        failure, shortage = probe_outcome(self.sink)
        error = None if failure is None else str(failure)
        short = None if shortage is None else str(shortage)
        self.checked_at = time.monotonic()
        changed = (error is not None) != self.failed or (short is not None) != (self.short is not None)
        self.failed, self.short = error is not None, short
        if error is not None:
            self.last_error = error
        if changed:
            self._ack(error)

    def _ack(self, error: str | None) -> None:
        """Acknowledge the records settled so far with ``error`` (the store's failure: they fail
        with it), and say whether the store is short of room (``short``: a nearly full disk; the
        records are committed, the store is unready but takes records)."""
        data = frame(orjson.dumps({"through": self.settled, "error": error, "short": self.short}))
        try:
            write_all(self.acks_fd, data)
        except OSError:  # the server is gone: keep committing what is left of the input
            pass


def main() -> int:
    for stop in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop, signal.SIG_IGN)
    try:
        records_fd, acks_fd = int(os.environ[RECORDS_FD_ENV]), int(os.environ[ACKS_FD_ENV])
    except (KeyError, ValueError):
        print("railguard audit writer: started without its pipes (run by railguard serve only)", file=sys.stderr)
        return 2
    from webhook.audit import open_sink
    from webhook.audit.sqlite import MIN_FREE_BYTES

    settings = SimpleNamespace(
        audit_url=os.environ.get("RAILGUARD_AUDIT_URL", ""),
        audit_durability=os.environ.get("RAILGUARD_AUDIT_DURABILITY", "durable"),
    )
    try:
        # set by the server from its checked settings (spawn); the default where a caller did not
        settings.audit_min_free_bytes = int(os.environ.get("RAILGUARD_AUDIT_MIN_FREE_BYTES") or MIN_FREE_BYTES)
    except ValueError:
        write_all(acks_fd, frame(orjson.dumps({"error": "RAILGUARD_AUDIT_MIN_FREE_BYTES: invalid value for an int"})))
        return 2
    try:
        sink = open_sink(settings, os.environ.get("RAILGUARD_AUDIT_WRITER") or None)
    except AuditError as exc:
        write_all(acks_fd, frame(orjson.dumps({"error": str(exc)})))
        return 2
    except Exception as exc:  # not ours: its text may quote the URL and its password
        write_all(acks_fd, frame(orjson.dumps({"error": f"cannot open the audit store ({type(exc).__name__})"})))
        return 2
    write_all(acks_fd, frame(orjson.dumps({"ready": sink.writer})))
    try:
        log_reviews = os.environ.get("RAILGUARD_AUDIT_LOG_REVIEWS") == "1"
        return WriterLoop(sink, records_fd, acks_fd, settings.audit_durability == "durable", log_reviews).run()
    finally:
        sink.close()


if __name__ == "__main__":
    sys.exit(main())
