"""disallow-plaintext-secrets: in a text that holds ``user=`` (or ``host=``, ``dbname=``), a keyword
argument closing a call (``def login(self, password=None), other=1``, ``f(user=u, password=None)``)
is code, no libpq connection string, while a libpq password that is a literal stays reported, a
``)`` after it or not. Secret values here are fake (``Zq7fake-pw9``) and never appear in a message."""

from __future__ import annotations

import pytest
from check_helpers import configmap, container, findings, pod

POLICY = "disallow-plaintext-secrets"
FAKE_PW = "Zq7fake-pw9"


def _key_messages(key: str, text: str) -> list[str]:
    return [f.message for f in findings(configmap({key: text + "\n"}), POLICY)]


def _env_messages(name: str, value: str) -> list[str]:
    return [f.message for f in findings(pod([container(env=[{"name": name, "value": value}])]), POLICY)]


NONE_CALLS = [
    "connect as user=app\ndef login(self, password=None), other=1",
    "f(user=u, password=None)",
    "connect(host=h, user=u, password=None))",
]
CALLS = NONE_CALLS + [
    "client = connect(host=h, user=u, password=pw)",
    "db.connect(host=args.host, user=args.user, password=args.password)",
    "open_db(dbname=name, user=self.user, password=self.db_password), retry=3",
    "connect(host=h, user=u, password=cfg.dbPassword)",
]


@pytest.mark.parametrize("text", CALLS)
@pytest.mark.parametrize("key", ["notes.txt", "app.env", "values.yaml"])
def test_a_password_argument_closing_a_call_is_no_libpq_password(key: str, text: str) -> None:
    assert _key_messages(key, text) == []


@pytest.mark.parametrize("text", CALLS)
def test_a_password_argument_closing_a_call_in_an_env_value(text: str) -> None:
    assert _env_messages("NOTES", text) == []


@pytest.mark.parametrize("text", NONE_CALLS)
def test_none_closing_a_call_in_a_script_or_an_argument(text: str) -> None:
    """A script's line and an argument are read as settings too: ``None`` is no password there."""
    assert _key_messages("run.sh", text) == []
    assert findings(pod([container(args=["--note", text])]), POLICY) == []


@pytest.mark.parametrize(
    "text",
    [
        f"host=db user=app password={FAKE_PW}",
        f'psql "host=db user=app password={FAKE_PW})"',  # a literal with a ) after it is one all the same
        f"connect(host=h, user=u, password={FAKE_PW})",
        f"connect(host=h, user=u, password={FAKE_PW}),",
        "f(user=u, password=hunter2)",  # digits glued to a word: a literal
        "f(user=u, password=S3cret!)",
        "f(user=u, password=(pw)",  # a ( in it: no call closed
        "host=db user=app password=None)x",  # not at the password's end
        "host=db user=app password=changeme)",  # pairs apart by blanks: a libpq string, no call's arguments
        "(host=db user=app password=pw)",
        "x(a, b) host=db user=app password=pw)",
    ],
)
def test_a_libpq_literal_stays_reported(text: str) -> None:
    for messages in (_key_messages("notes.txt", text), _env_messages("NOTES", text)):
        assert len(messages) == 1 and "with a password in plain text" in messages[0], messages
        assert FAKE_PW not in messages[0]


@pytest.mark.parametrize("word", ["hunter", "changeme", "qwerty", "letmein", "admin", "dragon"])
def test_a_plain_word_closing_a_call_may_be_the_password(word: str) -> None:
    """Only what code writes (``None``, a member chain, a variable named as a password) closes a call
    as code; a plain word there may be the password itself."""
    assert findings(configmap({"notes.txt": f"connect(host=db, user=app, password={word})\n"}), POLICY)
