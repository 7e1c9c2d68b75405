"""disallow-plaintext-secrets: a URL's syntax written out (pip's ``--proxy`` help: ``scheme://[user:passwd@]proxy.server:port``)
names its optional parts in square brackets and holds no credential, while a URL whose bracketed
password is secret-shaped stays reported. Secret values here are fake (``Zq7fake-pw9``) and never
appear in a message."""

from __future__ import annotations

import pytest
from check_helpers import configmap, container, findings, pod

POLICY = "disallow-plaintext-secrets"
FAKE_PW = "Zq7fake-pw9"
PIP_HELP = 'help="Specify a proxy in the form scheme://[user:passwd@]proxy.server:port."'


def _key_messages(key: str, text: str) -> list[str]:
    return [f.message for f in findings(configmap({key: text + "\n"}), POLICY)]


def _env_messages(name: str, value: str) -> list[str]:
    return [f.message for f in findings(pod([container(env=[{"name": name, "value": value}])]), POLICY)]


SYNTAX = [
    PIP_HELP,  # pip's cmdoptions.py
    "Proxy: scheme://[user[:password]@]host[:port]",
    "URL form: https://[username:password@]host/path",
    "postgres://[user[:passwd]@][host][:port][/dbname]",
    "amqp://[user:pass@]broker:5672",
    "redis://[USER:PASSWORD@]host:6379/0",
    "http://[user:pwd@]proxy:3128 or http://[login:secret@]proxy:3128",
]


@pytest.mark.parametrize("text", SYNTAX)
@pytest.mark.parametrize("key", ["cmdoptions.py", "README.txt", "run.sh", "app.env", "values.yaml"])
def test_a_urls_syntax_with_bracketed_user_and_password_words_is_no_credential(key: str, text: str) -> None:
    assert _key_messages(key, text) == []


@pytest.mark.parametrize("text", SYNTAX)
def test_a_urls_syntax_in_an_env_value_or_an_argument_is_no_credential(text: str) -> None:
    assert _env_messages("PROXY_HELP", text) == []
    assert findings(pod([container(args=["--help-text", text])]), POLICY) == []


@pytest.mark.parametrize(
    "text",
    [
        f"https://admin:{FAKE_PW}@db.example/x",
        f"https://[admin:{FAKE_PW}@]db.example/x",  # a bracketed password that is secret-shaped
        f"https://[user:{FAKE_PW}@]proxy:3128",
        f"https://[user[:{FAKE_PW}]@]proxy:3128",
        "https://user:passwd@proxy.example:3128",  # a dummy word deployed as a password, no brackets
        "https://[user:passwd@proxy.example:3128",  # no closing bracket right after the @
        "https://user:password@]proxy:3128",  # no opening bracket
        "https://[user:hunter2@]proxy:3128",
        "https://[user:passwd2024@]proxy:3128",
        f"https://[{FAKE_PW}:passwd@]proxy:3128",  # a user with a digit: no syntax written out
    ],
)
def test_a_url_with_a_password_stays_reported(text: str) -> None:
    for messages in (_key_messages("README.txt", text), _env_messages("PROXY_URL", text)):
        assert len(messages) == 1 and "URL with a password" in messages[0], messages
        assert FAKE_PW not in messages[0]
