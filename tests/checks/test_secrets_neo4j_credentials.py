"""Neo4j's credentials in plain text: the image's ``NEO4J_AUTH`` (``user/password``, in an env var
or a ConfigMap's ``.env`` or compose file), ``cypher-shell -p <password>`` (an exec probe's health
check, an init script) and ``neo4j-admin [dbms] set-initial-password <password>`` are reported,
never shown; ``none``, references, templates and other options are not."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages, container, decide, everything_shown, findings, pod, reported_once, script_pod

from webhook.checks.secrets.setting_values import neo4j_auth

POLICY = "disallow-plaintext-secrets"


def neo4j_pod(auth: str) -> dict[str, object]:
    return pod([container(name="neo4j", env=[{"name": "NEO4J_AUTH", "value": auth}, {"name": "NEO4J_PLUGINS", "value": '["apoc"]'}])])


@pytest.mark.parametrize("auth", [f"neo4j/{FAKE}", f"admin/{FAKE}"])
def test_neo4j_auth_with_a_literal_password_is_reported(auth: str) -> None:
    finding = reported_once(neo4j_pod(auth), POLICY, 'env var "NEO4J_AUTH" sets a user/password pair in plain text')
    assert finding.path == "/spec/containers/0/env/0/value"


@pytest.mark.parametrize(
    "auth",
    ["none", "neo4j/$(NEO4J_PASSWORD)", "neo4j/${NEO4J_PASSWORD}", "neo4j/{{ .Values.neo4j.password }}", "neo4j/{NEO4J_PASSWORD}", "neo4j/<password>", "neo4j/", "/run/secrets/neo4j"],
)
def test_neo4j_auth_off_or_referenced_is_not_reported(auth: str) -> None:
    assert findings(neo4j_pod(auth), POLICY) == []
    assert not neo4j_auth(auth)


def test_another_variable_with_a_slash_is_not_judged_as_neo4j_auth() -> None:
    env = [{"name": "BASIC_AUTH", "value": f"admin/{FAKE}"}, {"name": "MODEL_PATH", "value": "models/llama"}]
    assert findings(pod([container(env=env)]), POLICY) == []


@pytest.mark.parametrize(
    ("key", "text"),
    [
        (".env", f"NEO4J_AUTH=neo4j/{FAKE}\nNEO4J_PLUGINS=apoc\n"),
        ("docker-compose.yml", f"services:\n  neo4j:\n    image: neo4j:5\n    environment:\n      NEO4J_AUTH: neo4j/{FAKE}\n"),
    ],
)
def test_neo4j_auth_in_a_configmap_is_reported(key: str, text: str) -> None:
    (message,) = configmap_messages(key, text, FAKE)
    assert 'sets "NEO4J_AUTH" in plain text' in message


def test_neo4j_auth_none_in_a_configmap_is_not_reported() -> None:
    assert configmap_messages(".env", "NEO4J_AUTH=none\n", FAKE) == []


@pytest.mark.parametrize(
    ("script", "shown"),
    [
        (f"cypher-shell -u neo4j -p {FAKE} 'RETURN 1'", '"cypher-shell" (-p <password>)'),
        (f"cypher-shell -a bolt://neo4j:7687 -u neo4j -p '{FAKE}' -f /init/schema.cypher", '"cypher-shell" (-p <password>)'),
        (f"neo4j-admin dbms set-initial-password {FAKE} && exec neo4j console", '"neo4j-admin" (dbms set-initial-password <password>)'),
        (f"bin/neo4j-admin set-initial-password --require-password-change {FAKE}", '"neo4j-admin" (set-initial-password <password>)'),
    ],
)
def test_neo4j_tools_given_a_literal_password_are_reported(script: str, shown: str) -> None:
    reported_once(script_pod(script), POLICY, shown)


@pytest.mark.parametrize(
    "script",
    [
        'cypher-shell -u neo4j -p "$NEO4J_PASSWORD" "RETURN 1"',
        "cypher-shell -u neo4j -p $(NEO4J_PASSWORD) -a bolt://localhost:7687",
        'cypher-shell -u neo4j -p "$(cat /secrets/neo4j/password)" -f /init.cypher',
        'neo4j-admin dbms set-initial-password "${NEO4J_PASSWORD}"',
        "neo4j-admin database dump neo4j --to-path=/backups && neo4j-admin server memory-recommendation",
        "psql -h db -p 5432 -U app -c 'select 1'",  # -p is the port for other programs
    ],
)
def test_neo4j_tools_given_references_are_not_reported(script: str) -> None:
    assert findings(script_pod(script), POLICY) == []


def test_a_cypher_shell_liveness_probe_is_reported_and_its_password_never_shown() -> None:
    probe = {"exec": {"command": ["sh", "-c", f"cypher-shell -u neo4j -p {FAKE} 'RETURN 1'"]}}
    decision = decide(pod([container(name="neo4j", livenessProbe=probe)]))
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert finding.path == "/spec/containers/0/livenessProbe/exec/command/2"
    assert FAKE not in everything_shown(decision)
