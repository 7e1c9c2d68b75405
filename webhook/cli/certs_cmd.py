"""``railguard certs``: TLS material for the in-cluster Service.

* ``generate``: a CA and a serving certificate in a folder. The caBundle value alone goes to
  stdout (``CA_BUNDLE=$(railguard certs generate ...)``); what was written goes to stderr.
  Private keys are written with mode 0600 and never printed.
* ``bootstrap``: run in the cluster by the Job ``railguard-cert-bootstrap``: create (or keep) the
  TLS Secret and write its CA into the webhook configurations (see webhook/bootstrap.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from cryptography import x509

from webhook.bootstrap import IN_CLUSTER_API, SERVICE_ACCOUNT_DIR, BootstrapError, KubeApi, Target, bootstrap
from webhook.certs import CA_FILE, CA_KEY_FILE, CERT_FILE, generate, service_dns_names
from webhook.cli.common import (
    EXIT_OK,
    EXIT_UNREADABLE,
    namespace_arg,
    object_name_arg,
    path_arg,
    service_arg,
    url_arg,
    write_stdout,
)

MAX_DAYS = 3650


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    gen = sub.add_parser(
        "generate",
        help="write ca.crt, ca.key, tls.crt, tls.key and print the caBundle",
        description="Write a CA (reused when OUT already holds one) and a serving certificate for the "
        "webhook Service, then print the caBundle value for the webhook configurations.",
    )
    gen.add_argument("--service", type=service_arg, default="railguard", help="Service name (default: railguard)")
    gen.add_argument("--namespace", type=namespace_arg, default="railguard-system", help="Service namespace (default: railguard-system)")
    gen.add_argument("--out", type=path_arg, default=Path("certs"), metavar="DIR", help="output folder (default: certs)")
    gen.add_argument("--days", type=int, default=365, help="serving certificate lifetime in days (default: 365)")
    gen.add_argument("--dns", action="append", default=[], metavar="NAME", help="an extra DNS name (repeatable)")
    gen.add_argument("--ip", action="append", default=[], metavar="ADDR", help="an extra IP address (repeatable)")
    gen.add_argument(
        "--new-ca", action="store_true", help="make a new CA even if OUT holds one (the caBundle changes)"
    )
    gen.set_defaults(run=run_generate)
    boot = sub.add_parser(
        "bootstrap",
        help="in the cluster: create or keep the TLS Secret and patch the webhooks' caBundle",
        description="Keep the TLS Secret when its certificate is signed by its ca.crt, names the Service and "
        "is valid for more than --renew-before-days; otherwise generate a new one and create or replace "
        "the Secret. Then make every webhook of both webhook configurations trust its CA. Uses the pod's "
        "service account by default; a second run changes nothing.",
    )
    boot.add_argument("--namespace", type=namespace_arg, default="railguard-system", help="namespace of the Service and Secret (default: railguard-system)")
    boot.add_argument("--service", type=service_arg, default="railguard", help="Service the webhooks call (default: railguard)")
    boot.add_argument(
        "--secret", "--secret-name", dest="secret", type=object_name_arg, default="railguard-tls", metavar="NAME",
        help="TLS Secret the pods mount (default: railguard-tls); manifests use --secret-name, which "
        "railguard's own plain-text-secrets policy reads as a name rather than a secret value",
    )
    boot.add_argument("--validating-webhook", type=object_name_arg, default="railguard", metavar="NAME", help="ValidatingWebhookConfiguration (default: railguard)")
    boot.add_argument("--mutating-webhook", type=object_name_arg, default="railguard", metavar="NAME", help="MutatingWebhookConfiguration (default: railguard)")
    boot.add_argument("--api-server", type=url_arg, default=IN_CLUSTER_API, metavar="URL", help=f"default: {IN_CLUSTER_API}")
    boot.add_argument("--token-file", type=path_arg, default=SERVICE_ACCOUNT_DIR / "token", metavar="FILE", help="bearer token (default: the pod's service account)")
    boot.add_argument("--ca-file", type=path_arg, default=SERVICE_ACCOUNT_DIR / "ca.crt", metavar="FILE", help="CA of the API server (default: the pod's service account)")
    boot.add_argument("--days", type=int, default=365, help="lifetime of a new serving certificate in days (default: 365)")
    boot.add_argument("--renew-before-days", type=int, default=30, metavar="DAYS", help="replace a certificate expiring within DAYS (default: 30)")
    boot.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS", help="per API call (default: 10)")
    boot.add_argument(
        "--wait", type=float, default=60.0, metavar="SECONDS",
        help="how long to wait for the webhook configurations to exist (default: 60)",
    )
    boot.set_defaults(run=run_bootstrap)


def _existing_ca(out: Path) -> tuple[bytes, bytes] | None:
    cert, key = out / CA_FILE, out / CA_KEY_FILE
    if cert.is_file() and key.is_file():
        return cert.read_bytes(), key.read_bytes()
    return None


def run_generate(args: argparse.Namespace) -> int:
    if not 1 <= args.days <= MAX_DAYS:
        print(f"railguard: --days must be between 1 and {MAX_DAYS}", file=sys.stderr)
        return EXIT_UNREADABLE
    names = service_dns_names(args.service, args.namespace) + [n for n in args.dns if n]
    ca = None if args.new_ca else _existing_ca(args.out)
    try:
        bundle = generate(names, args.ip, days=args.days, ca=ca)
    except ValueError as exc:  # a bad --ip, or an unusable CA in OUT
        print(f"railguard: cannot generate certificates: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        paths = bundle.write(args.out)
    except OSError as exc:
        print(f"railguard: cannot write to {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    expires = x509.load_pem_x509_certificate(bundle.cert_pem).not_valid_after_utc
    origin = "reused CA from" if ca else "new CA in"
    print(f"railguard: {origin} {paths[CA_FILE]}", file=sys.stderr)
    print(f"railguard: wrote {paths[CERT_FILE]} for {', '.join(names)} (expires {expires:%Y-%m-%d})", file=sys.stderr)
    return EXIT_OK if write_stdout(f"{bundle.ca_bundle}\n".encode(), "the caBundle") else EXIT_UNREADABLE


def run_bootstrap(args: argparse.Namespace) -> int:
    problems = []  # the names are checked by argparse (kube_name)
    if not 1 <= args.days <= MAX_DAYS:
        problems.append(f"--days must be between 1 and {MAX_DAYS}")
    if not 0 <= args.renew_before_days < args.days:
        problems.append("--renew-before-days must be at least 0 and less than --days")
    if not 0 < args.timeout <= 300 or not 0 <= args.wait <= 3600:
        problems.append("--timeout must be in (0, 300] and --wait in [0, 3600] seconds")
    if problems:
        print(f"railguard: {'; '.join(problems)}", file=sys.stderr)
        return EXIT_UNREADABLE
    target = Target(
        namespace=args.namespace,
        service=args.service,
        secret=args.secret,
        validating_webhook=args.validating_webhook,
        mutating_webhook=args.mutating_webhook,
        days=args.days,
        renew_before=dt.timedelta(days=args.renew_before_days),
        wait_for_webhooks=args.wait,
    )
    try:
        api = KubeApi.from_files(args.api_server, args.token_file, args.ca_file, timeout=args.timeout)
        result = bootstrap(api, target, log=lambda line: print(f"railguard: {line}", file=sys.stderr))
    except BootstrapError as exc:
        print(f"railguard: certificate bootstrap failed: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    print(f"railguard: certificate bootstrap {'done' if result.changed else 'found everything in place'}", file=sys.stderr)
    return EXIT_OK
