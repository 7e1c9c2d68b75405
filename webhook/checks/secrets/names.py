"""Sensitive names: whether a variable, key or flag name says it holds a secret (``DB_PASSWORD``,
``apiKey``, ``--client-secret``) rather than describing one (``PASSWORD_FILE``, ``TOKEN_TTL``), and
the policy's ``extraNames``/``allowedNames`` parameters bound to that judgement (``Names``). Knows
nothing about values: the name-based signal of the check starts here."""

from __future__ import annotations

import re
from functools import lru_cache

from webhook.checks.base import Params

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

_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")


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


class Names:
    __slots__ = ("extra", "allowed")

    def __init__(self, params: Params) -> None:
        self.extra = tuple(params["extraNames"])
        self.allowed = tuple(params["allowedNames"])

    def sensitive(self, name: str) -> bool:
        return name_is_sensitive(name, self.extra, self.allowed)

    def is_allowed(self, name: str) -> bool:
        return bool(self.allowed) and is_allowed(name, self.allowed)
