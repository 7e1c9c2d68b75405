"""Damaged and foreign stores: whatever a tampered or wrong store holds, ``verify`` and ``export``
end with a clear message and their documented exit code, never a traceback."""

from __future__ import annotations

import itertools
import os
from contextlib import closing
from pathlib import Path

import orjson
import pytest

from webhook.admission import Decision
from webhook.audit import open_trail
from webhook.audit.record import canonical, chain_hash
from webhook.audit.verify import Problem, verify
from webhook.cli import main

from .conftest import OpenStore
from .tamper import database


def fill(make_store: OpenStore, url: str, decisions: list[Decision], count: int = 6, writer: str = "w1") -> None:
    store = make_store(url, writer=writer)
    for decision in itertools.islice(itertools.cycle(decisions), count):
        store.record(decision, 1.0)
    store.close()


@pytest.fixture
def sqlite_url(tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision]) -> str:
    url = f"sqlite:{tmp_path / 'trail.db'}"
    fill(make_store, url, sample_decisions)
    return url


# -- verify: columns holding values of the wrong type (SQLite keeps whatever an UPDATE writes) ------

WRONG_TYPES = {
    "record-seq-text": ("UPDATE audit_records SET seq = 'abc' WHERE id = 4", ("edited", "w1", 4)),
    "record-seq-real": ("UPDATE audit_records SET seq = 4.5 WHERE id = 4", ("edited", "w1", 4)),
    "record-seq-blob": ("UPDATE audit_records SET seq = X'00' WHERE id = 4", ("edited", "w1", 4)),
    "record-seq-negative": ("UPDATE audit_records SET seq = -1 WHERE id = 4", ("edited", "w1", 4)),
    "head-seq-text": ("UPDATE audit_heads SET seq = 'x'", ("edited", "w1", None)),
    "head-hash-blob": ("UPDATE audit_heads SET hash = X'00'", ("edited", "w1", 6)),
    "anchor-seq-text": ("INSERT INTO audit_anchors VALUES ('w1', 'a', 'b', 'c')", ("edited", "w1", None)),
    "record-body-int": ("UPDATE audit_records SET body = 123456789012 WHERE id = 2", ("edited", "w1", 2)),
    "record-body-real": ("UPDATE audit_records SET body = 4.5 WHERE id = 2", ("edited", "w1", 2)),
    "record-body-bad-utf8-text": ("UPDATE audit_records SET body = CAST(X'7b2261223aff7d' AS TEXT) WHERE id = 2", ("edited", "w1", 2)),
    "record-writer-bad-utf8-text": ("UPDATE audit_records SET namespace = CAST(X'ff' AS TEXT) WHERE id = 2", ("edited", "w1", 2)),
    "record-hash-blob": ("UPDATE audit_records SET hash = X'00' WHERE id = 2", ("edited", "w1", 2)),
}


def assert_reported(url: str, expected: tuple[str, str, int | None], capsys: pytest.CaptureFixture[str]) -> None:
    """verify names the problem (kind, writer, seq); the CLI fails with no traceback and never
    quotes a record body."""
    with closing(open_trail(url)) as trail:
        found = verify(trail).problems
    assert expected in {(p.kind, p.writer, p.seq) for p in found}, [str(p) for p in found]
    assert main(["audit", "verify", "--audit", url]) == 1
    captured = capsys.readouterr()
    assert "FAILED" in captured.out and "Traceback" not in captured.err
    assert '"findings"' not in captured.out + captured.err, "messages never quote a record body"


@pytest.mark.parametrize("case", list(WRONG_TYPES))
def test_wrongly_typed_columns_are_reported_as_tampering(case: str, sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    sql, expected = WRONG_TYPES[case]
    with database(sqlite_url) as db:
        db.run(sql)
    assert_reported(sqlite_url, expected, capsys)


def test_a_checkpoint_stored_as_text_is_an_unreadable_checkpoint(sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    private, public = tmp_path / "a.key", tmp_path / "a.pub"
    assert main(["audit", "keygen", "--private-key", str(private), "--public-key", str(public)]) == 0
    assert main(["audit", "checkpoint", "--audit", sqlite_url, "--key", str(private)]) == 0
    with database(sqlite_url) as db:
        db.run("UPDATE audit_checkpoints SET payload = 'not json', signature = 12")
    assert main(["audit", "verify", "--audit", sqlite_url, "--public-key", str(public)]) == 1
    assert "checkpoint: checkpoint #1" in capsys.readouterr().out


# -- export: a record that cannot be read stops the export with a clear error (exit 1) -------------

ALL_FORMATS = ("jsonl", "csv", "policyreport")
# each case: the damage, and the formats that could not represent the record faithfully (JSON
# Lines copies a JSON object verbatim; CSV and PolicyReports need its fields). Every export now
# checks each record's hash first, so each damage stops every format.
DAMAGED_RECORDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "invalid-utf8": ("UPDATE audit_records SET body = X'7b22616c6c6f776564223aff7d' WHERE id = 2", ALL_FORMATS),
    "infinite-number": ("""UPDATE audit_records SET body = CAST('{"allowed":1e999}' AS BLOB) WHERE id = 2""", ALL_FORMATS),
    "not-an-object": ("UPDATE audit_records SET body = CAST('[1,2]' AS BLOB) WHERE id = 2", ALL_FORMATS),
    "empty-object": ("UPDATE audit_records SET body = CAST('{}' AS BLOB) WHERE id = 2", ALL_FORMATS),
    "integer-body": ("UPDATE audit_records SET body = 7 WHERE id = 2", ALL_FORMATS),
    "wrongly-typed-fields": (
        """UPDATE audit_records SET body = CAST('{"writer":"w1","seq":2,"prevHash":"","user":"x","findings":[1],"namespace":5}' AS BLOB) WHERE id = 2""",
        ("csv", "policyreport"),
    ),
    "hash-not-a-digest": ("""UPDATE audit_records SET hash = '","allowed":true,"x":"' WHERE id = 2""", ("jsonl",)),
}


@pytest.mark.parametrize("fmt", ALL_FORMATS)
@pytest.mark.parametrize("case", list(DAMAGED_RECORDS))
def test_export_of_an_unreadable_record_names_it_and_fails(
    case: str, fmt: str, sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sql, _ = DAMAGED_RECORDS[case]
    with database(sqlite_url) as db:
        db.run(sql)
    output = tmp_path / f"out.{fmt}"
    code = main(["audit", "export", "--audit", sqlite_url, "--format", fmt, "--output", str(output)])
    err = capsys.readouterr().err
    assert "Traceback" not in err and "JSONDecodeError" not in err
    assert code == 1, err
    assert "record id 2 (w1 #2)" in err and "audit verify" in err and "incomplete" in err
    assert "is not a readable audit record" in err or "fails verification: its content does not match its hash" in err
    assert "allowed" not in err and "findings" not in err, "the message never quotes the body"
    assert not output.exists() and list(tmp_path.glob(".out.*")) == [], "a failed export leaves no file behind"


def test_export_of_a_json_lines_trail_with_an_unreadable_line_fails(
    tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision], capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "trail.jsonl"
    fill(make_store, f"jsonl:{path}", sample_decisions, count=4)
    lines = path.read_bytes().splitlines()
    path.write_bytes(b"\n".join([*lines[:2], b'{"allowed":1e999}', *lines[2:]]) + b"\n")
    for fmt in ("jsonl", "csv", "policyreport"):
        assert main(["audit", "export", "--audit", f"jsonl:{path}", "--format", fmt, "--output", str(tmp_path / "out")]) == 1
        err = capsys.readouterr().err
        assert "line 3 is not a readable audit record" in err and "allowed" not in err, err


def test_a_json_lines_record_naming_a_key_twice_is_not_verified(
    tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision], capsys: pytest.CaptureFixture[str]
) -> None:
    """The hash covers the last value of a key given twice (what orjson keeps): a value slipped in
    before it would pass unseen, and mislead whoever reads the first one (a person, grep, a tool)."""
    path = tmp_path / "trail.jsonl"
    fill(make_store, f"jsonl:{path}", sample_decisions, count=4)
    lines = path.read_bytes().splitlines()
    verdict = orjson.loads(lines[1])["verdict"]
    forged = b'{"verdict":"' + (b"denied" if verdict != "denied" else b"allowed") + b'",' + lines[1][1:]
    reordered = orjson.dumps(dict(reversed(orjson.loads(lines[2]).items())))  # same keys and values: intact
    assert reordered != lines[2]
    path.write_bytes(b"\n".join([lines[0], forged, reordered, *lines[3:]]) + b"\n")
    with closing(open_trail(f"jsonl:{path}")) as trail:
        report = verify(trail)
    assert Problem("edited", "line", 2, "not a readable audit record") in report.problems
    assert all(p.seq == 2 for p in report.problems), report.problems  # the reordered line 3 is intact
    assert main(["audit", "export", "--audit", f"jsonl:{path}", "--output", str(tmp_path / "out")]) == 1
    assert "line 2 is not a readable audit record" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "policyreport"])
def test_an_intact_trail_still_exports(fmt: str, sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "export", "--audit", sqlite_url, "--format", fmt, "--output", str(tmp_path / "out")]) == 0
    assert "exported 6 record(s)" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["csv", "policyreport"])
def test_a_record_damaged_in_a_worker_process_is_named_too(
    fmt: str, sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from webhook.audit import export as export_module

    if (os.cpu_count() or 1) < 2:
        pytest.skip("chunks are formatted in worker processes only with two cores or more")
    monkeypatch.setattr(export_module, "PARALLEL_WORKERS", 2)
    monkeypatch.setattr(export_module, "PARALLEL_CHUNK", 2)
    with database(sqlite_url) as db:
        db.run(DAMAGED_RECORDS["invalid-utf8"][0].replace("id = 2", "id = 5"))
    assert main(["audit", "export", "--audit", sqlite_url, "--format", fmt, "--output", str(tmp_path / "out")]) == 1
    assert "record id 5 (w1 #5) is not a readable audit record" in capsys.readouterr().err


# -- export and prune: times that fall outside years 1-9999 once converted to UTC ------------------


@pytest.mark.parametrize(
    ("option", "value"),
    [("--since", "0001-01-01T00:00:00+01:00"), ("--until", "9999-12-31T23:59:59-01:00"), ("--since", "9999-12-31T23:30:00-00:45")],
)
def test_times_beyond_the_utc_range_are_usage_errors(option: str, value: str, sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "export", "--audit", sqlite_url, option, value]) == 2
    err = capsys.readouterr().err
    assert f"{option}: {value!r} is out of range" in err and "Traceback" not in err
    assert main(["audit", "prune", "--audit", sqlite_url, "--before", value]) == 2
    assert "--before" in capsys.readouterr().err


def test_the_extreme_times_that_fit_still_work(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "export", "--audit", sqlite_url, "--since", "0001-01-01T00:00:00Z", "--until", "9999-12-31T23:59:59Z"]) == 0
    assert "exported 6 record(s)" in capsys.readouterr().err


# -- verify and export open a trail read-only: a wrong path is an error, never a new trail ---------


def _snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


@pytest.mark.parametrize("command", [["verify"], ["export"], ["export", "--format", "csv"]])
def test_an_empty_file_or_a_foreign_database_is_not_a_trail_and_is_left_alone(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    empty = tmp_path / "empty" / "trail.db"
    empty.parent.mkdir()
    empty.touch()
    foreign = tmp_path / "foreign" / "app.db"
    foreign.parent.mkdir()
    with closing(sqlite3.connect(foreign)) as conn:
        conn.execute("CREATE TABLE foo (x)")
        conn.commit()
    for path in (empty, foreign):
        before = _snapshot(path.parent)
        assert main(["audit", *command, "--audit", f"sqlite:{path}"]) == 2
        captured = capsys.readouterr()
        assert "not a railguard audit trail" in captured.err and "OK" not in captured.out
        assert _snapshot(path.parent) == before, "no table, no journal mode, no -wal/-shm file was added"


@pytest.mark.parametrize("table", ["audit_records", "audit_heads", "audit_anchors", "audit_checkpoints"])
def test_a_partial_trail_names_the_missing_tables(table: str, sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    with database(sqlite_url) as db:
        db.run(f"DROP TABLE {table}")
    assert main(["audit", "verify", "--audit", sqlite_url]) == 2
    assert f"not a complete railguard audit trail: table(s) {table} missing" in capsys.readouterr().err


def test_verify_and_export_do_not_write_to_a_quiet_trail(sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database_file = Path(sqlite_url.split(":", 1)[1])
    before = database_file.read_bytes()
    assert main(["audit", "verify", "--audit", sqlite_url]) == 0
    assert main(["audit", "export", "--audit", sqlite_url, "--format", "csv", "--output", str(tmp_path / "out.csv")]) == 0
    assert database_file.read_bytes() == before


def test_verify_reads_a_trail_a_live_writer_holds_open_in_wal_mode(
    tmp_path: Path, sample_decisions: list[Decision], capsys: pytest.CaptureFixture[str]
) -> None:
    from webhook.audit.sqlite import SqliteSink
    from webhook.audit.record import build_record

    path = tmp_path / "live.db"
    sink = SqliteSink(str(path), "live")
    try:
        sink.append([build_record(d, 1.0) for d in sample_decisions])
        assert (tmp_path / "live.db-wal").stat().st_size > 0, "the commits are still in the write-ahead log"
        assert main(["audit", "verify", "--audit", f"sqlite:{path}"]) == 0
        assert f"OK: sqlite:{path}: {len(sample_decisions)} records" in capsys.readouterr().out
        sink.append([build_record(sample_decisions[0], 1.0)])  # the writer carries on while verify reads
        assert main(["audit", "export", "--audit", f"sqlite:{path}", "--output", str(tmp_path / "out.jsonl")]) == 0
        assert len((tmp_path / "out.jsonl").read_bytes().splitlines()) == len(sample_decisions) + 1
        assert main(["audit", "verify", "--audit", f"sqlite:{path}"]) == 0
    finally:
        sink.close()
    capsys.readouterr()
    assert main(["audit", "verify", "--audit", f"sqlite:{path}"]) == 0


def test_the_server_side_still_creates_a_new_trail(tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision]) -> None:
    url = f"sqlite:{tmp_path / 'new.db'}"
    fill(make_store, url, sample_decisions, count=2)
    with database(url) as db:
        assert db.run("PRAGMA journal_mode")[0][0] == "wal"
    with closing(open_trail(url)) as trail:
        assert verify(trail).records == 2


def test_a_trail_in_a_read_only_directory_is_read_as_a_snapshot(
    sqlite_url: str, tmp_path: Path, sample_decisions: list[Decision]
) -> None:
    """An auditor's copy on read-only storage: no -shm file can be created beside it. Without a
    write-ahead log it is read as an immutable snapshot; with one, the error says what to do."""
    import shutil
    import subprocess
    import sys
    import tempfile

    from webhook.audit.record import build_record
    from webhook.audit.sqlite import SqliteSink

    if os.geteuid() != 0 or not shutil.which("setpriv"):
        pytest.skip("needs root and setpriv to run the reader as a user who cannot write the directory")

    def verify_as_nobody(directory: Path) -> subprocess.CompletedProcess[str]:
        command = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", sys.executable, "-m", "webhook.cli",
                   "audit", "verify", "--audit", f"sqlite:{directory / 'trail.db'}"]  # fmt: skip
        env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
        return subprocess.run(command, capture_output=True, text=True, timeout=60, env=env, cwd=directory)

    evidence = Path(tempfile.mkdtemp(prefix="railguard-evidence-"))
    try:
        shutil.copy(sqlite_url.split(":", 1)[1], evidence / "trail.db")
        evidence.chmod(0o755)
        (evidence / "trail.db").chmod(0o644)
        result = verify_as_nobody(evidence)
        assert result.returncode == 0, result.stderr
        assert "OK:" in result.stdout and "6 records" in result.stdout
        assert sorted(p.name for p in evidence.iterdir()) == ["trail.db"]

        sink = SqliteSink(str(tmp_path / "live.db"), "live")  # a copy taken while the log held commits
        sink.append([build_record(sample_decisions[0], 1.0)])
        shutil.copy(tmp_path / "live.db", evidence / "trail.db")
        shutil.copy(tmp_path / "live.db-wal", evidence / "trail.db-wal")
        sink.close()
        (evidence / "trail.db-wal").chmod(0o644)
        result = verify_as_nobody(evidence)
        assert result.returncode == 2 and "trail.db-wal holds commits" in result.stderr, result.stderr
    finally:
        shutil.rmtree(evidence, ignore_errors=True)


@pytest.mark.parametrize("scheme", ["sqlite", "jsonl"])
def test_a_directory_is_named_as_such(scheme: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "verify", "--audit", f"{scheme}:{tmp_path}"]) == 2
    err = capsys.readouterr().err
    assert "is a directory" in err and "no such file" not in err
    assert main(["audit", "verify", "--audit", f"{scheme}:{tmp_path / 'missing'}"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_an_empty_postgresql_database_is_not_a_trail_and_is_left_alone(pg_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    for command in (["verify"], ["export", "--format", "csv"]):
        assert main(["audit", *command, "--audit", pg_url]) == 2
        assert "not a railguard audit trail" in capsys.readouterr().err
    with database(pg_url) as db:
        assert db.run("SELECT count(*) FROM pg_tables WHERE tablename = ANY(?)", ["audit_records", "audit_heads"])[0][0] == 0


def test_postgresql_verify_and_export_read_in_read_only_transactions(
    pg_url: str, make_store: OpenStore, sample_decisions: list[Decision]
) -> None:
    fill(make_store, pg_url, sample_decisions, count=3)
    with closing(open_trail(pg_url)) as trail:
        assert verify(trail).ok
        conn = trail.conn  # type: ignore[attr-defined]
        with conn.transaction():
            assert conn.execute("SHOW transaction_read_only").fetchone()[0] == "on"
    with closing(open_trail(pg_url, writable=True)) as trail:
        conn = trail.conn  # type: ignore[attr-defined]
        with conn.transaction():
            assert conn.execute("SHOW transaction_read_only").fetchone()[0] == "off"


# -- found by fuzzing the readers with tampered trails ----------------------------------------------


@pytest.mark.parametrize("scheme", ["sqlite", "jsonl"])
def test_a_prev_hash_that_is_not_ascii_is_an_edit_not_a_crash(
    scheme: str, tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision], capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / f"trail.{scheme}"
    url = f"{scheme}:{path}"
    fill(make_store, url, sample_decisions, count=4)
    if scheme == "sqlite":
        with database(url) as db:
            body = db.row("w1", 3)["body"]
            record = orjson.loads(body)
            db.set_body("w1", 3, body.replace(record["prevHash"].encode(), "\u00fc".encode()))
        expected = ("edited", "w1", 3)
    else:
        lines = path.read_bytes().splitlines()
        record = orjson.loads(lines[2])
        path.write_bytes(b"\n".join([*lines[:2], lines[2].replace(record["prevHash"].encode(), "\u00fc".encode()), *lines[3:]]) + b"\n")
        expected = ("edited", record["writer"], 3)
    assert_reported(url, expected, capsys)


def test_a_records_table_rebuilt_with_ids_that_are_not_integers_is_read_in_storage_order(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    columns = "id, writer, seq, ts, namespace, username, verdict, policies, prev_hash, hash, body"
    with database(sqlite_url) as db:  # a rebuilt table: "id" is no longer the INTEGER PRIMARY KEY
        db.run("ALTER TABLE audit_records RENAME TO old")
        db.run(f"CREATE TABLE audit_records ({columns})")
        db.run(f"INSERT INTO audit_records SELECT {columns} FROM old ORDER BY id")
        db.run("DROP TABLE old")
        db.run("UPDATE audit_records SET id = NULL WHERE seq = 2")
        db.run("UPDATE audit_records SET id = 'x' WHERE seq = 4")
    with closing(open_trail(sqlite_url)) as trail:
        report = verify(trail)
    assert report.ok and report.records == 6, [str(p) for p in report.problems]
    assert main(["audit", "verify", "--audit", sqlite_url]) == 0
    with database(sqlite_url) as db:
        db.run("UPDATE audit_records SET rowid = 100 WHERE seq = 3")  # now stored after #4..#6
    with closing(open_trail(sqlite_url)) as trail:
        found = verify(trail).problems
    assert ("reordered", "w1", 4) in {(p.kind, p.writer, p.seq) for p in found}, [str(p) for p in found]
    for fmt in ("jsonl", "csv", "policyreport"):
        assert main(["audit", "export", "--audit", sqlite_url, "--format", fmt, "--output", str(tmp_path / "out")]) == 0
    assert "Traceback" not in capsys.readouterr().err


def _fully_pruned(url: str) -> None:
    with database(url) as db:
        head = db.run("SELECT seq, hash FROM audit_heads WHERE writer = 'w1'")[0]
        db.run("DELETE FROM audit_records")
        db.run("INSERT INTO audit_anchors (writer, seq, hash, pruned_at) VALUES ('w1', ?, ?, 'now')", head[0], head[1])


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("UPDATE audit_heads SET hash = upper(hash)", ("edited", "w1", 6)),
        ("UPDATE audit_heads SET seq = 5", ("inserted", "w1", 6)),
        ("UPDATE audit_anchors SET seq = 7", ("inserted", "w1", 7)),
    ],
)
def test_the_head_of_a_fully_pruned_chain_must_match_its_anchor(sql: str, expected: tuple[str, str, int], sqlite_url: str) -> None:
    _fully_pruned(sqlite_url)
    with closing(open_trail(sqlite_url)) as trail:
        assert verify(trail).ok
    with database(sqlite_url) as db:
        db.run(sql)
    with closing(open_trail(sqlite_url)) as trail:
        found = verify(trail).problems
    assert expected in {(p.kind, p.writer, p.seq) for p in found}, [str(p) for p in found]


def test_a_missing_head_is_reported_where_the_store_keeps_heads(
    sqlite_url: str, tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision]
) -> None:
    with database(sqlite_url) as db:  # drop the head, then the last record: nothing else shows it
        db.run("DELETE FROM audit_heads WHERE writer = 'w1'")
        db.run("DELETE FROM audit_records WHERE writer = 'w1' AND seq = 6")
    with closing(open_trail(sqlite_url)) as trail:
        found = verify(trail).problems
    assert ("deleted", "w1", None) in {(p.kind, p.writer, p.seq) for p in found}, [str(p) for p in found]
    jsonl = tmp_path / "trail.jsonl"  # a stream keeps no heads
    fill(make_store, f"jsonl:{jsonl}", sample_decisions, count=3)
    with closing(open_trail(f"jsonl:{jsonl}")) as trail:
        assert verify(trail).ok


def test_a_missing_head_of_a_fully_pruned_chain_is_reported(sqlite_url: str) -> None:
    _fully_pruned(sqlite_url)
    with database(sqlite_url) as db:
        db.run("DELETE FROM audit_heads")
    with closing(open_trail(sqlite_url)) as trail:
        found = verify(trail).problems
    assert ("deleted", "w1", None) in {(p.kind, p.writer, p.seq) for p in found}, [str(p) for p in found]


@pytest.mark.parametrize("findings", [1.5, 7, True])
def test_a_rehashed_record_whose_findings_are_not_a_list_is_an_edit_not_a_crash(
    findings: object, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with database(sqlite_url) as db:
        record = orjson.loads(db.row("w1", 3)["body"])
        record["findings"] = findings
        body = canonical(record)
        db.set_body("w1", 3, body, chain_hash(record["prevHash"], body))
    with closing(open_trail(sqlite_url)) as trail:
        found = verify(trail).problems
    assert ("edited", "w1", 3) in {(p.kind, p.writer, p.seq) for p in found}, [str(p) for p in found]
    assert main(["audit", "verify", "--audit", sqlite_url]) == 1
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("scheme", ["sqlite", "jsonl"])
@pytest.mark.parametrize("command", ["verify", "export"])
def test_a_device_or_a_pipe_is_not_a_trail(scheme: str, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """/dev/zero never ends (a JSON Lines reader would grow without bound) and a pipe blocks and
    cannot be read twice: both are refused before anything is read."""
    fifo = tmp_path / "trail.fifo"
    os.mkfifo(fifo)
    for path in ("/dev/zero", str(fifo)):
        assert main(["audit", command, "--audit", f"{scheme}:{path}"]) == 2
        assert "not a regular file" in capsys.readouterr().err


def test_a_json_lines_line_longer_than_any_record_is_unreadable_not_kept(
    tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision], monkeypatch: pytest.MonkeyPatch
) -> None:
    from webhook.audit import jsonl

    monkeypatch.setattr(jsonl, "MAX_LINE", 4096)
    path = tmp_path / "trail.jsonl"
    fill(make_store, f"jsonl:{path}", sample_decisions, count=3)
    lines = path.read_bytes().splitlines()
    assert all(len(line) < 4096 for line in lines)
    path.write_bytes(b"\n".join([lines[0], b'{"x":"' + b"a" * 50_000 + b'"}', *lines[1:]]) + b"\n")
    with closing(open_trail(f"jsonl:{path}")) as trail:
        rows = list(trail.rows())
        report = verify(trail)
    assert [row.position for row in rows] == [1, 2, 3, 4]
    assert rows[1].writer == "" and rows[1].body == b""  # unreadable, and its bytes were not kept
    assert [row.seq for row in rows if row.writer] == [1, 2, 3]  # the lines after it are read whole
    assert Problem("edited", "line", 2, "not a readable audit record") in report.problems


def test_a_json_lines_record_whose_seq_is_true_is_not_read_as_number_1(
    tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision], capsys: pytest.CaptureFixture[str]
) -> None:
    """``true`` is an int to Python (``True == 1``): a record whose seq was replaced by ``true`` and
    re-hashed must be reported (no valid sequence number), not verified as #1."""
    path = tmp_path / "trail.jsonl"
    fill(make_store, f"jsonl:{path}", sample_decisions, count=1)
    Path(f"{path}.head").unlink()  # no head file to compare with: the record alone must be judged
    record = orjson.loads(path.read_bytes())
    assert record["seq"] == 1
    del record["hash"]
    record["seq"] = True
    body = canonical(record)
    record["hash"] = chain_hash(record["prevHash"], body)
    path.write_bytes(orjson.dumps(record) + b"\n")
    assert b'"seq":true' in path.read_bytes()
    with closing(open_trail(f"jsonl:{path}")) as trail:
        report = verify(trail)
    assert [(p.kind, p.detail) for p in report.problems] == [("edited", "the record stored at position 1 has no valid sequence number")], report.problems
    assert main(["audit", "verify", "--audit", f"jsonl:{path}"]) == 1
    captured = capsys.readouterr()
    assert "has no valid sequence number" in captured.out + captured.err, captured
    output = tmp_path / "out.jsonl"
    assert main(["audit", "export", "--audit", f"jsonl:{path}", "--output", str(output)]) == 1
    assert not output.exists(), "the export stops at the record"
    assert "#?" in capsys.readouterr().err
