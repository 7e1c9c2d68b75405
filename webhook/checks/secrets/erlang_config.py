"""Erlang term config files: RabbitMQ's ``advanced.config`` and classic ``rabbitmq.config``, an
Erlang release's ``sys.config``. Their settings are ``{name, value}`` tuples nested in lists
(``[{rabbit, [{default_user, <<"app">>}, {default_pass, <<"...">>}]}].``); no line reader reads them."""

from __future__ import annotations

import re

from webhook.checks.secrets.names import Names
from webhook.checks.secrets.setting_values import names_an_auth_pair
from webhook.checks.secrets.values import setting_literal

_STRING = r"""(?:<<\s*+"(?:[^"\\]|\\.)*+"\s*+>>|"(?:[^"\\]|\\.)*+")"""
_TUPLE = re.compile(
    r"""\{\s*+(?P<name>[a-z][A-Za-z0-9_@]*+|'(?:[^'\\\n]|\\.)++')\s*+,\s*+"""
    r"""(?:<<\s*+(?P<binary>"(?:[^"\\]|\\.)*+")\s*+>>|(?P<string>"(?:[^"\\]|\\.)*+")"""
    rf"""|\{{\s*+{_STRING}\s*+,\s*+(?:<<\s*+(?P<pair_binary>"(?:[^"\\]|\\.)*+")\s*+>>|(?P<pair_string>"(?:[^"\\]|\\.)*+"))\s*+\}})\s*+\}}"""
)
"""A two-element tuple whose first element is an atom (``default_pass``, ``'db-password'``) and
whose second is a string: a binary (``<<"...">>``) or a character list (``"..."``), or a tuple of
two strings, a user and its password (RabbitMQ's LDAP ``{other_bind, {<<"cn=admin,...">>,
<<"...">>}}``). An atom or a number as the value is no string (``{port, 5672}``, ``{password,
undefined}``, ``{other_bind, anon}``). Each alternative after the comma starts with its own
character (``<``, ``"``, ``{``) and each string ends at its first unescaped quote: linear."""
BIND_PAIRS = frozenset({"other_bind", "dn_lookup_bind"})
"""RabbitMQ's LDAP plugin's binds, ``anon``, ``as_user`` or ``{UserDN, Password}``: the second
string of the last is a password, though the names say nothing of it."""


def is_erlang_terms(text: str) -> bool:
    """Whether ``text`` is a file of Erlang terms: past its ``%`` comment lines it starts with ``[``
    and it ends with ``].`` (a list ended by a dot, as ``file:consult/1`` reads it)."""
    body = text.rstrip()
    if not body.endswith(".") or not body[:-1].rstrip().endswith("]"):
        return False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("%"):
            return stripped.startswith("[")
    return False


def erlang_term_settings(names: Names, text: str) -> list[tuple[int, str]]:
    """(line, name) of each ``{name, "value"}`` tuple of an Erlang term file whose atom is a sensitive
    name and whose string is a literal (``{default_pass, <<"...">>}``, ``{password, "..."}``), and of
    each ``{name, {"user", "password"}}`` whose atom is a bind (``BIND_PAIRS``), ends with the word
    ``auth`` (``names_an_auth_pair``: hackney's ``basic_auth``) or is sensitive, its password a literal; a
    reference (``<<"${RABBITMQ_PASS}">>``) or an empty string sets none. Lines are counted as the
    tuples are met: linear in the text."""
    found: list[tuple[int, str]] = []
    line, at = 1, 0
    for match in _TUPLE.finditer(text):
        line += text.count("\n", at, match.start())
        at = match.start()
        name = match.group("name").strip("'")
        if (password := match.group("pair_binary") or match.group("pair_string")) is not None:
            named = name in BIND_PAIRS or names_an_auth_pair(name) or names.sensitive(name)  # {basic_auth, {"user", "..."}}
            if named and not names.is_allowed(name) and setting_literal(password) is not None:
                found.append((line, name))
            continue
        value = match.group("binary") or match.group("string") or ""
        if names.sensitive(name) and not names.is_allowed(name) and setting_literal(value) is not None:
            found.append((line, name))
    return found
