"""disallow-plaintext-secrets: a NATS nkey seed (``SU...``: S, the key's kind, then base32, 58
characters) is a private key; it passed in nats.conf, a ``.nk`` or ``.creds`` file and env values
under any name. A public nkey (``U...``, 56 characters) names who may connect: no secret."""

from __future__ import annotations

import time

import pytest
from check_helpers import configmap_messages, container, decide, everything_shown, pod

from webhook.checks.secrets.values import credential_kind

POLICY = "disallow-plaintext-secrets"
SEED = "SUAMFAKE2NOT3A4REAL5SEED6FAKE2NOT3A4REAL5SEED6FAKE2NOT3A4R"
PUBLIC = "UDXUFAKE2NOT3A4REAL5PUBLIC6KEY7FAKE2NOT3A4REAL5PUBLIC6KE"
JWT = "eyJ0eXAiOiJKV1QiLCJhbGciOiJlZDI1NTE5LW5rZXkifQ.eyJqdGkiOiJGQUtFTk9UQVJFQUwifQ.FAKEnotarealsignature"


def test_the_fakes_have_the_shapes() -> None:
    assert len(SEED) == 58 and len(PUBLIC) == 56


@pytest.mark.parametrize("kind", ["U", "A", "O", "N", "C", "X"])
def test_a_seed_of_each_kind_is_one(kind: str) -> None:
    assert credential_kind("S" + kind + SEED[2:]) == "a NATS nkey seed"


@pytest.mark.parametrize(
    "value",
    [
        PUBLIC,  # a public nkey
        "SUAMFAKENOTAREALSEEDFAKENOTAREALSEEDFAKENOTAREALSEEDFAKENO",  # no digit: a run of capitals
        SEED + "A",  # 59 characters
        SEED[:-1],  # 57
        "X" + SEED,  # inside a longer run
        SEED.lower(),  # base32 nkeys are upper case
        "SB" + SEED[2:],  # no kind of nkey
    ],
)
def test_other_shapes_are_none(value: str) -> None:
    assert credential_kind(value) is None


@pytest.mark.parametrize(("key", "text"), [
    ("user.nk", SEED + "\n"),
    ("nats.conf", f'leafnodes {{\n  remotes = [ {{ url: "nats-leaf://hub:7422", nkey: "{SEED}" }} ]\n}}\n'),
    ("leaf.creds", f"-----BEGIN NATS USER JWT-----\n{JWT}\n------END NATS USER JWT------\n\n"
                   f"-----BEGIN USER NKEY SEED-----\n{SEED}\n------END USER NKEY SEED------\n"),
])  # fmt: skip
def test_a_seed_in_a_configmap_is_reported(key: str, text: str) -> None:
    """Was missed (the .creds file was reported for its JWT only)."""
    messages = configmap_messages(key, text, SEED)
    assert any("holds a NATS nkey seed" in message for message in messages), messages


@pytest.mark.parametrize("name", ["NATS_NKEY_SEED", "NKEY", "OPTS"])
def test_a_seed_in_an_env_value_is_reported_under_any_name(name: str) -> None:
    """Was missed."""
    decision = decide(pod([container(env=[{"name": name, "value": SEED}])]))
    assert SEED not in everything_shown(decision)
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert f'env var "{name}" holds a NATS nkey seed' in finding.message


def test_public_nkeys_are_not_reported() -> None:
    text = f"authorization {{\n  users = [ {{ nkey: {PUBLIC} }} ]\n}}\n"
    assert configmap_messages("nats.conf", text, PUBLIC) == []
    decision = decide(pod([container(env=[{"name": "NATS_NKEY", "value": PUBLIC}])]))
    assert [f for f in decision.findings if f.policy == POLICY] == []


@pytest.mark.parametrize("text", ["SU" * 32768, "SUA" + "A" * 65536, ("SU" + "B" * 55 + "x") * 1150, ("SUA" + "2" * 56 + "A") * 1100])
def test_the_search_is_linear_on_64_kib(text: str) -> None:
    started = time.perf_counter()
    credential_kind(text)
    assert time.perf_counter() - started < 0.5
