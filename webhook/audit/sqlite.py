"""SQLite: the embedded default store (WAL mode). One file can hold several writers' chains.

The server's sink creates the file and its tables. ``SqliteTrail`` (verify, export, prune,
checkpoint) opens an existing trail only: read-only (``mode=ro``) unless it must write, and never
adds a table or changes the journal mode, so a wrong path is an error, not a new empty trail.
"""

from __future__ import annotations

import functools
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from webhook.audit.base import DISK_NEARLY_FULL, PROBE_INTERVAL, DiskNearlyFull, TRAIL_TABLES, ChainMark, Filters, Selected, StoredCheckpoint, StoredRow, chain_head, check_file, check_tables, file_identity, locate, still_names, stored_seq
from webhook.audit.record import GENESIS, Chained, chain, policies_of
from webhook.errors import AuditError
from webhook.files import size_text

SCHEMA = """
CREATE TABLE IF NOT EXISTS audit_records (
    id INTEGER PRIMARY KEY,
    writer TEXT NOT NULL,
    seq INTEGER NOT NULL,
    ts TEXT NOT NULL,
    namespace TEXT NOT NULL,
    username TEXT NOT NULL,
    verdict TEXT NOT NULL,
    policies TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    body BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_records_chain ON audit_records (writer, seq);
CREATE INDEX IF NOT EXISTS audit_records_ts ON audit_records (ts);
CREATE INDEX IF NOT EXISTS audit_records_namespace ON audit_records (namespace, id);
CREATE TABLE IF NOT EXISTS audit_heads (writer TEXT PRIMARY KEY, seq INTEGER NOT NULL, hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS audit_anchors (writer TEXT PRIMARY KEY, seq INTEGER NOT NULL, hash TEXT NOT NULL, pruned_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS audit_checkpoints (id INTEGER PRIMARY KEY, payload BLOB NOT NULL, signature BLOB NOT NULL);
"""

INSERT = (
    "INSERT INTO audit_records (writer, seq, ts, namespace, username, verdict, policies, prev_hash, hash, body)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
PAGE_SIZE = 8192
# How long a batch waits for the write lock another connection holds (a second server on the same
# file, ``railguard audit prune``) before it fails; the callers have given up long before.
BUSY_TIMEOUT_MS = 10_000
# The health probe (``ping``: /readyz, and the retries of a failed store) takes the write lock a batch
# needs, waiting at most this long: a commit holds it for milliseconds, so a holder still there after
# it is a transaction left open, and the next batch would wait BUSY_TIMEOUT_MS and fail. A probe
# waiting the whole busy timeout would hold back the batch behind it as long.
PROBE_BUSY_TIMEOUT_MS = 500
# pages in the WAL before the commit that crosses it checkpoints them into the database file, inside
# that commit, which waits as long as the copy: 250 pages instead of SQLite's 1,000 about halves the
# p99 of a durable commit at the same CPU (bench/audit_bench.py measures both)
WAL_AUTOCHECKPOINT = 250
# the idle probe fails (/readyz 503) while the database's file system has less free space than this
# for an unprivileged process: a commit of a batch (records, WAL frames, a checkpoint into the
# database file) needs room, and a full disk would otherwise be seen only by the review it fails.
# The default of RAILGUARD_AUDIT_MIN_FREE_BYTES (Settings.audit_min_free_bytes; 0: not checked)
MIN_FREE_BYTES = 16 << 20
ROW_COLUMNS = "id, writer, seq, ts, namespace, username, verdict, policies, prev_hash, hash, body"
# SQLite reads rowid, not id: the storage order even where a rebuilt table's "id" holds NULL or text
# (verify compares positions); in the table the server creates, rowid is id
_ROWID_COLUMNS = "rowid" + ROW_COLUMNS.removeprefix("id")


def policy_column(record: dict[str, Any]) -> str:
    return " " + " ".join(policies_of(record)) + " "


def as_bytes(value: Any) -> bytes:
    """A stored body, payload or signature: BLOB; TEXT if someone rewrote it with SQL string
    functions; anything else (an INTEGER or REAL written over it) reads as no bytes at all."""
    if isinstance(value, bytes):
        return value
    return value.encode("utf-8") if isinstance(value, str) else b""


# TEXT that is not UTF-8 (``CAST(X'ff' AS TEXT)``) reads with U+FFFD in place of the bad bytes, so it
# differs from what was hashed and verify reports the record, instead of failing on the whole read
_lenient_text = functools.partial(str, encoding="utf-8", errors="replace")


def _stored_row(r: Any) -> StoredRow:
    return StoredRow(r[0], r[1], stored_seq(r[2]), r[3], r[4], r[5], r[6], r[7], r[8], r[9], as_bytes(r[10]))


def row_values(c: Chained) -> tuple[Any, ...]:
    r = c.record
    return (c.writer, c.seq, r["ts"], r["namespace"], r["user"]["username"], r["verdict"], policy_column(r), c.prev_hash, c.hash, c.body)


def _error(path: str, doing: str, exc: sqlite3.Error) -> AuditError:
    # sqlite3 messages name the problem ("database is locked", "disk I/O error"); the one that quotes
    # a column ("Could not decode to UTF-8 column 'body' with text '...'") loses the quote
    message = str(exc).split(" with text '", 1)[0]
    return AuditError(f"audit store sqlite:{path}: cannot {doing}: {message}")


def connect(path: str, durable: bool = True) -> sqlite3.Connection:
    """The server's side: creates the file and its tables if needed, WAL mode."""
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
        # takes effect when this creates the file: a record (2-3 KB) fills most of a 4 KiB page on its
        # own, 8 KiB pages hold three, so a commit writes fewer WAL frames (~10% less writer CPU)
        conn.execute(f"PRAGMA page_size={PAGE_SIZE}")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(f"PRAGMA synchronous={'FULL' if durable else 'NORMAL'}")
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        conn.execute(f"PRAGMA wal_autocheckpoint={WAL_AUTOCHECKPOINT}")
        conn.executescript(SCHEMA)
    except sqlite3.Error as exc:
        raise _error(path, "open", exc) from None
    return conn


@contextmanager
def _transaction(conn: sqlite3.Connection, path: str, doing: str) -> Iterator[None]:
    """BEGIN IMMEDIATE ... COMMIT; rolled back on any error, sqlite errors raised as AuditError."""
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    except sqlite3.Error as exc:
        raise _error(path, doing, exc) from None


def _open_uri(path: str, mode: str) -> sqlite3.Connection:
    conn = sqlite3.connect(Path(path).absolute().as_uri() + mode, uri=True, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.text_factory = _lenient_text
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")  # per connection: nothing is written to the file
    return conn


def _tables(conn: sqlite3.Connection) -> set[str]:
    marks = ", ".join("?" * len(TRAIL_TABLES))
    return {row[0] for row in conn.execute(f"SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ({marks})", TRAIL_TABLES)}


def open_existing(path: str, writable: bool = False) -> sqlite3.Connection:
    """An existing trail: read-only (``mode=ro``) unless ``writable`` (``mode=rw``: prune and
    checkpoint), with every audit table present. Never creates a file or a table, never changes
    the journal mode.

    A read-only reader of a WAL database shares the -shm file with live writers (it creates it if
    the directory is writable). Where it cannot (a read-only copy, no writer), the file is read as
    an immutable snapshot, provided it has no write-ahead log that such a read would ignore."""
    description = f"sqlite:{path}"
    check_file(description, path)
    conn: sqlite3.Connection | None = None
    try:
        try:
            conn = _open_uri(path, "?mode=rw" if writable else "?mode=ro")
            found = _tables(conn)
        except sqlite3.OperationalError as exc:
            if writable or exc.sqlite_errorname not in ("SQLITE_READONLY_DIRECTORY", "SQLITE_CANTOPEN"):
                raise
            wal = Path(path + "-wal")
            if conn is not None:
                conn.close()
                conn = None
            if wal.exists() and wal.stat().st_size > 0:
                raise AuditError(
                    f"audit store {description}: cannot open: {exc}: its write-ahead log {wal.name} holds commits, which SQLite"
                    f" reads only with a {Path(path).name}-shm file it cannot create here: copy the database and its -wal file"
                    " to a writable directory"
                ) from None
            conn = _open_uri(path, "?mode=ro&immutable=1")
            found = _tables(conn)
    except sqlite3.Error as exc:
        if conn is not None:
            conn.close()
        raise _error(path, "open", exc) from None
    try:
        check_tables(description, found, "check the path")
    except AuditError:
        conn.close()
        raise
    if writable:
        try:
            conn.execute("PRAGMA synchronous=FULL")
        except sqlite3.Error as exc:
            conn.close()
            raise _error(path, "open", exc) from None
    return conn


class SqliteSink:
    probe_interval: float | None = PROBE_INTERVAL

    def __init__(self, path: str, writer: str, durable: bool = True, min_free_bytes: int = MIN_FREE_BYTES) -> None:
        if min_free_bytes < 0:
            raise AuditError(f"RAILGUARD_AUDIT_MIN_FREE_BYTES must be a number of bytes >= 0 (0: no free-space check), got {min_free_bytes}")
        self.path, self.writer, self.min_free_bytes = path, writer, min_free_bytes
        self.conn = connect(path, durable)
        try:
            self.file = file_identity(os.stat(path))
        except OSError as exc:
            self.conn.close()
            raise AuditError(f"audit store sqlite:{path}: cannot open: {exc.strerror or type(exc).__name__}") from None

    def _check_file(self, doing: str) -> None:
        """Raise unless ``path`` still names the file that was opened. In WAL mode SQLite goes on
        committing into a database file that was deleted (its folder removed, a volume unmounted)
        or replaced: every record would be lost while reported as committed."""
        if not still_names(self.path, self.file):
            raise AuditError(
                f"audit store sqlite:{self.path}: cannot {doing}: the database file was removed or replaced since it"
                " was opened (restart the server to open the file at that path again)"
            )

    def append(self, records: list[dict[str, Any]]) -> list[Chained]:
        self._check_file(f"commit {len(records)} records")
        conn = self.conn
        with _transaction(conn, self.path, f"commit {len(records)} records"):
            head = conn.execute("SELECT seq, hash FROM audit_heads WHERE writer = ?", (self.writer,)).fetchone()
            seq, prev = chain_head(f"sqlite:{self.path}", self.writer, head)
            chained = chain(records, self.writer, seq, prev)
            conn.executemany(INSERT, [row_values(c) for c in chained])
            last = chained[-1]
            conn.execute(
                "INSERT INTO audit_heads (writer, seq, hash) VALUES (?, ?, ?)"
                " ON CONFLICT (writer) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
                (self.writer, last.seq, last.hash),
            )
        return chained

    def ping(self) -> None:
        """Raise ``AuditError`` unless a batch could commit now: the path still names the opened
        file, its file system has ``min_free_bytes`` free and the write lock is free within
        ``PROBE_BUSY_TIMEOUT_MS``. Nothing is written. The room is checked last: its
        ``DiskNearlyFull`` (a shortage, not a failure) means that everything else was found fine."""
        self._check_file("write")
        conn = self.conn
        try:
            conn.execute(f"PRAGMA busy_timeout={PROBE_BUSY_TIMEOUT_MS}")
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("ROLLBACK")
            finally:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        except sqlite3.Error as exc:
            if exc.sqlite_errorname.startswith("SQLITE_BUSY"):
                raise AuditError(
                    f"audit store sqlite:{self.path}: cannot write: another connection has held a write transaction on the"
                    f" database for more than {PROBE_BUSY_TIMEOUT_MS / 1000:g} s (a second server on the same file,"
                    " an 'audit prune', or a session left open)"
                ) from None
            raise _error(self.path, "write", exc) from None
        self.check_room()

    def check_room(self) -> None:
        """Raise ``DiskNearlyFull`` while the database's file system has less than ``min_free_bytes``
        free. Called by ``ping`` and after every commit (a ``statvfs``): a store kept busy by reviews
        is never idle long enough to be probed, and its commits, which still fit, must not make it
        ready again while the disk fills."""
        if self.min_free_bytes == 0:
            return
        try:
            found = os.statvfs(os.path.dirname(os.path.abspath(self.path)))
        except OSError:
            return  # nothing to tell: the commit itself reports a full disk
        free = found.f_bavail * found.f_frsize
        if free < self.min_free_bytes:
            raise DiskNearlyFull(
                f"audit store sqlite:{self.path}: cannot write: {DISK_NEARLY_FULL} ({free >> 20} MiB free, less than"
                f" {size_text(self.min_free_bytes)}, RAILGUARD_AUDIT_MIN_FREE_BYTES): free space on its volume or prune"
                " the trail ('railguard audit prune')"
            )

    def close(self) -> None:
        self.conn.close()


class SqliteTrail:
    keeps_heads = True
    keeps_checkpoints = True

    def __init__(self, path: str, writable: bool = False) -> None:
        self.path = path
        self.description = f"sqlite:{path}"
        self.conn = open_existing(path, writable)

    def _query(self, sql: str, params: tuple[Any, ...] = ()) -> Iterator[Any]:
        try:
            cursor = self.conn.execute(sql, params)
            while rows := cursor.fetchmany(2000):
                yield from rows
        except sqlite3.Error as exc:
            raise _error(self.path, "read", exc) from None

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """One read transaction (WAL: a live server keeps committing; it sees none of that)."""
        try:
            self.conn.execute("BEGIN")
        except sqlite3.Error as exc:
            raise _error(self.path, "read", exc) from None
        try:
            yield
        finally:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")  # nothing was written

    def rows(self) -> Iterator[StoredRow]:
        for r in self._query(f"SELECT {_ROWID_COLUMNS} FROM audit_records ORDER BY rowid"):
            yield _stored_row(r)

    def chain_rows(self) -> Iterator[StoredRow]:
        """Every record in chain order (writer, seq, storage position), streamed by index."""
        for r in self._query(f"SELECT {_ROWID_COLUMNS} FROM audit_records ORDER BY writer, seq, rowid"):
            yield _stored_row(r)

    def select(self, filters: Filters, by_namespace: bool = False) -> Iterator[Selected]:
        where, params = where_clause(filters, "?")
        order = "namespace, rowid" if by_namespace else "rowid"
        sql = f"SELECT {_ROWID_COLUMNS} FROM audit_records {where} ORDER BY {order}"
        for r in self._query(sql, tuple(params)):
            fields = (r[0], r[1], stored_seq(r[2]), r[3], r[4], r[5], r[6], r[7], r[8], r[9], as_bytes(r[10]))
            yield fields, locate("record id", r[0], r[1], r[2])

    def heads(self) -> dict[str, ChainMark]:
        return {w: ChainMark(stored_seq(s), h) for w, s, h in self._query("SELECT writer, seq, hash FROM audit_heads")}

    def anchors(self) -> dict[str, ChainMark]:
        return {w: ChainMark(stored_seq(s), h) for w, s, h in self._query("SELECT writer, seq, hash FROM audit_anchors")}

    def checkpoints(self) -> list[StoredCheckpoint]:
        return [
            StoredCheckpoint(i, as_bytes(p), as_bytes(s))
            for i, p, s in self._query("SELECT id, payload, signature FROM audit_checkpoints ORDER BY id")
        ]

    def add_checkpoint(self, payload: bytes, signature: bytes) -> None:
        try:
            self.conn.execute("INSERT INTO audit_checkpoints (payload, signature) VALUES (?, ?)", (payload, signature))
        except sqlite3.Error as exc:
            raise _error(self.path, "store the checkpoint", exc) from None

    def prune(self, cuts: dict[str, ChainMark]) -> int:
        from webhook.audit.record import utc_timestamp

        conn, deleted = self.conn, 0
        with _transaction(conn, self.path, "prune"):
            for writer, mark in cuts.items():
                deleted += conn.execute(
                    "DELETE FROM audit_records WHERE writer = ? AND seq <= ?", (writer, mark.seq)
                ).rowcount
                conn.execute(
                    "INSERT INTO audit_anchors (writer, seq, hash, pruned_at) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT (writer) DO UPDATE SET seq = excluded.seq, hash = excluded.hash,"
                    " pruned_at = excluded.pruned_at",
                    (writer, mark.seq, mark.hash, utc_timestamp()),
                )
        return deleted

    def close(self) -> None:
        self.conn.close()


def where_clause(filters: Filters, mark: str) -> tuple[str, list[Any]]:
    """SQL WHERE for export filters; ``mark`` is the driver's placeholder (? or %s)."""
    parts: list[str] = []
    params: list[Any] = []
    if filters.since:
        parts.append(f"ts >= {mark}")
        params.append(filters.since)
    if filters.until:
        parts.append(f"ts < {mark}")
        params.append(filters.until)
    if filters.namespace is not None:
        parts.append(f"namespace = {mark}")
        params.append(filters.namespace)
    if filters.verdict:
        parts.append(f"verdict = {mark}")
        params.append(filters.verdict)
    if filters.user is not None:  # '' too: requests without a user name
        parts.append(f"username = {mark}")
        params.append(filters.user)
    if filters.policy:
        # the whole id, case-sensitive as the other filters: SQLite's LIKE ignores ASCII case and
        # PostgreSQL's does not, so LIKE gave the two stores different answers for REQUIRE-PROBES
        parts.append(f"{'instr' if mark == '?' else 'strpos'}(policies, {mark}) > 0")
        params.append(f" {filters.policy} ")
    return ("WHERE " + " AND ".join(parts)) if parts else "", params
