"""`railguard --help`, the first thing a newcomer runs: each command's one line names every one
of its subcommands (it said `manifests` only renders, and left out `audit keygen|checkpoint` and
`certs bootstrap`)."""

from __future__ import annotations

import argparse
import importlib

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
