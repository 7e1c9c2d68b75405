"""One writer per JSON Lines file: two server processes given the same ``jsonl:PATH`` used to
write it side by side until the first rotation, where the second found the new file already
holding the first one's continuation header and failed every review from then on. The sink now
holds a lock of the file it writes for its lifetime (moved to the new file when it rotates), and
a second writer is refused when it opens the file, before it writes anything."""

from __future__ import annotations

import fcntl
import os
from contextlib import closing
from pathlib import Path

import orjson
import pytest

from webhook.admission import Decision
from webhook.audit.base import ChainMark
from webhook.audit.jsonl import JsonlSink, JsonlTrail, read_head_file
from webhook.audit.verify import Report, verify
from webhook.errors import AuditError

from .conftest import OpenStore

SECRET = "x-not-secret-x"  # in sample_decisions' env: never in any output
RECORD = {"ts": "2025-01-01T00:00:00.000000Z", "namespace": "a", "user": {"username": "u"}, "verdict": "allowed"}


def check(*paths: Path) -> Report:
    with closing(JsonlTrail([str(p) for p in paths])) as trail:
        return verify(trail)


def write(store: object, decisions: list[Decision], count: int) -> None:
    for i in range(count):
        store.record(decisions[i % len(decisions)], 1.0)  # type: ignore[attr-defined]


def test_a_second_writer_of_a_file_is_refused_at_open_and_the_first_rotates_unharmed(
    tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision]
) -> None:
    path = tmp_path / "app.jsonl"
    first = make_store(f"jsonl:{path}", writer="one")
    write(first, sample_decisions, 2)
    before = path.read_bytes()
    with pytest.raises(AuditError) as refused:
        make_store(f"jsonl:{path}", writer="two")
    assert "another process is writing this file" in str(refused.value) and str(path) in str(refused.value)
    assert SECRET not in str(refused.value)
    assert path.read_bytes() == before  # the refused writer wrote nothing, not even a newline
    os.rename(path, tmp_path / "app.jsonl.1")  # logrotate: the first writer follows it
    write(first, sample_decisions, 2)
    assert first.writable()
    with pytest.raises(AuditError, match="another process is writing this file"):
        make_store(f"jsonl:{path}", writer="three")  # the lock moved on to the new file
    first.close()
    assert check(tmp_path / "app.jsonl.1", path).ok
    again = make_store(f"jsonl:{path}", writer="four")  # released on close: a restart opens it
    write(again, sample_decisions, 1)
    again.close()
    assert check(tmp_path / "app.jsonl.1", path).ok


def test_a_rotation_into_a_file_another_process_writes_fails_with_that_reason(tmp_path: Path) -> None:
    """A process started at the path right after the rename holds the new file: the writer does
    not write its chain into a file another writes, and says why."""
    path = tmp_path / "app.jsonl"
    sink = JsonlSink(str(path), "w1-0001", durable=False)
    sink.append([dict(RECORD)])
    os.rename(path, tmp_path / "app.jsonl.1")
    path.touch()  # logrotate 'create'
    other = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(other, fcntl.LOCK_EX)
        with pytest.raises(AuditError, match="another process is writing the new file"):
            sink.append([dict(RECORD)])
        assert path.read_bytes() == b""
    finally:
        os.close(other)
    sink.append([dict(RECORD)])  # the holder is gone and wrote nothing: the chain goes on there
    sink.close()
    assert check(tmp_path / "app.jsonl.1", path).ok
    assert read_head_file(f"{path}.head") == {"w1-0001": sink_head(path)}


def sink_head(path: Path) -> ChainMark:
    last = orjson.loads(path.read_bytes().splitlines()[-1])
    return ChainMark(last["seq"], last["hash"])


def test_the_writers_own_lock_does_not_keep_its_head_file_behind(tmp_path: Path) -> None:
    """The head file is replaced under the lock the writer holds for its lifetime (it used to take a
    short lock per update, which the lifetime lock must not block nor release)."""
    path = tmp_path / "app.jsonl"
    sink = JsonlSink(str(path), "w1-0001", durable=False)
    for _ in range(3):
        sink.append([dict(RECORD)])
        sink._write_head()
        assert read_head_file(f"{path}.head") == {"w1-0001": sink_head(path)}
        with pytest.raises(AuditError, match="another process is writing this file"):
            JsonlSink(str(path), "w2-0002", durable=False)  # the head file update kept the lock
    sink.close()
