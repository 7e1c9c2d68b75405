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
    return " ".join(capsys.readouterr().out.split())


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


WIDTHS = range(40, 101)
WHOLE = {
    ("serve",): ["sqlite:railguard-audit.db"],
    ("audit", "verify"): ["sqlite:railguard-audit.db"],
    ("audit", "export"): ["sqlite:railguard-audit.db"],
    ("audit", "prune"): ["sqlite:railguard-audit.db"],
    ("audit", "checkpoint"): ["sqlite:railguard-audit.db"],
    ("audit", "keygen"): ["railguard-audit.key", "railguard-audit.pub"],
}


def _help_at(args: list[str], columns: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    monkeypatch.setenv("COLUMNS", str(columns))
    with pytest.raises(SystemExit):
        main([*args, "--help"])
    return capsys.readouterr().out


@pytest.mark.parametrize("command", sorted(WHOLE), ids=" ".join)
def test_help_keeps_default_file_names_and_urls_whole_at_any_width(
    command: tuple[str, ...], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """argparse's textwrap broke the default trail after its hyphen (``sqlite:railguard-`` /
    ``audit.db``): copied from the help, it named another file."""
    monkeypatch.delenv("RAILGUARD_AUDIT_URL", raising=False)
    for columns in WIDTHS:
        shown = _help_at(list(command), columns, monkeypatch, capsys)
        for word in WHOLE[command]:
            assert word in shown, f"COLUMNS={columns}: {word} is broken across lines"


def test_no_help_text_of_any_command_is_wrapped_after_a_hyphen(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every railguard parser (the subcommands' too) wraps at spaces only: a line ending in a
    word's hyphen (``--mutating-`` / ``webhook``, ``railguard-`` / ``audit.db``) is a word cut in two."""
    monkeypatch.delenv("RAILGUARD_AUDIT_URL", raising=False)
    commands = [[]] + [[name] for name in sorted(COMMANDS)]
    commands += [[name, sub] for name in sorted(COMMANDS) for sub in subcommands(COMMANDS[name][0])]
    cut: list[str] = []
    for args in commands:
        for columns in (40, 60, 80):
            for line in _help_at(args, columns, monkeypatch, capsys).splitlines():
                if re.search(r"\w-$", line):
                    cut.append(f"railguard {' '.join(args)} --help at COLUMNS={columns}: {line.strip()}")
    assert not cut, "\n".join(cut[:10])
