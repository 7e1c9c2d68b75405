"""disallow-plaintext-secrets: a variable whose name is no secret's, set in a script (a ConfigMap's
run.sh, ``sh -c``) to an option string (``export JAVA_OPTS="-Ddb.password=... -Xmx1g"``): read as the
same text in an env value JAVA_OPTS is, its sensitive options with a literal value reported
(1.25.360). A reference, a command's output or options with no secret are none. No message ever
shows the value."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, container, findings, key_and_sh_c_messages, pod

POLICY = "disallow-plaintext-secrets"


@pytest.mark.parametrize(
    ("script", "flag"),
    [
        (f'export JAVA_OPTS="-Dspring.datasource.password={FAKE} -Xmx1g"\nexec java $JAVA_OPTS -jar app.jar', '"-Dspring.datasource.password"'),
        (f'export JAVA_TOOL_OPTIONS="-Xmx1g -Djavax.net.ssl.keyStorePassword={FAKE}"', '"-Djavax.net.ssl.keyStorePassword"'),
        (f'export CATALINA_OPTS="$CATALINA_OPTS -Ddb.password={FAKE}"', '"-Ddb.password"'),
        (f"JAVA_OPTS=-DDB_PASSWORD={FAKE} java -jar app.jar", '"-DDB_PASSWORD"'),
        (f"export EXTRA_ARGS='--api-token {FAKE} --verbose'", '"--api-token"'),
        (f"HELM_ARGS='--set db.password={FAKE}'", '"db.password"'),
    ],
)  # fmt: skip
def test_an_option_string_in_a_neutral_variable_is_reported_as_in_an_env_value(script: str, flag: str) -> None:
    for messages in key_and_sh_c_messages(script):
        assert len(messages) == 1 and f"passes {flag} in plain text" in messages[0], messages
    name, _, value = script.split("\n")[0].removeprefix("export ").partition("=")
    env_value = value.split(" java ")[0].strip("\"'").replace(f"${name} ", "")
    (finding,) = findings(pod([container(env=[{"name": name, "value": env_value}])]), POLICY)
    assert f"passes {flag} in plain text" in finding.message and FAKE not in finding.message


@pytest.mark.parametrize(
    "script",
    [
        'export JAVA_OPTS="-Dspring.datasource.password=${DB_PASSWORD} -Xmx1g"',
        'export JAVA_OPTS="$JAVA_OPTS -Dspring.datasource.password=$DB_PASSWORD"',
        'export JAVA_OPTS="-Dspring.datasource.password=$(cat /run/secrets/db/password)"',
        'export JAVA_OPTS="-Xmx1g -Dspring.profiles.active=prod -Dserver.port=8080"',
        "export EXTRA_ARGS='--api-token-file /run/secrets/token --verbose'",
        'JAVA_OPTS="${JAVA_OPTS} -Xmx1g" && export JAVA_OPTS',
    ],
)
def test_an_option_string_without_a_literal_secret_is_not_reported(script: str) -> None:
    assert key_and_sh_c_messages(script) == [[], []]


def test_a_commands_output_assigned_is_judged_as_its_commands_once() -> None:
    messages = key_and_sh_c_messages(f'x="$(echo PASSWORD={FAKE} | ( sudo -S id ))"')
    for each in messages:
        assert len(each) == 1 and '"sudo"' in each[0], each
