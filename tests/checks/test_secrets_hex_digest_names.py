"""disallow-plaintext-secrets: hex of a digest's length (32, 40, 64 or 128 digits) under a name that
ends in a digest's (``password_hash``, ``password_sha256``, ``hex`` after one: ClickHouse's
``<password_sha256_hex>``) is the digest of a password, not one in plain text, in XML and in any
config file. A key in hex (``encryption.key.hex``), a short value under a digest's name, hex of
another length, or a password beside the digest are still reported."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages

SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
SHA1 = "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3"


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("users.xml", f"<clickhouse><users><etl><password_sha256_hex>{SHA256}</password_sha256_hex></etl></users></clickhouse>"),
        ("users.xml", f"<clickhouse><users><ro>\n<password_double_sha1_hex>{SHA1}</password_double_sha1_hex>\n</ro></users></clickhouse>"),
        ("users.yaml", f"users:\n  etl:\n    password_sha256_hex: {SHA256}\n"),
        ("app.properties", f"admin.password.hash={SHA256}\n"),
        ("app.properties", f"admin.password.sha256={SHA256.upper()}\n"),
        ("app.properties", f"admin.password.md5={SHA256[:32]}\n"),
        ("core-site.xml", f"<configuration><property><name>admin.password.sha256</name><value>{SHA256}</value></property></configuration>"),
    ],
)
def test_a_hex_digest_under_a_digest_name_is_no_finding(key: str, text: str) -> None:
    assert configmap_messages(key, text, FAKE) == []


@pytest.mark.parametrize(
    ("key", "text", "name"),
    [
        ("app.properties", f"encryption.key.hex={SHA256}\n", "encryption.key.hex"),
        ("app.properties", f"password_hash={FAKE}\n", "password_hash"),
        ("app.properties", f"password_sha256={SHA256[:50]}\n", "password_sha256"),
        ("app.properties", f"password_hex={SHA256}\n", "password_hex"),
        ("users.xml", f"<clickhouse><users><etl><password_sha256_hex>{FAKE}</password_sha256_hex></etl></users></clickhouse>", "password_sha256_hex"),
        ("users.xml", f"<users><a><password_sha256_hex>{SHA256}</password_sha256_hex></a><b><password>{FAKE}</password></b></users>", "password"),
    ],
)
def test_anything_else_is_still_reported(key: str, text: str, name: str) -> None:
    (message,) = configmap_messages(key, text, FAKE)
    assert f'sets "{name}" in plain text' in message, message
