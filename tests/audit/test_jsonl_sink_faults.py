"""The JSON Lines sink after a fault: a write that failed (a partial line may be in the file) fails
the sink for good, its appends and its idle probe alike, even once the cause is gone; a rotation in
durable mode makes the new file's name durable and leaves no descriptor open; the sink of stdout
does not close the process's stdout; a continuation header is read only when it is exactly one."""

from __future__ import annotations

import errno
import io
import os
import stat
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

from webhook.audit.base import ChainMark
from webhook.audit.jsonl import JsonlSink, continuation_header, read_continuation, read_head_file
from webhook.errors import AuditError

from .helpers import names_open

RECORD = {"ts": "2025-01-01T00:00:00.000000Z", "namespace": "a", "user": {"username": "u"}, "verdict": "allowed"}
HASH = "a" * 64


def lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines()


def test_a_failed_write_fails_the_sink_for_good_even_once_the_disk_recovers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "audit.jsonl"
    sink = JsonlSink(str(path), "w-faults")
    sink.append([dict(RECORD)])
    real_fsync: Callable[[int], None] = os.fsync
    failures = [OSError(errno.EIO, "Input/output error")]

    def fsync_once(fd: int) -> None:
        if failures:
            raise failures.pop()
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync_once)
    with pytest.raises(AuditError, match="cannot write"):
        sink.append([dict(RECORD)])  # written, not synced: its commit is not known to be whole
    assert not failures  # the disk is fine again
    held = lines(path)
    with pytest.raises(AuditError, match="cannot write"):
        sink.append([dict(RECORD)])  # the chain does not go on after a record that may be torn
    with pytest.raises(AuditError, match="cannot write"):
        sink.ping()  # and the idle probe keeps the store unready
    assert lines(path) == held
    sink.close()


def test_a_durable_rotation_syncs_the_folder_and_leaves_no_descriptor_open(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "audit.jsonl"
    sink = JsonlSink(str(path), "w-rotate")
    sink.append([dict(RECORD)])
    real_fsync: Callable[[int], None] = os.fsync
    folders: list[int] = []

    def fsync_seen(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            folders.append(os.fstat(fd).st_ino)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync_seen)
    sink.append([dict(RECORD)])  # warm up: whatever the first append opens for good is open now
    before = names_open(tmp_path)
    for n in range(3):
        os.rename(path, tmp_path / f"audit.jsonl.{n}")
        sink.append([dict(RECORD)])
    assert folders.count(os.stat(tmp_path).st_ino) == 3  # each new file's name made durable
    assert names_open(tmp_path) == before == {str(path): 1}  # the old file and the folder closed
    sink.close()
    assert orjson.loads(lines(path)[0]) == {"continues": {"writer": "w-rotate", "seq": 4, "hash": orjson.loads(lines(tmp_path / "audit.jsonl.2")[-1])["hash"]}}


def test_the_sink_of_stdout_leaves_stdout_open(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.TextIOWrapper(io.BytesIO())
    monkeypatch.setattr(sys, "stdout", out)
    sink = JsonlSink("-", "w-stdout")
    sink.append([dict(RECORD)])
    sink.close()
    assert not out.buffer.closed  # the server logs there after its audit store is closed
    assert orjson.loads(out.buffer.getvalue())["writer"] == "w-stdout"


def test_only_a_line_that_is_exactly_a_continuation_header_is_one() -> None:
    good = continuation_header("w1", ChainMark(3, HASH))
    assert read_continuation(good) == ("w1", ChainMark(3, HASH))
    header: dict[str, Any] = {"writer": "w1", "seq": 3, "hash": HASH}
    for line in (
        orjson.dumps({"continues": header, "x": 1}),  # another key beside it
        orjson.dumps({"x": 1, "continues": header}),
        orjson.dumps(["continues", header]),  # not an object
        orjson.dumps({"continues": header | {"writer": 7}}),  # a writer that is not a name
        orjson.dumps({"continues": header | {"writer": ["w1"]}}),
    ):
        assert read_continuation(line) is None, line


def test_after_a_rotation_an_empty_file_that_is_not_a_regular_one_is_not_adopted(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    sink = JsonlSink(str(path), "w-adopt")
    sink.append([dict(RECORD)])
    os.rename(path, tmp_path / "audit.jsonl.1")
    os.symlink(os.devnull, path)  # empty, like logrotate's new file, but what is written there is gone
    before = names_open(tmp_path, os.devnull)
    for _ in range(2):  # the next batch tries again, and is refused again
        with pytest.raises(AuditError, match="the new one cannot be opened: not a regular file"):
            sink.append([dict(RECORD)])
    assert names_open(tmp_path, os.devnull) == before  # the refused file is not left open
    assert len(lines(tmp_path / "audit.jsonl.1")) == 1
    sink.close()


def _without_waiting(act: Callable[[], Any], fifo: Path) -> BaseException | None:
    """What ``act`` raised (None: nothing), failing the test if it waited on the FIFO ``fifo``
    (opened to write, it waits for a reader: one is given to let it go)."""
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            act()
            outcome.append(None)
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            outcome.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(5)
    if worker.is_alive():
        with open(fifo, "rb"):  # the reader it waits for
            worker.join(5)
        pytest.fail("the sink waited on a FIFO at its path")
    return outcome[0]


def test_a_fifo_or_a_device_at_the_path_is_refused_at_open_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "audit.jsonl"
    os.mkfifo(fifo)
    refused = _without_waiting(lambda: JsonlSink(str(fifo), "w-fifo"), fifo)
    assert isinstance(refused, AuditError) and "cannot open: not a regular file" in str(refused), refused
    with pytest.raises(AuditError, match="not a regular file"):  # batch mode would write the records nowhere
        JsonlSink(os.devnull, "w-null", durable=False)


def test_after_a_rotation_a_fifo_at_the_path_is_refused_without_waiting(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    sink = JsonlSink(str(path), "w-fifo")
    sink.append([dict(RECORD)])
    os.rename(path, tmp_path / "audit.jsonl.1")
    os.mkfifo(path)
    refused = _without_waiting(lambda: sink.append([dict(RECORD)]), path)
    assert isinstance(refused, AuditError) and "not a regular file" in str(refused), refused
    assert len(lines(tmp_path / "audit.jsonl.1")) == 1
    sink.close()


def test_a_durable_batch_is_synced_before_append_returns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "audit.jsonl"
    sink = JsonlSink(str(path), "w-sync")
    real_fsync: Callable[[int], None] = os.fsync
    synced: list[int] = []

    def fsync_seen(fd: int) -> None:
        synced.append(os.fstat(fd).st_ino)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync_seen)
    for n in range(3):
        sink.append([dict(RECORD)])
        assert synced.count(os.stat(path).st_ino) == n + 1  # the records' file, once per batch
    sink.close()


def test_a_rotation_survives_a_folder_that_cannot_be_opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "audit.jsonl"
    sink = JsonlSink(str(path), "w-folder")
    sink.append([dict(RECORD)])
    real_open = os.open

    def no_folders(name: Any, flags: int, *args: Any) -> int:
        if os.path.isdir(name):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(name, flags, *args)

    monkeypatch.setattr(os, "open", no_folders)
    os.rename(path, tmp_path / "audit.jsonl.1")
    sink.append([dict(RECORD)])  # the folder's sync is skipped where the system does not allow it
    sink.close()
    assert len(lines(path)) == 2  # the continuation header and the record


def test_a_head_file_with_no_writer_or_no_object_is_not_a_head_file(tmp_path: Path) -> None:
    head = tmp_path / "audit.jsonl.head"
    for content in (b'{"heads":{}}', b'{"heads":[1]}', b'{"heads":"w1"}'):
        head.write_bytes(content)
        assert isinstance(read_head_file(str(head)), str), content


@pytest.mark.parametrize("failure", ["second writer", "stat", "torn line"])
def test_a_sink_refused_or_failing_after_its_open_leaves_no_descriptor_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    """Each refused open (a second server retried at the same path, a restart loop) used to leave the
    file open until the exception and the half-built sink were collected: a descriptor per attempt
    while the error is held (logged, retried on). Counted while the error is still held."""
    path = tmp_path / "audit.jsonl"
    path.write_bytes(orjson.dumps({"torn": "x-not-secret-x"}))  # a last line a write cut short
    holder = os.open(path, os.O_RDONLY)
    try:
        if failure == "second writer":
            import fcntl

            fcntl.flock(holder, fcntl.LOCK_EX | fcntl.LOCK_NB)  # another writer holds the file
        elif failure == "stat":
            real_fstat = os.fstat
            calls = [0]

            def fstat_fails_once_open(fd: int) -> os.stat_result:
                calls[0] += 1
                if calls[0] == 2:  # the open's own check passes; the sink's look at the file fails
                    raise OSError(errno.EIO, "Input/output error")
                return real_fstat(fd)

            monkeypatch.setattr(os, "fstat", fstat_fails_once_open)
        else:

            def pread_fails(fd: int, length: int, offset: int) -> bytes:
                raise OSError(errno.EIO, "Input/output error")

            monkeypatch.setattr(os, "pread", pread_fails)
        with pytest.raises(AuditError) as refused:
            JsonlSink(str(path), "w-leak")
        held = names_open(tmp_path)  # the error, its traceback and the half-built sink still held
        monkeypatch.undo()
        assert held == {str(path): 1}  # the holder's alone
        assert "cannot open" in str(refused.value) and "x-not-secret-x" not in str(refused.value)
    finally:
        os.close(holder)
    assert path.read_bytes() == orjson.dumps({"torn": "x-not-secret-x"})  # nothing written to it
