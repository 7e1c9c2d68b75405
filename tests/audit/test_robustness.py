"""Damaged and foreign stores: whatever a tampered or wrong store holds, ``verify`` and ``export``
end with a clear message and their documented exit code, never a traceback."""

from __future__ import annotations

import itertools
from contextlib import closing
from pathlib import Path

import pytest

from webhook.admission import Decision
from webhook.audit import open_trail
from webhook.audit.verify import verify
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


@pytest.mark.parametrize("case", list(WRONG_TYPES))
def test_wrongly_typed_columns_are_reported_as_tampering(case: str, sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    sql, expected = WRONG_TYPES[case]
    with database(sqlite_url) as db:
        db.run(sql)
    with closing(open_trail(sqlite_url)) as trail:
        found = verify(trail).problems
    assert expected in {(p.kind, p.writer, p.seq) for p in found}, [str(p) for p in found]
    assert main(["audit", "verify", "--audit", sqlite_url]) == 1
    captured = capsys.readouterr()
    assert "FAILED" in captured.out and "Traceback" not in captured.err
    assert '"findings"' not in captured.out + captured.err, "messages never quote a record body"


def test_a_checkpoint_stored_as_text_is_an_unreadable_checkpoint(sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    private, public = tmp_path / "a.key", tmp_path / "a.pub"
    assert main(["audit", "keygen", "--private-key", str(private), "--public-key", str(public)]) == 0
    assert main(["audit", "checkpoint", "--audit", sqlite_url, "--key", str(private)]) == 0
    with database(sqlite_url) as db:
        db.run("UPDATE audit_checkpoints SET payload = 'not json', signature = 12")
    assert main(["audit", "verify", "--audit", sqlite_url, "--public-key", str(public)]) == 1
    assert "checkpoint: checkpoint #1" in capsys.readouterr().out
