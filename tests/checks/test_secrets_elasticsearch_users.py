"""Elasticsearch's file-realm tool given a password on its command line: ``elasticsearch-users
useradd NAME -p <password>`` and ``passwd NAME -p <password>`` (an init container seeding the
users of a cluster) hold it in plain text and are reported, never shown; a reference, the
prompt (no ``-p``) and the tool's other commands are not."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, container, decide, everything_shown, findings, pod, reported_once, script_pod

POLICY = "disallow-plaintext-secrets"


@pytest.mark.parametrize(
    ("script", "shown"),
    [
        (f"bin/elasticsearch-users useradd kibana_sys -p {FAKE} -r kibana_system", "(useradd -p <password>)"),
        (f"/usr/share/elasticsearch/bin/elasticsearch-users useradd ops -r superuser -p '{FAKE}'", "(useradd -p <password>)"),
        (f"elasticsearch-users passwd admin -p {FAKE}", "(passwd -p <password>)"),
    ],
)
def test_a_literal_password_given_to_elasticsearch_users_is_reported(script: str, shown: str) -> None:
    reported_once(script_pod(script), POLICY, f'passes a password to "elasticsearch-users" {shown}')


@pytest.mark.parametrize(
    "script",
    [
        'bin/elasticsearch-users useradd kibana_sys -p "${KIBANA_PASSWORD}" -r kibana_system',
        'elasticsearch-users useradd "$ES_USER" -p "$(cat /secrets/es/password)" -r superuser',
        "elasticsearch-users useradd ops -r superuser",  # no -p: the tool prompts
        "elasticsearch-users roles -a superuser kibana && elasticsearch-users list",
        f"elasticsearch-users userdel old -p {FAKE}",  # userdel takes no password: -p is no option of it
        "pg_isready -h db -p 5432",
    ],
)
def test_references_prompts_and_other_commands_are_not_reported(script: str) -> None:
    assert findings(script_pod(script), POLICY) == []


def test_an_init_container_seeding_the_file_realm_is_reported_by_its_path() -> None:
    init = container(name="users", command=["sh", "-c", f"elasticsearch-users useradd monitor -p {FAKE} -r remote_monitoring_agent"])
    decision = decide(pod([container(name="es")], initContainers=[init]))
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert finding.path == "/spec/initContainers/0/command/2"
    assert FAKE not in everything_shown(decision)
