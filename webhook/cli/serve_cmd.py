"""``railguard serve``: the admission webhook over HTTPS.

Flags override ``RAILGUARD_*`` environment variables, which override the defaults. Without
``--dev`` a certificate and key are required; ``--dev`` creates (once) a local CA and serving
certificate in ``certs/`` and serves on https://127.0.0.1:8443.
"""

from __future__ import annotations

import argparse
import errno
import logging
import math
import os
import socket
import sys
from pathlib import Path
from typing import Any

from webhook.certs import ensure_dev_certs
from webhook.cli.common import add_policies_option, nonempty, path_arg, url_arg
from webhook.config import Settings
from webhook.errors import ConfigError, PolicyError, RailguardError
from webhook.workloads import read_hide_key, use_hide_key

log = logging.getLogger("railguard.serve")
MAX_PORT = 65535


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dev", action="store_true", default=None,
                        help="create (once) and use a local CA + certificate in --certs-dir; serve on 127.0.0.1:8443 unless --host/--port say otherwise")
    parser.add_argument("--host", type=nonempty(str), help="address to listen on (RAILGUARD_HOST, default 127.0.0.1)")
    parser.add_argument("--port", type=int, help="port (RAILGUARD_PORT, default 8443)")
    parser.add_argument("--cert", type=path_arg, metavar="FILE", help="serving certificate chain, PEM (RAILGUARD_TLS_CERT)")
    parser.add_argument("--key", type=path_arg, metavar="FILE", help="private key, PEM (RAILGUARD_TLS_KEY)")
    parser.add_argument("--client-ca", type=path_arg, metavar="FILE",
                        help="mutual TLS: /validate and /mutate require a client certificate signed by this CA "
                             "(403 without one); probes and /metrics need none (RAILGUARD_TLS_CLIENT_CA)")
    add_policies_option(parser, "policy library; repeat to add directories, 'bundled' names the bundled one "
                        f"(RAILGUARD_POLICY_DIR, directories separated by {os.pathsep!r}; default: bundled)")
    parser.add_argument("--config", type=path_arg, metavar="FILE", help="cluster configuration (RAILGUARD_CONFIG_FILE)")
    parser.add_argument("--audit", type=url_arg, metavar="URL", help="audit store URL (RAILGUARD_AUDIT_URL, default sqlite:railguard-audit.db)")
    parser.add_argument("--audit-hide-key", type=path_arg, metavar="FILE",
                        help="a key file of at least 32 bytes (the same in every replica): a user name, uid, group or request uid "
                             "that is a credential is recorded as <hidden k:...>, an HMAC under it, not an unkeyed digest "
                             "(RAILGUARD_AUDIT_HIDE_KEY)")
    parser.add_argument("--drain-seconds", type=float, metavar="SECONDS",
                        help="on SIGTERM, keep answering this long with /readyz 503 and every connection closed after "
                             "its answer, then stop (RAILGUARD_DRAIN_SECONDS, default 5, 0 with --dev; 0: stop at once)")
    parser.add_argument("--certs-dir", type=path_arg, metavar="DIR", help="where --dev keeps its certificates (default: certs/)")
    parser.add_argument("--log-level", choices=("debug", "info", "warning", "error"), default="info",
                        help="info logs one line per review; warning logs only problems")
    parser.set_defaults(run=run)


def default_certs_dir() -> Path:
    """``certs/`` at the root of a source checkout, else in the working directory."""
    root = Path(__file__).resolve().parents[2]
    return root / "certs" if (root / "pyproject.toml").is_file() else Path.cwd() / "certs"


def settings_from(args: argparse.Namespace) -> Settings:
    overrides: dict[str, Any] = dict(
        host=args.host, port=args.port, tls_cert=args.cert, tls_key=args.key, tls_client_ca=args.client_ca,
        policy_dirs=tuple(args.policies) if args.policies else None, config_file=args.config, audit_url=args.audit, dev=args.dev,
        drain_seconds=args.drain_seconds, audit_hide_key=args.audit_hide_key,
    )
    settings = Settings.from_env(**overrides)
    if settings.dev and args.drain_seconds is None and "RAILGUARD_DRAIN_SECONDS" not in os.environ:
        overrides["drain_seconds"] = 0.0  # on a laptop no load balancer is told: Ctrl-C stops at once
        settings = Settings.from_env(**overrides)
    if settings.dev and (settings.tls_cert is None or settings.tls_key is None):
        paths = ensure_dev_certs(args.certs_dir or default_certs_dir())
        settings = Settings.from_env(**{**overrides, "tls_cert": paths["tls.crt"], "tls_key": paths["tls.key"]})
    return settings


def check(settings: Settings) -> str | None:
    """Why the server cannot start with these settings, or None."""
    if settings.tls_cert is None or settings.tls_key is None:
        return "HTTPS only: give --cert FILE and --key FILE (or RAILGUARD_TLS_CERT/RAILGUARD_TLS_KEY), or use --dev"
    for what, path in (("certificate", settings.tls_cert), ("key", settings.tls_key), ("client CA", settings.tls_client_ca)):
        if path is not None and not path.is_file():
            return f"{what} file not found: {path}"
    if not 0 <= settings.port <= MAX_PORT:  # the socket layer took 99999 as 34463 (modulo 65536)
        return f"RAILGUARD_PORT (--port) must be a port number from 0 to {MAX_PORT}, got {settings.port}"
    if settings.audit_failure not in ("deny", "allow"):
        return "RAILGUARD_AUDIT_FAILURE must be deny or allow"
    if settings.max_body_bytes <= 0 or not 0 <= settings.reload_interval < math.inf:  # nan and inf too
        return "RAILGUARD_MAX_BODY_BYTES must be > 0 and RAILGUARD_RELOAD_INTERVAL a finite number >= 0"
    if not 0 <= settings.drain_seconds < math.inf:  # nan and inf too
        return "RAILGUARD_DRAIN_SECONDS (--drain-seconds) must be a finite number >= 0"
    if settings.audit_min_free_bytes < 0:
        return f"RAILGUARD_AUDIT_MIN_FREE_BYTES must be a number of bytes >= 0 (0: no free-space check), got {settings.audit_min_free_bytes}"
    return None


def listen_problem(settings: Settings) -> str | None:
    """Why the server could not listen on its address and port, or None: tried before anything
    starts (the audit writer, the "ready" log line), with the socket options the event loop's
    ``create_server`` uses, so that a port already taken says so and how to choose another rather
    than ending after startup with uvicorn's log line alone."""
    where = f"{settings.host}:{settings.port}" if ":" not in settings.host else f"[{settings.host}]:{settings.port}"
    try:
        infos = socket.getaddrinfo(settings.host, settings.port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (OSError, UnicodeError) as exc:
        return f"cannot listen on {where}: the address does not resolve ({exc}); give an IP address or host name with --host (RAILGUARD_HOST)"
    unavailable: OSError | None = None
    bound = 0
    for family, kind, proto, _, address in infos:
        try:
            with socket.socket(family, kind, proto) as sock:
                if os.name == "posix":
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                if family == socket.AF_INET6:
                    sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
                sock.bind(address)
                sock.listen()
                bound += 1
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return (f"cannot listen on {where}: the port is already in use (another railguard serve, or another"
                        " program); stop it, or choose another port with --port N (RAILGUARD_PORT=N, e.g."
                        " RAILGUARD_PORT=9443 make serve)")
            if exc.errno != errno.EADDRNOTAVAIL:
                return f"cannot listen on {where}: {exc.strerror or exc}"
            unavailable = exc  # a family this host lacks (no IPv6 for localhost's ::1): skipped, as asyncio does
    if not bound and unavailable is not None:
        return f"cannot listen on {where}: {unavailable.strerror or unavailable} (not an address of this machine)"
    return None


def run(args: argparse.Namespace) -> int:
    from webhook.server import create_app
    from webhook.server_run import configure_logging, serve

    configure_logging(args.log_level)
    try:
        settings = settings_from(args)
    except RailguardError as exc:
        print(f"railguard serve: {exc}", file=sys.stderr)
        return 2
    problem = check(settings) or listen_problem(settings)
    if problem:
        print(f"railguard serve: {problem}", file=sys.stderr)
        return 2
    try:
        use_hide_key(None if settings.audit_hide_key is None else read_hide_key(settings.audit_hide_key))
    except ConfigError as exc:  # names the file, never quotes it
        print(f"railguard serve: {exc}", file=sys.stderr)
        return 2
    try:
        from webhook.audit import open_server_store

        audit = open_server_store(settings, log_reviews=args.log_level in ("debug", "info"))
    except RailguardError as exc:
        print(f"railguard serve: cannot open the audit store: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # not ours: its text may quote the audit URL and its password
        print(f"railguard serve: cannot open the audit store ({type(exc).__name__})", file=sys.stderr)
        return 2
    try:
        app = create_app(settings, audit=audit)
    except PolicyError as exc:
        print(f"railguard serve: {exc}", file=sys.stderr)
        audit.close()
        return 2
    return serve(app, settings, args.log_level)
