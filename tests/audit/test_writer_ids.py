"""railguard writes writer ids of one shape (``default_writer``: letters, digits, '.', '_', '-',
at most 120 of them; a JSON Lines writer adds '-' and 8 hex digits), and every version has: a
writer id of any other shape in a record, a head, a head file, a continuation header or a
checkpoint was written by an edit. ``verify`` names it (escaped) and fails; every trail the real
stores write, rotate, export or checkpoint still verifies."""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest

from webhook.admission import Decision
from webhook.audit import default_writer, open_sink, open_store
from webhook.audit.base import WRITER_ID_MAX, ChainMark, writer_id_fault
from webhook.audit.jsonl import continuation_header
from webhook.audit.record import GENESIS, build_record
from webhook.cli import main
from webhook.config import Settings
from webhook.errors import AuditError

from .helpers import forged_line
from .tamper import database

SECRET = "x-not-secret-x"  # in sample_decisions' env: never in any output
FOREIGN = "a writer id railguard never writes"

# ids no railguard writes, and how verify shows them (escaped; an over-long one cut)
BAD_IDS = [
    pytest.param("pod a", "pod a", id="space"),
    pytest.param("w\nOK: forged", "w\\nOK: forged", id="line-break"),
    pytest.param("w\x1b[2J\u202e", "w\\x1b[2J\\u202e", id="controls"),
    pytest.param("pod-é", "pod-é", id="non-ascii"),
    pytest.param("w" * (WRITER_ID_MAX + 1), "w" * WRITER_ID_MAX + "...", id="over-long"),
]


def verify_output(url: str, capsys: pytest.CaptureFixture[str], *more: str) -> tuple[int, list[str], str]:
    capsys.readouterr()
    code = main(["audit", "verify", "--audit", url, *more])
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert all(line.isprintable() for line in lines), out
    assert SECRET not in out + err and "\x1b" not in out + err and "\u202e" not in out + err
    return code, lines, err


def test_the_shape_railguard_writes() -> None:
    assert writer_id_fault("railguard-7d9f8c-abcde") is None
    assert writer_id_fault("a" * 120 + "-0123abcd") is None  # a JSON Lines writer of the longest name
    assert writer_id_fault("a" * (WRITER_ID_MAX + 1)) is not None
    for bad in ("", "a b", "a/b", "a\x00", "é", "a:b"):
        assert writer_id_fault(bad) is not None, bad


def test_the_longest_id_railguard_writes_is_its_longest_name_a_dash_and_8_hex_digits() -> None:
    """The limit is what ``default_writer`` and a JSON Lines writer's suffix make (120 + 1 + 8), not
    one more: an id a character longer was written by an edit."""
    longest = "a" * 120 + "-0123abcd"
    assert len(longest) == 129 and writer_id_fault(longest) is None
    assert writer_id_fault("a" + longest) == "130 characters long, more than the 129 railguard writes"


def test_a_writer_id_that_is_not_text_is_named_as_such(
    tmp_path: Path, sample_decisions: list[Decision], capsys: pytest.CaptureFixture[str]
) -> None:
    """SQLite keeps whatever type an UPDATE writes: a head's writer id edited to a blob is named
    as not a text, not as text with a bad character."""
    assert writer_id_fault(b"w1") == "not a text (bytes)"
    assert writer_id_fault(None) == "not a text (NoneType)"
    url = f"sqlite:{tmp_path / 'audit.db'}"
    store = open_store(Settings(audit_url=url), writer="w1")
    store.record(sample_decisions[0], 1.0)
    store.close()
    with database(url) as db:
        db.run("UPDATE audit_heads SET writer = X'7731'")
    code, lines, _ = verify_output(url, capsys)
    assert code == 1
    assert f"edited: b'w1': {FOREIGN} (not a text (bytes)), read from the writer's head: it was edited" in lines


@pytest.mark.parametrize("env", [None, "pod a/b\n\x1b:é", "p" * 300])
@pytest.mark.parametrize("kind", ["sqlite", "jsonl"])
def test_trails_the_stores_write_verify_whatever_the_writer_name(
    tmp_path: Path, kind: str, env: str | None, sample_decisions: list[Decision],
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    if env is not None:
        monkeypatch.setenv("RAILGUARD_AUDIT_WRITER", env)  # default_writer makes it an id of the shape
    url = f"{kind}:{tmp_path / ('audit.db' if kind == 'sqlite' else 'app.jsonl')}"
    store = open_store(Settings(audit_url=url))
    for decision in sample_decisions:
        store.record(decision, 1.0)
    if kind == "jsonl":  # a rotation: the new file starts with a continuation header
        os.rename(tmp_path / "app.jsonl", tmp_path / "app.jsonl.1")
        store.record(sample_decisions[0], 1.0)
    store.close()
    urls = [f"jsonl:{tmp_path / 'app.jsonl.1'}", url] if kind == "jsonl" else [url]
    code, lines, _ = verify_output(urls[0], capsys, *[arg for u in urls[1:] for arg in ("--audit", u)])
    assert code == 0 and lines[-1].startswith("OK: "), lines
    assert len(default_writer()) <= 120
    # a checkpoint signs its writer ids, an export copies them: both verify too
    key, public = tmp_path / "k.key", tmp_path / "k.pub"
    assert main(["audit", "keygen", "--private-key", str(key), "--public-key", str(public)]) == 0
    copy = tmp_path / "cp.json"
    assert main(["audit", "checkpoint", "--audit", url, "--key", str(key), "--output", str(copy)]) == 0
    code, lines, _ = verify_output(url, capsys, "--public-key", str(public), "--checkpoint", str(copy))
    assert code == 0 and lines[-1].startswith("OK: "), lines
    exported = tmp_path / "export.jsonl"
    assert main(["audit", "export", *[a for u in urls for a in ("--audit", u)], "--output", str(exported)]) == 0
    code, lines, _ = verify_output(f"jsonl:{exported}", capsys)
    assert code == 0 and lines[-1].startswith("OK: "), lines
    # the same trail with its writer's head renamed to an id no railguard writes fails
    if kind == "sqlite":
        with database(url) as db:
            db.run("UPDATE audit_heads SET writer = writer || ?", "\n")
    else:
        head_file = Path(f"{tmp_path / 'app.jsonl'}.head")
        head_file.write_bytes(head_file.read_bytes().replace(b'":{"seq"', b'\\n":{"seq"', 1))
    code, lines, _ = verify_output(url, capsys)
    assert code == 1 and any(line.startswith("edited: ") and FOREIGN in line for line in lines), lines


def test_the_stores_refuse_a_writer_name_railguard_would_not_write(tmp_path: Path) -> None:
    for bad in ("pod a", "w\n", "w" * 121):
        with pytest.raises(AuditError, match="audit writer name") as caught:
            open_sink(Settings(audit_url=f"sqlite:{tmp_path / 'a.db'}"), bad)
        assert "\n" not in str(caught.value)


@pytest.mark.parametrize(("bad", "shown"), BAD_IDS)
def test_a_whole_sqlite_chain_forged_under_a_foreign_writer_id_fails(
    tmp_path: Path, bad: str, shown: str, sample_decisions: list[Decision], capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:{tmp_path / 'audit.db'}"
    store = open_store(Settings(audit_url=url), writer="w1")
    store.record(sample_decisions[0], 1.0)
    store.close()
    assert verify_output(url, capsys)[0] == 0
    record = {**build_record(sample_decisions[3], 1.0)}
    with database(url) as db:  # records, and their head: the chain itself is whole
        digest = db.insert(bad, 1, record, GENESIS)
        db.run("INSERT INTO audit_heads (writer, seq, hash) VALUES (?, ?, ?)", bad, 1, digest)
    code, lines, _ = verify_output(url, capsys)
    assert code == 1
    assert lines[:-1] == [f"edited: {shown}: {FOREIGN} ({writer_id_fault(bad)}), read from its records: it was edited"]
    assert lines[-1].startswith("FAILED: ") and " 1 problem(s) " in lines[-1]


@pytest.mark.parametrize("table", ["audit_heads", "audit_anchors"])
def test_a_foreign_writer_id_in_a_sqlite_head_or_anchor_alone_is_named(
    tmp_path: Path, table: str, sample_decisions: list[Decision], capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:{tmp_path / 'audit.db'}"
    store = open_store(Settings(audit_url=url), writer="w1")
    store.record(sample_decisions[0], 1.0)
    store.close()
    with database(url) as db:
        db.run(f"UPDATE {table} SET writer = ?", "") if table == "audit_heads" else db.run(
            "INSERT INTO audit_anchors (writer, seq, hash, pruned_at) VALUES (?, ?, ?, ?)", "w 2", 0, "a" * 64, "2026-01-01T00:00:00Z"
        )
    code, lines, _ = verify_output(url, capsys)
    assert code == 1
    where = "trail: a writer id railguard never writes (empty), read from the writer's head" if table == "audit_heads" else (
        "w 2: a writer id railguard never writes (a character other than a letter, a digit, '.', '_' or '-'), read from the"
        " writer's pruning anchor"
    )  # fmt: skip
    assert f"edited: {where}: it was edited" in lines, lines


@pytest.mark.parametrize(("bad", "shown"), BAD_IDS)
def test_a_foreign_writer_id_in_a_jsonl_head_file_alone_is_named(
    tmp_path: Path, bad: str, shown: str, sample_decisions: list[Decision], capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "app.jsonl"
    store = open_store(Settings(audit_url=f"jsonl:{path}"), writer="w1")
    store.record(sample_decisions[0], 1.0)
    store.close()
    head_file = Path(f"{path}.head")
    heads = orjson.loads(head_file.read_bytes())["heads"]
    head_file.write_bytes(orjson.dumps({"heads": {bad: {"seq": 0, "hash": "0" * 64}, **heads}}))  # a writer that wrote nothing yet
    code, lines, _ = verify_output(f"jsonl:{path}", capsys)
    assert code == 1
    assert lines[:-1] == [f"edited: {shown}: {FOREIGN} ({writer_id_fault(bad)}), read from the head file {path}.head: it was edited"]


@pytest.mark.parametrize(("bad", "shown"), BAD_IDS)
def test_a_foreign_writer_id_in_a_continuation_header_is_named(
    tmp_path: Path, bad: str, shown: str, sample_decisions: list[Decision], capsys: pytest.CaptureFixture[str]
) -> None:
    older, newer = tmp_path / "app.jsonl.1", tmp_path / "app.jsonl"
    line, digest = forged_line(sample_decisions[0], bad)
    second, _ = forged_line(sample_decisions[1], bad, 2, digest)
    older.write_bytes(line)
    newer.write_bytes(continuation_header(bad, ChainMark(1, digest)) + second)  # a rotation, as a writer would leave it
    code, lines, _ = verify_output(f"jsonl:{older}", capsys, "--audit", f"jsonl:{newer}")
    assert code == 1
    # the records name it first; the later file's header alone, too
    assert lines[:-1] == [f"edited: {shown}: {FOREIGN} ({writer_id_fault(bad)}), read from its records: it was edited"]
    newer.write_bytes(continuation_header(bad, ChainMark(1, digest)))
    code, lines, _ = verify_output(f"jsonl:{newer}", capsys)
    assert code == 1
    assert lines[:-1] == [
        f"edited: {shown}: {FOREIGN} ({writer_id_fault(bad)}), read from the continuation header of jsonl:{newer}: it was edited"
    ]
