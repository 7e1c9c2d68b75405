"""disallow-plaintext-secrets 1.25.425: the mongo shell's ``db.auth("user", "...")`` (also
``getSiblingDB("admin").auth(...)``, ``admin_db.auth(...)`` and ``db.auth({user, pwd})``) in an
init script logs in with a password written there, reported as ``a MongoDB login with a
password``; the environment (``_getEnv``, ``process.env``), references in a here-document, a
prompt, a placeholder and an HTTP client's ``.auth()`` stay harmless. No message shows the value."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap_messages, key_and_sh_c_messages

from webhook.checks.secrets.values import _sql_password

LOGIN = "a MongoDB login with a password"

LITERAL = [
    f'db.auth("root", "{FAKE}")',
    f"db.getSiblingDB('admin').auth('root', '{FAKE}');",
    f'conn.getDB("admin").auth("admin", "{FAKE}")',
    f"admin_db.auth('admin', '{FAKE}')",
    f"db.auth({{user: 'root', pwd: '{FAKE}'}})",
]


@pytest.mark.parametrize("js", LITERAL)
def test_a_literal_login_is_reported(js: str) -> None:
    for key in ("mongo-init.js", "01-init.js"):
        messages = configmap_messages(key, js + "\n", FAKE)
        assert len(messages) == 1, messages
    assert _sql_password(js) in (LOGIN, "a MongoDB user with a password")


def test_in_a_here_document_of_a_script() -> None:
    script = f'mongosh admin <<EOF\ndb.auth("root", "{FAKE}")\nEOF\n'
    for messages in key_and_sh_c_messages(script):
        assert messages and all("in plain text" in message for message in messages), messages


NONE = [
    'db.getSiblingDB("admin").auth(_getEnv("MONGO_INITDB_ROOT_USERNAME"), _getEnv("MONGO_INITDB_ROOT_PASSWORD"));',
    "db.auth(process.env.ROOT_USER, process.env.ROOT_PASSWORD)",
    'db.auth("${MONGO_INITDB_ROOT_USERNAME}", "${MONGO_INITDB_ROOT_PASSWORD}")',
    "db.auth({user: 'root', pwd: passwordPrompt()})",
    'db.auth("root", "<password>")',
    "request(app).post('/signin').auth('admin', 'qwerty-not-mongo')",
    "db.authenticate()",
]


@pytest.mark.parametrize("js", NONE)
def test_no_literal_login_is_none(js: str) -> None:
    assert configmap_messages("mongo-init.js", js + "\n", FAKE) == []
    assert _sql_password(js) is None


@pytest.mark.parametrize("text", ["db" * 32768 + ".auth(", "getDB(" * 10922 + ".auth(", "db.auth({" + "x" * 65536])
def test_adversarial_text_is_read_in_linear_time(text: str) -> None:
    start = time.perf_counter()
    _sql_password(text + "'")
    assert time.perf_counter() - start < 1.0
