"""A JSON Lines file's head file (``PATH.head``): records cut off the file's end used to be caught
only with a checkpoint kept elsewhere (``verify --checkpoint``); the head file the writer keeps
beside the file now shows them to ``verify`` of the file alone."""

from __future__ import annotations

import os
import threading
from contextlib import closing
from pathlib import Path

import orjson
import pytest

from webhook.admission import Decision
from webhook.audit.jsonl import HEAD_SUFFIX, MAX_HEAD_FILE, JsonlSink, JsonlTrail, read_head_file
from webhook.audit.verify import Report, verify
from webhook.cli import main

from .conftest import OpenStore

SECRET = "x-not-secret-x"  # in sample_decisions' env: never in any output
RECORD = {"ts": "2025-01-01T00:00:00.000000Z", "namespace": "a", "user": {"username": "u"}, "verdict": "allowed"}


def write(make_store: OpenStore, path: Path, decisions: list[Decision], count: int, durability: str = "durable") -> None:
    store = make_store(f"jsonl:{path}", durability=durability)
    for i in range(count):
        store.record(decisions[i % len(decisions)], 1.0)
    store.close()


def check(*paths: Path) -> Report:
    with closing(JsonlTrail([str(p) for p in paths])) as trail:
        return verify(trail)


def head_of(path: Path) -> dict[str, object]:
    """The head file's most recently updated writer's entry, with its ``writer``."""
    heads: dict[str, dict[str, object]] = orjson.loads(Path(f"{path}.head").read_bytes())["heads"]
    writer = list(heads)[-1]
    return {"writer": writer, **heads[writer]}


@pytest.mark.parametrize("durability", ["durable", "batch"])
def test_records_cut_from_the_tail_are_named_by_verify_of_the_file_alone(
    durability: str, tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision], capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "app.jsonl"
    write(make_store, path, sample_decisions, 6, durability)
    report = check(path)
    assert report.ok and report.notes == [], (report.problems, report.notes)
    head = head_of(path)
    assert head["seq"] == 6 and [p.name for p in tmp_path.iterdir()] != [] and not list(tmp_path.glob("*.tmp"))
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join(lines[:-2]))  # the last two records cut off, the writer stopped

    assert main(["audit", "verify", "--audit", f"jsonl:{path}"]) == 1
    out, err = capsys.readouterr()
    assert f"deleted: {head['writer']} #5: 2 record(s) cut from the tail: the file ends at #4, its head file {path}.head names #6" in out, out
    assert SECRET not in out + err and '"prevHash"' not in out + err

    path.write_bytes(b"")  # every record cut
    found = check(path).problems
    assert [(p.kind, p.writer) for p in found] == [("deleted", head["writer"])]
    assert "the file holds no record of this writer, whose last record #6" in found[0].detail


def test_the_last_record_changed_is_named_against_the_head_file(
    tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision]
) -> None:
    """The last record replaced by a re-hashed one (nothing after it to break the link): the head
    file still holds the hash the writer wrote."""
    from webhook.audit.record import canonical, chain_hash, with_hash

    path = tmp_path / "app.jsonl"
    write(make_store, path, sample_decisions, 3)
    lines = path.read_bytes().splitlines()
    record = orjson.loads(lines[-1])
    del record["hash"]
    record["user"]["username"] = "nobody"
    body = canonical(record)
    path.write_bytes(b"\n".join([*lines[:-1], with_hash(body, chain_hash(record["prevHash"], body))]) + b"\n")
    assert [(p.kind, p.seq) for p in check(path).problems] == [("edited", 3)]


def test_a_trail_without_a_head_file_verifies_with_a_note_and_a_broken_one_is_reported(
    tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision]
) -> None:
    path = tmp_path / "app.jsonl"
    write(make_store, path, sample_decisions, 3)
    head = Path(f"{path}.head")
    head.unlink()  # a trail an older railguard wrote
    report = check(path)
    assert report.ok and any("has no head file" in note and "--checkpoint" in note for note in report.notes), report.notes
    head.write_bytes(b'{"head":{"writer":"w1","seq":"three","hash":"' + SECRET.encode() + b'"}}')
    report = check(path)
    assert [(p.kind, p.seq) for p in report.problems] == [("edited", None)]
    assert "is not a valid head file" in str(report.problems[0]) and SECRET not in str(report.problems[0])


def test_a_head_file_that_is_a_fifo_or_too_large_is_reported_without_waiting(
    tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision]
) -> None:
    """Opening a FIFO without a writer waits forever: verify used to hang on a head file replaced
    by one. It is read as every other bounded file is (opened without blocking, regular files only)."""
    path = tmp_path / "app.jsonl"
    write(make_store, path, sample_decisions, 3)
    head = Path(f"{path}.head")
    head.unlink()
    os.mkfifo(head)
    done: list[Report] = []
    worker = threading.Thread(target=lambda: done.append(check(path)), daemon=True)
    worker.start()
    worker.join(10)
    assert done, "verify waited on a FIFO head file"
    assert [(p.kind, p.seq) for p in done[0].problems] == [("edited", None)]
    assert "not a regular file" in str(done[0].problems[0])
    head.unlink()
    head.write_bytes(b" " * (MAX_HEAD_FILE + 1))  # past the bound: named, not parsed
    report = check(path)
    assert [(p.kind, p.seq) for p in report.problems] == [("edited", None)]
    assert "larger than" in str(report.problems[0])


def test_a_head_file_behind_its_records_is_not_a_cut(tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision]) -> None:
    """The head file is written after the records are committed: a verify reading it just before
    a batch landed sees more records than it names, which is no problem."""
    path = tmp_path / "app.jsonl"
    write(make_store, path, sample_decisions, 4)
    assert head_of(path)["seq"] == 4
    third = orjson.loads(path.read_bytes().splitlines()[2])
    Path(f"{path}.head").write_bytes(orjson.dumps({"head": {"writer": third["writer"], "seq": 3, "hash": third["hash"]}}))
    assert check(path).ok


def test_verify_while_the_writer_runs_sees_no_cut(tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision]) -> None:
    path = tmp_path / "app.jsonl"
    store = make_store(f"jsonl:{path}")
    store.record(sample_decisions[0], 1.0)
    done = threading.Event()

    def keep_writing() -> None:
        for i in range(400):
            if done.is_set():
                return
            store.record(sample_decisions[i % len(sample_decisions)], 1.0)

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        for _ in range(15):
            report = check(path)
            assert report.ok, [str(p) for p in report.problems]
    finally:
        done.set()
        writer.join(30)
    store.close()
    assert head_of(path)["seq"] == len(path.read_bytes().splitlines())  # the writer kept it up to date


def test_a_rotated_file_and_a_restarted_writer_keep_the_head_file_right(
    tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision]
) -> None:
    path = tmp_path / "app.jsonl"
    store = make_store(f"jsonl:{path}")
    for decision in sample_decisions[:3]:
        store.record(decision, 1.0)
    os.rename(path, tmp_path / "app.jsonl.1")
    store.record(sample_decisions[0], 1.0)  # continues in a new app.jsonl, after its header
    store.close()
    assert check(path).ok and head_of(path)["seq"] == 4
    assert check(tmp_path / "app.jsonl.1", path).ok
    # a rotation while no writer runs: the next one starts a new file, whose head file names no record yet
    os.rename(path, tmp_path / "app.jsonl.2")
    restarted = make_store(f"jsonl:{path}")
    assert head_of(path)["seq"] == 0 and check(path).ok
    restarted.record(sample_decisions[1], 1.0)
    restarted.close()
    assert head_of(path)["seq"] == 1 and check(path).ok
    # a writer opening a file that holds records names its own last record once it wrote one
    write(make_store, path, sample_decisions, 2)
    report = check(path)
    assert report.ok and head_of(path)["seq"] == 2 and len(report.writers) == 2


def test_the_head_file_is_replaced_at_most_once_a_second_under_load_and_catches_up_when_idle(
    tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision]
) -> None:
    """One more fsync'd file per batch would halve the durable throughput of small batches: under
    load the head file lags by at most HEAD_INTERVAL, and the idle probe brings it up to date."""
    from polling import wait_for

    from webhook.audit.jsonl import HEAD_INTERVAL

    path = tmp_path / "app.jsonl"
    store = make_store(f"jsonl:{path}")
    store.record(sample_decisions[0], 1.0)
    assert head_of(path)["seq"] == 1
    store.record(sample_decisions[1], 1.0)
    store.record(sample_decisions[2], 1.0)  # durable: both committed, well within HEAD_INTERVAL
    assert head_of(path)["seq"] == 1 and HEAD_INTERVAL >= 0.5
    assert check(path).ok  # behind its records: no cut
    assert wait_for(lambda: head_of(path)["seq"] == 3, 2.0 + 2.0), "the idle probe did not bring the head file up to date"
    store.close()


def test_an_export_is_never_written_over_the_head_file(
    tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision], capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "app.jsonl"
    write(make_store, path, sample_decisions, 2)
    head = Path(f"{path}.head")
    before = head.read_bytes()
    assert main(["audit", "export", "--audit", f"jsonl:{path}", "--output", str(head)]) == 2
    assert "is the trail's own file" in capsys.readouterr().err
    assert head.read_bytes() == before and check(path).ok


def test_a_writer_closed_before_it_saw_its_file_rotated_leaves_the_new_files_head_file_alone(tmp_path: Path) -> None:
    """Writer one's file is renamed away (logrotate) and a new server, two, starts on the file now at
    the path before one noticed (its next batch or probe would have followed the rename); one closes
    with a head file update due. That head file is the new file's: naming one's record there made
    verify of the new file report one's records as cut from it."""
    path = tmp_path / "app.jsonl"
    one = JsonlSink(str(path), "one")
    one.append([dict(RECORD)])  # the first batch's head file is written at once
    one.append([dict(RECORD)])  # the next within HEAD_INTERVAL: its head file update is due later
    os.rename(path, tmp_path / "app.jsonl.1")
    two = JsonlSink(str(path), "two")  # a new file: its own lock, its own head file
    two.append([dict(RECORD)])
    heads = read_head_file(f"{path}{HEAD_SUFFIX}")
    one.close()  # before any probe: it never saw the rename
    assert read_head_file(f"{path}{HEAD_SUFFIX}") == heads and isinstance(heads, dict) and list(heads) == [two.writer]
    two.close()
    assert check(path).ok
    assert check(tmp_path / "app.jsonl.1", path).ok
