"""disallow-plaintext-secrets: a bare run of 64 or 128 hex digits as ``password="..."`` in
``tomcat-users.xml`` stays reported. Whether the file holds digests is said by ``server.xml`` (a
Realm's CredentialHandler), not by the file itself, and ``openssl rand -hex 32`` (or ``-hex 64``)
makes plain passwords of exactly that shape. What ``digest.sh`` prints by default,
``salt$iterations$digest``, is a password verifier and stays admitted."""

from __future__ import annotations

import hashlib

import pytest
from check_helpers import FAKE, configmap_messages

SHA256 = hashlib.sha256(FAKE.encode()).hexdigest()
SHA512 = hashlib.sha512(FAKE.encode()).hexdigest()


def _tomcat_users(password: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<tomcat-users xmlns="http://tomcat.apache.org/xml" version="1.0">\n'
        '  <role rolename="manager-gui"/>\n'
        f'  <user username="admin" password="{password}" roles="manager-gui"/>\n'
        "</tomcat-users>\n"
    )


@pytest.mark.parametrize("password", [SHA256, SHA512, SHA256.upper()])
def test_a_bare_hex_password_is_still_reported(password: str) -> None:
    (message,) = configmap_messages("tomcat-users.xml", _tomcat_users(password), password)
    assert '"password" in plain text (line 4)' in message


@pytest.mark.parametrize("iterations", ["1", "1000"])
def test_digest_sh_output_is_a_verifier(iterations: str) -> None:
    salt = hashlib.md5(FAKE.encode()).hexdigest()
    password = f"{salt}${iterations}${SHA256}"
    assert configmap_messages("tomcat-users.xml", _tomcat_users(password), password) == []
