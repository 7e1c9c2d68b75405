"""What a program's own arguments mean: the options that take a password, a token, or an HTTP
header or body for that program only (``PROGRAM_OPTIONS``: mysql ``-p``, curl ``-u user:pass``,
redis-cli ``-a``, openssl ``-passin pass:...``; ``SUBCOMMAND_OPTIONS``: ``docker login -p``), the
arguments that are secrets by position (``POSITIONAL_SECRETS``: ``rabbitmqctl add_user NAME
PASSWORD``), and whether the value given to one of them is a literal secret."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Literal, NamedTuple
from urllib.parse import unquote

from webhook.checks.secrets.config_files import literal_secret
from webhook.checks.secrets.headers import credential_header_name
from webhook.checks.secrets.jboss_cli import command_secrets
from webhook.checks.secrets.json_config import JSON_STARTS, json_settings
from webhook.checks.secrets.names import Names, token_runs_hidden
from webhook.checks.secrets.setting_values import local_users
from webhook.checks.secrets.values import is_placeholder, names_something_else
from webhook.checks.secrets.wrappers import GLOBAL_VALUED

MYSQL_CLIENTS = frozenset(
    "mysql mysqldump mysqladmin mysqlcheck mysqlimport mysqlshow mysqlslap mysqlpump mysqlbinlog mysqlsh "
    "mariadb mariadb-dump mariadb-admin mariadb-check mariadb-import mariadb-show mariadb-slap mariadb-binlog".split()
)


Shape = Literal["password", "user:password", "user%password", "user,password", "user/password@database"]
"""How a program's option or argument holds its password: the whole value, after a user and a
separator (curl's ``user:password``, Samba's ``[DOMAIN\\]user%password``, lftp's ``user,password``;
the user alone prompts), or in Oracle's logon ``user/password[@database]`` (``/`` alone, ``/ as
sysdba``, is the operating system's authentication)."""
_USER_SEPARATORS = {"user:password": ":", "user%password": "%", "user,password": ","}


class Option(NamedTuple):
    """A program's option that takes a password, or user:password, as its value; or an HTTP header
    or request body that may carry a credential (``value``)."""

    flag: str  # "-p", "--user"
    attached: bool  # the value may be attached: -pVALUE, --user=VALUE
    separate: bool  # the value may be the next argument: -a VALUE
    shape: Shape  # where the password is in the value; only a non-empty one counts
    shown: str  # how messages show it
    prefix: str = ""  # only a value after this prefix is a password (openssl's pass:...; env:VAR names one)
    # header: "Name: value"; body: JSON or name=value&...; config: git's NAME=VALUE; commands: lftp's own
    # cli: jboss-cli's --command; json: a JSON document of the program's (vtgate's static auth: users and their passwords)
    # users: Concourse's local users, user:password,user:password (judged as CONCOURSE_ADD_LOCAL_USER is: local_users)
    value: Literal["password", "header", "body", "config", "commands", "cli", "json", "users"] = "password"
    file: bool = False  # the option may name a file instead (az login -p <certificate.pem>): a path is none


def _http_options(kind: Literal["header", "body"], flags: str) -> tuple[Option, ...]:
    return tuple(Option(flag, True, True, "password", flag, value=kind) for flag in flags.split())


_CURL = (
    Option("-u", True, True, "user:password", "-u user:password"),
    Option("--user", True, True, "user:password", "--user user:password"),
    Option("-U", True, True, "user:password", "-U user:password"),
    Option("--proxy-user", True, True, "user:password", "--proxy-user user:password"),
    *_http_options("header", "-H --header --proxy-header"),
    *_http_options("body", "-d --data --data-raw --data-binary --data-ascii --data-urlencode --json -F --form --form-string"),
)
_GIT = (Option("-c", False, True, "password", "-c NAME=VALUE", value="config"),)
"""git's ``-c NAME=VALUE`` (before its subcommand; ``git commit -c COMMIT`` gives no ``=``)."""
_WGET = _http_options("header", "--header") + _http_options("body", "--post-data --body-data")
MONGO_CLIENTS = frozenset(
    "mongo mongosh mongodump mongorestore mongoexport mongoimport mongostat mongotop mongofiles".split()
)
LDAP_CLIENTS = frozenset(
    "ldapsearch ldapadd ldapmodify ldapdelete ldapmodrdn ldapcompare ldapwhoami ldappasswd ldapexop".split()
)
SAMBA_CLIENTS = frozenset("smbclient rpcclient smbcacls smbcquotas smbget smbtree net samba-tool".split())
"""Samba's clients, whose ``-U``/``--user`` take ``[DOMAIN\\]user%password`` (not nmblookup's
``-U``, an address; nor pdbedit's or wbinfo's)."""
_SAMBA_USER = tuple(Option(flag, True, True, "user%password", f"{flag} user%password") for flag in ("-U", "--user", "--username"))
ORACLE_LOGON_ARGUMENT = frozenset({"sqlplus", "expdp", "impdp", "sqlldr", "exp", "imp", "dgmgrl"})
"""Oracle's tools whose first argument that is no option nor ``name=value`` parameter is the
logon, ``user/password@db`` (``expdp directory=d scott/...@ORCL``)."""
_ORACLE_USERID = tuple(Option(flag, True, False, "user/password@database", "userid=user/password@db") for flag in ("userid=", "USERID="))
_RMAN_LOGONS = tuple(
    Option(keyword, False, True, "user/password@database", f"{keyword.lower()} user/password@db")
    for keyword in ("catalog", "CATALOG", "auxiliary", "AUXILIARY")
)
"""rman's logons to the recovery catalog and the auxiliary database, each after its keyword
(``rman target / catalog rco/...@CAT``); ``target``'s is read by its position."""
HTTPIE_CLIENTS = frozenset({"http", "https", "xh", "xhs"})
"""HTTPie and xh: request items are ``Header:value``, ``field=value``, ``field:=json`` and
``param==value`` arguments."""
_OPENSSL = tuple(
    Option(flag, False, True, "password", f"{flag} pass:<password>", "pass:") for flag in ("-passin", "-passout", "-pass")
) + (Option("-k", False, True, "password", "-k <password>"),)
PROGRAM_OPTIONS: dict[str, tuple[Option, ...]] = {
    **dict.fromkeys(MYSQL_CLIENTS, (Option("-p", True, False, "password", "-p<password>"),)),  # -P is the port
    **dict.fromkeys(MONGO_CLIENTS, (Option("-p", False, True, "password", "-p <password>"),)),  # -p alone prompts
    "curl": _CURL,
    "wget": _WGET,
    "git": _GIT,
    "redis-cli": (Option("-a", False, True, "password", "-a <password>"),),
    "sshpass": (Option("-p", True, True, "password", "-p <password>"),),
    "sqlcmd": (Option("-P", True, True, "password", "-P <password>"),),  # SQL Server's client
    "rabbitmqadmin": (Option("-p", False, True, "password", "-p <password>"),),
    "openssl": _OPENSSL,
    **dict.fromkeys(LDAP_CLIENTS, (Option("-w", True, True, "password", "-w <password>"),)),  # -W prompts
    **dict.fromkeys(("oras", "notation"), (Option("-p", True, True, "password", "-p <password>"),)),  # in every registry command: login, push, sign, verify...
    "cqlsh": (Option("-p", True, True, "password", "-p <password>"),),  # Cassandra's shell
    "mccommand": (Option("-p", True, True, "password", "-p <password>"),),  # Mirth Connect's CLI: -a server -u user -p password
    **dict.fromkeys(  # WildFly's and JBoss EAP's add-user.sh -u USER -p PASSWORD (dcm4chee-arc's and Keycloak's images run it)
        ("add-user.sh", "add-user"), (Option("-p", True, True, "password", "-p <password>"),)
    ),
    "nodetool": (Option("-pw", False, True, "password", "-pw <password>"),),  # Cassandra's admin tool; -p is the port
    "cypher-shell": (Option("-p", False, True, "password", "-p <password>"),),  # Neo4j's shell (--password is judged by its name)
    "etcdctl": (Option("--user", True, True, "user:password", "--user user:password"),),  # --user name alone prompts
    "influx": (Option("-t", False, True, "password", "-t <token>"),),  # InfluxDB 2's CLI: -t is --token in every command
    **dict.fromkeys(HTTPIE_CLIENTS, (Option("-a", True, True, "user:password", "-a user:password"), Option("--auth", True, True, "user:password", "--auth user:password"))),
    **dict.fromkeys(SAMBA_CLIENTS, _SAMBA_USER),
    "lftp": (  # -u user alone prompts; -c and -e run lftp's own commands
        Option("-u", True, True, "user,password", "-u user,password"),
        *(Option(flag, False, True, "password", flag, value="commands") for flag in ("-c", "-e")),
    ),
    **dict.fromkeys(  # WildFly's management CLI: --command="data-source add ... --password=..." (--commands: several)
        ("jboss-cli.sh", "jboss-cli"), tuple(Option(flag, True, True, "password", flag, value="cli") for flag in ("--command", "--commands"))
    ),
    **dict.fromkeys(  # Vitess: the static auth's users and passwords as JSON, --mysql_auth_server_static_string='{"app": [...]}'
        ("vtgate", "vtcombo"),
        tuple(
            Option(flag, True, True, "password", flag, value="json")
            for flag in ("--mysql_auth_server_static_string", "-mysql_auth_server_static_string", "--mysql-auth-server-static-string")
        ),
    ),
    **dict.fromkeys(("expdp", "impdp", "sqlldr", "exp", "imp"), _ORACLE_USERID),  # their keyword=value form of the logon
    "rman": _RMAN_LOGONS,
    # Concourse web's (and quickstart's) --add-local-user admin:...,viewer:..., its CONCOURSE_ADD_LOCAL_USER
    "concourse": (Option("--add-local-user", True, True, "password", "--add-local-user user:password", value="users"),),
}
"""Options whose meaning depends on the program (``-p`` is a port for most programs, a password for
mysql): judged only in the arguments of that program, found as the first word of command + args
(or of args alone, or of a command in a shell script), after wrappers such as env and timeout."""
_LOGIN_PASSWORD = (Option("-p", True, True, "password", "login -p <password>"),)
AZ_PASSWORD_SUBCOMMANDS: tuple[tuple[str, ...], ...] = (
    *((engine, "up") for engine in ("sql", "mysql", "postgres")),
    *(("sql", group, verb) for group in ("server", "mi") for verb in ("create", "update")),
    ("sql", "db", "export"),
    ("sql", "db", "import"),
    *(
        (engine, "server", verb)
        for engine in ("mysql", "postgres", "mariadb")
        for verb in ("create", "update", "show-connection-string")
    ),
    *(
        (engine, "flexible-server", verb)
        for engine in ("mysql", "postgres")
        for verb in ("create", "update", "connect", "execute", "show-connection-string")
    ),
    ("vm", "user", "update"),
)
"""The Azure CLI's commands whose ``-p`` is ``--admin-password`` (an administrator's password: ``az
sql server create -u admin -p ...``, ``az postgres flexible-server create``, ``az sql mi``, ``az sql
db export|import``, ``az mysql up``, ``show-connection-string`` of the mysql, postgres and mariadb
servers, which fills it into the strings it prints; ``az sql db show-connection-string`` takes none) or ``--password`` (``az vm user update -u USER -p ...``), as the
CLI's own argument definitions give them; ``az vm create`` has ``--admin-password`` only and ``az
ad sp create-for-rbac`` takes none."""
SUBCOMMAND_OPTIONS: dict[str, dict[tuple[str, ...], tuple[Option, ...]]] = {
    **dict.fromkeys(
        "docker podman buildah skopeo nerdctl cosign finch".split(), {("login",): _LOGIN_PASSWORD}
    ),
    "helm": {("registry", "login"): (Option("-p", True, True, "password", "registry login -p <password>"),)},
    "crane": {("auth", "login"): (Option("-p", True, True, "password", "auth login -p <password>"),)},
    "az": {  # Azure CLI: a user's or a service principal's password (or its certificate's path), a registry's
        ("login",): (Option("-p", True, True, "password", "login -p <password>", file=True),),
        ("acr", "login"): (Option("-p", True, True, "password", "acr login -p <password>"),),
        **{words: (Option("-p", True, True, "password", f"{' '.join(words)} -p <password>"),) for words in AZ_PASSWORD_SUBCOMMANDS},
    },
    "elasticsearch-users": {  # Elasticsearch's file realm: -p alone is no option there (-p PASSWORD), without it the tool prompts
        ("useradd",): (Option("-p", False, True, "password", "useradd -p <password>"),),
        ("passwd",): (Option("-p", False, True, "password", "passwd -p <password>"),),
    },
    "influx": {
        ("setup",): (Option("-p", False, True, "password", "setup -p <password>"),),
        ("user", "create"): (Option("-p", False, True, "password", "user create -p <password>"),),
    },
}
"""Options that take a password in one subcommand only: ``docker login -p`` (``docker run -p`` is
a port), ``influx setup -p`` (``influx write -p`` is the precision), ``az login -p``, ``az acr
login -p`` and ``AZ_PASSWORD_SUBCOMMANDS``' ``-p`` (the Azure CLI's ``-p`` is no password elsewhere:
``az deployment group create -p`` passes parameters; ``az login --service-principal -p``
may name the service principal's certificate file instead, a path that is none). Judged like PROGRAM_OPTIONS
when the program's first words that are not options are the subcommand."""
_HTTPIE_TOKEN = (Option("-a", True, True, "password", "-A bearer -a <token>"), Option("--auth", True, True, "password", "-A bearer --auth <token>"))
"""HTTPie's ``-a`` with ``-A bearer`` (``--auth-type``): the whole value is the token."""


class Positional(NamedTuple):
    """A program's argument that is a password by its position: ``rabbitmqctl add_user NAME PASSWORD``."""

    subcommand: tuple[str, ...]  # the words that must come first ("alias", "set")
    position: int  # among the arguments after them that are not options
    valued: frozenset[str]  # options that take the next argument as their value
    switch: str  # letters that must all be among the single-dash options ("b": htpasswd -b), or ""
    shown: str
    shape: Shape = "password"  # where the password is in the argument
    parameters: bool = False  # name=value words are parameters, not arguments (expdp directory=d LOGON)
    after: tuple[str, ...] = ()  # the secret must come right after the first argument, which starts with one of these (smbclient's //server/share)
    unless: tuple[str, ...] = ()  # an option starting with one of these gives the arguments another meaning (smbclient -Tc FILE)
    named: tuple[str, ...] = ()  # the first argument must be one of these names (_names_one)
    joined: bool = False  # the first argument may be NAME=SECRET, the name and the secret (npm config set KEY=VALUE)
    pairs: bool = False  # several names and values in one command, each name's value judged (redis CONFIG SET a x requirepass y)
    header: bool = False  # the argument is an HTTP header, a secret when it carries a credential (git config http.extraHeader)
    more: tuple[int, ...] = ()  # other positions that are secrets too, all present (radtest's password and shared secret)


_RABBITMQCTL_OPTIONS = frozenset({"-n", "--node", "-t", "--timeout", "-p", "--vhost"})
_ADD_USER_OPTIONS = frozenset(
    "-u --user -p --password -g --group -r --realm -sc -dc -ac -up --user-properties -gp --group-properties".split()
)
"""WildFly's and JBoss EAP's ``add-user.sh`` options that take the next word as their value."""
_MC_OPTIONS = frozenset({"--api", "--path", "--lookup"})
_GRAFANA_CLI_OPTIONS = frozenset({"--homepath", "--config", "--pluginsDir", "--pluginUrl", "--repo"})
_SQLPLUS_OPTIONS = frozenset({"-M", "-m", "-MARKUP", "-markup", "-R", "-r", "-C", "-c"})
_ORACLE_LOGON = Positional((), 0, frozenset(), "", "user/password@db", "user/password@database", parameters=True)
_DGMGRL_OPTIONS = frozenset({"-logfile"})
_SMBCLIENT_OPTIONS = frozenset(
    "-R -M -I -L -m -D -c -b -t -p -d -s -l -O -n -W -i -U -A -S --name-resolve --message --ip-address --list"
    " --max-protocol --directory --command --send-buffer --timeout --port --debuglevel --configfile --log-basename"
    " --socket-options --netbiosname --workgroup --scope --user --username --authentication-file --signing --option"
    " --realm --client-protection --krb5-ccache --use-kerberos --password".split()
)
"""smbclient's options that take the next word as their value."""
_NEO4J_ADMIN_OPTIONS = frozenset({"--additional-config"})
_AWS_OPTIONS = frozenset(
    "--profile --region --output --endpoint-url --query --color --ca-bundle --cli-read-timeout --cli-connect-timeout".split()
)
"""The AWS CLI's global options that take the next word as their value."""
_NPM_OPTIONS = frozenset({"--location", "-L", "--userconfig", "--globalconfig", "--registry", "--prefix", "-C", "--dir"})
_NPM_AUTH = ("_authToken", "_auth", "_password")  # npm's .npmrc credentials, also per registry: //host/path/:_authToken
_REDIS_CLI_OPTIONS = frozenset(
    "-h -p -s -a -u -n -r -i -d -D --user --pass --sni --cacert --cacertdir --cert --key --tls-ciphers --tls-ciphersuites".split()
)
_GIT_OPTIONS = frozenset(
    "-C -c --git-dir --work-tree --namespace --config-env -f --file --blob --type --default --comment".split()
)
_GIT_PASSWORDS = ("password", "smtpPass", "smtppass", "smtpPassword")
_GIT_CONFIG_READS = ("--get", "--unset", "--list", "-l", "--remove-section", "--rename-section")
"""git config's modes whose second argument is a pattern, not a value (--get NAME VALUE-PATTERN)."""
_POETRY_OPTIONS = frozenset({"-C", "--directory", "-P", "--project"})
_RADCLIENT_OPTIONS = frozenset({"-c", "-d", "-D", "-f", "-i", "-n", "-p", "-P", "-r", "-S", "-t"})
_RADTEST_OPTIONS = frozenset({"-d", "-P", "-t"})
_VAULT_OPTIONS = frozenset({"-method", "-path", "-address", "-namespace", "-format", "-field", "-ca-cert", "-client-cert", "-client-key"})
POSITIONAL_SECRETS: dict[str, tuple[Positional, ...]] = {
    "rabbitmqctl": (
        Positional(("add_user",), 1, _RABBITMQCTL_OPTIONS, "", "add_user <name> <password>"),
        Positional(("change_password",), 1, _RABBITMQCTL_OPTIONS, "", "change_password <name> <password>"),
    ),
    "mc": (  # MinIO's client: the access key, then the secret key
        Positional(("alias", "set"), 3, _MC_OPTIONS, "", "alias set <alias> <url> <access key> <secret key>"),
        Positional(("config", "host", "add"), 3, _MC_OPTIONS, "", "config host add <alias> <url> <access key> <secret key>"),
        Positional(("admin", "user", "add"), 2, _MC_OPTIONS, "", "admin user add <alias> <access key> <secret key>"),
    ),
    "vault": (Positional(("login",), 0, _VAULT_OPTIONS, "", "login <token>"),),
    "aws": tuple(  # aws configure set NAME VALUE: the value of a secret's name, written to ~/.aws/credentials
        Positional(("configure", "set"), 1, _AWS_OPTIONS, "", f"configure set {name} <secret>", named=(name,))
        for name in ("aws_secret_access_key", "aws_session_token")
    ),
    **dict.fromkeys(  # npm config set KEY VALUE (npm set, KEY=VALUE): the credentials npm writes to .npmrc
        ("npm", "pnpm"),
        tuple(
            Positional(words, 1, _NPM_OPTIONS, "", f"{' '.join(words)} {_NPM_AUTH[0]} <token>", named=_NPM_AUTH, joined=True, pairs=True)
            for words in (("config", "set"), ("set",))
        ),
    ),
    "yarn": (  # Yarn 2+'s npmAuthToken and npmAuthIdent (npmScopes.NAME.npmAuthToken too); Yarn 1's as npm's
        Positional(
            ("config", "set"), 1, frozenset(), "", "config set npmAuthToken <token>", named=("npmAuthToken", "npmAuthIdent", *_NPM_AUTH), pairs=True
        ),
    ),
    **dict.fromkeys(  # pip config set global.password VALUE: written to pip.conf
        ("pip", "pip3"), (Positional(("config", "set"), 1, frozenset(), "", "config set global.password <password>", named=("password",), pairs=True),)
    ),
    "redis-cli": tuple(  # the server's password, or the one it gives its master
        Positional(
            words, 1, _REDIS_CLI_OPTIONS, "", f"{' '.join(words)} requirepass|masterauth <password>", named=("requirepass", "masterauth"), pairs=True
        )
        for words in (("CONFIG", "SET"), ("config", "set"))
    ),
    "git": (  # git config [set] user.password VALUE, sendemail.smtpPass: written to .gitconfig (credential.helper store is none)
        Positional(("config", "set"), 1, _GIT_OPTIONS, "", "config set <name>.password <password>", named=_GIT_PASSWORDS, pairs=True),
        Positional(("config",), 1, _GIT_OPTIONS, "", "config <name>.password <password>", unless=_GIT_CONFIG_READS, named=_GIT_PASSWORDS, pairs=True),
        *(  # git config [set] http[.<url>].extraHeader VALUE: the header git sends, kept in .gitconfig
            Positional(words, 1, _GIT_OPTIONS, "", "config http.extraHeader", unless=_GIT_CONFIG_READS, named=("extraHeader", "extraheader"), header=True)
            for words in (("config", "set"), ("config",))
        ),
    ),
    "poetry": (  # poetry config http-basic.REPO USER PASSWORD, pypi-token.REPO TOKEN: written to auth.toml
        Positional(("config",), 2, _POETRY_OPTIONS, "", "config http-basic.<repo> <user> <password>", named=("http-basic.",)),
        Positional(("config",), 1, _POETRY_OPTIONS, "", "config pypi-token.<repo> <token>", named=("pypi-token.",)),
    ),
    "neo4j-admin": (  # the initial password of the neo4j user, before the first start (4.x: no "dbms")
        Positional(("dbms", "set-initial-password"), 0, _NEO4J_ADMIN_OPTIONS, "", "dbms set-initial-password <password>"),
        Positional(("set-initial-password",), 0, _NEO4J_ADMIN_OPTIONS, "", "set-initial-password <password>"),
    ),
    "grafana-cli": (
        Positional(("admin", "reset-admin-password"), 0, _GRAFANA_CLI_OPTIONS, "", "admin reset-admin-password <password>"),
    ),
    "sqlplus": (_ORACLE_LOGON._replace(valued=_SQLPLUS_OPTIONS),),
    **dict.fromkeys(ORACLE_LOGON_ARGUMENT - {"sqlplus", "dgmgrl"}, (_ORACLE_LOGON,)),
    "dgmgrl": (_ORACLE_LOGON._replace(valued=_DGMGRL_OPTIONS),),
    "rman": tuple(
        Positional((word,), 0, frozenset(), "", "target user/password@db", "user/password@database") for word in ("target", "TARGET")
    ),
    "smbclient": (  # smbclient //server/share [password]: the password after the service (not in tar mode, -Tc FILE)
        Positional((), 1, _SMBCLIENT_OPTIONS, "", "//server/share <password>", after=("//", "\\\\"), unless=("-T", "--tar")),
    ),
    "radclient": (Positional((), 2, _RADCLIENT_OPTIONS, "", "<server> <command> <secret>"),),  # the shared secret (-S FILE: none)
    **dict.fromkeys(  # add-user.sh USER PASSWORD --silent, as the jboss/wildfly image's README runs it
        ("add-user.sh", "add-user"), (Positional((), 1, _ADD_USER_OPTIONS, "", "<user> <password>"),)
    ),
    "radtest": (  # radtest USER PASSWORD SERVER NAS-PORT SECRET: the user's password and the shared secret
        Positional((), 1, _RADTEST_OPTIONS, "", "<user> <password> <server> <port> <secret>", more=(4,)),
    ),
    "htpasswd": (  # -b: the password on the command line; -n: no file, the hash goes to stdout
        Positional((), 1, frozenset(), "bn", "-bn <user> <password>"),
        Positional((), 2, frozenset(), "b", "-b <file> <user> <password>"),
    ),
}
"""Arguments that are secrets by their position in a program's command line (judged like
``PROGRAM_OPTIONS``, for that program only). ``vault login method=...`` pairs are judged as
``NAME=value`` arguments instead."""
PROGRAM_NEUTRAL_FLAGS: dict[str, frozenset[str]] = {
    "aws": frozenset({"secret-id"}),  # secretsmanager get-secret-value --secret-id NAME: which secret to read
    "gcloud": frozenset({"secret", "set-secrets", "update-secrets"}),  # secrets versions access --secret=NAME
}
"""Flags whose sensitive-looking name only names a secret kept elsewhere, for one program (for
another, ``--secret-id`` may be Vault's AppRole secret id, a credential)."""


def program_options(program: str, words: list[Any], start: int) -> tuple[Option, ...] | None:
    """The options of ``program`` that take a password (``PROGRAM_OPTIONS``, and the subcommand's in
    ``SUBCOMMAND_OPTIONS``), judged from ``words[start]`` on, or None."""
    if program in HTTPIE_CLIENTS and _bearer_auth(words, start):
        return _HTTPIE_TOKEN
    options = PROGRAM_OPTIONS.get(program)
    by_subcommand = SUBCOMMAND_OPTIONS.get(program)
    if by_subcommand is None:
        return options
    leading: list[str] = []  # the first words that are not options (nor an option's value)
    skip = False
    for word in words[start : start + 8]:
        if not isinstance(word, str):
            break
        if skip or word[:1] == "-":
            skip = not skip and word in GLOBAL_VALUED
            continue
        leading.append(word)
    for subcommand, more in by_subcommand.items():
        if tuple(leading[: len(subcommand)]) == subcommand:
            return more if options is None else options + more
    return options


def _bearer_auth(words: list[Any], start: int) -> bool:
    """Whether an HTTPie command line sets ``-A bearer`` (``--auth-type bearer``, ``--auth-type=bearer``)."""
    for index in range(start, len(words)):
        word = words[index]
        if word in ("-A", "--auth-type"):
            if index + 1 < len(words) and words[index + 1] == "bearer":
                return True
        elif word in ("-Abearer", "--auth-type=bearer"):
            return True
    return False


_PYTHON = re.compile(r"python[0-9.]*+")
_PYTHON_VALUED = frozenset({"-W", "-X", "--check-hash-based-pycs"})


def _module_program(program: str, argv: list[Any], start: int) -> tuple[str, int] | None:
    """The program a Python interpreter runs as a module with positional secrets (``python3 -m pip
    config set ...``: pip), and the index of its first argument; None for anything else (a script,
    ``-c CODE``). One pass over the interpreter's options."""
    if _PYTHON.fullmatch(program) is None:
        return None
    at = start
    while at < len(argv) and isinstance(word := argv[at], str) and word[:1] == "-" and word not in ("-", "--", "-c"):
        if word[:2] == "-m":
            module = word[2:] or (argv[at + 1] if at + 1 < len(argv) else None)
            if module not in ("pip", "pip3"):
                return None
            return "pip", at + (1 if word[2:] else 2)
        at += 2 if word in _PYTHON_VALUED else 1
    return None


def positional_secret(names: Names, program: str, argv: list[Any], start: int) -> tuple[int, str] | None:
    """(index in argv, problem) of the argument that is a literal secret by its position in the
    program's command line (``POSITIONAL_SECRETS``), or None. ``start`` is the first argument after
    the program's name; ``python3 -m pip`` is read as pip. A rule of ``pairs`` judges the value of
    each secret's name among several (``CONFIG SET maxmemory 1gb requirepass ...``), the first
    secret found reported; one of ``header``, the header when it carries a credential
    (``_credential_header``: ``git config http.extraHeader "PRIVATE-TOKEN: ..."``)."""
    if program not in POSITIONAL_SECRETS:
        if (module := _module_program(program, argv, start)) is None:
            return None
        program, start = module
    words = argv[start:]
    if not all(isinstance(word, str) for word in words):
        return None
    for rule in POSITIONAL_SECRETS.get(program, ()):
        found = _positional_indices(rule, words)
        if found:  # the first rule that fits the command line decides
            for index in found:
                value = words[index]
                if rule.header:
                    if header := _credential_header(names, value):
                        return start + index, f'passes a credential to "{program}" in its {header} header ({rule.shown})'
                    continue
                if rule.joined and "=" in value and _names_one(rule, value.partition("=")[0]):
                    value = value.partition("=")[2]  # npm config set //registry.npmjs.org/:_authToken=VALUE
                if _is_password(value, rule.shape) and "=" not in value.rstrip("="):  # base64's padding, not NAME=value
                    return start + index, f'passes a secret to "{program}" ({rule.shown})'
            return None
    return None


def _names_one(rule: Positional, word: str) -> bool:
    """Whether ``word`` is one of ``rule.named``: its last part after a dot or a colon (aws configure
    set default.aws_secret_access_key, npm's //registry.npmjs.org/:_authToken), or its start for a
    name that ends in a dot (poetry config http-basic.REPO)."""
    return word.rpartition(":")[2].rpartition(".")[2] in rule.named or any(
        name[-1:] == "." and word.startswith(name) and len(word) > len(name) for name in rule.named
    )


def _positional_indices(rule: Positional, words: list[str]) -> list[int]:
    """Indices in ``words`` of the arguments ``rule`` points at (one at most but for ``pairs``), or none."""
    at, positionals, switches = 0, [], ""
    skip = False
    for index, word in enumerate(words):
        if skip:
            skip = False
            continue
        if word[:1] == "-" and word != "-":
            if rule.unless and word.startswith(rule.unless):
                return []
            skip = word in rule.valued
            if word[:2] != "--":
                switches += word[1:]
            continue
        if rule.parameters and "=" in word:
            continue
        if at < len(rule.subcommand):
            if word != rule.subcommand[at]:
                return []  # another subcommand
            at += 1
            continue
        positionals.append(index)
    if at < len(rule.subcommand) or any(letter not in switches for letter in rule.switch):
        return []
    if rule.after and not (
        len(positionals) > 1 and words[positionals[0]].startswith(rule.after) and positionals[1] == positionals[0] + 1
    ):
        return []  # smbclient //server/share -U user ls: no password word after the service
    if rule.pairs:
        return _named_values(rule, words, positionals)
    if rule.joined and len(positionals) == 1 and "=" in words[positionals[0]] and _names_one(rule, words[positionals[0]].partition("=")[0]):
        return positionals[:1]  # npm config set KEY=VALUE
    if len(positionals) <= rule.position:
        return []
    if rule.named and (rule.position < 1 or not _names_one(rule, words[positionals[0]])):
        return []  # aws configure set region eu-west-1: another name's value
    if rule.more:  # radtest: all its operands or none (a usage error)
        return [positionals[at] for at in (rule.position, *rule.more)] if len(positionals) > max(rule.more) else []
    return [positionals[rule.position]]


def _named_values(rule: Positional, words: list[str], positionals: list[int]) -> list[int]:
    """The value of each of ``rule.named`` among the names and values of a command setting several
    (``pairs``), read as the program reads them: a name, then its value; for ``joined``, a
    ``NAME=VALUE`` word is one pair (npm's ``config set a=1 _authToken X``: its key and value parser)."""
    found: list[int] = []
    at = 0
    while at < len(positionals):
        word = words[positionals[at]]
        if rule.joined and "=" in word:
            if _names_one(rule, word.partition("=")[0]):
                found.append(positionals[at])
            at += 1
            continue
        if at + 1 < len(positionals) and _names_one(rule, word):
            found.append(positionals[at + 1])
        at += 2
    return found


def option_problem(
    names: Names, program: str, options: tuple[Option, ...], arg: str, pending: Option | None
) -> tuple[str | None, Option | None, bool]:
    """(what is wrong with ``arg`` as an argument of ``program``, the option waiting for its value,
    whether ``arg`` is an HTTP header or body: judged here as a whole)."""
    if pending is not None and (arg[:1] != "-" or pending.value not in ("password", "users")):
        return _option_value_problem(names, program, pending, arg), None, pending.value in ("header", "body")
    for option in options:
        if arg == option.flag:
            return None, option if option.separate else None, False
        if option.attached and arg.startswith(option.flag):
            value = arg[len(option.flag) :]
            if option.flag[:2] == "--":
                if value[:1] != "=":
                    continue  # --username is not --user
                value = value[1:]
            return _option_value_problem(names, program, option, value), None, option.value != "password"
    if program in HTTPIE_CLIENTS and arg[:1] != "-" and (item := _REQUEST_ITEM.match(arg)) is not None:
        # a file embedded with @ is read as a file, not judged as NAME=value; other items also are
        return _request_item_problem(names, program, item), None, item.group(3)[:1] == "@"
    return None, None, False


_REQUEST_ITEM = re.compile(r"^([A-Za-z0-9_.\-]++)(:=|==|=|:)(.*)$", re.DOTALL)
_PORT_AND_PATH = re.compile(r"^\d++(?:/|$)")


def _request_item_problem(names: Names, program: str, item: re.Match[str]) -> str | None:
    """What is wrong with an HTTPie request item: a credential in a ``Header:value`` item, or a
    sensitive ``field=value``, ``field:=json`` or ``param==value`` with a literal value. ``@file``
    after the separator embeds a file (``password=@/run/secrets/pw``)."""
    name, separator, value = item.groups()
    if value[:1] == "@":
        return None
    if separator == ":":
        if value[:1] == "/" or _PORT_AND_PATH.match(value):
            return None  # host:port/path, localhost:8080: the URL
        header = _credential_header(names, item.group())
        return f'passes a credential to "{program}" in its {header} header' if header else None
    if names.sensitive(name) and not names.is_allowed(name) and literal_secret(name, value):
        return f'sends "{token_runs_hidden(name)}" to "{program}" in a request {"URL" if separator == "==" else "body"}'
    return None


def _option_value_problem(names: Names, program: str, option: Option, value: str) -> str | None:
    """What is wrong with ``value`` as the value of the program's ``option``, or None."""
    if option.value == "header":
        header = _credential_header(names, value)
        return f'passes a credential to "{program}" in its {header} header ({option.flag})' if header else None
    if option.value == "config":
        return _git_config_problem(names, program, value)
    if option.value == "cli":
        option_name = next(command_secrets(names, value.replace(",", "\n") if option.flag == "--commands" else value), None) if "data-source" in value else None
        return f'passes "{option_name}" to "{program}" in a data source command ({option.flag})' if option_name else None
    if option.value == "json":
        document = value[1:] if value[:1] == "=" else value  # -mysql_auth_server_static_string=...: Go's single dash
        settings = json_settings(document, names.sensitive, names) if document.lstrip()[:1] in JSON_STARTS else None
        return f'passes "{token_runs_hidden(settings[0][1])}" to "{program}" in its JSON ({option.flag})' if settings else None
    if option.value == "users":  # as its env var, CONCOURSE_ADD_LOCAL_USER, is judged
        return _option_said(program, option) if ":" in value and local_users(value.strip().strip("\"'")) else None
    if option.value == "commands":
        said = lftp_commands_password(value)
        return f'passes a password to "{program}" ({option.flag} {said})' if said else None
    if option.value == "body":
        field = _credential_in_body(names, value)
        return f'sends "{field}" to "{program}" in a request body ({option.flag})' if field else None
    if option.file and names_something_else(value):
        return None  # a file named, not a password: az login --service-principal -p /etc/azure/cert.pem
    return _option_said(program, option) if _is_password(value, option.shape, option.prefix) else None


def _git_config_problem(names: Names, program: str, setting: str) -> str | None:
    """What is wrong with git's ``-c NAME=VALUE``: http.extraHeader (``http.<url>.extraHeader``
    too), the whole header git sends, carrying a credential (``_credential_header``); other
    settings are judged as any ``NAME=value`` word is."""
    if git_config_variable(setting.partition("=")[0]) != "http.extraheader":
        return None
    header = _credential_header(names, setting.partition("=")[2])
    return f'passes a credential to "{program}" in its {header} header (-c http.extraHeader)' if header else None


_LFTP_COMMAND_END = re.compile(r";|&&|\|\||\n")


def lftp_commands_password(commands: str) -> str | None:
    """How the first literal password among lftp's own commands (``lftp -c '...; ...'``) is given,
    as a message shows it (``open -u user,password``, ``user <user> <password>``), or None."""
    for command in _LFTP_COMMAND_END.split(commands):
        words = command.split()
        if words[:1] == ["open"]:
            for at, word in enumerate(words[1:-1], 1):
                if word in ("-u", "--user") and _is_password(words[at + 1], "user,password"):
                    return "open -u user,password"
        elif words[:1] == ["user"] and len(words) > 2 and _is_password(words[2], "password"):
            return "user <user> <password>"
    return None


_GIT_CONFIG_ENV = re.compile(r"^GIT_CONFIG_(KEY|VALUE)_(\d++)$")


def git_config_env_problems(
    names: Names, variables: list[tuple[int, str, str]], keys_set: dict[str, str] | None = None
) -> list[tuple[int, str, str]]:
    """(where, the value, what is wrong) for each ``GIT_CONFIG_VALUE_<n>`` among ``variables``
    (where, name, value) whose ``GIT_CONFIG_KEY_<n>`` names http.extraHeader, git's configuration
    given in its environment, when the header carries a credential (``_credential_header``); what
    is wrong does not name the variable. ``keys_set``: each ``GIT_CONFIG_KEY_<n>`` set before (by
    number), by the lines of a script before (``export GIT_CONFIG_KEY_0=...`` on a line of its own),
    updated with those among ``variables``; and each ``GIT_CONFIG_VALUE_<n>`` set before that no key
    paired yet (under ``_WAITING + n``), paired with a key set now: git reads both when it runs, in
    whichever order they were set (then where is the key's, the value being another command's)."""
    keys: dict[str, str] = {} if keys_set is None else keys_set
    values: list[tuple[str, int, str]] = []
    keys_now: list[tuple[str, int]] = []
    for at, name, value in variables:
        if (pair := _GIT_CONFIG_ENV.match(name)) is not None:
            if pair.group(1) == "KEY":
                keys[pair.group(2)] = value
                keys_now.append((pair.group(2), at))
            else:
                values.append((pair.group(2), at, value))
    problems: list[tuple[int, str, str]] = []
    if keys_set is not None:
        set_now = {number for number, _, _ in values}  # a value set with the key replaces the one waiting
        for number, at in keys_now:
            waiting = keys_set.get(_WAITING + number)
            if waiting is not None and number not in set_now and (header := _extra_header_credential(names, keys, number, waiting)):
                problems.append((at, waiting, f'passes a credential to "git" in its {header} header'))
                del keys_set[_WAITING + number]
    for number, at, value in values:
        if header := _extra_header_credential(names, keys, number, value):
            problems.append((at, value, f'passes a credential to "git" in its {header} header'))
            keys.pop(_WAITING + number, None)
        elif keys_set is not None:
            keys_set[_WAITING + number] = value  # its key may come later
    return problems


_WAITING = "VALUE_"
"""Put before a number in ``git_config_env_problems``'s ``keys_set``: the ``GIT_CONFIG_VALUE_<n>``
set before that waits for its key (no key is named so: a key's entry is its number alone)."""


def git_config_set_before(variables: Iterable[tuple[str, str]]) -> dict[str, str]:
    """What a container's env gives git's configuration before its scripts run, as
    ``git_config_env_problems``' ``keys_set``: each ``GIT_CONFIG_KEY_<n>`` among ``variables``
    (name, value), and each ``GIT_CONFIG_VALUE_<n>`` no key there pairs (waiting: a script that sets
    its key reports it, naming the variable); a pair both there is judged as env vars."""
    keys: dict[str, str] = {}
    values: dict[str, str] = {}
    for name, value in variables:
        if (pair := _GIT_CONFIG_ENV.match(name)) is not None:
            (keys if pair.group(1) == "KEY" else values)[pair.group(2)] = value
    for number, value in values.items():
        if number not in keys:
            keys[_WAITING + number] = value
    return keys


def _extra_header_credential(names: Names, keys: dict[str, str], number: str, value: str) -> str | None:
    """The header (``_credential_header``) of a ``GIT_CONFIG_VALUE_<number>`` whose key in ``keys``
    names http.extraHeader, or None."""
    return _credential_header(names, value) if git_config_variable(keys.get(number, "")) == "http.extraheader" else None


def git_config_variable(name: str) -> str:
    """A git configuration variable's section and key, lowercase, without the subsection between
    them (``http.https://host/.extraHeader`` is ``http.extraheader``)."""
    section, _, rest = name.partition(".")
    return f"{section}.{rest.rpartition('.')[2]}".lower() if rest else name.lower()


def _credential_header(names: Names, text: str) -> str | None:
    """The name of an HTTP header written ``Name: value`` (``curl -H``) that carries a credential
    in plain text (``Authorization: Bearer ...``, ``X-Api-Key: ...``), as a message shows it
    (``token_runs_hidden``: ``X-<token>-Token`` as ``X-*-Token``), or None."""
    name = credential_header_name(names, text.strip("\"'"))
    return token_runs_hidden(name) if name is not None else None


_FORM_FIELD = re.compile(r"^([A-Za-z_][\w.\-\[\]]*+)=(.*)$", re.DOTALL)


def _credential_in_body(names: Names, text: str) -> str | None:
    """The sensitive field of a request body (``curl -d``) with a literal value, or None: a JSON
    body by key path (``{"auth": {"password": ...}}`` gives ``auth.password``), a form by field
    (``user=u&password=...``, ``-F password=...``). ``@file`` and ``<file`` read the body or the
    field from a file. A field is shown as a message shows a name (``token_runs_hidden``)."""
    text = text.strip()
    if text[:1] in JSON_STARTS:
        settings = json_settings(text, names.sensitive, names)
        return settings[0][1] if settings else None
    for pair in text.split("&"):
        field = _FORM_FIELD.match(pair)
        if field is None or not names.sensitive(field.group(1)) or names.is_allowed(field.group(1)):
            continue
        value = unquote(field.group(2)) if "%" in field.group(2) else field.group(2)
        if value[:1] not in ("@", "<") and literal_secret(field.group(1), value):
            return token_runs_hidden(field.group(1))
    return None


def takes_attached(options: tuple[Option, ...], arg: str) -> bool:
    """Whether ``arg`` is one of the program's options with its value attached (``-psecret``)."""
    return any(
        option.attached and len(arg) > len(option.flag) and arg.startswith(option.flag)
        and (option.flag[:2] != "--" or arg[len(option.flag)] == "=")
        for option in options
    )


def _option_said(program: str, option: Option) -> str:
    return f'passes a {"token" if "token" in option.shown else "password"} to "{program}" ({option.shown})'


def _is_password(value: str, shape: Shape, prefix: str = "") -> bool:
    """Whether an option's value is a literal password (with a user: a literal password part, its
    ``shape``; with a prefix, the part after it, when it is there)."""
    value = value.strip("\"'")
    if prefix:
        if not value.startswith(prefix):
            return False  # openssl's env:VAR, file:path, stdin
        value = value[len(prefix) :]
    if shape == "user/password@database":
        value = _oracle_logon_password(value)
    elif shape != "password":
        user, separator, value = value.partition(_USER_SEPARATORS[shape])
        if not separator or (user.startswith("${") and "}" not in user):
            return False  # no password: the program prompts for it; or ${CREDENTIALS:-...}, ${USER%@*}
    return bool(value) and not is_placeholder(value)


def _oracle_logon_password(logon: str) -> str:
    """The password of an Oracle logon, ``user/password[@database]`` (``"sys/... as sysdba"``: its
    first word), or "" when it holds none: ``/``, ``/nolog``, ``user@database``, ``user/@database``,
    or a script run by ``@`` (``@/path/x.sql``). A password quoted to hold an ``@`` runs to the
    last one."""
    user, slash, rest = logon.split(maxsplit=1)[0].partition("/") if logon.strip() else ("", "", "")
    if not slash or not user or user[:1] == "@":
        return ""
    return (rest.rpartition("@")[0] if "@" in rest else rest).strip('"')


class Interpreter(NamedTuple):
    """An interpreter that runs code given on its command line (``python -c CODE``)."""

    source: str  # the suffix its code is read as (``source_code_suffix``'s; "": as a config file's lines)
    letters: str  # the option letters whose value is code, in a cluster of letters too (perl ``-le CODE``)
    attached: str  # the option letters that take the rest of their word as their value (perl ``-ie``: i's)
    long: frozenset[str]  # the long options whose value is code (``--eval CODE``, ``--eval=CODE``)
    valued: frozenset[str]  # the options that take the next word as their value (``-W ignore``)
    glued: bool = True  # the code may follow its letter in one word (``-cCODE``); not node's (``-pe CODE``: -p and -e)


INTERPRETERS: dict[str, Interpreter] = {
    "python": Interpreter(".py", "c", "WXm", frozenset(), frozenset({"-W", "-X", "-m", "--check-hash-based-pycs"})),
    "node": Interpreter(".js", "ep", "r", frozenset({"--eval", "--print"}), frozenset({"-r", "--require", "--import", "--loader", "--input-type", "--title"}), False),
    "ruby": Interpreter(".rb", "e", "ICErFKTWx0", frozenset(), frozenset({"-I", "-r", "-C", "-E", "--encoding"})),
    # Perl's "$ENV{PW}" is a reference that PHP's reading takes for text: its lines are read as a
    # config file's (password => "...")
    "perl": Interpreter("", "eE", "IMmixCdDF", frozenset(), frozenset({"-I"})),
    "php": Interpreter(".php", "r", "cdz", frozenset(), frozenset({"-c", "-d", "-z"})),
    # Logstash's pipeline (logstash -e 'input { ... } output { ... }', --config.string), read as a
    # pipeline's file is: its name => value entries
    "logstash": Interpreter(
        "",
        "e",
        "",
        frozenset({"--config.string"}),
        frozenset(
            {"-f", "--path.config", "--path.settings", "--path.data", "--path.logs", "-l", "--log.level", "--log.format", "-w", "--pipeline.workers"}
            | {"-b", "--pipeline.batch.size", "-u", "--pipeline.batch.delay", "--pipeline.id", "-n", "--node.name", "-p", "--path.plugins"}
            | {"--api.http.host", "--api.http.port", "--http.host", "--http.port", "-M", "--modules.variable", "--modules", "--config.reload.interval"}
        ),
        False,
    ),
}
"""The interpreters whose code on the command line is judged as code (``interpreter_code``)."""
_INTERPRETER_NAME = re.compile(r"^(?:(python|ruby|perl|php)[0-9.]*+|(node)(?:js)?+|(logstash))$")
INTERPRETER_STARTS = frozenset(name[:3] for name in INTERPRETERS)
"""The first three letters of an interpreter's program name (``python3.11``, ``nodejs``): a quick test before ``interpreter_code``."""
_OPTION_CLUSTER = re.compile(r"^-[A-Za-z]")


def interpreter_code(words: list[str], program: tuple[int, str]) -> list[tuple[int, str, str]]:
    """(index of the word, the code, its ``Interpreter.source``) for each piece of code an
    interpreter is given to run (``python3 -c CODE``, ``node --eval=CODE``, ``perl -le CODE``,
    each ``ruby -e CODE`` of several), read as its options are: up to the first other word (a
    script's name: what follows is the script's), which Python's code ends too."""
    named = _INTERPRETER_NAME.match(program[1])
    if named is None:
        return []
    rule = INTERPRETERS[named.group(1) or named.group(2) or named.group(3)]
    found: list[tuple[int, str, str]] = []
    at = program[0] + 1
    while at < len(words):
        word = words[at]
        if word[:1] != "-" or word in ("-", "--") or (rule.source == ".py" and word[:2] == "-m"):
            break  # a script's name, or python -m MODULE: what follows is theirs
        name, equals, value = word.partition("=")
        code = value if name in rule.long and equals else "" if name in rule.long else _clustered_code(word, rule)
        if code is None:
            at += 2 if word in rule.valued else 1
            continue
        if not code and at + 1 < len(words):
            at += 1
            code = words[at]
        if code:
            found.append((at, code, rule.source))
        if rule.source == ".py":
            break  # python -c CODE ARG...: the rest is the code's argv
        at += 1
    return found


def _clustered_code(word: str, rule: Interpreter) -> str | None:
    """The code given in an option word of single letters (``-e``, ``-le``, ``-cCODE``): what
    follows the code's letter ("" when it ends the word: the code is the next word), or None when
    the word gives none (``-u``, ``-ie``: e is i's value)."""
    if _OPTION_CLUSTER.match(word) is None:
        return None
    for at in range(1, len(word)):
        if word[at] in rule.letters:
            return word[at + 1 :] if rule.glued else ""
        if word[at] in rule.attached or not word[at].isalnum():
            return None
    return None


def statements_on_lines(code: str) -> str:
    """Code given on a command line with its statements set on lines of their own: each ``;``
    outside strings and brackets becomes a line break (``password = os.environ["PW"]; go()`` is
    two statements, as in a file), as the languages of ``INTERPRETERS`` all read it; a ``;`` in a
    string or in a loop's header (``for (i = 0; i < n; i++)``) stays."""
    if ";" not in code:
        return code
    out = list(code)
    quote, depth, at = "", 0, 0
    while at < len(code):
        char = code[at]
        if quote:
            if char == "\\":
                at += 1
            elif char == quote:
                quote = ""
        elif char in "\"'`":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth = max(depth - 1, 0)
        elif char == ";" and depth == 0:
            out[at] = "\n"
        at += 1
    return "".join(out)
