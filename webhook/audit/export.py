"""``export``: stream matching records as JSON Lines, CSV or PolicyReports, in constant memory."""

from __future__ import annotations

import collections
import csv
import datetime as dt
import io
import itertools
import multiprocessing
import operator
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import IO, Any, TypeVar

import orjson

from webhook.audit.base import Filters, Trail
from webhook.audit.record import VERDICTS, utc_timestamp, with_hash
from webhook.errors import AuditError

FORMATS = ("jsonl", "csv", "policyreport")
CSV_COLUMNS = (
    "timestamp", "writer", "seq", "uid", "operation", "group", "version", "kind", "resource", "subResource",
    "namespace", "name", "username", "userUid", "groups", "dryRun", "verdict", "allowed", "policies",
    "findings", "patchedPaths", "policyDigest", "railguardVersion", "latencyMs", "hash",
)  # fmt: skip
REPORT_API_VERSION = "wgpolicyk8s.io/v1alpha2"
REPORT_SEVERITIES = frozenset({"critical", "high", "medium", "low", "info"})
RESULT_OF_ACTION = {"deny": "fail", "audit": "fail", "warn": "warn"}
CHUNK = 1000  # records per write
PARALLEL_CHUNK = 5000  # records per formatting task
PARALLEL_WORKERS = 2
T = TypeVar("T")


def parse_time(text: str, option: str) -> str:
    """A date (``2025-01-31``, midnight UTC) or an RFC 3339 time, as a comparable UTC timestamp."""
    try:
        if len(text) == 10:
            moment = dt.datetime.combine(dt.date.fromisoformat(text), dt.time(), dt.timezone.utc)
        else:
            moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
            if moment.tzinfo is None:
                raise ValueError("no time zone")
    except ValueError:
        raise AuditError(f"{option}: {text!r} is not a date (2025-01-31) or an RFC 3339 time (2025-01-31T12:00:00Z)") from None
    return utc_timestamp(moment)


def check_filters(filters: Filters) -> None:
    if filters.verdict and filters.verdict not in VERDICTS:
        raise AuditError(f"--verdict must be one of {', '.join(VERDICTS)}")


def export(trail: Trail, filters: Filters, fmt: str, out: IO[bytes]) -> int:
    """Write the matching records to ``out``; return how many were exported."""
    check_filters(filters)
    if fmt == "jsonl":
        return _jsonl(trail, filters, out)
    if fmt == "csv":
        return _csv(trail, filters, out)
    if fmt == "policyreport":
        return _policy_reports(trail, filters, out)
    raise AuditError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")


def _jsonl(trail: Trail, filters: Filters, out: IO[bytes]) -> int:
    count, chunk = 0, []
    for body, digest in trail.select(filters):
        chunk.append(with_hash(body, digest))
        count += 1
        if len(chunk) >= CHUNK:
            out.write(b"\n".join(chunk) + b"\n")
            chunk = []
    if chunk:
        out.write(b"\n".join(chunk) + b"\n")
    return count


_CSV_TOP_KEYS = (
    "ts", "writer", "seq", "uid", "operation", "group", "version", "kind", "resource", "subResource", "namespace", "name"
)  # fmt: skip
_CSV_TOP = operator.itemgetter(*_CSV_TOP_KEYS)


def _csv_row(record: dict[str, Any], digest: str) -> list[Any]:
    user = record.get("user") or {}
    findings = record.get("findings") or []
    try:
        row = list(_CSV_TOP(record))
    except KeyError:  # a record from an older schema: fill what is missing
        row = [record.get(key) for key in _CSV_TOP_KEYS]
    row += [
        user.get("username", ""), user.get("uid", ""), ";".join(user.get("groups") or ()),
        "true" if record.get("dryRun") else "false", record.get("verdict"),
        "true" if record.get("allowed") else "false",
        ";".join(dict.fromkeys([f.get("policy", "") for f in findings])),
        ";".join([f"{f.get('policy')}:{f.get('action')}:{f.get('path')}" for f in findings]),
        ";".join(record.get("patchedPaths") or ()), record.get("policyDigest"), record.get("railguardVersion"),
        record.get("latencyMs"), digest,
    ]  # fmt: skip
    return row


def _csv_chunk(pairs: list[tuple[bytes, str]]) -> bytes:
    """CSV rows for a chunk of stored records (pure: runs in a worker process)."""
    buffer = io.StringIO()
    loads = orjson.loads
    csv.writer(buffer).writerows([_csv_row(loads(body), digest) for body, digest in pairs])
    return buffer.getvalue().encode("utf-8")


def _chunks(pairs: Iterator[tuple[bytes, str]], size: int) -> Iterator[list[tuple[bytes, str]]]:
    chunk: list[tuple[bytes, str]] = []
    for pair in pairs:
        chunk.append(pair)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _mapped(fn: Callable[[list[tuple[bytes, str]]], T], pairs: Iterator[tuple[bytes, str]]) -> Iterator[tuple[int, T]]:
    """``(len(chunk), fn(chunk))`` for each chunk of ``pairs``, in order.

    Formatting is pure CPU work, so chunks are formatted in worker processes (one per core) while
    this process reads the store; at most ``2 * workers`` chunks are in flight, so memory stays flat.
    On a single core, or where processes cannot be started, chunks are formatted here.
    """
    workers = min(PARALLEL_WORKERS, os.cpu_count() or 1)
    chunks = _chunks(pairs, PARALLEL_CHUNK)
    first = next(chunks, None)
    if first is None:
        return
    pool: ProcessPoolExecutor | None = None
    if workers >= 2 and len(first) >= PARALLEL_CHUNK:  # more than one chunk may follow
        try:
            pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
        except (OSError, ValueError):
            pool = None
    if pool is None:
        for chunk in itertools.chain([first], chunks):
            yield len(chunk), fn(chunk)
        return
    with pool:
        pending: collections.deque[tuple[int, Future[T]]] = collections.deque()
        for chunk in itertools.chain([first], chunks):
            pending.append((len(chunk), pool.submit(fn, chunk)))
            if len(pending) >= 2 * workers:
                size, future = pending.popleft()
                yield size, future.result()
        while pending:
            size, future = pending.popleft()
            yield size, future.result()


def _csv(trail: Trail, filters: Filters, out: IO[bytes]) -> int:
    out.write((",".join(CSV_COLUMNS) + "\r\n").encode())
    count = 0
    for size, data in _mapped(_csv_chunk, trail.select(filters)):
        out.write(data)
        count += size
    return count


def _timestamp(ts: str) -> dict[str, int]:
    try:
        moment = dt.datetime.fromisoformat(ts.replace("Z", "+00:00"))
    except ValueError:
        return {"seconds": 0, "nanos": 0}
    return {"seconds": int(moment.timestamp()), "nanos": moment.microsecond * 1000}


def report_results(record: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """PolicyReport results for one record: one per finding, or one pass for a clean review."""
    if not record.get("reviewed", True):
        return
    group, version = record.get("group") or "", record.get("version") or ""
    resource: dict[str, str] = {
        "apiVersion": f"{group}/{version}" if group else version,
        "kind": record.get("kind") or "",
        "name": record.get("name") or "",
    }
    if record.get("namespace"):
        resource["namespace"] = record["namespace"]
    user = record.get("user") or {}
    properties = {
        "requestUid": str(record.get("uid", "")),
        "operation": str(record.get("operation", "")),
        "user": str(user.get("username", "")),
        "verdict": str(record.get("verdict", "")),
        "dryRun": str(record.get("dryRun", False)).lower(),
        "writer": str(record.get("writer", "")),
        "seq": str(record.get("seq", "")),
    }
    timestamp = _timestamp(str(record.get("ts", "")))
    findings = record.get("findings") or []
    if not findings:
        yield {
            "policy": "railguard", "rule": "admission-review", "result": "pass", "severity": "info",
            "message": f"{record.get('verdict', 'allowed')}: no policy violation", "resources": [resource],
            "source": "railguard", "scored": True, "timestamp": timestamp, "properties": properties,
        }  # fmt: skip
        return
    for finding in findings:
        severity = finding.get("severity")
        yield {
            "policy": finding.get("policy", ""),
            "rule": finding.get("policy", ""),
            "result": RESULT_OF_ACTION.get(finding.get("action", ""), "warn"),
            "severity": severity if severity in REPORT_SEVERITIES else "info",
            "category": "railguard",
            "message": finding.get("message", ""),
            "resources": [resource],
            "source": "railguard",
            "scored": True,
            "timestamp": timestamp,
            "properties": {
                **properties,
                "action": str(finding.get("action", "")),
                "path": str(finding.get("path", "")),
                "policyVersion": str(finding.get("policyVersion", "")),
                "preexisting": str(finding.get("preexisting", False)).lower(),
            },
        }


def _report_head(namespace: str) -> bytes:
    if namespace:
        head: dict[str, Any] = {
            "apiVersion": REPORT_API_VERSION,
            "kind": "PolicyReport",
            "metadata": {"name": "railguard-audit", "namespace": namespace, "labels": {"app.kubernetes.io/managed-by": "railguard"}},
        }
    else:
        head = {
            "apiVersion": REPORT_API_VERSION,
            "kind": "ClusterPolicyReport",
            "metadata": {"name": "railguard-audit-cluster", "labels": {"app.kubernetes.io/managed-by": "railguard"}},
        }
    return b"---\n" + orjson.dumps(head)[:-1] + b',"results":['


def _report_tail(summary: dict[str, int]) -> bytes:
    return b'],"summary":' + orjson.dumps(summary) + b"}\n"


ReportRun = tuple[str, bytes, dict[str, int]]


def _report_chunk(pairs: list[tuple[bytes, str]]) -> list[ReportRun]:
    """Runs of consecutive records of one namespace: the namespace, the results as comma-joined
    JSON, and their tallies (pure: runs in a worker process; few objects to send back)."""
    runs: list[ReportRun] = []
    dumps, loads = orjson.dumps, orjson.loads
    namespace: str | None = None
    results: list[bytes] = []
    tally: dict[str, int] = {}
    for body, _digest in pairs:
        record = loads(body)
        current = record.get("namespace") or ""
        if current != namespace:
            if namespace is not None:
                runs.append((namespace, b",".join(results), tally))
            namespace, results, tally = current, [], {}
        for result in report_results(record):
            tally[result["result"]] = tally.get(result["result"], 0) + 1
            results.append(dumps(result))
    if namespace is not None:
        runs.append((namespace, b",".join(results), tally))
    return runs


def _policy_reports(trail: Trail, filters: Filters, out: IO[bytes]) -> int:
    """One PolicyReport per namespace (ClusterPolicyReport for cluster-scoped objects), streamed:
    records arrive ordered by namespace, each report is closed when its namespace ends."""
    count = 0
    current: str | None = None
    summary: dict[str, int] = {}
    first = True
    for size, runs in _mapped(_report_chunk, trail.select(filters, by_namespace=True)):
        chunk: list[bytes] = []
        for namespace, results, tally in runs:
            if namespace != current:
                if current is not None:
                    chunk.append(_report_tail(summary))
                chunk.append(_report_head(namespace))
                current, summary, first = namespace, {"pass": 0, "fail": 0, "warn": 0, "error": 0, "skip": 0}, True
            if results:
                chunk.append(results if first else b"," + results)
                first = False
            for result, n in tally.items():
                summary[result] += n
        out.write(b"".join(chunk))
        count += size
    if current is not None:
        out.write(_report_tail(summary))
    return count
