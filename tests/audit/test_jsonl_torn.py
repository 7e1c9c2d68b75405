"""A JSON Lines file whose last line was cut short (the writer killed mid-write, a full disk): the
next process's records must start on a line of their own, not be glued onto the torn one."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import orjson

from webhook.admission import Decision
from webhook.audit.base import ChainMark
from webhook.audit.jsonl import JsonlTrail, head_file_data
from webhook.audit.verify import verify

from .conftest import OpenStore


def test_records_written_after_a_torn_last_line_are_not_lost(tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision]) -> None:
    path = tmp_path / "app.jsonl"
    first = make_store(f"jsonl:{path}", writer="old")
    for decision in sample_decisions[:3]:
        first.record(decision, 1.0)
    first.close()
    data = path.read_bytes()
    path.write_bytes(data[:-40])  # the last record torn: what a crash in the middle of a write leaves
    # and the head file as that crash leaves it, naming the record before (it is replaced after a commit)
    second_record = orjson.loads(data.splitlines()[1])
    Path(f"{path}.head").write_bytes(head_file_data({second_record["writer"]: ChainMark(2, second_record["hash"])}))
    second = make_store(f"jsonl:{path}", writer="new")
    for decision in sample_decisions[:2]:
        second.record(decision, 1.0)  # durable: committed when this returns
    second.close()
    with closing(JsonlTrail(str(path))) as trail:
        report = verify(trail)
    new_writer = [w for w in report.writers if w.startswith("new")]
    assert len(new_writer) == 1 and report.writers[new_writer[0]].seq == 2
    # the torn line stays, reported (it is no record), and it is the only problem: both chains are whole
    assert [(p.kind, p.writer, p.seq) for p in report.problems] == [("edited", "line", 3)]
    assert path.read_bytes().startswith(data[:-40] + b"\n")
