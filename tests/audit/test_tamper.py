"""Tamper evidence: records edited, deleted, inserted or reordered directly in SQLite and in
PostgreSQL are each named by ``verify`` (writer and sequence number)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import orjson
import pytest

from webhook.admission import Decision
from webhook.audit import open_trail
from webhook.audit.base import ChainMark
from webhook.audit.record import canonical, chain_hash
from webhook.audit.verify import Problem, verify
from webhook.cli import main
from webhook.errors import AuditError

from .conftest import OpenStore
from .tamper import Db, database, record_of

RECORDS = 10


def fill(make_store: OpenStore, url: str, decisions: list[Decision]) -> None:
    for writer, count in (("w1", RECORDS), ("w2", 3)):
        store = make_store(url, writer=writer)
        for decision in itertools.islice(itertools.cycle(decisions), count):
            store.record(decision, 1.0)
        store.close()


def problems(url: str) -> list[Problem]:
    with closing(open_trail(url)) as trail:
        return verify(trail).problems


def named(found: list[Problem]) -> set[tuple[str, str, int | None]]:
    return {(p.kind, p.writer, p.seq) for p in found}


def test_untouched_trail_verifies(db_url: str, make_store: OpenStore, sample_decisions: list[Decision]) -> None:
    fill(make_store, db_url, sample_decisions)
    trail = open_trail(db_url)
    report = verify(trail)
    trail.close()
    assert report.ok, report.problems
    assert report.records == RECORDS + 3
    assert {w: m.seq for w, m in report.writers.items()} == {"w1": RECORDS, "w2": 3}


def _edit(db: Db, seq: int = 4) -> None:
    row = db.row("w1", seq)
    db.set_body("w1", seq, row["body"].replace(b'"verdict":"', b'"verdict":"x'))


def _edit_and_rehash(db: Db) -> None:
    row = db.row("w1", 4)
    record = record_of(row)
    record["user"]["username"] = "someone-else"
    body = canonical(record)
    db.set_body("w1", 4, body, chain_hash(record["prevHash"], body))
    db.run("UPDATE audit_records SET username = ? WHERE writer = ? AND seq = ?", "someone-else", "w1", 4)


def _edit_column_only(db: Db) -> None:
    db.run("UPDATE audit_records SET namespace = ? WHERE writer = ? AND seq = ?", "elsewhere", "w1", 4)


def _delete_middle(db: Db) -> None:
    db.run("DELETE FROM audit_records WHERE writer = ? AND seq = ?", "w1", 4)


def _delete_first(db: Db) -> None:
    db.run("DELETE FROM audit_records WHERE writer = ? AND seq = ?", "w1", 1)


def _delete_last(db: Db) -> None:
    db.run("DELETE FROM audit_records WHERE writer = ? AND seq = ?", "w1", RECORDS)


def _insert_forged_twin(db: Db) -> None:
    original = record_of(db.row("w1", 4))
    forged = {**original, "verdict": "allowed", "allowed": True, "findings": []}
    db.insert("w1", 4, forged, original["prevHash"])


def _insert_after_head(db: Db) -> None:
    last = db.row("w1", RECORDS)
    db.insert("w1", RECORDS + 1, record_of(last), last["hash"])


def _reorder(db: Db) -> None:
    db.swap_positions("w1", 4, 5)


CASES: dict[str, tuple[Callable[[Db], None], tuple[str, str, int]]] = {
    "edit": (_edit, ("edited", "w1", 4)),
    "edit-and-rehash": (_edit_and_rehash, ("edited", "w1", 4)),
    "edit-indexed-column": (_edit_column_only, ("edited", "w1", 4)),
    "delete-middle": (_delete_middle, ("deleted", "w1", 4)),
    "delete-first": (_delete_first, ("deleted", "w1", 1)),
    "delete-last": (_delete_last, ("deleted", "w1", RECORDS)),
    "insert-forged-twin": (_insert_forged_twin, ("inserted", "w1", 4)),
    "insert-after-head": (_insert_after_head, ("inserted", "w1", RECORDS + 1)),
    "reorder": (_reorder, ("reordered", "w1", 5)),
}


@pytest.mark.parametrize("case", list(CASES))
def test_verify_names_each_tampered_record(
    case: str, db_url: str, make_store: OpenStore, sample_decisions: list[Decision]
) -> None:
    fill(make_store, db_url, sample_decisions)
    tamper, expected = CASES[case]
    with database(db_url) as db:
        tamper(db)
    found = problems(db_url)
    assert expected in named(found), [str(p) for p in found]
    assert all(p.writer == "w1" for p in found), "the untouched writer w2 must stay clean"
    assert len(found) <= 2, [str(p) for p in found]


def test_cli_verify_reports_and_fails(tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision], capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:{tmp_path / 'trail.db'}"
    fill(make_store, url, sample_decisions)
    assert main(["audit", "verify", "--audit", url]) == 0
    assert "OK:" in capsys.readouterr().out
    with database(url) as db:
        _delete_middle(db)
        _edit(db, 7)
        db.swap_positions("w2", 1, 2)
    assert main(["audit", "verify", "--audit", url]) == 1
    out = capsys.readouterr().out
    assert "deleted: w1 #4" in out
    assert "edited: w1 #7" in out
    assert "reordered: w2 #2" in out
    assert "FAILED" in out


def test_jsonl_file_edits_deletions_insertions_and_reordering(tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision]) -> None:
    path = tmp_path / "trail.jsonl"
    store = make_store(f"jsonl:{path}", writer="j")
    for decision in itertools.islice(itertools.cycle(sample_decisions), 8):
        store.record(decision, 1.0)
    store.close()
    lines = path.read_bytes().splitlines()
    writer = orjson.loads(lines[0])["writer"]

    def check(mutated: list[bytes], expected: tuple[str, str, int]) -> None:
        path.write_bytes(b"\n".join(mutated) + b"\n")
        found = problems(f"jsonl:{path}")
        assert expected in named(found), [str(p) for p in found]

    path.write_bytes(b"\n".join(lines) + b"\n")
    assert problems(f"jsonl:{path}") == []
    check(lines[:2] + [lines[2].replace(b'"CREATE"', b'"DELETE"')] + lines[3:], ("edited", writer, 3))
    check(lines[:2] + lines[3:], ("deleted", writer, 3))
    check(lines[:3] + [lines[2]] + lines[3:], ("inserted", writer, 3))
    check(lines[:2] + [lines[3], lines[2]] + lines[4:], ("reordered", writer, 4))
    check(lines[:2] + [b"{not json"] + lines[2:], ("edited", "line", 3))


def test_verify_sees_a_trail_being_written_as_of_one_moment(
    db_url: str, make_store: OpenStore, sample_decisions: list[Decision], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server keeps appending while an auditor verifies. Records (and a new writer) committed
    after verify read the heads must not look like records inserted beyond a head, or a head gone."""
    fill(make_store, db_url, sample_decisions)

    def append(writer: str, count: int) -> None:
        store = make_store(db_url, writer=writer)
        for decision in itertools.islice(itertools.cycle(sample_decisions), count):
            store.record(decision, 1.0)
        store.close()

    with closing(open_trail(db_url)) as trail:
        read_heads = trail.heads

        def heads_then_the_server_appends() -> dict[str, ChainMark]:
            heads = read_heads()
            append("w1", 3)  # the live writer goes on
            append("w3", 2)  # a replica starts writing
            return heads

        monkeypatch.setattr(trail, "heads", heads_then_the_server_appends)
        report = verify(trail)
    assert report.problems == []
    assert report.records == RECORDS + 3  # w1's and w2's as they were before verify began
    assert report.writers["w1"].seq == RECORDS and "w3" not in report.writers
    with closing(open_trail(db_url)) as trail:  # the next verify sees everything, still intact
        later = verify(trail)
    assert later.problems == [] and (later.writers["w1"].seq, later.writers["w3"].seq) == (RECORDS + 3, 2)


@pytest.mark.parametrize("signature", ["zz", "abc", "not hex at all"])
def test_a_checkpoint_signature_overwritten_with_text_that_is_not_hex_is_reported_not_a_crash(
    signature: str, db_url: str, make_store: OpenStore, sample_decisions: list[Decision], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    private, public = tmp_path / "audit.key", tmp_path / "audit.pub"
    assert main(["audit", "keygen", "--private-key", str(private), "--public-key", str(public)]) == 0
    fill(make_store, db_url, sample_decisions)
    assert main(["audit", "checkpoint", "--audit", db_url, "--key", str(private)]) == 0
    with database(db_url) as db:
        db.run("UPDATE audit_checkpoints SET signature = ?", signature if db.pg else signature.encode())
    capsys.readouterr()
    # unauthenticated, the checkpoint still matches the chains; with the key, its signature fails
    assert main(["audit", "verify", "--audit", db_url]) == 0
    assert main(["audit", "verify", "--audit", db_url, "--public-key", str(public)]) == 1
    assert "checkpoint #1: signature does not verify" in capsys.readouterr().out


def test_a_head_with_a_negative_sequence_number_is_named_as_such(db_url: str, make_store: OpenStore, sample_decisions: list[Decision]) -> None:
    fill(make_store, db_url, sample_decisions)
    with database(db_url) as db:
        db.run("UPDATE audit_heads SET seq = -1 WHERE writer = ?", "w1")
    found = problems(db_url)
    assert [str(p) for p in found] == ["edited: w1: the writer's head has no valid sequence number"]


def _refuses_to_chain(url: str, make_store: OpenStore, decision: Decision, before: int) -> None:
    """Writer w1's next batch fails with the AuditError naming its damaged head, and the trail
    still holds ``before`` records."""
    store = make_store(url, writer="w1")
    with pytest.raises(AuditError, match=r"the chain head of writer 'w1' \(its audit_heads row\) is not a valid sequence number and hash"):
        store.record(decision, 1.0)
    store.close()
    with database(url) as db:
        assert db.run("SELECT count(*) FROM audit_records")[0][0] == before


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_heads SET seq = -1",
        "UPDATE audit_heads SET seq = 'x'",
        "UPDATE audit_heads SET seq = 4.5",
        "UPDATE audit_heads SET hash = upper(hash)",
        "UPDATE audit_heads SET hash = hash || '0'",
    ],
    ids=["negative-seq", "text-seq", "real-seq", "upper-hash", "long-hash"],
)
def test_a_writer_refuses_to_chain_after_an_edited_head(
    sql: str, db_url: str, make_store: OpenStore, sample_decisions: list[Decision]
) -> None:
    """The writer's next batch fails with an AuditError that names the damaged head (not a bare
    ValueError, not records chained after a forged seq), and writes nothing."""
    if db_url.startswith("postgresql://"):
        sql = sql.replace("'x'", "-7").replace("4.5", "-2")  # a BIGINT column: only a negative number is wrong
    fill(make_store, db_url, sample_decisions)
    with database(db_url) as db:
        db.run(sql + " WHERE writer = 'w1'")
        before = db.run("SELECT count(*) FROM audit_records")[0][0]
    _refuses_to_chain(db_url, make_store, sample_decisions[0], before)


@pytest.mark.parametrize("value", ["CAST(hash AS BLOB)", "NULL"], ids=["blob-hash", "null-hash"])
def test_a_sqlite_writer_refuses_a_head_hash_that_is_not_text(
    value: str, tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision]
) -> None:
    """SQLite keeps a blob in a TEXT column (and a NULL once the table is rebuilt without NOT NULL):
    the next batch fails with the AuditError naming the head, not a TypeError from the hash check."""
    url = f"sqlite:{tmp_path / 'audit.db'}"
    fill(make_store, url, sample_decisions)
    with database(url) as db:
        if value == "NULL":
            db.run("ALTER TABLE audit_heads RENAME TO old_heads")
            db.run("CREATE TABLE audit_heads (writer TEXT PRIMARY KEY, seq INTEGER NOT NULL, hash TEXT)")
            db.run("INSERT INTO audit_heads SELECT * FROM old_heads")
            db.run("DROP TABLE old_heads")
        db.run(f"UPDATE audit_heads SET hash = {value} WHERE writer = 'w1'")
        before = db.run("SELECT count(*) FROM audit_records")[0][0]
    _refuses_to_chain(url, make_store, sample_decisions[0], before)


def test_an_edited_head_says_how_to_go_on_and_a_new_writer_name_does(
    db_url: str, make_store: OpenStore, sample_decisions: list[Decision], capsys: pytest.CaptureFixture[str]
) -> None:
    """No command re-derives an edited head (it would bless records cut off with it): the error says
    what to do instead, and what it says works: another writer name chains in the same trail, and
    verify still names the edited head, nothing else."""
    fill(make_store, db_url, sample_decisions)
    with database(db_url) as db:
        db.run("UPDATE audit_heads SET seq = -1 WHERE writer = 'w1'")
    store = make_store(db_url, writer="w1")
    with pytest.raises(AuditError) as failure:
        store.record(sample_decisions[0], 1.0)
    store.close()
    message = str(failure.value)
    for step in ("Do not edit the head back", "keep a copy of the trail", "railguard audit verify", "RAILGUARD_AUDIT_WRITER"):
        assert step in message, message
    replacement = make_store(db_url, writer="w1-b")
    for decision in sample_decisions[:2]:
        replacement.record(decision, 1.0)
    replacement.close()
    with closing(open_trail(db_url)) as trail:
        report = verify(trail)
    assert [str(p) for p in report.problems] == ["edited: w1: the writer's head has no valid sequence number"]
    assert report.writers["w1-b"].seq == 2


def test_a_record_whose_seq_column_was_overwritten_is_named_by_the_seq_its_content_claims(
    tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision]
) -> None:
    """A record's seq column overwritten with text (SQLite keeps any type an UPDATE writes) takes
    no place in the chain: verify names it by the sequence number its hashed content claims."""
    url = f"sqlite:{tmp_path / 'trail.db'}"
    fill(make_store, url, sample_decisions)
    with database(url) as db:
        position = db.row("w1", 4)["id"]
        db.run("UPDATE audit_records SET seq = 'four' WHERE writer = 'w1' AND seq = 4")
    found = problems(url)
    assert Problem("edited", "w1", 4, f"the record stored at position {position} has no valid sequence number") in found, found
    assert ("deleted", "w1", 4) in named(found)


def test_a_ts_column_overwritten_with_a_blob_is_reported_not_a_crash(
    tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision]
) -> None:
    """With a checkpoint, verify looks for records dated into checkpointed history: a ts column
    that holds no text (SQLite keeps a blob an UPDATE writes) is named as an edit, never a
    TypeError from comparing it with a checkpoint's date."""
    private = tmp_path / "audit.key"
    assert main(["audit", "keygen", "--private-key", str(private), "--public-key", str(tmp_path / "audit.pub")]) == 0
    url = f"sqlite:{tmp_path / 'trail.db'}"
    fill(make_store, url, sample_decisions)
    assert main(["audit", "checkpoint", "--audit", url, "--key", str(private)]) == 0
    with database(url) as db:
        db.run("UPDATE audit_records SET ts = ? WHERE writer = 'w1' AND seq = 4", b"\x00")
    found = problems(url)
    assert [str(p) for p in found] == ["edited: w1 #4: its indexed columns differ from its hashed content"]


def test_every_record_of_a_writer_deleted_is_named_by_its_head(db_url: str, make_store: OpenStore, sample_decisions: list[Decision]) -> None:
    """A writer whose records are all gone (its head kept): nothing is left to walk, its head says
    what is missing."""
    fill(make_store, db_url, sample_decisions)
    with database(db_url) as db:
        db.run("DELETE FROM audit_records WHERE writer = 'w2'")
    found = problems(db_url)
    assert [str(p) for p in found] == ["deleted: w2 #1: records #1..#3 are missing"]
