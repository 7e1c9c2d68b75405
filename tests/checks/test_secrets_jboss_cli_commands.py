"""WildFly's management CLI in its command form: ``data-source add --name=DS ... --password=...`` in a
.cli file and given to ``jboss-cli.sh --command=...`` in args or a script, reported as the operation
form ``/subsystem=datasources/data-source=DS:add(password=...)`` is; a reference, a vault or
credential store's alias and other commands are harmless."""

from __future__ import annotations

import pytest

from tests.checks.check_helpers import FAKE, configmap_messages, container, decide, everything_shown, key_and_sh_c_messages, pod

_POLICY = "disallow-plaintext-secrets"
_ADD = "data-source add --name=AppDS --jndi-name=java:/AppDS --driver-name=postgresql --connection-url=jdbc:postgresql://db:5432/app?ssl=true,x=1 --user-name=app"


@pytest.mark.parametrize(
    "command",
    [
        f"{_ADD} --password={FAKE}",
        f'{_ADD} --password="{FAKE}"',
        f"xa-data-source add --name=XaDS --driver-name=oracle --xa-datasource-properties={{URL=jdbc:oracle:thin:@db:1521/app}} --password={FAKE}",
        f"data-source modify --name=AppDS --password={FAKE}",
        f"{_ADD} --credential-reference={{clear-text={FAKE}}}",
    ],
)
def test_a_literal_password_in_a_cli_file_is_reported(command: str) -> None:
    text = f"embed-server --std-out=echo --server-config=standalone.xml\n{command}\nstop-embedded-server\n"
    (message,) = configmap_messages("datasource.cli", text, FAKE)
    assert 'key "datasource.cli" sets "--' in message and "(line 2)" in message


@pytest.mark.parametrize(
    "command",
    [
        f"{_ADD} --password=${{env.DB_PASSWORD}}",
        f"{_ADD} --password=${{VAULT::ds::password::1}}",
        f"{_ADD} --credential-reference={{store=main-store,alias=ds-password}}",
        f"{_ADD} --password-file=/run/secrets/db-password",
        "data-source enable --name=AppDS",
        "/subsystem=datasources/data-source=AppDS:read-resource",
    ],
)
def test_references_aliases_and_other_commands_are_harmless(command: str) -> None:
    assert configmap_messages("datasource.cli", f"embed-server\n{command}\nstop-embedded-server\n", FAKE) == []


def test_a_command_given_in_args_is_reported_once() -> None:
    args = ["--connect", f"--command={_ADD} --password={FAKE}"]
    decision = decide(pod([container(command=["/opt/jboss/wildfly/bin/jboss-cli.sh"], args=args)]))
    assert FAKE not in everything_shown(decision)
    (finding,) = [f for f in decision.findings if f.policy == _POLICY]
    assert 'args[1] passes "--password" to "jboss-cli.sh" in a data source command (--command)' in finding.message


@pytest.mark.parametrize(
    "line",
    [
        f'/opt/jboss/wildfly/bin/jboss-cli.sh --connect --command="{_ADD} --password={FAKE}"',
        f"jboss-cli.sh -c --command '{_ADD} --password={FAKE}'",
        f'jboss-cli.sh --connect --commands="{_ADD.replace(",x=1", "")} --password={FAKE},reload"',  # split at its commas
    ],
)
def test_a_command_in_a_script_is_reported(line: str) -> None:
    for messages in key_and_sh_c_messages(f"set -e\n{line}\n"):
        assert len(messages) == 1 and '"--password"' in messages[0], messages


@pytest.mark.parametrize(
    "line",
    [
        f'jboss-cli.sh --connect --command="{_ADD} --password=${{env.DB_PASSWORD}}"',
        f'jboss-cli.sh --connect --command="{_ADD} --password=$DB_PASSWORD"',
        "jboss-cli.sh --connect --command=':reload'",
        "jboss-cli.sh --connect --file=/opt/configure.cli",
    ],
)
def test_references_in_a_script_are_harmless(line: str) -> None:
    assert key_and_sh_c_messages(f"{line}\n") == [[], []]
