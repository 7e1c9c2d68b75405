"""disallow-plaintext-secrets: credentials written in clear text in env, command, args or ConfigMaps.

Two independent signals:

* a *sensitive name* (``DB_PASSWORD``, ``apiKey``, ``--client-secret``) carrying a literal value:
  env names, flags, ``NAME=value`` in shell scripts, ConfigMap keys and the settings of config
  files in ConfigMaps (lines, JSON, XML, redis directives), plus options that take a password for
  one program only (``mysql -p...``, ``curl -u user:pass``);
* a *credential-looking value* anywhere (``user:pass@host`` DSNs, connection strings, PEM private
  keys, AWS access key ids, JWTs and well-known token formats), whatever its name and whatever else
  it looks like.

References (``$(VAR)``, ``${VAR}``, ``$VAR``), file paths and secret-manager references are not
literal values; they exempt a value from the name-based signal only.

Messages name the variable, key or argument and the fix, and never contain the value.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Iterator
from functools import lru_cache, partial
from typing import Any, NamedTuple

import orjson

from webhook.checks.base import CheckDef, Param, Params, Subject, Violation
from webhook.workloads import ContainerRef

_SENSITIVE_FOLDED = re.compile(
    "password|passwd|passphrase|secret|credential|bearer|apikey|privatekey|accesskey|authkey"
    "|signingkey|encryptionkey|clientkey|sessionkey|masterkey|licensekey|webhookkey"
    "|requirepass|masterauth"  # redis
)
"""Searched in the name with case and separators folded away (``API-Key`` -> ``apikey``)."""

SENSITIVE_WORDS = frozenset({"pass", "pwd", "passwd", "pswd", "creds"})
"""Whole words that make a name sensitive (``DB_PASS``, ``mysqlPwd``)."""

NON_SENSITIVE_WORDS = frozenset(
    {"secretary", "secretaries", "secretariat", "secretion", "secretive", "passwordless", "credentialless"}
)
"""Words that contain a sensitive word without being one: dropped before a name is judged
(``SECRETARY_EMAIL``, ``PASSWORDLESS``; ``SECRETARY_PASSWORD`` stays sensitive)."""

METADATA_SUFFIXES = frozenset(
    "file path dir directory name names ref url uri endpoint host hostname port header type ttl "
    "timeout expiry expiration expires lifetime length len enabled enable disabled required mode "
    "policy version format algorithm audience issuer scope scopes rotation days seconds interval "
    "count min max size location mount prefix suffix provider user username kind method "
    "store backend "
    "limit limits quota threshold total number num capacity budget "  # TOKEN_LIMIT
    "arn template tmpl tpl cookie algo alg claim claims field param parameter pattern regex charset "
    "encoding separator delimiter label selector namespace region role prompt description strength "
    "complexity schedule period duration".split()
)
"""A sensitive name ending in one of these words describes a secret; it does not hold one
(``TOKEN_TTL``, ``PASSWORD_FILE``, ``SECRET_NAME``, ``TOKEN_LIMIT``, ``DB_SECRET_ARN``,
``PASSWORD_RESET_URL_TEMPLATE``, ``CSRF_TOKEN_COOKIE``, ``PASSWORD_HASH_ALGO``)."""

SETTING_VERBS = frozenset(
    "allow disallow deny require enable disable forbid block skip ignore validate verify rotate generate".split()
)
"""A name starting with one of these is a switch about secrets (``ALLOW_EMPTY_PASSWORD``,
``DISABLE_TOKEN_AUTH``, a ``disallow-plaintext-secrets: warn`` line), not a secret."""

COUNT_WORDS = frozenset({"max", "min", "num", "number", "limit", "limits", "count", "total"})
"""With one of these, ``token`` or ``tokens`` is a number of tokens (``MAX_TOKENS``, ``NUM_TOKEN``,
``RATE_LIMIT_TOKENS_PER_MINUTE``)."""

HARMLESS_VALUES = frozenset(
    {"true", "false", "yes", "no", "on", "off", "enabled", "disabled", "none", "null", "nil"}
)

CONFIG_FILE_SUFFIXES = (
    ".json", ".yaml", ".yml", ".conf", ".cfg", ".ini", ".toml", ".properties", ".xml", ".env", ".sh",
    ".py", ".lua", ".js", ".tpl", ".tmpl", ".template",
)
"""ConfigMap keys that name a config file: judged by their content, not by their name."""

_REFERENCE = re.compile(
    r"^(?>\$\([A-Za-z_][A-Za-z0-9_]*+\)|\$\{[A-Za-z_][A-Za-z0-9_]*+\}|\$[A-Za-z_][A-Za-z0-9_]*+|[^A-Za-z0-9])*+$"
)
"""Only ``$(VAR)`` / ``${VAR}`` / ``$VAR`` references and punctuation: nothing literal. Kubernetes
expands only ``$(VAR)``; ``${VAR}`` and ``$VAR`` reach the process as written, for its shell,
envsubst or config templating to expand. Either way the manifest holds a name, not a secret."""
_SECRET_MANAGER_REFERENCE = re.compile(
    r"^(?:arn:aws(?:-[a-z]++)*+:[a-z0-9\-]++:[a-z0-9\-]*+:\d{0,12}+:\S++"  # an AWS ARN
    r"|vault:[^\s#]++#\S++"  # bank-vaults: vault:secret/data/db#password
    r"|ref\+[a-z0-9]++://\S++"  # vals: ref+vault://..., ref+awssecrets://...
    r"|(?:sm|berglas)://\S++"  # berglas
    r"|projects/[\w\-]++/secrets/[\w\-]++(?:/versions/\w++)?+"  # Google Secret Manager
    r"|@Microsoft\.KeyVault\([^\s)]++\))$"  # Azure App Service Key Vault reference
)
"""A reference into a secret manager: it names the secret and does not hold it."""
_SECRET_MANAGER_STARTS = frozenset({"arn", "vau", "ref", "sm:", "ber", "pro"})
"""The first three characters of the references above that start with a letter or digit."""
_FILE_PATH = re.compile(r"^(?:(?:\.\.?+|~)(?:/[\w.@+\-]++)++|(?:/[\w.@+\-]++){2,}+)/?$")
"""A path: ``./x``, ``../x``, ``~/x``, or absolute with two segments or more (``/run/secrets/db``).
``/S3cret`` or ``//host/:_authToken=...`` are not paths."""
_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")

_DSN_PATTERNS: tuple[tuple[str, str], ...] = (
    ("a URL with a password (user:password@host)", r"(?<![A-Za-z0-9+.\-])[A-Za-z][A-Za-z0-9+.\-]*+://[^\s:/@]*+:(?P<secret>[^\s@/]++)@[^\s]"),
    ("a DSN with a password (user:password@host)",
     r"(?<![\w.\-/:])[\w.\-]++:(?P<secret>[^\s@:/]++)@(?:tcp|udp|unix)?\(?[A-Za-z0-9][\w.\-]*+(?::\d++)?\)?(?=/|$|\s|\?)"),
)  # fmt: skip
"""Looked for only when the value contains ``@``."""
_CONNECTION_STRING = re.compile(r"(?:^|[;?&])\s*+(?i:password|pwd)\s*+=\s*+(?P<secret>[^;&\s]++)")
"""ADO.NET / JDBC style ``Server=db;User Id=app;Password=...`` and URL query parameters
(``jdbc:postgresql://db/app?user=app&password=...``); looked for only when ``=`` occurs."""
_LIBPQ = re.compile(r"(?:^|(?<=\s))password\s*+=\s*+(?P<secret>'(?:[^'\\]|\\.)*+'|[^\s']++)")
"""A libpq key/value DSN ``host=db user=app password=...``; looked for only when ``host=``,
``dbname=`` or ``user=`` occurs too."""
_TOKEN_PATTERNS: tuple[tuple[str, str], ...] = (
    ("a PEM private key", r"(?<!-)-{3,}+\s*+BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY"),
    ("an AWS access key id", r"(?<![A-Z0-9])A(?:KIA|SIA|GPA|IDA|ROA|IPA|NPA|NVA)[A-Z0-9]{16}(?![A-Z0-9])"),
    ("a JSON Web Token", r"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}+\.eyJ[A-Za-z0-9_-]{8,}+\.[A-Za-z0-9_-]{8}"),
    ("a bearer token", r"\b[Bb]earer\s++(?P<secret>[A-Za-z0-9._~+/\-]{16,}+=*+)"),
    ("basic auth credentials", r"\bBasic\s++[A-Za-z0-9+/]{12,}+={0,2}+(?![A-Za-z0-9+/])"),
    ("a GitHub token", r"(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22})"),
    ("a GitLab token", r"(?<![\w-])glpat-[A-Za-z0-9_\-]{20}"),
    ("a Slack token", r"(?<![\w-])xox[abposr]-[A-Za-z0-9-]{10}"),
    ("a Stripe secret key", r"(?<![A-Za-z0-9_])[sr]k_live_[A-Za-z0-9]{16}"),
    ("a Google API key", r"\bAIza[0-9A-Za-z_\-]{35}"),
    ("an npm token", r"\bnpm_[A-Za-z0-9]{36}"),
    ("a SendGrid API key", r"\bSG\.[\w\-]{22}\.[\w\-]{43}"),
)  # fmt: skip
"""Key and token formats, all at least 16 characters long."""


def _alternation(patterns: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    named = [(f"k{i}", label, rx.replace("(?P<secret>", f"(?P<s{i}>")) for i, (label, rx) in enumerate(patterns)]
    return re.compile("|".join(f"(?P<{name}>{rx})" for name, _, rx in named)), {n: lbl for n, lbl, _ in named}


_DSN, _DSN_LABELS = _alternation(_DSN_PATTERNS)
_TOKENS, _TOKEN_LABELS = _alternation(_TOKEN_PATTERNS)

_FLAG = re.compile(r"^--?([A-Za-z][A-Za-z0-9_.\-]*+)(?:=(.*))?$", re.DOTALL)
_SHELL_ASSIGNMENT = re.compile(
    r"(?:^|[\s;&|(])(?:export\s++)?(-{0,2}[A-Za-z_][\w.\-]*+)=(\"[^\"]*+\"|'[^']*+'|[^\s;&|)\"']++)"
)
_CONFIG_LINE = re.compile(
    r"^\s*+(?:export\s++|//[^\s:]*+:)?[\"']?([A-Za-z_][A-Za-z0-9_.\-]*+)[\"']?\s*+[:=](.*)$"
)
"""``name = value``, ``name: value``, ``export NAME=value``, and .npmrc's ``//host/path/:name=value``."""
CONFIG_SENSITIVE_KEYS = frozenset({"_auth"})
"""Config keys that hold a credential although their name does not say so (.npmrc's ``_auth``,
base64 of user:password)."""
_DIRECTIVE_PATTERNS: tuple[tuple[str, str], ...] = (
    ("requirepass", r"^\s*+(?i:requirepass)\s++(?P<secret>\S.*)"),
    ("masterauth", r"^\s*+(?i:masterauth)\s++(?P<secret>\S.*)"),
    ("sentinel auth-pass", r"^\s*+(?i:sentinel\s++auth-pass)\s++\S++\s++(?P<secret>\S.*)"),
    ("user >password", r"^\s*+(?i:user)\s++\S++\s(?:.*?\s)?+>(?P<secret>\S++)"),
)  # fmt: skip
"""Space-separated config lines that set a password (redis.conf, sentinel.conf, Redis ACL files)."""
_DIRECTIVES, _DIRECTIVE_LABELS = _alternation(_DIRECTIVE_PATTERNS)
_XML_ELEMENT = re.compile(r"<(?P<name>[A-Za-z_][\w.\-]*+)(?:\s[^<>]*+)?>(?P<value>[^<]++)</(?P=name)\s*+>")
"""``<password>...</password>`` (Maven settings.xml, ...)."""
_XML_TAG = re.compile(r"<[A-Za-z_][\w.\-:]*+(?P<attributes>\s[^<>]*+)")
_XML_ATTRIBUTE = re.compile(r"(?P<name>[A-Za-z_][\w.\-:]*+)\s*+=\s*+(?:\"(?P<dq>[^\"]*+)\"|'(?P<sq>[^']*+)')")
"""In a tag: ``password="..."`` (tomcat-users.xml, server.xml...), and a ``key``/``name`` attribute
naming the ``value`` attribute (``<add key="ApiKey" value="..."/>``, ``<property name="password"
value="..."/>``)."""

MYSQL_CLIENTS = frozenset(
    "mysql mysqldump mysqladmin mysqlcheck mysqlimport mysqlshow mysqlslap mysqlpump mysqlbinlog mysqlsh "
    "mariadb mariadb-dump mariadb-admin mariadb-check mariadb-import mariadb-show mariadb-slap mariadb-binlog".split()
)


class Option(NamedTuple):
    """A program's option that takes a password, or user:password, as its value."""

    flag: str  # "-p", "--user"
    attached: bool  # the value may be attached: -pVALUE, --user=VALUE
    separate: bool  # the value may be the next argument: -a VALUE
    user_colon: bool  # the value is user:password; only a non-empty password counts
    shown: str  # how messages show it


_CURL = (
    Option("-u", True, True, True, "-u user:password"),
    Option("--user", True, True, True, "--user user:password"),
    Option("-U", True, True, True, "-U user:password"),
    Option("--proxy-user", True, True, True, "--proxy-user user:password"),
)
PROGRAM_OPTIONS: dict[str, tuple[Option, ...]] = {
    **dict.fromkeys(MYSQL_CLIENTS, (Option("-p", True, False, False, "-p<password>"),)),  # -P is the port
    "curl": _CURL,
    "redis-cli": (Option("-a", False, True, False, "-a <password>"),),
    "sshpass": (Option("-p", True, True, False, "-p <password>"),),
}
"""Options whose meaning depends on the program (``-p`` is a port for most programs, a password for
mysql): judged only in the arguments of that program, found as the first word of command + args
(or of args alone, or of a command in a shell script), after wrappers such as env and timeout."""
WRAPPERS = frozenset("env exec command nice nohup time timeout stdbuf setsid tini dumb-init xargs".split())
_ASSIGNMENT_WORD = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*+=")
_WRAPPER_ARGUMENT = re.compile(r"^(?:-.*|\d++(?:\.\d++)?+[smhd]?)$", re.DOTALL)
_SCRIPT_TRIGGER = re.compile(r"--|mysql|mariadb|curl|redis-cli|sshpass")
"""Shell scripts are split into commands and words only when one of these occurs."""
_SHELL_WORD = re.compile(
    r"""(?P<sep>[;&|()`\n])|(?P<word>(?:[^\s;&|()`<>"'\\]|\\.|"(?:[^"\\]|\\.)*+"|'[^']*+')++)"""
)
_SINGLE_DASH_NAME = re.compile(r"^[A-Za-z][a-z\-_.]")
"""A single-dash option is a name (``-password``, ``-apiKey``) only when its second character is
lower case or a separator; ``-pS3cr3t`` is ``-p`` with a value attached, whose text must never be
shown as a flag name."""

FIX_ENV = "move the value into a Secret and reference it with valueFrom.secretKeyRef"
FIX_ARG = "read it from a Secret instead (an env var with valueFrom.secretKeyRef, used as $(VAR), or a mounted file)"
FIX_CONFIGMAP = "move it into a Secret and mount or reference that Secret instead"


def _is_placeholder(secret: str) -> bool:
    secret = secret.strip("'\"")
    return bool(_REFERENCE.match(secret)) or secret.startswith(("$", "{{", "<", "%")) or set(secret) <= {"*", "x", "X"}


def credential_kind(value: str) -> str | None:
    """What kind of credential ``value`` looks like, or None. Never returns the value itself."""
    if "@" in value:
        found = _first_real(_DSN, _DSN_LABELS, value)
        if found:
            return found
    if "=" in value:
        for match in _CONNECTION_STRING.finditer(value):
            if not _is_placeholder(match.group("secret")):
                return "a connection string with a password"
        if "host=" in value or "dbname=" in value or "user=" in value:
            for match in _LIBPQ.finditer(value):
                if not _is_placeholder(match.group("secret")):
                    return "a connection string with a password"
    if len(value) >= 16:
        return _first_real(_TOKENS, _TOKEN_LABELS, value)
    return None


def _first_real(pattern: re.Pattern[str], labels: dict[str, str], value: str) -> str | None:
    """The label of the first match whose secret part is not a placeholder such as ``$(VAR)``."""
    for match in pattern.finditer(value):
        name = match.lastgroup or ""
        secret = match.group("s" + name[1:]) if ("s" + name[1:]) in pattern.groupindex else None
        if secret is None or not _is_placeholder(secret):
            return labels[name]
    return None


@lru_cache(maxsize=64)
def _compiled(patterns: tuple[str, ...], flags: int) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, flags) for p in patterns)


@lru_cache(maxsize=8192)
def name_is_sensitive(name: str, extra: tuple[str, ...] = (), allowed: tuple[str, ...] = ()) -> bool:
    """Whether a variable, key or flag name says it holds a secret (cached per name)."""
    if is_allowed(name, allowed):
        return False
    if any(p.search(name) for p in _compiled(extra, re.IGNORECASE)):
        return True
    words = [w for w in (w.lower() for w in _WORDS.findall(name)) if w not in NON_SENSITIVE_WORDS]
    if not words or words[-1] in METADATA_SUFFIXES or words[0] in SETTING_VERBS:
        return False
    if any(w in SENSITIVE_WORDS for w in words) or _SENSITIVE_FOLDED.search("".join(words)):
        return True
    # API_TOKENS holds tokens; MAX_TOKENS counts them
    return any(w.endswith(("token", "tokens")) for w in words) and not COUNT_WORDS.intersection(words)


def is_allowed(name: str, allowed: tuple[str, ...]) -> bool:
    return name in allowed or any(p.fullmatch(name) for p in _compiled(allowed, 0))


def _text(value: Any) -> str | None:
    """A scalar value as a string, or None when there is nothing to judge (not a scalar, or blank).
    Credential patterns are looked for in every such text."""
    if isinstance(value, bool) or value is None or isinstance(value, (dict, list)):
        return None
    text = value if isinstance(value, str) else str(value)
    return text if text and not text.isspace() else None


def _names_something_else(text: str) -> bool:
    """Whether a text under a sensitive name refers to the secret rather than holding it: a
    reference, a file path or a harmless word. Only for name-based judgements: a credential pattern
    found in the text (``//host/:_authToken=npm_...``) is reported whatever this says."""
    stripped = text.strip()
    if not stripped[0].isalnum():
        return bool(_REFERENCE.match(stripped) or _FILE_PATH.match(stripped) or _SECRET_MANAGER_REFERENCE.match(stripped))
    if len(stripped) <= 8 and stripped.lower() in HARMLESS_VALUES:
        return True
    return stripped[:3] in _SECRET_MANAGER_STARTS and bool(_SECRET_MANAGER_REFERENCE.match(stripped))


def _literal(value: Any) -> str | None:
    """The value as a string when it is a literal worth judging under a sensitive name (not empty,
    a reference, a path or a harmless word)."""
    text = _text(value)
    return None if text is None or _names_something_else(text) else text


def _shell_literal(value: str) -> str | None:
    """Like ``_literal``, for a value in command or args: ``$VAR`` is a shell reference there."""
    value = value.strip("\"'")
    if value.startswith("$"):
        return None
    return _literal(value)


class _Names:
    __slots__ = ("extra", "allowed")

    def __init__(self, params: Params) -> None:
        self.extra = tuple(params["extraNames"])
        self.allowed = tuple(params["allowedNames"])

    def sensitive(self, name: str) -> bool:
        return name_is_sensitive(name, self.extra, self.allowed)

    def is_allowed(self, name: str) -> bool:
        return bool(self.allowed) and is_allowed(name, self.allowed)


_CACHED_VALUE_LENGTH = 256
"""Env values up to this length are judged once per (name, value): manifests repeat them a lot."""


def _judge_env(name: str, value: Any, extra: tuple[str, ...], allowed: tuple[str, ...]) -> str | None:
    """What is wrong with ``name: value`` in an env list, or None. Never includes the value."""
    text = _text(value)
    if text is None or (allowed and is_allowed(name, allowed)):
        return None
    kind = credential_kind(text)
    if kind:
        return f'env var "{name}" holds {kind} in plain text'
    if name_is_sensitive(name, extra, allowed) and not _names_something_else(text):
        return f'env var "{name}" sets a sensitive value in plain text'
    if text.lstrip()[:1] in _JSON_STARTS:  # SPRING_APPLICATION_JSON and the like
        settings = _json_settings(text, partial(name_is_sensitive, extra=extra, allowed=allowed))
        if settings:
            return f'env var "{name}" sets "{settings[0][1]}" in plain text'
    return None


_CLEAN_ENV: set[tuple[str, str, tuple[str, ...], tuple[str, ...]]] = set()
"""(name, value, extraNames, allowedNames) already judged clean. Only clean pairs are remembered, so
the process never keeps a value it flagged as a secret."""


def _env_problem(name: str, value: str, extra: tuple[str, ...], allowed: tuple[str, ...]) -> str | None:
    key = (name, value, extra, allowed)
    if key in _CLEAN_ENV:
        return None
    problem = _judge_env(name, value, extra, allowed)
    if problem is None:
        if len(_CLEAN_ENV) >= 16384:
            _CLEAN_ENV.clear()
        _CLEAN_ENV.add(key)
    return problem


def _workload_violations(params: Params, subject: Subject) -> list[Violation]:
    """The plain-text secrets in every container's env, command and args."""
    out: list[Violation] = []
    names: _Names | None = None  # built on the first container that has anything to judge
    for ref in subject.containers():
        container = ref.container
        env = container.get("env")
        if isinstance(env, list) and env:
            names = names or _Names(params)
            _env_violations(names, env, ref, out)
        if container.get("command") or container.get("args"):
            names = names or _Names(params)
            out.extend(_container_argv_violations(names, container, ref.pointer, ref.label))
    return out


def _container_argv_violations(names: _Names, container: dict[str, Any], pointer: str, label: str) -> Iterator[Violation]:
    """The plain-text secrets in a container's command and args (shared with the reference review)."""
    command, args = container.get("command"), container.get("args")
    command = command if isinstance(command, list) and command else []
    args = args if isinstance(args, list) and args else []
    program = _program(command + args if command and args else command or args)
    before = 0  # arguments in the fields before this one
    for field, argv in (("command", command), ("args", args)):
        if argv:
            if program is None:
                yield from _argv_violations(names, argv, f"{pointer}/{field}", field, label)
            else:  # the program's own arguments begin after it
                name, start = program[1], program[0] - before + 1
                yield from _argv_violations(names, argv, f"{pointer}/{field}", field, label, name, start)
        before += len(argv)


def _program(argv: list[Any]) -> tuple[int, str] | None:
    """(index, name) of the program in an argv: its first word after wrappers (env, timeout 10, ...)
    and NAME=value assignments; None when it starts with an option (args for the image's entrypoint)."""
    wrapped = False
    for index, word in enumerate(argv):
        if not isinstance(word, str):
            return None
        if _ASSIGNMENT_WORD.match(word) or (wrapped and _WRAPPER_ARGUMENT.match(word)):
            continue
        name = word.rsplit("/", 1)[-1]
        if name in WRAPPERS:
            wrapped = True
            continue
        return None if word[:1] == "-" else (index, name)
    return None


def _env_violations(names: _Names, env: list[Any], ref: ContainerRef, out: list[Violation]) -> None:
    extra, allowed = names.extra, names.allowed
    for index, var in enumerate(env):
        value = var.get("value") if isinstance(var, dict) else None
        if value is None:
            continue  # valueFrom, or not an env var at all
        name = var.get("name")
        if type(name) is not str:
            name = f"#{index}"
        if type(value) is str and len(value) <= _CACHED_VALUE_LENGTH:
            if (name, value, extra, allowed) in _CLEAN_ENV:
                continue
            problem = _env_problem(name, value, extra, allowed)
        else:
            problem = _judge_env(name, value, extra, allowed)
        if problem:
            out.append(Violation(f"{ref.pointer}/env/{index}/value", problem, FIX_ENV, ref.label, f"env:{name}"))


def _argv_violations(
    names: _Names,
    argv: list[Any],
    base: str,
    field: str,
    label: str,
    program: str | None = None,
    start: int = 0,
) -> Iterator[Violation]:
    """The program's own options (PROGRAM_OPTIONS) are judged from index ``start`` on."""
    options = PROGRAM_OPTIONS.get(program) if program else None
    pending_flag: str | None = None  # a sensitive flag whose value is the next argument
    pending_option: Option | None = None  # a program option whose value is the next argument
    for index, arg in enumerate(argv):
        if not isinstance(arg, str):
            pending_flag = pending_option = None
            continue
        problem = None
        if options is not None and program is not None and index >= start:
            problem, pending_option = _option_problem(program, options, arg, pending_option)
        flag = _FLAG.match(arg) if arg[:1] == "-" else None
        if flag is not None and arg[1] != "-" and not _SINGLE_DASH_NAME.match(flag.group(1)):
            flag = None  # -pVALUE: an option letter with its value, not a name
        if problem is None:
            problem = _argv_problem(names, arg, flag, pending_flag)
        if problem:
            item = f"{field}:{problem}" if '"' in problem else f"{field}[{index}]:{problem}"
            yield Violation(f"{base}/{index}", f"{field}[{index}] {problem} in plain text", FIX_ARG, label, item)
        pending_flag = (
            arg if flag and flag.group(2) is None and names.sensitive(flag.group(1)) else None
        )


def _option_problem(
    program: str, options: tuple[Option, ...], arg: str, pending: Option | None
) -> tuple[str | None, Option | None]:
    """(what is wrong with ``arg`` as an argument of ``program``, the option waiting for its value)."""
    if pending is not None and arg[:1] != "-":
        return (_option_said(program, pending) if _is_password(arg, pending.user_colon) else None), None
    for option in options:
        if arg == option.flag:
            return None, option if option.separate else None
        if option.attached and arg.startswith(option.flag):
            value = arg[len(option.flag) :]
            if option.flag[:2] == "--":
                if value[:1] != "=":
                    continue  # --username is not --user
                value = value[1:]
            return (_option_said(program, option) if _is_password(value, option.user_colon) else None), None
    return None, None


def _option_said(program: str, option: Option) -> str:
    return f'passes a password to "{program}" ({option.shown})'


def _is_password(value: str, user_colon: bool) -> bool:
    """Whether an option's value is a literal password (user:password: a literal password part)."""
    value = value.strip("\"'")
    if user_colon:
        user, colon, value = value.partition(":")
        if not colon or (user.startswith("${") and "}" not in user):
            return False  # no password: the program prompts for it; or ${CREDENTIALS:-...}
    return bool(value) and not _is_placeholder(value)


def _script_problem(names: _Names, script: str) -> str | None:
    """What is wrong in a shell script: a program's password option (``mysql -p...``, ``curl -u
    user:pass``) or a sensitive ``--flag value``. Only looked at when _SCRIPT_TRIGGER occurs."""
    for words in _shell_commands(script):
        program = _program(words)
        options = PROGRAM_OPTIONS.get(program[1]) if program else None
        pending_option: Option | None = None
        pending_flag: str | None = None
        for index, word in enumerate(words):
            if options is not None and program is not None and index > program[0]:
                problem, pending_option = _option_problem(program[1], options, word, pending_option)
                if problem:
                    return problem
            if pending_flag is not None and word[:1] != "-" and _shell_literal(word) is not None:
                return f'passes the value of "{pending_flag}"'
            flag = _FLAG.match(word) if word[:2] == "--" else None
            pending_flag = word if flag and flag.group(2) is None and names.sensitive(flag.group(1)) else None
    return None


def _shell_commands(script: str) -> Iterator[list[str]]:
    """The simple commands of a shell script as lists of words, quotes removed (a rough split:
    enough to find programs and their options, not a shell parser)."""
    words: list[str] = []
    for match in _SHELL_WORD.finditer(script):
        word = match.group("word")
        if word is not None:
            words.append(word.replace('"', "").replace("'", ""))
        elif words:
            yield words
            words = []
    if words:
        yield words


def _argv_problem(names: _Names, arg: str, flag: re.Match[str] | None, pending_flag: str | None) -> str | None:
    kind = credential_kind(arg)
    if kind:
        return f"holds {kind}"
    if arg[:1] == "-" and flag is None:
        return None
    if flag is not None:
        value = flag.group(2)
        if value is not None and names.sensitive(flag.group(1)) and _shell_literal(value) is not None:
            return f'sets "{arg.split("=", 1)[0]}"'
        return None
    if pending_flag is not None and _shell_literal(arg) is not None:
        return f'passes the value of "{pending_flag}"'
    if "=" in arg:  # NAME=value (env PGPASSWORD=... psql), or a shell script with NAME=value / --flag=value
        for match in _SHELL_ASSIGNMENT.finditer(arg):
            shown = match.group(1)
            if names.sensitive(shown.lstrip("-")) and _shell_literal(match.group(2)) is not None:
                return f'sets "{shown}"'
    if ("\n" in arg or " " in arg) and _SCRIPT_TRIGGER.search(arg):
        return _script_problem(names, arg)
    return None


def _config_value(raw: str) -> str:
    """The value part of a config line, without surrounding blanks and a trailing , or ;."""
    return raw.strip().rstrip(",;").rstrip()


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


_JSON_STARTS = ("{", "[")


def _json_settings(text: str, sensitive: Callable[[str], bool]) -> list[tuple[int, str]] | None:
    """(line, key path) of each sensitive key with a literal value in a JSON document, in document
    order (``db.password``, ``servers[0].apiKey``); line is 0 when unknown. None when the text is
    not JSON. A docker config.json's ``auths.<registry>.auth`` counts as sensitive."""
    try:
        doc = orjson.loads(text)
    except orjson.JSONDecodeError:  # also nesting deeper than orjson allows
        return None
    lines = _Lines(text) if "\n" in text else None
    cursor = 0
    found: list[tuple[int, str]] = []
    # depth first, in document order: (the container's remaining items, the keys and indices down to it)
    stack: list[tuple[Iterator[tuple[Any, Any]], tuple[str | int, ...]]] = []
    if isinstance(doc, (dict, list)):
        stack.append((_json_items(doc), ()))
    while stack:
        items, parts = stack[-1]
        entry = next(items, None)
        if entry is None:
            stack.pop()
            continue
        key, value = entry
        nested = isinstance(value, (dict, list))
        if not isinstance(key, int):
            line = 0
            if lines is not None:  # keys come in document order: each one is found after the previous one
                at = _json_key_at(text, orjson.dumps(key).decode(), cursor)
                if at >= 0:
                    cursor, line = at + 1, lines.at(at)
                else:
                    lines = None  # written differently (escapes): no line numbers from here on
            if (
                not nested
                and (sensitive(key) or (key == "auth" and len(parts) >= 2 and parts[-2] == "auths"))
                and _shell_literal(_text(value) or "") is not None
            ):
                found.append((line, _json_path((*parts, key))))
        if nested:
            stack.append((_json_items(value), (*parts, key)))
    return found


_KEY_LIKE_A_TOKEN = re.compile(r"[A-Za-z0-9]{16,}")


def _json_path(parts: tuple[str | int, ...]) -> str:
    """``db.password``, ``servers[0].apiKey``. A key that may be a credential itself (a map from
    tokens to users: 16+ letters and digits, mixed, in a row) or is long shows as ``*``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
            continue
        run = _KEY_LIKE_A_TOKEN.search(part)
        hidden = len(part) > 64 or (run is not None and not run.group().isalpha() and not run.group().isdigit())
        out += ("." if out else "") + ("*" if hidden else part)
    return out


class _Lines:
    """Line numbers of positions in a text, counted incrementally: positions asked in increasing
    order cost one pass over the text in all."""

    __slots__ = ("text", "pos", "line")

    def __init__(self, text: str) -> None:
        self.text, self.pos, self.line = text, 0, 1

    def at(self, pos: int) -> int:
        if pos < self.pos:
            self.pos, self.line = 0, 1
        self.line += self.text.count("\n", self.pos, pos)
        self.pos = pos
        return self.line


def _json_items(node: dict[str, Any] | list[Any]) -> Iterator[tuple[Any, Any]]:
    return iter(node.items()) if isinstance(node, dict) else enumerate(node)


def _json_key_at(text: str, quoted: str, start: int) -> int:
    """Where ``"key":`` occurs in ``text`` from ``start`` (a quoted string followed by a colon), or -1."""
    at = text.find(quoted, start)
    while at >= 0:
        after = at + len(quoted)
        while after < len(text) and text[after] in " \t\r\n":
            after += 1
        if text[after : after + 1] == ":":
            return at
        at = text.find(quoted, at + 1)
    return -1


def _config_settings(names: _Names, text: str) -> list[tuple[int, str]]:
    """(line, name) of each sensitive setting with a literal value in a config file's text, by line:
    ``name = value`` / ``name: value`` lines, JSON (on one line or many), XML elements and attributes,
    and space-separated directives (``requirepass ...``). Line is 0 when unknown."""
    if text.lstrip()[:1] in _JSON_STARTS:
        settings = _json_settings(text, names.sensitive)
        if settings is not None:
            return settings
    found: dict[tuple[int, str], None] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = _CONFIG_LINE.match(line)
        if match:
            name = match.group(1)
            if (names.sensitive(name) or name in CONFIG_SENSITIVE_KEYS) and _shell_literal(
                _config_value(match.group(2))
            ) is not None:
                found[(number, name)] = None
            continue
        match = _DIRECTIVES.match(line)
        if match:
            name = match.lastgroup or ""
            if _shell_literal(_config_value(match.group("s" + name[1:]))) is not None:
                found[(number, _DIRECTIVE_LABELS[name])] = None
    if "<" not in text:
        return list(found)  # in line order already
    lines = _Lines(text)
    for match in _XML_ELEMENT.finditer(text):
        if names.sensitive(match.group("name")) and _shell_literal(match.group("value").strip()) is not None:
            found[(lines.at(match.start()), match.group("name"))] = None
    lines = _Lines(text)
    for tag in _XML_TAG.finditer(text):
        attributes: dict[str, str] = {}
        for match in _XML_ATTRIBUTE.finditer(tag.group("attributes")):
            name, value = match.group("name"), match.group("dq") if match.group("dq") is not None else match.group("sq")
            attributes[name] = value
            if names.sensitive(name) and _shell_literal(value) is not None:
                found[(lines.at(tag.start()), name)] = None
        named = attributes.get("key", attributes.get("name"))
        if named and "value" in attributes and names.sensitive(named) and _shell_literal(attributes["value"]) is not None:
            found[(lines.at(tag.start()), named)] = None
    return sorted(found)


def _key_credential(field: str, key: str) -> Violation | None:
    """A key that is itself a credential (a token, a URL with a password): reported without
    showing it, in the message or the path (the API server refuses most such keys, the offline
    CLI reads them)."""
    kind = credential_kind(key)
    if not kind:
        return None
    return Violation(f"/{field}/<hidden key>", f"a {field} key is itself {kind} (not shown)", FIX_CONFIGMAP)


def _configmap_violations(names: _Names, obj: dict[str, Any]) -> Iterator[Violation]:
    data = obj.get("data")
    for key, value in (data.items() if isinstance(data, dict) else ()):
        key = str(key)
        if (leak := _key_credential("data", key)) is not None:
            yield leak
            continue
        text = _text(value)
        if text is None or names.is_allowed(key):
            continue
        path = "/data/" + _escape(key)
        kind = credential_kind(text)
        if kind:
            yield Violation(path, f'key "{key}" holds {kind} in plain text', FIX_CONFIGMAP)
        elif not key.lower().endswith(CONFIG_FILE_SUFFIXES) and names.sensitive(key):
            if not _names_something_else(text):
                yield Violation(path, f'key "{key}" looks like a secret', FIX_CONFIGMAP)
        elif "\n" in text or "=" in text or ":" in text or "<" in text or _DIRECTIVES.match(text):
            for number, setting in _config_settings(names, text):
                where = f" (line {number})" if number else ""
                yield Violation(path, f'key "{key}" sets "{setting}" in plain text{where}', FIX_CONFIGMAP)
    binary = obj.get("binaryData")
    for key, value in (binary.items() if isinstance(binary, dict) else ()):
        key = str(key)
        if (leak := _key_credential("binaryData", key)) is not None:
            yield leak
            continue
        if names.is_allowed(key):
            continue
        path = "/binaryData/" + _escape(key)
        text = _decoded_text(value)
        kind = credential_kind(text) if text is not None else None
        if kind:
            yield Violation(path, f'binaryData key "{key}" holds {kind} in plain text (base64-decoded)', FIX_CONFIGMAP)
        elif names.sensitive(key):
            yield Violation(path, f'binaryData key "{key}" looks like a secret', FIX_CONFIGMAP)
        elif text is not None:
            for number, setting in _config_settings(names, text):
                where = f", line {number}" if number else ""
                yield Violation(
                    path, f'binaryData key "{key}" sets "{setting}" in plain text (base64-decoded{where})', FIX_CONFIGMAP
                )


def _decoded_text(value: Any) -> str | None:
    """A binaryData value decoded, when it is valid base64 of UTF-8 text; None for anything else
    (not a string, not base64, binary content)."""
    if not isinstance(value, str) or not value:
        return None
    try:  # the API server's decoder skips line breaks, and so does this
        raw = base64.b64decode(value.replace("\n", "").replace("\r", ""), validate=True)
        text = raw.decode("utf-8")
    except (binascii.Error, ValueError):  # not base64 / not ASCII / not UTF-8 (UnicodeDecodeError)
        return None
    return None if "\x00" in text else _text(text)


def check(subject: Subject, params: Params) -> list[Violation]:
    if subject.kind == "ConfigMap":
        return list(_configmap_violations(_Names(params), subject.obj))
    if subject.pod is None:
        return []
    return _workload_violations(params, subject)


def _valid_patterns(value: Any) -> str | None:
    for pattern in value:
        try:
            re.compile(pattern)
        except re.error as exc:
            return f"{pattern!r} is not a valid regular expression: {exc}"
    return None


CHECK = CheckDef(
    "plaintext-secrets",
    check,
    {
        "extraNames": Param(
            list, [], "more regular expressions for sensitive names (case-insensitive search)",
            item_type=str, validate=_valid_patterns,
        ),
        "allowedNames": Param(
            list, [], "names (exact, or full-match regular expressions) never reported, whatever their value",
            item_type=str, validate=_valid_patterns,
        ),
    },
)
