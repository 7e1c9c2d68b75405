"""Helpers shared by the subcommands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from webhook.config import ClusterConfig, default_policy_dir, load_cluster_config, policy_dir
from webhook.errors import PolicyError
from webhook.policies import PolicySet, load_policies

EXIT_OK, EXIT_DENIED, EXIT_UNREADABLE = 0, 1, 2
POLICIES_HELP = "policy library; repeat to add directories, 'bundled' names the bundled one (default: bundled)"


def add_policies_option(parser: argparse.ArgumentParser, help_text: str = POLICIES_HELP) -> None:
    """``--policies DIR``, repeatable: the library is the union of the directories."""
    parser.add_argument("--policies", metavar="DIR", type=policy_dir, action="append", default=None, help=help_text)


def policy_dirs_or_bundled(given: list[Path] | None) -> tuple[Path, ...]:
    """The directories given, or the bundled library."""
    return tuple(given) if given else (default_policy_dir(),)


def add_policy_options(parser: argparse.ArgumentParser) -> None:
    add_policies_option(parser)
    parser.add_argument("--config", metavar="FILE", type=Path, default=None, help="cluster configuration (action overrides, exemptions, parameters)")


def load_library(args: argparse.Namespace) -> tuple[PolicySet, ClusterConfig] | PolicyError:
    """The policy set and cluster configuration, or the error (already printed on stderr)."""
    try:
        policies = load_policies(*policy_dirs_or_bundled(args.policies))
        return policies, load_cluster_config(args.config, policies)
    except PolicyError as exc:
        print(f"railguard: {exc}", file=sys.stderr)
        return exc
