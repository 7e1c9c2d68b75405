"""Helpers shared by the subcommands."""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from webhook.config import ClusterConfig, Settings, default_policy_dir, env_variable, load_cluster_config, policy_dir, variables_read
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


_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_NAME_RULES: dict[str, tuple[re.Pattern[str], int, str]] = {
    "DNS-1123 label": (re.compile(_LABEL), 63, "lowercase letters, digits and '-', starting and ending with a letter or digit"),
    "DNS-1035 label": (re.compile("[a-z]([-a-z0-9]*[a-z0-9])?"), 63, "lowercase letters, digits and '-', starting with a letter and ending with a letter or digit"),
    "DNS-1123 subdomain": (re.compile(rf"{_LABEL}(\.{_LABEL})*"), 253, "DNS-1123 labels (lowercase letters, digits and '-', starting and ending with a letter or digit) joined by '.'"),
}


def kube_name(rule: str) -> Callable[[str], str]:
    """An argparse type for a flag naming a Kubernetes object: the name must follow ``rule`` (a key
    of ``_NAME_RULES``), as the API server requires. ``--service ""`` wrote a certificate for
    ``.railguard-system.svc``; a name the API server refuses failed only at the first API call."""
    pattern, limit, what = _NAME_RULES[rule]
    described = f"must be a {rule}: at most {limit} characters, {what}"

    def convert(value: str) -> str:
        if not value.strip():
            raise argparse.ArgumentTypeError(f"is empty (leave it out to use the default); it {described}")
        if len(value) > limit or pattern.fullmatch(value) is None:
            raise argparse.ArgumentTypeError(described)  # the value is not repeated: it may be anything
        return value

    return convert


namespace_arg = kube_name("DNS-1123 label")
"""A namespace on the command line."""
service_arg = kube_name("DNS-1035 label")
"""A Service name on the command line (Kubernetes requires a DNS-1035 label: it begins with a letter)."""
object_name_arg = kube_name("DNS-1123 subdomain")
"""The name of a Secret, a webhook configuration or another object named by a DNS-1123 subdomain."""


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
        from_env = variables_read({"policy_dirs": args.policies, "config_file": args.config})
        settings = Settings.from_env(from_env)  # the server's reading of those variables
        if from_env:  # a variable set for the server can surprise here: say so (stderr, not the report)
            print(f"railguard: using {' and '.join(from_env)} from the environment", file=sys.stderr)
        policies = load_policies(*(args.policies or settings.policy_dirs))
        return policies, load_cluster_config(args.config or settings.config_file, policies)
    except PolicyError as exc:
        print(f"railguard: {exc}", file=sys.stderr)
        return exc


def write_stdout(data: bytes, what: str = "the report") -> bool:
    """Write ``data`` (a whole report, or ``what`` else) to standard output; False (after saying why
    on stderr) when it cannot be. A reader that went away (``| head``) is no error: the rest is
    dropped quietly."""
    if sys.stdout is None:  # started with standard output closed
        print(f"railguard: cannot write {what}: standard output is closed", file=sys.stderr)
        return False
    try:
        sys.stdout.flush()
        try:
            sys.stdout.buffer.write(data)
        except AttributeError:  # a text-only stdout (e.g. captured in tests)
            sys.stdout.write(data.decode())
        sys.stdout.flush()
    except BrokenPipeError:  # `railguard ... | head`: the reader left, nothing more to say
        _quiet_stdout()
    except OSError as exc:  # a full disk, a closed descriptor
        _quiet_stdout()
        print(f"railguard: cannot write {what}: {exc.strerror or exc}", file=sys.stderr)
        return False
    return True


def _quiet_stdout() -> None:
    """Point standard output at /dev/null, so the interpreter's final flush does not fail too."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    finally:
        os.close(devnull)
