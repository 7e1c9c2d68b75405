"""disallow-plaintext-secrets: a NATS server's ``resolver_preload`` block maps account public keys to
account JWTs, signed by the operator and public (their claims hold no secret): each was reported as
a JSON Web Token in plain text, blocking a server's config. A user's ``.creds`` file (its JWT and
its nkey seed) stays reported by its seed."""

from __future__ import annotations

import time

import pytest
from check_helpers import configmap_messages

from webhook.checks.secrets.configmap import account_jwts_blanked

JWT = "eyJ0eXAiOiJKV1QiLCJhbGciOiJlZDI1NTE5LW5rZXkifQ.eyJqdGkiOiJGQUtFTk9UQVJFQUwifQ.RkFLRS1ub3QtYS1yZWFsLXNpZw"
SEED = "SUAMFAKE2NOT3A4REAL5SEED6FAKE2NOT3A4REAL5SEED6FAKE2NOT3A4R"
ACCOUNT = "ADAPPFAKE2NOT3A4REAL5ACCOUNT6KEY7FAKE2NOT3A4REAL5ACCOUNT"


@pytest.mark.parametrize(
    "block",
    [
        f"resolver_preload: {{\n  {ACCOUNT}: {JWT}\n  {ACCOUNT}: \"{JWT}\"\n}}\n",
        f"resolver_preload = {{ {ACCOUNT} = {JWT} }}\n",
        f"resolver_preload {{\n  {ACCOUNT}: '{JWT}',\n}}\n",
    ],
)
def test_account_jwts_under_resolver_preload_are_not_reported(block: str) -> None:
    """Were reported."""
    text = f"operator: /etc/nats/operator.jwt\nresolver: MEMORY\n{block}"
    assert configmap_messages("nats.conf", text, JWT) == []


def test_a_jwt_outside_the_block_and_a_password_after_it_are_still_reported() -> None:
    text = (
        f"resolver_preload: {{\n  {ACCOUNT}: {JWT}\n}}\n"
        f"leafnodes {{\n  remotes = [ {{ url: \"nats-leaf://hub:7422\", token: {JWT} }} ]\n}}\n"
        "authorization {\n  password: FAKE-not-a-real-password\n}\n"
    )
    messages = configmap_messages("nats.conf", text, JWT)
    assert len(messages) == 2, messages
    assert any("JSON Web Token" in message and "(line 5)" in message for message in messages)
    assert any('"password"' in message and "(line 8)" in message for message in messages)


def test_a_seed_under_resolver_preload_is_still_reported() -> None:
    messages = configmap_messages("nats.conf", f"resolver_preload: {{\n  {ACCOUNT}: {SEED}\n}}\n", SEED)
    assert len(messages) == 1 and "NATS nkey seed" in messages[0]


def test_a_creds_file_is_reported_by_its_seed() -> None:
    text = (
        f"-----BEGIN NATS USER JWT-----\n{JWT}\n------END NATS USER JWT------\n\n"
        f"-----BEGIN USER NKEY SEED-----\n{SEED}\n------END USER NKEY SEED------\n"
    )
    messages = configmap_messages("app.creds", text, SEED)
    assert any("NATS nkey seed" in message and "(line 6)" in message for message in messages), messages


def test_a_block_that_does_not_close_blanks_nothing() -> None:
    text = f"resolver_preload: {{\n  {ACCOUNT}: {JWT}\n"
    assert account_jwts_blanked(text) == text
    assert len(configmap_messages("nats.conf", text, JWT)) == 1


def test_blanking_keeps_lines_and_length() -> None:
    text = f"resolver_preload: {{\n  {ACCOUNT}: {JWT}\n}}\ntoken: {JWT}\n"
    blanked = account_jwts_blanked(text)
    assert len(blanked) == len(text) and blanked.count("\n") == text.count("\n")
    assert blanked.count(JWT) == 1 and blanked.endswith(f"token: {JWT}\n")


@pytest.mark.parametrize(
    "text",
    ["resolver_preload {" + "eyJ" * 21000 + "}", "resolver_preload {" * 4000, ("resolver_preload {}") * 3400, "resolver_preload { " + "eyJab.eyJ.x " * 5400 + "}"],
)
def test_blanking_is_linear_on_64_kib(text: str) -> None:
    started = time.perf_counter()
    account_jwts_blanked(text)
    assert time.perf_counter() - started < 0.5
