"""disallow-plaintext-secrets: a ``-DNAME=value`` system property (Java, Maven) is a setting of
NAME whatever its case: ``-DDB_PASSWORD=...`` is judged as ``-Ddb.password=...`` is, in args and
command, in an option string held by an env var (``JAVA_OPTS``) and in a script; the name judged is
what follows ``-D`` (``-DPWD=...`` sets ``PWD``)."""

from __future__ import annotations

from typing import Any

import pytest
from check_helpers import FAKE, container, decide, everything_shown, findings, pod

POLICY = "disallow-plaintext-secrets"


def _places(option: str) -> dict[str, dict[str, Any]]:
    """Where a -D option may be written, each with the message's subject."""
    return {
        'args[1] sets "{shown}"': pod([container(args=["java", option, "-jar", "app.jar"])]),
        'command[2] sets "{shown}"': pod([container(command=["java", "-Xmx1g", option, "-jar", "app.jar"])]),
        'args[0] sets "{shown}"': pod([container(args=[f"-Xmx1g {option} -Dfile.encoding=UTF-8"])]),
        'env var "JAVA_OPTS" passes "{shown}"': pod([container(env=[{"name": "JAVA_OPTS", "value": f"-Xmx1g {option}"}])]),
        'env var "OPTS" passes "{shown}"': pod([container(env=[{"name": "OPTS", "value": option}])]),
        'args[2] sets "{shown}"': pod([container(args=["sh", "-c", f"exec java {option} -jar app.jar"])]),
    }


@pytest.mark.parametrize("name", ["DB_PASSWORD", "db.password", "API_TOKEN", "PWD", "SPRING_DATASOURCE_PASSWORD", "DbPassword"])
def test_a_sensitive_property_with_a_literal_is_reported_whatever_its_case(name: str) -> None:
    for subject, obj in _places(f"-D{name}={FAKE}").items():
        decision = decide(obj)
        messages = [f.message for f in decision.findings if f.policy == POLICY]
        assert len(messages) == 1 and subject.format(shown=f"-D{name}") in messages[0], (subject, messages)
        assert FAKE not in everything_shown(decision)


@pytest.mark.parametrize(
    "option",
    [
        "-DDB_PASSWORD=${DB_PASSWORD}",
        "-DDB_PASSWORD=$(DB_PASSWORD)",
        "-DDB_PASSWORD_FILE=/run/secrets/x",
        "-DDB_PASSWORD_FILE=db-password.txt",
        "-DDB_HOST=db",
        "-DMAX_TOKENS=4096",  # a number of tokens: what follows -D names no secret
        "-DCMAKE_BUILD_TYPE=Release",
        "-DDB_PASSWORD",  # no value
    ],
)
def test_a_property_without_a_secret_is_not_reported(option: str) -> None:
    for subject, obj in _places(option).items():
        assert findings(obj, POLICY) == [], subject
