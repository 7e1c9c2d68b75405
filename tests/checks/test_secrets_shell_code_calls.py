"""disallow-plaintext-secrets: in a shell script (a ConfigMap's ``run.sh``, a container's ``sh -c``),
a keyword argument closing a call of code (``connect(host=h, user=u, password=pw)``, in
``python -c '...'`` or on a line of its own) is code, as text keys judge it, while a literal there, a
plain word, and a setting or option outside a call stay reported. Secret values here are fake
(``Zq7fake-pw9``) and never appear in a message."""

from __future__ import annotations

import pytest
from check_helpers import configmap, container, findings, pod

POLICY = "disallow-plaintext-secrets"
FAKE_PW = "Zq7fake-pw9"


def _script_key_messages(text: str) -> list[str]:
    return [f.message for f in findings(configmap({"run.sh": text + "\n"}), POLICY)]


def _sh_c_messages(text: str) -> list[str]:
    return [f.message for f in findings(pod([container(command=["sh", "-c", text])]), POLICY)]


CODE_CALLS = [
    "connect(host=h, user=u, password=pw)",
    "db.connect(host=args.host, user=args.user, password=args.password)",
    "client = connect(host=h, password=cfg.dbPassword);",
    "open_db(dbname=name, user=self.user, password=self.db_password), retry=3",
    "login(user=u, token=api_token))",
]


@pytest.mark.parametrize("call", CODE_CALLS)
@pytest.mark.parametrize(
    "shape",
    ["{}", "python -c '{}'", 'python3 -c "{}"', "node -e '{}'", "ruby -e '{}'", "timeout 5 python -c '{}' && curl -fsS http://x/"],
)
def test_a_keyword_argument_closing_a_call_of_code_in_a_script_is_code(shape: str, call: str) -> None:
    text = shape.format(call)
    assert _script_key_messages(text) == []
    assert _sh_c_messages(text) == []


@pytest.mark.parametrize(
    "text",
    [
        f"password={FAKE_PW}",
        f"mysql --password={FAKE_PW}",
        f"connect(host=h, password={FAKE_PW})",
        "connect(host=h, password=hunter2)",  # digits glued to a word: a literal
        "connect(host=h, password=hunter)",  # a plain word: what only code writes is no such word
        "y=1 x=`password=pw`",
        "(password=pw)",  # a subshell
        "f(a, (b), password=pw)",  # the ( before it opens no call
        "password=pw; connect(host=h, password=pw)",  # the first one is a setting of the shell's
        'psql "host=db user=app password=pw)"',  # pairs apart by blanks: a libpq string, no call's arguments
    ],
)
def test_a_setting_or_a_literal_outside_a_call_of_code_stays_reported(text: str) -> None:
    for messages in (_script_key_messages(text), _sh_c_messages(text)):
        assert messages and all(FAKE_PW not in message for message in messages), (text, messages)


def test_a_literal_closing_a_call_in_python_c_stays_reported() -> None:
    messages = _sh_c_messages(f"python -c 'connect(password=\"{FAKE_PW}\")'")
    assert len(messages) == 1 and '"password"' in messages[0] and FAKE_PW not in messages[0], messages


def test_a_command_substitution_opens_no_call_of_code() -> None:
    """``$(password=pw)`` runs a command (a setting of a subshell's), no call of code."""
    assert _script_key_messages("x=$(password=pw)")


def test_only_the_code_among_a_scripts_settings_is_left_out() -> None:
    """A setting in the shell and a call of code on the next line: one finding, the setting's."""
    text = f"export DB_PASSWORD={FAKE_PW}\npython -c 'connect(host=h, user=u, password=pw)'"
    messages = _script_key_messages(text)
    assert len(messages) == 1 and '"DB_PASSWORD"' in messages[0], messages
    messages = _sh_c_messages(text)
    assert len(messages) == 1 and '"DB_PASSWORD"' in messages[0], messages


@pytest.mark.parametrize("key", ["notes.txt", "run.sh"])
def test_a_call_of_code_closing_a_double_quoted_string_is_no_libpq_password(key: str) -> None:
    """The ``"`` that closes the string the code is in (``python3 -c "..."``) follows the call's
    ``)``; a libpq string's pairs apart by blanks stay one with it."""
    text = 'python3 -c "connect(host=h, user=u, password=pw)"\n'
    assert findings(configmap({key: text}), POLICY) == []
    messages = [f.message for f in findings(configmap({key: 'psql "host=db user=app password=changeme)"\n'}), POLICY)]
    assert len(messages) == 1 and "connection string with a password" in messages[0], messages
