"""Secret values in store URLs never reach a message: passwords (even with an unescaped '@') and
secret query parameters are hidden in every error of verify, export, prune, checkpoint and serve."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from webhook.audit.redact import redact, scrub, secrets
from webhook.cli import main

REPO = Path(__file__).resolve().parents[2]

# every secret below contains "S3cr3t" or "Pass" (capitalised: no message word does)
REDACTED = {
    "postgresql://admin:S3cr3tPass@127.0.0.1:1/db": "postgresql://admin:***@127.0.0.1:1/db",
    "postgresql://admin:S3cr3t@Pass@127.0.0.1:1/db": "postgresql://admin:***@127.0.0.1:1/db",
    "postgresql://admin:S3cr3t%40Pass@127.0.0.1:1/db": "postgresql://admin:***@127.0.0.1:1/db",
    "postgresql://admin:S3/cr3t+Pass==@db.example:5432/app": "postgresql://admin:***@db.example:5432/app",
    "postgresql://admin:S3cr3t?Pass@db.example/app": "postgresql://admin:***@db.example/app",
    # a password holding '?' or '#' and then '=': libpq reads the userinfo up to the '@' before the path
    "postgresql://admin:S3cr3t?x=Pass@db.example/app": "postgresql://admin:***@db.example/app",
    "postgresql://admin:S3cr3t#x=Pass@db.example:5432/app?sslmode=require": "postgresql://admin:***@db.example:5432/app?sslmode=require",
    "postgresql://admin:S3cr3t?x=Pass@db.example": "postgresql://admin:***@db.example",
    "postgresql://127.0.0.1:1/db?password=S3cr3tPass": "postgresql://127.0.0.1:1/db?password=***",
    "postgresql://h/db?user=bob@corp&PASSWORD=S3cr3t&sslmode=require": "postgresql://h/db?user=bob@corp&PASSWORD=***&sslmode=require",
    "postgresql://h/db?sslpassword=S3cr3t&passwd=Pass1&pwd=Pass2&api_key=Pass3&token=Pass4&client_secret=Pass5":
        "postgresql://h/db?sslpassword=***&passwd=***&pwd=***&api_key=***&token=***&client_secret=***",
    "postgresql://h/db?password=S3cr3t&Pass&sslmode=disable": "postgresql://h/db?password=***&sslmode=disable",
    "postgresql://u:S3cr3t@h/db?application_name=me@corp": "postgresql://u:***@h/db?application_name=me@corp",
    "mysql://admin:S3cr3t@Pass@h/db": "mysql://admin:***@h/db",
    "host=h password='S3cr3t Pass' dbname=x": "host=h password=*** dbname=x",
    "postgresql://admin@h/db": "postgresql://admin@h/db",
    "sqlite:/var/lib/railguard/audit.db": "sqlite:/var/lib/railguard/audit.db",
}  # fmt: skip


@pytest.mark.parametrize("url", list(REDACTED))
def test_redact_hides_passwords_and_secret_parameters(url: str) -> None:
    assert redact(url) == REDACTED[url]
    assert "S3cr3t" not in redact(url) and "Pass" not in redact(url)


def test_scrub_hides_secrets_a_driver_quotes() -> None:
    url = "postgresql://admin:S3cr3t%40Pass@h/db?sslpassword=Pass9"
    assert set(secrets(url)) == {"S3cr3t%40Pass", "S3cr3t@Pass", "Pass9"}
    message = f'password "S3cr3t@Pass" and "Pass9" rejected for {url}'
    assert scrub(message, url) == f'password "***" and "***" rejected for {redact(url)}'


LEAKY_URLS = [
    "postgresql://127.0.0.1:1/db?password=S3cr3tPass",
    "postgresql://admin:S3cr3t@Pass@127.0.0.1:1/db",
    "postgresql://admin:S3cr3t/Pass@127.0.0.1:1/db",
    "postgresql://admin:S3cr3t?x=Pass@127.0.0.1:1/db",
    "postgresql://admin:S3cr3tPass@127.0.0.1:1/db?sslpassword=Pass7",
    "mysql://admin:S3cr3t@Pass@127.0.0.1/db",
]


def _clean(text: str) -> None:
    assert "S3cr3t" not in text and "Pass" not in text, text


@pytest.mark.parametrize("url", LEAKY_URLS)
def test_audit_commands_never_print_a_secret(url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key = tmp_path / "a.key"
    assert main(["audit", "keygen", "--private-key", str(key), "--public-key", str(tmp_path / "a.pub")]) == 0
    capsys.readouterr()
    for command in (
        ["verify"],
        ["export", "--format", "csv"],
        ["prune", "--before", "2020-01-01"],
        ["checkpoint", "--key", str(key)],
    ):
        assert main(["audit", *command, "--audit", url]) == 2
        captured = capsys.readouterr()
        assert "railguard: audit store" in captured.err or "railguard: unknown audit store" in captured.err
        _clean(captured.out + captured.err)


def test_an_unescaped_at_in_the_password_is_explained(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "verify", "--audit", "postgresql://admin:S3cr3t@Pass@127.0.0.1:1/db"]) == 2
    err = capsys.readouterr().err
    assert "postgresql://admin:***@127.0.0.1:1/db" in err and "percent-encode" in err


def test_help_does_not_show_the_password_of_the_default_url(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("RAILGUARD_AUDIT_URL", "postgresql://admin:S3cr3t%40Pass@db.example/app?sslpassword=Pass8")
    with pytest.raises(SystemExit):
        main(["audit", "verify", "--help"])
    out = capsys.readouterr().out
    assert "postgresql://admin:***@db.example/app?sslpassword=***" in " ".join(out.split())
    _clean(out)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("writer_process", ["true", "false"])
@pytest.mark.parametrize("url", LEAKY_URLS[:4])
def test_serve_start_up_never_prints_a_secret(url: str, writer_process: str, tmp_path: Path) -> None:
    command = [sys.executable, "-m", "webhook.cli", "serve", "--dev", "--certs-dir", str(tmp_path / "certs"),
               "--port", str(_free_port()), "--audit", url]  # fmt: skip
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(REPO), "RAILGUARD_AUDIT_WRITER_PROCESS": writer_process}
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env)
    assert result.returncode == 2, result.stderr
    assert "cannot open the audit store" in result.stderr
    _clean(result.stdout + result.stderr)
