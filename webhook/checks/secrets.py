"""disallow-plaintext-secrets: credentials written in clear text in env, command, args or ConfigMaps.

Two independent signals:

* a *sensitive name* (``DB_PASSWORD``, ``apiKey``, ``--client-secret``) carrying a literal value;
* a *credential-looking value* anywhere (``user:pass@host`` DSNs, PEM private keys, AWS access key
  ids, JWTs and well-known token formats), whatever its name.

Messages name the variable, key or argument and the fix, and never contain the value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from webhook.checks.base import CheckDef, Param, Params, Subject, Violation
from webhook.workloads import containers

SENSITIVE_WORDS = (
    "password", "passwd", "passphrase", "secret", "token", "apikey", "privatekey", "accesskey",
    "secretkey", "credential", "bearer", "authkey", "signingkey", "encryptionkey", "clientkey",
)  # fmt: skip
"""Matched against the name with case and separators folded away (``API-Key`` -> ``apikey``)."""

METADATA_SUFFIXES = frozenset(
    "file path dir directory name names ref url uri endpoint host hostname port header type ttl "
    "timeout expiry expiration expires lifetime length len enabled enable disabled required mode "
    "policy version format algorithm audience issuer scope scopes rotation days seconds interval "
    "count min max size location mount prefix suffix provider".split()
)
"""A sensitive name ending in one of these words describes a secret; it does not hold one
(``TOKEN_TTL``, ``PASSWORD_FILE``, ``SECRET_NAME``)."""

HARMLESS_VALUES = frozenset({"true", "false", "yes", "no", "on", "off", "enabled", "disabled", "none", "null"})

_REFERENCE = re.compile(r"^\$\([A-Za-z_][A-Za-z0-9_]*\)$|^\$\{[A-Za-z_][A-Za-z0-9_]*\}$")
_FILE_PATH = re.compile(r"^(/|\./|\.\./|~/)[^\s]*$")
_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")

_DSN_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://([^\s:/@]+):([^\s@/]+)@[^\s]")
_DSN_BARE = re.compile(r"(?<![\w.\-/:])[\w.\-]+:([^\s@:/]+)@(?:tcp|udp|unix)?\(?[A-Za-z0-9][\w.\-]*(?::\d+)?\)?(?:/|$|\s|\?)")
_VALUE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("a PEM private key", re.compile(r"-{3,}\s*BEGIN [A-Z0-9 ]*PRIVATE KEY")),
    ("an AWS access key id", re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA)[A-Z0-9]{16}(?![A-Z0-9])")),
    ("a JSON Web Token", re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")),
    ("a GitHub token", re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})")),
    ("a GitLab token", re.compile(r"\bglpat-[A-Za-z0-9_\-]{20,}")),
    ("a Slack token", re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}")),
    ("a Stripe secret key", re.compile(r"\b[sr]k_live_[A-Za-z0-9]{16,}")),
    ("a Google API key", re.compile(r"\bAIza[0-9A-Za-z_\-]{35}")),
    ("an npm token", re.compile(r"\bnpm_[A-Za-z0-9]{36}")),
    ("a SendGrid API key", re.compile(r"\bSG\.[\w\-]{22}\.[\w\-]{43}")),
)  # fmt: skip
_ANY_VALUE_PATTERN = re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in _VALUE_PATTERNS))
"""One scan instead of one per pattern: most values match none (performance only)."""
_FLAG = re.compile(r"^--?([A-Za-z][A-Za-z0-9_.\-]*)(?:=(.*))?$", re.DOTALL)
_CONFIG_LINE = re.compile(r"^\s*[\"']?([A-Za-z_][A-Za-z0-9_.\-]*)[\"']?\s*[:=]\s*(.*?)\s*,?\s*$")

FIX_ENV = "move the value into a Secret and reference it with valueFrom.secretKeyRef"
FIX_ARG = "read it from a Secret instead (an env var with valueFrom.secretKeyRef, used as $(VAR), or a mounted file)"
FIX_CONFIGMAP = "move it into a Secret and mount or reference that Secret instead"


def _is_reference(value: str) -> bool:
    return bool(_REFERENCE.match(value))


def _is_placeholder(password: str) -> bool:
    return _is_reference(password) or password.startswith(("$(", "${", "{{", "<")) or set(password) <= {"*", "x", "X"}


@lru_cache(maxsize=4096)
def _name_is_sensitive(name: str, extra: tuple[str, ...], allowed: tuple[str, ...]) -> bool:
    if name in allowed or any(re.fullmatch(pattern, name) for pattern in allowed):
        return False
    if any(re.search(pattern, name, re.IGNORECASE) for pattern in extra):
        return True
    words = [w.lower() for w in _WORDS.findall(name)]
    if not words or words[-1] in METADATA_SUFFIXES:
        return False
    folded = "".join(words)
    return any(word in folded for word in SENSITIVE_WORDS)


def credential_kind(value: str) -> str | None:
    """What kind of credential ``value`` looks like, or None. Never returns the value itself."""
    if "@" in value:
        for match in _DSN_URL.finditer(value):
            if not _is_placeholder(match.group(2)):
                return "a URL with a password (user:password@host)"
        for match in _DSN_BARE.finditer(value):
            if not _is_placeholder(match.group(1)) and not match.group(0).startswith("sha"):
                return "a DSN with a password (user:password@host)"
    if ("-" in value or value[:1].isalnum()) and _ANY_VALUE_PATTERN.search(value):
        for label, pattern in _VALUE_PATTERNS:
            if pattern.search(value):
                return label
    return None


def _literal(value: Any) -> str | None:
    """The value as a string when it is a literal worth judging (not empty, a reference or a path)."""
    if isinstance(value, bool) or value is None:
        return None
    text = str(value)
    stripped = text.strip()
    if not stripped or _is_reference(stripped) or _FILE_PATH.match(stripped):
        return None
    if stripped.lower() in HARMLESS_VALUES:
        return None
    return text


class _Names:
    def __init__(self, params: Params) -> None:
        self.extra = tuple(params["extraNames"])
        self.allowed = tuple(params["allowedNames"])

    def sensitive(self, name: str) -> bool:
        return _name_is_sensitive(name, self.extra, self.allowed)


@lru_cache(maxsize=8192)  # pure; env entries repeat across the manifests of a chart
def _env_problem(name: str, value: Any, extra: tuple[str, ...], allowed: tuple[str, ...]) -> str | None:
    literal = _literal(value)
    if literal is None:
        return None
    kind = credential_kind(literal)
    if kind:
        return f'env var "{name}" holds {kind} in plain text'
    if _name_is_sensitive(name, extra, allowed):
        return f'env var "{name}" sets a sensitive value in plain text'
    return None


def _env_violations(names: _Names, subject: Subject) -> Iterator[Violation]:
    assert subject.pod is not None
    extra, allowed = names.extra, names.allowed
    for ref in containers(subject.pod):
        env = ref.container.get("env")
        for index, var in enumerate(env if isinstance(env, list) else ()):
            if not isinstance(var, dict) or "value" not in var:
                continue
            name, value = var.get("name"), var["value"]
            if type(name) is not str:
                name = str(name) if "name" in var else f"#{index}"
            if type(value) is str:
                problem = _env_problem(name, value, extra, allowed)
            else:  # unhashable or 1 == True: not cached
                problem = _env_problem.__wrapped__(name, value, extra, allowed)
            if problem:
                yield Violation(f"{ref.pointer}/env/{index}/value", problem, FIX_ENV, ref.label)
        for field in ("command", "args"):
            argv = ref.container.get(field)
            if isinstance(argv, list):  # (most containers have none: skip building paths and labels)
                yield from _argv_violations(names, argv, f"{ref.pointer}/{field}", field, ref.label)


def _argv_violations(names: _Names, argv: Any, base: str, field: str, label: str) -> Iterator[Violation]:
    if not isinstance(argv, list):
        return
    pending_flag: str | None = None
    for index, arg in enumerate(argv):
        if not isinstance(arg, str):
            pending_flag = None
            continue
        path = f"{base}/{index}"
        kind = credential_kind(arg)
        flag = _FLAG.match(arg)
        if kind:
            yield Violation(path, f"{field}[{index}] holds {kind} in plain text", FIX_ARG, label)
        elif pending_flag is not None and _literal(arg) is not None and not arg.startswith("-"):
            yield Violation(path, f'{field}[{index}] passes the value of "{pending_flag}" in plain text', FIX_ARG, label)
        elif flag and flag.group(2) is not None and names.sensitive(flag.group(1)) and _literal(flag.group(2)):
            yield Violation(path, f'{field}[{index}] sets "--{flag.group(1)}" in plain text', FIX_ARG, label)
        pending_flag = (
            arg.split("=")[0] if flag and flag.group(2) is None and names.sensitive(flag.group(1)) else None
        )


def _configmap_violations(names: _Names, obj: dict[str, Any]) -> Iterator[Violation]:
    data = obj.get("data")
    for key, value in (data.items() if isinstance(data, dict) else ()):
        path = "/data/" + str(key).replace("~", "~0").replace("/", "~1")
        literal = _literal(value)
        if literal is None:
            continue
        kind = credential_kind(literal)
        if kind:
            yield Violation(path, f"key \"{key}\" holds {kind} in plain text", FIX_CONFIGMAP)
        elif names.sensitive(str(key)):
            yield Violation(path, f'key "{key}" looks like a secret', FIX_CONFIGMAP)
        elif "\n" in literal:
            for number, line in enumerate(literal.splitlines(), start=1):
                match = _CONFIG_LINE.match(line)
                if match and names.sensitive(match.group(1)) and _literal(match.group(2).strip("\"'")):
                    yield Violation(
                        path,
                        f'key "{key}" sets "{match.group(1)}" in plain text (line {number})',
                        FIX_CONFIGMAP,
                    )
    binary = obj.get("binaryData")
    for key in binary if isinstance(binary, dict) else ():
        if names.sensitive(str(key)):
            path = "/binaryData/" + str(key).replace("~", "~0").replace("/", "~1")
            yield Violation(path, f'binaryData key "{key}" looks like a secret', FIX_CONFIGMAP)


def check(subject: Subject, params: Params) -> list[Violation]:
    names = _Names(params)
    if subject.kind == "ConfigMap":
        return list(_configmap_violations(names, subject.obj))
    if subject.pod is None:
        return []
    return list(_env_violations(names, subject))


CHECK = CheckDef(
    "plaintext-secrets",
    check,
    {
        "extraNames": Param(list, [], "more regular expressions for sensitive names (case-insensitive search)", item_type=str),
        "allowedNames": Param(list, [], "names (exact, or full-match regular expressions) never treated as sensitive", item_type=str),
    },
)
