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
