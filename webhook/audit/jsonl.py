"""JSON Lines: one record per line, to stdout (for cluster log pipelines) or to a file.

Each process starts a new chain (its writer id carries a random suffix), so no head has to be
recovered from a stream that may already have been shipped away. ``durable`` flushes and fsyncs
each batch before its callers continue (fsync is skipped where the output cannot be synced, a pipe).

Rotation: when the path no longer names the open file but that file still exists (renamed away, as
logrotate's default ``create`` does), the sink syncs and closes it, opens the file now at the path
(creating it, or adopting the empty one logrotate created) and continues the same chain there,
starting the file with a continuation header line ``{"continues":{"writer":W,"seq":N,"hash":H}}``
(not a record: it names the last record before the file, which the file's first record links to).
A file removed (unlinked), replaced by a file holding data, or truncated in place (``copytruncate``)
fails the sink, as records would be lost.

One writer per file: the sink holds an exclusive ``flock`` of the file it writes for as long as
it writes it (taken on the new file before its header is written when it rotates, released when
it closes), and a second process given the same ``jsonl:PATH`` is refused at open. Several
writers of one file cannot rotate it: the later ones notice the rename after the first has
written records to the new file, where their continuation headers could no longer lead the file
(verify reads a file's continuation headers from its first lines only), and the head file of a
new file could not tell which of them it describes. A file system without ``flock`` refuses no
second writer.

Head file: beside ``PATH`` the sink keeps ``PATH.head``, ``{"heads":{W:{"seq":N,"hash":H},...}}``,
the last record each writer of the file wrote (a file holds every chain written to it: writers
restarted on it one after the other), the least recently updated first and at most
``MAX_HEAD_WRITERS`` of them; an older railguard's ``{"head":{"writer":W,"seq":N,"hash":H}}`` is
read too. A writer replaces it (read, its own entry set, a new file renamed over it, fsync'd in
durable mode, under its lock of the trail file) after a batch
is committed, at most every ``HEAD_INTERVAL`` seconds under load (one fsync per batch would
halve the durable throughput of small batches), by the idle probe when it lags, and on close. ``verify`` compares the file's records against it: records cut off the
file's end (while the writer is stopped: a running one notices the file shrinking) are reported.
It lags behind the records, never runs ahead of them (it is written after they are committed), so
a verify while the writer is running is not misled. Whoever can edit both files can cut the tail
and rewrite the head file too: a checkpoint kept elsewhere is the real defence (docs/audit.md).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import stat
import sys
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from typing import IO, Any

import orjson

from webhook.audit.base import INVALID_SEQ, PROBE_INTERVAL, ChainMark, Filters, RowFields, Selected, StoredCheckpoint, StoredRow, check_file, file_identity, locate, named_stat, stored_seq
from webhook.audit.record import GENESIS, HASH, Chained, canonical, chain, policies_of, with_hash
from webhook.audit.spill import sorted_rows
from webhook.errors import AuditError, DamagedTrail
from webhook.files import read_bounded

CONTINUES = "continues"
HEAD_SUFFIX = ".head"  # the head file beside a JSON Lines trail file
HEAD_INTERVAL = 1.0  # seconds between replacements of the head file while batches keep coming
MAX_HEAD_WRITERS = 32
"""The most writers a head file names (the most recently updated): a writer restarted on a file
adds one each time (its id has a random suffix), and a head file must stay small. Cutting the
tail of a writer dropped from it is no longer seen without a checkpoint file."""
BY_NAMESPACE_BUDGET = 64 << 20
"""Bytes of records (bodies and ``ROW_OVERHEAD`` each) ``select(by_namespace=True)`` holds at once."""
ROW_OVERHEAD = 512  # bytes a selected row takes beyond its body (its columns, tuples, objects)
LOCK_TRIES = 100  # tries 2 ms apart to lock the trail file at open or rotation, then it is held by another writer


def continuation_header(writer: str, mark: ChainMark) -> bytes:
    """The first line of a file a rotation opened: where the chain it continues left off."""
    return orjson.dumps({CONTINUES: {"writer": writer, "seq": mark.seq, "hash": mark.hash}}) + b"\n"


def read_continuation(line: bytes) -> tuple[str, ChainMark] | None:
    """(writer, last record before the file) from a continuation header line, else None (a line
    that is not exactly a well-formed header is read as a record, and reported if it is none)."""
    if CONTINUES.encode() not in line[:16]:
        return None
    try:
        header = orjson.loads(line)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(header, dict) or list(header) != [CONTINUES] or not isinstance(header[CONTINUES], dict):
        return None
    mark = header[CONTINUES]
    writer, seq, digest = mark.get("writer"), mark.get("seq"), mark.get("hash")
    if (
        len(mark) != 3 or not isinstance(writer, str) or not writer or type(seq) is not int or seq < 1
        or not isinstance(digest, str) or not HASH.fullmatch(digest)
    ):
        return None
    return writer, ChainMark(seq, digest)


def _open_regular(path: str, flags: int = 0) -> int:
    """``path`` opened to append, if it is a regular file: a FIFO there would block the open until
    a reader came (the writer hung until its watchdog killed it, and each restart again), a device
    would take the records away (``/dev/null``: lost; ``jsonl:-`` is standard output)."""
    not_regular = OSError(errno.EINVAL, "not a regular file (jsonl:- writes to standard output)")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_NONBLOCK | flags, 0o666)
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a FIFO no process reads (the open does not wait: O_NONBLOCK)
            raise not_regular from None
        raise
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise not_regular
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


class JsonlSink:
    # a file is probed while idle too: removed, replaced or truncated it fails the store, renamed away
    # (rotated) it is followed, before the next record rather than at it
    probe_interval: float | None = PROBE_INTERVAL

    def __init__(self, path: str, writer: str, durable: bool = True) -> None:
        self.path, self.writer, self.durable = path, writer, durable
        if path == "-":
            self.probe_interval = None  # stdout: nothing to look at until a write fails
        self.seq, self.head = 0, GENESIS
        self.broken: AuditError | None = None
        try:
            self.out: IO[bytes] = sys.stdout.buffer if path == "-" else os.fdopen(_open_regular(path, os.O_CREAT), "ab")
        except OSError as exc:
            raise AuditError(f"audit store jsonl:{path}: cannot open: {exc.strerror or type(exc).__name__}") from None
        self.file = None
        self.size = 0  # the least the file holds: what was in it when opened plus what this sink wrote
        self.head_path: str | None = None
        self._head_stale = False  # records were committed since the head file was last replaced
        self._head_fresh = False  # this sink started the file: the head file there describes another one
        self._head_due = 0.0  # monotonic time the head file may be replaced again
        if path != "-":
            try:  # refused or failed here, the file opened is closed at once (no descriptor left open per attempt)
                if not _lock(self.out.fileno()):
                    raise AuditError(f"audit store jsonl:{path}: cannot open: {SECOND_WRITER}")
                opened = os.fstat(self.out.fileno())
                self.file, self.size = file_identity(opened), opened.st_size
                self._end_torn_line(path, durable)
            except BaseException as exc:
                with contextlib.suppress(OSError):  # the descriptor is closed even when a flush fails
                    self.out.close()
                if isinstance(exc, OSError):
                    raise AuditError(f"audit store jsonl:{path}: cannot open: {exc.strerror or type(exc).__name__}") from None
                raise
            self.head_path = path + HEAD_SUFFIX
            self._head_temporary = f"{self.head_path}.{os.urandom(4).hex()}.tmp"
            if self.size == 0:  # a new file: the head file of the one before (rotated away) does not describe it
                self._head_fresh = True
                self._write_head()
                self._head_due = 0.0  # the first batch's head file is written at once

    def _end_torn_line(self, path: str, durable: bool) -> None:
        """End the file's last line if a write cut it short (a process killed mid-write, a full
        disk): this process's first record would otherwise be glued onto it, unreadable, and lost.
        The torn line stays as it is (verify reports it: it is no record)."""
        if self.size == 0:
            return
        try:
            with open(path, "rb") as existing:
                if file_identity(os.fstat(existing.fileno())) != self.file or os.pread(existing.fileno(), 1, self.size - 1) == b"\n":
                    return
            self.out.write(b"\n")
            self.out.flush()
            if durable:
                os.fsync(self.out.fileno())
        except OSError as exc:  # the caller closes the file
            raise AuditError(f"audit store jsonl:{path}: cannot open: {exc.strerror or type(exc).__name__}") from None
        self.size += 1

    def _failed(self, what: str) -> AuditError:
        return AuditError(f"audit store jsonl:{self.path}: cannot write: {what} (restart the server to open a file at that path again)")

    def _check_file(self) -> None:
        """Raise unless ``path`` still names the file that was opened (``still_names``), unharmed;
        continue in a new file if it was renamed away (``_rotate``)."""
        if self.file is None:
            return
        try:
            fd = self.out.fileno()
            # the path's stat is the open file's while the path names it: one stat per batch then
            at_path = named_stat(self.path, self.file)
            opened = at_path if at_path is not None else os.fstat(fd)
        except (OSError, ValueError):
            raise self._failed("the file can no longer be examined") from None
        if opened.st_size < self.size:  # logrotate copytruncate: what was written after its copy is lost
            raise self._failed(
                "the file was truncated since records were written to it (rotate by renaming it away,"
                " logrotate's default 'create', not with 'copytruncate', which loses records)"
            )
        if at_path is not None:
            return
        if opened.st_nlink == 0:
            raise self._failed("the file was removed since it was opened")
        self._rotate()

    def _rotate(self) -> None:
        """The open file was renamed away: sync it, open the file at the path (create it, or adopt
        the empty file logrotate ``create`` made there) and continue the chain in it."""
        try:
            self.out.flush()
            os.fsync(self.out.fileno())
        except (OSError, ValueError) as exc:
            self.broken = self._failed(f"cannot sync the rotated file: {getattr(exc, 'strerror', None) or type(exc).__name__}")
            raise self.broken from None
        try:
            fd = self._locked(os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            fd = self._adopt()
        except OSError as exc:  # the old file stays open and intact: the next batch or probe tries again
            raise AuditError(
                f"audit store jsonl:{self.path}: cannot write: the file was rotated and a new one cannot be created:"
                f" {exc.strerror or type(exc).__name__}"
            ) from None
        out = os.fdopen(fd, "ab")
        header = continuation_header(self.writer, ChainMark(self.seq, self.head)) if self.seq else b""
        try:
            out.write(header)
            out.flush()
            os.fsync(fd)
            if self.durable:
                _sync_folder(self.path)
        except (OSError, ValueError) as exc:
            out.close()
            self.broken = self._failed(f"cannot write to the new file: {getattr(exc, 'strerror', None) or type(exc).__name__}")
            raise self.broken from None
        self.out.close()
        opened = os.fstat(fd)
        self.out, self.file, self.size = out, file_identity(opened), opened.st_size
        self._head_fresh = True  # the head file names the writers of the file rotated away

    def _locked(self, fd: int) -> int:
        """``fd``, the new file a rotation opened, once this writer holds its lock (before it writes
        its header there); closed if another process holds it (one started at the path meanwhile)."""
        if not _lock(fd):
            os.close(fd)
            raise self._failed("the file was rotated and another process is writing the new file at the path (a second server given the same path?)")
        return fd

    def _adopt(self) -> int:
        """The file found at the path after a rotation, if it is an empty regular file (what
        logrotate ``create`` makes); a file holding anything was put there by someone else."""
        try:
            fd = _open_regular(self.path)
        except OSError as exc:
            raise AuditError(
                f"audit store jsonl:{self.path}: cannot write: the file was rotated and the new one cannot be opened:"
                f" {exc.strerror or type(exc).__name__}"
            ) from None
        found = os.fstat(self._locked(fd))
        if not stat.S_ISREG(found.st_mode) or found.st_size != 0:
            os.close(fd)
            raise self._failed("the file was replaced by another one holding data since it was opened")
        return fd

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
        self.size += len(data)
        if self.head_path is not None:
            self._head_stale = True
            if time.monotonic() >= self._head_due:
                self._write_head()
        return chained

    def _write_head(self) -> None:
        """Set this writer's last record in the head file, once the records are committed (so it
        never names a record the file may not hold), keeping the entries of the writers of the file
        before it (restarted on it: none writes it now, this writer holds its lock). Best effort: the records
        are committed whatever happens to it, a head file that could not be replaced lags behind
        (verify is not misled, it only sees less), and the next batch tries again."""
        if self.head_path is None or self.file is None:
            return
        self._head_stale, self._head_due = False, time.monotonic() + HEAD_INTERVAL
        fd = -1
        try:
            if named_stat(self.path, self.file) is None:
                raise OSError("the path names another file")  # the head file beside it is not this file's
            found = {} if self._head_fresh else read_head_file(self.head_path)
            heads = found if isinstance(found, dict) else {}  # none, or not a head file: this writer's entry alone
            heads.pop(self.writer, None)
            heads[self.writer] = ChainMark(self.seq, self.head)
            fd = os.open(self._head_temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
            try:
                os.write(fd, head_file_data(heads))
                if self.durable:
                    os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(self._head_temporary, self.head_path)
            self._head_fresh = False
        except (OSError, ValueError):
            self._head_stale = True
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.unlink(self._head_temporary)

    def ping(self) -> None:
        if self.broken is not None or self.out.closed:
            raise self.broken or AuditError(f"audit store jsonl:{self.path}: closed")
        self._check_file()
        if self._head_stale:  # idle: the head file catches up with the last batch
            self._write_head()

    def close(self) -> None:
        try:
            self.out.flush()
            if self._head_stale and self.broken is None:
                self._write_head()
        except (OSError, ValueError):
            pass
        if self.path != "-":
            self.out.close()


def _new_header(headers: dict[str, ChainMark], line: bytes) -> tuple[str, ChainMark] | None:
    """The continuation header ``line`` holds, if it names a writer none of ``headers`` names (a
    second header for one writer is no header: it is read, and reported, as a record)."""
    if CONTINUES.encode() not in line[:16]:  # a record: not parsed twice
        return None
    header = read_continuation(line)
    return None if header is None or header[0] in headers else header


def _leading_header(
    headers: dict[str, ChainMark], line: bytes, known: list[tuple[bytes, str, ChainMark]] | None
) -> tuple[str, ChainMark] | None:
    """``_new_header``, taken from ``known`` (the header lines read before) where the line is the same."""
    if known is not None and len(headers) < len(known) and known[len(headers)][0] == line:
        return known[len(headers)][1:]
    return _new_header(headers, line)


MAX_HEAD_FILE = 16 * 1024
"""The largest head file read: ``MAX_HEAD_WRITERS`` entries of the longest writer ids (about 250
bytes each) fit."""


SECOND_WRITER = (
    "another process is writing this file (a second server given the same path?): give each server process a file of"
    " its own (several writers of one file could not rotate it)"
)


def _lock(fd: int) -> bool:
    """Whether an exclusive ``flock`` of the trail file open at ``fd`` was had (held until the
    file is closed), trying a bounded number of times (an older railguard writing the file locks
    it a few milliseconds per head file update). A file system that has no such locks: True."""
    for _ in range(LOCK_TRIES):
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            time.sleep(0.002)
        except OSError as exc:
            return exc.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS)
    return False


def head_file_data(heads: dict[str, ChainMark]) -> bytes:
    """A head file naming ``heads`` (the least recently updated first): the last ``MAX_HEAD_WRITERS``
    of them, fewer if they would not fit in ``MAX_HEAD_FILE``."""
    kept = list(heads.items())[-MAX_HEAD_WRITERS:]
    while True:
        data = orjson.dumps({"heads": {w: {"seq": m.seq, "hash": m.hash} for w, m in kept}}) + b"\n"
        if len(data) <= MAX_HEAD_FILE or len(kept) == 1:
            return data
        kept = kept[1:]


def _head_mark(writer: Any, head: Any) -> ChainMark | None:
    seq, digest = head.get("seq"), head.get("hash")
    if not isinstance(writer, str) or not writer or type(seq) is not int or seq < 0 or not isinstance(digest, str) or not HASH.fullmatch(digest):
        return None
    return ChainMark(seq, digest)


def read_head_file(path: str) -> dict[str, ChainMark] | str | None:
    """Each writer's last record from a head file (``{"heads":{W:{"seq":N,"hash":H}}}``, or an older
    railguard's ``{"head":{"writer":W,"seq":N,"hash":H}}``), the least recently updated first; None
    if there is none; what is wrong with it (never its content) if it is not one. Read by
    :func:`files.read_bounded` (without blocking: a FIFO in its place would otherwise keep verify
    waiting forever)."""
    try:
        data = read_bounded(path, MAX_HEAD_FILE)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno in (errno.EINVAL, errno.EFBIG):  # not a regular file, or past the bound
            return str(exc.strerror)
        return f"cannot read it: {exc.strerror or type(exc).__name__}"
    try:
        content = orjson.loads(data)
    except orjson.JSONDecodeError:
        return "not JSON"
    if isinstance(content, dict) and list(content) == ["heads"]:
        heads = content["heads"]
        if not isinstance(heads, dict) or not heads:
            return "not a head"
        found: dict[str, ChainMark] = {}
        for writer, head in heads.items():
            if not isinstance(head, dict) or len(head) != 2:
                return "not a head"
            if (mark := _head_mark(writer, head)) is None:
                return "not a writer, sequence number and hash"
            found[writer] = mark
        return found
    head = content.get("head") if isinstance(content, dict) and list(content) == ["head"] else None
    if not isinstance(head, dict) or len(head) != 3:
        return "not a head"
    writer = head.get("writer")
    if not isinstance(writer, str) or (mark := _head_mark(writer, head)) is None:
        return "not a writer, sequence number and hash"
    return {writer: mark}


def _sync_folder(path: str) -> None:
    """Make a new file's name durable (its folder's entry), where the system allows it."""
    try:
        fd = os.open(os.path.dirname(os.path.abspath(path)), os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


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


def _fields(row: StoredRow) -> RowFields:
    return (row.position, row.writer, row.seq, row.ts, row.namespace, row.username, row.verdict, row.policies, row.prev_hash, row.hash, row.body)


def matches(row: StoredRow, filters: Filters) -> bool:
    return (
        (not filters.since or row.ts >= filters.since)
        and (not filters.until or row.ts < filters.until)
        and (filters.namespace is None or row.namespace == filters.namespace)
        and (not filters.verdict or row.verdict == filters.verdict)
        and (filters.user is None or row.username == filters.user)
        and (not filters.policy or f" {filters.policy} " in row.policies)
    )


class JsonlTrail:
    """A JSON Lines file read back (stdout cannot be read back: verify the shipped file), or the
    files a rotation left, oldest first, read as one trail: line numbers (``position``) count on
    from one file to the next, so records stored out of chain order across files are reordered."""

    keeps_heads = False  # a file of records only
    keeps_checkpoints = False  # signed checkpoints of it are kept in files of their own ('checkpoint --output')

    def __init__(self, path: str | list[str]) -> None:
        self.paths = [path] if isinstance(path, str) else list(path)
        for one in self.paths:
            if one == "-":
                raise AuditError("audit store jsonl:- is stdout: verify or export the file your log pipeline kept")
            check_file(f"jsonl:{one}", one)
        self.path = self.paths[0]
        # each file's own description: what a checkpoint of one of them names as its store
        self.names = tuple(f"jsonl:{one}" for one in self.paths)
        self.description = ", ".join(self.names)
        # per file, as the last rows() read it: its continuation headers (per writer), and per
        # writer the (first seq, last seq, last hash) of the records it holds, in storage order
        self._headers: list[dict[str, ChainMark]] = []
        self._spans: list[dict[str, tuple[int, int, str]]] = []
        # the first file's continuation header lines and what they say, read once per trail (verify
        # needs them before, while and after it reads the records)
        self._first: list[tuple[bytes, str, ChainMark]] | None = None
        # as the last rows() read them: the last file's head file (read before its records: it
        # never names a record written after them), and per writer its highest seq and that hash
        self._head_file: dict[str, ChainMark] | str | None = None
        self._top: dict[str, ChainMark] = {}

    def snapshot(self) -> AbstractContextManager[None]:
        return nullcontext()  # lines are appended whole; a line written meanwhile is simply read or not

    def rows(self) -> Iterator[StoredRow]:
        self._headers, self._spans = [], []
        self._head_file, self._top = read_head_file(self.paths[-1] + HEAD_SUFFIX), {}
        top = self._top
        offset = 0
        for k, path in enumerate(self.paths):
            known = self._first if k == 0 else None  # the first file's header lines, parsed before
            headers: dict[str, ChainMark] = {}
            spans: dict[str, tuple[int, int, str]] = {}
            self._headers.append(headers)
            self._spans.append(spans)
            number, leading = 0, True
            try:
                with open(path, "rb") as lines:
                    for number, line in enumerate(_bounded_lines(lines), 1):
                        if line is None:  # far longer than any record: not kept in memory
                            leading = False
                            yield StoredRow(offset + number, "", INVALID_SEQ, "", "", "", "", "", "", "", b"")
                        elif leading and (header := _leading_header(headers, line.rstrip(b"\r\n"), known)) is not None:
                            headers[header[0]] = header[1]
                            if header[1].seq > top.get(header[0], ChainMark(0, "")).seq:
                                top[header[0]] = header[1]
                        elif line.strip():
                            leading = False
                            row = _columns(offset + number, line.rstrip(b"\r\n"))
                            if row.writer and row.seq != INVALID_SEQ:
                                first = spans.get(row.writer, (row.seq, 0, ""))[0]
                                spans[row.writer] = (first, row.seq, row.hash)
                                if row.seq > top.get(row.writer, ChainMark(0, "")).seq:
                                    top[row.writer] = ChainMark(row.seq, row.hash)
                            yield row
            except OSError as exc:
                raise AuditError(f"audit store jsonl:{path}: cannot read: {exc.strerror}") from None
            offset += number

    def _first_headers(self) -> dict[str, ChainMark]:
        """The first file's continuation headers (its leading header lines), read once."""
        if self._first is None:
            headers: dict[str, ChainMark] = {}
            found: list[tuple[bytes, str, ChainMark]] = []
            try:
                with open(self.paths[0], "rb") as lines:
                    while (line := lines.readline(4096).rstrip(b"\r\n")) and (header := _new_header(headers, line)) is not None:
                        headers[header[0]] = header[1]
                        found.append((line, *header))
            except OSError as exc:
                raise AuditError(f"audit store jsonl:{self.paths[0]}: cannot read: {exc.strerror}") from None
            self._first = found
        return {writer: mark for _, writer, mark in self._first}

    def continuation_line(self) -> bytes:
        """The first file's continuation header lines (each with its newline), b"" if it starts
        its chains: what a JSON Lines export of the trail starts with, so that it verifies from
        where it starts."""
        return b"".join(continuation_header(writer, mark) for writer, mark in self._first_headers().items())

    def continues_in(self) -> str:
        """The file whose continuation header ``anchors()`` reads (a JSON Lines trail is never pruned)."""
        return f"jsonl:{self.paths[0]}"

    def starts_from(self) -> str:
        """Where ``anchors()`` come from, for an export's summary."""
        return f"continuation header of jsonl:{self.paths[0]}"

    def continuation_notes(self, signed: dict[str, str] | None = None) -> list[str]:
        """Where the first file continues chains from: what verify cannot prove alone, unless
        ``signed`` names (per writer) a verified checkpoint that signs that very record."""
        notes = []
        for writer, mark in self._first_headers().items():
            where = f"jsonl:{self.paths[0]} continues writer {writer}'s chain from #{mark.seq} (hash {mark.hash})"
            if signed and writer in signed:
                notes.append(f"{where}, which signed checkpoint {signed[writer]} holds: its records are proven from there on")
                continue
            notes.append(
                f"{where}, written to an earlier file or pruned from the trail it was exported from: only its records from"
                f" #{mark.seq + 1} on are proven; verify the files together, oldest first, or check that #{mark.seq} has"
                " this hash (in the earlier file, or the pruning anchor a signed checkpoint holds: give verify that"
                " checkpoint)"
            )
        return notes

    def junction_problems(self) -> list[tuple[str, str, int | None, str]]:
        """(kind, writer, seq, detail) for each file, after the first, whose continuation header
        does not meet the end of that writer's records in the files before it (as the last
        ``rows()`` read them): a file missing between them, files given out of order, or a header
        changed."""
        found: list[tuple[str, str, int | None, str]] = []
        reached: dict[str, int] = {}  # per writer, the highest seq the files so far hold or continue from
        for k, (headers, spans) in enumerate(zip(self._headers, self._spans, strict=True)):
            name = f"jsonl:{self.paths[k]}"
            for writer, mark in headers.items():
                before = max((spans[writer] for spans in self._spans[:k] if writer in spans), key=lambda span: span[1], default=None)
                if before is not None and before[1] < mark.seq:
                    last = before[1]
                    missing = f"#{last + 1}" if mark.seq == last + 1 else f"#{last + 1}..#{mark.seq}"
                    detail = f"record(s) {missing} are missing before {name}, which continues from #{mark.seq} (a rotated file left out?)"
                    found.append(("deleted", writer, last + 1, detail))
                elif before is not None and before[1] == mark.seq and before[2] != mark.hash:
                    found.append(("edited", writer, mark.seq, f"differs from the hash {name} continues from"))
            for writer, (first, _, _) in spans.items():
                if k and reached.get(writer, 0) >= first:
                    detail = f"{name} holds #{first}, but a file given before it reaches #{reached[writer]}: give the files oldest first"
                    found.append(("reordered", writer, first, detail))
            for writer, mark in headers.items():
                reached[writer] = max(reached.get(writer, 0), mark.seq)
            for writer, (_, last, _) in spans.items():
                reached[writer] = max(reached.get(writer, 0), last)
        return found

    def tail_problems(self) -> tuple[list[tuple[str, str, int | None, str]], list[str]]:
        """((kind, writer, seq, detail) problems, notes): the last file's records against its head
        file, as the last ``rows()`` read them. Records cut off the file's end are named; a head
        file that is missing (a trail written before railguard kept one) is a note."""
        name = f"{self.paths[-1]}{HEAD_SUFFIX}"
        found = self._head_file
        if found is None:
            return [], [
                f"jsonl:{self.paths[-1]} has no head file {name} (the server keeps one beside the file it writes; an older"
                " railguard, an export or a rotated file has none): records cut off its end cannot be told without a"
                " checkpoint file (verify --checkpoint)"
            ]
        if isinstance(found, str):
            return [("edited", "", None, f"the head file {name} is not a valid head file ({found}): it was edited")], []
        problems: list[tuple[str, str, int | None, str]] = []
        for writer, head in sorted(found.items()):
            last = self._top.get(writer)
            if head.seq == 0 or (last is not None and last.seq > head.seq):
                continue  # a writer that wrote nothing yet, or a head file lagging behind its records
            if last is None:
                detail = (
                    f"the file holds no record of this writer, whose last record #{head.seq} its head file {name} names: its"
                    f" records up to #{head.seq} were cut from the file, or the file was replaced (rotated away with no"
                    " writer writing to the new one yet)"
                )
                problems.append(("deleted", writer, None, detail))
            elif last.seq < head.seq:
                cut = head.seq - last.seq
                detail = (
                    f"{cut} record(s) cut from the tail: the file ends at #{last.seq}, its head file {name} names #{head.seq}"
                    " (or lost in a power failure with RAILGUARD_AUDIT_DURABILITY=batch)"
                )
                problems.append(("deleted", writer, last.seq + 1, detail))
            elif last.hash != head.hash:
                problems.append(("edited", writer, head.seq, f"differs from the hash its head file {name} names"))
        return problems, []

    def writer_ids(self) -> list[tuple[str, str]]:
        """(writer id, where it was read) for each writer its files' continuation headers and the last
        file's head file name, as the last ``rows()`` read them (the records' own are in the rows)."""
        found = [(w, f"the continuation header of jsonl:{self.paths[k]}") for k, headers in enumerate(self._headers) for w in headers]
        if isinstance(self._head_file, dict):
            found += [(w, f"the head file {self.paths[-1]}{HEAD_SUFFIX}") for w in self._head_file]
        return found

    def anchors(self) -> dict[str, ChainMark]:
        """The chains the first file continues (its continuation headers): verify starts there."""
        return dict(self._first_headers())

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
                    yield _fields(row), locate("line", row.position, row.writer, row.seq)
            return
        # namespaces in order, a pass over the file for each group of them whose records fit in
        # BY_NAMESPACE_BUDGET bytes (one larger alone is streamed): memory stays bounded without
        # sorting the file, and the passes are not one per namespace (thousands of namespaces, each
        # a pass over the whole file, made an export quadratic: 3,000 records took 105 s)
        sizes: dict[str, int] = {}
        for row in self._readable_rows():
            if matches(row, filters):
                sizes[row.namespace] = sizes.get(row.namespace, 0) + len(row.body) + ROW_OVERHEAD
        group: list[str] = []
        held = 0
        for namespace in [*sorted(sizes), None]:
            if namespace is not None and (not group or held + sizes[namespace] <= BY_NAMESPACE_BUDGET):
                group.append(namespace)
                held += sizes[namespace]
                continue
            if not group:  # no record selected
                break
            if len(group) == 1:  # alone: streamed, whatever its size
                for row in self.rows():
                    if row.writer != "" and row.namespace == group[0] and matches(row, filters):
                        yield _fields(row), locate("line", row.position, row.writer, row.seq)
            else:
                found: dict[str, list[Selected]] = {n: [] for n in group}
                for row in self.rows():
                    rows = found.get(row.namespace) if row.writer != "" else None
                    if rows is not None and matches(row, filters):
                        rows.append((_fields(row), locate("line", row.position, row.writer, row.seq)))
                for selected in found.values():
                    yield from selected
            group, held = ([namespace], sizes[namespace]) if namespace is not None else ([], 0)

    def last_records(self) -> dict[str, ChainMark]:
        """Each writer's last record in the files, as the last ``rows()`` read them (a JSON Lines
        trail keeps no heads: what an export's summary names instead)."""
        found: dict[str, ChainMark] = {}
        for spans in self._spans:
            for writer, (_, last, digest) in spans.items():
                found[writer] = ChainMark(last, digest)
        return found

    def heads(self) -> dict[str, ChainMark]:
        return {}  # the file holds no head; its head file (PATH.head) is checked by tail_problems (docs/audit.md)

    def checkpoints(self) -> list[StoredCheckpoint]:
        return []

    def add_checkpoint(self, payload: bytes, signature: bytes) -> None:
        raise AuditError("checkpoints are stored in SQLite or PostgreSQL trails; a JSON Lines trail's only in 'checkpoint --output' files")

    def prune(self, cuts: dict[str, ChainMark]) -> int:
        raise AuditError("prune JSON Lines with your log pipeline's retention; prune works on SQLite and PostgreSQL")

    def close(self) -> None:
        pass
