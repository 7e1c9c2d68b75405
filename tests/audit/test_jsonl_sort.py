"""A JSON Lines trail is verified in chain order in bounded memory: its rows are sorted in runs
spilled to temporary files and merged, with the verdicts an in-memory sort gives."""

from __future__ import annotations

import errno
import tempfile
import tracemalloc
from contextlib import closing
from pathlib import Path

import pytest

from webhook.admission import Decision
from webhook.audit import jsonl, open_trail, spill
from webhook.audit.base import ChainMark
from webhook.audit.jsonl import JsonlSink, head_file_data
from webhook.audit.record import build_record
from webhook.audit.verify import Report, verify
from webhook.cli import main


def write_trail(path: Path, decisions: list[Decision], count: int, writers: int = 3) -> list[bytes]:
    """``count`` records of ``writers`` chains, interleaved one by one as a log pipeline merges them
    (each writer writes a file of its own: a file has one writer at a time)."""
    parts = [path.with_name(f"{path.name}.w{i}") for i in range(writers)]
    sinks = [JsonlSink(str(part), f"w{i}", durable=False) for i, part in enumerate(parts)]
    for i in range(count):
        sinks[i % writers].append([build_record(decisions[i % len(decisions)], 1.0)])
    for sink in sinks:
        sink.close()
    written = [part.read_bytes().splitlines(keepends=True) for part in parts]
    path.write_bytes(b"".join(written[i % writers][i // writers] for i in range(count)))
    Path(f"{path}.head").write_bytes(head_file_data({sink.writer: ChainMark(sink.seq, sink.head) for sink in sinks}))
    return path.read_bytes().splitlines()


def verified(path: Path) -> tuple[Report, int]:
    """(the report, the peak of memory traced while verifying)."""
    tracemalloc.start()
    try:
        with closing(open_trail(f"jsonl:{path}")) as trail:
            report = verify(trail)
        return report, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_verify_holds_a_run_of_rows_not_the_whole_trail(tmp_path: Path, sample_decisions: list[Decision], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spill, "RUN_BYTES", 64 << 10)
    monkeypatch.setattr(spill, "FAN_IN", 8)  # runs read at once, each through a PIECE of memory
    small, large = tmp_path / "small.jsonl", tmp_path / "large.jsonl"
    write_trail(small, sample_decisions, 1000)
    write_trail(large, sample_decisions, 4000)
    small_report, small_peak = verified(small)
    large_report, large_peak = verified(large)
    assert small_report.ok and large_report.ok and large_report.records == 4000
    assert large_peak < large.stat().st_size / 4, (large_peak, large.stat().st_size)
    assert large_peak < 1.5 * small_peak, (small_peak, large_peak)  # 4x the records, not 4x the memory


def tampered(lines: list[bytes]) -> list[bytes]:
    """Edited, deleted, inserted, reordered, unreadable, over-long and misnumbered records."""
    out = list(lines)
    out[4] = out[4].replace(b'"verdict":"', b'"verdict":"x')
    del out[10]
    out.insert(20, out[30])
    out[40], out[45] = out[45], out[40]
    out[50] = out[50].replace(b'"seq":', b'"seq":"x","was":')
    out[55:55] = [b"{not json", b'{"x":"' + b"a" * 5000 + b'"}']
    return out


def test_a_trail_sorted_in_many_runs_gets_the_verdicts_of_one_sort(
    tmp_path: Path, sample_decisions: list[Decision], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(jsonl, "MAX_LINE", 4096)
    path = tmp_path / "trail.jsonl"
    path.write_bytes(b"\n".join(tampered(write_trail(path, sample_decisions, 60))) + b"\n")
    with closing(open_trail(f"jsonl:{path}")) as trail:
        in_memory = verify(trail, chain_rows=iter(sorted(trail.rows(), key=lambda r: (r.writer, r.seq, r.position))))
    assert {p.kind for p in in_memory.problems} >= {"edited", "deleted", "inserted", "reordered"}
    monkeypatch.setattr(spill, "RUN_BYTES", 1)  # a run for each row
    monkeypatch.setattr(spill, "FAN_IN", 3)  # and runs merged into longer runs, many times over
    with closing(open_trail(f"jsonl:{path}")) as trail:
        assert verify(trail) == in_memory


def test_no_space_to_sort_is_an_error_naming_tmpdir(
    tmp_path: Path, sample_decisions: list[Decision], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "trail.jsonl"
    write_trail(path, sample_decisions, 10)

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(spill, "RUN_BYTES", 1)
    monkeypatch.setattr(tempfile, "TemporaryFile", full)
    assert main(["audit", "verify", "--audit", f"jsonl:{path}"]) == 2
    err = capsys.readouterr().err
    assert "cannot sort the trail in the temporary directory" in err and "No space left on device" in err and "TMPDIR" in err


def test_a_row_counts_its_overhead_not_only_its_body_towards_a_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows with tiny bodies still fill a run: a trail of many small records sorts in bounded memory."""
    from webhook.audit.base import StoredRow

    runs: list[int] = []
    spill_run = spill._spill

    def counted(rows: list[StoredRow], file: object) -> tuple[int, int]:
        runs.append(len(rows))
        return spill_run(rows, file)  # type: ignore[arg-type]

    monkeypatch.setattr(spill, "_spill", counted)
    monkeypatch.setattr(spill, "RUN_BYTES", 3 * spill.ROW_BYTES)
    rows = [StoredRow(n, "w", 10 - n, "", "", "", "", "", "", "", b"") for n in range(10)]
    assert [row.seq for row in spill.sorted_rows(rows)] == list(range(1, 11))
    assert runs == [3, 3, 3, 1]
