"""``--audit-hide-key FILE``: a user name, uid, group or request uid that is itself a credential
is recorded as ``<hidden k:0123456789ab>``, the start of an HMAC-SHA256 under that key, where it
was (and, without the key, still is) ``<hidden 0123456789ab>``, the start of an unkeyed SHA-256:
anyone could test a guessed password against that one. Every replica given the same key file
names a user the same way; ``audit export --user`` finds those records, and ``audit hide-user
--key FILE`` gives the form of a candidate read from standard input (never from argv)."""

from __future__ import annotations

import argparse
import hashlib
import hmac
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from starlette.testclient import TestClient

from webhook.audit.record import record_fields
from webhook.cli import main, serve_cmd
from webhook.config import ClusterConfig, Settings, default_policy_dir
from webhook.errors import ConfigError
from webhook.policies import load_policies
from webhook.server import create_app
from webhook.workloads import HIDE_KEY_MIN_BYTES, hidden_user, read_hide_key, shown_request_uid, use_hide_key

from .conftest import OpenStore
from .helpers import assert_no_canary
from .test_canary_request_fields import CANARIES, REQUEST_UID, USER_GROUP, USER_UID, USERNAME, body

KEY = b"fake-hide-key-for-tests-0123456789abcdef"  # 40 bytes, obviously not a real key
OTHER_KEY = b"another-fake-hide-key-for-tests-01234567"
KEY_TEXT = KEY.decode()


@pytest.fixture(autouse=True)
def _no_key_after() -> Iterator[None]:
    """Each test leaves the process without a key, as it found it."""
    yield
    use_hide_key(None)


PREFIX = b"railguard hidden user\x00"


def keyed(text: str, key: bytes = KEY) -> str:
    digest = hmac.new(key, PREFIX + text.encode(), hashlib.sha256).hexdigest()
    return f"<hidden k:{digest[:12]}>"


def unkeyed(text: str) -> str:
    return f"<hidden {hashlib.sha256(PREFIX + text.encode()).hexdigest()[:12]}>"


def key_file(tmp_path: Path, data: bytes = KEY, name: str = "hide.key") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_without_a_key_the_digest_is_unkeyed_as_before() -> None:
    use_hide_key(None)
    assert hidden_user(USERNAME) == unkeyed(USERNAME)
    assert shown_request_uid(REQUEST_UID) == unkeyed(REQUEST_UID)


def test_with_a_key_the_digest_is_an_hmac_marked_as_keyed() -> None:
    use_hide_key(KEY)
    assert hidden_user(USERNAME) == keyed(USERNAME) != unkeyed(USERNAME)
    assert shown_request_uid(REQUEST_UID) == keyed(REQUEST_UID)
    use_hide_key(OTHER_KEY)  # another key: another name for the same user
    assert hidden_user(USERNAME) == keyed(USERNAME, OTHER_KEY) != keyed(USERNAME)


def test_replicas_reading_the_same_key_file_name_a_user_the_same_way(tmp_path: Path) -> None:
    first, second = key_file(tmp_path, name="a"), key_file(tmp_path, name="b")
    use_hide_key(read_hide_key(first))
    in_one = hidden_user(USERNAME)
    use_hide_key(read_hide_key(second))
    assert hidden_user(USERNAME) == in_one == keyed(USERNAME)


@pytest.mark.parametrize("problem", ["missing", "short", "directory", "large", "fifo"])
def test_an_unusable_key_file_is_a_config_error_that_never_quotes_the_key(problem: str, tmp_path: Path) -> None:
    path = tmp_path / "hide.key"
    if problem == "short":
        path.write_bytes(KEY[: HIDE_KEY_MIN_BYTES - 1])
    elif problem == "directory":
        path.mkdir()
    elif problem == "large":
        path.write_bytes(KEY * 1000)
    elif problem == "fifo":
        os.mkfifo(path)  # no writer: a read would wait forever
    with pytest.raises(ConfigError) as raised:
        read_hide_key(path)
    message = str(raised.value)
    assert str(path) in message and "fake-hide-key" not in message and KEY_TEXT[:HIDE_KEY_MIN_BYTES - 1] not in message
    if problem == "short":
        assert f"at least {HIDE_KEY_MIN_BYTES} bytes" in message


def test_the_key_is_a_setting_of_serve_by_flag_or_variable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parser = argparse.ArgumentParser()
    serve_cmd.configure(parser)
    assert serve_cmd.settings_from(parser.parse_args([])).audit_hide_key is None
    monkeypatch.setenv("RAILGUARD_AUDIT_HIDE_KEY", str(tmp_path / "from-env.key"))
    assert serve_cmd.settings_from(parser.parse_args([])).audit_hide_key == tmp_path / "from-env.key"
    flagged = serve_cmd.settings_from(parser.parse_args(["--audit-hide-key", str(tmp_path / "flag.key")]))
    assert flagged.audit_hide_key == tmp_path / "flag.key"


@pytest.mark.parametrize("content", [None, KEY[:10]])
def test_serve_with_a_missing_or_short_key_stops_at_startup(content: bytes | None, tmp_path: Path) -> None:
    path = tmp_path / "hide.key"
    if content is not None:
        path.write_bytes(content)
    command = [sys.executable, "-m", "webhook.cli", "serve", "--dev", "--certs-dir", str(tmp_path / "certs"), "--port", "0",
               "--audit", f"jsonl:{tmp_path / 'a.jsonl'}", "--audit-hide-key", str(path)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "railguard serve:" in done.stderr and str(path) in done.stderr and "Traceback" not in done.stderr
    assert "fake-hide" not in done.stderr + done.stdout
    assert not (tmp_path / "a.jsonl").exists()  # stopped before the audit store was opened


def test_the_server_records_and_logs_keyed_forms_that_export_finds(
    tmp_path: Path, make_store: OpenStore, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:  # fmt: skip
    caplog.set_level(logging.DEBUG)  # the review log line
    use_hide_key(read_hide_key(key_file(tmp_path)))
    url = f"jsonl:{tmp_path / 'a.jsonl'}"
    store = make_store(url)
    app = create_app(Settings(), audit=store, policies=load_policies(default_policy_dir()), config=ClusterConfig())
    user = {"username": USERNAME, "uid": USER_UID, "groups": ["system:authenticated", USER_GROUP]}
    with TestClient(app) as client:
        for uid in ("uid-1", REQUEST_UID):
            answer = client.post("/validate", content=body(uid, user=user), headers={"content-type": "application/json"})
            assert answer.status_code == 200
    store.close()
    logged = capfd.readouterr().out
    trail = (tmp_path / "a.jsonl").read_bytes()
    records = [orjson.loads(line) for line in trail.splitlines() if line.strip()]
    assert [r["user"] for r in records] == [{"username": keyed(USERNAME), "uid": keyed(USER_UID),
                                             "groups": ["system:authenticated", keyed(USER_GROUP)]}] * 2  # fmt: skip
    assert [r["uid"] for r in records] == ["uid-1", keyed(REQUEST_UID)]
    assert f'"uid":"{keyed(REQUEST_UID)}"' in logged  # the review log line names it the same way
    for where, data in (("the trail", trail), ("the review log", logged.encode())):
        assert_no_canary(data, where, (*CANARIES, KEY_TEXT))
    use_hide_key(None)  # the export is another process, without the key
    out = tmp_path / "export.jsonl"
    assert main(["audit", "export", "--audit", url, "--user", keyed(USERNAME), "--output", str(out)]) == 0
    assert [orjson.loads(line)["uid"] for line in out.read_bytes().splitlines()] == ["uid-1", keyed(REQUEST_UID)]


def test_export_given_the_credential_itself_points_to_hide_user(tmp_path: Path, make_store: OpenStore,
                                                                capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    url = f"jsonl:{tmp_path / 'a.jsonl'}"
    make_store(url).close()
    assert main(["audit", "export", "--audit", url, "--user", USERNAME]) == 2
    err = capsys.readouterr().err
    assert unkeyed(USERNAME) in err and "railguard audit hide-user --key FILE" in err
    assert_no_canary(err, "the refusal", CANARIES)


def hide_user(stdin: bytes, *options: str) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-m", "webhook.cli", "audit", "hide-user", *options]
    return subprocess.run(command, input=stdin, capture_output=True, timeout=60)


def test_hide_user_gives_the_keyed_form_of_a_candidate_read_from_stdin(tmp_path: Path) -> None:
    path = key_file(tmp_path)
    done = hide_user(USERNAME.encode() + b"\n", "--key", str(path))
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode() == keyed(USERNAME) + "\n"
    assert_no_canary(done.stdout + done.stderr, "hide-user's output", (*CANARIES, KEY_TEXT))
    without_key = hide_user(USERNAME.encode())  # a server without --audit-hide-key
    assert without_key.returncode == 0 and without_key.stdout.decode() == unkeyed(USERNAME) + "\n"
    assert b"without --key" in without_key.stderr


@pytest.mark.parametrize(("stdin", "key", "expected"), [
    (b"", KEY, b"no user name, uid or group on standard input"),
    (b"\n", KEY, b"no user name, uid or group on standard input"),
    (USERNAME.encode(), KEY[:8], f"at least {HIDE_KEY_MIN_BYTES} bytes".encode()),
    (b"\xff\xfe\n", KEY, b"not UTF-8"),
])  # fmt: skip
def test_hide_user_refuses_what_it_cannot_use(stdin: bytes, key: bytes, expected: bytes, tmp_path: Path) -> None:
    done = hide_user(stdin, "--key", str(key_file(tmp_path, key)))
    assert done.returncode == 2 and expected in done.stderr and done.stdout == b""
    assert b"fake-hide" not in done.stderr


def test_hide_user_notes_a_candidate_that_records_give_as_it_is(tmp_path: Path) -> None:
    done = hide_user(b"kubernetes-admin\n", "--key", str(key_file(tmp_path)))
    assert done.returncode == 0 and done.stdout.decode() == keyed("kubernetes-admin") + "\n"
    assert b"records give it as it is" in done.stderr


def test_record_fields_of_a_decision_hide_the_uid_with_the_key() -> None:
    """The record is built in the server process: its uid takes the key set there."""
    from webhook.admission import request_for_manifest, review

    request = request_for_manifest({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}, uid=REQUEST_UID)
    decision = review(request, load_policies(default_policy_dir()), ClusterConfig())
    use_hide_key(KEY)
    assert record_fields(decision, 1.0)[2] == keyed(REQUEST_UID)
    use_hide_key(None)
    assert record_fields(decision, 1.0)[2] == unkeyed(REQUEST_UID)
