"""The documented `railguard test` examples, run as a newcomer types them from the repository root:
the README's table example prints exactly what it shows, and the `-o json` example (docs/cli.md) is
the real report (docs/examples/deploy/web.yaml is their manifest)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text()
CLI_DOC = (ROOT / "docs" / "cli.md").read_text()


def railguard(*argv: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAILGUARD_")}  # the README assumes none set
    return subprocess.run([sys.executable, "-m", "webhook.cli", *argv], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_table_example_is_what_railguard_test_prints() -> None:
    block = re.search(r"Example \(`-o table`, the default\):\n\n```\n(.*?)```\n", README, re.S)
    assert block is not None, "the README's table example moved: update this test"
    command, _, shown = block.group(1).partition("\n")
    assert command.startswith("$ railguard test ")
    done = railguard(*command.removeprefix("$ railguard ").split())
    assert done.returncode == 1, done.stderr
    assert done.stdout == shown


def test_the_json_example_is_the_real_report_of_the_same_manifest() -> None:
    block = re.search(r"\n  ```json\n(  \[\n.*?)  ```\n", CLI_DOC, re.S)
    assert block is not None, "the -o json example of docs/cli.md moved: update this test"
    shown = json.loads(textwrap.dedent(block.group(1)))
    done = railguard("test", shown[0]["file"], "-o", "json")
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout) == shown
