"""``audit export`` of a trail naming a writer id railguard never writes (an edit wrote it: verify
reports it ``edited``) stops as for any record failing verify's checks: exit 1, ``--output`` left
as it was, the summary ``complete: false``. The message says why without quoting the id, which
may be anything an editor put there (a credential included)."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from webhook.admission import Decision
from webhook.audit import open_store
from webhook.audit.base import ChainMark
from webhook.audit.jsonl import continuation_header
from webhook.audit.record import GENESIS, build_record
from webhook.cli import main
from webhook.config import Settings

from .helpers import forged_line
from .tamper import database

FAKE_SECRET = "hunter2-not-a-real-password"
FOREIGN_ID = f"ops:{FAKE_SECRET}@db"  # credential-shaped, and ':' and '@' are no writer id railguard writes
SAID = "fails verification: it names a writer id railguard never writes (a character other than a letter, a digit, '.', '_' or '-', not shown)"


def export(tmp_path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, Path, Path]:
    out, summary = tmp_path / "export.out", tmp_path / "summary.json"
    capsys.readouterr()
    code = main(["audit", "export", *args, "--output", str(out), "--summary", str(summary)])
    stdout, err = capsys.readouterr()
    assert stdout == ""
    assert all(line.isprintable() for line in err.splitlines()), err
    assert FAKE_SECRET not in err and "x-not-secret-x" not in err
    return code, err, out, summary


def assert_refused(code: int, err: str, out: Path, summary: Path, where: str) -> None:
    assert code == 1, err
    assert f"{where} {SAID}: it was edited: the trail is damaged, run 'railguard audit verify'" in err, err
    assert "INCOMPLETE" in err
    assert not out.exists()  # the reviewer gets no file that looks like a whole export
    kept = orjson.loads(summary.read_bytes())
    assert kept["complete"] is False and SAID in kept["problem"]
    assert FAKE_SECRET not in summary.read_text()


def sqlite_trail(tmp_path: Path, decisions: list[Decision]) -> str:
    url = f"sqlite:{tmp_path / 'audit.db'}"
    store = open_store(Settings(audit_url=url), writer="w1")
    store.record(decisions[0], 1.0)
    store.close()
    return url


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "policyreport"])
def test_sqlite_record_under_a_foreign_writer_id_stops_the_export(
    tmp_path: Path, fmt: str, sample_decisions: list[Decision], capsys: pytest.CaptureFixture[str]
) -> None:
    url = sqlite_trail(tmp_path, sample_decisions)
    with database(url) as db:  # a whole chain of one record, no head: only its writer id gives it away
        db.insert(FOREIGN_ID, 1, build_record(sample_decisions[1], 1.0), GENESIS)
    code, err, out, summary = export(tmp_path, capsys, "--audit", url, "--format", fmt)
    assert_refused(code, err, out, summary, "record id 2")
    # the records of a filter that leaves it out are exported (records not exported are not read)
    code, err, out, _ = export(tmp_path, capsys, "--audit", url, "--format", fmt, "--user", "alice")
    assert code == 0 and out.exists(), err


def test_sqlite_head_under_a_foreign_writer_id_stops_the_export(
    tmp_path: Path, sample_decisions: list[Decision], capsys: pytest.CaptureFixture[str]
) -> None:
    url = sqlite_trail(tmp_path, sample_decisions)
    with database(url) as db:  # records and head: the chain is whole
        digest = db.insert(FOREIGN_ID, 1, build_record(sample_decisions[1], 1.0), GENESIS)
        db.run("INSERT INTO audit_heads (writer, seq, hash) VALUES (?, ?, ?)", FOREIGN_ID, 1, digest)
    # the summary lists every stored head, whatever the filter: checked before anything is written
    code, err, out, summary = export(tmp_path, capsys, "--audit", url, "--user", "alice")
    assert_refused(code, err, out, summary, "a writer's stored head")


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "policyreport"])
def test_jsonl_record_under_a_foreign_writer_id_stops_the_export(
    tmp_path: Path, fmt: str, sample_decisions: list[Decision], capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "app.jsonl"
    good, _ = forged_line(sample_decisions[0], "w1-0123abcd")
    bad, _ = forged_line(sample_decisions[1], FOREIGN_ID)
    path.write_bytes(good + bad)
    code, err, out, summary = export(tmp_path, capsys, "--audit", f"jsonl:{path}", "--format", fmt)
    assert_refused(code, err, out, summary, "line 2")


def test_jsonl_continuation_header_under_a_foreign_writer_id_stops_the_export(
    tmp_path: Path, sample_decisions: list[Decision], capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "app.jsonl"
    _, digest = forged_line(sample_decisions[0], FOREIGN_ID)  # in the earlier file, not given
    second, _ = forged_line(sample_decisions[1], FOREIGN_ID, 2, digest)
    path.write_bytes(continuation_header(FOREIGN_ID, ChainMark(1, digest)) + second)
    # a jsonl export copies the header; the summary names it: checked whatever the filter
    code, err, out, summary = export(tmp_path, capsys, "--audit", f"jsonl:{path}", "--user", "nobody")
    assert_refused(code, err, out, summary, "where a writer's chain starts in the trail")
