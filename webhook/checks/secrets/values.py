"""Values: whether a text looks like a credential whatever its name (``credential_kind``: URLs and
DSNs with a password, connection strings, PEM private keys, token formats), and whether a value under
a sensitive name is a literal or only refers to the secret (a ``$(VAR)`` reference, a placeholder, a
file path, a secret-manager reference or a harmless word). Shared by every place the check looks."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets
from bisect import bisect_left
from collections.abc import Callable, Hashable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar, cast

from webhook.checks.secrets.names import name_is_sensitive

_Answer = TypeVar("_Answer")

HARMLESS_VALUES = frozenset(
    {"true", "false", "yes", "no", "on", "off", "enabled", "disabled", "none", "null", "nil", "0", "1", "not_set", "notset", "unset"}
)
"""Switch values: under a sensitive name they set a switch about the secret
(``MYSQL_ALLOW_EMPTY_PASSWORD: "1"``, ``MYSQL_RANDOM_ROOT_PASSWORD: "yes"``), they are not one; and
markers of an unset value (``MAILGUN_API_KEY: NOT_SET``)."""
MEASURE = re.compile(r"^(?:-?\d{1,3}|\d++(?:\.\d++)?+(?:ns|us|µs|ms|s|m|h|d|w)(?:\d++(?:\.\d++)?+(?:ns|us|µs|ms|s|m|h))*+)$")
"""A number of at most three digits, or a duration (``10m``, ``1h30m``, ``7d``). In a config file's
setting under a sensitive name it is a count or a lifetime (Grafana's ``org_api_key = 10`` quota,
Dex's ``expiry: {signingKeys: 6h}``). Env values and ConfigMap keys are judged as written: the
guardrail's definition counts any literal there (``MYSQL_ROOT_PASSWORD: "12"``)."""

DOCUMENTED_PLACEHOLDERS = frozenset({"put your unique phrase here", "password_here"})
"""Values that a sample config tells its reader to replace: WordPress's ``wp-config-sample.php``
(``define('AUTH_KEY', 'put your unique phrase here');``, ``define('DB_PASSWORD', 'password_here');``)."""

_BRACED = r"\$\{[A-Za-z_]\w*+(?:\.[\w\-]++)*+\}"
"""``${NAME}`` or ``${a.b}`` (Spring's, Maven's, Terraform's ``${var.db_password}``), as ``_REFERENCE`` reads it."""
_REFERENCE = re.compile(
    r"^(?>\$\([A-Za-z_][\w.]*+\)|" + _BRACED + r"|\$[A-Za-z_][A-Za-z0-9_]*+(?![!#%^&*?~])|\$\d(?![\w$])|[^A-Za-z0-9])*+$"
)
"""Only ``$(VAR)`` / ``${VAR}`` / ``$VAR`` references and punctuation: nothing literal. A bare
``$name`` right before ``!#%^&*?~`` is no reference but a literal that starts with ``$``
(``$ecret!``): nobody writes a variable and then such a character. ``$1`` alone is the shell's
positional parameter; ``$3cr3t`` is a literal. Kubernetes
expands only ``$(VAR)``; ``${VAR}`` and ``$VAR`` reach the process as written, for its shell,
envsubst or config templating to expand (Spring's and Maven's ``${db.password}``, Terraform's
``${var.db_password}``, Azure Pipelines' ``$(Db.Password)``). Either way the manifest holds a name,
not a secret. A ``-`` only after a dot (``${app.db-password}``): ``${DB_PASSWORD-x}`` is the shell's
default (a kebab-case name of a secret, Spring's ``${db-password}`` or Jenkins Configuration as
Code's ``${chart-admin-password}``, is a reference: ``_placeholder_default``)."""
_SECRET_MANAGER_REFERENCE = re.compile(
    r"^(?:arn:aws(?:-[a-z]++)*+:[a-z0-9\-]++:[a-z0-9\-]*+:\d{0,12}+:\S++"  # an AWS ARN
    r"|vault:[^\s#]++#\S++"  # bank-vaults: vault:secret/data/db#password
    r"|ref\+[a-z0-9]++://\S++"  # vals: ref+vault://..., ref+awssecrets://...
    r"|(?:sm|berglas)://\S++"  # berglas
    r"|projects/[\w\-]++/secrets/[\w\-]++(?:/versions/\w++)?+"  # Google Secret Manager
    r"|@Microsoft\.KeyVault\([^\s)]++\)"  # Azure App Service Key Vault reference
    r"|(?:hashicorp(?:-vault)?+|aws-secrets(?:-manager)?+),[\w.\-/:@+]++(?:,[\w.\-]++)?+)$"  # Liquibase Pro's secrets management
)
"""A reference into a secret manager: it names the secret and does not hold it. Liquibase Pro's
secrets management extensions take a provider, a secret's path, name or ARN and a key in it,
joined by commas, as a property's value (``hashicorp,secret/data/app,password``,
``aws-secrets-manager,arn:aws:secretsmanager:...,key``): no blank, no other comma."""
_TEMPLATE_EXPRESSION = r"\{\{[^{}]*+\}\}|\{%[^{}%]*+%\}"
_PLACEHOLDER = re.compile(rf"^(?:(?:{_TEMPLATE_EXPRESSION})(?:[ \t]*+(?:{_TEMPLATE_EXPRESSION}))*+|<<?+[^<>]++>>?+)$")
"""A value that is template expressions and nothing else, or one placeholder to fill in: Go, Helm or
Jinja templating rendered later (``{{ .AdminPassword }}``, ``{{ .Values.db.password }}``,
``{% raw %}``), also several expressions in a row, maybe apart by blanks (Vault Agent's and
consul-template's ``{{ with secret "database/creds/app" }}{{ .Data.password }}{{ end }}``: no text
between them is written out), or a documentation placeholder (``<Client Secret>``, ``<<paste it
here>>``). Text between or around expressions (``{{ .user }}hunter2``) is judged as written."""
_DEFAULTED_PLACEHOLDER = re.compile(r"\$\{(?P<name>[A-Za-z_][\w.\-]*+(?=:)|[A-Za-z_]\w*+(?=[-=]))(?::[-=]?+|[-=])")
"""The start of a placeholder with a default: Spring's ``${DB_PASSWORD:default}`` (also
``${spring.datasource.password:default}``), the shell's and Compose's ``${DB_PASSWORD:-default}``
and ``${DB_PASSWORD:=default}``, also without the colon (``${DB_PASSWORD-default}``). The default is used when the variable is unset: it sits in the
manifest in plain text."""
_KEBAB_PROPERTY = re.compile(r"\$\{[a-z][a-z0-9]*+(?:-[a-z][a-z0-9]*+)++\}")
"""A Spring property in kebab case, lowercase words joined by ``-`` (``${db-password}``,
``${client-secret}``), which the shell would read as ``${db-password}``: ``$db`` or the word
``password``. Read as the property when what follows the first ``-`` names a secret
(``_names_a_secret_in_kebab_case``): nobody gives a word naming the secret as the default; ``${password-changeme}``
and ``${DB_PASSWORD-x}`` are still the shell's defaults."""
LOOKUP_PREFIXES = frozenset(
    "env sys file directory vault k8s docker java jndi ctx main map sd spring web bundle date lower upper base64 "
    "secret secrets aws ssm".split()
) | {"ENV"}
"""``${env:DB_PASSWORD}``, ``${file:/etc/kafka/secrets.properties:password}``: a Log4j lookup or a
Kafka config provider, not a placeholder's default; its own default follows ``:-``
(``${env:DB_PASSWORD:-default}``). ``ENV`` in capitals is Trino's and Presto's (Airlift's) secret
syntax in catalog and config properties: ``connection-password=${ENV:PG_PASSWORD}`` reads the
variable ``PG_PASSWORD``."""
_SHELL_SUBSTRING = re.compile(r"^(?:-?\d++:\s*+-?\d++|-?\d{1,2}+|\(-?\d++\))$")
"""``0:8``, ``5``, ``-3`` (from ``${TOKEN: -3}``) or ``(-3)`` after ``${TOKEN:``: the shell's
substring of a variable, not a default. A one- or two-digit number is read as an offset: a
Spring default that short (``${DB_PASSWORD:42}``) is not reported."""
_SECRET_MANAGER_STARTS = frozenset({"arn", "vau", "ref", "sm:", "ber", "pro", "has", "aws"})
"""The first three characters of the references above that start with a letter or digit."""
_PATH_SEGMENT = r"/[\w.@+\-]++(?: ++[\w.@+\-]++)*+"
_FILE_PATH = re.compile(
    rf"^(?:(?:\.\.?+|~|\$[A-Za-z_]\w*+|{_BRACED})(?:{_PATH_SEGMENT})++|(?:{_PATH_SEGMENT}){{2,}}+)/?$"
)
"""A path: ``./x``, ``../x``, ``~/x``, ``$HOME/x``, ``${SECRETS_DIR}/x`` (``${app.secrets-dir}/x``), or absolute with two segments or more (``/run/secrets/db``).
A segment may hold spaces between its characters (``/etc/my creds/file.json``, as written after
``--credentials`` or quoted in a script). ``/S3cret``, ``/S3cret /x`` or ``//host/:_authToken=...``
are not paths."""

_PASSWORD_WORD = r"(?i:passw(?:or)?+d|pass|pwd|pw|secret)"
_URL_SYNTAX = rf"\[[A-Za-z_][A-Za-z_\-]*+(?::{_PASSWORD_WORD}|\[:{_PASSWORD_WORD}\])@\]"
"""A URL's syntax written out, its optional user and password in square brackets named by words:
``scheme://[user:passwd@]proxy.server:port`` (pip's ``--proxy`` help), ``[user[:password]@]``. A
bracketed password that is no such word (``[admin:Zq7fake@]``) is one; the words without brackets
(``user:passwd@host``) are a dummy password deployed, reported."""
_PORT_WORD = r"(?![^\s:/@?#]*+:(?i:port(?:[_\-]?+(?:number|num|no))?+)(?![\w.\-]))"
"""After a URL's ``@``: not a host then a port written as the word naming it (``@host:port/database``,
``@HOST:PORT``, ``@db:port_number``): a URL's shape written out in documentation (Grafana's
``defaults.ini`` and ``sample.ini``: ``# Example: mysql://user:secret@host:port/database``), which
no client connects to; a port that is a number or a reference (``@db:5432``, ``@db:${DB_PORT}``)
keeps the URL one."""
_DSN_PATTERNS: tuple[tuple[str, str], ...] = (
    ("a URL with a password (user:password@host)",
     rf"(?<![A-Za-z0-9+.\-])[A-Za-z][A-Za-z0-9+.\-]*+://(?!{_URL_SYNTAX})[^\s:/@]*+:(?P<secret>[^\s@/]++)@{_PORT_WORD}[^\s]"),
    ("a DSN with a password (user:password@host)",
     r"(?<![\w.\-/:{])(?!(?i:mailto|e-?mail|mail|sips?|xmpp|im|pres|tel):)"  # an address after its scheme (Argo CD's email:a@b.c)
     r"(?!(?:user|serviceAccount|group|principal):[\w.%+\-]++@[A-Za-z0-9\-]++(?:\.[A-Za-z0-9\-]++)++(?![\w.\-:/(]))"  # an IAM member
     r"[\w.\-]++:(?P<secret>[^\s@:/]++(?:@[^\s@:/]++)*?)"  # up to the @ before the host: p@ss@db
     r"@(?:tcp|udp|unix)?\(?(?:[A-Za-z0-9][\w.\-]*+|\[[0-9A-Fa-f:.]++\])(?::\d++)?\)?(?=/|$|\s|\?)"),
    ("an Oracle connect string with a password (user/password@host)",
     r"(?<![\w.\-/])[A-Za-z][\w$#]*+/(?P<secret>[^\s/@\"']++)@(?://)?[A-Za-z0-9][\w.\-]*+:\d++[/:]\w"),
)  # fmt: skip
"""Looked for only when the value contains ``@``, and each only when its screen is found
(``_DSN_SCREENS``). A Google Cloud IAM member (``user:alice@example.com``,
``serviceAccount:app@project.iam.gserviceaccount.com``, ``group:...``) is a member type and an
e-mail address, no DSN: its "host" is a mail domain (a dot in it) with nothing after it (no port,
path or ``tcp(``), where ``user:pw@db:5432/app`` or ``user:pw@db`` stays one."""
_CONNECTION_STRING = re.compile(
    r"(?:^(?![^;&\r\n]*+(?:[;&][^=\r\n]*+)?+[\r\n]\s*+\S)\s*+|(?<=\S)[ \t]*+;\s*+|^[ \t]*+;(?![^\n]*+\n)[ \t]*+|[?&][ \t]*+(?i:ssl)?+)(?i:password|pwd)\s*+=\s*+(?P<secret>[^;&\s]++)"
)
"""ADO.NET / JDBC style ``Server=db;User Id=app;Password=...`` and URL query parameters
(``jdbc:postgresql://db/app?user=app&password=...``, also pgJDBC's ``&sslpassword=...``, the
password of the client's SSL key); looked for only when ``=`` occurs. At the
value's start only when the value is one line or its first line holds another entry
(``Password=...;Server=db``): a text of several lines whose first is ``PASSWORD=...`` alone (maybe
with a ``;`` or ``&`` and no other ``=`` after it: INI's ``password = ... ; note``) is a
config file (``.env``, TOML, INI), read setting by setting (``sets "PASSWORD"``), even when the
value is a quoted string running onto the next line. After ``?`` or ``&`` on its line only (a URL's
query): Rust's ``?`` or a shell's ``&`` ending a line is followed by a line of its own. After a ``;``
with text before it on its line only, or at the start of a value of one line (``;Password=...``): a
``;`` that starts a line of a text of several (blanks before it at most) starts an INI comment (``;
password = ...`` in an ``.ini``, ``php.ini`` or ``my.cnf``: a commented-out setting), no entry of a
connection string, unless it continues one written on the lines above (``_continued_connection_passwords``)."""
_CONNECTION_STRING_AT_START = re.compile(r"\s*+(?i:p(?:assword|wd))\s*+=")
_CONNECTION_STRING_MARK = re.compile(r"[;?&]\s*+(?i:ssl)?+(?i:p(?:assword|wd))\s*+=")
"""What every ``_CONNECTION_STRING`` match is or holds: its password's name at the value's start,
blanks before it at most (``_CONNECTION_STRING_AT_START``), or after a ``;``, ``?`` or ``&`` (this):
looked for first (``_may_hold_connection_password``), they spare most values that pattern's scan,
which tries an entry at each character after a non-blank (an entry after a ``;``, blanks between)."""


def _may_hold_connection_password(value: str) -> bool:
    """Whether ``_CONNECTION_STRING`` may match in ``value``; False when it surely does not."""
    return _CONNECTION_STRING_AT_START.match(value) is not None or _CONNECTION_STRING_MARK.search(value) is not None

_CONTINUED_PASSWORD_MARK = re.compile(r"\n[ \t]*+;[ \t]*+(?i:password|pwd)[ \t]*+=")
"""What a ``Password=`` entry continuing a connection string on a line of its own holds
(``_continued_connection_passwords``): searched first, it spares most values the reading of their lines."""
_CONTINUED_PASSWORD = re.compile(r"[ \t]*+;[ \t]*+(?i:password|pwd)[ \t]*+=[ \t]*+(?P<secret>[^;&\s]++)")
_CONTINUED_ENTRY = re.compile(r"[ \t]*+;[ \t]*+[A-Za-z][\w .]*+=")
"""A line that starts with ``;Key=``: an entry continuing the connection string of the line before,
when that line is one (``_CONNECTION_HEAD``) or continues one too."""
_ENTRY_NAME = (
    r"(?i:server|data[ \t]++source|host|database|initial[ \t]++catalog|user[ \t]++id|uid|username|address|addr"
    r"|network[ \t]++address|provider|driver|dsn)"
)
"""The names of a connection string's entries that say where it connects or as whom (ADO.NET,
ODBC, Npgsql, MySqlConnector): ``Server=``, ``Data Source=``, ``Host=``, ``Database=``, ``User Id=``..."""
_CONNECTION_HEAD = re.compile(
    rf"""[=:][ \t]*+["']?+{_ENTRY_NAME}[ \t]*+=|(?:^|;)[ \t]*+{_ENTRY_NAME}[ \t]*+=[^;\n]*+;[ \t]*+[A-Za-z][\w .]*+="""
)
"""A line that is a connection string's entries: one after a setting's ``=`` or ``:``
(``ConnectionString=Server=db``, ``conn = Data Source=db``, ``connectionString: "Host=db``), or
one with another after a ``;`` (``Server=db;Database=app``)."""
_LONE_ENTRY = re.compile(rf"[ \t]*+{_ENTRY_NAME}=[^;\s]")
"""A line that starts with an entry written with no blank around its ``=`` (``Server=db``,
``Host=db``): a connection string's first entry at the start of a YAML block scalar's text."""
_LONE_FIRST_ENTRY = re.compile(r"[ \t]*+(?i:server|data[ \t]++source|initial[ \t]++catalog|user[ \t]++id|provider)=[^;\s]")
"""The same at a value's start, with a name only a connection string gives an entry (``Server=db``,
``Data Source=db``): an INI file's ``host=db`` or ``database=app`` before a ``; password=...``
comment line is a setting (my.cnf's)."""
_BLOCK_SCALAR_OPENER = re.compile(r"(?:^|:)[ \t]*+[|>][-+0-9]{0,2}+[ \t\r]*+$")
"""A line that opens a YAML block scalar (``connectionString: >``, ``conn: |-``): its text starts on the next line."""


def _continued_connection_passwords(value: str) -> Iterator[tuple[int, re.Match[str]]]:
    """The ``Password=`` entries (``_CONTINUED_PASSWORD``), each with its line's number, that continue
    a connection string written over several lines, each line after the first starting with ``;``
    (``ConnectionString=Server=db`` / ``;Database=app`` / ``;User Id=app`` / ``;Password=...``, also
    in a YAML block scalar whose first line is ``Server=db``): a ``;Key=`` line (``_CONTINUED_ENTRY``)
    right after a line of a connection string's entries (``_CONNECTION_HEAD``; a lone entry such as
    ``Server=db`` only at a block scalar's start, or at the value's: ``_LONE_FIRST_ENTRY``) or after another such line
    continues it. A ``;`` line after a ``[section]``, a plain ``key = value`` setting (``host = db``)
    or a blank line is an INI comment (``_CONNECTION_STRING``). One pass over the lines."""
    if _CONTINUED_PASSWORD_MARK.search(value) is None:
        return
    in_chain = False
    opens_a_block = False
    start, length, number = 0, len(value), 1
    while start <= length:
        end = value.find("\n", start)
        end = length if end < 0 else end
        line = value[start:end]
        if in_chain and _CONTINUED_ENTRY.match(line) is not None:
            if (password := _CONTINUED_PASSWORD.match(value, start, end)) is not None:
                yield number, password
        else:
            first = _LONE_ENTRY if opens_a_block else _LONE_FIRST_ENTRY if start == 0 else None
            lone = first is not None and first.match(line) is not None
            in_chain = lone or _CONNECTION_HEAD.search(line) is not None
        opens_a_block = _BLOCK_SCALAR_OPENER.search(line) is not None
        start, number = end + 1, number + 1


def continued_connection_password_lines(value: str) -> set[int]:
    """The lines (from 1) of ``value`` whose ``Password=`` entry, in plain text, continues a connection
    string of the lines above (``_continued_connection_passwords``): no line judged alone holds it."""
    if not _may_hold_connection_password(value):
        return set()
    return {number for number, match in _continued_connection_passwords(value) if _password_literal(value, match)}


CONNECTION_STRING = "a connection string with a password"
"""What ``credential_kind`` calls a ``Password=`` entry (``_CONNECTION_STRING``) or a libpq password
whose line names what it connects to (``_CONNECTION_TARGET``)."""
PASSWORD_SETTINGS = "settings with a password"
"""What ``credential_kind`` calls the same password when its line names nothing to connect to:
``password=...; token=...`` or ``user=bob password=...`` are settings, no connection string."""
CONNECTION_KINDS = frozenset({CONNECTION_STRING, PASSWORD_SETTINGS})
"""The kinds of a ``Password=`` entry or a libpq password, with a target or without."""
_CONNECTION_TARGET = re.compile(
    r"(?<![\w.\-])(?i:host(?:name|addr)?+|server|data[ \t]*+source|(?:network[ \t]*+)?+addr(?:ess)?+|dsn|service"
    r"|dbname|database|initial[ \t]*+catalog)[ \t]*+=|://"
)
"""An entry that names what a connection string connects to: a host or server (``Server=db``,
``host=db``, ``Data Source=``, ``Address=``), a database, a DSN or service name (``Dsn=``,
``service=``), or a URL's ``://`` (``jdbc:postgresql://db/app?password=...``)."""


def _connection_label(value: str, start: int, end: int) -> str:
    """``CONNECTION_STRING`` when the line of a password at ``start``-``end`` in ``value`` names its
    target (``_CONNECTION_TARGET``, read ``_LIBPQ_LINE_READ`` characters on each side at most),
    else ``PASSWORD_SETTINGS``."""
    line_start = _line_start(value, start)
    line_end = value.find("\n", end, end + _LIBPQ_LINE_READ)
    line_end = min(end + _LIBPQ_LINE_READ, len(value)) if line_end < 0 else line_end
    return CONNECTION_STRING if _CONNECTION_TARGET.search(value, line_start, line_end) else PASSWORD_SETTINGS


_CONNECTION_TARGET_AT = re.compile(f"(?=({_CONNECTION_TARGET.pattern}))")
"""``_CONNECTION_TARGET`` tried at every place of a value at once: each match's start and, its
group, where the target there ends (at most one way to match at a place: its words exclude each other)."""
_LABELS_READ_ALONE = 8
"""Passwords of one value ``_connection_labels`` labels by a search each, at most: past them, it
reads the value's targets once (up to ``_LIBPQ_LINE_READ`` characters searched again per password
on a line of many: ``a=1; password=x; a=1; password=x; ...``)."""


def _connection_labels(value: str, spans: Sequence[tuple[int, int]]) -> list[str]:
    """``_connection_label`` of each password at ``spans`` in ``value``: by one search each for a
    few, else by a bisection into the value's targets, found in one pass with where each ends (the
    least end of those from each on): a target lies in the window of a search if one starts in it
    and ends by its end (one starting at or after its end ends after it)."""
    if len(spans) <= _LABELS_READ_ALONE:
        return [_connection_label(value, start, end) for start, end in spans]
    starts: list[int] = []
    ends: list[int] = []
    for match in _CONNECTION_TARGET_AT.finditer(value):
        starts.append(match.start())
        ends.append(match.end(1))
    for index in range(len(ends) - 2, -1, -1):
        ends[index] = min(ends[index], ends[index + 1])
    labels: list[str] = []
    for start, end in spans:
        line_end = value.find("\n", end, end + _LIBPQ_LINE_READ)
        line_end = min(end + _LIBPQ_LINE_READ, len(value)) if line_end < 0 else line_end
        first = bisect_left(starts, _line_start(value, start))
        labels.append(CONNECTION_STRING if first < len(starts) and ends[first] <= line_end else PASSWORD_SETTINGS)
    return labels

_OPTION_LIST_PASSWORD = re.compile(
    r"""(?:^|(?<=[\s"'=,]))[\w.\-:/\[\]@]++(?:=[^,\s"'=;&()]*+)?+,(?i:password|passwd|pass|pwd)=(?P<secret>[^,\s"';&()\[\]]++)(?=[,\s"'\]]|$)"""
)
"""A password among the comma-separated options of a list, after another one: StackExchange.Redis's
``redis0:6380,password=...,ssl=True``, mount's ``-o username=bob,password=...`` and an fstab line's
options. The option before it starts after a blank, a quote, a ``=``, a comma or at the value's
start (not after code's ``(``: ``f(u,password=pw)``), and the password ends at a comma, a blank, a
quote or the ``]`` closing a list (not at code's ``)``). Looked for only when ``,`` and ``=`` occur."""
_OPTION_LIST_MARK = re.compile(r",(?i:p(?:ass|wd))")
"""What every ``_OPTION_LIST_PASSWORD`` match holds: searched first, it spares most values that
pattern's scan, which tries an option at each blank, quote, ``=`` and comma."""
OPTION_LIST = "an option list with a password (...,password=...)"
_LONE_PASSWORD_SETTING = re.compile(r"\s*+(?i:password|pwd)\s*+=[^;&=\r\n]*+(?:[;&][^=\r\n]*+)?+\s*+")
"""A value of one line that is one ``password=...`` (or ``pwd=``) setting and nothing else: no other
entry after a ``;`` or ``&`` (what follows one holds no ``=``: nothing, or INI's comment
``password = ... ; note``), no other pair (``host=db``)."""


def is_lone_password_setting(value: str) -> bool:
    """Whether ``value`` is one password setting alone on its line (``PASSWORD=...``,
    ``password = '...'``): ``_CONNECTION_STRING`` finds it at the value's start, but with no other
    entry it is no connection string. A reader that reads settings judges it as one (``sets
    "PASSWORD"``, its value as a setting's: ``none`` or ``${PW}`` is no password, ``${PW}x`` is)."""
    return _LONE_PASSWORD_SETTING.fullmatch(value) is not None


_ACCESS_KEY_SETTING = re.compile(
    r"(?:^|;)\s*+(?i:accountkey|sharedaccesskey|sharedsecretvalue)\s*+=\s*+(?P<secret>[^;\s]++)"
)
"""Azure connection strings carry an access key, not a password: Storage
(``DefaultEndpointsProtocol=https;AccountName=x;AccountKey=...``), Service Bus and Event Hubs
(``Endpoint=sb://x/;SharedAccessKeyName=y;SharedAccessKey=...``), ACS (``SharedSecretValue=``).
``SharedAccessKeyName`` only names the key. Looked for only when ``=`` occurs."""


def _may_hold_access_key(value: str) -> bool:
    """An exact screen for ``_ACCESS_KEY_SETTING``: each match holds one of its names, in any case, found
    by literal scans of the value lower-cased (one not ASCII is searched: ``(?i:...)`` also matches the
    Kelvin sign and ``ſ``). The pattern, tried at each character, cost as much as all the scans."""
    if not value.isascii():
        return True
    lowered = value.lower()
    return "accountkey" in lowered or "sharedaccesskey" in lowered or "sharedsecretvalue" in lowered


_SAS_SIGNATURE = re.compile(r"(?:^|[?&;])\s*+sig=(?P<secret>[A-Za-z0-9%+/=]{16,}+)")
"""The signature of an Azure shared access signature (``?sv=2022-11-02&ss=b&...&sig=...``): whoever
has the URL or token has the access it grants. Looked for only when ``sv=`` occurs too."""
_LIBPQ = re.compile(
    r"(?:^|(?<=\s))password\s*+=(?:[ \t]++(?![A-Za-z_]\w*+[ \t]*+=)|(?![ \t]))(?P<secret>'(?:[^'\\]|\\.)*+'|\"[^\"\s]++\"(?=[/>\s]|$)|[^\s']++)"
)
"""A libpq key/value DSN ``host=db user=app password=...``; looked for only when ``host=``,
``dbname=`` or ``user=`` occurs too. Where settings are read apart (``settings_apart``: env values
and ConfigMap entries), one only when its line holds another pair (``_libpq_line``): ``host=db``,
``user=app``, ``password=...`` one per line are a ``.env`` file's settings, named as such
(``sets "password"``). The password is on its ``=``'s line: an empty ``password=`` (my.cnf's) does
not take the next line's ``host=db`` for its value, nor, after a blank, the next pair of its line
(pgbouncer.ini's list of keys ``dbname= host= user= password= auth_user=``, ``password= host=db``:
an empty password). A password in double quotes ended by ``/``, ``>`` or a blank is an XML attribute's
(Liberty's ``<properties.postgresql user="app" password="{aes}..."/>``): the quotes hold it."""
_LIBPQ_PAIR = re.compile(r"(?<![^ \t\n])[A-Za-z_]\w*+[ \t]*+=")
"""Another ``keyword=`` of a libpq connection string on the password's line: pairs are set apart by
spaces or tabs."""
_LIBPQ_CODE_PAIR = re.compile(r"""(?<![^ \t\n"'`])[A-Za-z_]\w*+[ \t]*+=""")
"""``_LIBPQ_PAIR`` in the text of a key named as source code (``in_code``), where a string literal is
read from its opening quote: the first pair may follow it (``dsn = "user=app password=..."``)."""
_PasswordReader = Callable[[str, re.Match[str]], bool]
"""Whether a connection string's password (of the value and the match) is in plain text."""
_LIBPQ_LINE_READ = 1024
"""Characters read on each side of a libpq password for another pair, at most: a long line of many
pairs stays linear."""


def _line_start(value: str, at: int) -> int:
    """Where the line holding ``at`` in ``value`` starts, read back ``_LIBPQ_LINE_READ`` characters
    at most (a long line stays linear)."""
    return max(value.rfind("\n", max(at - _LIBPQ_LINE_READ, 0), at) + 1, at - _LIBPQ_LINE_READ, 0)


def _libpq_line(value: str, match: re.Match[str], pair: re.Pattern[str] = _LIBPQ_PAIR) -> bool:
    """Whether the password of a libpq ``match`` in ``value`` shares its line with another ``pair``,
    as in a connection string (``host=db user=app password=...``)."""
    start, end = match.start(), match.end()
    line_start = _line_start(value, start)
    line_end = value.find("\n", end, end + _LIBPQ_LINE_READ)
    line_end = min(end + _LIBPQ_LINE_READ, len(value)) if line_end < 0 else line_end
    return pair.search(value, line_start, start) is not None or pair.search(value, end, line_end) is not None


_JAAS_ENTRY = re.compile(r"LoginModule\s++(?:required|requisite|sufficient|optional)\b")
_JAAS_CREDENTIAL = re.compile(r"(?<![\w.\-])(password|user_[\w.\-]++)\s*+=\s*+(?P<secret>\"[^\"]*+\"|'[^']*+'|[^\s;\"']++)")
"""An option of a JAAS entry that sets a password: ``password``, and a PLAIN broker's or ZooKeeper's
DigestLoginModule's ``user_NAME`` (the password of user NAME: ``user_super="..."``).

A JAAS login configuration with a password (Kafka's ``sasl.jaas.config`` and
``KAFKA_..._SASL_JAAS_CONFIG``: ``org.apache.kafka.common.security.plain.PlainLoginModule required
username="app" password="...";``), on one line or continued over several: the options of an entry
run from its flag (``required``) to the ``;`` that ends it. Looked for only when ``LoginModule``
occurs."""


def _jaas_password(value: str) -> bool:
    """Whether a JAAS entry in ``value`` sets a literal password option."""
    return next(_jaas_entries_with_password(value), None) is not None


def _jaas_entries_with_password(value: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each JAAS entry in ``value`` that sets a literal password option
    (``_JAAS_CREDENTIAL``: ``password``, or only ``user_NAME`` as ZooKeeper's DigestLoginModule
    sets them). Each entry's options are searched once, up to its ``;``: linear in the value however
    many entries it holds."""
    at = 0
    while (entry := _JAAS_ENTRY.search(value, at)) is not None:
        end = value.find(";", entry.end())
        end = len(value) if end < 0 else end
        for match in _JAAS_CREDENTIAL.finditer(value, entry.end(), end):
            if not is_placeholder(match.group("secret")):
                yield entry.start(), end
                break
        at = end


def jaas_entries(value: str) -> Iterator[tuple[int, int, tuple[str, ...]]]:
    """(start, end, the options that set a literal password: ``password``, ``user_alice``...) of
    each JAAS entry in ``value`` that sets a literal password option; never a value."""
    for start, end in _jaas_entries_with_password(value):
        options = tuple(
            match.group(1) for match in _JAAS_CREDENTIAL.finditer(value, start, end) if not is_placeholder(match.group("secret"))
        )
        yield start, end, options


_PEM_STRING_GOES_ON = r"""[ \t]*+[+.,\\]?+[ \t]*+(?:\r?\n[ \t]*+(?:[+.][ \t]*+)?+)?+[bBrRuUfF]?+["'`]|\r?\n[ \t]*+[A-Za-z0-9+/]{16}"""
"""After the quote closing a string that holds a private key's BEGIN marker: another string joined to
it, on its line or the next (Python's adjacent literals, ``+`` in JavaScript and Java, PHP's ``.``,
a JSON member after it), or a line of base64: the key's body goes on there."""
_NO_PEM_BODY = rf"""(?!-*+[ \t]*+(?:["'`](?!{_PEM_STRING_GOES_ON})|$|(?:\\n|\r?\n)[ \t]*+-{{3,}}+[ \t]*+END\b))"""
"""After a private key's BEGIN marker: not the end of its string (a closing quote with no string
joined after it: Python's ``_SK_START = b"-----BEGIN OPENSSH PRIVATE KEY-----"``; ``("-----BEGIN
...-----"`` then ``"MIIE..."`` on the next line is a key), of the value, nor its END marker on the next
line (``\\n`` too, in JSON): a marker with no body is where a key would be, no key."""
_TOKEN_FORMS: tuple[tuple[str, str, str], ...] = (
    ("a PEM private key", "", r"(?<!-)-{3,}+\s*+BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY" + _NO_PEM_BODY),
    # OpenVPN's shared key (openvpn --genkey: ta.key, inline in <tls-auth>, <tls-crypt>, <secret>) and a tls-crypt-v2 key
    ("an OpenVPN static key", "", r"(?<!-)-{3,}+\s*+BEGIN OpenVPN (?:Static key V[12]|tls-crypt-v2 (?:client|server) key)" + _NO_PEM_BODY),
    ("an AWS access key id", r"(?<![A-Z0-9])", r"A(?:KIA|SIA|GPA|IDA|ROA|IPA|NPA|NVA)[A-Z0-9]{16}(?![A-Z0-9])"),
    # its payload's JSON maybe written with a blank or a line break after its { (ey, ew: Supabase's demo keys)
    ("a JSON Web Token", r"(?<![A-Za-z0-9_-])", r"eyJ[A-Za-z0-9_-]{8,}+\.e[yw][A-Za-z0-9_-]{8,}+\.[A-Za-z0-9_-]{8}"),
    ("a bearer token", r"\b", r"[Bb]earer[ \t]++(?P<secret>[A-Za-z0-9._~+/\-]{16,}+=*+)"),
    # base64 of user:password, not a word (Basic authentication: lowercase after its first letter)
    ("basic auth credentials", r"\b", r"Basic\s++(?=[A-Za-z0-9+/][a-z]*+[A-Z0-9+/])[A-Za-z0-9+/]{12,}+={0,2}+(?![A-Za-z0-9+/])"),
    ("a GitHub token", r"(?<![A-Za-z0-9_])", r"(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22})"),
    ("a GitLab token", r"(?<![\w-])", r"glpat-[A-Za-z0-9_\-]{20}"),
    ("a Slack token", r"(?<![\w-])", r"xox[abposr]-[A-Za-z0-9-]{10}"),
    ("a Stripe secret key", r"(?<![A-Za-z0-9_])", r"[sr]k_(?:live|test)_[A-Za-z0-9]{16}"),
    ("an OpenAI API key", r"(?<![\w-])", r"sk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_\-]{20}|[A-Za-z0-9]{20}T3BlbkFJ)"),
    ("an Anthropic API key", r"(?<![\w-])", r"sk-ant-[a-z0-9]{2,12}+-[A-Za-z0-9_\-]{20}"),
    ("a Hugging Face token", r"(?<![A-Za-z0-9_])", r"hf_[A-Za-z0-9]{34}(?![A-Za-z0-9])"),
    ("a Vault token", r"(?<![\w.])", r"hv[sb]\.[A-Za-z0-9_\-]{24}"),
    ("a DigitalOcean token", r"(?<![A-Za-z0-9_])", r"do[opr]_v1_[a-f0-9]{64}(?![a-f0-9])"),
    ("a Shopify access token", r"(?<![A-Za-z0-9_])", r"shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}(?![a-fA-F0-9])"),
    ("a Google OAuth access token", r"(?<![\w.])", r"ya29\.[0-9A-Za-z_\-]{20}"),
    ("a Telegram bot token", r"(?:(?<![\w:])|(?<=/bot))", r"\d{5,16}:A[A-Za-z0-9_\-]{34}(?![A-Za-z0-9_\-])"),
    ("a Google API key", r"\b", r"AIza[0-9A-Za-z_\-]{35}"),
    ("an npm token", r"\b", r"npm_[A-Za-z0-9]{36}"),
    # a macaroon for pypi.org or test.pypi.org, its location base64-encoded after the prefix
    ("a PyPI API token", r"(?<![\w-])", r"pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_\-]{50,}+"),
    # a user's (squ_), a project's (sqp_) or a global analysis (sqa_) token: 40 lowercase hex digits
    ("a SonarQube token", r"(?<![A-Za-z0-9_])", r"sq[upa]_[a-f0-9]{40}(?![A-Za-z0-9])"),
    ("a SendGrid API key", r"\b", r"SG\.[\w\-]{22}\.[\w\-]{43}"),
    # an nkey's private seed: S, the key's kind (U user, A account, O operator, N server, C cluster, X curve),
    # then 56 more of base32 (58 in all, a digit among them); a public nkey (U..., A..., N...: 56) is none
    ("a NATS nkey seed", r"(?<![A-Za-z0-9])", r"S[UAONCX](?=[A-Z]{0,55}+[2-7])[A-Z2-7]{56}(?![A-Za-z0-9])"),
    ("a Slack webhook URL", r"\b", r"hooks\.slack\.com/(?:services|workflows|triggers)/T[A-Z0-9]{6,}+/[A-Z0-9]{6,}+/(?P<secret>[A-Za-z0-9]{16,}+)"),
    ("a Discord webhook URL", r"\b", r"discord(?:app)?+\.com/api/webhooks/\d{15,}+/(?P<secret>[\w\-]{40,}+)"),
    ("a Microsoft Teams webhook URL",
     "", r"\.webhook\.office\.com/webhookb2/[\w@\-]{16,}+/IncomingWebhook/(?P<secret>[A-Za-z0-9]{32})"),
    # a FreeRADIUS users file's (or radclient's) password in plain text, quoted: bob Cleartext-Password := "...",
    # on a line that is no comment (the users file's commented-out examples: #bob Cleartext-Password := "hello")
    ("a RADIUS user's password", "",
     r"(?m:^)(?![ \t]*+#)[^\n#]*?\b(?:Cleartext|User)-Password[ \t]*+(?::=|==|\+=|=)[ \t]*+(?P<q>[\"'])(?P<secret>(?:(?!%\{)(?!(?P=q))[^\n\\])++)(?P=q)(?=[ \t]*+(?:[,\r\n\\\"'#;|&)>]|\Z))"),
)  # fmt: skip
"""Key and token formats, all at least 16 characters long. A chat webhook URL carries its token in
the path (whoever has it can post): Alertmanager's ``slack_api_url``, ``api_url``. A bearer token
follows ``Bearer`` on the same line, as in an ``Authorization`` header: in a Prometheus or
Alertmanager config, ``type: Bearer`` is followed on the next line by another setting
(``credentials_file: /var/run/secrets/...``), not by a token. A Telegram bot token is written in
the Bot API's URL right after ``/bot`` (``https://api.telegram.org/bot<token>/sendMessage``). A
RADIUS user's password is FreeRADIUS's ``Cleartext-Password`` (or ``User-Password``) set to a quoted
literal, in its ``users``/``authorize`` file or radclient's input (``bob Cleartext-Password :=
"..."``), on a line that is no comment (the users file's commented-out examples are none), its
closing quote ending the value (followed by a comma, the line's end or a shell quote, ``|``, ``;``...:
in ``echo "User-Name=bob,User-Password=" | radclient HOST auth "$S"`` the empty value's shell quote
pairs with none of the later ones); a
reference to another attribute (``&request:User-Password``) or an expansion (``"%{sql:...}"``) is
none, and the hashed ``Crypt-Password``, ``NT-Password``... are other names. Each
is (label, what must hold right before it, the token): where that fails, a token still starts
right after a short option letter that starts a word (``-k`` in ``tool -kghp_...``, ``-S`` in
``env -SAKIA...``: a token glued to it is that option's value; not after a letter inside a longer
word, ``-kxghp_...``, nor after a long option, ``--kghp_...``; see ``_GLUED``); "" for a format
that starts with no letter's test (a PEM header's dashes)."""


def alternation(patterns: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    named = [(f"k{i}", label, rx.replace("(?P<secret>", f"(?P<s{i}>")) for i, (label, rx) in enumerate(patterns)]
    return re.compile("|".join(f"(?P<{name}>{rx})" for name, _, rx in named)), {n: lbl for n, lbl, _ in named}


def compiled(patterns: tuple[tuple[str, str], ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((label, re.compile(rx)) for label, rx in patterns)


_TOKEN_NEEDLES: tuple[tuple[str, ...], ...] = (
    ("PRIVATE KEY",),
    ("BEGIN OpenVPN",),
    ("AKIA", "ASIA", "AGPA", "AIDA", "AROA", "AIPA", "ANPA", "ANVA"),
    ("eyJ",),
    ("earer",),
    ("Basic",),
    ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
    ("glpat-",),
    ("xox",),
    ("k_live_", "k_test_"),
    ("sk-",),
    ("sk-ant-",),
    ("hf_",),
    ("hvs.", "hvb."),
    ("_v1_",),
    ("shp",),
    ("ya29.",),
    (":A",),
    ("AIza",),
    ("npm_",),
    ("pypi-AgE",),
    ("squ_", "sqp_", "sqa_"),
    ("SG.",),
    ("SU", "SA", "SO", "SN", "SC", "SX"),
    ("hooks.slack.com/",),
    ("/api/webhooks/",),
    (".webhook.office.com/webhookb2/",),
    ("-Password",),
)
"""For each of ``_TOKEN_FORMS``, in order: literals one of which every match of it holds. A
pattern is searched only in a value that holds one: ``str.__contains__`` scans for a literal at
memory speed, where ``re`` tries a pattern that starts with a lookbehind or ``\b`` at every position
(the twenty-odd searches were most of the cost of an ordinary ConfigMap)."""
_DSN = compiled(_DSN_PATTERNS)
_DSN_SCREENS = (
    re.compile(r"://[^\s:/@]*+:[^\s@/]++@"),
    re.compile(r":[^\s@:/]++@"),
    re.compile(r"/[^\s/@\"']++@"),
)
"""For each of ``_DSN_PATTERNS``, in order: a part of every match of it, from a literal to the
``@`` (``://user:pass@``, ``:pass@``, ``/pass@``), the same sub-pattern as in the pattern, so a
value where it is not found holds no match. A pattern that starts with a literal is searched at
the speed of a scan for that character, where the patterns, which start with a lookbehind, are
tried at every position: an ``@`` in a long value (an e-mail address in a config file) no longer
costs the three DSN searches."""
_DSN_SCREENED = tuple((label, pattern, screen) for (label, pattern), screen in zip(_DSN, _DSN_SCREENS, strict=True))
_GLUED = r"-(?<![\w\-]-)[A-Za-z]"
"""A short option letter that starts a word, written before the token rather than as a lookbehind:
a ``-`` that starts a word, then one letter. A pattern that starts with the literal ``-`` is
searched at the speed of a scan for that character, where one that starts with a lookbehind (or an
alternation of two) is tried at every position (the boundary or a lookbehind for the letter in one
pattern made each token search three times slower). A match starts ``GLUED_OFFSET`` characters
before its token."""
GLUED_OFFSET = 2
_Token = tuple[str, re.Pattern[str], int]
"""(label, pattern, how many characters before its token each match starts)."""


def _token_searches(boundary: str, body: str, label: str) -> tuple[_Token, ...]:
    """How ``_TOKEN_FORMS``' format (``boundary``, ``body``) is searched: its token after
    ``boundary``, and, in a value holding a ``-``, its token glued to an option letter."""
    if not boundary:
        return ((label, re.compile(body), 0),)
    return (label, re.compile(boundary + body), 0), (label, re.compile(_GLUED + body), GLUED_OFFSET)


_TOKENS = tuple(
    (_token_searches(boundary, body, label), needles) for (label, boundary, body), needles in zip(_TOKEN_FORMS, _TOKEN_NEEDLES, strict=True)
)
"""Searched one by one, not as one alternation: an alternation of twenty tries every branch at
every position (three times slower on a long value); and each only when one of its needles is
there."""


_SQL_PASSWORD_PATTERNS: tuple[tuple[str, str], ...] = (
    ("a SQL statement with a password",  # MySQL/MariaDB; IDENTIFIED BY PASSWORD '*...' gives a hash
     r"\b(?i:identified)\s++(?:(?i:with)\s++[\w']++\s++)?(?i:by)\s++(?!(?i:password)\b)'(?P<secret>[^'\n]++)'"),
    ("a SQL statement with a password",  # PostgreSQL: CREATE|ALTER ROLE|USER ... [ENCRYPTED] PASSWORD '...'
     r"\b(?i:create|alter)\s++(?i:role|user)\b[^;'\n]{0,200}?\b(?i:password)\s++'(?P<secret>[^'\n]++)'"),
    ("a MongoDB user with a password",
     r"\b(?:createUser|updateUser)\s*+\([^)]{0,400}?\bpwd\s*+:\s*+[\"'](?P<secret>[^\"'\n]++)[\"']"),
    ("a SQL statement with a password",  # Oracle, MySQL: IDENTIFIED BY word or "word" right after the user's name
     r"\b(?i:(?:create|alter)\s++user(?:\s++if\s++not\s++exists)?+|to)\s++(?:[^\s;'\"`]|'[^'\n]*+'|\"[^\"\n]*+\"|`[^`\n]*+`)++"
     r"\s++(?i:identified)(?:\s++(?i:with)\s++[\w']++)?+\s++(?i:by)\s++(?!(?i:password|values|random)\b)"
     r"(?P<secret>\\?+\"[^\"\s\\]++\\?+\"|[^\s;'\"\\(),?]++)"
     r"(?=[ \t]*+(?:[;\r\n\\\"/]|\Z|(?i:default|quota|temporary|profile|password|account|using|container|require|with|identified)\b))"),
    ("a MongoDB login with a password",  # the mongo shell's db.auth("user", "..."), getSiblingDB("admin").auth(...)
     r"(?:\b\w*(?:db|DB)|\bget(?:Sibling)?+DB\([^()\n]{0,100}+\))\.auth\(\s*+"
     r"(?:[\"'][^\"'\n]*+[\"']\s*+,|\{[^)]{0,400}?\bpwd\s*+:)\s*+[\"'](?P<secret>[^\"'\n]++)[\"']"),
    ("a SQL statement with a password",  # SQL Server: CREATE|ALTER LOGIN|USER ... WITH PASSWORD = [N]'...'
     r"\b(?i:create|alter)\s++(?i:login|user)\s++[^;'\n]{1,200}?\b(?i:with)\s++(?i:password)\s*+=\s*+N?+'(?P<secret>[^'\n]++)'"),
    ("a SQL statement with a password",  # MySQL: SET PASSWORD [FOR u] = [PASSWORD(]'...', authentication_string = PASSWORD('...')
     r"\b(?:(?i:set)\s++(?i:password)(?:\s++(?i:for)\s++[^=;\n]{1,200}+)?+\s*+=\s*+(?:(?i:old_password|password)\s*+\(\s*+)?+"
     r"|(?i:authentication_string|password)\s*+=\s*+(?i:old_password|password)\s*+\(\s*+)'(?P<secret>[^'\n]++)'"),
)  # fmt: skip
"""Passwords set by a database statement: an init script in a ConfigMap, ``mysql -e "CREATE USER
... IDENTIFIED BY '...'"``, ``mongosh --eval 'db.createUser({..., pwd: "..."})'``."""
_SQL_PASSWORDS = compiled(_SQL_PASSWORD_PATTERNS)
_IDENTIFIED_BY = _SQL_PASSWORDS[0][1]
_IDENTIFIED_BY_WORD = _SQL_PASSWORDS[3][1]
"""Oracle's and MySQL's ``IDENTIFIED BY`` with a password that is a word or in double quotes
(``CREATE USER app IDENTIFIED BY tiger;``, ``IDENTIFIED BY "..."``, ``ALTER USER 'u'@'%' IDENTIFIED
WITH mysql_native_password BY "..."``, a database link's ``CONNECT TO app IDENTIFIED BY ...``): read
only right after ``CREATE USER``, ``ALTER USER`` or ``TO`` and one name, and only where the statement
goes on as one does (``;``, the line's end, a closing quote, ``DEFAULT``, ``QUOTA``, ``PROFILE``,
``USING``...), so prose (``users identified by email and ...``) is none; ``PASSWORD '*...'``,
``VALUES '...'`` (hashes) and ``RANDOM PASSWORD`` are no passwords written there."""
_SQL_VARIABLE = re.compile(r"[&:\[@]")
"""What starts a variable in a SQL script rather than a password: SQL*Plus's ``&pw``, ``&&pw``, ``&1``,
a bind variable ``:pw``, T-SQL's ``@pw``, a syntax's ``[password]``."""
_STATEMENT_READ = 256
"""How far before ``IDENTIFIED BY`` its statement's keywords are looked for: a bound that keeps
the look linear in the value, however many times ``IDENTIFIED BY`` is written in it (in a statement
that creates many users, an ``IDENTIFIED BY`` more than 256 characters after its ``CREATE USER`` is
not counted; the first ones are). A ``;`` between does not end the look: code may put the statement
together over two of its own statements (``$sql = "CREATE USER $u"; $sql .= " IDENTIFIED BY ..."``)."""
_SETS_A_PASSWORD = re.compile(r"\b(?i:(?:create|alter)\s++(?:user|role)|grant|set\s++role|connect\s++to)\b")
"""Keywords of a statement that ``IDENTIFIED BY`` sets a password in: ``CREATE USER``, ``ALTER
ROLE``, ``GRANT``, ``SET ROLE``, a database link's ``CONNECT TO``."""


def _sql_statement_password(value: str, match: re.Match[str]) -> bool:
    """Whether a match of ``_SQL_PASSWORDS`` sets a literal password: ``IDENTIFIED BY`` only after
    the keywords of a statement that sets one (prose names a thing "identified by 'name'")."""
    if match.re is _IDENTIFIED_BY_WORD:
        return _word_password(value, match)
    if not _sql_literal(match.group("secret")):
        return False
    if match.re is not _IDENTIFIED_BY:
        return True
    start = match.start()
    return _SETS_A_PASSWORD.search(value, max(0, start - _STATEMENT_READ), start) is not None


def _word_password(value: str, match: re.Match[str]) -> bool:
    """Whether a match of ``_IDENTIFIED_BY_WORD`` sets a literal password: not a SQL script's
    variable (``&1``, ``:pw``: ``_SQL_VARIABLE``), a reference or a placeholder; after ``TO`` only in
    a statement that sets one, ``GRANT ... TO`` or a database link's ``CONNECT TO``; none on a line
    that a comment starts (``-- ... to people identified by badge;``), looked for at most
    ``_STATEMENT_READ`` characters back."""
    secret = match.group("secret").strip('\\"')
    if not secret or _SQL_VARIABLE.match(secret) or not _sql_literal(secret):
        return False
    start = match.start()
    line = value.rfind("\n", max(0, start - _STATEMENT_READ), start) + 1 or max(0, start - _STATEMENT_READ)
    if value[line:start].lstrip().startswith(_COMMENT_STARTS):
        return False
    if match.group(0)[:2].lower() != "to":
        return True
    return _SETS_A_PASSWORD.search(value, max(0, start - _STATEMENT_READ), start + 2) is not None


_COMMENT_STARTS = ("--", "#", "//", "/*", "*", "REM ", "rem ")
"""What starts a comment line in a SQL script (SQL*Plus's ``REM`` too) or the script around it."""


_BASE64 = r"(?=[A-Za-z0-9+/=]{16})(?:[A-Za-z0-9+/]{4})++(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?+"
"""Base64 of at least 12 bytes, padded to a multiple of 4 characters: what a cipher writes."""
_CRYPT = (
    r"\$2[abxy]?+\$\d\d\$[./A-Za-z0-9]{53}"  # bcrypt
    r"|\$(?:1|apr1)\$[./A-Za-z0-9]{1,8}+\$[./A-Za-z0-9]{22}"  # MD5-crypt, Apache's
    r"|\$[56]\$(?:rounds=\d++\$)?+[./A-Za-z0-9]{1,16}+\$[./A-Za-z0-9]{43}(?:[./A-Za-z0-9]{43})?+"  # SHA-256/512-crypt
    r"|\$y\$[./A-Za-z0-9]++\$[./A-Za-z0-9]++\$[./A-Za-z0-9]{43}"  # yescrypt
    r"|\$argon2(?:id|i|d)\$v=\d++\$m=\d++,t=\d++,p=\d++\$[A-Za-z0-9+/]++\$[A-Za-z0-9+/]{16,}+"
    r"|\$pbkdf2(?:-sha(?:1|224|256|384|512))?+\$\d++\$[./A-Za-z0-9+]{8,}+\$"  # PHC PBKDF2 (passlib's, Authelia's)
    r"(?:[./A-Za-z0-9+]{86}|[./A-Za-z0-9+]{64}|[./A-Za-z0-9+]{43}|[./A-Za-z0-9+]{38}|[./A-Za-z0-9+]{27})"  # its digest's length
)
_COUCHDB_HASH = r"-pbkdf2(?::sha(?:1|224|256|384|512))?+-[0-9a-f]{40,128}+,[0-9a-f]{32},\d++|-hashed-[0-9a-f]{40},[0-9a-f]{32}"
"""CouchDB's hash of an ``[admins]`` password: ``-pbkdf2-``, ``-pbkdf2:sha256-`` (3.4 on) or ``-hashed-``, the
derived key in hex, its 32-hex salt, then the iterations (none for ``-hashed-``)."""
_VERIFIER = (
    rf"md5[0-9a-f]{{32}}|SCRAM-SHA-256\$\S++|\*[0-9A-F]{{40}}|{_CRYPT}"
    rf"|\{{(?i:sha)\}}[A-Za-z0-9+/]{{27}}=|\{{(?i:ssha|ssha256|sha256|ssha512|sha512|smd5|md5)\}}(?:{_BASE64}|[0-9a-fA-F]{{32,}}+)"
    rf"|\{{(?i:bcrypt|crypt)\}}(?:{_CRYPT})|\{{(?i:pbkdf2[\w\-]*+|argon2[\w\-]*+|scrypt)\}}[./A-Za-z0-9$=,+\-]{{32,}}+"
    r"|pbkdf2_sha(?:1|256)\$\d++\$[^\s$]++\$[A-Za-z0-9+/=]{24,}+|(?:argon2|bcrypt(?:_sha256)?+|scrypt)\$[./A-Za-z0-9$=,+\-]{32,}+"
    rf"|{_COUCHDB_HASH}"
)
PASSWORD_VERIFIER = re.compile(rf"^(?:{_VERIFIER})$")
"""A password verifier (a salted hash), not a password in plain text: PostgreSQL's (and PgBouncer's)
MD5 and SCRAM-SHA-256 forms, MySQL's ``*`` + SHA1, crypt(3)'s ``$2y$``/``$6$``/``$apr1$``/
``$argon2id$``..., the PHC form of PBKDF2 (passlib's and Authelia's ``$pbkdf2-sha512$310000$<salt>$<digest>``), LDAP's and Spring's ``{SSHA}``/``{bcrypt}``..., Django's ``pbkdf2_sha256$``,
CouchDB's ``-pbkdf2-<hex>,<salt>,<iterations>`` (``-pbkdf2:sha256-`` since 3.4) and older ``-hashed-``
(the verifier alone does not log in over SCRAM; MD5's does, but it is what PostgreSQL itself
stores). Spring's ``{noop}`` is a password in plain text. Each in its exact shape (a hash's
length, base64 of a digest): ``$6$Summer2024`` or ``{SSHA}MyPassword`` is no hash."""
_CFN_SUBSTITUTION = r"\$\{[A-Za-z][\w:.]*+\}"
"""A name ``Fn::Sub`` fills in: a parameter's or resource's (``${DBSecret}``), an attribute (``${DB.Endpoint.Address}``), a pseudo parameter (``${AWS::StackName}``)."""
CFN_FUNCTION_TAG = r"!(?:Ref|GetAtt|Sub|Join|If|Select|Split|FindInMap|ImportValue|Base64|Cidr|GetAZs|Transform)"
"""The YAML tag of a CloudFormation intrinsic function's short form (``!Sub``, ``!Join``, ``!If``...);
alone on its key's line, its arguments are the sequence below, no text the value runs onto."""
_CFN_DYNAMIC_REFERENCE = rf"\{{\{{resolve:(?:secretsmanager|ssm-secure|ssm):(?:[^{{}}\s$]|{_CFN_SUBSTITUTION})++\}}\}}"
"""CloudFormation's dynamic reference to a secret, resolved when the stack is deployed
(``{{resolve:secretsmanager:prod/db:SecretString:password}}``, ``{{resolve:ssm-secure:/prod/db/password:1}}``),
maybe with names ``Fn::Sub`` fills in (``{{resolve:secretsmanager:${DBSecret}:SecretString:password}}``)."""
_PLACEHOLDER_NAME = (
    r"(?:[_.]*+[A-Z]++(?:[_.]++(?:[A-Z]++|\d++))*+[_.]*+"  # DB_PASSWORD, PASSWORD_2, DB.PASSWORD
    r"|[_.]*+[a-z]++(?:[_.]++(?:[a-z]++|\d++))*+[_.]*+"  # db_password, db.password
    r"|[A-Za-z][a-z]*+(?:[A-Z][a-z]*+)++)"  # dbPassword, DbPassword
)
"""The name in a placeholder (``%DB_PASSWORD%``, ``%DbPassword%``, ``{db_password}``): words of one
case joined by ``_`` or ``.``, a word of digits among them (``PASSWORD_2``), or camelCase and
PascalCase words without digits. Digits glued to letters (``hunter2``, ``Passw0rd``), a dash
(``{hunter-example}``) or a single capitalised word (``{Secret}``) make a literal, not a name."""
_NOT_PLAIN_TEXT = re.compile(
    r"(?:"
    # a placeholder a deployment tool fills in, a name in its syntax
    r"#\{[^{}\n]++\}#?+"  # Azure DevOps replace tokens #{Name}#, Octopus #{Name}, Spring's SpEL #{...}
    r"|__[A-Za-z][\w.\-]*__"  # replace tokens __Name__
    r"|(@@?+)[A-Za-z][\w.\-]*+\1"  # @@NAME@@, Maven resource filtering's @db.password@
    rf"|%{_PLACEHOLDER_NAME}%|%%{_PLACEHOLDER_NAME}%%|%env\([\w.\-:]++\)%|%\{{[^{{}}\s]++\}}|%\([\w.\-]++\)s|%s"  # %NAME%, %%NAME%%, Symfony, %{env:X}, %(name)s
    r"|env\([A-Za-z_][\w.\-]*+\)"
    r"|\[\[[^\[\]\n]*+\]\]"  # Nomad's and Levant's [[ .X ]]
    r"|\[[a-z][A-Za-z]*+\([^\n]*\]"  # an ARM template expression: [parameters('adminPassword')]
    r"|\$\{\{[^{}]*+\}\}"  # GitHub Actions ${{ secrets.X }}
    r"|\$__(?:file|env|vault)\{[^{}]++\}"  # Grafana's $__file{/run/secrets/x}
    r"|\{(?:env|file|secret)[:.][\w.\-/]++\}"
    # one name in braces: {ES_PASSWORD}, str.format's {password}, {dbPassword}, {0}
    rf"|\{{(?:{_PLACEHOLDER_NAME}|\d{{1,2}}+)\}}"
    r"|\{\{\{[^{}]*+\}\}\}"  # Mustache's and Handlebars' unescaped {{{ x }}}
    r"|@\{[\w\-]++:[\w.\-]++\}"  # a Telegraf secret-store reference @{store:key}
    r"|ENC\[[^\s\[\],]++\]"  # a Datadog Agent secret handle ENC[k8s_secret@ns/name/key]
    r"|SECRET\[[A-Za-z_][\w\-]*+\.[^\s\[\]]++\]"  # a Vector secret SECRET[backend.key]
    r"|\(\((?:[\w.\-/]++:)?+[\w\-/]++(?:\.[\w\-/]++)*+\)\)"  # Concourse's and BOSH's ((name)), ((vault:path.field))
    # encrypted: decrypted with a key kept elsewhere
    r"|ENC\[[A-Z0-9_]++,data:[^\]]*+\]"  # SOPS
    r"|ENC\[(?:PKCS7|GPG|GKMS|KMS),[A-Za-z0-9+/=\s]++\]"  # hiera-eyaml's, also folded over lines
    rf"|ENC\({_BASE64}\)"  # Jasypt
    rf"|\{{cas-cipher\}}{_BASE64}"  # Apereo CAS's Jasypt: cas-server-support-configuration-security, the CAS shell's encrypt-value
    r"|\{cipher\}(?:\{[^{}\s]*+\})*+(?:[0-9a-fA-F]{32,}+|" + _BASE64 + ")"  # Spring Cloud Config
    rf"|!\[{_BASE64}\]"  # Mule secure properties
    rf"|vault:v\d++:{_BASE64}"  # Vault transit ciphertext
    r"|\{AQAAABAAAA[A-Za-z0-9+/]{40,}+={0,2}+\}"  # Jenkins' hudson.util.Secret: version 1, a 16-byte IV, then the data
    r"|AES(?:(?:[A-Za-z0-9+/]{64})*+(?:[A-Za-z0-9+/]{22}==|[A-Za-z0-9+/]{43}=)|(?:[A-Za-z0-9+/]{64})++)"  # pgpool-II's AES-256
    rf"|\{{(?:AES|AES256|3DES|aes)\}}{_BASE64}"  # WebLogic's {AES}/{AES256}/{3DES}, Liberty's {aes}
    rf"|\{{hash\}}{_BASE64}"  # Liberty's one-way hash of a user's password
    r"|MD5:[0-9A-Fa-f]{32}|CRYPT:(?:[./0-9A-Za-z]{13}|" + _CRYPT + ")"  # Jetty's hashed credentials
    r"|[0-9a-f]{16,}+\$\d++\$[0-9a-f]{32,}+"  # Tomcat's CredentialHandler: salt$iterations$digest in hex
    r"|(?:md5:[0-9a-f]{12}:[0-9a-f]{32}|sha1:[0-9a-f]{12}:[0-9a-f]{40}|sha256:[0-9a-f]{12}:[0-9a-f]{64}|sha512:[0-9a-f]{12}:[0-9a-f]{128})"  # Jupyter's passwd()
    r"|(?:!vault[ \t]*+[|>][+\-]?+\s*+)?+\$ANSIBLE_VAULT;\d\.\d;AES256(?:;[\w\-]++)?+(?:\s++[0-9a-f]++)++\s*+"  # Ansible Vault
    r"|!vault[ \t]*+[|>][+\-]?+"  # its YAML tag alone, on a config file's line
    r"|-----BEGIN AGE ENCRYPTED FILE-----[\s\S]*?-----END AGE ENCRYPTED FILE-----\s*+"
    r"|-----BEGIN PGP MESSAGE-----[\s\S]*?-----END PGP MESSAGE-----\s*+"
    r"|wc[BDF]MA[A-Za-z0-9+/]{300,}+={0,2}+"  # an OpenPGP message to an RSA key in base64 without armour: Renovate's encrypted
    r"|AQAAANCMnd8BFdERjHoAwE/Cl\+sBAAAA[A-Za-z0-9+/]{40,}+={0,2}+"  # a Windows DPAPI blob in base64: NuGet.Config's Password
    r"|01000000d08c9ddf0115d1118c7a00c04fc297eb01000000[0-9a-f]{60,}+"  # in hex: PowerShell's ConvertFrom-SecureString
    rf"|(?:[\w.\-@]++:)?+(?:{_VERIFIER})"  # a verifier, or an htpasswd line (user:$apr1$...)
    rf"|{_COUCHDB_HASH}"  # its "-pbkdf2:" would be read as an htpasswd line's user above
    # CloudFormation: a dynamic reference resolved when the stack is deployed, an intrinsic function's short form
    rf"|{_CFN_DYNAMIC_REFERENCE}"
    rf"|!Sub[ \t]++['\"]?+(?:{_CFN_DYNAMIC_REFERENCE}|{_CFN_SUBSTITUTION})++['\"]?+"  # a quote may be stripped already
    r"|!(?:Ref|ImportValue)[ \t]++[A-Za-z][\w:.\-]*+|!GetAtt[ \t]++[A-Za-z]\w*+(?:\.\w++)++"
    r"|!GetAtt[ \t]++\[[ \t]*+[A-Za-z]\w*+[ \t]*+,[ \t]*+[A-Za-z][\w.]*+[ \t]*+\]"
    rf"|{CFN_FUNCTION_TAG}"  # the tag alone: its arguments below
    r")"
)
"""A value that is not a secret in plain text although it is written in its place: a placeholder
a deployment tool substitutes (Azure DevOps, Octopus, Maven, Symfony, ARM templates, GitHub
Actions, Grafana, Mustache's ``{{{x}}}``, Telegraf's ``@{store:key}``, the Datadog Agent's secret
handle ``ENC[api_key]`` and Vector's ``SECRET[backend.key]``, read from a secret backend; Concourse's and BOSH's
``((registry-password))`` and ``((vault:ci/registry.password))``, a credential manager's variable
filled in when the pipeline runs (a quoted string in double parentheses, ``(("hunter2"))``, is code's
literal); a name in single braces,
``{ES_PASSWORD}``, as Python's ``str.format`` and .NET templates write it), a ciphertext (SOPS, Jasypt, Apereo CAS's ``{cas-cipher}`` of Jasypt's base64, Spring Cloud Config, Mule, Vault transit,
Jenkins' ``{AQAAABAAAA...}`` as JCasC exports and ``credentials.xml`` keep a secret, decrypted with the controller's key, Ansible
Vault, age, PGP, also an OpenPGP message to an RSA key in base64 without its armour, as Renovate's ``encrypted``
block keeps a host rule's token (``wcFMA...``, a public-key packet to a 4096-bit key, ``wcBMA...`` 2048, ``wcDMA...`` 3072,
then 300+ base64 characters: the RSA-encrypted session key alone is longer), a Windows DPAPI blob (its
version, provider GUID and master key version, then 40+ base64 characters, as NuGet keeps a source's ``Password`` in
``NuGet.Config``, ``AQAAANCMnd8BFdERjHoAwE/Cl+sBAAAA...``, or in hex, as PowerShell's ``ConvertFrom-SecureString`` writes one,
``01000000d08c9ddf...``: only that user on that machine decrypts it), pgpool-II's ``AES`` then the base64 of whole AES blocks, as ``pg_enc`` writes
``sr_check_password`` and the other passwords of ``pgpool.conf``: 16, 32, 48... bytes, WebLogic's
``{AES256}``/``{AES}``/``{3DES}`` of ``boot.properties`` and ``config.xml``, decrypted with the domain's
``SerializedSystemIni.dat``, Open Liberty's ``{aes}`` of ``securityUtility encode``) or a password verifier
(Liberty's ``{hash}``, Jetty's ``MD5:``/``CRYPT:``, Tomcat's ``salt$iterations$digest`` in hex, Jupyter's
``sha1:<12-hex salt>:<hex digest>`` as ``passwd()`` writes ``c.NotebookApp.password``). Liberty's
``{xor}`` and Jetty's ``OBF:`` are only obfuscated, reversible by anyone: plain text (a value masked out: ``is_masked``). Dummy words
(``changeme``, ``REPLACE_ME``, ``[REDACTED]``) are not here: deployed as they are, they become the
password everyone knows."""


_SQL_WORDS = ("IDENTIFIED", "identified", "PASSWORD", "password", "pwd", ".auth(")
"""A keyword of ``_SQL_PASSWORDS``, in upper or lower case: a cheap scan before the patterns."""


def _sql_literal(secret: str) -> bool:
    """Whether the password of a database statement is a literal: no placeholder, no verifier."""
    return not is_placeholder(secret) and not PASSWORD_VERIFIER.match(secret)


_SPACE_THEN_ROLE = re.compile(r"\s++(?:role|user)")
"""What follows ``create`` or ``alter`` in a lower-cased PostgreSQL statement ``_SQL_PASSWORDS`` reads."""


_SPACE_THEN_LOGIN = re.compile(r"\s++(?:login|user)")
"""What follows ``create`` or ``alter`` in a lower-cased SQL Server statement ``_SQL_PASSWORDS`` reads."""
_SPACE_THEN_PASSWORD = re.compile(r"\s++password")
"""What follows ``set`` in a lower-cased MySQL ``SET PASSWORD`` statement ``_SQL_PASSWORDS`` reads."""
_CALLED = re.compile(r"\s*+\(")
"""What follows ``password`` in a lower-cased MySQL ``= PASSWORD('...')`` ``_SQL_PASSWORDS`` reads."""


def _word_then(lowered: str, words: tuple[str, ...], after: re.Pattern[str]) -> bool:
    """Whether lower-cased text holds one of ``words`` with ``after`` matching right after it. One
    look per occurrence of a word, each found by a literal scan (``after`` reads the blanks there only)."""
    for word in words:
        at = lowered.find(word)
        while at >= 0:
            at += len(word)
            if after.match(lowered, at) is not None:
                return True
            at = lowered.find(word, at)
    return False


def _creates_or_alters_a_role(lowered: str) -> bool:
    """Whether lower-cased text holds ``create`` or ``alter``, blanks, then ``role`` or ``user``: what
    each match of the PostgreSQL pattern of ``_SQL_PASSWORDS`` holds (``CREATE TABLE`` does not). One
    look per occurrence of the word, each found by a literal scan."""
    return _word_then(lowered, ("create", "alter"), _SPACE_THEN_ROLE)


def _sets_a_password(lowered: str) -> bool:
    """Whether lower-cased text holds ``set``, blanks, then ``password``, or ``password``, blanks, then
    ``(``: what each match of the MySQL ``SET PASSWORD`` pattern of ``_SQL_PASSWORDS`` holds (``set -eu``
    and ``PGPASSWORD=`` do not)."""
    return _word_then(lowered, ("set",), _SPACE_THEN_PASSWORD) or _word_then(lowered, ("password",), _CALLED)


_SQL_SCREENS: tuple[Callable[[str, str | None], bool], ...] = (
    lambda value, lowered: lowered is None or "identified" in lowered,
    lambda value, lowered: lowered is None or ("password" in lowered and _creates_or_alters_a_role(lowered)),
    lambda value, lowered: ("createUser" in value or "updateUser" in value) and "pwd" in value,
    lambda value, lowered: lowered is None or "identified" in lowered,
    lambda value, lowered: ".auth(" in value,
    lambda value, lowered: lowered is None or ("password" in lowered and _word_then(lowered, ("create", "alter"), _SPACE_THEN_LOGIN)),
    lambda value, lowered: lowered is None or ("password" in lowered and _sets_a_password(lowered)),
)
"""For each pattern of ``_SQL_PASSWORDS``, an exact screen: what every match of it holds, tested
before the pattern runs over the value (each scan cost about as much as the three of them on a
script that names a password and no statement). ``lowered``: the value lower-cased, None when it is
not ASCII (``(?i:...)`` also matches ``İ``, ``ı``, ``ſ`` and the Kelvin sign: the pattern is run)."""


def _names_identified(value: str) -> bool:
    """Whether ``value`` may hold ``IDENTIFIED BY`` with no quote in it (``_IDENTIFIED_BY_WORD``:
    ``CREATE USER app IDENTIFIED BY tiger;``): ``dentified`` in lower or upper case, a literal scan."""
    return "dentified" in value or "DENTIFIED" in value


def _sql_password(value: str) -> str | None:
    """The kind of database statement in ``value`` that sets a literal password, or None. Only
    looked at when a keyword is there (``_SQL_WORDS``), each pattern when its screen lets it
    (``_SQL_SCREENS``)."""
    if not any(word in value for word in _SQL_WORDS):
        return None
    lowered = value.lower() if value.isascii() else None
    for (label, pattern), screen in zip(_SQL_PASSWORDS, _SQL_SCREENS, strict=True):
        if not screen(value, lowered):
            continue
        for match in pattern.finditer(value):
            if _sql_statement_password(value, match):
                return label
    return None


def is_placeholder(secret: str) -> bool:
    """Whether the secret part of a DSN, a connection string or an option's value is not one in
    plain text: a reference, a template, a placeholder (``<password>``, ``#{DbPassword}#``), a
    ciphertext, masked out (``xxx``, ``XXXX-XXXX``: ``is_masked``) or an interpolation reading the
    environment (``{os.environ["DB_PASSWORD"]}``: ``_interpolates_environment``). A
    percent-encoded password (``%21S3cret``) is one."""
    secret = secret.strip("'\"")
    return (
        bool(_REFERENCE.match(secret))
        or secret.startswith(("$(", "${", "{{", "<"))
        or (secret[:1] == "$" and _FILE_PATH.match(secret) is not None)
        or is_masked(secret)
        or masked_after_prefix(secret)
        or not_plain_text(secret)
        or names_the_secret_only(secret)
        or _interpolates_environment(secret)
    )


def _interpolates_environment(secret: str) -> bool:
    """Whether ``secret`` is a string interpolation of code that reads an environment variable, with
    no literal default: Python's f-string ``f'postgresql://app:{os.environ["DB_PASSWORD"]}@db/app'``
    (also ``{os.getenv("X")}``, ``{os.environ.get("X")}``), C#'s ``{Environment.GetEnvironmentVariable("X")}``
    (``ENV_LOOKUP``). A default (``{os.getenv("X", "...")}``) is judged as written."""
    if len(secret) < 3 or secret[0] != "{" or secret[-1] != "}":
        return False
    code = secret[1:-1].strip()
    return ENV_LOOKUP.fullmatch(code) is not None and not is_literal_setting(code)


_MASK = re.compile(r"[\-_. ]*+(?:[*xX][\-_. *xX]*+|0(?:[\-_. ]*+0)*+[\-_. ]*+)")


_MASKED_AFTER_PREFIX = re.compile(r"(?:[A-Za-z][A-Za-z0-9]{0,11}[\-_.]){1,3}[xX*][xX*\-_.]{3,}+|A(?:KIA|SIA)[xX*]{16}")
"""A token's format written with its body masked out: a vendor's prefix, words of letters and digits
each ended by ``-``, ``_`` or ``.`` (up to three), then ``x``, ``X`` or ``*`` at least four times,
maybe in groups (``sk-proj-xxxxxxxx``, ``ghp_xxxxxxxx...``, ``xoxb-xxxx-xxxx``, ``sk_live_****``), or
an AWS access key id's prefix then 16 of them (``AKIAXXXXXXXXXXXXXXXX``): what a sample ``.env``
writes where its reader pastes a key (Supabase's ``OPENAI_API_KEY=sk-proj-xxxxxxxx``). A body with
another letter or a digit (``sk-proj-xxxx1xxx``) is judged as written."""


def masked_after_prefix(text: str) -> bool:
    """Whether ``text`` is a token's prefix then a mask (``_MASKED_AFTER_PREFIX``)."""
    return len(text) <= 128 and _MASKED_AFTER_PREFIX.fullmatch(text) is not None


def is_masked(text: str) -> bool:
    """Whether ``text`` is masked out, a placeholder: ``x`` in either case, ``*`` or ``0`` repeated,
    maybe in groups apart by ``-``, ``_``, ``.`` or blanks (``XXXXX``, ``xXxX``, ``00000000``,
    ``XXXX-XXXX-XXXX-XXXX``), ``x`` and ``*`` also together (``x*x*``), at any length
    (``postgres://app:x@db``). Punctuation alone (``********``, ``######``) is no literal by
    ``_REFERENCE``. A run of another letter or digit (``aaaaaaaa``, ``11111111``) may be a weak
    password really used, as ``changeme`` may: it is a literal. Read where a value is written in a
    file or on a command line (``_literal``) and in a DSN (``is_placeholder``); an env value or a
    ConfigMap key is judged as written, by its name (Polaris' ``AWS_SECRET_ACCESS_KEY: xxxxx``).
    Also rclone's mask, ``*** ENCRYPTED ***``, what it shows for a remote's password
    (``_TOOL_MASKS``)."""
    return _MASK.fullmatch(text) is not None or text in _TOOL_MASKS


_TOOL_MASKS = frozenset({"*** ENCRYPTED ***"})
"""What a tool writes in place of a secret it hides, as written: rclone's ``*** ENCRYPTED ***``
for a remote's ``pass``, ``password`` or ``client_secret`` (``rclone config`` showing a remote)."""


_BRACKETED_NAME = re.compile(r"\[(?:[A-Z_][A-Z_ .\-]*+|[a-z_][a-z_ .\-]*+|[A-Z][a-z]*+(?:[ _.\-]?+[A-Z][a-z]*+)*+)\]")
SECRET_WORD = re.compile(r"(?i:pass|pwd|secret|token|key)")
"""A documentation placeholder in square brackets that names the secret to fill in, in one case or
in title case, without digits: ``[PASSWORD]``, ``[your api key]``, ``[YourPassword]``
(``postgres://app:[PASSWORD]@db/app``), as ``<PASSWORD>`` in angle brackets. A word that names no
secret (``[REDACTED]``, ``[hidden]``) is a dummy password like ``changeme``; ``[Passw0rd]`` and
``[MyPass!]`` are literals."""


def not_plain_text(text: str) -> bool:
    """Whether ``text`` (stripped) is written where a secret goes but holds none: a deployment
    tool's placeholder, a ciphertext or a password verifier (``_NOT_PLAIN_TEXT``), or a bracketed
    placeholder naming the secret (``[PASSWORD]``)."""
    if text[:1] == "[" and len(text) <= 64 and _BRACKETED_NAME.fullmatch(text) and SECRET_WORD.search(text):
        return True
    if _NOT_PLAIN_TEXT.fullmatch(text) is not None:
        return True
    if text[:2] == "%{" and _whole_expansion(text):
        return True
    return text[:1] == "{" and len(text) <= 66 and _BRACED_NAME_WITH_DIGITS.fullmatch(text) is not None and name_is_sensitive(text[1:-1])


_EXPANSION_MARK = re.compile(r"[{}\n\r]")


def expansion_end(text: str, start: int, stop: int) -> int:
    """Where the ``%{...}`` expansion at ``start`` in ``text`` ends (just after the ``}`` that
    balances its ``{``, whatever blanks and expansions it holds: FreeRADIUS's ``%{sql:SELECT ...
    WHERE UserName = '%{User-Name}'}``), read up to ``stop`` on its line, or -1 when it stays open
    there or holds nothing. Read once, from ``start``: thousands of ``%{`` left open stay linear."""
    if text[start : start + 2] != "%{":
        return -1
    depth = 0
    for mark in _EXPANSION_MARK.finditer(text, start + 1, stop):
        if mark.group() == "{":
            depth += 1
        elif mark.group() == "}":
            depth -= 1
            if depth == 0:
                end = mark.end()
                return end if text[start + 2 : end - 1].strip(" \t") else -1
        else:
            return -1  # a line's end: an expansion is on one line
    return -1


def _whole_expansion(text: str) -> bool:
    """Whether ``text`` is one ``%{...}`` expansion (``expansion_end``), its first ``{`` closed by its
    last ``}`` (Logstash's ``%{[field]}``, FreeRADIUS's ``%{sql:...}``): a reference, filled in when
    it is read; ``%{a} x %{b}`` or one left open is none."""
    return text[-1:] == "}" and expansion_end(text, 0, len(text)) == len(text)


_BRACED_NAME_WITH_DIGITS = re.compile(r"\{[A-Z][A-Z0-9]*+(?:_[A-Z0-9]++)++\}")
"""A template's name in braces in upper snake case with digits in its words (``{DB2_PASSWORD}``,
``{NEO4J_PASSWORD}``, ``{S3_SECRET_KEY}``), a letter first and words joined by ``_``: a placeholder
when the name is sensitive (``not_plain_text``), as ``{ES_PASSWORD}`` is (``_PLACEHOLDER_NAME``
takes no digit glued to letters); ``{PASSWORD1}``, ``{HUNTER2}``, ``{abc123}`` and ``{X2_HOST}``
stay literals."""


_WORDS_ONLY = re.compile(r"[A-Za-z]++(?:[ _.\-][A-Za-z]++)*+")
"""Letters in words apart by one blank, ``_``, ``.`` or ``-``: no digit, no symbol."""
_WORD = re.compile(r"[A-Z]++(?![a-z])|[A-Z]?+[a-z]++")
"""A word of a camelCase or PascalCase run (``YourApiKey``: ``Your``, ``Api``, ``Key``; ``InfluxDB``: ``Influx``, ``DB``)."""
_FILL_IN_WORDS = frozenset("your here insert replace enter put change set".split())
"""The words of a placeholder telling its reader to fill it in (``YOUR_SECRET_ACCESS_KEY``,
``api_key_here``, ``REPLACE_WITH_YOUR_PASSWORD``). Not ``my``: ``my-secret``, ``my_password``
and ``my-secret-key`` are the dummy secrets deployed as they are, everyone's."""
_DIRECTING_WORDS = frozenset("your insert replace enter put".split())
"""Of those, the ones no password is made of: beside them a placeholder may name the product too
(``YOUR_GITHUB_TOKEN``, ``enter-your-openai-api-key``)."""
_JOINING_WORDS = frozenset("with the a an to own this".split())
CREDENTIAL_WORDS = frozenset(
    "password passwd passphrase pass pwd pw secret token key api apikey access credential credentials creds auth "
    "client private bearer oauth signing id".split()
)
_TITLED_KEY = re.compile(r"(?:[A-Z][a-z]*+[A-Z][A-Za-z]*+ ){1,2}+(?:Token|Key)")
"""A product's name, a word with two capitals or more, then ``Token`` or ``Key``: Telegraf's
sample ``token = "InfluxDB Token"``, ``GitHub Token``, ``API Key``. A token or a key is generated,
never such words; ``Next Token`` or ``Secret Key`` is judged as written."""


_YOUR_SECRET = re.compile(r"(?i:your)[_\-]?+[A-Za-z]++(?:[_\-][A-Za-z]++)*+")
"""``your`` and words of letters, ``your`` maybe glued to them (``your-password``, ``YOUR_API_TOKEN``,
``yourpassword``): with a secret's name among them (``SECRET_WORD``), a usage message's placeholder
(``names_the_secret_only`` with ``glued``)."""


def names_the_secret_only(text: str, glued: bool = False) -> bool:
    """Whether ``text`` (stripped) only names the secret to fill in, a documentation placeholder
    that no service takes as it is: words of letters only (``_WORDS_ONLY``), at least one naming a
    credential (``CREDENTIAL_WORDS``) and one telling the reader to fill it in (``_FILL_IN_WORDS``:
    ``YOUR_SECRET_ACCESS_KEY``, ``your-api-key-here``, ``REPLACE_WITH_YOUR_PASSWORD``, ``token_here``;
    glued in camelCase only beside a directing word, ``_DIRECTING_WORDS``: ``YourPassword``, while
    ``SetPassword`` is a weak password), the rest joining words (``with``, ``the``) or, beside a
    directing word, up to two others (``YOUR_GITHUB_TOKEN``); or a product's name then ``Token`` or
    ``Key`` (``_TITLED_KEY``). A digit (``your_password1``), a word alone (``secret``, ``changeme``),
    a dummy word that names no credential (``CHANGE_ME``, ``REPLACE_ME``), ``my-secret`` or one word
    glued (``yourpassword``) is judged as written: deployed, a dummy password is the one everyone knows.
    ``glued``: for a usage message, which shows the user how to set the secret and sets nothing (the
    echo of ``commands._shows_how_to_set``), also ``your`` then words of letters, one of them naming a
    secret, ``your`` maybe glued to them and the words not counted (``_YOUR_SECRET``: ``yourpassword``,
    ``YOURAPITOKEN``, ``your-db-password``)."""
    if glued and _YOUR_SECRET.fullmatch(text) is not None and SECRET_WORD.search(text, 4) is not None:
        return True
    if len(text) > 64 or not _WORDS_ONLY.fullmatch(text):
        return False
    if " " in text and _TITLED_KEY.fullmatch(text):
        return True
    words = [word.lower() for word in _WORD.findall(text)]
    if len(words) > 8 or not any(word in CREDENTIAL_WORDS for word in words):
        return False
    others = [word for word in words if word not in CREDENTIAL_WORDS and word not in _JOINING_WORDS]
    if not others:
        return False
    directed = any(word in _DIRECTING_WORDS for word in others)
    if all(word in _FILL_IN_WORDS for word in others):
        return directed or not text.isalpha()
    return directed and sum(word not in _FILL_IN_WORDS for word in others) <= 2


def credential_kind(value: str, settings_apart: bool = False, *, in_code: bool = False) -> str | None:
    """What kind of credential ``value`` looks like, or None. Never returns the value itself.
    ``settings_apart``: the caller reads ``name=value`` lines as settings itself, so a libpq
    ``password=`` alone on its line is none (``_libpq_line``). ``in_code``: with ``settings_apart``,
    ``value`` is the text of a key named as source code with the ``=`` of code set apart
    (``code_set_apart``), whose libpq strings are read in literals (``_libpq_code_password``).
    Judged once per short text while ``texts_judged_once``."""
    memo = _judged.get()
    if memo is None or len(value) > JUDGED_TEXT:
        return _credential_kind(value, settings_apart, in_code)
    return memo.answer(_credential_kind, value, settings_apart, in_code)


def _credential_kind(value: str, settings_apart: bool, in_code: bool) -> str | None:
    """``credential_kind``, judged."""
    if "@" in value:
        found = _first_real([(label, pattern, 0) for label, pattern, screen in _DSN_SCREENED if screen.search(value)], value)
        if found:
            return found
    if "=" in value:
        if _may_hold_connection_password(value):
            for match in _CONNECTION_STRING.finditer(value):
                if _password_literal(value, match):
                    return _connection_label(value, match.start(), match.end())
            if any(_password_literal(value, match) for _, match in _continued_connection_passwords(value)):
                return CONNECTION_STRING
        for match in _ACCESS_KEY_SETTING.finditer(value) if _may_hold_access_key(value) else ():
            if not is_placeholder(match.group("secret")):
                return "a connection string with an access key"
        if "sig=" in value and "sv=" in value:
            for match in _SAS_SIGNATURE.finditer(value):
                if not is_placeholder(match.group("secret")):
                    return "a shared access signature"
        if (libpq := _libpq_found(value, _libpq_reader(settings_apart, in_code))) is not None:
            return _connection_label(value, libpq.start(), libpq.end())
        if _OPTION_LIST_MARK.search(value) and any(_password_literal(value, match) for match in _OPTION_LIST_PASSWORD.finditer(value)):
            return OPTION_LIST
        if "LoginModule" in value and _jaas_password(value):
            return "a JAAS login configuration with a password"
    if ("'" in value or '"' in value or _names_identified(value)) and (sql := _sql_password(value)) is not None:
        return sql
    if len(value) >= 16:
        found = _first_real(_tokens_held(value), value)
        if found is None and BASE64_PEM_START in value and _base64_private_key(value):
            return "a PEM private key (base64-encoded)"
        return found
    return None


_DNS_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-.")
_DNS_TEXT = re.compile(r"[a-z0-9.\-]*+")
DNS_NEEDLES: tuple[str, ...] = tuple(
    dict.fromkeys(needle for needles in _TOKEN_NEEDLES for needle in needles if set(needle) <= _DNS_CHARACTERS)
)
"""The needles of ``_TOKEN_NEEDLES`` written with DNS-1123 characters only (``glpat-``, ``xox``,
``sk-``, ``hvs.``, ``ya29.``...): derived, so a new token format is screened as soon as it is added."""


def plain_dns_text(text: str) -> bool:
    """Whether ``text`` surely holds no credential (``credential_kind`` is None), found cheaply: text
    of lowercase letters, digits, ``-`` and ``.`` (an object's name as Kubernetes accepts it) holds
    no ``@``, ``=`` or quote, so only a token format could match, and only one with a needle of those
    characters (``DNS_NEEDLES``); a hex string of any length matches none. False says nothing."""
    if _DNS_TEXT.fullmatch(text) is None:
        return False
    if len(text) < 16:  # every token format is longer
        return True
    for needle in DNS_NEEDLES:
        if needle in text:
            return False
    return True


def password_setting_kind(value: str) -> str | None:
    """What ``credential_kind`` calls a ``value`` in which it finds nothing with ``settings_apart``:
    a libpq ``password=`` alone on its line, a setting for a caller that reads them (the kind it
    reports when it finds no setting there), or None. Only the libpq pattern is searched again: it
    is all that ``settings_apart`` leaves out. A ``password=`` on a comment line (``#`` or ``;``
    first: my.cnf's ``; password=...``, a commented-out setting) is none."""
    found = password_setting_found(value)
    return found[0] if found is not None else None


def password_setting_found(value: str) -> tuple[str, int] | None:
    """``password_setting_kind``'s kind and where it starts in ``value``, or None."""
    if "password" in value and (libpq := _libpq_found(value, _libpq_uncommented_literal)) is not None:
        return _connection_label(value, libpq.start(), libpq.end()), libpq.start()
    return None


_COMMENT_MARK_BEFORE = re.compile(r"[ \t]*+[#;][ \t#;]*+")
"""What is before a setting on a comment line: blanks, then ``#`` or ``;`` (INI's, my.cnf's), maybe more."""


def _libpq_uncommented_literal(value: str, match: re.Match[str]) -> bool:
    """``_libpq_literal`` of a ``password=`` that is not the setting of a comment line: only a
    comment's mark and blanks before it on its line (``; password=...``)."""
    start = match.start()
    line_start = _line_start(value, start)
    return _COMMENT_MARK_BEFORE.fullmatch(value, line_start, start) is None and _libpq_literal(value, match)


CREDENTIALS_COUNTED = 1000
"""Credentials ``credential_kinds`` finds in one value at most: past them, more are not counted."""


def credential_kinds(value: str, limit: int = CREDENTIALS_COUNTED, settings_apart: bool = False, *, in_code: bool = False) -> list[str]:
    """The kind of each credential in ``value`` (``credential_kind``'s labels), in the order they
    are written, at most ``limit``: two DSNs on one line are two credentials. Matches of several
    patterns that overlap (a JWT after ``Bearer``, a token as a URL's password) are one credential,
    the earliest (the first pattern's at the same place). Never returns a value. ``settings_apart``
    and ``in_code``: as for ``credential_kind``. Judged once per short text while ``texts_judged_once``."""
    memo = _judged.get()
    if memo is None or len(value) > JUDGED_TEXT:
        return _kinds_apart(_credential_matches(value, limit, settings_apart, in_code), limit)
    return list(memo.answer(_kept_kinds, value, limit, settings_apart, in_code))


def _kept_kinds(value: str, limit: int, settings_apart: bool, in_code: bool) -> tuple[str, ...]:
    """``credential_kinds`` as kept (``texts_judged_once``): a tuple, so no caller changes what is kept."""
    return tuple(_kinds_apart(_credential_matches(value, limit, settings_apart, in_code), limit))


JUDGED_TEXT = 256
"""Characters of the longest text whose judgement ``texts_judged_once`` keeps: a setting, a word."""
JUDGED_TEXTS = 4096
"""Judgements ``texts_judged_once`` keeps at most (of texts up to ``JUDGED_TEXT``: about 1 MiB at most)."""


class BoundedMemo:
    """The answers of judges that depend on their arguments alone (the same arguments, the same
    answer), each (judge, arguments) judged once: ``answer(judge, *arguments)``. The first ``most``
    answers are kept, and after them only the last few (``RECENT_ANSWERS``, then forgotten at once):
    however long the text that asks, the memory stays bounded. Made for one review or one text and dropped with it,
    never module-wide (the arguments may be secrets). It serves ``texts_judged_once``, a script's
    files written (``commands._files_written``) and a text's settings (``config_files._Blocks``)."""

    __slots__ = ("answers", "most", "recent")

    def __init__(self, most: int) -> None:
        self.answers: dict[tuple[Callable[..., object], tuple[Hashable, ...]], object] = {}
        self.most = most
        self.recent: dict[tuple[Callable[..., object], tuple[Hashable, ...]], object] = {}

    def answer(self, judge: Callable[..., _Answer], *arguments: Hashable) -> _Answer:
        """``judge(*arguments)``, judged the first time these are asked, kept while there is room;
        once full, the last ones (up to ``RECENT_ANSWERS``, then forgotten at once) kept too: the
        readings of one text that follow each other (a command's word judged as a setting, then as
        a message's) share its judgement when a text of many lines, all different, filled the memo."""
        key = (judge, arguments)
        answers = self.answers
        if (kept := answers.get(key, _UNASKED)) is not _UNASKED:
            return cast(_Answer, kept)  # (what this judge answered: kept by it)
        recent = self.recent
        if len(answers) >= self.most and (kept := recent.get(key, _UNASKED)) is not _UNASKED:
            return cast(_Answer, kept)
        answer = judge(*arguments)
        if len(answers) < self.most:
            answers[key] = answer
        else:
            if len(recent) >= RECENT_ANSWERS:
                recent.clear()
            recent[key] = answer
        return answer


RECENT_ANSWERS = 64
"""The answers a full ``BoundedMemo`` keeps of the last ones asked (then forgets them all at once)."""


_UNASKED = object()
"""What ``BoundedMemo`` holds for a question not kept (an answer may be None)."""


_judged: ContextVar[BoundedMemo | None] = ContextVar("judged_texts", default=None)
"""The judgements kept (``texts_judged_once``), None outside one: a context variable, so a review
in another thread or task never reads this one's; never module-wide (the texts may be secrets)."""


@contextmanager
def texts_judged_once() -> Iterator[BoundedMemo]:
    """While in it, each short text (up to ``JUDGED_TEXT``) is judged once by ``credential_kinds``,
    ``credential_kind``, ``literal_secret`` and ``shell_literal``, its judgement kept (``JUDGED_TEXTS``
    at most) and dropped at the end: an argument holding several words judges the same setting in
    each of its readings (the credentials it holds, its commands, its settings), each ``a=1;
    password=...`` once per reading; a ConfigMap entry (``configmap._entry_violations``) each line of
    a here-document ``cat`` copies to the terminal as a command's word, then as a message's, each
    ``password=a`` line alike once. Nested: the outer one's judgements serve."""
    outer = _judged.get()
    if outer is not None:
        yield outer
        return
    memo = BoundedMemo(JUDGED_TEXTS)
    token = _judged.set(memo)
    try:
        yield memo
    finally:
        _judged.reset(token)


def judged_texts() -> BoundedMemo | None:
    """The judgements kept (``texts_judged_once``), None outside one."""
    return _judged.get()


def credential_start(value: str, kind: str, settings_apart: bool = False, *, in_code: bool = False) -> int | None:
    """Where in ``value`` the first credential of ``kind`` (a ``credential_kind`` label) starts, else
    the first credential of any kind, or None when ``credential_kinds`` finds none: the line a
    finding names. Never returns a value. ``settings_apart`` and ``in_code``: as for ``credential_kind``."""
    found = sorted(_credential_matches(value, 1, settings_apart, in_code))
    return next((start for start, _, _, label in found if label == kind), found[0][0] if found else None)


def _credential_matches(value: str, limit: int, settings_apart: bool, in_code: bool) -> list[_Match]:
    """The matches ``credential_kinds`` reads its labels from, at most ``limit`` of each pattern."""
    found: list[_Match] = []
    rank = 0  # the pattern's place in the order of all patterns: the first one wins at the same place
    if "@" in value:
        for label, pattern, screen in _DSN_SCREENED:
            if screen.search(value):
                _add_matches(found, value, limit, rank, label, pattern)
            rank += 1
    if "=" in value:
        rank = _add_connection_strings(found, value, limit, rank, _libpq_reader(settings_apart, in_code))
    rank += 1
    if ("'" in value or '"' in value or _names_identified(value)) and any(word in value for word in _SQL_WORDS):
        for label, pattern in _SQL_PASSWORDS:
            _add_matches(found, value, limit, rank, label, pattern, password=_sql_statement_password)
            rank += 1
    if len(value) >= 16:
        _add_tokens(found, value, limit, rank)
    return found


_Match = tuple[int, int, int, str]
"""(start, rank of the pattern, end, label) of a credential ``credential_kinds`` found."""


def _add_matches(
    found: list[_Match], value: str, limit: int, rank: int, label: str, pattern: re.Pattern[str],
    literal: Callable[[str], bool] | None = None, password: Callable[[str, re.Match[str]], bool] | None = None, offset: int = 0,
) -> None:  # fmt: skip
    """Adds each match whose secret part is a literal (by ``literal``; by default, no placeholder;
    a connection string's password, by ``password`` of the value and the match), at most ``limit``; as starting
    ``offset`` characters after the match (a token glued to an option letter starts after it)."""
    real = 0
    for match in pattern.finditer(value):
        secret = match.group("secret") if "secret" in pattern.groupindex else None
        if password is not None:
            real_one = password(value, match)
        elif secret is None:
            real_one = not masked_after_prefix(match.group()[offset:])  # ghp_xxxx...: a token's format masked out
        else:
            real_one = literal(secret) if literal else not is_placeholder(secret)
        if real_one:
            found.append((match.start() + offset, rank, match.end(), label))
            real += 1
            if real >= limit:
                return


def _add_connection_strings(found: list[_Match], value: str, limit: int, rank: int, libpq_password: _PasswordReader) -> int:
    """Adds the connection strings with a password or an access key (a libpq one's password judged
    by ``libpq_password``), shared access signatures and JAAS configurations with a password (each
    a pattern ranked after ``rank``); returns the last rank."""
    rank += 1
    before, before_rank = len(found), rank
    if _may_hold_connection_password(value):
        _add_matches(found, value, limit, rank, CONNECTION_STRING, _CONNECTION_STRING, password=_password_literal)
    rank += 1
    _add_matches(found, value, limit, rank, "a connection string with an access key", _ACCESS_KEY_SETTING)
    rank += 1
    if "sig=" in value and "sv=" in value:
        _add_matches(found, value, limit, rank, "a shared access signature", _SAS_SIGNATURE)
    rank += 1
    if "host=" in value or "dbname=" in value or "user=" in value:
        _add_matches(found, value, limit, rank, CONNECTION_STRING, _LIBPQ, password=libpq_password)
    named = [index for index in range(before, len(found)) if found[index][3] == CONNECTION_STRING]
    spans = [(found[index][0], found[index][2]) for index in named]
    for index, label in zip(named, _connection_labels(value, spans)):  # a Password= entry or a libpq password: by its line's target
        start, its_rank, end, _ = found[index]
        found[index] = (start, its_rank, end, label)
    if _may_hold_connection_password(value):  # ;Password= continuing the lines above: a connection string's by its head
        continued = [match for _, match in _continued_connection_passwords(value) if _password_literal(value, match)]
        found += [(match.start(), before_rank, match.end(), CONNECTION_STRING) for match in continued[:limit]]
    rank += 1
    if "LoginModule" in value:
        for start, end in _jaas_entries_with_password(value):
            found.append((start, rank, end, "a JAAS login configuration with a password"))
    rank += 1
    if _OPTION_LIST_MARK.search(value):
        _add_matches(found, value, limit, rank, OPTION_LIST, _OPTION_LIST_PASSWORD, password=_password_literal)
    return rank


def _add_tokens(found: list[_Match], value: str, limit: int, rank: int) -> None:
    """Adds the tokens (``_TOKENS``, ranked from ``rank`` on) and the base64-encoded PEM private keys
    (ranked last)."""
    dash = "-" in value
    for searches, needles in _TOKENS:
        if _holds_one(value, needles):
            for label, pattern, offset in searches:
                if dash or not offset:
                    _add_matches(found, value, limit, rank, label, pattern, offset=offset)
        rank += 1
    if BASE64_PEM_START in value:
        for match in _BASE64_PEM.finditer(value):
            if _base64_pem_private_key(match.group()):
                found.append((match.start(), rank, match.end(), "a PEM private key (base64-encoded)"))


def _kinds_apart(found: list[_Match], limit: int) -> list[str]:
    """The labels of the matches in the order they are written, at most ``limit``: of matches that
    overlap, the earliest (the first pattern's at the same place)."""
    kinds: list[str] = []
    end = 0
    for start, _, stop, label in sorted(found):
        if start < end:
            continue  # part of the credential before it
        kinds.append(label)
        end = max(stop, start + 1)
        if len(kinds) >= limit:
            break
    return kinds


def ordinal(number: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``11th``...: a credential's rank among those of its kind."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


BASE64_PEM_START = "LS0tLS1CRUdJTi"
"""``-----BEGIN`` in base64: a PEM block encoded once more, as a kubeconfig's ``client-key-data``
or a value copied from a Secret's ``data`` holds it."""
_BASE64_PEM = re.compile(BASE64_PEM_START + r"[A-Za-z0-9+/]{0,86}+")
_PEM_PRIVATE_KEY = re.compile(r"^-{5}BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY-{5}")


def _base64_private_key(value: str) -> bool:
    """Whether base64 in ``value`` starts a PEM private key: only the first line's worth is
    decoded, enough for its ``-----BEGIN ... PRIVATE KEY-----`` header (a certificate, a CA bundle
    or a public key encoded the same way is not a secret)."""
    return any(_base64_pem_private_key(match.group()) for match in _BASE64_PEM.finditer(value))


def _base64_pem_private_key(run: str) -> bool:
    """Whether a run of base64 that starts with ``-----BEGIN`` encoded decodes to a private key's header."""
    try:
        header = base64.b64decode(run[: len(run) - len(run) % 4]).decode("ascii")
    except (binascii.Error, ValueError):
        return False
    return _PEM_PRIVATE_KEY.match(header) is not None


def _tokens_held(value: str) -> list[_Token]:
    """The token searches (``_TOKENS``) one of whose needles ``value`` holds, in order, those of a
    token glued to an option letter only when ``value`` holds a ``-``: one loop, where a call of
    ``_holds_one`` per pattern cost more than the twenty-odd scans."""
    held: list[_Token] = []
    dash = "-" in value
    for searches, needles in _TOKENS:
        for needle in needles:
            if needle in value:
                held += searches if dash else searches[:1]
                break
    return held


def _holds_one(value: str, needles: tuple[str, ...]) -> bool:
    """Whether ``value`` holds one of ``needles`` (a pattern's literals, ``_TOKEN_NEEDLES``)."""
    for needle in needles:
        if needle in value:
            return True
    return False


def _first_real(patterns: Sequence[_Token], value: str) -> str | None:
    """The label of the earliest match (the first pattern's at the same place) whose secret part is
    not a placeholder such as ``$(VAR)``; a match of (label, pattern, offset) starts ``offset``
    characters after where the pattern matched."""
    found: tuple[int, str] | None = None
    for label, pattern, offset in patterns:
        for match in pattern.finditer(value):
            secret = match.group("secret") if "secret" in pattern.groupindex else None
            if (not masked_after_prefix(match.group()[offset:])) if secret is None else not is_placeholder(secret):
                if found is None or match.start() + offset < found[0]:
                    found = (match.start() + offset, label)
                break
    return found[1] if found is not None else None


def scalar_text(value: Any) -> str | None:
    """A scalar value as a string, or None when there is nothing to judge (not a scalar, or blank).
    Credential patterns are looked for in every such text."""
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
        return None
    text = value if isinstance(value, str) else str(value)
    return text if text and not text.isspace() else None


def _names_a_secret_in_kebab_case(name: str) -> bool:
    """Whether a property's name in kebab case names a secret after its first word (``db-password``,
    ``client-secret``), or ends with ``key`` and names one whole (``api-key``)."""
    rest = name[name.find("-") + 1 :]
    return name_is_sensitive(rest) or (rest.rpartition("-")[2] == "key" and name_is_sensitive(name))


_PICKETBOX_VAULT = re.compile(r"\$\{VAULT::[\w.\-]++::[\w.\-]++::[\w.\-+/=]*+\}")
"""A WildFly/JBoss EAP PicketBox vault expression, ``${VAULT::vault_block::attribute_name::1}``: it names
a secret in the vault keystore, no default (the shared key after the last ``::``, a number or base64, is no password)."""


def _placeholder_default(text: str) -> str | None:
    """The default of a placeholder that has one (``${DB_PASSWORD:default}``), through nested
    placeholders (``${A:${B:default}}``); "" when that default is empty, an error message
    (``${A:?required}``), a shell expansion (``${A:-$(cat /run/secrets/a)}``), a shell substring
    (``${TOKEN:0:8}``) or not a plain value (``${A:}${B}``, ``${A:{{ .x }}}``), and for a PicketBox vault
    expression (``${VAULT::ds::password::1}``: ``_PICKETBOX_VAULT``). None when ``text``
    is not such a placeholder. A Spring property in kebab case naming a secret (``${db-password}``:
    ``_KEBAB_PROPERTY``) has none: "" too."""
    if _KEBAB_PROPERTY.fullmatch(text) is not None and _names_a_secret_in_kebab_case(text[2:-1]):
        return ""
    if text[:9] == "${VAULT::" and _PICKETBOX_VAULT.fullmatch(text) is not None:
        return ""
    start, end = 0, len(text)
    while end > start and text[end - 1] == "}" and (head := _DEFAULTED_PLACEHOLDER.match(text, start, end - 1)):
        start, end = head.end(), end - 1  # by position: linear however deep the nesting
        if head.group("name") in LOOKUP_PREFIXES:
            at = text.find(":-", start, end)
            if at < 0:
                return ""
            start = at + 2
    if start == 0:
        return None
    default = text[start:end].strip()
    if default[:1] in ("?", "+", "$") or "{" in default or "}" in default or _SHELL_SUBSTRING.match(default):
        return ""
    return default


def has_literal_default(text: str) -> bool:
    """Whether ``text`` is a placeholder whose default is a literal (``${DB_PASSWORD:hunter2}``),
    not empty, a reference, a path or a harmless word (``${DB_PASSWORD:}``, ``${A:${B}}``)."""
    default = _placeholder_default(text.strip())
    return default is not None and default != "" and not names_something_else(default)


UNSET_WORDS = frozenset({"none", "null", "nil", "empty", "unset", "not set"})
"""Words that, in parentheses, say a setting has no value: Flink's configuration reference lists
each option's default as ``(none)`` (``security.ssl.keystore-password: (none)``, ``kubernetes.secrets:
(none)``), copied so into a config file."""


def _unset_in_parentheses(text: str) -> bool:
    """Whether ``text`` is one of ``UNSET_WORDS`` in parentheses (``(none)``, ``(null)``, ``(empty)``),
    any case: no value. Any other word there (``(hunter2)``) is judged as written."""
    return text[:1] == "(" and text[-1:] == ")" and text[1:-1].strip().lower() in UNSET_WORDS


def names_something_else(text: str) -> bool:
    """Whether a text under a sensitive name refers to the secret rather than holding it: a
    reference, also after an HTTP authentication scheme's name (``Bearer $(API_TOKEN)``:
    ``scheme_then_reference``), a file path, a template or placeholder (``{{ .Values.x }}``,
    ``<Client Secret>``) or a harmless word, also one in parentheses saying there is none
    (``(none)``: ``_unset_in_parentheses``), also in quotes kept in the value (``'${db-password}'``
    as ``${db-password}``). Only for name-based judgements: a credential pattern
    found in the text (``//host/:_authToken=npm_...``) is reported whatever this says."""
    stripped = text.strip()
    if stripped[:1] in ("'", '"') and stripped[1:3] == "${" and stripped[-1] == stripped[0]:
        stripped = stripped[1:-1]  # '${db-password}': the quotes around a whole reference kept in the value
    if not stripped[0].isalnum():
        if stripped[:2] == "${" and (default := _placeholder_default(stripped)) is not None:
            return not default or names_something_else(default)
        return bool(
            _REFERENCE.match(stripped)
            or _FILE_PATH.match(stripped)
            or _SECRET_MANAGER_REFERENCE.match(stripped)
            or _PLACEHOLDER.match(stripped)
            or _unset_in_parentheses(stripped)
            or not_plain_text(stripped)
        )
    if len(stripped) <= 8 and stripped.lower() in HARMLESS_VALUES or stripped in DOCUMENTED_PLACEHOLDERS:
        return True
    if names_the_secret_only(stripped):
        return True
    if stripped[:3] in _SECRET_MANAGER_STARTS and _SECRET_MANAGER_REFERENCE.match(stripped):
        return True
    if scheme_then_reference(stripped):  # Bearer $(API_TOKEN): the scheme's name and a reference
        return True
    return not_plain_text(stripped)


def _literal(value: Any) -> str | None:
    """The value as a string when it is a literal worth judging under a sensitive name (not empty,
    a reference, a path, a harmless word or masked out)."""
    text = scalar_text(value)
    if text is None or names_something_else(text):
        return None
    stripped = text.strip()
    return None if is_masked(stripped) or masked_after_prefix(stripped) else text


def shell_literal(value: str) -> str | None:
    """``_shell_literal``, judged once per short value while ``texts_judged_once``: a word of a
    message a command prints (``NAME=value``) is judged as its literal, then for whether it shows
    how to set NAME (``commands._shows_how_to_set``)."""
    memo = _judged.get()
    if memo is None or len(value) > JUDGED_TEXT:
        return _shell_literal(value)
    return memo.answer(_shell_literal, value)


def _shell_literal(value: str) -> str | None:
    """Like ``_literal``, for a value in command or args or a config file: ``$(...)`` and ``${...}``
    are expansions there, but a placeholder's literal default (``${DB_PASSWORD:-hunter2}``) is a
    literal; ``$VAR`` is judged like an env value (``$3cr3t`` and ``$ecret!`` are literals); a command
    substitution in backquotes (`` `cat /run/secrets/pw` ``: a command with arguments or
    variables) is what the command prints, while JavaScript's `` `hunter2` `` is a string, also with
    a comment after it (`` `hunter2` // note``). Text glued after a placeholder whose default is a
    literal (``${PW:-hunter2}x``, ``${pw-hunter2}x``: ``_default_then_literal``) is a literal too."""
    value = value.strip("\"'")
    if value[:2] in ("$(", "${"):
        return value if has_literal_default(value) or (value[1] == "{" and _default_then_literal(value)) else None
    if value[:1] == "`" and _backquoted_command(value):
        return None
    if passes_expansions_only(value) or scheme_then_expansion(value) or md5_then_expansion(value):
        return None
    return _literal(value)


def passes_expansions_only(value: str) -> bool:
    """Whether ``value`` (its quotes removed) only passes expansions to options or a SQL clause
    (``_PASSED_REFERENCE``: ``-p$DB_PASSWORD``, ``--password=${PW}``): no literal is written there."""
    return value[:1] in "-IiPpEe" and _PASSED_REFERENCE.fullmatch(value) is not None


_EXPANSION = r"""(?:\$\{[A-Za-z_]\w*+\}|\$[A-Za-z_]\w*+(?![!#%^&*?~])|\$\((?:[^()]|\([^()]*+\))*+\)|`(?:[^`\\]|\\.)*+`)"""
"""A variable (``$PW``, ``${PW}``; not ``${PW:-x}``, whose default is written there) or a command
substitution (``$(cat FILE)``, backquotes): what the shell puts in its place is no literal."""
_PASSED_REFERENCE = re.compile(
    r"""[ \t]*+(?:(?:--[A-Za-z][\w.\-]*+(?:=|[ \t]++)|-[a-z]{0,16}(?:pass|pwd|token|secret|key|auth)[a-z_\-]{0,16}(?:=|[ \t]++)"""
    r"""|-[A-Za-z]=?+[ \t]*+|(?i:IDENTIFIED[ \t]++BY|(?:ENCRYPTED[ \t]++)?+PASSWORD)[ \t]++(?=['"]))"""
    rf"""(?:['"]?+{_EXPANSION})++['"]?+[ \t]*+)++"""
)
"""A value that only passes expansions to options or a SQL clause (``PASSWORD_ARG="-p$DB_PASSWORD"``,
``PASSWORD_OPT="--password=${PW}"``, ``-password '${PW}'``, ``pass="PASSWORD '$PW'"``,
``IDENTIFIED BY '$PW'``): the secret is the expansion's, none is written. A single-dash word
passes one only when it names a secret (``-phunter2 $PW`` is mysql's password and more), a
letter only as the option (``-phunter2$PW`` stays a literal); ``${PW:-hunter2}`` is no expansion here."""

_MD5_THEN_EXPANSION = re.compile(rf"md5{_EXPANSION}")
"""PostgreSQL's MD5 password verifier as a script puts it together: ``md5`` then one expansion, a
command or a variable giving the hash (``"md5$(printf '%s%s' "$PW" "$USER" | md5sum | cut -d' ' -f1)"``,
``md5${HASH}``, as PgBouncer's ``userlist.txt`` is written): a hash of a password, none is written."""


_EXPANSION_AT = re.compile(_EXPANSION)


def md5_then_expansion(value: str) -> bool:
    """Whether ``value`` (its quotes removed) is ``md5`` then one expansion alone (``_MD5_THEN_EXPANSION``),
    or ``md5`` then a command substitution the value does not close (a setting's reader ends a quoted
    value at a quote inside it, ``"md5$(... | cut -d " " -f1)"``): what it prints is not written there.
    ``md5hunter2`` or ``md5${HASH}x`` is judged as before."""
    if value[:4] not in ("md5$", "md5`"):
        return False
    return _MD5_THEN_EXPANSION.fullmatch(value) is not None or (value[3:5] == "$(" and _EXPANSION_AT.match(value, 3) is None)


AUTH_SCHEMES = frozenset({"bearer", "basic", "digest", "mac", "negotiate"})
"""HTTP authentication schemes' names (``Authorization: Bearer ...``), any case."""
_SCHEMES_BEFORE_A_REFERENCE = AUTH_SCHEMES | {"token"}
"""The schemes' names before a reference: also ``token``, GitHub's and Django REST framework's
(``Authorization: token $GITHUB_TOKEN``), which as a setting's whole value is no scheme's name
(``token: token`` is a dummy token: ``AUTH_SCHEMES``)."""
_SCHEME_THEN = r"[ \t]*+(?i:Authorization:[ \t]*+)?+([A-Za-z]++)[ \t]++"
_SCHEME_THEN_EXPANSION = re.compile(rf"""{_SCHEME_THEN}{_EXPANSION}[ \t]*+""")
"""An HTTP authentication scheme's name and one expansion after it, with an ``Authorization:``
header's name before them or not: ``Bearer $TOKEN``, ``Authorization: Basic ${CREDS}``."""
_SCHEME_THEN_REFERENCE = re.compile(
    rf"""{_SCHEME_THEN}(?:\$\([A-Za-z_][\w.]*+\)|\$\{{[A-Za-z_]\w*+\}}|\$[A-Za-z_]\w*+(?![!#%^&*?~]))[ \t]*+"""
)
"""The same before one reference as an env value holds it (``_REFERENCE``): Kubernetes' ``$(NAME)``,
which the kubelet expands from another env var (``$$(NAME)`` is the text ``$(NAME)``, no
reference), or ``${NAME}`` / ``$NAME`` left for the process to expand; ``$(cat FILE)`` is text there."""


def _scheme_then(pattern: re.Pattern[str], value: str) -> bool:
    match = pattern.fullmatch(value) if "$" in value or "`" in value else None
    return match is not None and scheme_before_a_reference(match.group(1))


def scheme_before_a_reference(word: str) -> bool:
    """Whether a word is the name of an HTTP authentication scheme written before a reference
    (``_SCHEMES_BEFORE_A_REFERENCE``, any case: ``Bearer``, ``token``): what is left of ``Bearer
    $TOKEN`` without its reference, which says how the credential is sent, not what it is."""
    return word.lower() in _SCHEMES_BEFORE_A_REFERENCE


def scheme_then_expansion(value: str) -> bool:
    """Whether ``value`` (its quotes removed) is an HTTP authentication scheme's name
    (``_SCHEMES_BEFORE_A_REFERENCE``) and an expansion alone (``_SCHEME_THEN_EXPANSION``:
    ``TOKEN="Bearer $T"``, ``"Basic $(cat FILE)"``, ``"token $T"``): the credential is the
    expansion's, the scheme's name says how it is sent. ``Bearer ${T:-x}`` (a default), ``Bearer $T
    x`` and ``Key $T`` (no scheme's name) are judged as written."""
    return _scheme_then(_SCHEME_THEN_EXPANSION, value)


def scheme_then_reference(value: str) -> bool:
    """Whether an env value (or a ConfigMap entry's) is an HTTP authentication scheme's name and one
    reference alone (``_SCHEME_THEN_REFERENCE``: ``Bearer $(API_TOKEN)``, ``Authorization: Basic
    $(B64)``, ``Token ${T}``): it writes no credential, as ``$(API_TOKEN)`` alone writes none."""
    return _scheme_then(_SCHEME_THEN_REFERENCE, value)


_GLUED_REFERENCE = re.compile(
    r"\$\{[A-Za-z_]\w*+(?::?+[-=?](?:\$\{[A-Za-z_]\w*+\}|\$[A-Za-z_]\w*+)?+)?+\}|\$[A-Za-z_]\w*+(?![!#%^&*?~])|\$[0-9](?![\w$])"
    rf"|{_KEBAB_PROPERTY.pattern}"
)
"""A reference in a shell word, as ``glued_literal_parts`` removes it: ``$NAME``, ``${NAME}``, ``$1``, and
``${NAME:-}``, ``${NAME-$OTHER}``, ``${NAME:=${OTHER}}``, ``${NAME:?}``, whose default is empty or a reference.
Also a property in kebab case (``${db-password}``, ``${db-user}``: ``_KEBAB_PROPERTY``), which the shell
reads as ``$db`` or a word: the text glued after it (``${db-password}hunter2``) is a literal whichever
way it is read, as a config file's setting reads it (``_reference_then_literal``).
``$ecret!`` and ``$3cr3t`` are no references (``_REFERENCE``)."""
_GLUE = " \t:;,=@-_+"
"""The blanks and separators that join a literal part of a shell word to a reference (``${PW}_x``)."""


def glued_literal_parts(word: str) -> list[str]:
    """The literal parts of a shell word (quotes removed, ``"$PREFIX"x`` as ``${PREFIX}x``) that glues
    references to literal text (``${DB_PASSWORD}hunter2``, ``${T:-}abc123``), each without the
    separators joining it to them, to be judged as a value alone; none when the word is no such
    mix, holds another expansion (a command, ``${T:0:8}``, ``${T:-x}``: what it gives is not
    written there) or a line break (a quoted value over lines: each line is judged on its own), or for a part that says where or whose the secret is: a path or a file's name
    after a reference (``$DIR/pw``, ``${NAME}.key``), a user's name before ``:`` or ``@`` and a
    reference (``app:$PW``)."""
    if "$" not in word or "`" in word or passes_expansions_only(word) or md5_then_expansion(word):  # -p$PW: an option passing one
        return []
    parts = _GLUED_REFERENCE.split(word)
    if len(parts) == 1 or any("$" in part or "\n" in part for part in parts):
        return []
    literal: list[str] = []
    last = len(parts) - 1
    for index, part in enumerate(parts):
        if index and part[:1] in ("/", "."):
            continue
        if index < last and part[-1:] in (":", "@") and ":" not in part[:-1] and "@" not in part[:-1]:
            continue
        if text := part.strip(_GLUE):
            literal.append(text)
    return literal


def reads_shell_references(word: str) -> bool:
    """Whether every reference in a shell word (quotes removed) is one the shell reads there, as
    ``glued_literal_parts`` removes them (``_GLUED_REFERENCE``: ``${DB_PASSWORD}x``,
    ``${db-password}/x``), and there is one: not ``${a.b}x`` (a property), ``${T:0:8}`` nor a command."""
    if "$" not in word or "`" in word:
        return False
    parts = _GLUED_REFERENCE.split(word)
    return len(parts) > 1 and not any("$" in part for part in parts)


def _backquoted_command(value: str) -> bool:
    """Whether a value that opens with a backquote runs a command with arguments or variables: a
    blank or ``$`` in it, or only inside its backquotes when a comment alone follows them
    (`` `hunter2` // note`` is a string and a comment)."""
    closing = value.find("`", 1)
    if closing > 0 and _COMMENT_AFTER_BACKQUOTES.fullmatch(value, closing + 1) is not None:
        value = value[:closing]
    return " " in value or "$" in value


_COMMENT_AFTER_BACKQUOTES = re.compile(r"[ \t]++(?:#|//).*+", re.DOTALL)


_TRAILING_COMMENT = re.compile(r"(?<![ \t])[ \t]++(?:#|;|//).*+$")
"""A comment after a value and a blank (`` # from the pod``, INI's `` ; ...``, `` // ...``). Tried
from the first of a run of blanks only (from any other the run ends at the same character): linear
(``${PW:-}x``, 64 KiB of blanks and ``x``, was read from each blank to the run's end)."""


def setting_literal(value: str) -> str | None:
    """Like ``shell_literal``, for a config file's setting: a value that starts with a ``${NAME}``
    or ``${a.b}`` reference and goes on with literal text (``${DB_PASSWORD}hunter2``) is judged
    whole, as an env value is, and as the same literal before the reference is
    (``hunter2${DB_PASSWORD}``); so is one that starts with a placeholder's literal default and goes
    on (``${pw-hunter2}x``: ``_default_then_literal``), and one whose references glue literal text to
    them as a shell word's do (``${PW:-}hunter2``, ``${PW-$B}hunter2``: ``_glued_literal``). A quoted
    value ends at its closing quote: what follows it and a blank (``"${PW}" ./app``) is not part of it."""
    unquoted = _unquoted(value)
    if unquoted[:2] == "${" and (_reference_then_literal(unquoted) or _default_then_literal(unquoted) or _glued_literal(unquoted)):
        return unquoted
    return shell_literal(value)


def _glued_literal(value: str) -> bool:
    """Whether a value that starts with a reference glues literal text to its references, up to a
    comment after a blank, as a shell word does (``glued_literal_parts``): a placeholder whose
    default is empty or another reference (``${PW:-}hunter2``, ``${PW:-$B}hunter2``, ``${PW:?}x``)
    is no reference ``_reference_then_literal`` reads, yet what follows it is written there. A path
    or a file's name after one (``${PW:-}/pw``, ``${DIR:-}.key``), a user before ``:`` and
    references with separators only (``${A:-}_${B}``) give no literal part."""
    return any(shell_literal(part) is not None for part in glued_literal_parts(_TRAILING_COMMENT.sub("", value)))


def _default_then_literal(value: str) -> bool:
    """Whether a value that starts with a placeholder whose default is a literal (``${pw-hunter2}``,
    ``${DB_PASSWORD:-hunter2}``: ``has_literal_default``) goes on with text after it, up to a comment
    after a blank (``${pw-hunter2}x``): the default is written there, and so is the text after it. A
    nested placeholder (``${A:-${B}}``) and text with another reference or a command after it
    (``${db-user}:${db-password}``) are not read here. Text after a PicketBox vault expression
    (``${VAULT::ds::password::1}x``) is written there too."""
    value = _TRAILING_COMMENT.sub("", value)
    end = value.find("}")
    rest = value[end + 1 :].strip()
    if end < 0 or "${" in value[2:end] or not rest or "$" in rest or "`" in rest:
        return False
    return has_literal_default(value[: end + 1]) or _PICKETBOX_VAULT.fullmatch(value, 0, end + 1) is not None


_QUOTED_VALUE = re.compile(r"""^[ \t]*+(?:"(?P<double>(?:[^"\\]|\\.)*+)"|'(?P<single>[^']*+)')(?=[ \t]|$)""")
"""A value in double or single quotes, closed before a blank or the end of the value."""


def _unquoted(value: str) -> str:
    """A value's text: inside its quotes when they close before a blank (``"${PW}" ./app`` gives
    ``${PW}``), else without the quotes at either end."""
    quoted = _QUOTED_VALUE.match(value)
    if quoted is None:
        return value.strip("\"'")
    double = quoted.group("double")
    return quoted.group("single") if double is None else double


def _reference_then_literal(value: str) -> bool:
    """Whether a value that starts with ``${NAME}``, ``${a.b}`` or a kebab-case property naming a secret
    (``${db-password}``: ``_SETTING_REFERENCE``) holds literal text besides its references
    (``_REFERENCE``'s ``${...}`` and ``$NAME`` forms, and those) and punctuation, up to a comment
    after a blank. After that first reference any kebab-case ``${...}`` is read as a property too
    (``${db-password}-${db-user}hunter2``: the text after both is a literal whichever way
    ``${db-user}`` is read, and ``${db-password}-${db-user}`` alone is no literal: ``_literal``);
    so is a first one naming no secret when more references follow it (``${db-user}-${db-password}x``:
    text after references is a literal whatever the first is), while alone (``${db-host}x``) it is
    the shell's default and the text after it (``_default_then_literal``). A
    command (``$(...)``, backquotes) or another expansion (``${{ ... }}``, ``${B:-x}``,
    ``${file("x")}``) anywhere in it is not judged: what it gives is not written there."""
    value = _TRAILING_COMMENT.sub("", value)
    first = _SETTING_REFERENCE.match(value)
    if first is None or "$(" in value or "`" in value:
        return False
    rest = value[first.end() :]
    if _removed_reference(first) != "" and _SETTING_REFERENCE.search(rest) is None:
        return False  # ${db-host}x: alone, the shell's default and more
    return "${" not in _SETTING_REFERENCE.sub("", rest) and _literal(value) is not None


_SETTING_REFERENCE = re.compile(rf"{_BRACED}|{_KEBAB_PROPERTY.pattern}")
"""What ``_reference_then_literal`` reads as a reference: ``${NAME}``, ``${a.b}``, or a property in
kebab case (``${db-password}``), a reference at a value's start only when it names a secret
(``_removed_reference``)."""


def _removed_reference(match: re.Match[str]) -> str:
    """A ``_SETTING_REFERENCE`` match removed (""), or kept when it is a kebab-case ``${...}`` that
    names no secret, the shell's default (``${pw-hunter2}``)."""
    text = match.group()
    if "-" in text and "." not in text and not _names_a_secret_in_kebab_case(text[2:-1]):
        return text
    return ""


_DEFAULTING_CALL = r"(?:env|getenv|ENV\.fetch|os\.getenv|(?:os\.)?+environ\.get)"
"""Lookups whose second argument is the default used when the variable is unset; ``getenv`` alone is
Python's too (``from os import getenv``), ``environ.get`` too (``from os import environ``): PHP's
second argument (``getenv('X', true)``, local only) is a word, never judged a literal."""
_PLAIN_CALL = (
    r"(?:System\.getenv|os\.Getenv|(?:System\.)?+Environment\.GetEnvironmentVariable"
    r"|(?:std::)?+env::var(?:_os)?+|(?:(?:std|core)::)?+(?:option_)?+env!|Deno\.env\.get)"
)
"""Lookups whose other arguments give no value: .NET's
``Environment.GetEnvironmentVariable("X", EnvironmentVariableTarget.Machine)`` (where to read),
Rust's ``env!("X", "message")`` (the compile error's message)."""
LOOKUP_CALL = rf"(?:{_DEFAULTING_CALL}|{_PLAIN_CALL})[ \t]*+\("
LOOKUP_NAME = r"[ \t]*+(?:\"[\w.\-]++\"|'[\w.\-]++')[ \t]*+"
"""The variable a lookup names, quoted (``"DB_PASSWORD"``), blanks around it."""
ENV_LOOKUP = re.compile(
    _DEFAULTING_CALL + r"[ \t]*+\(" + LOOKUP_NAME + r"(?:,(?P<default>(?:[^()]|\([^()]*+\))*+))?+\)"
    r"|" + _PLAIN_CALL + r"[ \t]*+\(" + LOOKUP_NAME + r"(?:,[^()]*+)?+\)"
    r"|(?:\$_ENV|\$_SERVER|ENV|os\.environ|process\.env)\[" + LOOKUP_NAME + r"\]"
    r"|process\.env\.[A-Za-z_]\w*+"
    r"|(?P<perl>\$ENV\{[ \t]*+(?:[A-Za-z_]\w*+|\"[\w.\-]++\"|'[\w.\-]++')[ \t]*+\})"
)
"""Code that reads an environment variable, with an optional default (shared by the config file
reader and ``credential_kind``): PHP ``env('X', 'default')``
(Laravel), ``getenv('X')``, ``$_ENV['X']``, ``$_SERVER['X']``; Ruby ``ENV['X']``,
``ENV.fetch('X', 'default')``, a default maybe a call itself (``getenv('X', getenv('Y'))``, one level
of parentheses in it); Python ``os.getenv('X')``, ``os.environ['X']``; JavaScript
``process.env.X``, ``process.env['X']``; Deno's ``Deno.env.get("X")``; Java's ``System.getenv("X")``,
Go's ``os.Getenv("X")``, .NET's ``Environment.GetEnvironmentVariable("X")``; Rust's
``std::env::var("X")``, ``env::var_os("X")`` and ``env!("X")`` (read when the program is built: the
config names the variable all the same); Perl's ``$ENV{X}``, ``$ENV{'X'}``."""
_STRING = r"\"(?:[^\"\\\r\n]|\\.)*+\"|'(?:[^'\\\r\n]|\\.)*+'"


def _nested(inner: str, depth: int) -> str:
    """Parenthesized arguments holding ``inner`` (alternatives, none starting with a parenthesis)
    and parentheses nested up to ``depth`` levels: bounded, and each alternative starts with
    characters no other starts with, so the match is linear."""
    arguments = rf"\((?:{inner})*+\)"
    for _ in range(depth):
        arguments = rf"\((?:{inner}|{arguments})*+\)"
    return arguments


_MESSAGE_METHODS = r"(?:expect|context|with_context|ok_or|ok_or_else|map_err|wrap_err|wrap_err_with)"
"""Rust's methods whose arguments say why the program fails when the variable is unset (a message,
an error: ``.expect("...")``, ``.context("...")?``, ``.with_context(|| format!("..."))?``,
``.map_err(|e| e.to_string())?``, ``.ok_or("...")?``), never a value for it."""
_FALLBACK_METHODS = r"(?:unwrap_or|unwrap_or_else|or|or_else)(?!\w)"
"""Rust's methods whose argument is the value used when the variable is unset: a literal in it is a
fallback in plain text (``.unwrap_or("...".to_string())``, ``.unwrap_or_else(|_| "...".into())``);
arguments with no text give none (``.unwrap_or_else(|_| String::new())``, ``.unwrap_or("")``)."""
_DIVERGING_FALLBACK = (
    r"\([ \t]*+(?:move[ \t]++)?+\|[^|()\"'\r\n]*+\|[ \t]*+(?:\{[ \t]*+)?+(?:(?:std|core)::)?+"
    r"(?:panic|unreachable|todo|unimplemented)![ \t]*+" + _nested(r"[^()\"'\r\n]|" + _STRING, 2)
    + r"[ \t]*+(?:;[ \t]*+)?+(?:\}[ \t]*+)?+\)"
)
"""A fallback method's closure that never returns: Rust's ``.unwrap_or_else(|_| panic!("..."))``,
``unreachable!()``, ``todo!(...)``, ``unimplemented!(...)``, in braces or not: the program stops
when the variable is unset, the macro's message is no value for it, whatever its length."""
_METHOD_CHAIN = re.compile(
    r"(?:\??\.(?:" + _MESSAGE_METHODS + r"[ \t]*+" + _nested(r"[^()\"'\r\n]|" + _STRING, 3)
    + r"|" + _FALLBACK_METHODS + r"[ \t]*+(?:" + _DIVERGING_FALLBACK + r"|" + _nested(r"[^()\"'\r\n]|\"\"|''", 3) + r")"
    + r"|(?!" + _MESSAGE_METHODS + r"(?!\w)|" + _FALLBACK_METHODS + r")[A-Za-z_]\w*+(?:\((?:[^()'\"]|'[^'\r\n]{0,8}'|\"[^\"\r\n]{0,8}\")*+\))?+)"
    r"|\?(?![?:.]))*+"
)  # fmt: skip
"""Methods called on what a lookup read (``process.env.X.trim()``, ``os.getenv('X').strip()``,
``process.env.X?.split(',')``, Rust's ``env::var("X").unwrap()`` and its ``?``): the value still
comes from the environment. Literal arguments are short (a separator, a character to strip): a
longer one may be text added to it; but a message method's (``_MESSAGE_METHODS``) say why the
program stops, whatever their length; a fallback method's (``_FALLBACK_METHODS``) none, but for a
closure that never returns (``_DIVERGING_FALLBACK``): a literal there ends the chain, the value is
judged as written."""
_FALLBACK_OPERATOR = re.compile(r"[ \t]*+(?:\|\||\?\?|\?:|or(?!\w))[ \t]*+")
"""What follows a lookup to give a fallback for an unset or empty variable: ``||`` and ``??``
(JavaScript), ``?:`` (PHP), ``or`` (Python, Ruby)."""
_NOTHING_MORE = re.compile(r"[ \t]*+(?:(?:#|//)[^\r\n]*+)?+$")
"""The end of a value, or a comment there (``# from the pod``: Python, Ruby, PHP; ``//``)."""
_PERL_FALLBACK_OPERATOR = re.compile(r"[ \t]*+(?://|\|\||or(?!\w))[ \t]*+")
"""The same after Perl's ``$ENV{X}``: ``//`` is its defined-or (``$ENV{X} // 'default'``), not a
comment (Perl's start with ``#``)."""
_DIES = re.compile(r"(?:die|croak|confess)(?!\w)")
"""What follows Perl's fallback operator when the program stops with no value (``$ENV{X} // die
"X is not set"``): its message is no value."""
_PERL_UNDEF = re.compile(r"undef(?:[ \t]*+\([ \t]*+\))?+")
"""Perl's undefined value as a fallback (``$ENV{X} // undef``): no value, as JavaScript's
``undefined``."""


_ERB_ENV_DEFAULT = re.compile(
    rf"<%=-?+[ \t]*+(?:ENV\.fetch[ \t]*+\([ \t]*+(?:{_STRING})[ \t]*+(?:,[ \t]*+(?P<argument>{_STRING})[ \t]*+\)"
    rf"|\)[ \t]*+\{{[ \t]*+(?:\|[\w \t,]*+\|[ \t]*+)?+(?P<block>{_STRING})[ \t]*+\}})"
    rf"|ENV\[[ \t]*+(?:{_STRING})[ \t]*+\][ \t]*+\|\|[ \t]*+(?P<fallback>{_STRING}))[ \t]*+-?+%>"
)
"""A Rails config's ERB tag that reads the environment with a default string (``<%= ENV.fetch("DB_PASSWORD",
"...") %>``, a block giving it, ``<%= ENV.fetch("DB_PASSWORD") { "..." } %>`` or ``{ |key| "..." }``,
``<%= ENV["DB_PASSWORD"] || "..." %>``): the default is used when the variable is unset."""


_FETCH_BLOCK = re.compile(
    rf"[ \t]*+\{{[ \t]*+(?:\|[\w \t,]*+\|[ \t]*+)?+(?P<body>(?:[^{{}}'\"\r\n]|{_STRING})*+)\}}"
)
"""The block Ruby's ``ENV.fetch('X')`` runs when the variable is unset, on its line (``{ 'default' }``,
``{ |key| raise KeyError, "#{key} is not set" }``): what it gives is the lookup's default. Read once:
a quote starts a string, any other character but a brace stands alone."""
_STOPS = re.compile(r"(?:raise|fail|abort|exit!?+)(?!\w)")
"""What a Ruby block starts with when the program stops with no value (``{ raise 'no password' }``):
its message is no value."""


def _fetch_block_literal(value: str, lookup: re.Match[str], end: int) -> bool | None:
    """Whether the block after Ruby's ``ENV.fetch('X')`` (``_FETCH_BLOCK``) gives a literal default,
    judged as the lookup's default argument is, when the block ends the value; a block that stops
    the program (``_STOPS``) gives none; None when no such block follows."""
    if not lookup.group().startswith("ENV.fetch") or lookup.group("default") is not None:
        return None
    block = _FETCH_BLOCK.match(value, end)
    if block is None or not _NOTHING_MORE.match(value, block.end()):
        return None
    default = block.group("body").strip(" \t")
    if _STOPS.match(default) or _DEFAULT_CODE_NAME.fullmatch(default) is not None or code_default(default) is not None:
        return False  # { raise 'no password' }, { |key| default_password }: no literal
    return bool(default) and is_literal_setting(default)  # { 'default' } reported, { ENV['OLD_PASSWORD'] } a lookup


def _erb_default_literal(tag: re.Match[str]) -> bool:
    """Whether the default string of an ERB tag (``_ERB_ENV_DEFAULT``) is a literal."""
    default = (tag.group("argument") or tag.group("block") or tag.group("fallback"))[1:-1]
    return bool(default.strip()) and setting_literal(default) is not None


_DEFAULT_CODE_NAME = re.compile(
    r"\$?+\\?+[A-Za-z_]\w*+(?:\\[A-Za-z_]\w*+)*+(?:(?:\.|::|->)\$?+[A-Za-z_]\w*+)*+"
    r"(?:\[[ \t]*+(?:'[\w.\-]*+'|\"[\w.\-]*+\"|\d++)[ \t]*+\])*+"
)
"""A default given to an environment lookup, or a fallback after one, that is a name of the code, no
string: a variable or a constant, maybe a member (``os.environ.get("REDASH_SECRET_KEY", SECRET_KEY)``
in Redash's settings, ``settings.TOKEN``, PHP's ``$default``, ``$this->key``), a class constant,
maybe namespaced (``env('DB_PASSWORD', self::DEFAULT_PASSWORD)``, ``static::X``,
``\\App\\Config::DEFAULT_PASSWORD``, ``getenv('X') ?: self::X``), maybe an entry of one by its key
(``self::DEFAULTS['password']``): its value is set elsewhere, judged there (``const
DEFAULT_PASSWORD = '...'``)."""


_CODE_SCOPE_MARKS = ("::", "->", "$", "\\")
"""What only code writes in a name: PHP's and Ruby's scope (``self::X``, ``Defaults::PASSWORD``), a
member's arrow (``$this->key``), a variable's ``$``, a namespace's ``\\``."""


def _names_a_member_of_the_code(fallback: str) -> bool:
    """Whether the fallback after a lookup (``getenv('X') ?: self::DEFAULT_PASSWORD``) is a name of
    the code (``_DEFAULT_CODE_NAME``) that only code writes (``_CODE_SCOPE_MARKS``): a bare word
    there (``process.env.PW || hunter2`` in a YAML file, where it is text) is judged as written."""
    return any(mark in fallback for mark in _CODE_SCOPE_MARKS) and _DEFAULT_CODE_NAME.fullmatch(fallback) is not None


_NO_VALUE = r"(?:''|\"\"|null|NULL|None|nil|undefined)(?!\w)"
_CODE_OPERAND = rf"(?:{_DEFAULT_CODE_NAME.pattern}(?:[ \t]*+\([^()]*+\))?+|{_NO_VALUE})"
_CODE_DEFAULT = re.compile(rf"(?:{_CODE_OPERAND}{_FALLBACK_OPERATOR.pattern})*+{_CODE_OPERAND}")
"""A default given to an environment lookup that is code, no string: a call (``os.environ.get("X",
get_secret("pw"))``, ``os.getenv("X", vault.read("db"))``, Laravel's ``env('APP_KEY',
Str::random(32))``) or a name of the code (``_DEFAULT_CODE_NAME``), maybe with fallbacks that are
code or no value (``env('X', self::D ?? '')``, ``null``); a string among them (``self::D ?? '...'``,
``"..." + y``) makes it no such default. Read once: each operand starts with a name or a quote."""


def code_default(default: str) -> re.Match[str] | None:
    """The match of an environment lookup's default that is code (``_CODE_DEFAULT``), else None; the
    quoted arguments of a call in it are judged by their shape in code (``code_values.call_literal``)."""
    default = default.strip(" \t")
    if default[:1] in ("'", '"') or ENV_LOOKUP.match(default) is not None:
        return None  # a string, or another lookup (judged as a lookup, its own default maybe a literal)
    return _CODE_DEFAULT.fullmatch(default)


def is_literal_setting(value: str) -> bool:
    """Whether a config setting's value holds a secret in plain text: a literal (``setting_literal``),
    or the literal default of code that reads an environment variable (``env('X', 'default')``,
    ``process.env.X || 'default'``, ``os.getenv('X') or 'default'``); lookups alone (``getenv('X')``,
    ``ENV['X']``, ``process.env.X || process.env.Y``, a default that is another lookup,
    ``ENV.fetch('X', ENV['Y'])``) are references; in an ERB tag too
    (``<%= ENV.fetch('X', 'default') %>``, ``<%= ENV.fetch('X') { 'default' } %>``, a string default only)."""
    if value[:3] == "<%=" and (tag := _ERB_ENV_DEFAULT.fullmatch(value)) is not None:
        return _erb_default_literal(tag)
    start = 0
    while (lookup := ENV_LOOKUP.match(value, start)) is not None:
        end = _METHOD_CHAIN.match(value, lookup.end()).end()  # type: ignore[union-attr]  # matches the empty string
        if value[end:].lstrip(" \t")[:1] == "{" and (given := _fetch_block_literal(value, lookup, end)) is not None:
            return given  # ENV.fetch('X') { raise 'no password' }: a reference
        operator = (_FALLBACK_OPERATOR if lookup.group("perl") is None else _PERL_FALLBACK_OPERATOR).match(value, end)
        if operator is None and _NOTHING_MORE.match(value, end):
            default = (lookup.group("default") or "").strip()
            if _DEFAULT_CODE_NAME.fullmatch(default) is not None or code_default(default) is not None:
                return False  # os.environ.get('X', SECRET_KEY), os.getenv('X', vault.read('db')): code
            return bool(default) and is_literal_setting(default)  # ENV.fetch('X', ENV['Y']): a lookup too
        if operator is None:
            return setting_literal(value) is not None  # more code after the lookup: judged as written
        start = operator.end()
        if lookup.group("perl") is not None and (
            _DIES.match(value, start) or ((undef := _PERL_UNDEF.match(value, start)) is not None and _NOTHING_MORE.match(value, undef.end()))
        ):
            return False
    fallback = value[start:]
    if start and _names_a_member_of_the_code(fallback.rstrip(" \t")):
        return False  # getenv('X') ?: self::DEFAULT_PASSWORD, $_ENV['X'] ?? \App\Config::PW: a name of the code
    return not (start and fallback.strip() == "undefined") and setting_literal(fallback) is not None


_ENTRY_LENGTH = 1024
"""Characters of a connection string's password read to judge whether it reads the environment, at
most: the reads and fallbacks of one entry are far shorter; a bound keeps a long line of many
entries linear. A read whose entry is cut there is judged as written (a literal)."""


def _reads_environment(value: str, start: int) -> bool:
    """Whether the password of a connection string, at ``start`` in ``value``, is code that reads an
    environment variable (``password = ENV['DB_PASSWORD']``, ``Password=os.Getenv("DB_PASSWORD");``,
    ``password = process.env.DB_PASSWORD // from the pod``): judged as a config setting's value up to
    the end of its line or its ``;`` (``is_literal_setting``), so a literal default or fallback
    (``os.getenv('X', 'default')``, ``process.env.X || 'default'``) is still one."""
    if ENV_LOOKUP.match(value, start) is None:
        return False
    bound = min(start + _ENTRY_LENGTH, len(value))
    semicolon = value.find(";", start, bound)
    end = semicolon if semicolon >= 0 else bound
    newline = value.find("\n", start, end)
    if newline >= 0:
        end = newline
    elif semicolon < 0 and bound < len(value):
        return False  # the entry runs on past the bound: judged as written
    return not is_literal_setting(value[start:end].rstrip())


def _password_literal(value: str, match: re.Match[str]) -> bool:
    """Whether the password of a connection string's ``match`` in ``value`` is in plain text: no
    placeholder (``is_placeholder``), no code that reads the environment (``_reads_environment``), no
    expansion cut at its blanks (``_expansion_written``: ``password = "%{sql:SELECT ... }"``)."""
    return (
        not is_placeholder(match.group("secret"))
        and not _reads_environment(value, match.start("secret"))
        and not _expansion_written(value, match.start("secret"))
    )


def _expansion_written(value: str, start: int) -> bool:
    """Whether a connection string's password at ``start`` in ``value`` is a whole ``%{...}``
    expansion with blanks in it (``expansion_end``, read ``_LIBPQ_LINE_READ`` characters at most),
    maybe quoted: ``password = "%{sql:SELECT ... WHERE UserName = '%{User-Name}'}"``, cut at its first
    blank by the pattern. A quote it opens closes right after it; text may follow after a blank or ``;``."""
    quote = value[start] if value[start : start + 1] in ('"', "'") else ""
    begin = start + len(quote)
    if value[begin : begin + 2] != "%{":
        return False
    end = expansion_end(value, begin, min(len(value), begin + _LIBPQ_LINE_READ))
    if end < 0:
        return False
    if quote:
        if value[end : end + 1] != quote:
            return False
        end += 1
    return end == len(value) or value[end] in " \t\r\n;&"


def _libpq_found(value: str, password: Callable[[str, re.Match[str]], bool]) -> re.Match[str] | None:
    """The first libpq ``password=`` of ``value`` that ``password`` (of the value and the match)
    takes for one in plain text, or None; searched only when ``host=``, ``dbname=`` or ``user=`` occurs too."""
    if "host=" in value or "dbname=" in value or "user=" in value:
        return next((match for match in _LIBPQ.finditer(value) if password(value, match)), None)
    return None


_CLOSES_A_CALL = re.compile(r"[A-Za-z_]++(?:\.[A-Za-z_]++)*+\)++[,;]?+\"?+")
"""A keyword argument's value that closes a call: a name, maybe dotted, with no digit in it (``None``,
``pw``, ``args.password``, ``cfg.dbPassword``), then ``)`` (``f(user=u, password=None)``, ``def
login(self, password=None), other=1``), maybe closing the double-quoted string the code is in
(``python3 -c "connect(host=h, user=u, password=pw)"``). A literal with a digit or another character
(``Zq7fake-pw9)``) or a ``(`` in it is judged as written."""


_CODE_NAME = re.compile(r"None|null|nil|NULL|undefined|nullptr|\w++(?:\.\w++)++|\w*?(?i:pw|pass|secret|token|cred)\w*+")
"""What only code writes as a keyword argument's value: no value (``None``, ``null``), a member chain
(``args.password``), or a variable named as what it holds (``pw``, ``db_password``); a plain word
(``hunter``, ``changeme``) may be the password itself."""


def _closes_a_call(value: str, match: re.Match[str]) -> bool:
    """Whether the password of a libpq ``match`` in ``value`` is a keyword argument closing a call:
    a name only code writes (``_CODE_NAME``) then ``)`` (``_CLOSES_A_CALL``), after ``(`` or ``,`` in a call opened on its line
    (``f(user=u, password=``). Pairs of a libpq string are set apart by blanks alone:
    ``host=db user=app password=pw)``, in parentheses or not, stays one."""
    if _CLOSES_A_CALL.fullmatch(match.group("secret")) is None or not _CODE_NAME.fullmatch(match.group("secret").rstrip(');,"')):
        return False
    start = match.start()
    line_start = _line_start(value, start)
    before = value[line_start:start].rstrip(" \t")
    return before.endswith(("(", ",")) and "(" in before


_SCRIPT_CALL_ARGUMENT = re.compile(r"[A-Za-z_][\w.\-]*+=(?P<secret>[^\s'\"`]*+)")
"""A ``NAME=value`` in a shell script, its value read as ``_closes_a_call`` reads a libpq password's,
up to a blank or a quote (``python -c 'f(password=pw)'``)."""


def closes_a_call_of_code(script: str, at: int) -> bool:
    """Whether the ``NAME=value`` written at ``at`` in a shell script (or an argument) is a keyword
    argument closing a call of code (``_closes_a_call``: ``connect(host=h, user=u, password=pw)``,
    in ``python -c '...'`` or on a line of its own) whose call a name opens: a ``(`` after ``$`` or
    a blank opens a substitution or a subshell (``$(password=pw)``), whose settings are the
    shell's."""
    argument = _SCRIPT_CALL_ARGUMENT.match(script, at)
    if argument is None or not _closes_a_call(script, argument):
        return False
    opened = script.rfind("(", _line_start(script, at), at)
    return opened > 0 and (script[opened - 1].isalnum() or script[opened - 1] in "_.")


def _libpq_literal(value: str, match: re.Match[str]) -> bool:
    """Whether the password of a libpq ``match`` in ``value`` is a literal (``_password_literal``),
    no keyword argument closing a call (``_closes_a_call``)."""
    return _password_literal(value, match) and not _closes_a_call(value, match)


def _libpq_password(value: str, match: re.Match[str]) -> bool:
    """Whether a libpq ``match`` in ``value`` is a connection string's password in plain text: on
    a line with another pair (``_libpq_line``), a literal (``_libpq_literal``)."""
    return _libpq_line(value, match) and _libpq_literal(value, match)


def _libpq_code_password(value: str, match: re.Match[str]) -> bool:
    """``_libpq_password`` in the text of a key named as source code, its ``=`` of code set apart: a
    string literal is read from its opening quote (``_LIBPQ_CODE_PAIR``: ``"user=app password=..."``
    holds two pairs), and the password is what is written up to the quote that ends the literal
    (``_LIBPQ_PASSWORD_WRITTEN``): ``"user=app password=".format(pw)`` and ``"... password=XXXX"``
    set none."""
    if not _libpq_line(value, match, _LIBPQ_CODE_PAIR) or not _libpq_literal(value, match):
        return False
    if match.group("secret")[:1] == "'" and _open_quote(value, match.start("secret")) == "'":
        return False  # 'user=app password=' + pw: the ' closes the literal, no quoted password
    written = _LIBPQ_PASSWORD_WRITTEN.match(match.group("secret"))
    return not is_placeholder(written.group() if written is not None else "")


def _open_quote(value: str, end: int) -> str:
    """The quote of the string literal of code open at ``end`` on its line (read from at most
    ``_LIBPQ_LINE_READ`` characters before it, a backslash escaping the next one), "" for none."""
    start = _line_start(value, end)
    quote, escaped = "", False
    for char in value[start:end]:
        if escaped:
            escaped = False
        elif quote and char == "\\":
            escaped = True
        elif char == quote:
            quote = ""
        elif not quote and char in "'\"`":
            quote = char
    return quote


_LIBPQ_PASSWORD_WRITTEN = re.compile(r'"[^"]*+"|`[^`]*+`|(?:[^"`\\]|\\.?+)*+')
"""A libpq password as written in a string literal of code: quoted, or up to a quote (the end of the
literal; an escaped one, ``\\"``, is part of it). ``_LIBPQ``'s password ends at a ``'`` already."""


def _libpq_reader(settings_apart: bool, in_code: bool) -> _PasswordReader:
    """How a libpq password is judged: on a line with another pair where settings are read apart,
    in the literals of code (``in_code``), or wherever it is."""
    if not settings_apart:
        return _libpq_literal
    return _libpq_code_password if in_code else _libpq_password


_IDENTITY_KEY = secrets.token_bytes(32)
"""The key of ``hidden_identity``: random, made when the process starts, never written anywhere."""


def hidden_identity(text: str) -> str:
    """What tells one hidden credential (a ConfigMap key or an env var name that is itself a
    credential) from another in ``Violation.item``, on UPDATE: a short HMAC of it under a key random
    per process, so the old and the new object of one review compare, and nothing computed from
    the credential can be matched against guesses outside the process. Items are never shown nor
    recorded (the audit record holds a finding's message, path and container only)."""
    digest = hmac.new(_IDENTITY_KEY, text.encode("utf-8", "surrogatepass"), hashlib.sha256)
    return digest.hexdigest()[:16]


VALIDATION_RULE_NAMES = frozenset(
    {
        "accepted", "accepted_if", "active_url", "after", "after_or_equal", "alpha", "alpha_dash", "alpha_num",
        "array", "ascii", "bail", "before", "before_or_equal", "between", "boolean", "confirmed",
        "current_password", "date", "date_equals", "date_format", "decimal", "declined", "declined_if",
        "different", "digits", "digits_between", "dimensions", "distinct", "doesnt_end_with",
        "doesnt_start_with", "email", "ends_with", "enum", "exclude", "exclude_if", "exclude_unless",
        "exclude_with", "exclude_without", "exists", "extensions", "file", "filled", "gt", "gte", "hex_color",
        "image", "in", "in_array", "integer", "ip", "ipv4", "ipv6", "json", "list", "lowercase", "lt", "lte",
        "mac_address", "max", "max_digits", "mimes", "mimetypes", "min", "min_digits", "missing",
        "missing_if", "missing_unless", "missing_with", "missing_with_all", "multiple_of", "not_in",
        "not_regex", "nullable", "numeric", "present", "present_if", "present_unless", "present_with",
        "present_with_all", "prohibited", "prohibited_if", "prohibited_unless", "prohibits", "regex",
        "required", "required_array_keys", "required_if", "required_if_accepted", "required_unless",
        "required_with", "required_with_all", "required_without", "required_without_all", "same", "size",
        "sometimes", "starts_with", "string", "timezone", "ulid", "unique", "uppercase", "url", "uuid",
    }
)  # fmt: skip
"""Laravel's built-in validation rule names (``'password' => 'required|min:8|confirmed'``), also
those of libraries that share its syntax (VeeValidate's ``'required|min:8'``). ``password`` (a rule
of older Laravel versions) is left out: a password may well contain that word."""
_VALIDATION_RULE = re.compile(r"(?P<name>[a-z][a-z_]*+)(?::[^|]*+)?+")
"""One rule of a ``|``-separated list: a lowercase name and its arguments after ``:`` (``min:8``,
``between:8,64``, ``same:password``)."""
_QUOTED_ITEM = re.compile(r"'([^'\\]*+)'|\"([^\"\\]*+)\"")


def _known_rules(rules: Sequence[str]) -> bool:
    """Whether each of ``rules`` has a rule's shape and a known rule's name (``required|letmein`` is
    no rule list: a password made of lowercase words joined by ``|`` is still one)."""
    return all((match := _VALIDATION_RULE.fullmatch(rule)) is not None and match.group("name") in VALIDATION_RULE_NAMES for rule in rules)


def validation_rules(value: str) -> bool:
    """Whether a value in code under a sensitive name is a list of validation rules, not a secret:
    a quoted string of ``|``-separated rules (``'required|string|min:8'``: two at least, each a
    lowercase name with its ``:arguments``, each a known rule, ``VALIDATION_RULE_NAMES``), or
    an array of them (``['required', 'min:8']``, maybe with rule objects written as code:
    ``['required', Password::min(8)]``). A password that holds a ``|`` is none
    (``'hunter|2example'``, ``'correct|horse'``, ``'required|letmein'``: not only known rules)."""
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in ("'", '"'):
        rules = value[1:-1].split("|")
        return len(rules) >= 2 and _known_rules(rules)
    if value[:1] == "[" and value[-1:] == "]":
        inner = value[1:-1]
        quoted = [single or double for single, double in _QUOTED_ITEM.findall(inner)]
        code = _QUOTED_ITEM.sub("", inner)
        if not quoted or "'" in code or '"' in code:
            return False
        return _known_rules([rule for item in quoted for rule in item.split("|")])
    return False
