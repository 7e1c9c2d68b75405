"""A reader that leaves before the report is written (`railguard ... | head -1`) is no error: the
commands end quietly, with the exit code their work gave, and never print a traceback. `policies
list` and `policies verify` printed line by line and died on BrokenPipeError."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def run_with_reader_gone(*args: str) -> subprocess.CompletedProcess[bytes]:
    """Run ``railguard ARGS`` with standard output a pipe whose read end is already closed."""
    read, write = os.pipe()
    os.close(read)
    try:
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        return subprocess.run([sys.executable, "-m", "webhook.cli", *args], stdout=write, stderr=subprocess.PIPE,
                              timeout=120, cwd=REPO, env=env, check=False)  # fmt: skip
    finally:
        os.close(write)


@pytest.mark.parametrize(("args", "code"), [(("policies", "list"), 0), (("policies", "verify"), 0), (("test", "docs/examples/deploy/"), 1)])
def test_a_reader_that_left_is_no_error(args: tuple[str, ...], code: int) -> None:
    run = run_with_reader_gone(*args)
    assert b"Traceback" not in run.stderr and b"BrokenPipe" not in run.stderr, run.stderr.decode()
    assert run.returncode == code, run.stderr.decode()


def run_with_stdout(stdout: int, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "webhook.cli", *args], stdout=stdout, stderr=subprocess.PIPE,
                          timeout=120, cwd=REPO, env=env, check=False)  # fmt: skip


@pytest.mark.parametrize("command", ["certs generate", "manifests render"])
def test_the_commands_printing_material_end_quietly_or_exit_2_when_stdout_fails(command: str, tmp_path: Path) -> None:
    """`certs generate` (the caBundle) and `manifests render` wrote with print()/sys.stdout.write: a
    reader gone or a full disk was "internal error ... This is a bug", exit 3, which the README keeps
    for bugs; like the reports, a reader gone is no error (exit 0) and a full disk exits 2."""
    certs = tmp_path / "certs"
    assert run_with_stdout(subprocess.DEVNULL, "certs", "generate", "--out", str(certs)).returncode == 0
    args = ("certs", "generate", "--out", str(certs))
    if command == "manifests render":
        args = ("manifests", "render", "--certs", str(certs))
    gone = run_with_reader_gone(*args)
    assert gone.returncode == 0, gone.stderr.decode()
    assert b"internal error" not in gone.stderr and b"BrokenPipe" not in gone.stderr, gone.stderr.decode()
    with open("/dev/full", "wb") as full:
        done = run_with_stdout(full.fileno(), *args)
    assert done.returncode == 2, done.stderr.decode()
    assert b"No space left on device" in done.stderr and b"internal error" not in done.stderr, done.stderr.decode()
