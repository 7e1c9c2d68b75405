"""disallow-plaintext-secrets: git's configuration given in its environment split between a
container's env and its script (``GIT_CONFIG_KEY_0=http.extraHeader`` in env, ``export
GIT_CONFIG_VALUE_0="Authorization: Basic ..."`` in ``sh -c``, or the other way round): git reads
both when it runs, so the pair is judged as one, where the script sets its part. No message shows
a value."""

from __future__ import annotations

from typing import Any

import pytest
from check_helpers import FAKE, configmap, container, decide, everything_shown, pod

POLICY = "disallow-plaintext-secrets"
CLONE = "git clone https://git.example/trials/protocols.git /data"


def _env(**pairs: str) -> list[dict[str, str]]:
    return [{"name": "GIT_CONFIG_COUNT", "value": "1"}] + [{"name": name, "value": value} for name, value in pairs.items()]


def _messages(obj: dict[str, Any]) -> list[str]:
    decision = decide(obj)
    assert FAKE not in everything_shown(decision)
    return [f.message for f in decision.findings if f.policy == POLICY]


@pytest.mark.parametrize("header", [f"Authorization: Basic {FAKE}", f"X-Api-Key: {FAKE}", f"PRIVATE-TOKEN: {FAKE}"])
def test_a_value_in_the_script_pairs_with_the_key_in_env(header: str) -> None:
    script = f'export GIT_CONFIG_VALUE_0="{header}"\n{CLONE}\n'
    (said,) = _messages(pod([container(env=_env(GIT_CONFIG_KEY_0="http.extraHeader"), command=["/bin/sh", "-c"], args=[script])]))
    assert said.startswith('container "app" args[0] passes a credential to "git" in its ') and "(GIT_CONFIG_VALUE_0)" in said, said


@pytest.mark.parametrize("header", [f"Authorization: Basic {FAKE}", f"X-Api-Key: {FAKE}"])
def test_a_value_in_env_pairs_with_the_key_the_script_sets(header: str) -> None:
    obj = pod([container(env=_env(GIT_CONFIG_VALUE_0=header), command=["sh", "-c", f"export GIT_CONFIG_KEY_0=http.https://git.example/.extraheader; {CLONE}"])])
    (said,) = _messages(obj)
    assert '"git" in its ' in said and "(GIT_CONFIG_VALUE_0)" in said, said


def test_a_hook_script_pairs_with_the_key_in_env_too() -> None:
    hook = {"postStart": {"exec": {"command": ["bash", "-c", f'export GIT_CONFIG_VALUE_0="X-Api-Key: {FAKE}"; {CLONE}']}}}
    (said,) = _messages(pod([container(env=_env(GIT_CONFIG_KEY_0="http.extraHeader"), lifecycle=hook)]))
    assert "lifecycle" in said or "postStart" in said, said


def test_a_value_of_a_known_shape_in_env_is_reported_once() -> None:
    # the env var's own finding (a bearer token): the script setting its key adds none
    obj = pod([container(env=_env(GIT_CONFIG_VALUE_0=f"Authorization: Bearer {FAKE}"), command=["sh", "-c", f"export GIT_CONFIG_KEY_0=http.extraHeader; {CLONE}"])])
    (said,) = _messages(obj)
    assert 'env var "GIT_CONFIG_VALUE_0"' in said, said


@pytest.mark.parametrize(
    ("env", "script"),
    [
        ({"GIT_CONFIG_KEY_0": "http.extraHeader"}, 'export GIT_CONFIG_VALUE_0="Authorization: Basic $GIT_TOKEN"'),  # a reference
        ({"GIT_CONFIG_KEY_0": "core.askPass"}, f'export GIT_CONFIG_VALUE_0="X-Api-Key: {FAKE}"'),  # another variable
        ({"GIT_CONFIG_KEY_1": "http.extraHeader"}, f'export GIT_CONFIG_VALUE_0="X-Api-Key: {FAKE}"'),  # another pair
        ({"GIT_CONFIG_VALUE_0": f"X-Api-Key: {FAKE}"}, "export GIT_CONFIG_KEY_0=core.sshCommand"),
        ({"GIT_CONFIG_VALUE_0": f"X-Api-Key: {FAKE}"}, "export GIT_CONFIG_KEY_0"),  # a name alone sets nothing
        ({"GIT_CONFIG_VALUE_0": f"X-Api-Key: {FAKE}"}, "sh -c 'echo hi'"),  # no key at all
        ({"GIT_CONFIG_VALUE_0": "X-Request-Id: trial-42"}, "export GIT_CONFIG_KEY_0=http.extraHeader"),  # no credential
    ],
)
def test_pairs_that_pass_no_credential_stay_harmless(env: dict[str, str], script: str) -> None:
    assert _messages(pod([container(env=_env(**env), command=["sh", "-c", f"{script}\n{CLONE}\n"])])) == []


def test_a_value_from_a_secret_is_no_pair() -> None:
    env = [{"name": "GIT_CONFIG_VALUE_0", "valueFrom": {"secretKeyRef": {"name": "git", "key": "header"}}}]
    assert _messages(pod([container(env=env, command=["sh", "-c", f"export GIT_CONFIG_KEY_0=http.extraHeader; {CLONE}"])])) == []


def test_the_env_does_not_reach_a_configmaps_script() -> None:
    # the same script in a ConfigMap has no container's env: the value alone is of no known shape
    assert _messages(configmap({"run.sh": f'export GIT_CONFIG_VALUE_0="X-Api-Key: {FAKE}"\n{CLONE}\n'})) == []


def test_many_pairs_across_env_and_script_stay_linear() -> None:
    env = [{"name": f"GIT_CONFIG_KEY_{n}", "value": "http.extraHeader"} for n in range(300)]
    script = "".join(f'export GIT_CONFIG_VALUE_{n}="X-Api-Key: {FAKE}"\n' for n in range(300))
    decision = decide(pod([container(env=env, command=["sh", "-c", script])]))
    found = [f for f in decision.findings if f.policy == POLICY]
    assert len(found) == 21 and "280 more secrets" in found[-1].message
    assert FAKE not in everything_shown(decision)
