"""The audit trail: records, stores, hash chain, verification and export.

``open_store(settings)`` gives the server (and the CLI) an :class:`AuditStore` chosen by
``settings.audit_url``:

* ``sqlite:PATH`` (default ``sqlite:railguard-audit.db``): embedded, WAL mode;
* ``jsonl:-`` (stdout) or ``jsonl:PATH``: JSON Lines for log pipelines;
* ``postgresql://user:password@host:port/db``: one trail shared by several replicas.

``open_trail(url)`` opens a stored trail for verify, export, prune and checkpoint.
"""

from __future__ import annotations

import os
import re
import socket
from typing import Any

from webhook.audit.base import AuditStore, Trail
from webhook.audit.writer import GroupCommitStore
from webhook.errors import AuditError

__all__ = ["AuditStore", "GroupCommitStore", "Trail", "default_writer", "open_store", "open_trail", "parse_url"]

WRITER_ENV = "RAILGUARD_AUDIT_WRITER"


def parse_url(url: str) -> tuple[str, str]:
    """("sqlite", path) | ("jsonl", path or "-") | ("postgresql", url)."""
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql", url
    scheme, sep, rest = url.partition(":")
    if sep and scheme in ("sqlite", "jsonl") and rest:
        if rest.startswith("//"):
            rest = rest[2:]
        if rest:
            return scheme, rest
    from webhook.audit.postgres import redact

    raise AuditError(f"unknown audit store {redact(url)!r}: use sqlite:PATH, jsonl:- (stdout), jsonl:PATH or postgresql://...")


def default_writer() -> str:
    """This process's chain name: $RAILGUARD_AUDIT_WRITER, else the host name (the pod name)."""
    name = os.environ.get(WRITER_ENV) or socket.gethostname() or "railguard"
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)[:120]


def open_store(settings: Any, writer: str | None = None, **tuning: Any) -> GroupCommitStore:
    """The store for ``settings.audit_url`` with ``settings.audit_durability`` (durable | batch).

    Raises ``AuditError`` when the store cannot be opened. ``tuning`` passes batch parameters
    (interval, batch_size, max_pending) to :class:`GroupCommitStore`."""
    kind, target = parse_url(str(settings.audit_url))
    durability = str(settings.audit_durability)
    if durability not in ("durable", "batch"):
        raise AuditError(f"audit durability must be durable or batch, got {durability!r}")
    durable = durability == "durable"
    name = writer or default_writer()
    if kind == "sqlite":
        from webhook.audit.sqlite import SqliteSink

        return GroupCommitStore(SqliteSink(target, name, durable), durability, **tuning)
    if kind == "jsonl":
        from webhook.audit.jsonl import JsonlSink

        return GroupCommitStore(JsonlSink(target, f"{name}-{os.urandom(4).hex()}", durable), durability, **tuning)
    from webhook.audit.postgres import PostgresSink

    return GroupCommitStore(PostgresSink(target, name, durable), durability, **tuning)


def open_trail(url: str) -> Trail:
    kind, target = parse_url(url)
    if kind == "sqlite":
        from webhook.audit.sqlite import SqliteTrail

        return SqliteTrail(target)
    if kind == "jsonl":
        from webhook.audit.jsonl import JsonlTrail

        return JsonlTrail(target)
    from webhook.audit.postgres import PostgresTrail

    return PostgresTrail(target)
