"""A throwaway PostgreSQL server on 127.0.0.1 for the audit tests (real server, no mocks)."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_GLOB = "/usr/lib/postgresql/*/bin/initdb"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_postgres() -> list[str]:
    if os.geteuid() != 0:
        return []
    if shutil.which("runuser"):
        return ["runuser", "-u", "postgres", "--"]
    return ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"]


def postgres_server() -> Iterator[str]:
    initdbs = sorted(glob.glob(PG_GLOB))
    if not initdbs:
        pytest.skip(f"PostgreSQL server binaries not found ({PG_GLOB}); 'make install' as root installs them")
    bindir = Path(initdbs[-1]).parent
    if os.geteuid() == 0:
        try:
            import pwd

            owner = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and no 'postgres' user to run the PostgreSQL server as")
    root = Path(tempfile.mkdtemp(prefix="railguard-pg-"))
    if os.geteuid() == 0:
        os.chown(root, owner.pw_uid, owner.pw_gid)
    data, port = root / "data", _free_port()
    prefix = _as_postgres()
    subprocess.run(
        [*prefix, str(bindir / "initdb"), "-D", str(data), "-U", "railguard", "--auth=trust", "-E", "UTF8", "--no-locale"],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    # a throwaway server: no fsync (the tests stop PostgreSQL's backends, never the machine), so each
    # test's CREATE DATABASE and the final removal of the data folder do not wait on the disk
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c max_connections=40 -c fsync=off -c full_page_writes=off"
    subprocess.run(
        [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "-t", "60", "start"],
        check=True, capture_output=True, timeout=90,
    )  # fmt: skip
    try:
        yield f"postgresql://railguard:not-a-real-password@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "-t", "30", "stop"],
            capture_output=True, timeout=60,
        )  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)


def fresh_database(url: str, name: str, icu_locale: str | None = None) -> str:
    """A new empty database on the test server; returns its URL. The server's databases sort text
    in code point order (initdb --no-locale); ``icu_locale`` gives this one that ICU collation
    instead, as a server initialised with a language locale would (skips where ICU is missing)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if icu_locale is None:
            conn.execute(f'CREATE DATABASE "{name}"')
        else:
            try:
                conn.execute(
                    f'CREATE DATABASE "{name}" TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE \'{icu_locale}\' LOCALE \'C\''
                )
            except (psycopg.errors.FeatureNotSupported, psycopg.errors.SyntaxError) as exc:  # no ICU, or before 15
                pytest.skip(f"this PostgreSQL cannot create an ICU-collated database: {exc.diag.message_primary}")
    return url.rsplit("/", 1)[0] + "/" + name
