"""disallow-plaintext-secrets: a shell script's ``export NEO4J_AUTH=neo4j/...`` and ``export
CLOUD_AUTH=elastic:...`` were reported in a ConfigMap's ``run.sh`` (read as a config file too, where
these names are judged by the shape of their value) but admitted as ``sh -c``'s script, whose
``NAME=value`` words were judged by their name only. Since 1.25.485 a script's ``NAME=value`` is
judged as the env var of that name is (``env_auth_pair``), in both places. radtest's password and
shared secret, ``radtest USER PASSWORD SERVER PORT SECRET``, were admitted; now reported, unless
both are references or an operand is missing."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, container, decide, everything_shown, key_and_sh_c_messages, pod, script_pod

from webhook.checks.secrets.setting_values import env_auth_pair

POLICY = "disallow-plaintext-secrets"
RADTEST = 'passes a secret to "radtest" (<user> <password> <server> <port> <secret>) in plain text.'


@pytest.mark.parametrize(
    ("script", "name"),
    [
        (f"export NEO4J_AUTH=neo4j/{FAKE}\nexec /startup/docker-entrypoint.sh neo4j", "NEO4J_AUTH"),
        (f'export NEO4J_AUTH="neo4j/{FAKE}"; exec neo4j console', "NEO4J_AUTH"),
        (f"export CLOUD_AUTH=elastic:{FAKE}\nexec metricbeat -e -E cloud.auth=$CLOUD_AUTH", "CLOUD_AUTH"),
        (f"FHIR_BASIC_AUTH='admin:{FAKE}' exec java -jar /app/fhir.jar", "FHIR_BASIC_AUTH"),
    ],
)
def test_an_auth_pair_is_reported_in_sh_c_as_in_a_configmap_script(script: str, name: str) -> None:
    """sh -c's was admitted."""
    messages = key_and_sh_c_messages(script)
    assert [len(found) for found in messages] == [1, 1]
    assert all(f'sets "{name}" in plain text' in found[0] for found in messages)


@pytest.mark.parametrize(
    "script",
    [
        "export NEO4J_AUTH=none\nexec neo4j console",
        'export NEO4J_AUTH="neo4j/$NEO4J_PASSWORD"\nexec neo4j console',
        "export NEO4J_AUTH=neo4j/${NEO4J_PASSWORD}; exec neo4j console",
        'export CLOUD_AUTH="elastic:$(cat /run/secrets/elastic)"\nexec metricbeat',
        "export AUTH_MODE=basic:ldap\nexport OAUTH=google:oidc\nexport LDAP_AUTH=ldap:389\nexec app",
        "export MODEL_PATH=models/llama BASIC_AUTH=htpasswd:/auth/htpasswd\nexec app",
    ],
)
def test_off_referenced_or_no_pair_is_not_reported(script: str) -> None:
    assert key_and_sh_c_messages(script) == [[], []]


def test_the_env_var_and_the_script_share_one_judge() -> None:
    assert env_auth_pair("NEO4J_AUTH", f"neo4j/{FAKE}") == "a user/password pair"
    assert env_auth_pair("CLOUD_AUTH", f"elastic:{FAKE}") == "a user:password pair"
    assert env_auth_pair("NEO4J_AUTH", "none") is None
    assert env_auth_pair("AUTH_MODE", f"x:{FAKE}") is None


@pytest.mark.parametrize(
    "obj",
    [
        script_pod(f"radtest bob {FAKE} radius.example 0 testing123"),
        script_pod(f'radtest -t mschap bob "$BOB_PASSWORD" radius.example:1812 10 {FAKE}'),
        script_pod(f'radtest -x -d /etc/raddb bob {FAKE} 127.0.0.1 0 "$RADIUS_SECRET"'),
        pod([container(command=["radtest", "bob", FAKE, "radius.example", "0", "$(RADIUS_SECRET)"])]),
    ],
)
def test_radtest_password_or_shared_secret_is_reported(obj: dict[str, object]) -> None:
    """Was admitted."""
    decision = decide(obj)
    (message,) = [f.message for f in decision.findings if f.policy == POLICY]
    assert RADTEST in message
    assert FAKE not in everything_shown(decision) and "testing123" not in everything_shown(decision)


@pytest.mark.parametrize(
    "script",
    [
        'radtest bob "$BOB_PASSWORD" radius.example 0 "$RADIUS_SECRET"',
        "radtest -t pap bob ${BOB_PASSWORD} radius.example 0 $(cat /run/secrets/radius)",
        "radtest bob",
        "radtest -h",
    ],
)
def test_radtest_with_references_or_missing_operands_is_not_reported(script: str) -> None:
    decision = decide(script_pod(script))
    assert [f for f in decision.findings if f.policy == POLICY] == []
