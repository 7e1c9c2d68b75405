"""Every flag naming a Kubernetes object refuses, as an argparse error (exit 2, the flag and the rule
named), a value the API server would refuse as that object's name: ``certs generate --service ""``
wrote a certificate for ``.railguard-system.svc``, and ``certs bootstrap --namespace Bad_NS`` failed
only at its first API call."""

from __future__ import annotations

from pathlib import Path

import pytest

from webhook.cli import main

LABEL_FLAGS = [("generate", "--namespace"), ("bootstrap", "--namespace")]
SERVICE_FLAGS = [("generate", "--service"), ("bootstrap", "--service")]
SUBDOMAIN_FLAGS = [("bootstrap", "--secret"), ("bootstrap", "--secret-name"),
                   ("bootstrap", "--validating-webhook"), ("bootstrap", "--mutating-webhook")]
BAD_EVERYWHERE = ["", " ", "Railguard", "rail_guard", "-railguard", "railguard-", "rail guard", "a" * 254, "rail/guard"]


def refused(action: str, flag: str, value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    argv = ["certs", action, f"{flag}={value}"]  # one word: "-railguard" is a value, not a flag
    if action == "generate":
        argv += ["--out", str(tmp_path / "certs")]
    else:  # never reached: the arguments are refused first
        argv += ["--api-server", "https://127.0.0.1:1", "--token-file", str(tmp_path / "t"), "--ca-file", str(tmp_path / "c")]
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    assert not (tmp_path / "certs").exists(), "nothing is written"
    captured = capsys.readouterr()
    assert captured.out == ""
    return captured.err


@pytest.mark.parametrize("action, flag", LABEL_FLAGS + SERVICE_FLAGS + SUBDOMAIN_FLAGS)
@pytest.mark.parametrize("value", BAD_EVERYWHERE)
def test_a_name_the_api_server_would_refuse_is_an_argparse_error(
    action: str, flag: str, value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    err = refused(action, flag, value, tmp_path, capsys)
    shown = "/".join(f for f in ("--secret", "--secret-name") if flag.startswith("--secret")) or flag
    assert f"argument {shown}: " in err
    rule = "DNS-1035 label" if flag == "--service" else "DNS-1123 label" if flag == "--namespace" else "DNS-1123 subdomain"
    assert f"must be a {rule}: at most" in err
    if value.strip():
        assert value not in err.split("error:", 1)[1], "the value is not repeated"


@pytest.mark.parametrize("action, flag", LABEL_FLAGS + SERVICE_FLAGS)
@pytest.mark.parametrize("value", ["rail.guard", "a" * 64])
def test_a_namespace_or_service_is_one_label(
    action: str, flag: str, value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert "label: at most 63 characters" in refused(action, flag, value, tmp_path, capsys)


def test_a_service_name_begins_with_a_letter_a_namespace_need_not(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for action in ("generate", "bootstrap"):
        assert "starting with a letter" in refused(action, "--service", "1railguard", tmp_path, capsys)
    code = main(["certs", "generate", "--service", "rg-1", "--namespace", "0-team", "--out", str(tmp_path / "certs")])
    assert code == 0 and "rg-1.0-team.svc" in capsys.readouterr().err
