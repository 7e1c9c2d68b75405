"""``railguard``: the command line. Each subcommand lives in its own module and registers itself;
modules are imported only when their command runs, so ``railguard test`` starts fast."""

from __future__ import annotations

import importlib
import os
import sys
import traceback
from collections.abc import Sequence

from webhook import __version__
from webhook.cli.helpformat import ArgumentParser

EXIT_INTERNAL = 3  # railguard itself failed (1 and 2 say something about the input)

COMMANDS: dict[str, tuple[str, str]] = {
    "test": ("webhook.cli.test_cmd", "check manifests offline (dry run): same verdicts and patches as the webhook"),
    "policies": ("webhook.cli.policies_cmd", "list and verify a policy library"),
    "serve": ("webhook.cli.serve_cmd", "run the admission webhook (HTTPS)"),
    "audit": ("webhook.cli.audit_cmd", "verify, export, prune and checkpoint the audit trail (keygen: the signing key pair;"
              " hide-user: how records name a user that is a credential)"),
    "certs": ("webhook.cli.certs_cmd", "generate TLS material and the webhook caBundle, or bootstrap them in the cluster"),
    "manifests": ("webhook.cli.manifests_cmd", "render the install manifests with a caBundle, or the policy library as a ConfigMap"),
}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = ArgumentParser(prog="railguard", description="Kubernetes admission guardrails.")
    parser.add_argument("--version", action="version", version=f"railguard {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (_, help_text) in COMMANDS.items():
        sub.add_parser(name, help=help_text, add_help=False)
    if not argv or argv[0] not in COMMANDS:
        args = parser.parse_args(argv)  # prints help / usage errors
        parser.print_help()
        return 2
    module = importlib.import_module(COMMANDS[argv[0]][0])
    command_parser = ArgumentParser(prog=f"railguard {argv[0]}", description=COMMANDS[argv[0]][1])
    module.configure(command_parser)
    args = command_parser.parse_args(argv[1:])
    try:
        result: int = args.run(args)
    except Exception as exc:  # a bug: Python's own exit (1) would read as "denied" or "damaged"
        _report_internal_error(argv[0], exc)
        return EXIT_INTERNAL
    return result


def _report_internal_error(command: str, exc: Exception) -> None:
    """One line naming the exception's type and where it was raised; not its text nor the
    traceback's values, which may quote the input (a secret in a manifest) unless asked for."""
    if os.environ.get("RAILGUARD_TRACEBACK") == "1":
        traceback.print_exception(exc)
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {os.path.basename(frames[-1].filename)}:{frames[-1].lineno}" if frames else ""
    print(
        f"railguard {command}: internal error: {type(exc).__name__}{where}. This is a bug in railguard"
        f" {__version__}: please report it (RAILGUARD_TRACEBACK=1 shows the traceback, which may quote the input).",
        file=sys.stderr,
    )


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
