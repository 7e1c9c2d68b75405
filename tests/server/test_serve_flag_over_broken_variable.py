"""A flag overrides its ``RAILGUARD_*`` variable, and an overridden variable is not read at all:
``RAILGUARD_PORT=abc railguard serve --port 9443`` stopped with exit 2, a broken variable blocking
a start its flag had settled. Alone, the broken variable still stops the start (exit 2, naming it,
never echoing its value)."""

from __future__ import annotations

import argparse
import os
import re
from pathlib import Path
from typing import Any

import pytest

import webhook.server_run
from webhook.cli import main, serve_cmd
from webhook.config import default_policy_dir

SECRET = "s3cr3t-typo"
# variable, a value it refuses, the flag's arguments (FILE: a path under tmp_path), field, the value the flag gives
CASES: list[tuple[str, str, list[str], str, Any]] = [
    ("RAILGUARD_HOST", " ", ["--host", "127.0.0.2"], "host", "127.0.0.2"),
    ("RAILGUARD_PORT", SECRET, ["--port", "9443"], "port", 9443),
    ("RAILGUARD_TLS_CERT", " ", ["--cert", "FILE"], "tls_cert", "FILE"),
    ("RAILGUARD_TLS_KEY", " ", ["--key", "FILE"], "tls_key", "FILE"),
    ("RAILGUARD_TLS_CLIENT_CA", " ", ["--client-ca", "FILE"], "tls_client_ca", "FILE"),
    ("RAILGUARD_POLICY_DIR", "bundled" + os.pathsep, ["--policies", "bundled"], "policy_dirs", (default_policy_dir(),)),
    ("RAILGUARD_CONFIG_FILE", " ", ["--config", "FILE"], "config_file", "FILE"),
    ("RAILGUARD_AUDIT_URL", " ", ["--audit", "jsonl:trail.jsonl"], "audit_url", "jsonl:trail.jsonl"),
    ("RAILGUARD_AUDIT_HIDE_KEY", " ", ["--audit-hide-key", "FILE"], "audit_hide_key", "FILE"),
    ("RAILGUARD_DRAIN_SECONDS", SECRET, ["--drain-seconds", "1.5"], "drain_seconds", 1.5),
    ("RAILGUARD_DEV", SECRET, ["--dev"], "dev", True),
]


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    serve_cmd.configure(parser)
    named = {v for action in parser._actions for v in re.findall(r"RAILGUARD_[A-Z_]+", action.help or "")}
    assert named <= {case[0] for case in CASES}  # every variable a serve flag names has its case
    return parser.parse_args(list(argv))


@pytest.mark.parametrize(("variable", "broken", "flag", "field", "expected"), CASES, ids=[c[0] for c in CASES])
def test_a_broken_variable_is_ignored_when_its_flag_is_given_and_stops_the_start_alone(
    variable: str, broken: str, flag: list[str], field: str, expected: Any,
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    for name in [name for name in os.environ if name.startswith("RAILGUARD_")]:
        monkeypatch.delenv(name)
    monkeypatch.setattr(webhook.server_run, "configure_logging", lambda level: None)  # main's own, in-process
    monkeypatch.setenv(variable, broken)
    certs = ["--certs-dir", str(tmp_path / "certs")]
    given = [str(tmp_path / "f.pem") if arg == "FILE" else arg for arg in flag]
    if expected == "FILE":
        expected = tmp_path / "f.pem"
    settings = serve_cmd.settings_from(parse(*given, *certs))
    assert getattr(settings, field) == expected
    if variable == "RAILGUARD_PORT":  # the start's own checks pass too
        dev = serve_cmd.settings_from(parse(*given, "--dev", *certs))
        assert serve_cmd.check(dev) is None
    capsys.readouterr()
    assert main(["serve", *certs]) == 2  # the variable alone: refused, as before
    err = capsys.readouterr().err
    assert f"railguard serve: environment: {variable}: " in err
    assert SECRET not in err
