"""disallow-plaintext-secrets: two space-separated directives that set a password were missed:
Redis's passphrases of its TLS keys (redis.conf's ``tls-key-file-pass`` and
``tls-client-key-file-pass``, next to ``masterauth``, which was reported) and Apache
mod_authnz_ldap's ``AuthLDAPBindPassword``; its ``exec:`` form runs a program that prints the
password and is none."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages

REDIS = "port 0\ntls-port 6379\ntls-cert-file /tls/redis.crt\ntls-key-file /tls/redis.key\n%s\n"
HTTPD = 'Listen 80\n<Location /ldap>\n  AuthLDAPURL "ldap://ldap.example.org/dc=example,dc=org?uid"\n  %s\n</Location>\n'


@pytest.mark.parametrize("directive", ["tls-key-file-pass", "tls-client-key-file-pass"])
def test_a_redis_tls_key_passphrase_is_reported(directive: str) -> None:
    """Was missed."""
    messages = configmap_messages("redis.conf", REDIS % f"{directive} {FAKE}", FAKE)
    assert len(messages) == 1 and f'sets "{directive}"' in messages[0] and "(line 5)" in messages[0]


@pytest.mark.parametrize("line", [f"AuthLDAPBindPassword {FAKE}", f'AuthLDAPBindPassword "{FAKE} x"'])
def test_an_apache_ldap_bind_password_is_reported(line: str) -> None:
    """Was missed."""
    messages = configmap_messages("httpd.conf", HTTPD % line, FAKE)
    assert len(messages) == 1 and 'sets "AuthLDAPBindPassword"' in messages[0] and "(line 4)" in messages[0]


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("redis.conf", REDIS % "# tls-key-file-pass secret"),
        ("redis.conf", REDIS % "tls-key-file-pass ${TLS_KEY_PASS}"),
        ("httpd.conf", HTTPD % "AuthLDAPBindPassword exec:/usr/local/bin/ldap-password"),
        ("httpd.conf", HTTPD % 'AuthLDAPBindPassword "exec:/bin/cat /run/secrets/ldap"'),
        ("httpd.conf", HTTPD % 'AuthLDAPBindDN "cn=apache,dc=example,dc=org"'),
    ],
)
def test_a_comment_a_reference_and_a_program_are_none(key: str, text: str) -> None:
    assert configmap_messages(key, text, FAKE) == []
