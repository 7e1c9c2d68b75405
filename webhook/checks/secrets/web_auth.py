"""The users of a web server's or a mail server's own authentication, as its config file lists them,
each line whose password is written out in plain text: Traefik's ``basicAuth``/``digestAuth``
``users`` (``user:hash`` entries, judged as an htpasswd line is: ``htpasswd_lines``), Caddy's
``basicauth``/``basic_auth`` block (``user hash``; Caddy wants a bcrypt hash there), Exim's
``client_send`` of a ``plaintext`` authenticator and Mailcow's ``DBROOT`` (the MySQL root password,
in a ``mailcow.conf`` that sets ``DBPASS`` and ``DBNAME`` too). Each reader passes over the text once."""

from __future__ import annotations

import base64
import binascii
import re

from webhook.checks.secrets.password_files import htpasswd_lines
from webhook.checks.secrets.setting_values import setting_holds_a_secret

_TRAEFIK_AUTH = re.compile(r"(?i:(?:basic|digest)auth)")
"""Traefik's basic and digest authentication middlewares, as a key, a section or a label part names them."""
_TRAEFIK_LABEL_USERS = re.compile(
    r"traefik\.http\.middlewares\.[\w\-]++\.(?P<kind>(?i:(?:basic|digest)auth))\.users[ \t]*+[=:][ \t]*+[\"']?+(?P<users>[^\s\"']++)"
)
"""A label setting a Traefik middleware's users (``traefik.http.middlewares.x.basicauth.users=a:h,b:h``)."""
_YAML_KEY = re.compile(r"([ \t]*+)[\"']?+([A-Za-z_][\w\-]*+)[\"']?+[ \t]*+:[ \t]*+(?:#.*+)?+\r?")
"""A YAML line holding a key alone (a block opens under it)."""
_YAML_ITEM = re.compile(r"([ \t]*+)-[ \t]++(?:\"([^\"\s]*+)\"|'([^'\s]*+)'|([^\s\"'#][^\s#]*+))[ \t]*+(?:#.*+)?+\r?")
"""A YAML list item of one word, quoted or not (``- "admin:$apr1$..."``)."""
_TOML_SECTION = re.compile(r"[ \t]*+\[\[?+([^\]\r\n]*+)\]\]?+[ \t]*+(?:#.*+)?+\r?")
_TOML_USERS = re.compile(r"[ \t]*+users[ \t]*+=[ \t]*+\[([^\]#\r\n]*+)(\]?+)")
_TOML_STRING = re.compile(r"\"([^\"\\\r\n]*+)\"|'([^'\r\n]*+)'")


def _plain_user(entry: str) -> bool:
    """Whether a Traefik ``users`` entry (``user:password``, ``user:realm:hash``) holds a password in
    plain text; a docker-compose label's ``$$`` is one ``$``."""
    return bool(htpasswd_lines(entry.replace("$$", "$")))


def traefik_user_lines(text: str) -> list[tuple[int, str]]:
    """(line, setting) of each Traefik ``users`` entry holding a password in plain text: a YAML list
    under ``basicAuth:``/``digestAuth:`` ``users:``, a TOML ``users = [...]`` in such a section (on one
    line or over lines) and a label (``...basicauth.users=admin:...``, comma-separated users)."""
    if "users" not in text or _TRAEFIK_AUTH.search(text) is None:
        return []
    found: list[tuple[int, str]] = []
    auth: tuple[int, str] | None = None  # the YAML basicAuth:/digestAuth: key open: its column, its name
    users = -1  # the column of its users: key, -1 when none is open
    section = ""  # the TOML section's auth middleware, "" when another
    toml_list = False  # a TOML users = [ left open
    for number, line in enumerate(text.splitlines(), start=1):
        if "users" in line and (label := _TRAEFIK_LABEL_USERS.search(line)) is not None:
            if any(_plain_user(entry) for entry in label.group("users").split(",")):
                found.append((number, f"{label.group('kind')}.users"))
            continue
        if toml_list:
            items = line.split("]", 1)
            if any(_plain_user(a or b) for a, b in _TOML_STRING.findall(items[0])):
                found.append((number, f"{section}.users"))
            toml_list = len(items) == 1
            continue
        stripped = line.lstrip(" \t")
        if not stripped or stripped[:1] == "#":
            continue
        column = len(line) - len(stripped)
        if stripped[:1] == "[" and (header := _TOML_SECTION.fullmatch(line)) is not None:
            kind = _TRAEFIK_AUTH.search(header.group(1))
            section = kind.group() if kind is not None and header.group(1).endswith(kind.group()) else ""
            auth, users = None, -1
            continue
        if section and stripped[:5] == "users" and (listed := _TOML_USERS.match(line)) is not None:
            if any(_plain_user(a or b) for a, b in _TOML_STRING.findall(listed.group(1))):
                found.append((number, f"{section}.users"))
            toml_list = not listed.group(2)
            continue
        if users >= 0 and stripped[:1] == "-" and column >= users and (item := _YAML_ITEM.fullmatch(line)) is not None:
            if auth is not None and _plain_user(item.group(2) or item.group(3) or item.group(4) or ""):
                found.append((number, f"{auth[1]}.users"))
            continue
        if users >= 0 and column <= users:
            users = -1
        if auth is not None and column <= auth[0]:
            auth = None
        if (key := _YAML_KEY.fullmatch(line)) is not None:
            name = key.group(2)
            if _TRAEFIK_AUTH.fullmatch(name) is not None:
                auth, users = (column, name), -1
            elif auth is not None and name == "users":
                users = column
    return found


_CADDY_OPENER = re.compile(r"[ \t]*+(basic_?auth)(?:[ \t]++[^\s{}#][^{}#\r\n]*+)?+[ \t]*+\{[ \t]*+(?:#.*+)?+\r?")
"""A Caddyfile's ``basicauth [<matcher>] [<hash algorithm> [<realm>]] {`` (``basic_auth`` since Caddy 2.8)."""
_CADDY_ACCOUNT = re.compile(r"[ \t]*+(?:\"[^\"\r\n]++\"|[^\s{}#\"]++)[ \t]++(\"[^\"\r\n]++\"|[^\s{}#\"]++)(?:[ \t]++[^\s#]++)?+[ \t]*+(?:#.*+)?+\r?")
"""An account line in that block: a user, then the password's hash (then, in early Caddy 2, a salt)."""
_BCRYPT = re.compile(r"\$2[abxy]?+\$\d\d\$[./0-9A-Za-z]{53}")
"""A bcrypt hash, as ``caddy hash-password`` writes it."""


def _caddy_hash(password: str) -> bool:
    """Whether a Caddy account's password is a hash (bcrypt, or its base64 as early Caddy 2 wanted:
    ``JDJhJDE0...``) or a placeholder (``{env.X}``, ``{$X}``, ``{file./run/...}``)."""
    if password[:1] == "{" or _BCRYPT.fullmatch(password) is not None:
        return True
    if password[:3] != "JDJ":
        return False
    try:
        decoded = base64.b64decode(password, validate=True).decode("ascii")
    except (binascii.Error, UnicodeDecodeError):
        return False
    return _BCRYPT.fullmatch(decoded) is not None


def caddy_basicauth_lines(text: str) -> list[tuple[int, str]]:
    """(line, setting) of each account of a Caddyfile's ``basicauth``/``basic_auth`` block whose password
    is written out instead of its bcrypt hash (Caddy refuses it, but the password is in the file all the same)."""
    if "auth" not in text or "{" not in text:
        return []
    found: list[tuple[int, str]] = []
    block = ""  # the directive of the basicauth block open, "" when none
    for number, line in enumerate(text.splitlines(), start=1):
        if not block:
            if "auth" in line and (opener := _CADDY_OPENER.fullmatch(line)) is not None:
                block = opener.group(1)
            continue
        if line.lstrip(" \t")[:1] == "}":
            block = ""
            continue
        if (account := _CADDY_ACCOUNT.fullmatch(line)) is None:
            continue
        password = account.group(1).strip('"')
        if not _caddy_hash(password) and setting_holds_a_secret(password, "password"):
            found.append((number, block))
    return found


_EXIM_CLIENT_SEND = re.compile(r"[ \t]*+client_send[ \t]*+=(.*+)")
"""Exim's ``client_send = ...`` option, the strings a ``plaintext`` authenticator sends the server."""


def exim_client_send_lines(text: str) -> list[tuple[int, str]]:
    """(line, setting) of each ``client_send`` of an Exim config with a ``plaintext`` authenticator whose
    last string, the password after the user's, is written out: ``: user : ...`` (LOGIN, a list split at ``:``, ``::``
    a colon) or ``^user^...`` (PLAIN); an expansion (``${extract{...}}``, ``${lookup...}``, ``$auth1``) is none."""
    if "client_send" not in text or "plaintext" not in text:
        return []
    found: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if "client_send" not in line or (option := _EXIM_CLIENT_SEND.fullmatch(line)) is None:
            continue
        value = option.group(1).strip()
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1]
        if "$" in value or not value:
            continue  # an expansion Exim fills in when it sends
        parts = value.split("^") if value[:1] == "^" else value.replace("::", "\0").split(":")
        strings = [string for part in parts if (string := part.strip().replace("\0", ":"))]
        if len(strings) >= 2 and setting_holds_a_secret(strings[-1], "password"):
            found.append((number, "client_send"))
    return found


_MAILCOW_SETTING = re.compile(r"^(DBPASS|DBNAME)=", re.MULTILINE)
_MAILCOW_DBROOT = re.compile(r"DBROOT=(.*+)")


def mailcow_dbroot_lines(text: str) -> list[tuple[int, str]]:
    """(line, ``DBROOT``) for Mailcow's MySQL root password written out in a ``mailcow.conf`` (a text
    that sets ``DBPASS`` and ``DBNAME`` too, as Mailcow's does); ``DBROOT`` elsewhere is none (a path)."""
    if "DBROOT=" not in text or len({match.group(1) for match in _MAILCOW_SETTING.finditer(text)}) < 2:
        return []
    found: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line[:7] == "DBROOT=" and (setting := _MAILCOW_DBROOT.fullmatch(line)) is not None:
            value = setting.group(1).strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            if setting_holds_a_secret(value, "password"):
                found.append((number, "DBROOT"))
    return found


def web_and_mail_auth_lines(text: str) -> list[tuple[int, str]]:
    """(line, setting) of each password these readers find written out, by line."""
    return sorted({*traefik_user_lines(text), *caddy_basicauth_lines(text), *exim_client_send_lines(text), *mailcow_dbroot_lines(text)})
