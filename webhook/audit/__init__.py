"""The audit trail: records, stores, hash chain, verification and export.

``open_server_store(settings)`` gives the server an :class:`AuditStore` (a writer process fed by
a pipe; ``open_store`` is the same store in-process, a writer thread) chosen by ``settings.audit_url``:

* ``sqlite:PATH`` (default ``sqlite:railguard-audit.db``): embedded, WAL mode;
* ``jsonl:-`` (stdout) or ``jsonl:PATH``: JSON Lines for log pipelines;
* ``postgresql://user:password@host:port/db``: one trail shared by several replicas.

``open_trail(url)`` opens an existing trail read-only for verify and export (``writable=True``:
prune and checkpoint); it never creates one.
"""

from __future__ import annotations

import os
import re
import socket
from typing import Any

from webhook.audit.base import WRITER_NAME_MAX, AuditStore, Sink, Trail, writer_id_fault
from webhook.audit.writer import GroupCommitStore, check_durability
from webhook.errors import AuditError

__all__ = [
    "AuditStore", "GroupCommitStore", "Trail", "default_writer", "open_server_store", "open_sink", "open_store",
    "open_trail", "open_trails", "parse_url",
]

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
    from webhook.audit.redact import redact

    raise AuditError(f"unknown audit store {redact(url)!r}: use sqlite:PATH, jsonl:- (stdout), jsonl:PATH or postgresql://...")


def default_writer() -> str:
    """This process's chain name: $RAILGUARD_AUDIT_WRITER, else the host name (the pod name)."""
    name = os.environ.get(WRITER_ENV) or socket.gethostname() or "railguard"
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)[:WRITER_NAME_MAX]


def open_sink(settings: Any, writer: str | None = None) -> Sink:
    """The storage side for ``settings.audit_url`` (opened and ready); raises ``AuditError``."""
    kind, target = parse_url(str(settings.audit_url))
    durable = durability_of(settings) == "durable"
    name = writer or default_writer()
    if (fault := writer_id_fault(name)) is not None or len(name) > WRITER_NAME_MAX:
        # verify reports a writer id of another shape as an edit: railguard never writes one
        from webhook.workloads import printable

        shown = printable(name[:WRITER_NAME_MAX]) + ("..." if len(name) > WRITER_NAME_MAX else "")
        why = fault or f"longer than {WRITER_NAME_MAX} characters"
        raise AuditError(f"audit writer name '{shown}' ({why}): use 1 to {WRITER_NAME_MAX} letters, digits, '.', '_' or '-'")
    if kind == "sqlite":
        from webhook.audit.sqlite import MIN_FREE_BYTES, SqliteSink

        return SqliteSink(target, name, durable, int(getattr(settings, "audit_min_free_bytes", MIN_FREE_BYTES)))
    if kind == "jsonl":
        from webhook.audit.jsonl import JsonlSink

        return JsonlSink(target, f"{name}-{os.urandom(4).hex()}", durable)
    from webhook.audit.postgres import PostgresSink

    return PostgresSink(target, name, durable)


def durability_of(settings: Any) -> str:
    return check_durability(str(settings.audit_durability))


def open_store(settings: Any, writer: str | None = None, **tuning: Any) -> GroupCommitStore:
    """The in-process store for ``settings.audit_url`` with ``settings.audit_durability``
    (durable | batch): a writer thread in this process.

    Raises ``AuditError`` when the store cannot be opened. ``tuning`` passes batch parameters
    (interval, batch_size, max_pending) to :class:`GroupCommitStore`."""
    durability = durability_of(settings)
    return GroupCommitStore(open_sink(settings, writer), durability, **tuning)


def open_server_store(settings: Any, log_reviews: bool = False) -> AuditStore:
    """The store ``railguard serve`` records with: a writer process fed by a pipe
    (:class:`~webhook.audit.pipe.PipeAuditStore`) unless ``settings.audit_writer_process`` is
    false, then the in-process :func:`open_store`. ``log_reviews``: the writer process writes the
    review log lines (the server then does not)."""
    if not getattr(settings, "audit_writer_process", True):
        return open_store(settings)
    from webhook.audit.pipe import PipeAuditStore

    return PipeAuditStore(settings, log_reviews=log_reviews)


def open_trail(url: str, writable: bool = False) -> Trail:
    """An existing trail, read-only unless ``writable`` (prune, checkpoint). It is never created:
    a path or database without the audit tables is an ``AuditError`` ("not a railguard audit trail")."""
    kind, target = parse_url(url)
    if kind == "sqlite":
        from webhook.audit.sqlite import SqliteTrail

        return SqliteTrail(target, writable)
    if kind == "jsonl":
        from webhook.audit.jsonl import JsonlTrail

        return JsonlTrail(target)
    from webhook.audit.postgres import PostgresTrail

    return PostgresTrail(target, writable)


def open_trails(urls: list[str]) -> Trail:
    """One trail (``open_trail``, read-only), or several ``jsonl:`` files a rotation left, oldest
    first, read as one trail whose chains run on from file to file."""
    if len(urls) == 1:
        return open_trail(urls[0])
    paths = []
    for url in urls:
        kind, target = parse_url(url)
        if kind != "jsonl" or target == "-":
            raise AuditError(
                "several --audit trails are read as one only when they are jsonl: files (rotated files, oldest first);"
                " verify or export other trails one at a time"
            )
        paths.append(target)
    from webhook.audit.jsonl import JsonlTrail

    return JsonlTrail(paths)
