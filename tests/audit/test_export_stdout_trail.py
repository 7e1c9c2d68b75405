"""``railguard audit export --audit jsonl:trail.jsonl > trail.jsonl``: the shell empties the trail
before railguard starts. The export must see that standard output is the trail's own file (by
device and inode: any name, a hard link) before it opens the trail, refuse with exit 2, write
nothing, and say the trail may already be truncated and must be restored from a copy. Appending
(``>>``) truncates nothing, and is refused too (the export would land in the trail)."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from webhook.admission import Decision

from .conftest import OpenStore


def trail_of(kind: str, tmp_path: Path, make_store: OpenStore, decisions: list[Decision]) -> tuple[Path, str]:
    path = tmp_path / f"trail.{'db' if kind == 'sqlite' else 'jsonl'}"
    store = make_store(f"{kind}:{path}")
    for decision in decisions:
        store.record(decision, 1.0)
    store.close()
    return path, f"{kind}:{path}"


def export_into(url: str, redirect: str, target: Path) -> subprocess.CompletedProcess[str]:
    """``railguard audit export --audit URL`` with standard output redirected by a shell."""
    command = f"{shlex.quote(sys.executable)} -m webhook.cli audit export --audit {shlex.quote(url)} {redirect} {shlex.quote(str(target))}"
    return subprocess.run(["sh", "-c", command], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("kind", ["jsonl", "sqlite"])
def test_standard_output_truncating_the_trail_is_refused_and_says_to_restore_it(
    kind: str, tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision]
) -> None:  # fmt: skip
    path, url = trail_of(kind, tmp_path, make_store, sample_decisions)
    done = export_into(url, ">", path)
    assert done.returncode == 2, done.stderr
    assert f"standard output is the trail's own file {path}" in done.stderr
    assert "the shell may already have truncated it" in done.stderr and "restore it from a copy" in done.stderr
    assert "nothing was written" in done.stderr and "not a railguard audit trail" not in done.stderr
    assert path.stat().st_size == 0  # what the shell did; railguard wrote nothing


@pytest.mark.parametrize("kind", ["jsonl", "sqlite"])
def test_standard_output_appending_to_the_trail_or_a_hard_link_is_refused_and_the_trail_kept(
    kind: str, tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision]
) -> None:  # fmt: skip
    path, url = trail_of(kind, tmp_path, make_store, sample_decisions)
    before = path.read_bytes()
    done = export_into(url, ">>", path)
    assert done.returncode == 2 and f"standard output is the trail's own file {path}" in done.stderr
    assert "truncated" not in done.stderr  # >> empties nothing: no false alarm
    assert path.read_bytes() == before
    link = tmp_path / "link"
    link.hardlink_to(path)
    done = export_into(url, ">", link)
    assert done.returncode == 2 and "the shell may already have truncated it" in done.stderr


def test_standard_output_elsewhere_still_exports(tmp_path: Path, make_store: OpenStore, sample_decisions: list[Decision]) -> None:
    path, url = trail_of("jsonl", tmp_path, make_store, sample_decisions)
    done = export_into(url, ">", tmp_path / "export.jsonl")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "export.jsonl").read_bytes() == path.read_bytes()
