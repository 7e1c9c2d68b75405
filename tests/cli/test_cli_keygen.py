"""`railguard audit keygen` never replaces a key file: the public key auditors verify checkpoints
with is as precious as the private one (it was silently overwritten when only it existed)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from webhook.cli import main


def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("existing", ["private", "public", "both"])
def test_keygen_refuses_when_either_key_file_exists_and_writes_nothing(
    existing: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    private, public = tmp_path / "audit.key", tmp_path / "audit.pub"
    if existing in ("private", "both"):
        private.write_bytes(b"the private key already in use\n")
    if existing in ("public", "both"):
        public.write_bytes(b"the public key auditors already hold\n")
    before = _snapshot(tmp_path)
    assert main(["audit", "keygen", "--private-key", str(private), "--public-key", str(public)]) == 2
    err = capsys.readouterr().err
    named = private if existing != "public" else public
    assert f"{named}: already exists" in err and "nothing was written" in err
    assert _snapshot(tmp_path) == before  # neither file created nor changed


def test_keygen_refuses_a_dangling_symbolic_link_as_the_public_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    private, public, target = tmp_path / "audit.key", tmp_path / "audit.pub", tmp_path / "elsewhere.pub"
    os.symlink(target, public)
    assert main(["audit", "keygen", "--private-key", str(private), "--public-key", str(public)]) == 2
    assert f"{public}: already exists" in capsys.readouterr().err
    assert not private.exists() and not target.exists()


def test_keygen_refuses_one_file_for_both_keys(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    both = tmp_path / "audit.pem"
    assert main(["audit", "keygen", "--private-key", str(both), "--public-key", str(both)]) == 2
    assert "both the private and the public key" in capsys.readouterr().err
    assert not both.exists()

