"""disallow-plaintext-secrets: hex of a digest's length under a digest's name set by a shell script
(``ADMIN_PASSWORD_SHA256=<64 hex> exec app``, ``export PASSWORD_HASH=<40 hex>``) is a digest, no
password, as in an env value and a config file (``hex_digest_under_a_digest_name``), in a ConfigMap's
run.sh and in ``sh -c``; a key in hex (``ENCRYPTION_KEY_HEX``) or another value under a digest's name
stays reported. No message shows the value."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap, decide, everything_shown, script_pod

HEX64 = "9f3c1a7e5b2d4c6f8a0e1b3d5f7a9c2e4b6d8f0a1c3e5a7b9d2f4e6a8c0b1d3e"


def key_and_sh_c_messages(script: str) -> list[list[str]]:
    """The policy's messages on ``script`` as a ConfigMap's run.sh and as ``sh -c``'s argument; no
    part of the hex nor FAKE is in what either decision shows."""
    messages = []
    for obj in (configmap({"run.sh": script}), script_pod(script)):
        decision = decide(obj)
        shown = everything_shown(decision)
        assert FAKE not in shown and HEX64[:32] not in shown and HEX64[:32].upper() not in shown
        messages.append([f.message for f in decision.findings if f.policy == "disallow-plaintext-secrets"])
    return messages


@pytest.mark.parametrize(
    "script",
    [
        f"ADMIN_PASSWORD_SHA256={HEX64} exec app",
        f"export PASSWORD_HASH={HEX64[:40]}\nexec app",
        f'export DB_PASSWORD_MD5="{HEX64[:32].upper()}"\nexec app',
        f"env ROOT_PASSWORD_DIGEST='{HEX64}' app --serve",
        f"ADMIN_PASSWORD_SHA512={HEX64 * 2}; export ADMIN_PASSWORD_SHA512; exec app",
    ],
)
def test_a_hex_digest_set_by_a_script_is_harmless(script: str) -> None:
    assert key_and_sh_c_messages(script) == [[], []]


@pytest.mark.parametrize(
    ("script", "name"),
    [
        (f"export ENCRYPTION_KEY_HEX={HEX64}\nexec app", "ENCRYPTION_KEY_HEX"),  # a key in hex
        (f"SIGNING_SECRET_HEX={HEX64} exec app", "SIGNING_SECRET_HEX"),
        (f"export PASSWORD_HASH={FAKE}\nexec app", "PASSWORD_HASH"),  # no hex digest
        (f"export PASSWORD_HASH={HEX64[:36]}\nexec app", "PASSWORD_HASH"),  # no digest's length
        (f"ADMIN_PASSWORD={HEX64} exec app", "ADMIN_PASSWORD"),  # no digest's name
    ],
)
def test_a_key_in_hex_or_another_value_stays_reported(script: str, name: str) -> None:
    in_key, in_args = key_and_sh_c_messages(script)
    assert len(in_key) == 1 and f'sets "{name}" in plain text' in in_key[0], in_key
    assert len(in_args) == 1 and f'sets "{name}" in plain text' in in_args[0], in_args
