"""disallow-plaintext-secrets: the Azure CLI's ``-p`` in ``az login`` (a user's or a service
principal's password) and ``az acr login`` (a registry's), as CI jobs and workflow steps write
them; a reference, a template parameter or the certificate file ``az login --service-principal
-p`` may name instead is none, and ``-p`` is no password in the CLI's other commands. No message
ever shows the value."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap, container, decide, everything_shown, findings, pod, reported_once, script_pod

POLICY = "disallow-plaintext-secrets"


@pytest.mark.parametrize(
    ("script", "fragment"),
    [
        (f"az login --service-principal -u 00000000-0000-0000-0000-000000000001 -p {FAKE} --tenant t1", '"az" (login -p <password>)'),
        (f"az login -u ops@example.org -p '{FAKE}' && az aks get-credentials -g rg -n aks", '"az" (login -p <password>)'),
        (f"az --only-show-errors login --service-principal -u app -p{FAKE} --tenant t1", '"az" (login -p <password>)'),
        (f"az acr login -n registry -u bot -p {FAKE}", '"az" (acr login -p <password>)'),
    ],
)  # fmt: skip
def test_a_password_given_to_az_login_is_reported(script: str, fragment: str) -> None:
    reported_once(script_pod(script), POLICY, fragment)


def test_az_login_in_the_containers_own_arguments_is_reported_at_its_value() -> None:
    argv = ["login", "--service-principal", "-u", "app", "-p", FAKE, "--tenant", "t1"]
    finding = reported_once(pod([container(command=["az"], args=argv)]), POLICY, '"az" (login -p <password>)')
    assert finding.path == "/spec/containers/0/args/5"


def test_az_login_in_a_configmap_script_is_reported() -> None:
    decision = decide(configmap({"deploy.sh": f"#!/bin/sh\naz login --service-principal -u app -p {FAKE} --tenant t1\n"}))
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert '"az" (login -p <password>)' in finding.message
    assert FAKE not in everything_shown(decision)


@pytest.mark.parametrize(
    "script",
    [
        'az login --service-principal -u "$CLIENT_ID" -p "$CLIENT_SECRET" --tenant "$TENANT_ID"',
        "az login --service-principal -u {{inputs.parameters.client-id}} -p {{inputs.parameters.client-secret}} --tenant t1",
        "az login --service-principal -u app -p /etc/azure/sp-cert.pem --tenant t1",  # the certificate's file
        "az login --service-principal -u app -p ./certs/sp.pem --tenant t1",
        "az acr login -n registry -u bot -p $(cat /run/secrets/acr)",
        "az login --identity",
        "az deployment group create -g rg -f main.bicep -p env=prod",  # -p elsewhere: the template's parameters
        "az deployment sub create -l westeurope -f main.bicep -p @params.json",
    ],
)
def test_az_without_a_literal_password_is_not_reported(script: str) -> None:
    assert findings(script_pod(script), POLICY) == []


def test_a_password_beside_a_certificate_login_is_still_reported() -> None:
    script = f"az login --service-principal -u app -p /etc/azure/sp.pem --tenant t1 && az acr login -n registry -u bot -p {FAKE}"
    reported_once(script_pod(script), POLICY, '"az" (acr login -p <password>)')


@pytest.mark.parametrize(
    ("script", "fragment"),
    [
        (f"az sql server create -n s -g rg -l westeurope -u sqladmin -p {FAKE}", '"az" (sql server create -p <password>)'),
        (f"az sql server update -n s -g rg -p'{FAKE}'", '"az" (sql server update -p <password>)'),
        (f"az sql mi create -n mi -g rg -u sqladmin -p {FAKE} --subnet sn", '"az" (sql mi create -p <password>)'),
        (f"az sql db export -s s -n db -g rg -u sqladmin -p {FAKE} --storage-key-type SharedAccessKey", '"az" (sql db export -p <password>)'),
        (f"az postgres flexible-server create -n pg -g rg -u pgadmin -p {FAKE}", '"az" (postgres flexible-server create -p <password>)'),
        (f"az mysql flexible-server create -n my -g rg -u myadmin -p{FAKE}", '"az" (mysql flexible-server create -p <password>)'),
        (f"az postgres flexible-server execute -n pg -u pgadmin -p {FAKE} -q 'select 1'", '"az" (postgres flexible-server execute -p <password>)'),
        (f"az mariadb server create -n m -g rg -u admin -p {FAKE}", '"az" (mariadb server create -p <password>)'),
        (f"az postgres up -g rg -s pg -u pgadmin -p {FAKE}", '"az" (postgres up -p <password>)'),
        (f"az vm user update -g rg -n vm -u azureuser -p {FAKE}", '"az" (vm user update -p <password>)'),
        # show-connection-string fills the administrator's password into the strings it prints
        (f"az postgres flexible-server show-connection-string -s pg -u pgadmin -p {FAKE} -d trials", '"az" (postgres flexible-server show-connection-string -p <password>)'),
        (f"az mysql server show-connection-string -s my -u myadmin -p {FAKE}", '"az" (mysql server show-connection-string -p <password>)'),
        (f"az mariadb server show-connection-string -s m -u admin -p {FAKE}", '"az" (mariadb server show-connection-string -p <password>)'),
    ],
)  # fmt: skip
def test_an_administrators_password_given_to_az_p_is_reported(script: str, fragment: str) -> None:
    reported_once(script_pod(script), POLICY, fragment)
    messages = [f.message for f in decide(configmap({"run.sh": f"#!/bin/sh\n{script}\n"})).findings if f.policy == POLICY]
    assert len(messages) == 1 and fragment in messages[0]


def test_az_sql_server_create_in_the_containers_own_arguments_is_reported_at_its_value() -> None:
    argv = ["sql", "server", "create", "-n", "s", "-g", "rg", "-u", "sqladmin", "-p", FAKE]
    finding = reported_once(pod([container(command=["az"], args=argv)]), POLICY, '"az" (sql server create -p <password>)')
    assert finding.path == "/spec/containers/0/args/10"


@pytest.mark.parametrize(
    "script",
    [
        'az sql server create -n s -g rg -u sqladmin -p "$SQL_ADMIN_PASSWORD"',
        "az postgres flexible-server create -n pg -g rg -u pgadmin -p {{inputs.parameters.admin-password}}",
        "az mysql flexible-server create -n my -g rg -u myadmin -p $(cat /run/secrets/mysql-admin)",
        "az postgres flexible-server create -n pg -g rg -u pgadmin",  # the CLI generates one
        "az sql server firewall-rule create -g rg -s s -n office --start-ip-address 10.0.0.1 --end-ip-address 10.0.0.9",
        "az vm create -n vm -g rg --image Ubuntu2204 --generate-ssh-keys",
        "az ad sp create-for-rbac -n deployer --role Contributor --scopes /subscriptions/0000",
        'az postgres flexible-server show-connection-string -s pg -u pgadmin -p "$PG_ADMIN_PASSWORD" -d trials',
        "az sql db show-connection-string -s sql01 -n trials -c ado.net",  # takes no password
    ],
)
def test_az_database_commands_without_a_literal_password_are_not_reported(script: str) -> None:
    assert findings(script_pod(script), POLICY) == []
