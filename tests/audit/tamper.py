"""Direct edits of a stored trail, as an attacker with database access would make them."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import orjson
import psycopg

from webhook.audit.record import canonical, chain_hash


class Db:
    """Plain SQL on the trail's tables, for SQLite or PostgreSQL alike (``?`` placeholders)."""

    def __init__(self, url: str) -> None:
        self.pg = url.startswith("postgresql://")
        self.conn: Any = psycopg.connect(url, autocommit=True) if self.pg else sqlite3.connect(url.split(":", 1)[1], isolation_level=None)

    def run(self, sql: str, *params: Any) -> list[Any]:
        if self.pg:
            sql = sql.replace("?", "%s")
        cursor = self.conn.execute(sql, params)
        return list(cursor.fetchall()) if cursor.description else []

    def close(self) -> None:
        self.conn.close()

    def row(self, writer: str, seq: int) -> dict[str, Any]:
        columns = ("id", "writer", "seq", "ts", "namespace", "username", "verdict", "policies", "prev_hash", "hash", "body")
        found = self.run(f"SELECT {', '.join(columns)} FROM audit_records WHERE writer = ? AND seq = ?", writer, seq)
        assert len(found) == 1
        row = dict(zip(columns, found[0]))
        row["body"] = row["body"].encode() if isinstance(row["body"], str) else bytes(row["body"])
        return row

    def _body(self, body: bytes) -> Any:
        return body.decode() if self.pg else body

    def set_body(self, writer: str, seq: int, body: bytes, digest: str | None = None) -> None:
        if digest is None:
            self.run("UPDATE audit_records SET body = ? WHERE writer = ? AND seq = ?", self._body(body), writer, seq)
        else:
            self.run("UPDATE audit_records SET body = ?, hash = ? WHERE writer = ? AND seq = ?", self._body(body), digest, writer, seq)

    def insert(self, writer: str, seq: int, record: dict[str, Any], prev_hash: str) -> str:
        record = {**record, "writer": writer, "seq": seq, "prevHash": prev_hash}
        body = canonical(record)
        digest = chain_hash(prev_hash, body)
        policies = " " + " ".join(dict.fromkeys(f["policy"] for f in record["findings"])) + " "
        self.run(
            "INSERT INTO audit_records (writer, seq, ts, namespace, username, verdict, policies, prev_hash, hash, body)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            writer, seq, record["ts"], record["namespace"], record["user"]["username"], record["verdict"],
            policies, prev_hash, digest, self._body(body),
        )  # fmt: skip
        return digest

    def swap_positions(self, writer: str, seq_a: int, seq_b: int) -> None:
        a, b = self.row(writer, seq_a)["id"], self.row(writer, seq_b)["id"]
        self.run("UPDATE audit_records SET id = ? WHERE id = ?", -a, a)
        self.run("UPDATE audit_records SET id = ? WHERE id = ?", a, b)
        self.run("UPDATE audit_records SET id = ? WHERE id = ?", b, -a)


@contextmanager
def database(url: str) -> Iterator[Db]:
    db = Db(url)
    try:
        yield db
    finally:
        db.close()


def record_of(row: dict[str, Any]) -> dict[str, Any]:
    record: dict[str, Any] = orjson.loads(row["body"])
    return record
