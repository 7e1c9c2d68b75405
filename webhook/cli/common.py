"""Helpers shared by the subcommands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from webhook.config import ClusterConfig, default_policy_dir, load_cluster_config
from webhook.errors import PolicyError
from webhook.policies import PolicySet, load_policies

EXIT_OK, EXIT_DENIED, EXIT_UNREADABLE = 0, 1, 2


def add_policy_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--policies", metavar="DIR", type=Path, default=None, help="policy library (default: the bundled one)")
    parser.add_argument("--config", metavar="FILE", type=Path, default=None, help="cluster configuration (action overrides, exemptions, parameters)")


def load_library(args: argparse.Namespace) -> tuple[PolicySet, ClusterConfig] | PolicyError:
    """The policy set and cluster configuration, or the error (already printed on stderr)."""
    try:
        policies = load_policies(args.policies or default_policy_dir())
        return policies, load_cluster_config(args.config, policies)
    except PolicyError as exc:
        print(f"railguard: {exc}", file=sys.stderr)
        return exc
