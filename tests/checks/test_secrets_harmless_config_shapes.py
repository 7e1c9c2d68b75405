"""disallow-plaintext-secrets on config settings that name or describe a secret without holding one:
a password hashing scheme's name (pam_ldap's ``pam_password md5``, Dovecot's ``password_scheme``).
The values are obviously fake."""

from __future__ import annotations

from typing import Any

import pytest
from check_helpers import FAKE, configmap, findings

POLICY = "disallow-plaintext-secrets"


def _messages(obj: dict[str, Any]) -> list[str]:
    return [f.message.split(" Fix:")[0] for f in findings(obj, POLICY)]


def _sets(key: str, *settings: tuple[str, int]) -> list[str]:
    return [f'ConfigMap "config" key "{key}" sets "{name}" in plain text (line {line}).' for name, line in settings]


@pytest.mark.parametrize(
    ("key", "line"),
    [
        ("ldap.conf", "pam_password = md5"),
        ("ldap.conf", "pam_password=exop"),
        ("ldap.conf", "pam_password: clear_remove_old"),
        ("pam_ldap.conf", "pam_password = AD"),
        ("dovecot.yaml", "password_scheme: SHA512-CRYPT"),
        ("dovecot.yaml", 'password_scheme: "BLF-CRYPT"'),
        ("dovecot-sql.conf.ext", "default_pass_scheme = SHA512-CRYPT"),
        ("dovecot-sql.conf.ext", "default_pass_scheme = ssha256.hex"),
        ("auth.ini", "passwordScheme = ARGON2ID"),
    ],
)
def test_a_hashing_schemes_name_is_no_password(key: str, line: str) -> None:
    """The scheme a password is hashed with (pam_ldap's and nss_ldap's ``pam_password``: clear,
    crypt, md5, nds, racf, ad, exop; Dovecot's ``default_pass_scheme``) names no secret."""
    assert _messages(configmap({key: f"# auth\n{line}\n"})) == []


@pytest.mark.parametrize(
    ("line", "name"),
    [
        (f"pam_password = {FAKE}", "pam_password"),
        ("pam_password = Zq7fake-pw9Xy2", "pam_password"),
        ("password = md5", "password"),  # the name alone says no scheme: a word is a password
        ("db_password = SHA512-CRYPT", "db_password"),  # a Dovecot scheme is no pam_password value
        ("pam_password = md5x", "pam_password"),
    ],
)
def test_a_password_beside_a_scheme_shaped_setting_is_reported(line: str, name: str) -> None:
    assert _messages(configmap({"ldap.conf": f"# auth\n{line}\n"})) == _sets("ldap.conf", (name, 2))


_UNIT = "[Unit]\nDescription=app\n\n[Service]\n{line}\nExecStart=/usr/bin/app\n"


@pytest.mark.parametrize(
    "line",
    [
        "LoadCredential=db-password:/etc/creds/db",
        "LoadCredential=db-password",
        "LoadCredential = tls.key:/run/secrets/tls.key",
        "LoadCredential=db.password:%d/db-password",
        "LoadCredential=db-password:db-password-store",
        "LoadCredential=api_token:/run/app/token.sock",
        "LoadCredentialEncrypted=db-password:/etc/credstore.encrypted/db.cred",
        "LoadCredentialEncrypted=db-password",
        "ImportCredential=db.*",
        "ImportCredential=app-password",
    ],
)
def test_a_systemd_credential_loaded_from_a_file_is_no_password(line: str) -> None:
    """systemd's ``LoadCredential=ID[:PATH]`` names a credential and where it is read from (an
    absolute path, a socket, or a name in the credential store); ``ImportCredential=`` a glob of names."""
    assert _messages(configmap({"app.service": _UNIT.format(line=line)})) == []


@pytest.mark.parametrize(
    ("line", "name"),
    [
        (f"SetCredential=db-password:{FAKE}", "SetCredential"),
        ("SetCredential=db-password:Zq7fake-pw9Xy2", "SetCredential"),
        ("LoadCredential=db-password:Zq7fake-pw9Xy2", "LoadCredential"),  # a literal where a path goes
        ("LoadCredential=Zq7fake-pw9Xy2", "LoadCredential"),
        ("LoadCredentialPassword=db-password:/etc/creds/db", "LoadCredentialPassword"),
    ],
)
def test_a_systemd_credential_set_in_the_unit_is_reported(line: str, name: str) -> None:
    assert _messages(configmap({"app.service": _UNIT.format(line=line)})) == _sets("app.service", (name, 5))


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("my.cnf", "[client]\nuser=app\npassword=\nhost=db\n"),
        ("my.cnf", "[client]\r\nuser=app\r\npassword=\r\nhost=db\r\n"),
        ("db.env", "DB_USER=app\npassword=\nhost=db\ndbname=app\n"),
        ("pg.conf", "host=db\npassword=\n\nuser=app\n"),
    ],
)
def test_an_empty_password_before_a_settings_line_is_no_connection_string(key: str, text: str) -> None:
    """A libpq ``password=`` ends with its line: an empty one does not take the next line's
    ``host=db`` for its value, and an empty value is harmless."""
    assert _messages(configmap({key: text})) == []


def test_a_password_set_on_its_line_among_settings_lines_is_reported() -> None:
    text = f"[client]\nuser=app\npassword={FAKE}\nhost=db\n"
    assert _messages(configmap({"my.cnf": text})) == _sets("my.cnf", ("password", 3))


def test_a_libpq_connection_string_on_one_line_is_still_one() -> None:
    text = f"[client]\nconninfo = host=db user=app password={FAKE}\n"
    assert _messages(configmap({"app.ini": text})) == ['ConfigMap "config" key "app.ini" holds a connection string with a password in plain text (line 2).']


_JCASC = """\
credentials:
  system:
    domainCredentials:
      - credentials:
          - usernamePassword:
              scope: GLOBAL
              id: db
              username: app
              password: {password}
              description: the database's user
"""


@pytest.mark.parametrize("password", ["${DB_PW}", '"${DB_PASSWORD}"', "${readFile:/run/secrets/db}", ""])
def test_a_list_items_key_opening_a_mapping_is_no_value(password: str) -> None:
    """Jenkins Configuration as Code: ``- credentials:`` opens a list of mappings, no value of its
    own; what the settings under it hold is judged by their own keys."""
    assert _messages(configmap({"jenkins.yaml": _JCASC.format(password=password)})) == []


def test_a_password_in_a_mapping_under_a_list_items_key_is_reported_by_its_own_key() -> None:
    text = _JCASC.format(password=FAKE)
    assert _messages(configmap({"jenkins.yaml": text})) == _sets("jenkins.yaml", ("password", 9))


@pytest.mark.parametrize(
    ("text", "setting"),
    [
        ("items:\n  - credentials:\n      id: db\n      token: {fake}\n", ("token", 4)),
        ("items:\n  - credentials:\n      # the bot\n\n      token: {fake}\n", ("token", 5)),
        ("- password:\n    {fake}\n", ("password", 1)),  # a plain scalar on the next line: its value
        ("- api_keys:\n    - {fake}\n", ("api_keys", 1)),  # a list of scalars: its value
        ("- password:\n    value: {fake}\n", ("password.value", 2)),  # judged under its parent, as password: / value:
    ],
)
def test_a_secret_under_a_list_items_key_is_reported(text: str, setting: tuple[str, int]) -> None:
    assert _messages(configmap({"app.yaml": text.format(fake=FAKE)})) == _sets("app.yaml", setting)


_SEALED = "k6iUCUh0RJCQyvL8k8q1UyAAAAABAAAADAAAABAAAAC1lFmbWAqWZ8dCCQkAAAAAgAAAAAAAAAALACMA8AAAACAAAAAAngAg"
"""The start of a credential as ``systemd-creds encrypt`` writes it (base64 of its encrypted form)."""


@pytest.mark.parametrize(
    "lines",
    [
        f"SetCredentialEncrypted=db-password:{_SEALED}",
        f"SetCredentialEncrypted=db-password: \\\n        {_SEALED} \\\n        {_SEALED}",
        f"SetCredentialEncrypted=tls.key:{_SEALED}{_SEALED}==",
    ],
)
def test_a_credential_encrypted_by_systemd_creds_is_no_plain_text(lines: str) -> None:
    """``SetCredentialEncrypted=ID:BLOB``: the credential sealed with the host's key or the TPM,
    which only systemd on that host decrypts."""
    assert _messages(configmap({"app.service": _UNIT.format(line=lines)})) == []


@pytest.mark.parametrize(
    "line",
    [
        f"SetCredentialEncrypted=db-password:{FAKE}",
        "SetCredentialEncrypted=db-password:Zq7fakepw9Xy2",  # base64's letters, too short to be sealed
        f"SetCredential=db-password:{_SEALED}",  # written as the credential's value itself
        "SetCredentialEncrypted=db-password: \\\n        Zq7fake-pw9Xy2",  # continued below its line
    ],
)
def test_a_short_or_plain_value_of_a_systemd_credential_is_reported(line: str) -> None:
    name = line.split("=", 1)[0]
    assert _messages(configmap({"app.service": _UNIT.format(line=line)})) == _sets("app.service", (name, 5))
