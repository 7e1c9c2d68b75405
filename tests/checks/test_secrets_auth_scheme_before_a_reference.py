"""disallow-plaintext-secrets: an HTTP authentication scheme's name and one expansion after it
(``TOKEN="Bearer $T"``, ``AUTH_TOKEN="Authorization: Basic ${CREDS}"``) writes no credential: the
token is the expansion's. The value as written was judged as a literal and the name reported, in
``sh -c``'s argument, a ConfigMap's run.sh and a config file alike. A default written into the
reference, more text after it, or a word that is no scheme's name is still judged as written.
Values are fakes."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap, decide, everything_shown, key_and_sh_c_messages

from webhook.checks.secrets.values import scheme_then_expansion

POLICY = "disallow-plaintext-secrets"


def _messages(obj: dict[str, object]) -> list[str]:
    decision = decide(obj)
    assert FAKE not in everything_shown(decision)
    return [f.message for f in decision.findings if f.policy == POLICY]


HARMLESS = [
    'TOKEN="Bearer $T"; curl -H "Authorization: $TOKEN" https://lis.example',
    'TOKEN="Bearer ${T}"',
    "TOKEN='Basic $CREDS'",
    'export API_TOKEN="bearer $(cat /run/secrets/token)"',
    'TOKEN="Authorization: Bearer ${T}"',
    'AUTH_HEADER="Authorization: Bearer ${TOKEN}"; curl -H "$AUTH_HEADER" https://lis.example',
    'TOKEN="Negotiate $TICKET"',
]


@pytest.mark.parametrize("script", HARMLESS)
def test_a_scheme_before_a_reference_is_no_literal(script: str) -> None:
    assert key_and_sh_c_messages(script) == [[], []]


@pytest.mark.parametrize(
    ("key", "text"),
    [("app.env", 'TOKEN="Bearer ${T}"\n'), ("app.yaml", 'token: "Bearer ${T}"\n'), ("app.properties", "token=Basic ${CREDS}\n")],
)
def test_the_same_in_a_config_file(key: str, text: str) -> None:
    assert _messages(configmap({key: text})) == []


REPORTED = [
    f'TOKEN="Bearer ${{T:-{FAKE}}}"',
    f'TOKEN="Bearer $T {FAKE}"',
    f'TOKEN="Bearer ${{T}}{FAKE}"',
    f'TOKEN="Token{FAKE} $T"',
    f'TOKEN="{FAKE} $T"',
]


@pytest.mark.parametrize("script", REPORTED)
def test_a_literal_beside_the_scheme_is_still_reported(script: str) -> None:
    in_key, in_args = key_and_sh_c_messages(script)
    assert len(in_args) == 1 and 'sets "TOKEN"' in in_args[0], in_args
    assert len(in_key) == 1 and 'sets "TOKEN"' in in_key[0], in_key


def test_a_bearer_token_written_out_is_still_reported() -> None:
    in_key, in_args = key_and_sh_c_messages(f'TOKEN="Bearer {FAKE.replace("-", "")}Zq7"')
    assert any("bearer token" in m or 'sets "TOKEN"' in m for m in in_args)
    assert any("bearer token" in m or 'sets "TOKEN"' in m for m in in_key)


def test_user_and_reference_pair_stays_reported() -> None:
    """``DB_PASSWORD=app:$PW``: the text before ``:`` may be part of the secret (``hunter2:$SALT``),
    unlike a scheme's name, one of a fixed few words: it stays judged as written."""
    in_key, in_args = key_and_sh_c_messages("DB_PASSWORD=app:$PW")
    assert len(in_args) == 1 and len(in_key) == 1


def test_linear_on_adversarial_input() -> None:
    long = "Authorization:" + " " * 65536 + "Bearer" + " " * 65536 + "$" + "T" * 65536 + "!"
    start = time.perf_counter()
    assert not scheme_then_expansion(long)
    assert scheme_then_expansion("Bearer " + "$" + "T" * 65536)
    assert not scheme_then_expansion("Bearer $(" + "(" * 65536)
    assert not scheme_then_expansion("B" * 65536 + " $T")
    assert time.perf_counter() - start < 1.0
