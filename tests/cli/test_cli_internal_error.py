"""A bug in railguard is not a verdict: an unexpected exception exits 3 with one line naming it,
not Python's exit 1 ("denied" for ``railguard test``, "damaged" for ``audit verify``) and a
traceback whose values may quote the input."""

from __future__ import annotations

from pathlib import Path

import pytest

from webhook.cli import EXIT_INTERNAL, main
from webhook.cli import test_cmd

CANARY = "cAnArY-pw-6b1e0c"
POD = f"""apiVersion: v1
kind: Pod
metadata: {{name: web}}
spec:
  containers:
  - name: app
    image: app:1
    env: [{{name: DB_PASSWORD, value: {CANARY}}}]
"""


def _review_fails(*args: object, **kwargs: object) -> object:
    raise RuntimeError(f"could not judge {CANARY}")


def test_an_unexpected_error_exits_3_with_one_line_and_no_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = tmp_path / "pod.yaml"
    manifest.write_text(POD)
    monkeypatch.delenv("RAILGUARD_TRACEBACK", raising=False)
    monkeypatch.setattr(test_cmd, "review", _review_fails)
    assert main(["test", str(manifest)]) == EXIT_INTERNAL == 3
    err = capsys.readouterr().err
    assert "railguard test: internal error: RuntimeError at " in err and "bug in railguard" in err
    assert CANARY not in err and "Traceback" not in err


def test_the_traceback_is_shown_when_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = tmp_path / "pod.yaml"
    manifest.write_text(POD)
    monkeypatch.setenv("RAILGUARD_TRACEBACK", "1")
    monkeypatch.setattr(test_cmd, "review", _review_fails)
    assert main(["test", str(manifest)]) == EXIT_INTERNAL
    err = capsys.readouterr().err
    assert "Traceback" in err and "_review_fails" in err and "internal error: RuntimeError" in err


def test_a_denial_still_exits_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    manifest = tmp_path / "pod.yaml"
    manifest.write_text(POD)
    assert main(["test", str(manifest)]) == 1
