"""PostgreSQL (psycopg 3): one trail shared by several webhook replicas.

Each replica writes its own chain (its writer id), so concurrent replicas never wait on one chain
head: a batch locks only its own writer's row in ``audit_heads``. The sink creates the tables;
``PostgresTrail`` (verify, export, prune, checkpoint) never does, and reads in READ ONLY
transactions unless it must write.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import psycopg

from webhook.audit.base import PROBE_INTERVAL, TRAIL_TABLES, ChainMark, Filters, Selected, StoredCheckpoint, StoredRow, chain_head, check_tables, locate, stored_seq
from webhook.audit.record import GENESIS, Chained, chain, utc_timestamp
from webhook.audit.redact import awkward_password, redact, scrub
from webhook.audit.sqlite import ROW_COLUMNS, row_values, where_clause
from webhook.errors import AuditError

SCHEMA = """
CREATE TABLE IF NOT EXISTS audit_records (
    id BIGSERIAL PRIMARY KEY,
    writer TEXT NOT NULL,
    seq BIGINT NOT NULL,
    ts TEXT NOT NULL,
    namespace TEXT NOT NULL,
    username TEXT NOT NULL,
    verdict TEXT NOT NULL,
    policies TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_records_chain ON audit_records (writer, seq);
CREATE INDEX IF NOT EXISTS audit_records_ts ON audit_records (ts);
CREATE INDEX IF NOT EXISTS audit_records_namespace ON audit_records (namespace, id);
CREATE TABLE IF NOT EXISTS audit_heads (writer TEXT PRIMARY KEY, seq BIGINT NOT NULL, hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS audit_anchors (writer TEXT PRIMARY KEY, seq BIGINT NOT NULL, hash TEXT NOT NULL, pruned_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS audit_checkpoints (id BIGSERIAL PRIMARY KEY, payload TEXT NOT NULL, signature TEXT NOT NULL);
"""
# How long a batch waits for a lock (its writer's audit_heads row, which a stray transaction or a
# stuck second writer of the same name may hold) before it fails: as SQLite's busy timeout. The
# callers, whose requests a webhook answers within seconds, have given up long before.
LOCK_TIMEOUT_MS = 10_000
# The health probe (``ping``: /readyz, and the retries of a failed store) takes the locks a batch
# needs, waiting at most this long: a commit holds them for milliseconds, so a holder still there
# after it is a transaction left open, and the next batch would wait LOCK_TIMEOUT_MS and fail.
PROBE_LOCK_TIMEOUT_MS = 500
COPY = "COPY audit_records (writer, seq, ts, namespace, username, verdict, policies, prev_hash, hash, body) FROM STDIN"


__all__ = ["PostgresSink", "PostgresTrail", "redact"]


def column_text(value: str) -> str:
    """A text column as PostgreSQL keeps it: it cannot hold NUL, which a user name may carry (whatever
    the authenticator says, an OIDC claim...). U+FFFD stands for it in the indexed columns only: the
    hashed body keeps the value, escaped, and verify and the export filters apply the same mapping.
    Without it one such record failed its whole batch, the other requests of the group commit too."""
    return value.replace("\x00", "\ufffd")


def _error(url: str, doing: str, exc: psycopg.Error) -> AuditError:
    # the primary message only: DETAIL lines can quote row values
    primary = exc.diag.message_primary if exc.diag is not None and exc.diag.message_primary else str(exc).splitlines()[0] if str(exc) else ""
    if awkward_password(url):  # libpq split the URL inside the password: its message may quote a piece as a host
        primary = "the password in the URL holds an unescaped '@' or '/': percent-encode it (%40, %2F)"
    return AuditError(f"audit store {redact(url)}: cannot {doing}: {type(exc).__name__}: {scrub(primary, url)}")


def connect(url: str, durable: bool = True) -> psycopg.Connection[Any]:
    try:
        conn = psycopg.connect(url, connect_timeout=10)
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(hashtext('railguard-audit-schema'))")
            conn.execute(SCHEMA)
        # after the schema step, whose advisory lock a replica may wait on while another builds an index
        conn.execute("SELECT set_config('lock_timeout', %s, false)", (f"{int(LOCK_TIMEOUT_MS)}ms",))
        conn.commit()
        if not durable:
            conn.execute("SET synchronous_commit = off")
            conn.commit()
        elif conn.execute("SHOW synchronous_commit").fetchone() == ("off",):
            # durable: a commit is acknowledged once on disk, even where the server, the database or
            # the role defaults to off (local, on, remote_write and remote_apply all flush locally)
            conn.execute("SET synchronous_commit = on")
            conn.commit()
        else:
            conn.rollback()
    except psycopg.Error as exc:
        raise _error(url, "connect", exc) from None
    return conn


def open_existing(url: str, writable: bool = False) -> psycopg.Connection[Any]:
    """A connection to an existing trail (its tables must be there: none is created), whose
    transactions are READ ONLY unless ``writable``."""
    try:
        conn = psycopg.connect(url, connect_timeout=10)
    except psycopg.Error as exc:
        raise _error(url, "connect", exc) from None
    try:
        conn.read_only = not writable
        with conn.transaction():
            rows = conn.execute("SELECT t FROM unnest(%s::text[]) AS t WHERE to_regclass(t) IS NOT NULL", (list(TRAIL_TABLES),)).fetchall()
    except psycopg.Error as exc:
        conn.close()
        raise _error(url, "read", exc) from None
    try:
        check_tables(redact(url), {row[0] for row in rows}, "check the database")
    except AuditError:
        conn.close()
        raise
    return conn


class _StaleConnection(Exception):
    """The sink's open connection was found broken before a batch's first statement went through."""


class PostgresSink:
    probe_interval: float | None = PROBE_INTERVAL

    def __init__(self, url: str, writer: str, durable: bool = True) -> None:
        self.url, self.writer, self.durable = url, writer, durable
        self.conn: psycopg.Connection[Any] = connect(url, durable)

    def _connection(self) -> psycopg.Connection[Any]:
        if self.conn.closed:
            self.conn = connect(self.url, self.durable)
        return self.conn

    def append(self, records: list[dict[str, Any]]) -> list[Chained]:
        try:
            return self._append(records)
        except _StaleConnection:  # dropped while idle (restart, failover, idle timeout): once more on a new one
            return self._append(records)  # on a new connection: raises AuditError, never _StaleConnection

    def _append(self, records: list[dict[str, Any]]) -> list[Chained]:
        reused = not self.conn.closed
        started = False  # the first statement went through: from here on, no retry
        head_row = "this writer's chain head (its audit_heads row)"
        waiting_on = head_row  # what a lock timeout was waiting for
        try:
            conn = self._connection()
            with conn.transaction():
                conn.execute(
                    "INSERT INTO audit_heads (writer, seq, hash) VALUES (%s, 0, %s) ON CONFLICT (writer) DO NOTHING",
                    (self.writer, GENESIS),
                )
                started = True
                head = conn.execute("SELECT seq, hash FROM audit_heads WHERE writer = %s FOR UPDATE", (self.writer,)).fetchone()
                assert head is not None
                chained = chain(records, self.writer, *chain_head(redact(self.url), self.writer, head))
                waiting_on = "the audit_records table"
                with conn.cursor() as cursor, cursor.copy(COPY) as copy:
                    for c in chained:
                        values = row_values(c)
                        copy.write_row(tuple(column_text(v) if isinstance(v, str) else v for v in values[:-1]) + (c.body.decode("utf-8"),))
                last = chained[-1]
                waiting_on = head_row
                conn.execute("UPDATE audit_heads SET seq = %s, hash = %s WHERE writer = %s", (last.seq, last.hash, self.writer))
        except psycopg.errors.LockNotAvailable:
            # rolled back: nothing of the batch was written; the next batch waits for the lock anew
            raise AuditError(
                f"audit store {redact(self.url)}: cannot commit {len(records)} records: waited {LOCK_TIMEOUT_MS / 1000:g} s"
                f" (lock_timeout) for a lock on {waiting_on} that another session holds (a transaction left open,"
                f" or a second writer named {self.writer!r}): see pg_locks and pg_stat_activity"
            ) from None
        except psycopg.OperationalError as exc:
            # a connection that was open before this call and broke before its first statement went
            # through committed nothing (no COMMIT was sent): it may be replaced and the batch written
            # anew. Past that point the COMMIT may have landed unacknowledged, so no retry (no twin records).
            if reused and not started and self.conn.closed:
                raise _StaleConnection() from None
            raise _error(self.url, f"commit {len(records)} records", exc) from None
        except psycopg.Error as exc:
            raise _error(self.url, f"commit {len(records)} records", exc) from None
        return chained

    def ping(self) -> None:
        """Raise ``AuditError`` unless a batch could commit now: the connection works and the locks a
        batch takes (this writer's audit_heads row, the audit_records table as COPY takes it) are
        free within ``PROBE_LOCK_TIMEOUT_MS``. Nothing is written: the transaction is rolled back."""
        try:
            conn = self._connection()
            try:
                conn.execute("SELECT set_config('lock_timeout', %s, true)", (f"{int(PROBE_LOCK_TIMEOUT_MS)}ms",))
                conn.execute("SELECT seq FROM audit_heads WHERE writer = %s FOR UPDATE", (self.writer,)).fetchall()
                conn.execute("LOCK TABLE audit_records IN ROW EXCLUSIVE MODE")
            finally:
                if not conn.closed:
                    conn.rollback()
        except psycopg.errors.LockNotAvailable:
            raise AuditError(
                f"audit store {redact(self.url)}: cannot write: the locks a batch needs (this writer's chain head,"
                f" its audit_heads row, or the audit_records table) are held by another session for more than"
                f" {PROBE_LOCK_TIMEOUT_MS / 1000:g} s (a transaction left open, or a second writer named {self.writer!r}):"
                f" see pg_locks and pg_stat_activity"
            ) from None
        except psycopg.Error as exc:
            raise _error(self.url, "reach the database", exc) from None

    def close(self) -> None:
        self.conn.close()


def _signature(stored: str) -> bytes:
    """A checkpoint's signature as stored (hex); text that is not hex (rewritten by someone) reads as
    no signature at all, which verifies with no key, as SQLite reads a signature overwritten with a
    number: verify reports the checkpoint instead of failing on the whole trail."""
    try:
        return bytes.fromhex(stored)
    except ValueError:
        return b""


class PostgresTrail:
    keeps_heads = True
    keeps_checkpoints = True
    column_text = staticmethod(column_text)  # verify compares the indexed columns through it

    def __init__(self, url: str, writable: bool = False) -> None:
        self.url = url
        self.description = redact(url)
        self.conn = open_existing(url, writable)
        self._in_snapshot = False

    def _query(self, sql: str, params: tuple[Any, ...] | list[Any] = ()) -> Iterator[Any]:
        try:
            with self.conn.transaction(), self.conn.cursor(name="railguard_audit_read") as cursor:
                cursor.itersize = 2000
                cursor.execute(sql, params)
                yield from cursor
        except psycopg.Error as exc:
            raise _error(self.url, "read", exc) from None

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """One REPEATABLE READ transaction: every read sees the snapshot of its first query. Inside
        another one (an export reads the heads, then selects namespace by namespace), that one."""
        if self._in_snapshot:
            yield
            return
        self._in_snapshot = True
        try:
            with self.conn.transaction():
                self.conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                yield
        except psycopg.Error as exc:
            raise _error(self.url, "read", exc) from None
        finally:
            self._in_snapshot = False

    def rows(self) -> Iterator[StoredRow]:
        for r in self._query(f"SELECT {ROW_COLUMNS} FROM audit_records ORDER BY id"):
            yield StoredRow(r[0], r[1], stored_seq(r[2]), r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10].encode("utf-8"))

    def chain_rows(self) -> Iterator[StoredRow]:
        """Every record in chain order (writer, seq, storage position), streamed."""
        for r in self._query(f"SELECT {ROW_COLUMNS} FROM audit_records ORDER BY writer, seq, id"):
            yield StoredRow(r[0], r[1], stored_seq(r[2]), r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10].encode("utf-8"))

    def select(self, filters: Filters, by_namespace: bool = False) -> Iterator[Selected]:
        if filters.namespace is not None or filters.user is not None:
            filters = replace(
                filters,
                namespace=None if filters.namespace is None else column_text(filters.namespace),
                user=None if filters.user is None else column_text(filters.user),
            )
        where, params = where_clause(filters, "%s")
        if not by_namespace:
            yield from self._selected(f"SELECT {ROW_COLUMNS} FROM audit_records {where} ORDER BY id", params)
            return
        # Namespace by namespace in code point order, as SQLite and JSON Lines give them, whatever
        # the database's collation (en_US.utf8 puts 'ab' before 'a-c'): each one is read through the
        # (namespace, id) index in record order, and no C-collated index or sort of the whole trail
        # is needed. One snapshot, so a record written meanwhile is in the export wholly or not at all.
        with self.snapshot():
            found = self._query(f"SELECT DISTINCT namespace FROM audit_records {where}", params)
            and_namespace = f"{where} AND namespace = %s" if where else "WHERE namespace = %s"
            for namespace in sorted(row[0] for row in found):
                sql = f"SELECT {ROW_COLUMNS} FROM audit_records {and_namespace} ORDER BY id"
                yield from self._selected(sql, [*params, namespace])

    def _selected(self, sql: str, params: list[Any]) -> Iterator[Selected]:
        for r in self._query(sql, params):
            fields = (r[0], r[1], stored_seq(r[2]), r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10].encode("utf-8"))
            yield fields, locate("record id", r[0], r[1], r[2])

    def _all(self, sql: str) -> list[Any]:
        try:
            with self.conn.transaction():
                return self.conn.execute(sql).fetchall()
        except psycopg.Error as exc:
            raise _error(self.url, "read", exc) from None

    def heads(self) -> dict[str, ChainMark]:
        # seq 0 is a head no record was committed after; a negative one was written by someone
        # else and is reported, as SQLite's is
        return {w: ChainMark(stored_seq(s), h) for w, s, h in self._all("SELECT writer, seq, hash FROM audit_heads WHERE seq <> 0")}

    def anchors(self) -> dict[str, ChainMark]:
        return {w: ChainMark(stored_seq(s), h) for w, s, h in self._all("SELECT writer, seq, hash FROM audit_anchors")}

    def checkpoints(self) -> list[StoredCheckpoint]:
        return [
            StoredCheckpoint(int(i), p.encode("utf-8"), _signature(s))
            for i, p, s in self._all("SELECT id, payload, signature FROM audit_checkpoints ORDER BY id")
        ]

    def add_checkpoint(self, payload: bytes, signature: bytes) -> None:
        try:
            with self.conn.transaction():
                self.conn.execute(
                    "INSERT INTO audit_checkpoints (payload, signature) VALUES (%s, %s)", (payload.decode("utf-8"), signature.hex())
                )
        except psycopg.Error as exc:
            raise _error(self.url, "store the checkpoint", exc) from None

    def prune(self, cuts: dict[str, ChainMark]) -> int:
        deleted = 0
        try:
            with self.conn.transaction():
                for writer, mark in cuts.items():
                    deleted += self.conn.execute(
                        "DELETE FROM audit_records WHERE writer = %s AND seq <= %s", (writer, mark.seq)
                    ).rowcount
                    self.conn.execute(
                        "INSERT INTO audit_anchors (writer, seq, hash, pruned_at) VALUES (%s, %s, %s, %s)"
                        " ON CONFLICT (writer) DO UPDATE SET seq = excluded.seq, hash = excluded.hash,"
                        " pruned_at = excluded.pruned_at",
                        (writer, mark.seq, mark.hash, utc_timestamp()),
                    )
        except psycopg.Error as exc:
            raise _error(self.url, "prune", exc) from None
        return deleted

    def close(self) -> None:
        self.conn.close()
