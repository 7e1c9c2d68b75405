"""disallow-plaintext-secrets: an HTTP authentication scheme's name and one reference after it in an
env value, a ConfigMap entry or a container's command or args (``TOKEN: "Bearer $(API_TOKEN)"``:
the kubelet expands ``$(API_TOKEN)`` from another env var) writes no credential, as ``$(API_TOKEN)``
alone writes none; ``Token`` is such a name before a reference in a script too (``TOKEN="token
$GITHUB_TOKEN"``). ``$$(T)`` (the text ``$(T)``), text after the reference and a token written out
are judged as written. Values are fakes."""

from __future__ import annotations

import time
from typing import Any

import pytest
from check_helpers import FAKE, configmap, container, decide, everything_shown, pod, script_pod

from webhook.checks.secrets.values import scheme_then_reference

POLICY = "disallow-plaintext-secrets"


def _messages(obj: dict[str, Any]) -> list[str]:
    decision = decide(obj)
    assert FAKE not in everything_shown(decision)
    return [f.message for f in decision.findings if f.policy == POLICY]


def _env(name: str, value: str) -> dict[str, Any]:
    source = {"name": "API_TOKEN", "valueFrom": {"secretKeyRef": {"name": "gateway", "key": "token"}}}
    return pod([container(env=[source, {"name": name, "value": value}])])


HARMLESS_VALUES = [
    "Bearer $(API_TOKEN)",
    "Authorization: Bearer $(API_TOKEN)",
    "Token $(API_TOKEN)",
    "token $(API_TOKEN)",
    "Basic $(B64)",
    "Bearer ${API_TOKEN}",
    "Bearer $API_TOKEN",
    " Bearer  $(API_TOKEN) ",
]


@pytest.mark.parametrize("name", ["TOKEN", "API_TOKEN", "GITHUB_TOKEN", "API_KEY", "PASSWORD"])
@pytest.mark.parametrize("value", HARMLESS_VALUES)
def test_a_scheme_before_a_reference_in_an_env_value(name: str, value: str) -> None:
    assert _messages(_env(name, value)) == []


@pytest.mark.parametrize("value", HARMLESS_VALUES[:5])
def test_the_same_in_a_configmap_entry(value: str) -> None:
    assert _messages(configmap({"TOKEN": value})) == []


@pytest.mark.parametrize(
    "argv",
    [
        ["app", "--token", "Bearer $(API_TOKEN)"],
        ["app", "--auth-token", "Token $(API_TOKEN)"],
        ["app", "--api-key=Basic $(B64)"],
        ["env", "TOKEN=Bearer $(API_TOKEN)", "app"],
        ["app", "TOKEN=Token $(API_TOKEN)"],
        ["curl", "-H", "Authorization: token $(API_TOKEN)", "https://lis.example"],
    ],
)
def test_a_scheme_before_a_reference_in_args(argv: list[str]) -> None:
    assert _messages(pod([container(command=argv)])) == []


@pytest.mark.parametrize(
    "script",
    ['TOKEN="Token $T"; curl -H "Authorization: $TOKEN" https://lis.example', 'export GITHUB_TOKEN="token $(cat /run/secrets/gh)"'],
)
def test_token_as_a_scheme_before_an_expansion_in_a_script(script: str) -> None:
    assert _messages(script_pod(script)) == []
    assert _messages(configmap({"run.sh": script})) == []


@pytest.mark.parametrize(
    "value",
    [
        "Bearer $$(API_TOKEN)",  # the text $(API_TOKEN): nothing is expanded
        f"Bearer $(API_TOKEN){FAKE}",
        f"Bearer $(API_TOKEN) {FAKE}",
        f"{FAKE} $(API_TOKEN)",
        f"Token{FAKE} $(API_TOKEN)",
        "Bearer $(cat /run/secrets/token)",  # no command is run for an env value
        "Authorization=Bearer $(API_TOKEN)",
    ],
)
def test_other_text_is_judged_as_written(value: str) -> None:
    (message,) = _messages(_env("TOKEN", value))
    assert 'env var "TOKEN" sets a sensitive value in plain text' in message


def test_a_bearer_token_written_out_is_still_reported() -> None:
    (message,) = _messages(_env("TOKEN", f"Bearer {FAKE.replace('-', '')}Zq7"))
    assert "bearer token" in message


@pytest.mark.parametrize(
    "argv",
    [["app", "--token", "Bearer $$(API_TOKEN)"], ["env", f"TOKEN=Bearer $(API_TOKEN) {FAKE}", "app"], ["app", f"--token=Key{FAKE} $(T)"]],
)
def test_other_args_are_judged_as_written(argv: list[str]) -> None:
    assert len(_messages(pod([container(command=argv)]))) == 1


def test_key_is_no_scheme_in_a_script() -> None:
    (message,) = _messages(script_pod('TOKEN="Key $T"'))
    assert 'sets "TOKEN"' in message


def test_linear_on_adversarial_input() -> None:
    start = time.perf_counter()
    assert not scheme_then_reference("Authorization:" + " " * 65536 + "Bearer" + " " * 65536 + "$(" + "T" * 65536 + "!")
    assert scheme_then_reference("Bearer $(" + "T" * 65536 + ")")
    assert not scheme_then_reference("Bearer " + "$(" * 32768)
    assert not scheme_then_reference("B" * 65536 + " $(T)")
    assert time.perf_counter() - start < 1.0
