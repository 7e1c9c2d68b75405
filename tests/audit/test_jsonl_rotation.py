"""A JSON Lines trail rotated while the server writes it (logrotate's default: rename the file
away, then optionally create an empty one): the sink continues the same chain in the new file,
and verify reads the rotated files, oldest first, as one trail. What would lose records (the file
removed, replaced by one holding data, truncated in place by copytruncate) still fails closed."""

from __future__ import annotations

import os
import shutil
from contextlib import closing
from pathlib import Path

import pytest

from webhook.admission import Decision
from webhook.audit.jsonl import JsonlTrail
from webhook.audit.verify import Report, verify
from webhook.cli import main
from webhook.errors import AuditError

from .conftest import OpenStore


def write(store: object, decisions: list[Decision], count: int) -> None:
    for i in range(count):
        store.record(decisions[i % len(decisions)], 1.0)  # type: ignore[attr-defined]


def check(*paths: Path) -> Report:
    with closing(JsonlTrail([str(p) for p in paths])) as trail:
        return verify(trail)


def problems(report: Report) -> set[tuple[str, int | None]]:
    return {(p.kind, p.seq) for p in report.problems}


def rotate(path: Path, to: Path, create: bool) -> None:
    os.rename(path, to)
    if create:  # logrotate 'create': an empty file in its place, right after the rename
        path.touch()


@pytest.fixture
def rotated(tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision]) -> list[Path]:
    """app.jsonl.2 (#1..#3), app.jsonl.1 (#4..#6), app.jsonl (#7..#8): one writer, two rotations."""
    path = tmp_path / "app.jsonl"
    store = make_store(f"jsonl:{path}")
    write(store, sample_decisions, 3)
    rotate(path, tmp_path / "app.jsonl.1", create=False)
    write(store, sample_decisions, 3)
    rotate(tmp_path / "app.jsonl.1", tmp_path / "app.jsonl.2", create=False)
    rotate(path, tmp_path / "app.jsonl.1", create=True)
    write(store, sample_decisions, 2)
    assert store.writable()
    store.close()
    return [tmp_path / "app.jsonl.2", tmp_path / "app.jsonl.1", path]


def test_a_rotated_file_continues_the_same_chain_and_the_files_verify_as_one(
    rotated: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    report = check(*rotated)
    assert report.ok, report.problems
    assert report.records == 8 and len(report.writers) == 1
    assert next(iter(report.writers.values())).seq == 8
    assert [len(p.read_text().splitlines()) for p in rotated] == [3, 4, 3]  # a header line in each later file
    assert main(["audit", "verify", *(f"--audit=jsonl:{p}" for p in rotated)]) == 0
    assert "OK: " in capsys.readouterr().out
    out = rotated[0].parent / "export.jsonl"
    assert main(["audit", "export", *(f"--audit=jsonl:{p}" for p in rotated), "--output", str(out)]) == 0
    assert len(out.read_text().splitlines()) == 8


def test_a_later_file_alone_verifies_as_a_continuation_anchored_where_it_starts(rotated: list[Path]) -> None:
    last = check(rotated[2])
    assert last.ok, last.problems
    assert last.records == 2 and next(iter(last.writers.values())).seq == 8
    seventh = [line for line in rotated[1].read_text().splitlines() if '"seq":6,' in line]
    assert len(seventh) == 1
    digest = seventh[0].rsplit('"hash":"', 1)[1][:64]
    assert any("from #6" in note and digest in note for note in last.notes), last.notes
    assert check(rotated[1], rotated[2]).ok
    # the header is what makes it a continuation: without it the file's first records are missing
    body = rotated[2].read_text().splitlines()
    rotated[2].write_text("\n".join(body[1:]) + "\n")
    assert ("deleted", 1) in problems(check(rotated[2]))


def test_a_later_file_alone_whose_start_a_checkpoint_signs_is_proven_from_there(
    rotated: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """A checkpoint that signs #6, the record the newest file continues from (as the anchor of that
    file, or as the head of the file before it): verify of the newest file alone no longer says that
    only its records from #7 on are proven."""
    folder, current = rotated[0].parent, rotated[2]
    private, public = folder / "audit.key", folder / "audit.pub"
    assert main(["audit", "keygen", "--private-key", str(private), "--public-key", str(public)]) == 0

    def checkpoint(of: Path) -> Path:
        out = folder / f"cp-{of.name}.json"
        assert main(["audit", "checkpoint", f"--audit=jsonl:{of}", "--key", str(private), "--output", str(out)]) == 0
        return out

    def verified(cp: Path) -> tuple[int, str]:
        capsys.readouterr()
        code = main(["audit", "verify", f"--audit=jsonl:{current}", "--public-key", str(public), "--checkpoint", str(cp)])
        start = [line for line in capsys.readouterr().err.splitlines() if "continues writer" in line]
        assert len(start) == 1 and "from #6 (hash " in start[0], start
        return code, start[0]

    own, before = checkpoint(current), checkpoint(rotated[1])
    code, note = verified(own)  # signs the file's anchor #6 and its head #8
    assert code == 0 and f"which signed checkpoint in {own} holds: its records are proven from there on" in note, note
    assert "only its records from #7 on are proven" not in note
    code, note = verified(before)  # signs #6 as the head of the file before (whose #4..#6 are not in this one: exit 1)
    assert code == 1 and f"which signed checkpoint in {before} holds" in note, note
    # the header's hash edited: no longer the record a checkpoint signed
    lines = current.read_text().splitlines()
    digest = lines[0].rsplit('"hash":"', 1)[1][:64]
    current.write_text("\n".join([lines[0].replace(digest, "0" * 64), *lines[1:]]) + "\n")
    code, note = verified(own)
    assert code == 1 and "only its records from #7 on are proven" in note and "which signed checkpoint" not in note, note


def test_records_dropped_or_files_reordered_across_rotations_are_named(rotated: list[Path]) -> None:
    oldest, middle, current = rotated
    # the whole middle file left out
    assert ("deleted", 4) in problems(check(oldest, current))
    # files given out of order
    assert "reordered" in {kind for kind, _ in problems(check(middle, oldest, current))}
    # the first record of a later file dropped (its header still says where it continues from)
    lines = middle.read_text().splitlines()
    middle.write_text("\n".join([lines[0], *lines[2:]]) + "\n")
    assert problems(check(oldest, middle, current)) == {("deleted", 4)}
    assert problems(check(middle)) == {("deleted", 4)}
    # the last record of a rotated file dropped
    lines = oldest.read_text().splitlines()
    oldest.write_text("\n".join(lines[:-1]) + "\n")
    assert ("deleted", 3) in problems(check(oldest, middle, current))


def test_only_jsonl_files_are_read_together(tmp_path: Path) -> None:
    from webhook.audit import open_trails

    with pytest.raises(AuditError, match="several --audit trails"):
        open_trails([f"sqlite:{tmp_path / 'a.db'}", f"jsonl:{tmp_path / 'b.jsonl'}"])


def _remove(path: Path) -> None:
    path.unlink()


def _replace(path: Path) -> None:
    other = path.with_name("other")
    shutil.copy(path.with_name("app.jsonl.1"), other)  # a file holding (genuine-looking) records
    os.replace(other, path)


def _rename_and_replace(path: Path) -> None:
    os.rename(path, path.with_name("app.jsonl.away"))  # renamed away, but what comes in its place holds data
    shutil.copy(path.with_name("app.jsonl.1"), path)


def _remove_and_recreate(path: Path) -> None:
    path.unlink()
    path.touch()


def _copytruncate(path: Path) -> None:
    shutil.copy(path, path.with_name("app.jsonl.copy"))
    with open(path, "r+b") as file:
        file.truncate(0)


@pytest.mark.parametrize("harm", [_remove, _replace, _rename_and_replace, _remove_and_recreate, _copytruncate])
def test_after_a_rotation_what_would_lose_records_still_fails_closed(
    harm: object, tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision]
) -> None:
    path = tmp_path / "app.jsonl"
    store = make_store(f"jsonl:{path}")
    write(store, sample_decisions, 2)
    rotate(path, tmp_path / "app.jsonl.1", create=True)
    write(store, sample_decisions, 2)  # continues in the new file
    harm(path)  # type: ignore[operator]
    with pytest.raises(AuditError) as failed:
        write(store, sample_decisions, 1)
    assert "restart the server" in str(failed.value)
    assert not store.writable()
    with pytest.raises(AuditError):
        write(store, sample_decisions, 1)  # it stays failed: no record goes where it would be lost


def test_copytruncate_without_a_rotation_before_fails_closed(
    tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision]
) -> None:
    path = tmp_path / "app.jsonl"
    store = make_store(f"jsonl:{path}")
    write(store, sample_decisions, 3)
    _copytruncate(path)
    with pytest.raises(AuditError, match="copytruncate"):
        write(store, sample_decisions, 1)
    assert path.read_bytes() == b""


def test_verify_reads_the_continuation_header_once(rotated: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """verify needs the first file's header before (its anchor), while (a line that is no record)
    and after (its note) it reads the records: it used to read and parse it three times."""
    from webhook.audit import jsonl

    calls: list[bytes] = []
    original = jsonl.read_continuation

    def counted(line: bytes) -> object:
        calls.append(line)
        return original(line)

    monkeypatch.setattr(jsonl, "read_continuation", counted)
    report = check(rotated[2])
    assert report.ok and any("from #6" in note for note in report.notes), report
    assert len(calls) == 1, calls


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_an_export_of_a_later_file_alone_says_where_its_chain_starts(
    fmt: str, rotated: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """The export used to drop the file's continuation header: a JSON Lines export of it then
    failed verify (records #1..#6 missing) and no format said where the records start."""
    import orjson

    later = rotated[2]
    header = orjson.loads(later.read_bytes().splitlines()[0])["continues"]
    out, summary = later.parent / f"export.{fmt}", later.parent / "summary.json"
    code = main(["audit", "export", f"--audit=jsonl:{later}", "--format", fmt, "--output", str(out), "--summary", str(summary)])
    err = capsys.readouterr().err
    assert code == 0, err
    reported = orjson.loads(summary.read_bytes())
    assert reported["chainsStartAfter"] == {header["writer"]: {"seq": 6, "hash": header["hash"]}}
    assert reported["chainsStartAfterSource"] == f"continuation header of jsonl:{later}"
    assert f"after #6 {header['hash']}" in err
    if fmt == "jsonl":  # the export starts with the header, as the file does, and verifies alone
        assert out.read_bytes() == later.read_bytes()
        report = check(out)
        assert report.ok and report.records == 2 and any("from #6" in note for note in report.notes), report


def test_an_export_checks_a_later_files_first_record_against_its_header(rotated: list[Path], capsys: pytest.CaptureFixture[str]) -> None:
    import orjson

    from webhook.audit.record import canonical, chain_hash

    later = rotated[2]
    header, first, *rest = later.read_bytes().splitlines()
    record = orjson.loads(first)
    del record["hash"]
    record["prevHash"] = "0" * 64  # replaced by a record re-hashed to start a chain of its own
    body = canonical(record)
    record["hash"] = chain_hash(record["prevHash"], body)
    later.write_bytes(b"\n".join([header, orjson.dumps(record), *rest]) + b"\n")
    out = later.parent / "export.csv"
    assert main(["audit", "export", f"--audit=jsonl:{later}", "--format", "csv", "--output", str(out)]) == 1
    assert "#7) fails verification: it does not link to #6, where its chain starts" in capsys.readouterr().err
    assert not out.exists()
