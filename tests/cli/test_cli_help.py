"""`railguard --help`, the first thing a newcomer runs: each command's one line names every one
of its subcommands (it said `manifests` only renders, and left out `audit keygen|checkpoint` and
`certs bootstrap`)."""

from __future__ import annotations

import argparse
import importlib
import re

import pytest

from webhook.cli import COMMANDS, main


def subcommands(module_name: str) -> list[str]:
    parser = argparse.ArgumentParser()
    importlib.import_module(module_name).configure(parser)
    found = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return [name for action in found for name in action.choices]


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_the_top_level_help_names_every_subcommand(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    module_name, summary = COMMANDS[command]
    with pytest.raises(SystemExit):
        main(["--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert " ".join(summary.split()) in shown
    for name in subcommands(module_name):
        assert name in summary, f"railguard {command}: its help line does not name '{name}'"


def _help(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit):
        main([*args, "--help"])
    text = re.sub(r"(?<=\w-)\n\s+", "", capsys.readouterr().out)  # argparse wraps after a hyphen: sqlite:railguard-\n audit.db
    return " ".join(text.split())


@pytest.mark.parametrize("command", ["verify", "export", "prune", "checkpoint"])
def test_the_audit_help_names_the_variable_its_trail_comes_from(
    command: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The README: the audit commands read RAILGUARD_AUDIT_URL when --audit is not given; their
    --help said only "default: sqlite:railguard-audit.db" (or, with the variable set, its value
    under that name), where `serve --help` names the variable."""
    monkeypatch.delenv("RAILGUARD_AUDIT_URL", raising=False)
    assert "--audit URL the trail (RAILGUARD_AUDIT_URL, default: sqlite:railguard-audit.db)" in _help(["audit", command], capsys)


def test_the_audit_help_gives_the_defaults_the_readme_states(capsys: pytest.CaptureFixture[str]) -> None:
    """README: `jsonl` is the export's default format; keygen writes railguard-audit.key/.pub
    when not told where (the help showed neither default)."""
    assert "--format {jsonl,csv,policyreport} default: jsonl" in _help(["audit", "export"], capsys)
    keygen = _help(["audit", "keygen"], capsys)
    assert "--private-key PEM default: railguard-audit.key" in keygen and "--public-key PEM default: railguard-audit.pub" in keygen
