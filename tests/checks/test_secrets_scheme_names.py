"""disallow-plaintext-secrets: a name whose last word is ``scheme`` or ``schemes`` says how a secret
is hashed or sent (Dovecot's ``default_pass_scheme``, ``pass_scheme``, ``password_scheme``; an API's
``bearerAuth.scheme``), never holds one. Only the scheme names ``setting_values`` listed passed
before: ``default_pass_scheme = SCHEMACHANGEME`` or ``password_scheme = pbkdf2_sha256`` were
reported as a password. A password beside it stays reported, and so does a value of a secret's
shape under any name; no message shows the value."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap, configmap_messages, decide, everything_shown, script_pod

POLICY = "disallow-plaintext-secrets"
_DOVECOT_SQL = (
    "driver = pgsql\nconnect = host=db.mail.svc dbname=mail user=dovecot\n{line}\n"
    "password_query = SELECT username AS user, password FROM users WHERE username = '%n'\n"
)


@pytest.mark.parametrize(
    "line",
    [
        "default_pass_scheme = SCHEMACHANGEME",  # reported before
        "default_pass_scheme = PLAIN-MD4",  # reported before: a scheme Dovecot has that the list lacked
        "default_pass_scheme = SHA512-CRYPT",
        "default_pass_scheme = ARGON2ID",
        "pass_scheme = BLF-CRYPT",
        "password_scheme = pbkdf2_sha256",  # reported before
        "password_scheme = Zq7fake-pw9Xy2",  # reported before: nobody keeps a password under a scheme's name
        "passwordScheme = ldap_salted_sha1",  # reported before
        "PASSWORD_SCHEMES = bcrypt,sha512_crypt",  # reported before
    ],
)
def test_a_scheme_setting_is_no_secret_whatever_it_names(line: str) -> None:
    assert configmap_messages("dovecot-sql.conf.ext", _DOVECOT_SQL.format(line=line), FAKE) == []


def test_a_password_beside_the_scheme_stays_reported() -> None:
    text = _DOVECOT_SQL.format(line=f"default_pass_scheme = SCHEMACHANGEME\npassword = {FAKE}")
    assert configmap_messages("dovecot-sql.conf.ext", text, FAKE) == [
        'ConfigMap "config" key "dovecot-sql.conf.ext" sets "password" in plain text (line 4). '
        "Fix: move it into a Secret and mount or reference that Secret instead."
    ]


def test_a_connection_string_under_a_scheme_name_stays_reported() -> None:
    """The name no longer makes the value a secret; the value's own shape still does."""
    text = f"password_scheme = postgres://dovecot:{FAKE}@db.mail.svc/mail\n"
    messages = configmap_messages("app.conf", text, FAKE)
    assert len(messages) == 1 and "URL with a password" in messages[0], messages


def test_an_api_security_schemes_scheme_names_no_secret() -> None:
    """``bearerAuth.scheme`` names an HTTP scheme; a bearer token written after it (``Bearer <token>``)
    is still reported by its shape, once, not as the setting."""
    assert configmap_messages("app.yaml", f"bearerAuth:\n  scheme: {FAKE}\n", FAKE) == []
    messages = configmap_messages("app.properties", f"api_key.scheme=Bearer {FAKE}\n", FAKE)
    assert len(messages) == 1 and "bearer token" in messages[0] and "api_key.scheme" not in messages[0], messages


def test_a_scheme_on_a_command_line_or_in_env_is_no_secret() -> None:
    decision = decide(script_pod("doveadm pw -s SHA512-CRYPT; export PASS_SCHEME=SCHEMACHANGEME; exec dovecot -F"))
    assert [f for f in decision.findings if f.policy == POLICY] == []
    decision = decide(script_pod(f"export PASS_SCHEME=SCHEMACHANGEME DOVECOT_PASSWORD={FAKE}; exec dovecot -F"))
    assert FAKE not in everything_shown(decision)
    assert ['"DOVECOT_PASSWORD"' in f.message for f in decision.findings if f.policy == POLICY] == [True]


def test_a_password_under_a_name_ending_in_schema_is_still_reported() -> None:
    """``schema`` is another word: ``password_schema`` holds a password as before."""
    assert configmap_messages("app.conf", f"password_schema = {FAKE}\n", FAKE) == [
        'ConfigMap "config" key "app.conf" sets "password_schema" in plain text (line 1). '
        "Fix: move it into a Secret and mount or reference that Secret instead."
    ]
