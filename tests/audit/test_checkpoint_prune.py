"""Signed checkpoints (verified with the public key only) and retention (prune keeps the chain
verifiable from the first remaining record)."""

from __future__ import annotations

import base64
import datetime as dt
import itertools
import os
import threading
from contextlib import closing
from pathlib import Path

import orjson
import pytest

from webhook.admission import Decision
from webhook.audit import open_trail
from webhook.audit.base import ChainMark
from webhook.audit.jsonl import JsonlTrail
from webhook.audit.record import GENESIS, canonical, chain_hash, utc_timestamp
from webhook.audit.signing import load_public
from webhook.audit.verify import Report, verify
from webhook.cli import main

from .conftest import OpenStore
from .tamper import database, record_of


@pytest.fixture
def keys(tmp_path: Path) -> tuple[Path, Path]:
    private, public = tmp_path / "audit.key", tmp_path / "audit.pub"
    assert main(["audit", "keygen", "--private-key", str(private), "--public-key", str(public)]) == 0
    assert private.stat().st_mode & 0o077 == 0
    assert main(["audit", "keygen", "--private-key", str(private), "--public-key", str(public)]) == 2  # never overwrites
    return private, public


def fill(make_store: OpenStore, url: str, decisions: list[Decision], count: int = 8, writer: str = "w1") -> None:
    store = make_store(url, writer=writer)
    for decision in itertools.islice(itertools.cycle(decisions), count):
        store.record(decision, 1.0)
    store.close()


def rewrite_from(url: str, seq: int) -> None:
    """A thorough attacker: edit one record, re-hash it and every later one, and fix the head."""
    with database(url) as db:
        last = db.run("SELECT max(seq) FROM audit_records WHERE writer = ?", "w1")[0][0]
        prev = db.row("w1", seq)["prev_hash"]
        for n in range(seq, last + 1):
            record = record_of(db.row("w1", n))
            record["prevHash"] = prev
            if n == seq:
                record["user"]["username"] = "nobody"
                db.run("UPDATE audit_records SET username = ? WHERE writer = ? AND seq = ?", "nobody", "w1", n)
            body = canonical(record)
            prev = chain_hash(prev, body)
            db.set_body("w1", n, body, prev)
            db.run("UPDATE audit_records SET prev_hash = ? WHERE writer = ? AND seq = ?", record["prevHash"], "w1", n)
        db.run("UPDATE audit_heads SET hash = ? WHERE writer = ?", prev, "w1")


def test_checkpoint_catches_a_rewritten_chain(db_url: str, make_store: OpenStore, sample_decisions: list[Decision], keys: tuple[Path, Path]) -> None:
    private, public = keys
    fill(make_store, db_url, sample_decisions)
    assert main(["audit", "checkpoint", "--audit", db_url, "--key", str(private)]) == 0
    assert main(["audit", "verify", "--audit", db_url, "--public-key", str(public)]) == 0
    rewrite_from(db_url, 3)
    with closing(open_trail(db_url)) as trail:
        unauthenticated = verify(trail)
        report = verify(trail, load_public(public))
    assert not report.ok
    assert any(p.kind == "edited" and p.writer == "w1" and p.seq == 8 and "checkpoint" in p.detail for p in report.problems)
    assert report.checkpoints_verified == 1
    # the chain itself is consistent again: only the (unauthenticated) checkpoint shows the rewrite
    assert {p.seq for p in unauthenticated.problems} == {8}
    assert any("not authenticated" in note for note in unauthenticated.notes)


def test_forged_checkpoint_is_rejected_with_the_public_key(tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision], keys: tuple[Path, Path]) -> None:
    private, public = keys
    url = f"sqlite:{tmp_path / 'trail.db'}"
    fill(make_store, url, sample_decisions)
    assert main(["audit", "checkpoint", "--audit", url, "--key", str(private)]) == 0
    with database(url) as db:
        payload = db.run("SELECT payload FROM audit_checkpoints")[0][0]
        db.run("UPDATE audit_checkpoints SET payload = ?", bytes(payload).replace(b'"seq":8', b'"seq":7'))
    with closing(open_trail(url)) as trail:
        report = verify(trail, load_public(public))
    assert [p.kind for p in report.problems] == ["checkpoint"]
    assert "signature does not verify" in report.problems[0].detail


def test_deletion_after_a_checkpoint_is_named_even_with_the_head_fixed(tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision], keys: tuple[Path, Path]) -> None:
    private, public = keys
    url = f"sqlite:{tmp_path / 'trail.db'}"
    fill(make_store, url, sample_decisions)
    assert main(["audit", "checkpoint", "--audit", url, "--key", str(private)]) == 0
    with database(url) as db:
        seventh = db.row("w1", 7)
        db.run("DELETE FROM audit_records WHERE seq = 8")
        db.run("UPDATE audit_heads SET seq = 7, hash = ?", seventh["hash"])
    with closing(open_trail(url)) as trail:
        report = verify(trail, load_public(public))
    assert ("deleted", "w1", 8) in {(p.kind, p.writer, p.seq) for p in report.problems}


def test_prune_keeps_the_chain_verifiable(db_url: str, make_store: OpenStore, sample_decisions: list[Decision], keys: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    private, public = keys
    fill(make_store, db_url, sample_decisions, count=6)
    with database(db_url) as db:  # make records 1..4 old: re-date them and re-hash the chain
        prev = "0" * 64
        for n in range(1, 7):
            record = record_of(db.row("w1", n))
            if n <= 4:
                record["ts"] = f"2020-01-0{n}T00:00:00.000000Z"
                db.run("UPDATE audit_records SET ts = ? WHERE seq = ?", record["ts"], n)
            record["prevHash"] = prev
            body = canonical(record)
            prev = chain_hash(prev, body)
            db.set_body("w1", n, body, prev)
            db.run("UPDATE audit_records SET prev_hash = ? WHERE seq = ?", record["prevHash"], n)
        db.run("UPDATE audit_heads SET hash = ?", prev)
    assert main(["audit", "verify", "--audit", db_url]) == 0
    assert main(["audit", "prune", "--audit", db_url, "--before", "2021-01-01", "--key", str(private)]) == 0
    assert "deleted 4 record(s)" in capsys.readouterr().out
    with closing(open_trail(db_url)) as trail:
        report = verify(trail, load_public(public))
        assert report.ok, [str(p) for p in report.problems]
        assert report.records == 2 and report.checkpoints_verified == 1
        assert trail.anchors()["w1"].seq == 4
    with database(db_url) as db:  # removing the first remaining record is still seen
        db.run("DELETE FROM audit_records WHERE seq = 5")
    with closing(open_trail(db_url)) as trail:
        assert ("deleted", "w1", 5) in {(p.kind, p.writer, p.seq) for p in verify(trail).problems}


def test_prune_refuses_a_tampered_trail(tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision], capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:{tmp_path / 'trail.db'}"
    fill(make_store, url, sample_decisions)
    with database(url) as db:
        db.run("DELETE FROM audit_records WHERE seq = 2")
    assert main(["audit", "prune", "--audit", url, "--before", "2999-01-01"]) == 2
    assert "does not verify" in capsys.readouterr().err
    with database(url) as db:
        assert db.run("SELECT count(*) FROM audit_records")[0][0] == 7


def forge_pruning(url: str, through: int) -> None:
    """An attacker with database access: delete a chain's oldest records and store the anchor the
    first remaining record's prevHash gives away, as an authorised prune would."""
    with database(url) as db:
        next_prev = db.row("w1", through + 1)["prev_hash"]
        db.run("DELETE FROM audit_records WHERE writer = ? AND seq <= ?", "w1", through)
        db.run("INSERT INTO audit_anchors (writer, seq, hash, pruned_at) VALUES (?, ?, ?, ?)", "w1", through, next_prev, "2026-01-01T00:00:00.000000Z")


def test_checkpointed_records_deleted_behind_a_forged_anchor_are_named(db_url: str, make_store: OpenStore, sample_decisions: list[Decision], keys: tuple[Path, Path]) -> None:
    private, public = keys
    fill(make_store, db_url, sample_decisions)
    assert main(["audit", "checkpoint", "--audit", db_url, "--key", str(private)]) == 0
    forge_pruning(db_url, 5)
    with closing(open_trail(db_url)) as trail:
        report = verify(trail, load_public(public))
    assert [(p.kind, p.writer, p.seq) for p in report.problems] == [("deleted", "w1", 1)]
    assert "records #1..#5 are covered by signed checkpoint #1 but missing" in str(report.problems[0])


def test_records_after_the_last_checkpoint_are_not_claimed_by_it(db_url: str, make_store: OpenStore, sample_decisions: list[Decision], keys: tuple[Path, Path]) -> None:
    # the checkpoint attested #1..#4 only: an anchor at #6 leaves #5..#6 unprovable (said in the README)
    private, public = keys
    fill(make_store, db_url, sample_decisions, count=4)
    assert main(["audit", "checkpoint", "--audit", db_url, "--key", str(private)]) == 0
    fill(make_store, db_url, sample_decisions, count=4)
    forge_pruning(db_url, 6)
    with closing(open_trail(db_url)) as trail:
        problems = verify(trail, load_public(public)).problems
    assert [str(p) for p in problems] == [
        "deleted: w1 #1: records #1..#4 are covered by signed checkpoint #1 but missing: the pruning anchor at #6 was not"
        " signed by a checkpoint ('railguard audit prune --key' signs it)"
    ]


def test_prune_over_checkpointed_records_needs_the_key_and_then_verifies(tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision], keys: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    private, public = keys
    url = f"sqlite:{tmp_path / 'trail.db'}"
    fill(make_store, url, sample_decisions)
    assert main(["audit", "checkpoint", "--audit", url, "--key", str(private)]) == 0
    assert main(["audit", "prune", "--audit", url, "--before", "2999-01-01"]) == 2
    assert "pass --key" in capsys.readouterr().err
    with database(url) as db:
        assert db.run("SELECT count(*) FROM audit_records")[0][0] == 8
    fill(make_store, url, sample_decisions, count=2)  # #9, #10: "before" a far date prunes all but none
    assert main(["audit", "prune", "--audit", url, "--before", "2999-01-01", "--key", str(private)]) == 0
    assert "deleted 10 record(s); signed checkpoint stored" in capsys.readouterr().out
    with closing(open_trail(url)) as trail:
        report = verify(trail, load_public(public))
    assert report.ok, [str(p) for p in report.problems]
    assert report.checkpoints_verified == 2


def _forge(url: str, writer: str, ts: str) -> None:
    """Write one record into a chain (a new one, or after the last record of ``writer``) dated
    ``ts``, as someone with full database access would: chained and with its head."""
    with database(url) as db:
        record = record_of(db.row("w1", 2))
        last = db.run("SELECT seq, hash FROM audit_heads WHERE writer = ?", writer)
        seq, prev = (last[0][0] + 1, last[0][1]) if last else (1, GENESIS)
        record.update(writer=writer, seq=seq, ts=ts, name="backdoor", uid="forged")
        digest = db.insert(writer, seq, record, prev)
        if last:
            db.run("UPDATE audit_heads SET seq = ?, hash = ? WHERE writer = ?", seq, digest, writer)
        else:
            db.run("INSERT INTO audit_heads VALUES (?, ?, ?)", writer, seq, digest)


@pytest.mark.parametrize("writer", ["w1", "railguard-old"])
def test_a_record_dated_into_checkpointed_history_is_caught(
    db_url: str, make_store: OpenStore, sample_decisions: list[Decision], keys: tuple[Path, Path], writer: str
) -> None:
    private, public = keys
    fill(make_store, db_url, sample_decisions)
    assert main(["audit", "checkpoint", "--audit", db_url, "--key", str(private)]) == 0
    _forge(db_url, writer, "2025-06-01T03:00:00.000000Z")
    with closing(open_trail(db_url)) as trail:
        report = verify(trail, load_public(public))
    [problem] = report.problems
    held = "ends this writer's chain at #8" if writer == "w1" else "does not know this writer"
    assert (problem.kind, problem.writer, problem.seq) == ("inserted", writer, 9 if writer == "w1" else 1)
    assert problem.detail.startswith("dated 2025-06-01T03:00:00.000000Z, before signed checkpoint #1 (") and held in problem.detail
    assert main(["audit", "checkpoint", "--audit", db_url, "--key", str(private)]) == 2  # the next checkpoint will not sign it


def test_a_record_dated_after_the_last_checkpoint_or_just_before_it_is_not_backdated(
    db_url: str, make_store: OpenStore, sample_decisions: list[Decision], keys: tuple[Path, Path]
) -> None:
    # dated when the webhook decided, committed moments later (and clocks differ a little)
    private, public = keys
    fill(make_store, db_url, sample_decisions)
    assert main(["audit", "checkpoint", "--audit", db_url, "--key", str(private)]) == 0
    with database(db_url) as db:
        created = orjson.loads(db.run("SELECT payload FROM audit_checkpoints")[0][0])["created"]
    moment = dt.datetime.fromisoformat(created.replace("Z", "+00:00"))
    _forge(db_url, "w1", utc_timestamp(moment - dt.timedelta(minutes=9)))
    _forge(db_url, "late-writer", utc_timestamp(moment - dt.timedelta(minutes=9)))
    with closing(open_trail(db_url)) as trail:
        assert verify(trail, load_public(public)).ok


@pytest.mark.parametrize("public", [False, True])
def test_a_checkpoint_stored_twice_is_checked_not_a_crash(
    public: bool, tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision], keys: tuple[Path, Path]
) -> None:
    """Two checkpoints made at the same moment (a row duplicated by hand) used to crash verify on
    sorting them (TypeError): an attacker could make verify, checkpoint and prune unusable."""
    private, public_path = keys
    url = f"sqlite:{tmp_path / 'trail.db'}"
    fill(make_store, url, sample_decisions)
    assert main(["audit", "checkpoint", "--audit", url, "--key", str(private)]) == 0
    with database(url) as db:
        db.run("INSERT INTO audit_checkpoints (payload, signature) SELECT payload, signature FROM audit_checkpoints")
    with closing(open_trail(url)) as trail:
        report = verify(trail, load_public(public_path) if public else None)
    assert report.ok and report.checkpoints == 2
    assert main(["audit", "checkpoint", "--audit", url, "--key", str(private)]) == 0


def test_a_checkpoint_kept_outside_the_trail_catches_checkpoints_deleted_with_the_records_they_attested(
    tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision], keys: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    private, public = keys
    url, copy = f"sqlite:{tmp_path / 'trail.db'}", tmp_path / "checkpoint.json"
    fill(make_store, url, sample_decisions)
    capsys.readouterr()
    assert main(["audit", "checkpoint", "--audit", url, "--key", str(private), "--output", str(copy)]) == 0
    # both places said: the summary used to say "stored" alone, as if --output had been ignored
    assert f"signed checkpoint stored in the trail and written to {copy} for 1 writer(s)" in capsys.readouterr().out
    verify_cmd = ["audit", "verify", "--audit", url, "--public-key", str(public)]
    assert main([*verify_cmd, "--checkpoint", str(copy)]) == 0
    assert main(["audit", "verify", "--audit", url, "--checkpoint", str(copy)]) == 2  # a copy needs the key
    capsys.readouterr()
    # an attacker with write access: the last records cut off, the head moved back, the checkpoints deleted
    with database(url) as db:
        sixth = db.row("w1", 6)
        db.run("DELETE FROM audit_records WHERE seq > 6")
        db.run("UPDATE audit_heads SET seq = 6, hash = ?", sixth["hash"])
        db.run("DELETE FROM audit_checkpoints")
    assert main(verify_cmd) == 0  # the trail alone cannot tell
    capsys.readouterr()
    assert main([*verify_cmd, "--checkpoint", str(copy)]) == 1
    out = capsys.readouterr().out
    assert f"checkpoint: checkpoint in {copy}: is no longer stored in the trail" in out
    assert "deleted: w1 #8: covered by signed checkpoint in" in out


def test_a_checkpoint_copy_must_be_signed_by_the_given_key(tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision], keys: tuple[Path, Path]) -> None:
    private, public = keys
    url, copy = f"sqlite:{tmp_path / 'trail.db'}", tmp_path / "checkpoint.json"
    fill(make_store, url, sample_decisions)
    assert main(["audit", "checkpoint", "--audit", url, "--key", str(private), "--output", str(copy)]) == 0
    other_private, other_public = tmp_path / "other.key", tmp_path / "other.pub"
    assert main(["audit", "keygen", "--private-key", str(other_private), "--public-key", str(other_public)]) == 0
    forged = orjson.loads(copy.read_bytes())
    garbled = tmp_path / "garbled.json"
    signature = bytearray(base64.b64decode(forged["signature"]))
    signature[0] ^= 1
    garbled.write_bytes(orjson.dumps({**forged, "signature": base64.b64encode(signature).decode()}))
    with closing(open_trail(url)) as trail:
        other = verify(trail, load_public(other_public), checkpoint_copies=[("copy", copy.read_bytes())])
        altered = verify(trail, load_public(public), checkpoint_copies=[("garbled", garbled.read_bytes())])
    assert [(p.kind, p.detail) for p in other.problems] == [("checkpoint", "not made with the given public key")]
    # the trail's own checkpoint (made with the first key) is skipped, and said so; the copy is a problem, not counted again
    assert [n for n in other.notes if "another key" in n] == ["1 checkpoint(s) made with another key were not checked"]
    assert other.checkpoints_verified == 0
    assert [p.kind for p in altered.problems] == ["checkpoint"] and "signature does not verify" in altered.problems[0].detail


@pytest.mark.parametrize("deleted", [1, 2])
def test_a_checkpoint_deleted_before_a_later_one_is_named(
    deleted: int, db_url: str, make_store: OpenStore, sample_decisions: list[Decision], keys: tuple[Path, Path]
) -> None:
    """Each checkpoint names (by digest) the one stored before it: deleting the first or a middle one
    is caught by the next, with the key and without (no record was touched)."""
    private, public = keys
    for _ in range(3):
        fill(make_store, db_url, sample_decisions, count=2)
        assert main(["audit", "checkpoint", "--audit", db_url, "--key", str(private)]) == 0
    with closing(open_trail(db_url)) as trail:
        assert verify(trail, load_public(public)).ok
    with database(db_url) as db:
        db.run("DELETE FROM audit_checkpoints WHERE id = ?", deleted)
    with closing(open_trail(db_url)) as trail:
        for report in (verify(trail, load_public(public)), verify(trail)):
            assert [str(p) for p in report.problems] == [
                f"checkpoint: checkpoint #{deleted + 1}: the checkpoint stored before it is no longer in the trail: checkpoints were deleted"
            ]


ABSENT = object()


def _verify_one_signed_payload(
    tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision], keys: tuple[Path, Path], **fields: object
) -> Report:
    """Verify a trail holding one payload signed with the trail's key: a checkpoint of its head,
    ``fields`` changed (``ABSENT``: left out)."""
    from webhook.audit.checkpoint import CHECKPOINT_TYPE
    from webhook.audit.signing import key_id, load_private

    db_url = f"sqlite:{tmp_path / 'audit.db'}"
    private, public = keys
    key = load_private(private)
    fill(make_store, db_url, sample_decisions, count=3)
    with closing(open_trail(db_url, True)) as trail:
        head = trail.heads()["w1"]
        payload = {
            "type": CHECKPOINT_TYPE, "created": utc_timestamp(), "key": key_id(key.public_key()), "store": trail.description,
            "previous": None, "heads": {"w1": {"seq": head.seq, "hash": head.hash}}, "anchors": {},
        }  # fmt: skip
        payload.update(fields)
        signed = canonical({k: v for k, v in payload.items() if v is not ABSENT})
        trail.add_checkpoint(signed, key.sign(signed))
    with closing(open_trail(db_url)) as trail:
        return verify(trail, load_public(public))


@pytest.mark.parametrize("previous", ["unchained", "0" * 63, "A" * 64, 5])
def test_a_signed_checkpoint_whose_previous_is_not_a_digest_is_unreadable(
    previous: object, tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision], keys: tuple[Path, Path]
) -> None:
    """``previous`` is a checkpoint digest (lower-case SHA-256 hex) or null; a checkpoint without it
    is an older railguard's. Any other value, even signed, is not read as either: not as an older
    checkpoint (which would skip the check that none stored before it was deleted), nor as one
    naming a deleted checkpoint."""
    report = _verify_one_signed_payload(tmp_path, make_store, sample_decisions, keys, previous=previous)
    assert [str(p) for p in report.problems] == ["checkpoint: checkpoint #1: unreadable checkpoint"]
    assert not any("older railguard" in n for n in report.notes)


@pytest.mark.parametrize("kind", ["railguard.io/audit-checkpoint-v0", "", None, ABSENT])
def test_a_signed_payload_of_another_type_is_no_checkpoint(
    kind: object, tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision], keys: tuple[Path, Path]
) -> None:
    """Every checkpoint railguard has made says its ``type``: a payload the same key signed for any
    other purpose, however checkpoint-shaped, is not read as one."""
    report = _verify_one_signed_payload(tmp_path, make_store, sample_decisions, keys, type=kind)
    assert [str(p) for p in report.problems] == ["checkpoint: checkpoint #1: unreadable checkpoint"]


def test_a_well_formed_signed_payload_is_a_checkpoint(
    tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision], keys: tuple[Path, Path]
) -> None:
    """The helper above changes one field of a payload that is itself a good checkpoint."""
    report = _verify_one_signed_payload(tmp_path, make_store, sample_decisions, keys)
    assert report.ok and report.checkpoints_verified == 1, report.problems


def test_checkpoints_made_before_chaining_still_verify_with_a_note(
    db_url: str, make_store: OpenStore, sample_decisions: list[Decision], keys: tuple[Path, Path]
) -> None:
    """A checkpoint without ``previous`` (an older railguard) verifies, with a note; a new one
    after it names it, so deleting it is caught."""
    from webhook.audit.checkpoint import CHECKPOINT_TYPE
    from webhook.audit.signing import key_id, load_private

    private, public = keys
    key = load_private(private)
    fill(make_store, db_url, sample_decisions, count=3)
    with closing(open_trail(db_url, True)) as trail:
        head = trail.heads()["w1"]
        old = canonical(
            {
                "type": CHECKPOINT_TYPE, "created": utc_timestamp(), "key": key_id(key.public_key()), "store": trail.description,
                "heads": {"w1": {"seq": head.seq, "hash": head.hash}}, "anchors": {},
            }
        )  # fmt: skip
        trail.add_checkpoint(old, key.sign(old))
    with closing(open_trail(db_url)) as trail:
        report = verify(trail, load_public(public))
    assert report.ok and report.checkpoints_verified == 1, report.problems
    assert any("1 checkpoint(s) made by an older railguard do not name the checkpoint stored before them" in n for n in report.notes)
    fill(make_store, db_url, sample_decisions, count=2)
    assert main(["audit", "checkpoint", "--audit", db_url, "--key", str(private)]) == 0
    with closing(open_trail(db_url)) as trail:
        assert verify(trail, load_public(public)).ok
    with database(db_url) as db:
        db.run("DELETE FROM audit_checkpoints WHERE id = 1")
    with closing(open_trail(db_url)) as trail:
        report = verify(trail, load_public(public))
    assert [p.detail for p in report.problems] == ["the checkpoint stored before it is no longer in the trail: checkpoints were deleted"]
    assert not any("older railguard" in n for n in report.notes)


def test_a_json_lines_trail_is_checkpointed_to_a_file_that_catches_a_cut_tail(
    tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision], keys: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """A JSON Lines file keeps no checkpoints: one is written to --output only (required), and
    'verify --checkpoint' then names the records cut off the file's end, which the file alone hides."""
    private, public = keys
    path, copy = tmp_path / "audit.jsonl", tmp_path / "cp.json"
    url = f"jsonl:{path}"
    fill(make_store, url, sample_decisions, count=6)
    before = path.read_bytes()
    assert main(["audit", "checkpoint", "--audit", url, "--key", str(private)]) == 2
    assert "pass --output FILE" in capsys.readouterr().err
    assert main(["audit", "checkpoint", "--audit", url, "--key", str(private), "--output", str(path)]) == 2  # never over the trail
    assert path.read_bytes() == before
    assert main(["audit", "checkpoint", "--audit", url, "--key", str(private), "--output", str(copy)]) == 0
    assert f"signed checkpoint written to {copy} for 1 writer(s)" in capsys.readouterr().out
    assert path.read_bytes() == before  # nothing written into the trail
    verify_cmd = ["audit", "verify", "--audit", url, "--public-key", str(public), "--checkpoint", str(copy)]
    capsys.readouterr()
    assert main(verify_cmd) == 0
    assert "1 signed checkpoint(s) verified" in capsys.readouterr().out
    fill(make_store, url, sample_decisions, count=2)  # records after the checkpoint are fine
    assert main(verify_cmd) == 0
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join(lines[:4]))  # records #5..#8 cut off: the head file beside it shows it
    assert main(["audit", "verify", "--audit", url]) == 1
    Path(f"{path}.head").unlink()  # and removed with it: the file alone verifies (with a note)
    assert main(["audit", "verify", "--audit", url]) == 0
    capsys.readouterr()
    assert main(verify_cmd) == 1
    out = capsys.readouterr().out
    assert "#6: covered by signed checkpoint in " in out and "now missing" in out


def test_a_rotated_json_lines_file_alone_against_an_earlier_checkpoint_names_the_earlier_files_not_an_unsigned_prune(
    tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision], keys: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """The checkpoint attests #1..#3, which the rotation left in app.jsonl.1: verifying app.jsonl
    alone must say those records are in the earlier file, not blame a pruning anchor (a JSON Lines
    trail is never pruned; its anchor is the new file's continuation header)."""
    private, public = keys
    path, earlier, copy = tmp_path / "app.jsonl", tmp_path / "app.jsonl.1", tmp_path / "cp.json"
    store = make_store(f"jsonl:{path}", writer="w1")
    for decision in sample_decisions[:3]:
        store.record(decision, 1.0)
    assert main(["audit", "checkpoint", "--audit", f"jsonl:{path}", "--key", str(private), "--output", str(copy)]) == 0
    path.rename(earlier)
    for decision in sample_decisions[:2]:
        store.record(decision, 1.0)  # the sink follows the rotation: #4, #5 in the new file
    store.close()
    checked = ["--public-key", str(public), "--checkpoint", str(copy)]
    capsys.readouterr()
    assert main(["audit", "verify", "--audit", f"jsonl:{path}", *checked]) == 1
    out = capsys.readouterr().out
    assert "pruning anchor" not in out and "not signed" not in out
    assert f"records #1..#3 are covered by signed checkpoint in {copy}" in out
    assert f"not in jsonl:{path}, which continues the chain from #3: they are in an earlier file of the rotation" in out
    assert "give verify the files the checkpoint covers, oldest first" in out, out
    assert main(["audit", "verify", "--audit", f"jsonl:{earlier}", "--audit", f"jsonl:{path}", *checked]) == 0


def test_a_checkpoint_output_naming_the_trail_is_refused_before_anything_is_signed(
    tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision], keys: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    private, public = keys
    path = tmp_path / "trail.db"
    url = f"sqlite:{path}"
    fill(make_store, url, sample_decisions)
    assert main(["audit", "checkpoint", "--audit", url, "--key", str(private), "--output", str(path)]) == 2
    assert "is the trail's own file" in capsys.readouterr().err
    with closing(open_trail(url)) as trail:  # the database was neither overwritten nor given a checkpoint
        report = verify(trail, load_public(public))
    assert report.ok and report.records == 8 and report.checkpoints == 0


def test_an_empty_checkpoint_output_or_copy_is_refused_before_anything_is_signed(
    tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision], keys: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """An empty --output is refused like any empty flag (it named the current folder: the checkpoint
    was signed and stored, then the command failed writing '.'); so is an empty --checkpoint."""
    private, public = keys
    url = f"sqlite:{tmp_path / 'trail.db'}"
    fill(make_store, url, sample_decisions)
    with pytest.raises(SystemExit) as exited:
        main(["audit", "checkpoint", "--audit", url, "--key", str(private), "--output", ""])
    assert exited.value.code == 2
    assert "argument --output/-o: is empty" in capsys.readouterr().err
    with closing(open_trail(url)) as trail:
        report = verify(trail, load_public(public))
    assert report.ok and report.checkpoints == 0
    with pytest.raises(SystemExit) as exited:
        main(["audit", "verify", "--audit", url, "--public-key", str(public), "--checkpoint", ""])
    assert exited.value.code == 2
    assert "argument --checkpoint: is empty" in capsys.readouterr().err


def test_a_checkpoint_made_for_another_store_is_noted(tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision], keys: tuple[Path, Path]) -> None:
    """The store a checkpoint names is compared with the trail verified: a copy elsewhere still
    verifies (the chains decide), with a note naming the store the checkpoints were made for."""
    import shutil

    private, public = keys
    path = tmp_path / "trail.db"
    url = f"sqlite:{path}"
    fill(make_store, url, sample_decisions)
    assert main(["audit", "checkpoint", "--audit", url, "--key", str(private)]) == 0
    with closing(open_trail(url)) as trail:
        here = verify(trail, load_public(public))
    assert here.ok and not any("another store" in note for note in here.notes)
    shutil.copy(path, tmp_path / "copy.db")
    with closing(open_trail(f"sqlite:{tmp_path / 'copy.db'}")) as trail:
        there = verify(trail, load_public(public))
    assert there.ok and there.checkpoints_verified == 1
    assert [n for n in there.notes if "another store" in n] == [
        f"1 checkpoint(s) were made for another store ('{url}'): expected if this trail was moved, copied or opened by"
        " another name; otherwise they belong to another trail"
    ]


def test_a_json_lines_checkpoint_is_for_any_of_the_rotated_files_given(
    tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision], keys: tuple[Path, Path]
) -> None:
    """A checkpoint of a JSON Lines file signs that file's URL; verified as docs/audit.md says, with the
    rotated files it covers given together, it was made for this trail: no 'another store' note."""
    import os

    private, public = keys
    path, copy = tmp_path / "app.jsonl", tmp_path / "cp.json"
    store = make_store(f"jsonl:{path}")
    for decision in sample_decisions[:3]:
        store.record(decision, 1.0)
    assert main(["audit", "checkpoint", "--audit", f"jsonl:{path}", "--key", str(private), "--output", str(copy)]) == 0
    os.rename(path, tmp_path / "app.jsonl.1")  # logrotate: renamed away, the sink goes on in a new file
    for decision in sample_decisions[:2]:
        store.record(decision, 1.0)
    store.close()
    files = [str(tmp_path / "app.jsonl.1"), str(path)]
    with closing(JsonlTrail(files)) as trail:
        report = verify(trail, load_public(public), checkpoint_copies=[("cp.json", copy.read_bytes())])
    assert report.ok and report.checkpoints_verified == 1, report.problems
    assert not any("another store" in note for note in report.notes), report.notes
    with closing(JsonlTrail([str(tmp_path / "app.jsonl.1")])) as trail:  # the file renamed: another name, noted
        moved = verify(trail, load_public(public), checkpoint_copies=[("cp.json", copy.read_bytes())])
    assert moved.ok and any("another store" in note for note in moved.notes)


def test_a_checkpoint_with_a_problem_is_counted_once(db_url: str, make_store: OpenStore, sample_decisions: list[Decision], keys: tuple[Path, Path]) -> None:
    """A checkpoint whose predecessor was deleted is still checked against the chains and has a
    problem too: the trail holds two checkpoints, and verify counts two, not three."""
    private, _public = keys
    for _ in range(3):
        fill(make_store, db_url, sample_decisions, count=2)
        assert main(["audit", "checkpoint", "--audit", db_url, "--key", str(private)]) == 0
    with database(db_url) as db:
        db.run("DELETE FROM audit_checkpoints WHERE id = 2")
    with closing(open_trail(db_url)) as trail:
        report = verify(trail)
    assert len(report.problems) == 1 and report.checkpoints == 2
    assert "2 checkpoint(s) not authenticated: pass --public-key to verify their signatures" in report.notes


def _main_unless_it_waits(argv: list[str], fifo: Path) -> int:
    """``main(argv)``, failing the test if it waits on ``fifo`` (then given a writer to end the wait)."""
    result: list[int] = []
    thread = threading.Thread(target=lambda: result.append(main(argv)), daemon=True)
    thread.start()
    thread.join(10)
    if thread.is_alive():
        with open(fifo, "wb"):  # the reader blocked in open: give it a writer, then end of file
            pass
        thread.join(10)
        pytest.fail(f"{' '.join(argv)}: waited on a FIFO")
    return result[0]


@pytest.mark.parametrize("flag", ["--public-key", "--checkpoint", "prune --key", "checkpoint --key"])
def test_a_key_or_checkpoint_file_that_is_not_a_small_regular_file_is_refused_without_reading_it(
    flag: str, tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision], keys: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    """A FIFO waited forever (for a writer, then for its end), ``/dev/zero`` was read until memory ran
    out (here /dev/null, which ends, stands for the devices), a huge file was read whole."""
    from webhook.audit import checkpoint, signing

    private, public = keys
    url, copy = f"sqlite:{tmp_path / 'trail.db'}", tmp_path / "checkpoint.json"
    fill(make_store, url, sample_decisions)
    assert main(["audit", "checkpoint", "--audit", url, "--key", str(private), "--output", str(copy)]) == 0
    fifo, large, folder = tmp_path / "fifo", tmp_path / "large", tmp_path / "folder"
    os.mkfifo(fifo)
    folder.mkdir()
    monkeypatch.setattr(checkpoint, "MAX_COPY_BYTES", len(copy.read_bytes()), raising=False)
    large.write_bytes(copy.read_bytes() + b" " * getattr(signing, "MAX_KEY_BYTES", 1))  # a valid copy, then spaces
    argv = {
        "--public-key": ["audit", "verify", "--audit", url, "--public-key"],
        "--checkpoint": ["audit", "verify", "--audit", url, "--public-key", str(public), "--checkpoint"],
        "prune --key": ["audit", "prune", "--audit", url, "--before", "2000-01-01", "--key"],
        "checkpoint --key": ["audit", "checkpoint", "--audit", url, "--key"],
    }[flag]
    assert main([*argv, str(copy if flag == "--checkpoint" else public if flag == "--public-key" else private)]) == 0
    capsys.readouterr()
    for path, why in ((fifo, "not a regular file"), (Path("/dev/null"), "not a regular file"), (folder, "Is a directory"), (large, "larger than")):
        assert _main_unless_it_waits([*argv, str(path)], fifo) == 2
        assert f"railguard: {path}: cannot read: {why}" in capsys.readouterr().err


def _date_back(url: str, writer: str, old: int) -> None:
    """Date a writer's first ``old`` records in 2020 and re-hash its chain and head (to prune them)."""
    with database(url) as db:
        prev = GENESIS
        last = db.run("SELECT max(seq) FROM audit_records WHERE writer = ?", writer)[0][0]
        for n in range(1, last + 1):
            record = record_of(db.row(writer, n))
            if n <= old:
                record["ts"] = f"2020-01-0{n}T00:00:00.000000Z"
                db.run("UPDATE audit_records SET ts = ? WHERE writer = ? AND seq = ?", record["ts"], writer, n)
            record["prevHash"] = prev
            body = canonical(record)
            prev = chain_hash(prev, body)
            db.set_body(writer, n, body, prev)
            db.run("UPDATE audit_records SET prev_hash = ? WHERE writer = ? AND seq = ?", record["prevHash"], writer, n)
        db.run("UPDATE audit_heads SET hash = ? WHERE writer = ?", prev, writer)


def test_a_jsonl_export_of_a_pruned_trail_verifies_alone(
    db_url: str, make_store: OpenStore, sample_decisions: list[Decision], keys: tuple[Path, Path], tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The export starts with a header line per pruned chain (its anchor): its first records chain
    to it, so verify on the export alone passes (with a note naming where each chain starts), and
    what it could miss is still caught: a first record removed, a header moved."""
    private, _ = keys
    fill(make_store, db_url, sample_decisions, count=6, writer="w1")
    fill(make_store, db_url, sample_decisions, count=3, writer="w2")
    _date_back(db_url, "w1", 4)
    _date_back(db_url, "w2", 1)
    assert main(["audit", "prune", "--audit", db_url, "--before", "2021-01-01", "--key", str(private)]) == 0
    exported = tmp_path / "export.jsonl"
    assert main(["audit", "export", "--audit", db_url, "--output", str(exported)]) == 0
    capsys.readouterr()
    lines = exported.read_bytes().splitlines()
    assert [orjson.loads(line)["continues"]["seq"] for line in lines[:2]] == [4, 1]
    assert len(lines) == 2 + 2 + 2

    assert main(["audit", "verify", "--audit", f"jsonl:{exported}"]) == 0
    out, err = capsys.readouterr()
    assert "OK:" in out and "4 records, 2 writer(s)" in out, out
    assert "continues writer w1's chain from #4" in err and "continues writer w2's chain from #1" in err, err

    cut = tmp_path / "cut.jsonl"  # the first record after w1's anchor removed
    cut.write_bytes(b"\n".join(line for line in lines if b'"seq":5,' not in line) + b"\n")
    with closing(open_trail(f"jsonl:{cut}")) as trail:
        found = {(p.kind, p.writer, p.seq) for p in verify(trail).problems}
    assert ("deleted", "w1", 5) in found, found
    moved = tmp_path / "moved.jsonl"  # w1's header claims a later start: #5 lies at or before it
    header = orjson.loads(lines[0])
    header["continues"]["seq"] = 5
    moved.write_bytes(b"\n".join([orjson.dumps(header), *lines[1:]]) + b"\n")
    with closing(open_trail(f"jsonl:{moved}")) as trail:
        found = {(p.kind, p.writer, p.seq) for p in verify(trail).problems}
    assert ("inserted", "w1", 5) in found, found


def test_an_export_of_a_pruned_trail_against_an_earlier_checkpoint_says_the_records_may_have_been_pruned(
    db_url: str, make_store: OpenStore, sample_decisions: list[Decision], keys: tuple[Path, Path], tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A checkpoint made before a prune attests #1..#6; the export of the pruned trail continues
    from #4: verify must not say only "an earlier file of the rotation" (there is none), but that
    the records may have been pruned, and which checkpoint proves that."""
    private, public = keys
    fill(make_store, db_url, sample_decisions, count=6, writer="w1")
    _date_back(db_url, "w1", 4)
    copy = tmp_path / "cp.json"
    assert main(["audit", "checkpoint", "--audit", db_url, "--key", str(private), "--output", str(copy)]) == 0
    assert main(["audit", "prune", "--audit", db_url, "--before", "2021-01-01", "--key", str(private)]) == 0
    exported = tmp_path / "export.jsonl"
    assert main(["audit", "export", "--audit", db_url, "--output", str(exported)]) == 0
    capsys.readouterr()
    assert main(["audit", "verify", "--audit", f"jsonl:{exported}", "--public-key", str(public), "--checkpoint", str(copy)]) == 1
    out = capsys.readouterr().out
    assert f"records #1..#4 are covered by signed checkpoint in {copy}" in out, out
    assert "pruned from the trail it was exported from" in out, out
    assert "verify the trail it was exported from" in out, out
    # which passes: the trail holds the checkpoint the prune signed, the anchor the export starts from
    assert main(["audit", "verify", "--audit", db_url, "--public-key", str(public), "--checkpoint", str(copy)]) == 0


def test_a_checkpoint_made_long_after_the_records_it_signs_verifies(
    db_url: str, make_store: OpenStore, sample_decisions: list[Decision], keys: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The usual case (a daily checkpoint): every record is dated well before the checkpoint, and
    the last one is the head it signs; none of them is backdated."""
    from webhook.audit import checkpoint as checkpoint_module

    private, public = keys
    fill(make_store, db_url, sample_decisions)
    later = utc_timestamp(dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1))
    monkeypatch.setattr(checkpoint_module, "utc_timestamp", lambda: later)
    assert main(["audit", "checkpoint", "--audit", db_url, "--key", str(private)]) == 0
    with closing(open_trail(db_url)) as trail:
        report = verify(trail, load_public(public))
    assert report.ok, [str(p) for p in report.problems]
    assert report.checkpoints_verified == 1 and report.writers["w1"].seq == 8


def _prune_up_to(url: str, seq: int) -> None:
    with database(url) as db:
        cut = ChainMark(seq, db.row("w1", seq)["hash"])
    with closing(open_trail(url, writable=True)) as trail:
        trail.prune({"w1": cut})


def test_the_records_after_a_pruning_anchor_all_deleted_are_named_from_the_anchor(
    db_url: str, make_store: OpenStore, sample_decisions: list[Decision]
) -> None:
    fill(make_store, db_url, sample_decisions)
    _prune_up_to(db_url, 5)
    with database(db_url) as db:
        db.run("DELETE FROM audit_records WHERE writer = 'w1'")
    with closing(open_trail(db_url)) as trail:
        report = verify(trail)
    assert [str(p) for p in report.problems] == ["deleted: w1 #6: records #6..#8 are missing"]


def test_a_head_edited_after_every_record_was_pruned_is_named(db_url: str, make_store: OpenStore, sample_decisions: list[Decision]) -> None:
    """No record is left to walk: the pruning anchor, the chain's last record, is checked against the head."""
    fill(make_store, db_url, sample_decisions)
    _prune_up_to(db_url, 8)
    with closing(open_trail(db_url)) as trail:
        assert verify(trail).ok
    with database(db_url) as db:
        db.run("UPDATE audit_heads SET hash = ? WHERE writer = 'w1'", "f" * 64)
    with closing(open_trail(db_url)) as trail:
        report = verify(trail)
    assert [str(p) for p in report.problems] == ["edited: w1 #8: differs from the head the writer recorded"]


def test_an_export_of_a_trail_whose_writer_was_pruned_whole_verifies_against_its_checkpoint(
    tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision], keys: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """w2's records all pruned: the export holds only its header (the anchor, its last record),
    which the checkpoint copy signs as its head and its anchor; nothing signed is missing."""
    private, public = keys
    url, copy, exported = f"sqlite:{tmp_path / 'trail.db'}", tmp_path / "checkpoint.json", tmp_path / "export.jsonl"
    fill(make_store, url, sample_decisions, count=6, writer="w1")
    fill(make_store, url, sample_decisions, count=3, writer="w2")
    _date_back(url, "w2", 3)
    assert main(["audit", "prune", "--audit", url, "--before", "2021-01-01", "--key", str(private)]) == 0
    assert main(["audit", "checkpoint", "--audit", url, "--key", str(private), "--output", str(copy)]) == 0
    assert main(["audit", "export", "--audit", url, "--output", str(exported)]) == 0
    capsys.readouterr()
    code = main(["audit", "verify", "--audit", f"jsonl:{exported}", "--public-key", str(public), "--checkpoint", str(copy)])
    out = capsys.readouterr().out
    assert code == 0 and "OK:" in out, out


def test_a_signed_pruning_anchor_deleted_is_reported_not_a_crash(
    tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision], keys: tuple[Path, Path]
) -> None:
    private, public = keys
    url = f"sqlite:{tmp_path / 'trail.db'}"
    fill(make_store, url, sample_decisions, count=6)
    _date_back(url, "w1", 4)
    assert main(["audit", "prune", "--audit", url, "--before", "2021-01-01", "--key", str(private)]) == 0
    with database(url) as db:
        db.run("DELETE FROM audit_anchors")
    with closing(open_trail(url)) as trail:
        report = verify(trail, load_public(public))
    assert ("deleted", "w1", 1) in {(p.kind, p.writer, p.seq) for p in report.problems}, [str(p) for p in report.problems]


def test_a_checkpoint_copy_holding_anything_but_base64_is_not_a_checkpoint(
    tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision], keys: tuple[Path, Path]
) -> None:
    """A copy file (``checkpoint --output``) is read strictly: base64 with any other character in
    it (an edit) is not a checkpoint, even when the bytes left would still decode and verify."""
    from webhook.audit.checkpoint import read_copy

    private, _public = keys
    url, copy = f"sqlite:{tmp_path / 'audit.db'}", tmp_path / "cp.json"
    fill(make_store, url, sample_decisions, count=2)
    assert main(["audit", "checkpoint", "--audit", url, "--key", str(private), "--output", str(copy)]) == 0
    raw = orjson.loads(copy.read_bytes())
    assert read_copy(copy.read_bytes()) is not None
    for field in ("payload", "signature"):
        edited = {**raw, field: raw[field][:8] + "!" + raw[field][8:]}
        assert read_copy(orjson.dumps(edited)) is None, field


def test_prune_without_a_key_keeps_the_record_at_the_cut_and_signs_nothing_and_an_empty_prune_deletes_nothing(
    tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision], keys: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    private, public = keys
    url = f"sqlite:{tmp_path / 'trail.db'}"
    fill(make_store, url, sample_decisions, count=6)
    _date_back(url, "w1", 4)  # #1..#4 dated 2020-01-01 .. 2020-01-04 at midnight
    capsys.readouterr()
    # a trail without checkpoints is pruned without a key; #3, dated the cut itself, stays
    assert main(["audit", "prune", "--audit", url, "--before", "2020-01-03"]) == 0
    out = capsys.readouterr().out
    assert "deleted 2 record(s)\n" in out and "checkpoint" not in out
    with closing(open_trail(url)) as trail:
        report = verify(trail)
        assert report.ok, [str(p) for p in report.problems]
        assert report.records == 4 and report.checkpoints == 0
        assert trail.anchors()["w1"].seq == 2
    # nothing older than the cut: nothing deleted, no anchor moved, no checkpoint signed
    assert main(["audit", "prune", "--audit", url, "--before", "2020-01-01", "--key", str(private)]) == 0
    out = capsys.readouterr().out
    assert out == "deleted 0 record(s)\n"
    with closing(open_trail(url)) as trail:
        report = verify(trail, load_public(public))
        assert report.ok and report.records == 4 and report.checkpoints == 0
        assert trail.anchors()["w1"].seq == 2


def test_keygen_prints_the_key_id_and_a_key_of_another_type_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    from webhook.audit.signing import key_id, load_private
    from webhook.errors import AuditError

    private, public = tmp_path / "audit.key", tmp_path / "audit.pub"
    assert main(["audit", "keygen", "--private-key", str(private), "--public-key", str(public)]) == 0
    assert capsys.readouterr().out.startswith(f"{key_id(load_public(public))}: private key ")
    assert key_id(load_private(private).public_key()) == key_id(load_public(public))
    unwritable = tmp_path / "no-such-folder" / "audit.key"
    assert main(["audit", "keygen", "--private-key", str(unwritable), "--public-key", str(tmp_path / "other.pub")]) == 2
    assert f"{unwritable}: cannot write" in capsys.readouterr().err
    other = ec.generate_private_key(ec.SECP256R1())
    ec_private, ec_public = tmp_path / "ec.key", tmp_path / "ec.pub"
    ec_private.write_bytes(other.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    ec_public.write_bytes(other.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    with pytest.raises(AuditError, match="not an Ed25519 private key"):
        load_private(ec_private)
    with pytest.raises(AuditError, match="not an Ed25519 public key"):
        load_public(ec_public)
