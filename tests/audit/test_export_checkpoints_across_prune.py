"""An export of a pruned trail verified alone against checkpoint copies made before and after the
prune: the copy made after it signs the pruning anchor the export starts from, so the records the
earlier copy attested and the prune removed are accounted for; a copy naming the trail's own stored
checkpoints (the prune's) is not a checkpoint deleted from the export."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from webhook.admission import Decision
from webhook.audit.record import canonical, chain_hash, with_hash
from webhook.cli import main

from .conftest import OpenStore
from .test_checkpoint_prune import _date_back, fill

SECRET = "x-not-secret-x"  # in sample_decisions' env: never in any output


@pytest.fixture
def keys(tmp_path: Path) -> tuple[Path, Path]:
    private, public = tmp_path / "audit.key", tmp_path / "audit.pub"
    assert main(["audit", "keygen", "--private-key", str(private), "--public-key", str(public)]) == 0
    return private, public


def _exported(db_url: str, tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision], private: Path) -> tuple[Path, Path, Path]:
    """w1 #1..#6 (#1..#4 old), checkpoint copy cp1; #7, #8; prune (#1..#4, signed); copy cp2; #9, #10; export."""
    fill(make_store, db_url, sample_decisions, count=6)
    _date_back(db_url, "w1", 4)
    cp1, cp2, exported = tmp_path / "cp1.json", tmp_path / "cp2.json", tmp_path / "export.jsonl"
    assert main(["audit", "checkpoint", "--audit", db_url, "--key", str(private), "--output", str(cp1)]) == 0
    fill(make_store, db_url, sample_decisions, count=2)
    assert main(["audit", "prune", "--audit", db_url, "--before", "2021-01-01", "--key", str(private)]) == 0
    assert main(["audit", "checkpoint", "--audit", db_url, "--key", str(private), "--output", str(cp2)]) == 0
    fill(make_store, db_url, sample_decisions, count=2)
    assert main(["audit", "export", "--audit", db_url, "--output", str(exported)]) == 0
    return cp1, cp2, exported


def _verify(path: Path, public: Path, *copies: Path) -> int:
    argv = ["audit", "verify", "--audit", f"jsonl:{path}", "--public-key", str(public)]
    for copy in copies:
        argv += ["--checkpoint", str(copy)]
    return main(argv)


def test_an_export_verifies_alone_against_checkpoints_made_before_and_after_a_prune(
    db_url: str, tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision], keys: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    private, public = keys
    cp1, cp2, exported = _exported(db_url, tmp_path, make_store, sample_decisions, private)
    lines = exported.read_bytes().splitlines()
    assert orjson.loads(lines[0])["continues"]["seq"] == 4 and len(lines) == 1 + 6
    capsys.readouterr()
    assert _verify(exported, public, cp1, cp2) == 0
    out, err = capsys.readouterr()
    assert "OK:" in out and "6 records, 1 writer(s), 2 signed checkpoint(s) verified" in out, out
    assert "1 checkpoint(s) follow checkpoints stored in the trail they were made for" in err, err
    err = err.replace(f"{tmp_path}/", "")
    # cp2 signs the anchor the export starts from: its records are proven from there, not from #5 on
    assert "continues writer w1's chain from #4" in err and "which signed checkpoint in cp2.json holds" in err, err
    assert "only its records from #5 on are proven" not in err, err
    assert _verify(exported, public, cp2) == 0  # the later copy alone signs the anchor and #5..#8
    assert "which signed checkpoint in cp2.json holds: its records are proven from there on" in capsys.readouterr().err.replace(f"{tmp_path}/", "")
    # the earlier copy alone cannot tell a prune from a cut behind a forged header: still refused
    assert _verify(exported, public, cp1) == 1
    out, err = capsys.readouterr()
    assert "pruned from the trail it was exported from" in out
    err = err.replace(f"{tmp_path}/", "")
    assert "only its records from #5 on are proven" in err and "signed checkpoint in cp1.json holds" not in err, err
    # and the source trail, which holds the prune's checkpoint, verifies with both copies
    assert main(["audit", "verify", "--audit", db_url, "--public-key", str(public), "--checkpoint", str(cp1), "--checkpoint", str(cp2)]) == 0


def _rewritten(lines: list[bytes], start: int) -> list[bytes]:
    """Lines with record #start edited and it and every later record re-hashed (a chain rewritten)."""
    out, prev = [], None
    for line in lines:
        record = orjson.loads(line)
        if "continues" in record or record["seq"] < start:
            out.append(line)
            prev = record.get("hash")
            continue
        record.pop("hash")
        if record["seq"] == start:
            record["user"]["username"] = "nobody"
        else:
            record["prevHash"] = prev
        body = canonical(record)
        prev = chain_hash(record["prevHash"], body)
        out.append(with_hash(body, prev))
    return out


TAMPERED = {  # what was done to the export: the problems verify names (kind, writer, seq; whose checkpoint)
    "cut #6": ["deleted: w1 #6: record(s) #6 are missing"],
    "cut #7..#10": ["deleted: w1 #8: covered by signed checkpoint in cp2.json"],  # #7, #8 attested by cp2
    "edited #5": ["edited: w1 #5: its content does not match its hash"],
    "rewritten from #6": ["edited: w1 #6: differs from signed checkpoint in cp1.json", "edited: w1 #8: differs from signed checkpoint in cp2.json"],
    "header moved to #5": [  # cp2 signs the anchor at #4 and records up to #8: no prune it knows of starts at #5
        "edited: w1 #5: jsonl:tampered.jsonl continues the chain from #5, but signed checkpoint in cp2.json holds its"
        " pruning anchor at #4 and its records up to #8: the continuation header was moved past the signed anchor and"
        " record(s) #5 removed"
    ],
}


@pytest.mark.parametrize("tamper", list(TAMPERED))
def test_a_tampered_export_still_fails_against_checkpoints_across_a_prune(
    tamper: str, tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision], keys: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    private, public = keys
    cp1, cp2, exported = _exported(f"sqlite:{tmp_path / 'trail.db'}", tmp_path, make_store, sample_decisions, private)
    assert _verify(exported, public, cp1, cp2) == 0  # intact: the problems below are the tampering's alone
    lines = exported.read_bytes().splitlines()
    seq_of = {n: orjson.loads(line).get("seq") for n, line in enumerate(lines)}
    if tamper == "cut #6":
        lines = [line for n, line in enumerate(lines) if seq_of[n] != 6]
    elif tamper == "cut #7..#10":  # the tail, #7 and #8 attested by cp2
        lines = [line for n, line in enumerate(lines) if not (seq_of[n] or 0) >= 7]
    elif tamper == "edited #5":
        lines = [line.replace(b'"username":"', b'"username":"x') if seq_of[n] == 5 else line for n, line in enumerate(lines)]
    elif tamper == "rewritten from #6":
        lines = _rewritten(lines, 6)
    else:  # records #5 dropped behind a header claiming the chain starts after it
        header = orjson.loads(lines[0])
        fifth = next(orjson.loads(line) for n, line in enumerate(lines) if seq_of[n] == 5)
        header["continues"].update(seq=5, hash=fifth["hash"])
        lines = [orjson.dumps(header)] + [line for n, line in enumerate(lines) if n and seq_of[n] != 5]
    tampered = tmp_path / "tampered.jsonl"
    tampered.write_bytes(b"\n".join(lines) + b"\n")
    capsys.readouterr()
    assert _verify(tampered, public, cp1, cp2) == 1
    out = capsys.readouterr().out
    assert "FAILED:" in out, out
    problems = [line.replace(f"{tmp_path}/", "") for line in out.splitlines() if not line.startswith(("OK:", "FAILED:"))]
    assert len(problems) == len(TAMPERED[tamper]), out
    for problem, expected in zip(problems, TAMPERED[tamper], strict=True):
        assert problem.startswith(expected), out


def test_a_header_moved_past_a_signed_anchor_is_named_unless_a_later_prune_signs_it(
    tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision], keys: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    """#1..#5 old; prune #1..#4, copy cp2 (anchor #4, head #8); prune #5 too, copy cp3 (anchor #5);
    export. Given cp2 alone, an export starting after #5 is what a header moved past cp2's anchor
    looks like: named as such, with the way out if it was a prune; given cp3 as well it verifies."""
    private, public = keys
    url = f"sqlite:{tmp_path / 'trail.db'}"
    fill(make_store, url, sample_decisions, count=8)
    _date_back(url, "w1", 5)  # #n dated 2020-01-0n
    cp2, cp3, exported = tmp_path / "cp2.json", tmp_path / "cp3.json", tmp_path / "export.jsonl"
    assert main(["audit", "prune", "--audit", url, "--before", "2020-01-05", "--key", str(private)]) == 0
    assert main(["audit", "checkpoint", "--audit", url, "--key", str(private), "--output", str(cp2)]) == 0
    assert main(["audit", "prune", "--audit", url, "--before", "2020-01-06", "--key", str(private)]) == 0
    assert main(["audit", "checkpoint", "--audit", url, "--key", str(private), "--output", str(cp3)]) == 0
    assert main(["audit", "export", "--audit", url, "--output", str(exported)]) == 0
    assert orjson.loads(exported.read_bytes().splitlines()[0])["continues"]["seq"] == 5
    capsys.readouterr()
    assert _verify(exported, public, cp2, cp3) == 0
    assert _verify(exported, public, cp2) == 1
    out = capsys.readouterr().out.replace(f"{tmp_path}/", "")
    assert "edited: w1 #5: jsonl:export.jsonl continues the chain from #5, but signed checkpoint in cp2.json holds its pruning anchor at #4" in out, out
    assert "record(s) #5 removed (if the trail was pruned again after that checkpoint, give verify the checkpoint that prune signed)" in out, out
    assert SECRET not in out
    # a header moved further, #5..#6 behind it: the range is named
    lines = exported.read_bytes().splitlines()
    sixth = next(orjson.loads(line) for line in lines[1:] if orjson.loads(line)["seq"] == 6)
    header = orjson.loads(lines[0])
    header["continues"].update(seq=6, hash=sixth["hash"])
    moved = tmp_path / "moved.jsonl"
    moved.write_bytes(b"\n".join([orjson.dumps(header), *(line for line in lines[1:] if orjson.loads(line)["seq"] != 6)]) + b"\n")
    capsys.readouterr()
    assert _verify(moved, public, cp2, cp3) == 1
    out = capsys.readouterr().out.replace(f"{tmp_path}/", "")
    assert "edited: w1 #6: jsonl:moved.jsonl continues the chain from #6, but signed checkpoint in cp3.json holds its pruning anchor at #5" in out, out
    assert "record(s) #6 removed" in out, out
