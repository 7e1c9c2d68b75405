"""``railguard certs generate``: a CA and a serving certificate for the in-cluster Service.

The caBundle value alone goes to stdout (``CA_BUNDLE=$(railguard certs generate ...)``); what was
written goes to stderr. Private keys are written with mode 0600 and never printed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cryptography import x509

from webhook.certs import CA_FILE, CA_KEY_FILE, CERT_FILE, generate, service_dns_names
from webhook.cli.common import EXIT_OK, EXIT_UNREADABLE

MAX_DAYS = 3650


def configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    gen = sub.add_parser(
        "generate",
        help="write ca.crt, ca.key, tls.crt, tls.key and print the caBundle",
        description="Write a CA (reused when OUT already holds one) and a serving certificate for the "
        "webhook Service, then print the caBundle value for the webhook configurations.",
    )
    gen.add_argument("--service", default="railguard", help="Service name (default: railguard)")
    gen.add_argument("--namespace", default="railguard-system", help="Service namespace (default: railguard-system)")
    gen.add_argument("--out", type=Path, default=Path("certs"), metavar="DIR", help="output folder (default: certs)")
    gen.add_argument("--days", type=int, default=365, help="serving certificate lifetime in days (default: 365)")
    gen.add_argument("--dns", action="append", default=[], metavar="NAME", help="an extra DNS name (repeatable)")
    gen.add_argument("--ip", action="append", default=[], metavar="ADDR", help="an extra IP address (repeatable)")
    gen.add_argument(
        "--new-ca", action="store_true", help="make a new CA even if OUT holds one (the caBundle changes)"
    )
    gen.set_defaults(run=run_generate)


def _existing_ca(out: Path) -> tuple[bytes, bytes] | None:
    cert, key = out / CA_FILE, out / CA_KEY_FILE
    if cert.is_file() and key.is_file():
        return cert.read_bytes(), key.read_bytes()
    return None


def run_generate(args: argparse.Namespace) -> int:
    if not 1 <= args.days <= MAX_DAYS:
        print(f"railguard: --days must be between 1 and {MAX_DAYS}", file=sys.stderr)
        return EXIT_UNREADABLE
    if not args.service or not args.namespace:
        print("railguard: --service and --namespace must not be empty", file=sys.stderr)
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
    print(bundle.ca_bundle)
    return EXIT_OK
