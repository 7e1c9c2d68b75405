"""Store URLs fit for messages: passwords and secret parameters hidden.

``redact(url)`` hides the password of the userinfo and the value of every query parameter (or
``keyword=value`` pair) whose name looks secret: ``password``, ``passwd``, ``pwd``,
``sslpassword``, ``token``, ``secret``, ``key``, ``credential``... (any name containing one of
these, case-insensitive). ``scrub(text, url)`` hides the same values wherever a driver's message
quotes them.

A password may hold an unescaped ``@`` (``admin:S3cr3t@Pass@host``): the host list after the
userinfo never holds one, so the userinfo ends at the *last* ``@`` before the query. Without an
``@`` there (a password holding ``?``), it ends at the last ``@`` before the first ``=``; and
never before the last ``@`` ahead of the first ``/``, where libpq ends it (a password holding
``?`` or ``#`` and then ``=``).
"""

from __future__ import annotations

import re
from urllib.parse import unquote

MASK = "***"
SECRET_NAME = re.compile(r"pass|pwd|token|secret|key|credential", re.IGNORECASE)
# name=value in a query string (?a=1&b=2) or a keyword/value string (a=1 b='x y'); a value runs up
# to the next "&name=", ";name=", whitespace or "#", so an unescaped "&" in a secret stays hidden
_PARAM = re.compile(r"(^|[?&;\s])([^=&;#?\s]+)=('(?:[^'\\]|\\.)*'|.*?(?=[&;][^=&;#?\s]*=|[#\s]|$))")


def _userinfo_end(rest: str) -> int:
    """Where the userinfo of ``rest`` (the URL after ``://``) ends: the index of its ``@``, or -1.
    The later of two ends: libpq's (its userinfo runs to an ``@`` before the first ``/``, whatever
    ``?``, ``#`` or ``=`` the password holds: ``u:S3cr3t?x=y@host``), and the last ``@`` before the
    query (a password holding an unescaped ``/``, which libpq cannot read but a message may quote)."""
    slash = rest.find("/")
    libpq = rest.rfind("@", 0, slash if slash >= 0 else len(rest))
    query = min((i for i in (rest.find("?"), rest.find("#")) if i >= 0), default=len(rest))
    at = rest.rfind("@", 0, query)
    if at < 0:
        equals = rest.find("=")
        at = rest.rfind("@", 0, equals if equals >= 0 else len(rest))
    return max(at, libpq)


def _password(url: str) -> str | None:
    """The userinfo password of ``url`` as written (percent-escapes kept), or None."""
    _, sep, rest = url.partition("://")
    at = _userinfo_end(rest) if sep else -1
    if at < 0:
        return None
    _, colon, password = rest[:at].partition(":")
    return password if colon else None


def redact(url: str) -> str:
    """``url`` without its password and secret parameter values, fit for messages."""
    scheme, sep, rest = url.partition("://")
    if sep:
        at = _userinfo_end(rest)
        if at >= 0:
            user, colon, _ = rest[:at].partition(":")
            if colon:
                rest = f"{user}:{MASK}{rest[at:]}"
        url = scheme + sep + rest

    def hide(match: re.Match[str]) -> str:
        lead, name, value = match.group(1), match.group(2), match.group(3)
        return f"{lead}{name}={MASK}" if value and SECRET_NAME.search(unquote(name)) else match.group(0)

    return _PARAM.sub(hide, url)


def secrets(url: str) -> list[str]:
    """The secret values ``url`` holds, as written and percent-decoded, longest first."""
    found: set[str] = set()
    password = _password(url)
    if password:
        found |= {password, unquote(password)}
    for match in _PARAM.finditer(url.partition("://")[2] or url):
        name, value = match.group(2), match.group(3)
        if value and SECRET_NAME.search(unquote(name)):
            value = value[1:-1] if len(value) > 1 and value[0] == value[-1] == "'" else value
            found |= {value, unquote(value)}
    return sorted((s for s in found if s), key=len, reverse=True)


def awkward_password(url: str) -> bool:
    """True when the password holds an unescaped ``@`` or ``/``: drivers split the URL there, so
    their messages may quote a piece of it as a host or port."""
    password = _password(url)
    return password is not None and ("@" in password or "/" in password)


def scrub(text: str, url: str) -> str:
    """``text`` (a driver's message) with ``url`` redacted and every secret value it holds hidden."""
    text = text.replace(url, redact(url))
    for secret in secrets(url):
        text = text.replace(secret, MASK)
    return text
