"""disallow-plaintext-secrets: Mirth Connect's CLI (``mccommand -a URL -u USER -p PASSWORD``, the
clinical integration engine's) and smbclient's password given after its service (``smbclient
//server/share PASSWORD``), as sh -c, command/args and a ConfigMap's script write them; and the
authentication files smbclient ``-A`` and mount.cifs ``credentials=`` read (a literal ``password=...``
line, by its line; since 1.25.361 a key named so with none is no finding by its name). A
reference, a tar file (``-Tc FILE``) or an option's value is none. No message ever shows the value."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap, configmap_messages, container, decide, everything_shown, findings, pod, reported_once, script_pod

POLICY = "disallow-plaintext-secrets"


def _key_script_messages(script: str) -> list[str]:
    decision = decide(configmap({"deploy.sh": f"#!/bin/sh\n{script}\n"}))
    assert FAKE not in everything_shown(decision)
    return [f.message for f in decision.findings if f.policy == POLICY]


@pytest.mark.parametrize(
    ("script", "fragment"),
    [
        (f"mccommand -a https://mirth:8443 -u admin -p {FAKE} -v 4.5.0 -s /opt/scripts/deploy.txt", '"mccommand" (-p <password>)'),
        (f"/opt/mirthconnect/mccommand -a https://mirth:8443 -u admin -p'{FAKE}'", '"mccommand" (-p <password>)'),
        (f"smbclient //fs01/scans {FAKE} -U clinic -c 'get report.pdf'", '"smbclient" (//server/share <password>)'),
        (f"smbclient '\\\\fs01\\scans' {FAKE} -W HOSP -U clinic -c ls", '"smbclient" (//server/share <password>)'),
        (f"smbclient -U clinic -W HOSP //fs01/scans {FAKE} -c ls", '"smbclient" (//server/share <password>)'),
        (f"smbclient //fs01/scans -U 'HOSP\\clinic%{FAKE}' -c ls", '"smbclient" (-U user%password)'),
    ],
)  # fmt: skip
def test_a_password_given_to_mccommand_or_smbclient_is_reported(script: str, fragment: str) -> None:
    reported_once(script_pod(script), POLICY, fragment)
    (message,) = _key_script_messages(script)
    assert fragment in message


def test_the_containers_own_arguments_are_reported_at_the_value() -> None:
    mirth = pod([container(command=["mccommand"], args=["-a", "https://mirth:8443", "-u", "admin", "-p", FAKE])])
    assert reported_once(mirth, POLICY, '"mccommand" (-p <password>)').path == "/spec/containers/0/args/5"
    smb = pod([container(command=["smbclient", "//fs01/scans", FAKE], args=["-U", "clinic", "-c", "ls"])])
    assert reported_once(smb, POLICY, '"smbclient" (//server/share <password>)').path == "/spec/containers/0/command/2"


@pytest.mark.parametrize(
    "script",
    [
        'mccommand -a https://mirth:8443 -u admin -p "$MIRTH_PASSWORD" -v 4.5.0',
        "mccommand -a https://mirth:8443 -c /opt/mirth/conf/mirth-cli-config.properties -s /scripts/deploy.txt",
        'smbclient //fs01/scans "$SMB_PASSWORD" -U clinic -c ls',
        "smbclient //fs01/scans -A /etc/samba/smbcred -c 'ls'",
        "smbclient //fs01/scans -U clinic -Tc /backup/scans.tar",  # tar mode: the file to write
        "smbclient //fs01/scans -U clinic -N -c 'get report.pdf' --debuglevel 3",
        "smbclient -L fs01 -U clinic -N",
        "smbclient -U clinic -W HOSP //fs01/scans -c ls",
        "smbclient -M fs01 -U clinic",  # a message, no service
        "smbclient //fs01/scans -U clinic%<password> -c ls",  # a placeholder the shell reads as redirections
        "smbclient //fs01/scans -U clinic ls",  # a word apart from the service is none
    ],
)
def test_mccommand_and_smbclient_without_a_literal_password_are_not_reported(script: str) -> None:
    assert findings(script_pod(script), POLICY) == []
    assert _key_script_messages(script) == []


@pytest.mark.parametrize("key", [".smbcredentials", "smb-credentials", "cifs-credentials", "smbcreds", "cifs.creds"])
def test_an_smb_authentication_file_in_a_configmap_is_reported(key: str) -> None:
    messages = configmap_messages(key, f"username=clinic\npassword={FAKE}\ndomain=HOSP\n", FAKE)
    assert len(messages) == 1 and f'key "{key}"' in messages[0]


def test_an_smb_authentication_file_without_a_password_under_a_neutral_key_is_not_reported() -> None:
    assert configmap_messages("smbcreds", "username=clinic\ndomain=HOSP\n", FAKE) == []


@pytest.mark.parametrize("key", [".smbcredentials", "smb-credentials", "cifs-credentials", ".smbcred", "SMB_Credentials"])
@pytest.mark.parametrize(
    "text",
    [
        "username=clinic\ndomain=HOSP\n",
        "username=clinic\npassword=${SMB_PASSWORD}\ndomain=HOSP\n",
        'username = clinic\npassword = "${SMB_PASSWORD}"\n',
        "username=clinic\npassword=\ndomain=HOSP\n",
        "# filled in at start\nusername=clinic\npass=$(cat /run/secrets/smb/password)\n",
    ],
)
def test_an_smb_credentials_file_without_a_literal_password_is_not_reported_by_its_name(key: str, text: str) -> None:
    assert configmap_messages(key, text, FAKE) == []


@pytest.mark.parametrize(
    ("key", "text", "line"),
    [
        (".smbcredentials", f"username=clinic\npassword={FAKE}\ndomain=HOSP\n", 2),
        ("smb-credentials", f"# share\nusername = clinic\npassword = {FAKE}\n", 3),
        ("cifs-credentials", f"user=clinic\npass={FAKE}\n", 2),
        (".smbcredentials", f"password={FAKE}", 1),
    ],
)
def test_a_literal_password_in_an_smb_credentials_file_is_reported_by_its_line(key: str, text: str, line: int) -> None:
    (message,) = configmap_messages(key, text, FAKE)
    assert f'key "{key}" sets a password in plain text (line {line})' in message


def test_an_smb_credentials_key_of_another_shape_is_still_judged_by_its_name() -> None:
    (message,) = configmap_messages(".smbcredentials", f"{FAKE}\n", FAKE)
    assert 'key ".smbcredentials" looks like a secret' in message


def test_an_smb_credentials_line_of_64_kib_of_blanks_is_read_in_linear_time() -> None:
    started = time.perf_counter()
    assert configmap_messages("smb-credentials", "username=clinic\npassword=" + " " * 65536 + "\n", FAKE) == []
    (message,) = configmap_messages("smb-credentials", "password=" + " \t" * 32768 + FAKE + " " * 65536, FAKE)
    assert "sets a password in plain text (line 1)" in message
    assert time.perf_counter() - started < 2
