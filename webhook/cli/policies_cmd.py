"""``railguard policies list|verify [DIR...]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from webhook.casefiles import run_all
from webhook.cli.common import policy_dir_arg, policy_dirs_or_bundled, write_stdout
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
    lines: list[str] = []  # written at once: a reader that leaves (| head) ends no loop with a traceback
    if args.action == "list":
        lines = [f"{p.id:<28} {p.version:<8} {p.action:<6} {p.severity:<8} {p.title}" for p in policies]
        return 0 if write_stdout("".join(f"{line}\n" for line in lines).encode()) else 2
    failed = total = 0
    for result in run_all(policies):
        total += 1
        status = "PASS" if result.passed else "FAIL"
        failed += not result.passed
        lines.append(f"{status}  {result.policy:<28} {Path(result.file).name:<48} {'' if result.passed else result.detail}".rstrip())
    lines.append(f"{total - failed} passed, {failed} failed")
    written = write_stdout("".join(f"{line}\n" for line in lines).encode())
    return 1 if failed else 0 if written else 2
