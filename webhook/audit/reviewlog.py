"""The one-line-per-review log (JSON on stdout): names, verdict, failing policy ids; never values.

Written by the server for each review, or, when the audit writer process has the decision's
record anyway, by that process from the record (off the request path). Both give the same line.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson

from webhook.audit.pipe import write_all
from webhook.audit.record import policies_of, utc_timestamp
from webhook.decision import Decision
from webhook.workloads import shown_request_uid

PIPE_BUF = 4096  # writes up to this size reach a pipe whole, never interleaved with another process's


def review_line(
    *,
    ts: str,
    endpoint: str,
    uid: str,
    operation: str,
    kind: str,
    sub_resource: str,
    namespace: str,
    name: str,
    dry_run: bool,
    verdict: str,
    code: int,
    policies: Iterable[str],
    patched: int,
    latency_ms: float,
) -> bytes:
    return orjson.dumps(
        {
            "ts": ts,
            "level": "info",
            "logger": "railguard.review",
            "msg": "review",
            "event": "review",
            "endpoint": endpoint,
            "uid": uid,
            "operation": operation,
            "kind": kind,
            "sub_resource": sub_resource,
            "namespace": namespace,
            "object_name": name,
            "dry_run": dry_run,
            "verdict": verdict,
            "code": code,
            "policies": sorted(set(policies)),
            "patched": patched,
            "latency_ms": round(latency_ms, 3),
        }
    ) + b"\n"


def line_for_decision(endpoint: str, decision: Decision, latency_ms: float) -> bytes:
    return review_line(
        ts=utc_timestamp(), endpoint=endpoint, uid=shown_request_uid(decision.uid), operation=decision.operation, kind=decision.kind,
        sub_resource=decision.sub_resource, namespace=decision.namespace, name=decision.name,
        dry_run=decision.dry_run, verdict=decision.verdict, code=decision.code,
        policies=[f.policy for f in decision.findings], patched=len(decision.patch), latency_ms=latency_ms,
    )


def line_for_record(record: dict[str, Any]) -> bytes:
    """The line for an audit record (its ``mode`` is the endpoint that reviewed it)."""
    return review_line(
        ts=record["ts"], endpoint=record["mode"], uid=record["uid"], operation=record["operation"],
        kind=record["kind"], sub_resource=record["subResource"], namespace=record["namespace"],
        name=record["name"], dry_run=record["dryRun"], verdict=record["verdict"], code=record["code"],
        policies=policies_of(record), patched=len(record["patchedPaths"]), latency_ms=record["latencyMs"],
    )


def write_lines(fd: int, lines: list[bytes]) -> None:
    """Write whole lines to ``fd`` in pieces of at most PIPE_BUF bytes (a longer line alone)."""
    chunk: list[bytes] = []
    size = 0
    for line in lines:
        if chunk and size + len(line) > PIPE_BUF:
            write_all(fd, b"".join(chunk))
            chunk, size = [], 0
        chunk.append(line)
        size += len(line)
    if chunk:
        write_all(fd, b"".join(chunk))
