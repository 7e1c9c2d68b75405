"""``export``: stream matching records as JSON Lines, CSV or PolicyReports, in constant memory.

Every exported record is checked as ``verify`` checks it alone (its body hashes to its stored hash,
its indexed columns, which the filters read, agree with its body), and each one that follows the
record of its writer exported just before it in the chain must link to it. A record failing that,
or one a format cannot represent faithfully, stops the export with ``DamagedTrail`` naming the
record (never quoting it). ``Coverage`` says what an export covered, for its summary.
"""

from __future__ import annotations

import bisect
import collections
import csv
import datetime as dt
import functools
import hashlib
import io
import itertools
import multiprocessing
import operator
import os
import re
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol, TypeVar

import orjson

from webhook.audit.base import INVALID_SEQ, ChainMark, Filters, Selected, StoredRow, Trail, writer_id_fault
from webhook.audit.jsonl import continuation_header
from webhook.audit.record import GENESIS, HASH, VERDICTS, utc_timestamp, with_hash
from webhook.audit.verify import examine
from webhook.engine import exempted_policy
from webhook.errors import AuditError, DamagedTrail
from webhook.workloads import HIDDEN_NAMESPACE, shown_object_name, shown_user_text

FORMATS = ("jsonl", "csv", "policyreport")
CSV_COLUMNS = (
    "timestamp", "writer", "seq", "uid", "operation", "group", "version", "kind", "resource", "subResource",
    "namespace", "name", "username", "userUid", "groups", "dryRun", "verdict", "allowed", "policies",
    "findings", "exemptions", "patchedPaths", "policyDigest", "railguardVersion", "latencyMs", "hash",
)  # fmt: skip
REPORT_API_VERSION = "wgpolicyk8s.io/v1alpha2"
REPORT_SEVERITIES = frozenset({"critical", "high", "medium", "low", "info"})
RESULT_OF_ACTION = {"deny": "fail", "audit": "fail", "warn": "warn"}
REPORT_OUTCOMES = ("pass", "fail", "warn", "error", "skip")
REPORT_BUDGET = 200 * 1024
"""Most bytes of results one report holds, as the API server stores them (JSON): client-side
``kubectl apply`` copies the whole object into an annotation, and annotations are limited to
256 KiB (etcd's own limit, 1.5 MiB by default, is far above)."""
CHUNK = 1000  # records per write
PARALLEL_CHUNK = 5000  # records per formatting task
PARALLEL_WORKERS = 2
T = TypeVar("T")
# what a record of the wrong shape raises while it is formatted (a string where an object belongs...)
UNREADABLE = (ValueError, TypeError, AttributeError, KeyError)


AsStored = Callable[[str], str]


class Output(Protocol):
    def write(self, data: bytes, /) -> object: ...


def _as_is(value: str) -> str:
    return value


def unreadable(where: str) -> DamagedTrail:
    return DamagedTrail(f"{where} is not a readable audit record")


_WRITER_IDS: set[str] = set()
"""Writer ids found of the shape railguard writes (at most 1024 of them, each at most 129
characters): ``writer_id_fault`` costs about 0.9 us, a set lookup some 40 ns a record."""


def _record(selected: Selected, as_stored: AsStored) -> tuple[dict[str, Any], str]:
    """(the stored record, its hash) once it has passed verify's checks of one record: its writer id
    is one railguard writes, its body hashes to its stored hash, and its indexed columns (which the
    filters read) agree with it."""
    fields, where = selected
    if fields[1] not in _WRITER_IDS:
        if (fault := writer_id_fault(fields[1])) is not None:  # verify names it edited; never quoted here
            raise DamagedTrail(_foreign(where.partition(" (")[0], fault))
        if len(_WRITER_IDS) >= 1024:
            _WRITER_IDS.clear()
        _WRITER_IDS.add(fields[1])
    problem, _claimed, record = examine(StoredRow(*fields), as_stored)
    if record is None:
        raise unreadable(where)
    if problem is not None:
        raise DamagedTrail(f"{where} fails verification: {problem}")
    return record, fields[9]


def _foreign(what: str, fault: str) -> str:
    return f"{what} fails verification: it names a writer id railguard never writes ({fault}, not shown): it was edited"


def _checked_marks(marks: dict[str, ChainMark], what: str) -> dict[str, ChainMark]:
    """``marks`` (the trail's stored heads, pruning anchors or continuation header), once every
    writer id they name is one railguard writes: the summary lists them, a jsonl export copies the
    anchors into its header lines."""
    for writer in marks:
        if (fault := writer_id_fault(writer)) is not None:
            raise DamagedTrail(_foreign(what, fault))
    return marks


_MODULUS = 1 << 64
_MARK_SALT = int.from_bytes(os.urandom(8), "big")  # unknown to whoever edits the trail (as the interpreter's own hash key)


def _mark(digest: object) -> int:
    """A keyed 64-bit digest of a hash as stored (a text, or whatever an edit left there): Python's
    own keyed string hash (SipHash), some 0.1 us, where a keyed BLAKE2b costs 1-2 us a record."""
    return hash((_MARK_SALT, digest if isinstance(digest, str) else repr(digest)))


@dataclass
class Coverage:
    """What an export covered, filled in as it goes (so a failed one can say how far it got)."""

    records: int = 0
    first: str | None = None  # the earliest and latest ``ts`` of the exported records
    last: str | None = None
    heads: dict[str, ChainMark] = field(default_factory=dict)
    heads_source: str = ""  # "stored heads" or, for JSON Lines, "last record of each writer in the files"
    # where a writer's chain starts in the trail when not at its first record: a pruning anchor, or
    # the record a JSON Lines file continues from (its continuation header); its source
    starts: dict[str, ChainMark] = field(default_factory=dict)
    starts_source: str = ""
    bytes: int = 0
    sha256: str = ""
    links: dict[str, tuple[int, str, str]] = field(default_factory=dict, repr=False)  # writer -> last (seq, prevHash, hash)

    whole: bool = False  # no filter: every record of the trail is exported, so a gap in a chain is a deletion
    spans: dict[str, tuple[int, int, int]] = field(default_factory=dict, repr=False)  # writer -> (records, lowest seq, highest seq) (whole)
    last_hashes: dict[str, Any] = field(default_factory=dict, repr=False)  # writer -> hash of its highest seq (whole)
    # writer -> sum of mark(prevHash) - mark(hash) over its records (whole): where the records form one chain from
    # where it starts to its last record, every hash but the last is another record's prevHash, and the sum is
    # mark(start) - mark(last). A count alone misses a deleted record whose place a copy of another one takes.
    balances: dict[str, int] = field(default_factory=dict, repr=False)

    def link(self, chunk: list[Selected]) -> None:
        """Check that each record links to the record of its writer exported just before it where
        the two are neighbours in the chain (a filter leaves gaps: records not exported are not
        read), and to where its chain starts in the trail; records must come in storage order.
        Without a filter, each writer's records are also counted (``check_whole``)."""
        links = self.links
        for fields, where in chunk:
            writer, seq, prev, digest = fields[1], fields[2], fields[8], fields[9]
            before = links.get(writer)
            if before is None and (start := self.starts.get(writer)) is not None:
                # the writer's first exported record against where its chain starts in the trail
                if seq <= start.seq:
                    raise DamagedTrail(f"{where} fails verification: it lies at or before #{start.seq}, where its chain starts in this trail")
                if seq == start.seq + 1 and prev != start.hash:
                    raise DamagedTrail(f"{where} fails verification: it does not link to #{start.seq}, where its chain starts in this trail")
            if before is not None:
                if seq == before[0]:
                    raise DamagedTrail(f"{where} fails verification: a second record claims #{seq}")
                if (seq == before[0] + 1 and prev != before[2]) or (seq == before[0] - 1 and digest != before[1]):
                    raise DamagedTrail(
                        f"{where} fails verification: it does not link to #{before[0]} of its chain, exported next to it"
                        " (one of the two was replaced, edited and re-hashed, or inserted)"
                    )
            if self.whole:  # counted whatever the storage order (a reordered trail is still exported)
                span = self.spans.get(writer)
                if span is None or seq > span[2]:
                    self.last_hashes[writer] = digest
                self.spans[writer] = (1, seq, seq) if span is None else (span[0] + 1, min(span[1], seq), max(span[2], seq))
                self.balances[writer] = (self.balances.get(writer, 0) + _mark(prev) - _mark(digest)) % _MODULUS
            links[writer] = (seq, prev, digest)

    def add(self, chunk: list[Selected], link: bool = True) -> None:
        """Count records that passed ``_record`` (and check their links, ``link``, unless a pass
        in storage order did)."""
        if link:
            self.link(chunk)
        for fields, _where in chunk:
            ts = fields[3]
            if isinstance(ts, str):
                if self.first is None or ts < self.first:
                    self.first = ts
                if self.last is None or ts > self.last:
                    self.last = ts
        self.records += len(chunk)

    def check_whole(self) -> None:
        """Without a filter every record was exported: each writer's chain must hold every record
        from where it starts in the trail to its last one, and end at its stored head (if the
        trail stores heads)."""
        if not self.whole:
            return
        for writer in sorted({*self.spans, *self.heads}):
            for what, mark in (("stored head", self.heads.get(writer)), ("pruning anchor", self.starts.get(writer))):
                if mark is not None and mark.seq == INVALID_SEQ:  # text, a real or a negative number: edited
                    raise DamagedTrail(f"writer {writer}: its {what} is not a valid sequence number: it was edited")
            start = self.starts[writer].seq if writer in self.starts else 0
            count, first, last = self.spans.get(writer, (0, start + 1, start))
            if first <= start:  # a record pruned (or never written) before where the chain starts
                raise DamagedTrail(f"writer {writer}: record #{first} lies at or before #{start}, where its chain starts in this trail")
            if count != last - start:
                raise DamagedTrail(
                    f"writer {writer}: its chain holds {count} record(s) from #{start + 1} to #{last}, not {last - start}:"
                    " records are missing (or a second record claims a place)"
                )
            head = self.heads.get(writer)
            if head is not None and head.seq > last:
                missing = f"#{last + 1}" if head.seq == last + 1 else f"#{last + 1}..#{head.seq}"
                raise DamagedTrail(f"writer {writer}: record(s) {missing} are missing (the writer's head is #{head.seq})")
            if head is not None and head.seq < last:
                raise DamagedTrail(f"writer {writer}: records #{head.seq + 1}..#{last} lie beyond the writer's head")
            # the head names the hash of the writer's last record (where its chain starts, without one)
            ends_at = self.last_hashes[writer] if count else self.starts[writer].hash if writer in self.starts else GENESIS
            if head is not None and head.hash != ends_at:
                raise DamagedTrail(
                    f"writer {writer}: its stored head (#{head.seq}) does not name the hash of its last record:"
                    " the head or the record was edited"
                )
            begins_at = self.starts[writer].hash if writer in self.starts else GENESIS
            if count and self.balances[writer] != (_mark(begins_at) - _mark(ends_at)) % _MODULUS:
                raise DamagedTrail(
                    f"writer {writer}: its {count} record(s) from #{start + 1} to #{last} do not form one chain:"
                    " a record is missing and another one claims its place (a copy, or a record from elsewhere)"
                )


class _Digested:
    """The output, counting and hashing what is written to it (the summary names the export's SHA-256)."""

    def __init__(self, out: Output, coverage: Coverage) -> None:
        self.out, self.coverage, self.digest = out, coverage, hashlib.sha256()

    def write(self, data: bytes, /) -> object:
        self.digest.update(data)
        self.coverage.bytes += len(data)
        return self.out.write(data)


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
    try:
        return utc_timestamp(moment)
    except OverflowError:  # 0001-01-01T00:00:00+01:00 is in year 0 in UTC
        raise AuditError(f"{option}: {text!r} is out of range: in UTC it must fall in years 0001 to 9999") from None


def check_filters(filters: Filters) -> None:
    if filters.verdict is not None and filters.verdict not in VERDICTS:
        raise AuditError(f"--verdict must be one of {', '.join(VERDICTS)}")
    if filters.policy is not None and (not filters.policy or any(c.isspace() for c in filters.policy)):
        # '' would export every record, 'a b' the records whose findings list a then b
        raise AuditError(f"--policy {filters.policy!r} is not a policy id (require-probes)")
    if filters.namespace and shown_object_name(filters.namespace, HIDDEN_NAMESPACE) != filters.namespace:
        # records hold HIDDEN_NAMESPACE in its place: this filter would select nothing, silently
        raise AuditError(f"--namespace is itself a credential (not repeated): records name such a namespace {HIDDEN_NAMESPACE!r}")
    if filters.user and shown_user_text(filters.user) != filters.user:
        # records hold its <hidden ...> form: this filter would select nothing, silently
        raise AuditError(
            f"--user is itself a credential (not repeated): records name this user {shown_user_text(filters.user)!r}, or, written"
            " by a server with --audit-hide-key, what 'railguard audit hide-user --key FILE' gives for it (read from standard input)"
        )


def export(trail: Trail, filters: Filters, fmt: str, out: Output, coverage: Coverage | None = None) -> int:
    """Write the matching records to ``out``; return how many were exported. ``coverage`` is
    filled in as the export goes: the trail's heads (in the same snapshot), the records' count
    and time range, the output's size and SHA-256."""
    check_filters(filters)
    writers = {"jsonl": _jsonl, "csv": _csv, "policyreport": _policy_reports}
    if fmt not in writers:
        raise AuditError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")
    coverage = Coverage() if coverage is None else coverage
    digested = _Digested(out, coverage)
    as_stored: AsStored = getattr(trail, "column_text", _as_is)
    try:
        with trail.snapshot():
            if trail.keeps_heads:
                coverage.heads, coverage.heads_source = _checked_marks(trail.heads(), "a writer's stored head"), "stored heads"
            coverage.starts = _checked_marks(trail.anchors(), "where a writer's chain starts in the trail")
            if coverage.starts:
                coverage.starts_source = getattr(trail, "starts_from", lambda: "pruning anchors")()
            continuation: Callable[[], bytes] | None = getattr(trail, "continuation_line", None)
            if fmt == "jsonl":
                # a trail continuing a chain (a later rotated file) starts with its header, a pruned
                # one with a header per pruned chain (its anchor, the last record pruned): the
                # export then verifies alone from where its chains start, as the trail does
                digested.write(continuation() if continuation is not None else _anchor_lines(coverage.starts))
            coverage.whole = filters == Filters()
            writers[fmt](trail, filters, digested, coverage, as_stored)
            coverage.check_whole()
        last_records: Callable[[], dict[str, ChainMark]] | None = getattr(trail, "last_records", None)
        if not trail.keeps_heads and last_records is not None:
            coverage.heads, coverage.heads_source = last_records(), "last record of each writer in the files"
        return coverage.records
    except DamagedTrail as exc:
        raise DamagedTrail(
            f"audit store {trail.description}: {exc}: the trail is damaged, run 'railguard audit verify'"
            " (the export stopped there and is incomplete)"
        ) from None
    finally:
        coverage.sha256 = digested.digest.hexdigest()


def _anchor_lines(anchors: dict[str, ChainMark]) -> bytes:
    """A continuation header line per pruning anchor (one that is a valid sequence number and hash:
    check_whole stops an unfiltered export at any other), in writer order."""
    return b"".join(
        continuation_header(writer, mark) for writer, mark in sorted(anchors.items()) if mark.seq >= 1 and HASH.fullmatch(mark.hash)
    )


def _jsonl_line(selected: Selected, as_stored: AsStored) -> bytes:
    """The stored record with its hash, verbatim: it must be a JSON object (the hash is added
    inside it) and the hash a SHA-256 digest (it is copied into the line unescaped)."""
    _record(selected, as_stored)
    (*_, digest, body), where = selected
    if not (body.endswith(b"}") and isinstance(digest, str) and HASH.fullmatch(digest)):
        raise unreadable(where)
    return with_hash(body, digest)


def _jsonl(trail: Trail, filters: Filters, out: Output, coverage: Coverage, as_stored: AsStored) -> None:
    for chunk in _chunks(trail.select(filters), CHUNK):
        lines = [_jsonl_line(selected, as_stored) for selected in chunk]
        coverage.add(chunk)
        out.write(b"\n".join(lines) + b"\n")


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
        ";".join(record.get("exemptions") or ()), ";".join(record.get("patchedPaths") or ()), record.get("policyDigest"), record.get("railguardVersion"),
        record.get("latencyMs"), digest,
    ]  # fmt: skip
    return [_inert(cell) for cell in row]


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")
"""What makes a spreadsheet read a cell as a formula (``=HYPERLINK(...)``): a user name comes from
the authenticator (an OIDC claim), a name from whoever created the object. NUL too (OWASP ASVS
5.0 1.2.10): a reader that drops it would see the formula behind it."""


_PIECE_STARTS = (*_FORMULA_STARTS, '"')
"""The same after a ``;`` or a line break, and a double quote too: a spreadsheet in a locale whose
list separator is ``;`` splits each line on it (quotes included, and strips a quote that opens a
piece); it honours a quote only where a field starts, so a line break inside a cell quoted after a
comma (a CSV row's cells are separated by commas) starts a row of its own there."""

_PIECE = re.compile(r"(?<=[;\r\n])(?=[" + re.escape("".join(_PIECE_STARTS)) + "])")
"""Where a ``;``-separated or line piece of a cell starts like a formula (or with a quote)."""


def _inert(cell: Any) -> Any:
    """A CSV cell that a spreadsheet shows as text: a text starting like a formula gets a leading
    ``'`` (OWASP's advice against CSV injection), and so does each piece of it after a ``;`` or a
    line break that starts like one or with a quote (list columns are joined with ``;``, and any
    text may hold one). Only text is changed: the numbers railguard writes (``seq``,
    ``latencyMs``, a negative one included) are numbers to a spreadsheet, never formulas. Any
    other value (a list or an object where a text belongs, in a record edited and re-hashed) would
    be written as Python shows it, unchecked: ``TypeError``, the record is unreadable."""
    if not isinstance(cell, str):
        if cell is None or isinstance(cell, (int, float)):  # bool is an int
            return cell
        raise TypeError("not a text or a number")
    if "\n" in cell or "\r" in cell:  # rare (no object name holds one)
        cell = _PIECE.sub("'", cell)
    elif ";" in cell:  # the same, faster (list columns)
        cell = ";".join(["'" + piece if piece.startswith(_PIECE_STARTS) else piece for piece in cell.split(";")])
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def _csv_chunk(pairs: list[Selected], as_stored: AsStored = _as_is) -> bytes:
    """CSV rows for a chunk of stored records (pure: runs in a worker process)."""
    buffer = io.StringIO()
    rows = []
    for selected in pairs:
        record, digest = _record(selected, as_stored)
        where = selected[1]
        try:
            rows.append(_csv_row(record, digest))
        except UNREADABLE:
            raise unreadable(where) from None
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _chunks(pairs: Iterator[Selected], size: int) -> Iterator[list[Selected]]:
    chunk: list[Selected] = []
    for pair in pairs:
        chunk.append(pair)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _mapped(fn: Callable[[list[Selected]], T], pairs: Iterator[Selected]) -> Iterator[tuple[list[Selected], T]]:
    """``(chunk, fn(chunk))`` for each chunk of ``pairs``, in order.

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
            yield chunk, fn(chunk)
        return
    with pool:
        pending: collections.deque[tuple[list[Selected], Future[T]]] = collections.deque()
        for chunk in itertools.chain([first], chunks):
            pending.append((chunk, pool.submit(fn, chunk)))
            if len(pending) >= 2 * workers:
                done, future = pending.popleft()
                yield done, future.result()
        while pending:
            done, future = pending.popleft()
            yield done, future.result()


def _csv(trail: Trail, filters: Filters, out: Output, coverage: Coverage, as_stored: AsStored) -> None:
    out.write((",".join(CSV_COLUMNS) + "\r\n").encode())
    for chunk, data in _mapped(functools.partial(_csv_chunk, as_stored=as_stored), trail.select(filters)):
        coverage.add(chunk)  # the chunk's records passed _record in _csv_chunk
        out.write(data)


def _timestamp(ts: str) -> dict[str, int]:
    try:
        moment = dt.datetime.fromisoformat(ts.replace("Z", "+00:00"))
    except (ValueError, OverflowError):
        return {"seconds": 0, "nanos": 0}
    return {"seconds": int(moment.timestamp()), "nanos": moment.microsecond * 1000}


def report_results(record: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """PolicyReport results for one record: one per finding, or one pass for a clean review.

    ``scored`` (whether a result counts towards a compliance score) is true for ``pass`` and
    ``fail``, false for ``warn`` (an advisory policy: Kyverno reports the failures of a policy
    annotated ``policies.kyverno.io/scored: "false"`` as ``warn``) and ``skip`` (not judged)."""
    if not record.get("reviewed", True):
        return
    about = _ResultContext(_report_resource(record), _report_properties(record), _timestamp(str(record.get("ts", ""))))
    for exempted in record.get("exemptions") or ():
        yield _skip_result(exempted, about)
    findings = record.get("findings") or []
    if not findings:
        yield _pass_result(record, about)
        return
    for finding in findings:
        yield _finding_result(finding, about)


class _ResultContext(NamedTuple):
    """What every result of one record repeats: the object reviewed, the request's properties and
    when it was decided."""

    resource: dict[str, str]
    properties: dict[str, str]
    timestamp: dict[str, int]


def _report_resource(record: dict[str, Any]) -> dict[str, str]:
    group, version = record.get("group") or "", record.get("version") or ""
    resource: dict[str, str] = {
        "apiVersion": f"{group}/{version}" if group else str(version),
        "kind": str(record.get("kind") or ""),
        "name": str(record.get("name") or ""),
    }
    if record.get("namespace"):
        resource["namespace"] = str(record["namespace"])
    return resource


def _report_properties(record: dict[str, Any]) -> dict[str, str]:
    user = record.get("user") or {}
    return {
        "requestUid": str(record.get("uid", "")),
        "operation": str(record.get("operation", "")),
        "user": str(user.get("username", "")),
        "verdict": str(record.get("verdict", "")),
        "dryRun": str(record.get("dryRun", False)).lower(),
        "writer": str(record.get("writer", "")),
        "seq": str(record.get("seq", "")),
    }


def _skip_result(exempted: Any, about: _ResultContext) -> dict[str, Any]:
    """An exemption: not judged."""
    policy = exempted_policy(str(exempted))
    return {
        "policy": policy, "rule": policy, "result": "skip", "severity": "info", "category": "railguard",
        "message": f"exempted: {exempted}", "resources": [about.resource], "source": "railguard", "scored": False,
        "timestamp": about.timestamp, "properties": about.properties,
    }  # fmt: skip


def _pass_result(record: dict[str, Any], about: _ResultContext) -> dict[str, Any]:
    """A review without findings."""
    return {
        "policy": "railguard", "rule": "admission-review", "result": "pass", "severity": "info",
        "message": f"{record.get('verdict', 'allowed')}: no policy violation", "resources": [about.resource],
        "source": "railguard", "scored": True, "timestamp": about.timestamp, "properties": about.properties,
    }  # fmt: skip


def _finding_result(finding: Any, about: _ResultContext) -> dict[str, Any]:
    """A finding: ``fail`` for a policy that denies or audits, ``warn`` for an advisory one."""
    severity = finding.get("severity")
    outcome = RESULT_OF_ACTION.get(finding.get("action", ""), "warn")
    return {
        "policy": finding.get("policy", ""),
        "rule": finding.get("policy", ""),
        "result": outcome,
        "severity": severity if severity in REPORT_SEVERITIES else "info",
        "category": "railguard",
        "message": finding.get("message", ""),
        "resources": [about.resource],
        "source": "railguard",
        "scored": outcome == "fail",
        "timestamp": about.timestamp,
        "properties": {
            **about.properties,
            "action": str(finding.get("action", "")),
            "path": str(finding.get("path", "")),
            "policyVersion": str(finding.get("policyVersion", "")),
            "preexisting": str(finding.get("preexisting", False)).lower(),
        },
    }


_NAMESPACE_NAME = re.compile(r"[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?")
"""A namespace's name as Kubernetes accepts it (a DNS-1123 label)."""


def _report_scope(namespace: str) -> tuple[str | None, str]:
    """Where the reports of the records of ``namespace`` go: the namespace of their PolicyReport,
    or None for ClusterPolicyReports, and their name before the part number. Cluster-scoped
    objects go to ``railguard-audit-cluster``; so do, in reports of their own, the records whose
    namespace is no namespace name, ``<hidden namespace>`` (a credential:
    ``railguard-audit-hidden-namespace``) or any text Kubernetes refuses (a body posted by
    something else than kube-apiserver: ``railguard-audit-namespace-`` and 12 hex digits of its
    SHA-256, the same on each export). Their results still name the namespace the record gives."""
    if not namespace:
        return None, "railguard-audit-cluster"
    if _NAMESPACE_NAME.fullmatch(namespace):
        return namespace, "railguard-audit"
    if namespace == HIDDEN_NAMESPACE:
        return None, "railguard-audit-hidden-namespace"
    digest = hashlib.sha256(namespace.encode("utf-8", "surrogatepass")).hexdigest()
    return None, f"railguard-audit-namespace-{digest[:12]}"


def _report_name(namespace: str, part: int) -> str:
    """``railguard-audit``, ``railguard-audit-2``...; ``railguard-audit-cluster``... cluster-wide
    (``_report_scope``)."""
    name = _report_scope(namespace)[1]
    return name if part == 1 else f"{name}-{part}"


def _report_head(namespace: str, part: int) -> bytes:
    scope = _report_scope(namespace)[0]
    metadata: dict[str, Any] = {"name": _report_name(namespace, part)}
    if scope is not None:
        metadata["namespace"] = scope
    metadata["labels"] = {"app.kubernetes.io/managed-by": "railguard"}
    head = {
        "apiVersion": REPORT_API_VERSION,
        "kind": "PolicyReport" if scope is not None else "ClusterPolicyReport",
        "metadata": metadata,
    }
    return b"---\n" + orjson.dumps(head)[:-1] + b',"results":['


def _report_tail(summary: dict[str, int]) -> bytes:
    return b'],"summary":' + orjson.dumps(summary) + b"}\n"


_TAIL_SIZE = len(_report_tail(dict.fromkeys(REPORT_OUTCOMES, 2**63)))


def _stored_size(result: bytes) -> int:
    """The bytes a result takes once the API server has encoded it again: Go's JSON encoder
    writes ``<``, ``>`` and ``&`` as ``\\u003c`` (6 bytes), U+2028 and U+2029 as ``\\u2028``."""
    size = len(result) + 5 * (result.count(b"<") + result.count(b">") + result.count(b"&"))
    if b"\xe2\x80" in result:
        size += 3 * (result.count("\u2028".encode()) + result.count("\u2029".encode()))
    return size


class ReportRun(NamedTuple):
    """Consecutive results of one namespace: their JSON joined by commas, the offset in it where
    each one ends, the running total of their stored sizes (a comma each included) and the
    initial of each one's outcome (``p``, ``f``...)."""

    namespace: str
    data: bytes
    ends: list[int]
    sizes: list[int]
    outcomes: str


def _report_chunk(pairs: list[Selected], as_stored: AsStored = _as_is) -> list[ReportRun]:
    """The runs of consecutive records of one namespace in a chunk (pure: runs in a worker
    process; few objects to send back)."""
    runs: list[ReportRun] = []
    dumps = orjson.dumps
    namespace: str | None = None
    results: list[bytes] = []
    ends: list[int] = []
    sizes: list[int] = []
    outcomes: list[str] = []

    def run() -> ReportRun:
        assert namespace is not None
        return ReportRun(namespace, b",".join(results), ends, sizes, "".join(outcomes))

    for selected in pairs:
        record, _digest = _record(selected, as_stored)
        where = selected[1]
        try:
            current = record.get("namespace") or ""
            if not isinstance(current, str):
                raise TypeError("namespace")
            found = list(report_results(record))
            formatted = [dumps(result) for result in found]
        except UNREADABLE:
            raise unreadable(where) from None
        if current != namespace:
            if namespace is not None:
                runs.append(run())
            namespace, results, ends, sizes, outcomes = current, [], [], [], []
        for result, data in zip(found, formatted):
            ends.append((ends[-1] + 1 if ends else 0) + len(data))
            sizes.append((sizes[-1] if sizes else 0) + _stored_size(data) + 1)
            outcomes.append(result["result"][0])
            results.append(data)
    if namespace is not None:
        runs.append(run())
    return runs


class _ReportWriter:
    """Packs runs into reports of at most ``budget`` stored bytes, in order: a namespace's first
    report is ``railguard-audit``, the next ones ``railguard-audit-2``... A result larger than the
    budget on its own is written alone in its report (never dropped)."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.namespace: str | None = None
        self.part = 0
        self.fill = 0
        self.results = 0
        self.summary: dict[str, int] = {}

    def _open(self, namespace: str, part: int) -> bytes:
        self.namespace, self.part = namespace, part
        head = _report_head(namespace, part)
        self.fill, self.results = len(head) + _TAIL_SIZE, 0
        self.summary = dict.fromkeys(REPORT_OUTCOMES, 0)
        return head

    def close(self) -> bytes:
        return _report_tail(self.summary) if self.namespace is not None else b""

    def add(self, run: ReportRun) -> list[bytes]:
        pieces: list[bytes] = []
        if run.namespace != self.namespace:
            pieces += [self.close(), self._open(run.namespace, 1)]
        i, count = 0, len(run.ends)
        while i < count:
            before = run.sizes[i - 1] if i else 0
            j = bisect.bisect_right(run.sizes, before + self.budget - self.fill, i)
            if j == i:
                if self.results:
                    pieces += [self.close(), self._open(run.namespace, self.part + 1)]
                    continue
                j = i + 1
            start = run.ends[i - 1] + 1 if i else 0
            if self.results:
                pieces.append(b",")
            pieces.append(run.data[start : run.ends[j - 1]])
            for outcome in REPORT_OUTCOMES:
                self.summary[outcome] += run.outcomes.count(outcome[0], i, j)
            self.fill += run.sizes[j - 1] - before
            self.results += j - i
            i = j
        return pieces


def _policy_reports(trail: Trail, filters: Filters, out: Output, coverage: Coverage, as_stored: AsStored) -> None:
    """PolicyReports per namespace (ClusterPolicyReports for cluster-scoped objects), streamed:
    records arrive ordered by namespace, a report is closed when its namespace ends or when the
    next result would take it over ``REPORT_BUDGET``."""
    # links are checked in storage order first, as the other formats check them: namespace by
    # namespace, a record's chain neighbours in other namespaces are not exported next to it
    before: list[Selected] = []
    for chunk in _chunks(trail.select(filters), CHUNK):
        try:
            coverage.link(chunk)
        except DamagedTrail:
            for selected in before + chunk:  # a damaged record is named before the link it breaks, as in the other formats
                _record(selected, as_stored)
            raise
        before = chunk
    reports = _ReportWriter(REPORT_BUDGET)
    for chunk, runs in _mapped(functools.partial(_report_chunk, as_stored=as_stored), trail.select(filters, by_namespace=True)):
        coverage.add(chunk, link=False)  # the chunk's records passed _record in _report_chunk
        out.write(b"".join(piece for run in runs for piece in reports.add(run)))
    out.write(reports.close())
