"""disallow-plaintext-secrets: a user and a password given together on a program's command line in
the program's own shape: Samba's ``-U user%password`` (smbclient, rpcclient, smbcacls, net...),
lftp's ``-u user,password`` and Oracle's ``user/password@database`` logon (sqlplus, expdp, impdp,
rman, sqlldr ``userid=``). A user alone, an empty password or a reference is no literal. No
message ever shows the value."""

from __future__ import annotations

import shlex

import pytest
from check_helpers import FAKE, configmap, container, findings, pod, reported_once

POLICY = "disallow-plaintext-secrets"


def _reported_in_every_place(script: str, fragment: str) -> None:
    """Reported once in a ConfigMap script, in ``sh -c`` and as a container's command and args."""
    reported_once(configmap({"run.sh": script}), POLICY, fragment)
    reported_once(pod([container(command=["sh", "-c", script])]), POLICY, fragment)
    words = shlex.split(script)
    reported_once(pod([container(command=words[:1], args=words[1:])]), POLICY, fragment)


def _nowhere_reported(script: str) -> None:
    assert findings(configmap({"run.sh": script}), POLICY) == []
    assert findings(pod([container(command=["sh", "-c", script])]), POLICY) == []
    words = shlex.split(script)
    assert findings(pod([container(command=words[:1], args=words[1:])]), POLICY) == []


@pytest.mark.parametrize(
    ("script", "fragment"),
    [
        (f"smbclient //srv/share -U bob%{FAKE} -c ls", '"smbclient" (-U user%password)'),
        (f"smbclient //srv/share --user=bob%{FAKE} -c ls", '"smbclient" (--user user%password)'),
        (f"smbclient //srv/share -U 'DOM\\bob%{FAKE}' -c ls", '"smbclient" (-U user%password)'),
        (f"smbclient -Ubob%{FAKE} //srv/share -c ls", '"smbclient" (-U user%password)'),
        (f"rpcclient -U bob%{FAKE} -c enumdomusers srv", '"rpcclient" (-U user%password)'),
        (f"smbcacls //srv/share dir/file -U bob%{FAKE}", '"smbcacls" (-U user%password)'),
        (f"net ads join -U admin%{FAKE}", '"net" (-U user%password)'),
        (f"samba-tool domain join corp.example DC -U admin%{FAKE}", '"samba-tool" (-U user%password)'),
        (f"lftp -u bob,{FAKE} sftp://srv", '"lftp" (-u user,password)'),
        (f"lftp -e 'mirror -R /data; quit' -u bob,{FAKE} sftp://srv", '"lftp" (-u user,password)'),
        (f"sqlplus scott/{FAKE}@ORCL @x.sql", '"sqlplus" (user/password@db)'),
        (f"sqlplus -L -M 'HTML ON' scott/{FAKE}", '"sqlplus" (user/password@db)'),
        (f"expdp scott/{FAKE}@ORCL directory=dumps dumpfile=x.dmp", '"expdp" (user/password@db)'),
        (f"impdp scott/{FAKE}@ORCL directory=dumps dumpfile=x.dmp", '"impdp" (user/password@db)'),
        (f"expdp userid=scott/{FAKE}@ORCL directory=dumps", '"expdp" (userid=user/password@db)'),
        (f"rman target sys/{FAKE}@ORCL", '"rman" (target user/password@db)'),
        (f"sqlldr userid=scott/{FAKE}@ORCL control=x.ctl", '"sqlldr" (userid=user/password@db)'),
        (f"sqlldr scott/{FAKE}@ORCL control=x.ctl", '"sqlldr" (user/password@db)'),
    ],
)
def test_a_user_and_password_in_a_programs_own_shape_is_reported(script: str, fragment: str) -> None:
    _reported_in_every_place(script, fragment)


def test_a_logon_with_its_host_and_port_is_one_secret() -> None:
    # a connect string with its host and port was read as such before (in a script, by its value):
    # one finding, as the connect string's or as sqlplus's logon
    script = f"sqlplus -s scott/{FAKE}@//db:1521/svc"
    words = shlex.split(script)
    for obj in (configmap({"run.sh": script}), pod([container(command=["sh", "-c", script])]), pod([container(command=words[:1], args=words[1:])])):
        (finding,) = findings(obj, POLICY)
        assert "an Oracle connect string with a password" in finding.message or '"sqlplus" (user/password@db)' in finding.message
        assert FAKE not in finding.message


@pytest.mark.parametrize(
    "script",
    [
        "smbclient //srv/share -U bob -c ls",  # asks for the password
        "smbclient //srv/share -A /root/.smbcred -c ls",  # an authentication file
        "smbclient //srv/share -U bob% -c ls",  # an empty password
        'smbclient //srv/share -U "bob%$SMB_PW" -c ls',
        'smbclient //srv/share -U "$SMB_USER%${SMB_PW}" -c ls',
        'smbclient //srv/share -U "${SMB_USER%@*}" -c ls',  # a shell's suffix removal, no password
        "smbclient //srv/share -U bob%<password> -c ls",
        "nmblookup -U 10.0.0.1 -R WORKGROUP%x",  # no Samba client: -U is the unicast address
        "lftp -u bob sftp://srv",  # asks for the password
        "lftp -u bob, sftp://srv",
        'lftp -u "bob,$FTP_PASSWORD" sftp://srv',
        "curl -u bob%x https://example.com/",  # curl's -u is user:password
        "sqlplus / as sysdba",
        "sqlplus -s /nolog @x.sql",
        "sqlplus scott@ORCL",
        "sqlplus -L scott/@ORCL",
        "sqlplus -s @/opt/scripts/x.sql",
        "sqlplus scott/${PW}@ORCL",
        'sqlplus "$DB_USER/$DB_PASSWORD@$DB_TNS" @x.sql',
        "expdp userid=scott/${PW}@ORCL directory=dumps",
        "expdp parfile=/etc/oracle/export.par",
        "rman target /",
        "rman target sys@ORCL",
        "cp a/b@c /tmp",  # no Oracle program
    ],
)
def test_no_literal_password_in_a_programs_own_shape_is_not_reported(script: str) -> None:
    _nowhere_reported(script)


@pytest.mark.parametrize(
    ("script", "fragment"),
    [
        (f"rman target / catalog rco/{FAKE}@CAT", '"rman" (catalog user/password@db)'),
        (f"rman TARGET / CATALOG rco/{FAKE}@CAT cmdfile=/scripts/x.rman", '"rman" (catalog user/password@db)'),
        (f"rman target / auxiliary sys/{FAKE}@AUX", '"rman" (auxiliary user/password@db)'),
        (f"expdp directory=d scott/{FAKE}@ORCL", '"expdp" (user/password@db)'),
        (f"impdp directory=d dumpfile=x.dmp scott/{FAKE}@ORCL", '"impdp" (user/password@db)'),
        (f"sqlldr control=x.ctl scott/{FAKE}@ORCL", '"sqlldr" (user/password@db)'),
        (f"exp scott/{FAKE}@ORCL file=x.dmp", '"exp" (user/password@db)'),
        (f"imp file=x.dmp full=y scott/{FAKE}@ORCL", '"imp" (user/password@db)'),
        (f"exp userid=scott/{FAKE}@ORCL file=x.dmp", '"exp" (userid=user/password@db)'),
        (f"dgmgrl sys/{FAKE}@db 'show configuration'", '"dgmgrl" (user/password@db)'),
        (f"dgmgrl -silent -logfile /tmp/x.log sys/{FAKE}@db", '"dgmgrl" (user/password@db)'),
    ],
)
def test_an_oracle_logon_after_parameters_or_keywords_is_reported(script: str, fragment: str) -> None:
    _reported_in_every_place(script, fragment)


@pytest.mark.parametrize(
    "script",
    [
        "rman target / catalog rco@CAT",  # asks for the password
        "rman target / nocatalog",
        "rman target / catalog ${RCO_LOGON}",
        "rman target / catalog rco/${RCO_PW}@CAT",
        "expdp directory=d dumpfile=x.dmp parfile=/etc/oracle/export.par",
        "expdp directory=d / schemas=app",
        "impdp directory=d scott@ORCL",
        "exp help=y",
        "imp userid=scott/${PW}@ORCL file=x.dmp",
        "dgmgrl / 'show configuration'",
        "dgmgrl -silent sys@db",
        'dgmgrl "sys/$DG_PW@db"',
    ],
)
def test_an_oracle_logon_without_a_literal_password_is_not_reported(script: str) -> None:
    _nowhere_reported(script)


@pytest.mark.parametrize(
    ("script", "fragment"),
    [
        (f"lftp -c 'open -u bob,{FAKE} sftp://srv; mirror /a /b'", '"lftp" (-c open -u user,password)'),
        (f"lftp -e 'set net:timeout 10; open -u bob,{FAKE} sftp://srv; mirror -R /data; quit'", '"lftp" (-e open -u user,password)'),
        (f"lftp -c 'open --user bob,{FAKE} -p 2222 sftp://srv && mirror /a /b'", '"lftp" (-c open -u user,password)'),
        (f"lftp -c 'user bob {FAKE}; open sftp://srv; ls'", '"lftp" (-c user <user> <password>)'),
    ],
)
def test_a_password_in_lftps_own_commands_is_reported(script: str, fragment: str) -> None:
    _reported_in_every_place(script, fragment)


@pytest.mark.parametrize(
    "script",
    [
        "lftp -c 'open -u bob sftp://srv; mirror /a /b'",  # asks for the password
        "lftp -c 'open -u bob, sftp://srv; mirror'",
        'lftp -c "open -u bob,$FTP_PASSWORD sftp://srv; mirror"',
        "lftp -e 'open sftp://srv; user bob; mirror; quit'",
        "lftp -c 'open sftp://srv; mirror /user/a /b'",
        "lftp -f /scripts/mirror.lftp",
        "sh -c 'open -u bob,x file'",  # no lftp
    ],
)
def test_lftps_own_commands_without_a_password_are_not_reported(script: str) -> None:
    _nowhere_reported(script)
