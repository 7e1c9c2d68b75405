"""HTTP headers that carry a credential (``Authorization: Bearer ...``, ``X-Api-Key: ...``), wherever
a header is written: config files, header lists in variables, and programs' header options
(``curl -H``), and the ``httpGet`` probes and hooks of containers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

from webhook.checks.base import Violation
from webhook.checks.secrets.names import Names, token_runs_hidden
from webhook.checks.secrets.values import credential_kind, is_placeholder, shell_literal

SENSITIVE_HEADERS = frozenset({"authorization", "proxy-authorization", "helicone-auth"})
"""HTTP headers (case-insensitive) that carry a credential, after a scheme (``Bearer``), although
their name does not say so; other headers are judged by their name (``X-Api-Key``,
``X-Auth-Token``)."""
_SCHEMES = frozenset({"basic", "bearer", "digest", "negotiate", "ntlm", "token", "aws4-hmac-sha256", "hoba", "mutual"})
KEY_HEADERS = frozenset(
    {"x-honeycomb-team", "signoz-ingestion-key", "dd-application-key", "x-jfrog-art-api", "ocp-apim-subscription-key", "x-functions-key"}
)
"""Headers that carry a key under a name that says nothing of it: Honeycomb's ``x-honeycomb-team``,
SigNoz Cloud's ``signoz-ingestion-key``, Datadog's application key, JFrog Artifactory's API key,
Azure API Management's subscription key and Azure Functions' function key."""
NOT_CREDENTIAL_HEADERS = frozenset({"x-csrf-token", "x-xsrf-token", "csrf-token"})
"""Headers with a sensitive-looking name that carry no credential: an anti-forgery token is good
only with the session it was issued to (SAP's ``X-CSRF-Token: fetch`` asks for one)."""
_TOKEN = r"[A-Za-z0-9!#$%&'*+.^_`|~\-]++"
HEADER_NAME = re.compile(rf"^{_TOKEN}$")
"""An HTTP header name (a token): only then is a header's name shown in a message."""
_SHELL_LITERAL = r"""(?:'(?P<single>[^']*+)'|"(?P<double>[^"`\\]*+)"|(?P<bare>[^\s|'"`\\()]++))"""
_BASE64_COMMAND = r"base64(?:[ \t]++(?:-w[ \t]*+0|--wrap=0))?+"
_ENCODED_BY_THE_SHELL = (
    re.compile(
        rf"""^(?:\$\(|`)[ \t]*+(?:echo|printf)(?:[ \t]++-[neE]++|[ \t]++(['"]?+)%s\1)*+[ \t]++{_SHELL_LITERAL}"""
        rf"""[ \t]*+\|[ \t]*+{_BASE64_COMMAND}[ \t]*+(?:\)|`)$"""
    ),
    re.compile(rf"""^(?:\$\(|`)[ \t]*+{_BASE64_COMMAND}[ \t]*+<<<[ \t]*+{_SHELL_LITERAL}[ \t]*+(?:\)|`)$"""),
)
"""``$(echo -n 'user:password' | base64)``, ``$(base64 <<< user:password)``: a Basic credential
encoded by the shell, from a literal password (the user may be a variable: ``"$USER:..."``)."""
_HEADER_LIST = re.compile(rf"^[ \t]*+{_TOKEN}[ \t]*+=[^,]*+(?:,[ \t]*+{_TOKEN}[ \t]*+=[^,]*+)*+$")
"""``name=value,name=value``: OpenTelemetry's ``OTEL_EXPORTER_OTLP_HEADERS`` (values URL-encoded)."""


def credential_header_name(names: Names, text: str) -> str | None:
    """The name of a whole HTTP header written ``Name: value`` (``curl -H``, git's ``http.extraHeader``)
    that carries a credential in plain text (``header_credential``), or None: no header, or none there."""
    name, colon, value = text.partition(":")
    name = name.strip()
    if not colon or HEADER_NAME.match(name) is None:
        return None  # @file (headers read from a file), or not a header
    return name if header_credential(names, name, value) else None


def header_credential(names: Names, name: str, value: str) -> bool:
    """Whether an HTTP header carries a credential in plain text: ``Authorization`` always, other
    headers by their name (``X-Api-Key``). The scheme of an ``Authorization`` value (``Bearer``,
    ``Basic``) is not the credential: the word after it is."""
    value = value.strip()
    if not value or names.is_allowed(name) or name.lower() in NOT_CREDENTIAL_HEADERS:
        return False
    if name.lower() in SENSITIVE_HEADERS:
        scheme, _, credential = value.partition(" ")
        if not credential.strip() and scheme.lower() in _SCHEMES:
            return False  # curl -H "Authorization: Negotiate" --negotiate: the credential comes from elsewhere
        value = credential.strip() or scheme
        if scheme.lower() == "basic" and (encoded := _shell_encoded(value)) is not None:
            _, colon, password = (encoded.group("single") or encoded.group("double") or encoded.group("bare") or "").partition(":")
            return bool(colon and password) and not is_placeholder(password) and shell_literal(password) is not None
    elif name.lower() not in KEY_HEADERS and not names.sensitive(name):
        return False
    return shell_literal(value) is not None


def _shell_encoded(value: str) -> re.Match[str] | None:
    """The match of a Basic credential the shell encodes (``_ENCODED_BY_THE_SHELL``), or None."""
    if value[:1] not in ("$", "`"):
        return None
    return _ENCODED_BY_THE_SHELL[0].match(value) or _ENCODED_BY_THE_SHELL[1].match(value)


HEADERS_COUNTED = 1000
"""Headers of one list that ``header_list_settings`` returns at most."""


def header_list_settings(names: Names, key: str, text: str) -> list[str]:
    """The name of each header of a ``name=value,name=value`` list under a ``..._HEADERS`` key or
    variable (OpenTelemetry's ``OTEL_EXPORTER_OTLP_HEADERS=x-honeycomb-team=...``,
    ``OTEL_EXPORTER_OTLP_TRACES_HEADERS``) that carries a credential in plain text, in order (at
    most ``HEADERS_COUNTED``): by its name (``header_credential``) or by its value's shape under any
    name. Values are URL-decoded first (``Authorization=Basic%20...``). A message shows each by
    ``token_runs_hidden``: a header may be named by a credential."""
    if not key.upper().endswith("HEADERS") or "=" not in text or _HEADER_LIST.match(text) is None:
        return []
    found: list[str] = []
    for entry in text.split(","):
        name, _, value = entry.partition("=")
        name, value = name.strip(), unquote(value)
        if header_credential(names, name, value) or (not names.is_allowed(name) and credential_kind(value) is not None):
            found.append(name)
            if len(found) >= HEADERS_COUNTED:
                break
    return found


# the handler may be a probe's or a lifecycle hook's: the fix names neither
FIX_HTTP_HEADER = (
    "an httpGet header cannot read a Secret: point the httpGet at an endpoint that needs no credential, "
    "or use an exec handler that reads it from a mounted Secret"
)
FIX_HTTP_QUERY = (
    "an httpGet path cannot read a Secret: point the httpGet at an endpoint that needs no credential, "
    "or use an exec handler that reads it from a mounted Secret"
)
HttpGetHeader = tuple[str, int, str, str]
"""(where: "livenessProbe", "lifecycle/preStop"; index in httpHeaders; name; value), or the
handler's path with a query: (where, ``PATH_QUERY``, "", path)."""
PATH_QUERY = -1
_QUERY_NAME = re.compile(r"[A-Za-z_][\w.\-\[\]]{0,63}")
"""A query parameter name shown in a message (anything else is not shown)."""
NOT_CREDENTIAL_PARAMETERS = frozenset({"csrftoken", "xsrftoken", "pagetoken", "nexttoken", "continuationtoken", "synctoken"})
"""Query parameters (lower case, without ``_``, ``-`` and ``.``) with a sensitive-looking name that
carry no credential: anti-forgery tokens and the cursors of paginated APIs."""


def query_credentials(names: Names, path: str) -> Iterator[str]:
    """The names of the query parameters of an HTTP path that carry a credential in plain text
    (``/healthz?token=...``, ``?access_token=``, ``?api_key=``): a sensitive name with a literal
    value that is no placeholder, or a value that looks like a credential under any name. Names and
    values are URL-decoded first; a name that is not a plain word is yielded as ""."""
    query = path.partition("?")[2].partition("#")[0]
    for parameter in query.split("&"):
        raw_name, equals, raw_value = parameter.partition("=")
        name, value = unquote(raw_name).strip(), unquote(raw_value).strip()
        if not equals or not value or not name or names.is_allowed(name):
            continue
        folded = name.lower().replace("_", "").replace("-", "").replace(".", "")
        if folded in NOT_CREDENTIAL_PARAMETERS:
            continue
        named = names.sensitive(name) and shell_literal(value) is not None and not is_placeholder(value)
        if named or credential_kind(value) is not None:
            yield name if _QUERY_NAME.fullmatch(name) else ""


def collect_http_headers(headers: Any, where: str, out: list[HttpGetHeader]) -> None:
    """Adds the name and value of each header of an ``httpGet`` handler's ``httpHeaders`` to ``out``."""
    for index, header in enumerate(headers if isinstance(headers, list) else ()):
        name = header.get("name") if isinstance(header, dict) else None
        value = header.get("value") if isinstance(header, dict) else None
        if isinstance(name, str) and isinstance(value, str):
            out.append((where, index, name, value))


def http_get_header_violations(names: Names, headers: list[HttpGetHeader], pointer: str, label: str) -> Iterator[Violation]:
    """The headers of httpGet probes and hooks that carry a credential in plain text (``httpHeaders:
    [{name: Authorization, value: Bearer ...}]``), judged like any header."""
    for where, index, name, value in headers:
        if index == PATH_QUERY:
            yield from _query_violations(names, where, value, pointer, label)
        elif HEADER_NAME.match(name) and header_credential(names, name, value):
            shown = where.replace("/", ".")
            yield Violation(
                f"{pointer}/{where}/httpGet/httpHeaders/{index}/value",
                f"{shown}.httpGet sends a credential in its {token_runs_hidden(name)} header in plain text",
                FIX_HTTP_HEADER,
                label,
                f"{shown}.httpGet:{name}",
            )


def _query_violations(names: Names, where: str, path: str, pointer: str, label: str) -> Iterator[Violation]:
    """The query parameters of an httpGet handler's path that carry a credential in plain text."""
    shown = where.replace("/", ".")
    for name in query_credentials(names, path):
        parameter = f'query parameter "{token_runs_hidden(name)}"' if name else "a query parameter (name not shown)"
        yield Violation(
            f"{pointer}/{where}/httpGet/path",
            f"{shown}.httpGet sends a credential in its path ({parameter}) in plain text",
            FIX_HTTP_QUERY,
            label,
            f"{shown}.httpGet:?{name}",
        )
