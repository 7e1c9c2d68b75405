"""``railguard policies list|verify [DIR...]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from webhook.casefiles import run_all
from webhook.cli.common import policy_dir_arg, policy_dirs_or_bundled
from webhook.errors import PolicyError
from webhook.policies import load_policies


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True)
    for name, help_text in (("list", "list the policies"), ("verify", "run every policy's own cases")):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("directory", nargs="*", metavar="DIR", type=policy_dir_arg,
                       help="policy library directories, 'bundled' for the bundled one (default: bundled)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        policies = load_policies(*policy_dirs_or_bundled(args.directory))
    except PolicyError as exc:
        print(f"railguard: {exc}", file=sys.stderr)
        return 2
    if args.action == "list":
        for p in policies:
            print(f"{p.id:<28} {p.version:<8} {p.action:<6} {p.severity:<8} {p.title}")
        return 0
    failed = total = 0
    for result in run_all(policies):
        total += 1
        status = "PASS" if result.passed else "FAIL"
        failed += not result.passed
        print(f"{status}  {result.policy:<28} {Path(result.file).name:<48} {'' if result.passed else result.detail}".rstrip())
    print(f"{total - failed} passed, {failed} failed")
    return 1 if failed else 0
