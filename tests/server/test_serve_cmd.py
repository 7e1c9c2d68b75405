"""``railguard serve`` command line: settings precedence, refusing to start without TLS, --dev
certificates, and the reload watcher on the cluster configuration file (mutual TLS:
test_mutual_tls.py)."""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
from pathlib import Path

import logging

import orjson
import pytest
from starlette.testclient import TestClient

from server_helpers import FakeAuditStore, start_server
from webhook.cli import serve_cmd
from webhook.config import ClusterConfig, Settings, default_policy_dir
from webhook.errors import ConfigError, PolicyError
from webhook.policies import load_policies
from webhook.server import create_app
from webhook.server_reload import Library, Watch, load_library
from webhook.server_run import JsonFormatter


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    serve_cmd.configure(parser)
    return parser.parse_args(list(argv))


def test_flags_override_environment_which_overrides_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("RAILGUARD_PORT", "9443")
    monkeypatch.setenv("RAILGUARD_HOST", "0.0.0.0")
    monkeypatch.setenv("RAILGUARD_AUDIT_FAILURE", "allow")
    settings = serve_cmd.settings_from(parse("--port", "10443"))
    assert settings.port == 10443 and settings.host == "0.0.0.0" and settings.audit_failure == "allow"
    assert settings.policy_dirs == (default_policy_dir(),)


@pytest.mark.parametrize("variable", ["RAILGUARD_CONFIG_FILE", "RAILGUARD_AUDIT_URL", "RAILGUARD_PORT", "RAILGUARD_POLICY_DIR"])
def test_an_empty_variable_is_refused_not_read_as_the_current_folder(variable: str) -> None:
    with pytest.raises(ConfigError, match=f"{variable}: is set but empty \\(unset it to use the default\\)"):
        Settings.from_env({variable: " "})


@pytest.mark.parametrize(
    ("variable", "expected"),
    [("RAILGUARD_PORT", "a whole number"), ("RAILGUARD_DRAIN_SECONDS", "a number"), ("RAILGUARD_DEV", "true or false")],
)
def test_a_variable_that_does_not_parse_says_what_it_takes(variable: str, expected: str) -> None:
    """It said "invalid value for a int" (a Python type name, for any number or flag)."""
    with pytest.raises(ConfigError, match=f"{variable}: is not {expected}") as raised:
        Settings.from_env({variable: "s3cr3t-typo"})
    assert "s3cr3t" not in str(raised.value)


def test_an_empty_config_variable_stops_railguard_test_with_that_message(tmp_path: Path) -> None:
    manifest = tmp_path / "cm.yaml"
    manifest.write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n")
    env = {**os.environ, "RAILGUARD_CONFIG_FILE": ""}
    done = subprocess.run([sys.executable, "-m", "webhook.cli", "test", str(manifest)], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "RAILGUARD_CONFIG_FILE: is set but empty" in done.stderr and "Is a directory" not in done.stderr


def test_refuses_to_start_without_a_certificate(tmp_path: Path) -> None:
    command = [sys.executable, "-c", "import sys; from webhook.cli import main; sys.exit(main())", "serve", "--port", "1"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=30, cwd=tmp_path,
                            env={"PATH": "/usr/bin:/bin"})
    assert result.returncode == 2
    assert "HTTPS only" in result.stderr and "--dev" in result.stderr


def test_missing_certificate_file_is_a_clear_error(tmp_path: Path) -> None:
    settings = serve_cmd.settings_from(parse("--cert", str(tmp_path / "nope.crt"), "--key", str(tmp_path / "nope.key")))
    assert serve_cmd.check(settings) == f"certificate file not found: {tmp_path / 'nope.crt'}"


@pytest.mark.parametrize("interval", ["nan", "inf", "-1"])
def test_a_reload_interval_that_is_not_a_finite_number_refuses_to_start(tmp_path: Path, interval: str) -> None:
    """float() reads nan and inf: nan > 0 is false (the watcher was silently not started), inf
    slept forever; neither is 'never' (that is 0)."""
    settings = serve_cmd.settings_from(parse("--dev", "--certs-dir", str(tmp_path)))
    settings = Settings.from_env({"RAILGUARD_RELOAD_INTERVAL": interval}, **{
        k: getattr(settings, k) for k in ("tls_cert", "tls_key", "dev")
    })
    assert serve_cmd.check(settings) == (
        "RAILGUARD_MAX_BODY_BYTES must be > 0 and RAILGUARD_RELOAD_INTERVAL a finite number >= 0"
    )


def test_dev_creates_certificates_once_in_the_certs_dir(tmp_path: Path) -> None:
    settings = serve_cmd.settings_from(parse("--dev", "--certs-dir", str(tmp_path)))
    assert settings.dev and settings.tls_cert == tmp_path / "tls.crt" and settings.tls_key == tmp_path / "tls.key"
    first = settings.tls_cert.read_bytes()
    serve_cmd.settings_from(parse("--dev", "--certs-dir", str(tmp_path)))
    assert settings.tls_cert.read_bytes() == first
    assert serve_cmd.check(settings) is None


def test_broken_policy_folder_refuses_to_start(tmp_path: Path) -> None:
    (tmp_path / "p" / "bad").mkdir(parents=True)
    (tmp_path / "p" / "bad" / "policy.yaml").write_text("id: [\n")
    with pytest.raises(AssertionError, match="exited with 2"):
        start_server(tmp_path, "--policies", str(tmp_path / "p"))


def watched_library(config: Path) -> tuple[dict[str, Library], list[str], Watch]:
    """The bundled policies with ``config``, reloaded by a Watch as the server does: (the current
    library, under "library"; the watch's events; the watch)."""
    policy_dir = default_policy_dir()
    holder = {"library": load_library([policy_dir], config)}
    events: list[str] = []

    def apply() -> None:
        holder["library"] = load_library([policy_dir], config)

    watch = Watch("policies", [policy_dir, config], apply, lambda w: events.append("ok"), lambda w: events.append("failed"))
    return holder, events, watch


def test_config_file_change_reloads_and_broken_config_is_rejected(tmp_path: Path) -> None:
    config = tmp_path / "cluster.yaml"
    config.write_text("actions: {}\n")
    holder, events, watch = watched_library(config)
    watch.check()
    assert events == []  # nothing changed
    config.write_text("actions: {require-probes: warn}\n")
    watch.check()
    assert events == ["ok"] and holder["library"].config.actions == {"require-probes": "warn"}
    good: Library = holder["library"]
    config.write_text("actions: {no-such-policy: warn}\n")
    watch.check()
    assert events == ["ok", "failed"] and holder["library"] is good
    assert isinstance(good.config, ClusterConfig) and len(load_policies(default_policy_dir())) == len(good.policies)


BAD_PATTERN_CONFIG = "parameters:\n  disallow-plaintext-secrets:\n    extraNames: ['(PIN)_\\1']\n"
BAD_PATTERN_ERROR = (
    "parameters.disallow-plaintext-secrets.extraNames: '(PIN)_\\\\1' is not a valid regular expression in RE2 "
    "syntax (invalid escape sequence: \\1): RE2 syntax is required"
)


def test_a_name_pattern_re2_refuses_stops_the_start(tmp_path: Path) -> None:
    config = tmp_path / "cluster.yaml"
    config.write_text(BAD_PATTERN_CONFIG)
    with pytest.raises(AssertionError, match="exited with 2") as error:
        start_server(tmp_path, "--config", str(config))
    logs = str(error.value)
    assert f"railguard serve: {config}: {BAD_PATTERN_ERROR}" in logs
    assert "re2.cc" not in logs  # RE2's own error log is off: the one line above says it all


def test_a_name_pattern_re2_refuses_is_rejected_on_reload(tmp_path: Path) -> None:
    config = tmp_path / "cluster.yaml"
    config.write_text("parameters:\n  disallow-plaintext-secrets:\n    extraNames: ['^PIN$']\n")
    holder, events, watch = watched_library(config)
    good = holder["library"]
    config.write_text(BAD_PATTERN_CONFIG + "# now broken\n")
    with pytest.raises(PolicyError, match="RE2 syntax is required"):
        load_library([default_policy_dir()], config)
    watch.check()
    assert events == ["failed"] and holder["library"] is good
    assert good.config.parameters["disallow-plaintext-secrets"]["extraNames"] == ["^PIN$"]


def test_a_same_size_rewrite_with_the_same_mtime_is_still_seen(tmp_path: Path) -> None:
    watched = tmp_path / "policy.yaml"
    watched.write_text("action: deny\n")
    before = watched.stat()
    events: list[str] = []
    watch = Watch("policies", [tmp_path], lambda: None, lambda w: events.append("ok"), lambda w: events.append("failed"))
    watched.write_text("action: warn\n")  # same size
    os.utime(watched, ns=(before.st_atime_ns, before.st_mtime_ns))  # and a coarse clock: same mtime
    watch.check()
    assert events == ["ok"]


@pytest.mark.parametrize("seconds", ["nan", "inf", "-1"])
def test_a_drain_that_is_not_a_finite_number_refuses_to_start(tmp_path: Path, seconds: str) -> None:
    """Like the reload interval: nan would compare false everywhere, inf would never stop."""
    settings = serve_cmd.settings_from(parse("--dev", "--certs-dir", str(tmp_path)))
    settings = Settings.from_env({"RAILGUARD_DRAIN_SECONDS": seconds}, **{
        k: getattr(settings, k) for k in ("tls_cert", "tls_key", "dev")
    })
    assert serve_cmd.check(settings) == "RAILGUARD_DRAIN_SECONDS (--drain-seconds) must be a finite number >= 0"
    flagged = serve_cmd.settings_from(parse("--dev", "--certs-dir", str(tmp_path), "--drain-seconds", seconds))
    assert serve_cmd.check(flagged) == "RAILGUARD_DRAIN_SECONDS (--drain-seconds) must be a finite number >= 0"


def test_the_drain_defaults_to_five_seconds_and_the_flag_overrides_the_variable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("RAILGUARD_DRAIN_SECONDS", raising=False)
    assert serve_cmd.settings_from(parse()).drain_seconds == 5.0
    monkeypatch.setenv("RAILGUARD_DRAIN_SECONDS", "0")
    assert serve_cmd.settings_from(parse()).drain_seconds == 0.0
    assert serve_cmd.settings_from(parse("--drain-seconds", "2.5")).drain_seconds == 2.5


def test_dev_mode_stops_at_once_unless_a_drain_is_asked_for(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """On a laptop (--dev) no Service routes around the stop, so Ctrl-C does not wait 5 s."""
    monkeypatch.delenv("RAILGUARD_DRAIN_SECONDS", raising=False)
    dev = ("--dev", "--certs-dir", str(tmp_path))
    assert serve_cmd.settings_from(parse(*dev)).drain_seconds == 0.0
    assert serve_cmd.settings_from(parse(*dev, "--drain-seconds", "3")).drain_seconds == 3.0
    monkeypatch.setenv("RAILGUARD_DRAIN_SECONDS", "4")
    assert serve_cmd.settings_from(parse(*dev)).drain_seconds == 4.0


@pytest.mark.parametrize("port", ["99999", "65536", "-1"])
def test_a_port_out_of_range_refuses_to_start(tmp_path: Path, port: str) -> None:
    """The socket layer took 99999 as 34463 (modulo 65536): the server listened, on another port."""
    settings = serve_cmd.settings_from(parse("--dev", "--certs-dir", str(tmp_path), "--port", port))
    assert serve_cmd.check(settings) == f"RAILGUARD_PORT (--port) must be a port number from 0 to 65535, got {port}"
    from_env = Settings.from_env({"RAILGUARD_PORT": port}, **{k: getattr(settings, k) for k in ("tls_cert", "tls_key", "dev")})
    assert serve_cmd.check(from_env) == f"RAILGUARD_PORT (--port) must be a port number from 0 to 65535, got {port}"
    assert serve_cmd.check(serve_cmd.settings_from(parse("--dev", "--certs-dir", str(tmp_path), "--port", "65535"))) is None


@pytest.mark.parametrize("flag", ["--host", "--config", "--audit", "--cert", "--key", "--client-ca", "--policies", "--certs-dir"])
def test_an_empty_flag_is_refused_like_an_empty_variable(flag: str, capsys: pytest.CaptureFixture[str]) -> None:
    """``--host ""`` listened on every interface (0.0.0.0 and ::); ``--config ""`` read the current folder."""
    with pytest.raises(SystemExit) as exited:
        parse(flag, " ")
    assert exited.value.code == 2
    assert f"argument {flag}: is empty (leave it out to use the default)" in capsys.readouterr().err


def _listening_socket() -> socket.socket:
    taken = socket.socket()
    taken.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    return taken


def test_a_port_in_use_stops_the_start_saying_how_to_choose_another(tmp_path: Path) -> None:
    """A newcomer's ``make serve`` on a machine where 8443 is taken: uvicorn logged "[Errno 98] ...
    address already in use" among JSON lines, after a "ready" line and the audit store opened,
    and exited 3; now it stops first, on stderr, naming the flag and the variable that choose the port."""
    with _listening_socket() as taken:
        port = taken.getsockname()[1]
        audit = tmp_path / "audit.db"
        command = [sys.executable, "-m", "webhook.cli", "serve", "--dev", "--certs-dir", str(tmp_path),
                   "--port", str(port), "--audit", f"sqlite:{audit}"]
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
        assert f"railguard serve: cannot listen on 127.0.0.1:{port}: the port is already in use" in done.stderr
        assert "--port N" in done.stderr and "RAILGUARD_PORT" in done.stderr
        assert done.returncode == 2
        assert '"ready"' not in done.stdout and not audit.exists()
        settings = serve_cmd.settings_from(parse("--dev", "--certs-dir", str(tmp_path), "--port", str(port)))
        assert serve_cmd.listen_problem(settings) == done.stderr.strip().removeprefix("railguard serve: ")


def test_a_free_port_and_port_zero_pass_the_listen_check(tmp_path: Path) -> None:
    with _listening_socket() as probe:
        free = probe.getsockname()[1]
    for port in (free, 0):
        settings = serve_cmd.settings_from(parse("--dev", "--certs-dir", str(tmp_path), "--port", str(port)))
        assert serve_cmd.listen_problem(settings) is None


def test_an_address_not_of_this_machine_is_named(tmp_path: Path) -> None:
    settings = serve_cmd.settings_from(parse("--dev", "--certs-dir", str(tmp_path), "--host", "192.0.2.1", "--port", "0"))
    problem = serve_cmd.listen_problem(settings)
    assert problem is not None and problem.startswith("cannot listen on 192.0.2.1:0: ")


def test_the_start_up_line_says_where_the_dev_certificates_and_the_audit_store_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Paths only: never key material, and the audit URL without its password or secret parameters."""
    for name in [name for name in os.environ if name.startswith("RAILGUARD_")]:
        monkeypatch.delenv(name)
    certs = tmp_path / "certs"
    audit = "postgresql://railguard:FAKE-pw-not-real@db.example:5432/audit?sslpassword=FAKE-ssl-not-real&sslmode=require"
    settings = serve_cmd.settings_from(parse("--dev", "--certs-dir", str(certs), "--audit", audit))
    app = create_app(settings, audit=FakeAuditStore(), policies=load_policies(default_policy_dir()))
    with caplog.at_level(logging.INFO, logger="railguard.server"), TestClient(app):
        pass
    (ready,) = [r for r in caplog.records if getattr(r, "event", "") == "started"]
    line = JsonFormatter().format(ready)
    entry = orjson.loads(line)
    assert entry["tls_cert"] == str(certs / "tls.crt") and entry["tls_key"] == str(certs / "tls.key")
    assert entry["ca"] == str(certs / "ca.crt")
    assert entry["audit"] == "postgresql://railguard:***@db.example:5432/audit?sslpassword=***&sslmode=require"
    assert "FAKE" not in line and "PRIVATE KEY" not in line and "CERTIFICATE" not in line
    key_body = "".join((certs / "tls.key").read_text().splitlines()[1:-1])
    assert key_body[:40] not in line
    # without --dev: the certificate paths and the store, no dev CA
    settings = serve_cmd.settings_from(parse("--cert", str(certs / "tls.crt"), "--key", str(certs / "tls.key")))
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="railguard.server"), TestClient(create_app(settings, audit=FakeAuditStore())):
        pass
    (ready,) = [r for r in caplog.records if getattr(r, "event", "") == "started"]
    assert (ready.tls_cert, ready.audit) == (str(certs / "tls.crt"), "sqlite:railguard-audit.db")
    assert not hasattr(ready, "ca")
