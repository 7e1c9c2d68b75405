"""JSON Lines: one record per line, to stdout (for cluster log pipelines) or to a file.

Each process starts a new chain (its writer id carries a random suffix), so no head has to be
recovered from a stream that may already have been shipped away. ``durable`` flushes and fsyncs
each batch before its callers continue (fsync is skipped where the output cannot be synced, a pipe).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from typing import IO, Any

import orjson

from webhook.audit.base import INVALID_SEQ, ChainMark, Filters, Selected, StoredCheckpoint, StoredRow, check_file, file_identity, locate, still_names, stored_seq
from webhook.audit.record import GENESIS, Chained, canonical, chain, policies_of, with_hash
from webhook.audit.spill import sorted_rows
from webhook.errors import AuditError, DamagedTrail


class JsonlSink:
    probe_interval: float | None = None  # probed after a failure only

    def __init__(self, path: str, writer: str, durable: bool = True) -> None:
        self.path, self.writer, self.durable = path, writer, durable
        self.seq, self.head = 0, GENESIS
        self.broken: AuditError | None = None
        try:
            self.out: IO[bytes] = sys.stdout.buffer if path == "-" else open(path, "ab")  # noqa: SIM115
        except OSError as exc:
            raise AuditError(f"audit store jsonl:{path}: cannot open: {exc.strerror or type(exc).__name__}") from None
        self.file = None if path == "-" else file_identity(os.fstat(self.out.fileno()))

    def _check_file(self) -> None:
        """Raise unless ``path`` still names the file that was opened (``still_names``)."""
        if self.file is not None and not still_names(self.path, self.file):
            raise AuditError(
                f"audit store jsonl:{self.path}: cannot write: the file was removed or replaced since it was opened"
                " (restart the server to open a file at that path again)"
            )

    def append(self, records: list[dict[str, Any]]) -> list[Chained]:
        if self.broken is not None:
            raise self.broken
        self._check_file()
        chained = chain(records, self.writer, self.seq, self.head)
        data = b"".join(with_hash(c.body, c.hash) + b"\n" for c in chained)
        try:
            self.out.write(data)
            self.out.flush()
            if self.durable:
                try:
                    os.fsync(self.out.fileno())
                except OSError:
                    if self.path != "-":
                        raise
        except (OSError, ValueError) as exc:
            # a partial line may have been written: this chain cannot continue safely
            self.broken = AuditError(f"audit store jsonl:{self.path}: cannot write: {getattr(exc, 'strerror', None) or type(exc).__name__}")
            raise self.broken from None
        self.seq, self.head = chained[-1].seq, chained[-1].hash
        return chained

    def ping(self) -> None:
        if self.broken is not None or self.out.closed:
            raise self.broken or AuditError(f"audit store jsonl:{self.path}: closed")
        self._check_file()

    def close(self) -> None:
        try:
            self.out.flush()
        except (OSError, ValueError):
            pass
        if self.path != "-":
            self.out.close()


def _names_a_key_twice(line: bytes) -> bool:
    """Whether an object in the line gives a key twice. orjson keeps the last value, and so the
    hash does; a person or a tool reading the first one would see a value nobody verified."""
    twice = False

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal twice
        obj = dict(items)
        twice = twice or len(obj) != len(items)
        return obj

    json.loads(line, object_pairs_hook=pairs)
    return twice


MAX_LINE = 16 << 20
"""The longest line read as a record: a record holds names, paths and messages, never an object
(a few KiB; one with the most findings a review keeps, well under a MiB)."""


def _bounded_lines(file: IO[bytes]) -> Iterator[bytes | None]:
    """The lines of a file, None for a line longer than ``MAX_LINE`` (read through in bounded
    pieces, not kept)."""
    while line := file.readline(MAX_LINE + 1):
        if len(line) > MAX_LINE and line[-1:] != b"\n":
            while (rest := file.readline(1 << 20)) and rest[-1:] != b"\n":
                pass
            yield None
        else:
            yield line


def _columns(position: int, line: bytes) -> StoredRow:
    try:
        record = orjson.loads(line)
        if not isinstance(record, dict):
            raise ValueError
        digest = record.pop("hash")
        body = bytes(memoryview(canonical(record)))  # orjson's bytes keep its whole buffer (16 KiB for a 1 KiB record)
        # the server writes with_hash(body, digest): only a line that differs needs the slow check
        written = with_hash(body, digest) if isinstance(digest, str) and digest.isascii() else b""
        if line != written and _names_a_key_twice(line):
            raise ValueError
        return StoredRow(
            position,
            str(record["writer"]),
            stored_seq(record["seq"]),
            str(record["ts"]),
            str(record["namespace"]),
            str(record["user"]["username"]),
            str(record["verdict"]),
            " " + " ".join(policies_of(record)) + " ",
            str(record["prevHash"]),
            str(digest),
            body,
        )
    except (ValueError, KeyError, TypeError, RecursionError):
        return StoredRow(position, "", INVALID_SEQ, "", "", "", "", "", "", "", line)  # unreadable: verify reports it


def matches(row: StoredRow, filters: Filters) -> bool:
    return (
        (not filters.since or row.ts >= filters.since)
        and (not filters.until or row.ts < filters.until)
        and (filters.namespace is None or row.namespace == filters.namespace)
        and (not filters.verdict or row.verdict == filters.verdict)
        and (not filters.user or row.username == filters.user)
        and (not filters.policy or f" {filters.policy} " in row.policies)
    )


class JsonlTrail:
    """A JSON Lines file read back (stdout cannot be read back: verify the shipped file)."""

    keeps_heads = False  # a file of records only

    def __init__(self, path: str) -> None:
        if path == "-":
            raise AuditError("audit store jsonl:- is stdout: verify or export the file your log pipeline kept")
        check_file(f"jsonl:{path}", path)
        self.path = path
        self.description = f"jsonl:{path}"

    def snapshot(self) -> AbstractContextManager[None]:
        return nullcontext()  # lines are appended whole; a line written meanwhile is simply read or not

    def rows(self) -> Iterator[StoredRow]:
        try:
            with open(self.path, "rb") as lines:
                for number, line in enumerate(_bounded_lines(lines), 1):
                    if line is None:  # far longer than any record: not kept in memory
                        yield StoredRow(number, "", INVALID_SEQ, "", "", "", "", "", "", "", b"")
                    elif line.strip():
                        yield _columns(number, line.rstrip(b"\r\n"))
        except OSError as exc:
            raise AuditError(f"audit store jsonl:{self.path}: cannot read: {exc.strerror}") from None

    def chain_rows(self) -> Iterator[StoredRow]:
        """Every record in chain order (writer, seq, line number), sorted in bounded memory."""
        return sorted_rows(self.rows())

    def _readable_rows(self) -> Iterator[StoredRow]:
        for row in self.rows():
            if row.writer == "":  # not a record at all: its namespace, user... cannot be filtered on
                raise DamagedTrail(f"line {row.position} is not a readable audit record")
            yield row

    def select(self, filters: Filters, by_namespace: bool = False) -> Iterator[Selected]:
        if not by_namespace:
            for row in self._readable_rows():
                if matches(row, filters):
                    yield row.body, row.hash, locate("line", row.position, row.writer, row.seq)
            return
        # one pass per namespace keeps memory flat without sorting the file
        namespaces = sorted({row.namespace for row in self._readable_rows() if matches(row, filters)})
        for namespace in namespaces:
            for row in self.rows():
                if row.writer != "" and row.namespace == namespace and matches(row, filters):
                    yield row.body, row.hash, locate("line", row.position, row.writer, row.seq)

    def heads(self) -> dict[str, ChainMark]:
        return {}  # a file has no head: records cut off a chain's end cannot be told (README)

    def anchors(self) -> dict[str, ChainMark]:
        return {}

    def checkpoints(self) -> list[StoredCheckpoint]:
        return []

    def add_checkpoint(self, payload: bytes, signature: bytes) -> None:
        raise AuditError("checkpoints are stored in SQLite or PostgreSQL trails, not in JSON Lines")

    def prune(self, cuts: dict[str, ChainMark]) -> int:
        raise AuditError("prune JSON Lines with your log pipeline's retention; prune works on SQLite and PostgreSQL")

    def close(self) -> None:
        pass
