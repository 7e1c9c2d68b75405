"""The audit store interface shared by the server, the CLI and every store implementation."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from webhook.audit.record import GENESIS, HASH, Chained
from webhook.decision import Decision
from webhook.errors import AuditError


class AuditStore(Protocol):
    """Where decisions are recorded. Recording never changes a verdict; a failing store raises
    ``AuditError`` and the caller applies the configured failure policy (deny or allow + alarm)."""

    def record(self, decision: Decision, latency_ms: float) -> None:
        """Record one decision. In durable mode the record is committed when this returns."""

    async def arecord(self, decision: Decision, latency_ms: float) -> None:
        """Async form for the server: must not block the event loop (group commit may batch).
        The built-in stores also offer ``submit(decision, latency_ms)``, called on the event loop,
        returning a future to wait for (durable) or None: the server's fast path uses it to wait
        without a task."""

    def flush(self) -> None:
        """Commit everything accepted so far (batch mode); called on shutdown."""

    def writable(self) -> bool:
        """True when a record could be written now (used by /readyz)."""

    def close(self) -> None:
        """Flush and release the store."""


WRITER_NAME_MAX = 120
"""The longest writer name: ``default_writer`` cuts $RAILGUARD_AUDIT_WRITER (or the host name) to it."""

WRITER_ID_MAX = WRITER_NAME_MAX + len("-") + 8
"""The longest writer id railguard writes: a JSON Lines writer's name carries ``-`` and 8 random
hex digits (a chain of its own per process)."""

WRITER_ID_CHARACTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-")
"""What a writer id railguard writes is made of: ``default_writer`` replaces every other character with ``_``."""


def writer_id_fault(writer: object) -> str | None:
    """What makes ``writer`` a writer id railguard never writes (every railguard version has written
    1 to ``WRITER_ID_MAX`` of ``WRITER_ID_CHARACTERS``), None if it is one it could write. Never
    quotes the id: the caller shows it escaped."""
    if not isinstance(writer, str):
        return f"not a text ({type(writer).__name__})"
    if not writer:
        return "empty"
    if len(writer) > WRITER_ID_MAX:
        return f"{len(writer)} characters long, more than the {WRITER_ID_MAX} railguard writes"
    if not WRITER_ID_CHARACTERS.issuperset(writer):
        return "a character other than a letter, a digit, '.', '_' or '-'"
    return None


# Seconds between health probes of an idle, healthy sink (``Sink.probe_interval``) of every kind: what
# would make the next batch fail (a lock another session or process holds, a file removed or rotated
# away) makes the store unready (/readyz 503) within about this long even while no review arrives.
PROBE_INTERVAL = 2.0

# what a store's shortage says when its disk is nearly full (the SQLite probe and room check): /readyz names it
DISK_NEARLY_FULL = "the audit disk is nearly full"


class DiskNearlyFull(AuditError):
    """The store's disk is nearly full (``RAILGUARD_AUDIT_MIN_FREE_BYTES``): an early warning, not a
    store failure. The commits still fit: the store is unready (/readyz 503) but keeps recording, in
    either durability mode; a store keeps it apart from its failure (its ``_short``)."""


def unready_reason(store: object) -> str | None:
    """Why an unready store is unready, where /readyz may say it: only a nearly full disk (other
    failures name paths and hosts, which stay in the server's log). A store failure comes first."""
    if getattr(store, "_failure", None) is not None:
        return None
    return DISK_NEARLY_FULL if getattr(store, "_short", None) is not None else None


class Sink(Protocol):
    """The storage side of a store, called from its single writer thread only."""

    writer: str
    # seconds between health probes (``ping``) while the sink is idle and healthy, so that /readyz
    # notices what would make the next batch fail before a batch does; None: probed after a failure only
    probe_interval: float | None

    def append(self, records: list[dict[str, object]]) -> list[Chained]:
        """Chain the records after this writer's head and commit them atomically."""

    def ping(self) -> None:
        """Raise ``AuditError`` if nothing could be written now. Called from the writer thread (or
        process) between batches, never during one; it must not wait long (it delays the next batch)."""

    def close(self) -> None: ...


TRAIL_TABLES = ("audit_records", "audit_heads", "audit_anchors", "audit_checkpoints")


def check_tables(description: str, found: set[str], hint: str) -> None:
    """Raise ``AuditError`` unless every table of a trail was ``found`` (``hint``: what to check)."""
    if len(found) < len(TRAIL_TABLES):
        if not found:
            raise AuditError(f"audit store {description}: not a railguard audit trail (it has no audit tables): {hint}")
        missing = ", ".join(t for t in TRAIL_TABLES if t not in found)
        raise AuditError(f"audit store {description}: not a complete railguard audit trail: table(s) {missing} missing")


def check_file(description: str, path: str) -> None:
    """Raise ``AuditError`` unless ``path`` is an existing regular file (a trail is never created by
    reading it; a device or a pipe, ``/dev/zero``, never ends and cannot be read twice)."""
    try:
        is_dir = Path(path).is_dir()
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise AuditError(f"audit store {description}: no such file") from None
    except OSError as exc:
        raise AuditError(f"audit store {description}: cannot open: {exc.strerror or type(exc).__name__}") from None
    if is_dir:
        raise AuditError(f"audit store {description}: is a directory, not a trail file")
    if not stat.S_ISREG(mode):
        raise AuditError(f"audit store {description}: not a regular file (a device or a pipe): copy the trail to a file")


FileIdentity = tuple[int, int]  # (device, inode)


def file_identity(st: os.stat_result) -> FileIdentity:
    return st.st_dev, st.st_ino


def still_names(path: str, opened: FileIdentity) -> bool:
    """Whether ``path`` still names the file a sink opened: writes to a file that was deleted (its
    folder removed, a volume unmounted), renamed away or replaced succeed and are lost."""
    return named_stat(path, opened) is not None


def named_stat(path: str, opened: FileIdentity) -> os.stat_result | None:
    """``path``'s stat if it still names the file ``opened`` (``still_names``), else None."""
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found if file_identity(found) == opened else None


INVALID_SEQ = -1  # a stored sequence number that is not an integer >= 0


def stored_seq(value: object) -> int:
    """A sequence number as read from a store, or ``INVALID_SEQ`` when the column holds anything
    else (SQLite keeps whatever type an UPDATE writes: text, a real, a blob): ``verify`` reports it."""
    return value if type(value) is int and value >= 0 else INVALID_SEQ


def chain_head(description: str, writer: str, row: tuple[object, object] | None) -> tuple[int, str]:
    """(seq, hash) to chain a writer's next records after: its stored head ``row`` (seq, hash), or
    the genesis of a new chain. Raises ``AuditError`` for a head that is not a sequence number and
    a hash (edited: text, a real or a negative number in place of the seq): records chained after
    it would continue a damaged chain. Never quotes the stored values."""
    if row is None:
        return 0, GENESIS
    seq, digest = stored_seq(row[0]), row[1]
    if seq == INVALID_SEQ or not isinstance(digest, str) or not HASH.fullmatch(digest):
        raise AuditError(
            f"audit store {description}: cannot commit: the chain head of writer {writer!r} (its audit_heads row) is not a"
            " valid sequence number and hash: it was edited, and this writer cannot chain after it. Do not edit the head"
            " back: keep a copy of the trail as evidence, run 'railguard audit verify' (with --public-key and your"
            " --checkpoint copies) to find what else changed, then start the server with another writer name"
            " (RAILGUARD_AUDIT_WRITER), which begins a new chain in the same trail (docs/audit.md: Verify, 'An edited head')"
        )
    return seq, digest


def locate(kind: str, position: int, writer: object, seq: object) -> str:
    """How messages name a stored record: ``record id 4 (w1 #4)``, ``line 3 (w1-ab12 #3)``."""
    return f"{kind} {position} ({writer} #{seq if stored_seq(seq) != INVALID_SEQ else '?'})"




@dataclass(frozen=True, slots=True)
class StoredRow:
    """One record as stored: the hashed body plus the columns kept beside it for queries."""

    position: int  # storage order (row id, line number)
    writer: str
    seq: int  # INVALID_SEQ when the stored value is not a sequence number
    ts: str
    namespace: str
    username: str
    verdict: str
    policies: str  # " id1 id2 " (space-delimited, padded) for LIKE filters
    prev_hash: str
    hash: str
    body: bytes


RowFields = tuple[int, str, int, str, str, str, str, str, str, str, bytes]
"""A ``StoredRow``'s fields in order, as a plain tuple: export sends thousands of them to worker
processes, and a tuple pickles ten times faster than the dataclass."""

# (the record's fields, where): a record selected for export, ``where`` naming it for messages (``locate``)
Selected = tuple[RowFields, str]


@dataclass(frozen=True, slots=True)
class ChainMark:
    """A point in a writer's chain: a head, a pruning anchor, or a checkpointed head."""

    seq: int
    hash: str


@dataclass(frozen=True, slots=True)
class StoredCheckpoint:
    id: int
    payload: bytes
    signature: bytes


@dataclass(frozen=True)
class Filters:
    since: str | None = None  # RFC 3339 UTC, inclusive
    until: str | None = None  # exclusive
    namespace: str | None = None
    policy: str | None = None
    verdict: str | None = None
    user: str | None = None


class Trail(Protocol):
    """Reading and administering a stored trail (verify, export, prune, checkpoint)."""

    description: str
    keeps_heads: bool  # a writer's head is stored with its records (SQL stores): a missing head is a deletion
    # signed checkpoints are stored in the trail (SQL stores); a JSON Lines file keeps none: its
    # checkpoints exist only as 'checkpoint --output' files, checked with 'verify --checkpoint'
    keeps_checkpoints: bool

    def snapshot(self) -> AbstractContextManager[None]:
        """Reads inside see the trail as of one moment, so that verify is not misled by a server
        appending records meanwhile (a head read before records committed after it)."""

    def rows(self) -> Iterator[StoredRow]:
        """Every record in storage order, streamed."""

    def select(self, filters: Filters, by_namespace: bool = False) -> Iterator[Selected]:
        """(the stored row's fields, where) of the matching records in storage order (namespace
        first if asked), streamed; export checks each one as verify does. Raises ``DamagedTrail``
        for a stored record it cannot read at all."""

    def heads(self) -> dict[str, ChainMark]: ...

    def anchors(self) -> dict[str, ChainMark]: ...

    def checkpoints(self) -> list[StoredCheckpoint]: ...

    def add_checkpoint(self, payload: bytes, signature: bytes) -> None: ...

    def prune(self, cuts: dict[str, ChainMark]) -> int:
        """Delete each writer's records up to and including ``cuts[writer].seq`` and keep that
        record's hash as the writer's anchor, atomically. Returns the number deleted."""

    def close(self) -> None: ...
