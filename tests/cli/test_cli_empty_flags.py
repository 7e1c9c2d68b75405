"""Every flag or argument of every subcommand that names a file, a folder or a URL refuses an empty
value, as an empty ``RAILGUARD_*`` variable is refused: "" was the current folder (``certs generate
--out ""`` wrote a CA there, ``audit keygen --private-key ""`` failed on '.') or no value at all
(``manifests render --input ""`` rendered the bundled base instead). The flags are found in the
parsers themselves, so a flag added later is covered without touching this test."""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from webhook.cli import COMMANDS, main

PATH_METAVARS = {"FILE", "DIR", "PEM", "PATH", "URL"}
PATH_WORDS = ("file", "dir", "path", "out", "key", "cert", "audit", "config", "policies", "url")


def _parsers() -> Iterator[tuple[list[str], argparse.ArgumentParser]]:
    """(argv prefix, parser) of every command and subcommand."""

    def walk(prefix: list[str], parser: argparse.ArgumentParser) -> Iterator[tuple[list[str], argparse.ArgumentParser]]:
        yield prefix, parser
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    yield from walk([*prefix, name], sub)

    for command, (module, _) in COMMANDS.items():
        parser = argparse.ArgumentParser(prog=f"railguard {command}")
        importlib.import_module(module).configure(parser)
        yield from walk([command], parser)


def _path_like(action: argparse.Action) -> bool:
    if action.nargs == 0 or isinstance(action, argparse._SubParsersAction) or action.choices is not None:
        return False
    if action.type in (int, float):  # --timeout, --days: an empty number is already refused
        return False
    if action.metavar in PATH_METAVARS or action.type is Path:
        return True
    return any(word in action.dest for word in PATH_WORDS)


# railguard test's PATH: an empty one is an input error in the report, beside the other paths'
# results (test_cli_hostile_input.test_an_empty_path_is_an_error_not_the_current_folder)
REPORTED = {("test", "paths")}


def _path_flags() -> list[tuple[list[str], argparse.Action]]:
    return [
        (prefix, action)
        for prefix, parser in _parsers()
        for action in parser._actions
        if _path_like(action) and (prefix[0], action.dest) not in REPORTED
    ]


def _id(case: tuple[list[str], argparse.Action]) -> str:
    prefix, action = case
    return " ".join([*prefix, action.option_strings[0] if action.option_strings else str(action.metavar or action.dest)])


FLAGS = _path_flags()


def test_the_enumeration_finds_the_path_flags_of_every_command() -> None:
    found = {_id(case) for case in FLAGS}
    for expected in (
        "test --config", "policies verify DIR", "serve --cert", "audit verify --public-key",
        "audit export --output", "audit export --summary", "audit keygen --private-key", "audit prune --audit",
        "certs generate --out", "certs bootstrap --token-file", "manifests render --input", "manifests library --out",
    ):  # fmt: skip
        assert expected in found
    assert {case[0][0] for case in FLAGS} == set(COMMANDS)


@pytest.mark.parametrize("case", FLAGS, ids=_id)
@pytest.mark.parametrize("empty", ["", " "])
def test_an_empty_path_flag_is_refused(
    case: tuple[list[str], argparse.Action], empty: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # where "" wrote (a CA, a key pair, the policy library) before
    prefix, action = case
    argv = [*prefix, action.option_strings[0], empty] if action.option_strings else [*prefix, empty]
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    name = "/".join(action.option_strings) or action.metavar
    assert f"argument {name}: is empty (" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())
