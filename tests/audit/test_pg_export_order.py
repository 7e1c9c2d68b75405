"""PolicyReport export order on PostgreSQL: byte (code point) order, as SQLite and JSON Lines,
whatever the database's collation. Official PostgreSQL images initialise with en_US.utf8, whose
collation ignores punctuation ('ab' before 'a-c'); the test server's --no-locale databases hid it."""

from __future__ import annotations

import io
from contextlib import closing
from pathlib import Path

import orjson
import psycopg

from webhook.audit import open_trail
from webhook.audit.base import Filters
from webhook.audit.export import export
from webhook.audit.jsonl import JsonlSink
from webhook.audit.postgres import PostgresSink
from webhook.audit.record import build_record
from webhook.audit.sqlite import SqliteSink
from webhook.policies import PolicySet

from .helpers import decide, deployment
from .pg import fresh_database

# ICU's en-US with punctuation ignored at first (alternate=shifted), as glibc's en_US.utf8 sorts
LANGUAGE_COLLATION = "en-US-u-ka-shifted"
NAMESPACES = ["ab", "a-c", "team-b", "teama", "b0", "b-1", "a"]


def _exported(url: str, fmt: str, **filters: str) -> bytes:
    with closing(open_trail(url)) as trail:
        out = io.BytesIO()
        export(trail, Filters(**filters), fmt, out)
        return out.getvalue()


def test_policyreport_export_of_the_same_records_is_byte_identical_on_every_store_whatever_the_collation(
    pg_server: str, tmp_path: Path, policies: PolicySet
) -> None:
    pg_url = fresh_database(pg_server, "t_export_order_icu", icu_locale=LANGUAGE_COLLATION)
    with psycopg.connect(pg_url) as conn:  # the database really sorts otherwise than code points
        assert conn.execute("SELECT 'a-c' < 'ab', 'b-1' < 'b0'").fetchone() == (False, False)
    decisions = [decide(policies, deployment(f"app-{i}", ns, compliant=i % 3 == 0)) for i, ns in enumerate(NAMESPACES * 2)]
    decisions.append(decide(policies, {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "ab"}}, user="admin"))
    records = [build_record(d, 1.0) for d in decisions]
    sqlite_url, jsonl_url = f"sqlite:{tmp_path / 'audit.db'}", f"jsonl:{tmp_path / 'audit.jsonl'}"
    for sink in (SqliteSink(str(tmp_path / "audit.db"), "w1"), JsonlSink(str(tmp_path / "audit.jsonl"), "w1"), PostgresSink(pg_url, "w1")):
        sink.append(records)
        sink.close()

    reports = {url: _exported(url, "policyreport") for url in (sqlite_url, jsonl_url, pg_url)}
    assert reports[pg_url] == reports[sqlite_url] == reports[jsonl_url]
    with closing(open_trail(pg_url)) as trail:
        order = [fields[-1] for fields, _ in trail.select(Filters(), by_namespace=True)]
    namespaces = [orjson.loads(body).get("namespace") or "" for body in order]
    assert namespaces == sorted(namespaces)  # code point order: '' 'a' 'a-c' 'ab' 'b-1' 'b0' 'team-b' 'teama'
    assert sorted(set(namespaces)) == ["", "a", "a-c", "ab", "b-1", "b0", "team-b", "teama"]
    for ns in ("a-c", ""):  # the namespace filter, which the other index serves, still agrees too
        assert _exported(pg_url, "policyreport", namespace=ns) == _exported(sqlite_url, "policyreport", namespace=ns)
