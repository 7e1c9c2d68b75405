"""The help formatter of every ``railguard`` parser (kept apart from ``common``: the top-level
parser imports it, and ``railguard --version`` need not load the policy machinery)."""

from __future__ import annotations

import argparse
import re
import textwrap
from typing import Any

_WHITESPACE = re.compile(r"\s+", re.ASCII)  # as argparse's own formatter collapses it


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, wrapping only at spaces: textwrap broke ``sqlite:railguard-audit.db``
    after its hyphen (``sqlite:railguard-`` / ``audit.db``), and would cut a word longer than the
    column in two; a URL, a file name or a flag is copied from the help whole."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return textwrap.wrap(_WHITESPACE.sub(" ", text).strip(), width, break_on_hyphens=False, break_long_words=False)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return textwrap.fill(
            _WHITESPACE.sub(" ", text).strip(), width, initial_indent=indent, subsequent_indent=indent,
            break_on_hyphens=False, break_long_words=False,
        )  # fmt: skip


class ArgumentParser(argparse.ArgumentParser):
    """Every ``railguard`` parser: its subcommands' parsers are of its class (argparse's
    ``add_subparsers`` default), so they format their help with ``HelpFormatter`` too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)
