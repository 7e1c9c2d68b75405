"""Helpers shared by the subcommands."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from webhook.config import ClusterConfig, Settings, default_policy_dir, env_variable, load_cluster_config, policy_dir
from webhook.errors import PolicyError
from webhook.policies import PolicySet, load_policies

EXIT_OK, EXIT_DENIED, EXIT_UNREADABLE = 0, 1, 2
T = TypeVar("T")
POLICIES_HELP = "policy library; repeat to add directories, 'bundled' names the bundled one (default: bundled)"


def nonempty(kind: Callable[[str], T], hint: str = "leave it out to use the default") -> Callable[[str], T]:
    """An argparse type that refuses an empty value, as an empty ``RAILGUARD_*`` variable is
    refused: ``--host ""`` listened on every interface, ``--config ""`` read the current folder,
    ``certs generate --out ""`` wrote a CA there. Every flag naming a file, folder or URL uses it."""

    def convert(value: str) -> T:
        if not value.strip():
            raise argparse.ArgumentTypeError(f"is empty ({hint})")
        return kind(value)

    return convert


path_arg = nonempty(Path)
"""A file or folder on the command line."""
url_arg = nonempty(str)
"""A URL (or a file name taken as one: ``--audit trail.jsonl``) on the command line."""


policy_dir_arg = nonempty(policy_dir)
"""A policy directory on the command line (``--policies``, ``railguard policies verify DIR``)."""


def add_policies_option(parser: argparse.ArgumentParser, help_text: str = POLICIES_HELP) -> None:
    """``--policies DIR``, repeatable: the library is the union of the directories."""
    parser.add_argument("--policies", metavar="DIR", type=policy_dir_arg, action="append", default=None, help=help_text)


def policy_dirs_or_bundled(given: list[Path] | None) -> tuple[Path, ...]:
    """The directories given, or the bundled library."""
    return tuple(given) if given else (default_policy_dir(),)


def add_policy_options(parser: argparse.ArgumentParser) -> None:
    add_policies_option(parser, POLICIES_HELP.replace("(default:", f"({env_variable('policy_dirs')}, default:"))
    parser.add_argument(
        "--config", metavar="FILE", type=path_arg, default=None,
        help=f"cluster configuration: action overrides, exemptions, parameters ({env_variable('config_file')})",
    )  # fmt: skip


def load_library(args: argparse.Namespace) -> tuple[PolicySet, ClusterConfig] | PolicyError:
    """The policy set and cluster configuration, or the error (already printed on stderr). Like
    ``railguard serve``, a flag overrides its ``RAILGUARD_*`` variable, which overrides the default:
    the same environment gives the same verdicts offline as in the server."""
    try:
        flags = {env_variable("policy_dirs"): args.policies, env_variable("config_file"): args.config}
        from_env = {name: os.environ[name] for name, flag in flags.items() if flag is None and name in os.environ}
        settings = Settings.from_env(from_env)  # the server's reading of those variables
        if from_env:  # a variable set for the server can surprise here: say so (stderr, not the report)
            print(f"railguard: using {' and '.join(from_env)} from the environment", file=sys.stderr)
        policies = load_policies(*(args.policies or settings.policy_dirs))
        return policies, load_cluster_config(args.config or settings.config_file, policies)
    except PolicyError as exc:
        print(f"railguard: {exc}", file=sys.stderr)
        return exc
