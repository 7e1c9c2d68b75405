"""Exports check what they export (as verify checks each record), say what they cover, and never
leave a partial file under the name a reviewer expects."""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
from pathlib import Path
from typing import Any, get_args

import orjson
import pytest

from webhook.admission import Decision
from webhook.audit.export import CSV_COLUMNS, _csv_row
from webhook.audit.record import canonical, chain_hash
from webhook.cli import main
from webhook.policies import PolicySet
from webhook.types import Verdict

from .conftest import OpenStore
from .helpers import decide, deployment
from .tamper import database, record_of


def fill(make_store: OpenStore, url: str, decisions: list[Decision], count: int = 6) -> None:
    store = make_store(url)
    for decision in itertools.islice(itertools.cycle(decisions), count):
        store.record(decision, 1.0)
    store.close()


def run_export(url: str, tmp_path: Path, *options: str, fmt: str = "jsonl") -> tuple[int, Path, Path]:
    output, summary = tmp_path / f"export.{fmt}", tmp_path / "summary.json"
    code = main(["audit", "export", "--audit", url, "--format", fmt, "--output", str(output), "--summary", str(summary), *options])
    return code, output, summary


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "policyreport"])
def test_a_record_whose_indexed_user_differs_from_its_hashed_body_stops_the_export(
    fmt: str, db_url: str, make_store: OpenStore, sample_decisions: list[Decision], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--user mallory`` used to export a record whose hashed content names someone else, exit 0."""
    fill(make_store, db_url, sample_decisions)
    with database(db_url) as db:
        db.run("UPDATE audit_records SET username = 'mallory' WHERE writer = 'w1' AND seq = 2")
    code, output, summary = run_export(db_url, tmp_path, "--user", "mallory", fmt=fmt)
    err = capsys.readouterr().err
    assert code == 1, err
    assert "(w1 #2) fails verification: its indexed columns differ from its hashed content" in err and "incomplete" in err
    assert not output.exists() and not list(tmp_path.glob(".export*")), "no partial export under its final name"
    reported = orjson.loads(summary.read_bytes())
    assert reported["complete"] is False and "w1 #2" in reported["problem"] and reported["records"] == 0
    assert reported["filters"] == {"user": "mallory"}


@pytest.mark.parametrize("scheme", ["sqlite", "jsonl"])
def test_a_record_edited_without_its_hash_stops_even_the_verbatim_json_lines_export(
    scheme: str, make_store: OpenStore, sample_decisions: list[Decision], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / f"trail.{scheme}"
    url = f"{scheme}:{path}"
    fill(make_store, url, sample_decisions)
    if scheme == "sqlite":
        with database(url) as db:
            body = db.row("w1", 3)["body"]
            db.set_body("w1", 3, body.replace(b'"name":"batch"', b'"name":"other"'))
        where = "record id 3 (w1 #3)"
    else:
        lines = path.read_bytes().splitlines()
        assert b'"name":"batch"' in lines[2]
        path.write_bytes(b"\n".join([*lines[:2], lines[2].replace(b'"name":"batch"', b'"name":"other"'), *lines[3:]]) + b"\n")
        where = f"line 3 ({orjson.loads(lines[2])['writer']} #3)"
    code, output, _ = run_export(url, tmp_path)
    err = capsys.readouterr().err
    assert code == 1 and f"{where} fails verification: its content does not match its hash" in err, err
    assert not output.exists()
    assert b"other" not in err.encode(), "never quotes the record"


def _replace_and_rehash(url: str, seq: int) -> None:
    """Edit record ``seq`` and give it a matching hash (and columns): only the next record's link tells."""
    with database(url) as db:
        row = db.row("w1", seq)
        record = record_of(row)
        record["name"] = "forged"
        body = canonical(record)
        db.set_body("w1", seq, body, chain_hash(record["prevHash"], body))


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "policyreport"])
def test_a_record_that_does_not_link_to_its_exported_neighbour_stops_the_export(
    fmt: str, db_url: str, make_store: OpenStore, sample_decisions: list[Decision], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(make_store, db_url, sample_decisions)
    _replace_and_rehash(db_url, 1)  # #1 and #2 are both in namespace shop: next to each other in every format
    code, output, summary = run_export(db_url, tmp_path, fmt=fmt)
    err = capsys.readouterr().err
    assert code == 1, err
    assert "(w1 #2) fails verification: it does not link to #1 of its chain" in err
    assert not output.exists() and orjson.loads(summary.read_bytes())["complete"] is False


def test_links_are_checked_where_the_chain_is_exported_whole_not_across_a_filters_gaps(
    db_url: str, make_store: OpenStore, sample_decisions: list[Decision], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(make_store, db_url, sample_decisions)
    _replace_and_rehash(db_url, 2)  # shop; #3 is in namespace data
    for fmt in ("jsonl", "csv"):  # storage order: #3 follows #2
        assert run_export(db_url, tmp_path, fmt=fmt)[0] == 1
        assert "(w1 #3) fails verification: it does not link to #2" in capsys.readouterr().err
    # #2 exported without #3: its own checks pass (verify proves the rest)
    code, output, summary = run_export(db_url, tmp_path, "--namespace", "shop")
    assert code == 0, capsys.readouterr().err
    assert [r["seq"] for r in map(orjson.loads, output.read_bytes().splitlines())] == [1, 2, 6]
    assert orjson.loads(summary.read_bytes())["complete"] is True


def test_the_summary_says_what_the_export_covers(
    db_url: str, make_store: OpenStore, sample_decisions: list[Decision], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill(make_store, db_url, sample_decisions)
    code, output, summary = run_export(db_url, tmp_path, "--namespace", "shop", "--since", "2000-01-01", fmt="csv")
    err = capsys.readouterr().err
    assert code == 0, err
    reported: dict[str, Any] = orjson.loads(summary.read_bytes())
    rows = list(csv.DictReader(io.StringIO(output.read_text())))
    with database(db_url) as db:
        (head,) = db.run("SELECT writer, seq, hash FROM audit_heads")
    assert reported["complete"] is True and reported["problem"] is None
    assert reported["format"] == "csv" and reported["records"] == len(rows) == 3
    assert reported["filters"] == {"since": "2000-01-01T00:00:00.000000Z", "namespace": "shop"}
    assert reported["firstRecordTime"] == rows[0]["timestamp"] and reported["lastRecordTime"] == rows[-1]["timestamp"]
    assert reported["heads"] == {"w1": {"seq": 6, "hash": head[2]}} and reported["headsSource"] == "stored heads"
    assert reported["output"]["sha256"] == hashlib.sha256(output.read_bytes()).hexdigest()
    assert reported["output"]["bytes"] == output.stat().st_size
    assert "exported 3 record(s)" in err and f"w1 #6 {head[2]}" in err and "--namespace 'shop'" in err


def test_a_json_lines_summary_names_each_writers_last_record(
    make_store: OpenStore, sample_decisions: list[Decision], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "trail.jsonl"
    fill(make_store, f"jsonl:{path}", sample_decisions, count=4)
    last = orjson.loads(path.read_bytes().splitlines()[-1])
    code, _, summary = run_export(f"jsonl:{path}", tmp_path, "--verdict", "denied")
    assert code == 0, capsys.readouterr().err
    reported = orjson.loads(summary.read_bytes())
    assert reported["heads"] == {last["writer"]: {"seq": 4, "hash": last["hash"]}}
    assert reported["headsSource"] == "last record of each writer in the files"


def test_a_failed_export_keeps_the_previous_file_and_leaves_no_temporary_one(
    make_store: OpenStore, sample_decisions: list[Decision], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:{tmp_path / 'trail.db'}"
    fill(make_store, url, sample_decisions)
    output = tmp_path / "out" / "export.csv"
    output.parent.mkdir()
    assert main(["audit", "export", "--audit", url, "--format", "csv", "--output", str(output)]) == 0
    previous = output.read_bytes()
    with database(url) as db:
        db.run("UPDATE audit_records SET verdict = 'mutated' WHERE seq = 5")
    assert main(["audit", "export", "--audit", url, "--format", "csv", "--output", str(output)]) == 1
    assert "(w1 #5) fails verification" in capsys.readouterr().err
    assert output.read_bytes() == previous and [p.name for p in output.parent.iterdir()] == ["export.csv"]


def test_each_semicolon_separated_piece_of_a_csv_cell_is_made_text(
    tmp_path: Path, make_store: OpenStore, policies: PolicySet
) -> None:
    """A spreadsheet in a locale whose separator is ``;`` splits cells there: each piece must not
    start a formula (lists are joined with ``;``, and a user name may hold one)."""
    url = f"sqlite:{tmp_path / 'audit.db'}"
    store = make_store(url)
    users = ["a;=1+1", "b;@SUM(1)", "c;-2+3", 'd;"=1+1', "e;\t=1", "f;+1;ok"]
    for user in users:
        store.record(decide(policies, deployment("web", "shop"), user=user), 1.0)
    store.close()
    code = main(["audit", "export", "--audit", url, "--format", "csv", "--output", str(tmp_path / "out.csv")])
    assert code == 0
    rows = list(csv.reader((tmp_path / "out.csv").open(newline="")))[1:]
    for row in rows:
        for cell in row:
            for piece in cell.split(";"):
                assert not piece.startswith(("=", "+", "-", "@", "\t", "\r", "\0", '"')), (cell, row)
    assert [row[CSV_COLUMNS.index("username")] for row in rows][-1] == "f;'+1;ok"
    record = {"user": {"username": "x", "groups": ["dev", "=cmd|' /C calc'!A0"]}, "exemptions": ["@x"], "patchedPaths": ["/a", "-1"]}
    cells = dict(zip(CSV_COLUMNS, _csv_row(record, "h")))
    assert cells["groups"] == "dev;'=cmd|' /C calc'!A0" and cells["exemptions"] == "'@x" and cells["patchedPaths"] == "/a;'-1"


@pytest.mark.parametrize("seq", [2, 4, 5])
def test_a_policyreport_export_checks_links_across_namespaces(
    seq: int, db_url: str, make_store: OpenStore, sample_decisions: list[Decision], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """#1 #2 shop, #3 #4 data, #5 cluster-scoped, #6 shop: namespace by namespace, #2 -> #3,
    #4 -> #5 and #5 -> #6 are never exported one after the other, so a record re-hashed there
    used to pass the PolicyReport export (the jsonl and csv exports stopped)."""
    fill(make_store, db_url, sample_decisions)
    _replace_and_rehash(db_url, seq)
    code, output, _ = run_export(db_url, tmp_path, fmt="policyreport")
    err = capsys.readouterr().err
    assert code == 1, err
    assert f"(w1 #{seq + 1}) fails verification: it does not link to #{seq}" in err
    assert not output.exists() and "forged" not in err


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "policyreport"])
@pytest.mark.parametrize("seq", [3, 5, 6])
def test_an_unfiltered_export_stops_at_a_record_removed_from_any_namespace(
    fmt: str, seq: int, db_url: str, make_store: OpenStore, sample_decisions: list[Decision], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without a filter every record is exported, so a chain's gap (or a cut end, against the
    stored head) is a deletion; it used to pass every format (only verify saw it)."""
    fill(make_store, db_url, sample_decisions)
    with database(db_url) as db:
        db.run(f"DELETE FROM audit_records WHERE writer = 'w1' AND seq = {seq}")
    code, output, summary = run_export(db_url, tmp_path, fmt=fmt)
    err = capsys.readouterr().err
    assert code == 1, err
    assert "writer w1: " in err and "are missing" in err
    assert (f"record(s) #{seq} are missing" in err) if seq == 6 else ("holds 5 record(s) from #1 to #6, not 6" in err)
    assert not output.exists() and orjson.loads(summary.read_bytes())["complete"] is False
    # a filter leaves gaps of its own: there only verify proves the rest
    assert run_export(db_url, tmp_path, "--namespace", "shop", fmt=fmt)[0] == 0, capsys.readouterr().err


@pytest.mark.parametrize("table, value", [("audit_heads", -3), ("audit_anchors", -2)])  # text or a real too, in SQLite
def test_an_unfiltered_export_names_an_edited_head_or_anchor(
    table: str, value: int, db_url: str, make_store: OpenStore, sample_decisions: list[Decision], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A head or pruning anchor whose seq is no sequence number stops the export as edited; it
    read as #-1 ('records #0..#6 lie beyond the writer's head', 'holds 6 record(s) from #0 to #6')."""
    fill(make_store, db_url, sample_decisions)
    with database(db_url) as db:
        if table == "audit_heads":
            db.run("UPDATE audit_heads SET seq = ?", value)
        else:
            db.run("INSERT INTO audit_anchors (writer, seq, hash, pruned_at) VALUES ('w1', ?, 'h', 'now')", value)
    code, output, _ = run_export(db_url, tmp_path)
    err = capsys.readouterr().err
    what = "stored head" if table == "audit_heads" else "pruning anchor"
    assert code == 1 and f"writer w1: its {what} is not a valid sequence number: it was edited" in err, err
    assert "#0" not in err and not output.exists()


def _export_with_head_hash(edit: str, db_url: str, make_store: OpenStore, decisions: list[Decision], tmp_path: Path) -> tuple[int, Path, Path]:
    fill(make_store, db_url, decisions)
    with database(db_url) as db:
        db.run(f"UPDATE audit_heads SET hash = {edit}")
    return run_export(db_url, tmp_path)


@pytest.mark.parametrize("edit", ["hash || '0'", "'5'", "upper(hash)", "(SELECT hash FROM audit_records WHERE seq = 5)"])
def test_an_unfiltered_export_stops_at_a_head_whose_hash_is_not_the_last_records(
    edit: str, db_url: str, make_store: OpenStore, sample_decisions: list[Decision], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The head names the seq and the hash of its writer's last record; only the seq was compared,
    so an edited head hash (verify names it) let the export say it was complete."""
    code, output, summary = _export_with_head_hash(edit, db_url, make_store, sample_decisions, tmp_path)
    err = capsys.readouterr().err
    assert code == 1 and "writer w1: its stored head (#6) does not name the hash of its last record" in err, err
    assert not output.exists() and orjson.loads(summary.read_bytes())["complete"] is False


def test_a_head_hash_an_edit_made_a_blob_stops_the_export_and_is_summarized(
    make_store: OpenStore, sample_decisions: list[Decision], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """SQLite keeps what an edit writes, a blob in a text column too: the summary crashed on it."""
    code, output, summary = _export_with_head_hash("CAST(hash AS BLOB)", f"sqlite:{tmp_path / 'audit.db'}", make_store, sample_decisions, tmp_path)
    assert code == 1 and "does not name the hash of its last record" in capsys.readouterr().err
    written = orjson.loads(summary.read_bytes())
    assert written["complete"] is False and written["heads"]["w1"]["hash"].startswith("b'")


def test_export_filters_by_every_verdict_a_decision_can_have(
    make_store: OpenStore, sample_decisions: list[Decision], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--verdict`` takes each verdict a decision can have (``webhook.types.Verdict``) and exports
    exactly the records of it; another word is refused."""
    path = tmp_path / "trail.jsonl"
    fill(make_store, f"jsonl:{path}", sample_decisions, count=len(sample_decisions))
    stored = [orjson.loads(line)["verdict"] for line in path.read_bytes().splitlines()]
    for verdict in get_args(Verdict):
        code, output, _ = run_export(f"jsonl:{path}", tmp_path, "--verdict", verdict)
        assert code == 0, (verdict, capsys.readouterr().err)
        exported = [orjson.loads(line)["verdict"] for line in output.read_bytes().splitlines() if b'"verdict"' in line]
        assert exported == [v for v in stored if v == verdict], verdict
    with pytest.raises(SystemExit) as refused:
        run_export(f"jsonl:{path}", tmp_path, "--verdict", "rejected")
    assert refused.value.code == 2


_COPY_OF = (
    "INSERT INTO audit_records (writer, seq, ts, namespace, username, verdict, policies, prev_hash, hash, body)"
    " SELECT writer, seq, ts, namespace, username, verdict, policies, prev_hash, hash, body FROM audit_records"
    " WHERE writer = 'w1' AND seq = ?"
)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "policyreport"])
def test_a_deleted_record_whose_place_a_copy_of_another_takes_stops_the_whole_export(
    fmt: str, db_url: str, make_store: OpenStore, sample_decisions: list[Decision], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """#3 deleted and a verbatim copy of #2 stored after #6: as many records as places, each one
    matching its hash, no two neighbours unlinked; the export said it was complete, exit 0."""
    fill(make_store, db_url, sample_decisions)
    with database(db_url) as db:
        db.run("DELETE FROM audit_records WHERE writer = 'w1' AND seq = 3")
        db.run(_COPY_OF, 2)
    code, output, summary = run_export(db_url, tmp_path, fmt=fmt)
    err = capsys.readouterr().err
    assert code == 1, err
    assert "writer w1: its 6 record(s) from #1 to #6 do not form one chain" in err and "incomplete" in err
    assert not output.exists() and orjson.loads(summary.read_bytes())["complete"] is False


def test_a_pruned_record_put_back_in_place_of_a_deleted_one_stops_the_whole_export(
    db_url: str, make_store: OpenStore, sample_decisions: list[Decision], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """#1 and #2 pruned (anchor #2); then #4 deleted and #1 put back: five records for the five
    places #3..#7 after the anchor, and #1 is not the first one exported, so its place was never compared."""
    fill(make_store, db_url, sample_decisions, count=7)
    with database(db_url) as db:
        kept = db.row("w1", 1)
        anchor = db.row("w1", 2)["hash"]
        db.run("DELETE FROM audit_records WHERE writer = 'w1' AND seq <= 2")
        db.run("INSERT INTO audit_anchors (writer, seq, hash, pruned_at) VALUES ('w1', 2, ?, '2025-01-01T00:00:00Z')", anchor)
        (tmp_path / "before").mkdir()
        assert run_export(db_url, tmp_path / "before")[0] == 0, capsys.readouterr().err  # the pruned trail exports whole
        db.run("DELETE FROM audit_records WHERE writer = 'w1' AND seq = 4")
        db.run(
            "INSERT INTO audit_records (writer, seq, ts, namespace, username, verdict, policies, prev_hash, hash, body)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            *[kept[column] for column in ("writer", "seq", "ts", "namespace", "username", "verdict", "policies", "prev_hash", "hash")],
            db._body(kept["body"]),
        )
    code, output, summary = run_export(db_url, tmp_path)
    err = capsys.readouterr().err
    assert code == 1, err
    assert "writer w1: record #1 lies at or before #2, where its chain starts in this trail" in err
    assert not output.exists() and orjson.loads(summary.read_bytes())["complete"] is False


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "policyreport"])
def test_an_export_that_selects_no_record_is_complete_and_holds_only_its_frame(
    fmt: str, make_store: OpenStore, sample_decisions: list[Decision], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:{tmp_path / 'audit.db'}"
    fill(make_store, url, sample_decisions)
    code, output, summary = run_export(url, tmp_path, "--namespace", "nowhere", fmt=fmt)
    assert code == 0, capsys.readouterr().err
    assert output.read_bytes() == ((",".join(CSV_COLUMNS) + "\r\n").encode() if fmt == "csv" else b"")
    reported = orjson.loads(summary.read_bytes())
    assert reported["complete"] is True and reported["records"] == 0


def test_a_rehashed_body_that_does_not_end_its_object_stops_the_verbatim_json_lines_export(
    make_store: OpenStore, sample_decisions: list[Decision], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A space after the object still parses and hashes: its hash, added inside the object, would
    have made a line that is not JSON (``{...} ,"hash":...}``), in an export called complete."""
    url = f"sqlite:{tmp_path / 'audit.db'}"
    fill(make_store, url, sample_decisions)
    with database(url) as db:
        row = db.row("w1", 2)
        body = row["body"] + b" "
        db.set_body("w1", 2, body, chain_hash(record_of(row)["prevHash"], body))
    code, output, summary = run_export(url, tmp_path)
    err = capsys.readouterr().err
    assert code == 1 and "record id 2 (w1 #2) is not a readable audit record" in err, err
    assert not output.exists() and orjson.loads(summary.read_bytes())["complete"] is False


def test_an_unknown_format_is_refused_before_anything_is_written(
    make_store: OpenStore, sample_decisions: list[Decision], tmp_path: Path
) -> None:
    from contextlib import closing

    from webhook.audit import open_trail
    from webhook.audit.base import Filters
    from webhook.audit.export import export
    from webhook.errors import AuditError

    url = f"sqlite:{tmp_path / 'audit.db'}"
    fill(make_store, url, sample_decisions)
    out = io.BytesIO()
    with closing(open_trail(url)) as trail, pytest.raises(AuditError, match="unknown export format 'xml'"):
        export(trail, Filters(), "xml", out)
    assert out.getvalue() == b""
