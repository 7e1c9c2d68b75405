"""Rows sorted in bounded memory: sorted runs spilled to a temporary file, then merged.

Memory holds one run (``RUN_BYTES``), or a ``PIECE`` of each run being merged. Rows that fit in
one run never touch the disk; more take about 1.2x their JSON Lines size in the temporary
directory (``TMPDIR``), twice that while more than ``FAN_IN`` runs are merged into longer ones
(a trail of several GB), until the walk ends.
"""

from __future__ import annotations

import heapq
import marshal
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import fields
from operator import attrgetter
from typing import IO, Any

from webhook.audit.base import StoredRow
from webhook.errors import AuditError

RUN_BYTES = 16 << 20
"""About the memory the rows sorted at a time take."""
ROW_BYTES = 800  # what a row holds besides its body: columns, hashes, the object itself
FAN_IN = 256
"""Runs merged at once: more are first merged into longer runs, FAN_IN at a time."""
PIECE = 16 << 10  # read from each run being merged at a time

Key = Callable[[StoredRow], Any]
Run = tuple[int, int]  # where in the file: [start, end)
_row_fields = attrgetter(*(f.name for f in fields(StoredRow)))


def chain_key(row: StoredRow) -> tuple[str, int, int]:
    return row.writer, row.seq, row.position


def sorted_rows(rows: Iterable[StoredRow], key: Key = chain_key) -> Iterator[StoredRow]:
    """``rows`` sorted by ``key``, streamed. ``key`` must be a total order (rows with equal keys
    may come in any order)."""
    with ExitStack() as files:
        try:
            file: IO[bytes] | None = None
            runs: list[Run] = []
            for batch, more in _batches(rows):
                batch.sort(key=key)
                if file is None:
                    if not more:  # they all fit in one run
                        yield from batch
                        return
                    file = files.enter_context(tempfile.TemporaryFile())
                runs.append(_spill(batch, file))
                batch.clear()
            if file is None:
                return
            while len(runs) > FAN_IN:
                longer = files.enter_context(tempfile.TemporaryFile())
                runs = [_spill(_merged(file, runs[i : i + FAN_IN], key), longer) for i in range(0, len(runs), FAN_IN)]
                file.close()  # frees its space: the file has no name
                file = longer
            yield from _merged(file, runs, key)
        except OSError as exc:
            raise AuditError(
                f"cannot sort the trail in the temporary directory {tempfile.gettempdir()}: {exc.strerror or type(exc).__name__}"
                " (set TMPDIR to a directory with free space of 1.2x to 2.4x the trail's size)"
            ) from None


def _batches(rows: Iterable[StoredRow]) -> Iterator[tuple[list[StoredRow], bool]]:
    """(rows taking about ``RUN_BYTES``, whether more may follow)."""
    batch: list[StoredRow] = []
    size = 0
    for row in rows:
        batch.append(row)
        size += len(row.body) + ROW_BYTES
        if size >= RUN_BYTES:
            yield batch, True
            batch, size = [], 0
    if batch:
        yield batch, False


def _spill(rows: Iterable[StoredRow], file: IO[bytes]) -> Run:
    """Append the rows to the file, each as its length and its marshalled fields."""
    start = file.tell()
    for row in rows:
        data = marshal.dumps(_row_fields(row))
        file.write(len(data).to_bytes(4, "little") + data)
    file.flush()  # runs are read with os.pread, not through this buffer
    return start, file.tell()


def _merged(file: IO[bytes], runs: list[Run], key: Key) -> Iterator[StoredRow]:
    return heapq.merge(*(_read(file.fileno(), run) for run in runs), key=key)


def _read(fd: int, run: Run) -> Iterator[StoredRow]:
    """The rows of a run, read ``PIECE`` bytes at a time."""
    offset, end = run
    data, at = b"", 0

    def take(size: int) -> bytes:
        nonlocal offset, data, at
        if len(data) - at < size:
            more = os.pread(fd, min(max(size, PIECE), end - offset), offset)
            offset += len(more)
            data, at = data[at:] + more, 0
        at += size
        return data[at - size : at]

    while offset < end or at < len(data):
        yield StoredRow(*marshal.loads(take(int.from_bytes(take(4), "little"))))
