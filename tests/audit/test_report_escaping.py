"""``railguard audit verify|export|checkpoint|prune`` print writer ids, continuation headers,
checkpoint labels and file names taken from the trail (or its head file): a tampered trail whose
writer id holds a line break, a terminal escape or a bidi control must not forge a line of the
report (a fake ``OK``) nor reach the terminal. Each is printed escaped, as ``printable`` does."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from webhook.admission import Decision
from webhook.audit.base import ChainMark
from webhook.audit.jsonl import continuation_header
from webhook.audit.record import GENESIS, build_record, canonical, chain_hash, with_hash
from webhook.cli import main

from .conftest import OpenStore
from .tamper import database

FORGED = "w9\nOK: forged: 99 records, 1 writer(s), 0 signed checkpoint(s) verified\x1b[2J\u202e"
SHOWN = "w9\\nOK: forged: 99 records, 1 writer(s), 0 signed checkpoint(s) verified\\x1b[2J\\u202e"
SECRET = "x-not-secret-x"  # in sample_decisions' env: never in any output
FOREIGN = "a writer id railguard never writes (a character other than a letter, a digit, '.', '_' or '-')"


def foreign(shown: str, where: str) -> str:
    """verify's line for a writer id railguard never writes, read from ``where``."""
    return f"edited: {shown}: {FOREIGN}, read from {where}: it was edited"


def assert_plain(text: str, lines: list[str]) -> None:
    """``text`` is exactly ``lines``, each free of control characters."""
    assert text.splitlines() == lines, text
    assert text == "".join(line + "\n" for line in lines)
    assert all(line.isprintable() for line in lines), text
    assert SECRET not in text and "\x1b" not in text and "\u202e" not in text


def forged_record(decision: Decision, writer: str, seq: int = 1, prev: str = GENESIS) -> tuple[dict[str, object], bytes, str]:
    record = {**build_record(decision, 1.0), "writer": writer, "seq": seq, "prevHash": prev}
    body = canonical(record)
    return record, body, chain_hash(prev, body)


def test_sqlite_trail_writer_ids_are_escaped_in_verify_checkpoint_and_prune(
    tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision], capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "trail.db"
    url = f"sqlite:{path}"
    store = make_store(url, writer="w1")
    for decision in sample_decisions[:3]:
        store.record(decision, 1.0)
    store.close()
    record, _, _ = forged_record(sample_decisions[0], FORGED)
    with database(url) as db:
        digest = db.insert(FORGED, 1, record, GENESIS)  # a whole writer forged, its head left out
    capsys.readouterr()
    assert main(["audit", "verify", "--audit", url]) == 1
    out, err = capsys.readouterr()
    assert_plain(out, [
        f"deleted: {SHOWN}: the writer's head is missing: its last records may have been deleted",
        foreign(SHOWN, "its records"),
        f"FAILED: {url}: 2 problem(s) in 4 records, 2 writer(s), 0 signed checkpoint(s) verified",
    ])  # fmt: skip
    assert_plain(err, [])

    # a checkpoint copy whose file name holds a line break: named escaped
    private, public = tmp_path / "k.key", tmp_path / "k.pub"
    assert main(["audit", "keygen", "--private-key", str(private), "--public-key", str(public)]) == 0
    copy = tmp_path / "cp\nOK: copy.json"
    copy.write_text("not a checkpoint")
    capsys.readouterr()
    assert main(["audit", "verify", "--audit", url, "--public-key", str(public), "--checkpoint", str(copy)]) == 1
    out, err = capsys.readouterr()
    shown_copy = str(copy).replace("\n", "\\n")
    assert_plain(out, [
        f"checkpoint: checkpoint in {shown_copy}: unreadable checkpoint",
        f"deleted: {SHOWN}: the writer's head is missing: its last records may have been deleted",
        foreign(SHOWN, "its records"),
        f"FAILED: {url}: 3 problem(s) in 4 records, 2 writer(s), 0 signed checkpoint(s) verified",
    ])  # fmt: skip
    assert_plain(err, ["note: no valid signed checkpoint: only the chains' internal consistency is proven"])

    with database(url) as db:  # its head too: the chain is whole, but no railguard wrote that writer id
        db.run("INSERT INTO audit_heads (writer, seq, hash) VALUES (?, ?, ?)", FORGED, 1, digest)
    assert main(["audit", "verify", "--audit", url]) == 1
    out, err = capsys.readouterr()
    assert_plain(out, [foreign(SHOWN, "its records"), f"FAILED: {url}: 1 problem(s) in 4 records, 2 writer(s), 0 signed checkpoint(s) verified"])
    assert_plain(err, [])
    for command in (["checkpoint"], ["prune", "--before", "9999-01-01"]):  # neither signs nor prunes the forged trail
        assert main(["audit", *command, "--audit", url, "--key", str(private)]) != 0
        out, err = capsys.readouterr()
        assert_plain(out, [])
        assert_plain(err, err.splitlines())
        assert "does not verify (1 problem(s))" in err and "w9" not in err, err


def test_jsonl_writer_ids_from_records_head_file_and_continuation_header_are_escaped(
    tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision], capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "app.jsonl"
    url = f"jsonl:{path}"
    store = make_store(url, writer="w1")
    for decision in sample_decisions[:2]:
        store.record(decision, 1.0)
    store.close()
    _, body, digest = forged_record(sample_decisions[0], FORGED, seq=2, prev="a" * 64)
    header = continuation_header(FORGED, ChainMark(1, "a" * 64))  # the file claims to continue a forged chain
    extra = FORGED.replace("w9", "w8")
    _, other_body, other_digest = forged_record(sample_decisions[1], extra, seq=1)
    path.write_bytes(header + path.read_bytes() + with_hash(body, digest) + b"\n" + with_hash(other_body, other_digest) + b"\n")
    head_file = Path(f"{path}.head")
    heads = orjson.loads(head_file.read_bytes())["heads"]
    heads[extra] = {"seq": 3, "hash": other_digest}  # the head file names the other writer further on
    head_file.write_bytes(orjson.dumps({"heads": heads}))
    capsys.readouterr()
    assert main(["audit", "verify", "--audit", url]) == 1
    out, err = capsys.readouterr()
    shown_extra = SHOWN.replace("w9", "w8")
    assert_plain(out, [
        f"deleted: {shown_extra} #2: 2 record(s) cut from the tail: the file ends at #1, its head file {path}.head names #3"
        " (or lost in a power failure with RAILGUARD_AUDIT_DURABILITY=batch)",
        foreign(shown_extra, "its records"),
        foreign(SHOWN, "its records"),
        f"FAILED: {url}: 3 problem(s) in 4 records, 3 writer(s), 0 signed checkpoint(s) verified",
    ])  # fmt: skip
    [note] = err.splitlines()
    assert note.startswith(f"note: {url} continues writer {SHOWN}'s chain from #1 (hash {'a' * 64}), written to an earlier file")
    assert_plain(err, [note])

    # export: the trail names writer ids railguard never writes: refused (exit 1), none of them quoted
    capsys.readouterr()
    assert main(["audit", "export", "--audit", url, "--output", str(tmp_path / "out.jsonl")]) == 1
    out, err = capsys.readouterr()
    assert_plain(out, [])
    lines = err.splitlines()
    assert any(line.startswith("railguard: ") and "a writer id railguard never writes" in line for line in lines), err
    assert "w9" not in err and "w8" not in err, err
    assert_plain(err, lines)
    assert not (tmp_path / "out.jsonl").exists()
