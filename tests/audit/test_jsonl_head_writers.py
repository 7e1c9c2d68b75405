"""A JSON Lines file holds every chain written to it (writers restarted on the file one after the
other; two at once are refused: test_jsonl_one_writer.py): its head file names each writer's last
record, so cutting the tail of a writer that is not the last one to write is seen too. It used to
name only the last writer to replace it."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import orjson
import pytest

from webhook.admission import Decision
from webhook.audit.base import ChainMark
from webhook.audit.jsonl import JsonlTrail
from webhook.audit.verify import Report, verify

from .conftest import OpenStore



def check(path: Path) -> Report:
    with closing(JsonlTrail(str(path))) as trail:
        return verify(trail)


def heads(path: Path) -> dict[str, int]:
    content = orjson.loads(Path(f"{path}.head").read_bytes())
    found: dict[str, dict[str, object]] = content.get("heads") or {content["head"]["writer"]: content["head"]}  # either form
    return {writer: int(str(mark["seq"])) for writer, mark in found.items()}


def without(path: Path, writer_prefix: str, seqs: set[int]) -> None:
    """Remove the records ``seqs`` of the writer whose id starts with ``writer_prefix``."""
    kept = []
    for line in path.read_bytes().splitlines(keepends=True):
        record = orjson.loads(line)
        if not (str(record["writer"]).startswith(writer_prefix) and record["seq"] in seqs):
            kept.append(line)
    path.write_bytes(b"".join(kept))


def test_a_writer_restarted_on_the_file_keeps_the_earlier_writers_head(
    tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision]
) -> None:
    """A restart adds a chain to the file; the earlier chain's last records, now in the middle of
    the file, are still named by the head file, also when an older railguard wrote it."""
    path = tmp_path / "app.jsonl"
    old = make_store(f"jsonl:{path}", writer="old")
    for decision in sample_decisions[:3]:
        old.record(decision, 1.0)
    old.close()
    last = orjson.loads(path.read_bytes().splitlines()[-1])
    # the head file as an older railguard wrote it: read, and kept by the next writer
    Path(f"{path}.head").write_bytes(orjson.dumps({"head": {"writer": last["writer"], "seq": 3, "hash": last["hash"]}}) + b"\n")
    assert check(path).ok
    new = make_store(f"jsonl:{path}", writer="new")
    for decision in sample_decisions[:2]:
        new.record(decision, 1.0)
    new.close()
    assert heads(path)[last["writer"]] == 3 and len(heads(path)) == 2
    assert check(path).ok
    without(path, "old", {3})
    report = check(path)
    assert [(p.kind, p.writer, p.seq) for p in report.problems] == [("deleted", last["writer"], 3)], report.problems


def test_the_head_file_stays_bounded_keeping_the_most_recent_writers(
    tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision], monkeypatch: pytest.MonkeyPatch
) -> None:
    from webhook.audit import jsonl
    from webhook.audit.jsonl import MAX_HEAD_FILE, MAX_HEAD_WRITERS, head_file_data

    monkeypatch.setattr(jsonl, "MAX_HEAD_WRITERS", 3)
    path = tmp_path / "app.jsonl"
    for n in range(5):
        store = make_store(f"jsonl:{path}", writer=f"w{n}")
        store.record(sample_decisions[0], 1.0)
        store.close()
    assert [writer.split("-")[0] for writer in heads(path)] == ["w2", "w3", "w4"]
    assert check(path).ok
    # the longest writer ids, as many as kept: the file still fits the bound verify reads
    many = {f"{'x' * 300}-{n}": ChainMark(n + 1, "a" * 64) for n in range(MAX_HEAD_WRITERS + 10)}
    monkeypatch.undo()
    data = head_file_data(many)
    assert len(data) <= MAX_HEAD_FILE
    kept = orjson.loads(data)["heads"]
    assert list(kept) == list(many)[-len(kept):] and len(kept) >= MAX_HEAD_WRITERS // 2
