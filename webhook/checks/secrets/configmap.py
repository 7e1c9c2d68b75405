"""ConfigMaps: the plain-text secrets in ``data`` and ``binaryData`` (base64-decoded when it is
text). A key that is itself a credential is reported without showing it; a value is judged for
credential patterns, under its key's name, or, for config files (by key suffix or content), setting
by setting through ``config_files``."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator
from typing import Any

from webhook.checks.base import Violation
from webhook.checks.secrets.config_files import DIRECTIVES, config_settings
from webhook.checks.secrets.names import Names
from webhook.checks.secrets.values import credential_kind, names_something_else, scalar_text

CONFIG_FILE_SUFFIXES = (
    ".json", ".yaml", ".yml", ".conf", ".cfg", ".ini", ".toml", ".properties", ".xml", ".env", ".sh",
    ".py", ".lua", ".js", ".tpl", ".tmpl", ".template",
)
"""ConfigMap keys that name a config file: judged by their content, not by their name."""

FIX_CONFIGMAP = "move it into a Secret and mount or reference that Secret instead"


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def _key_credential(field: str, key: str) -> Violation | None:
    """A key that is itself a credential (a token, a URL with a password): reported without
    showing it, in the message or the path (the API server refuses most such keys, the offline
    CLI reads them)."""
    kind = credential_kind(key)
    if not kind:
        return None
    return Violation(f"/{field}/<hidden key>", f"a {field} key is itself {kind} (not shown)", FIX_CONFIGMAP)


def configmap_violations(names: Names, obj: dict[str, Any]) -> Iterator[Violation]:
    data = obj.get("data")
    for key, value in (data.items() if isinstance(data, dict) else ()):
        key = str(key)
        if (leak := _key_credential("data", key)) is not None:
            yield leak
            continue
        text = scalar_text(value)
        if text is None or names.is_allowed(key):
            continue
        path = "/data/" + _escape(key)
        kind = credential_kind(text)
        if kind:
            yield Violation(path, f'key "{key}" holds {kind} in plain text', FIX_CONFIGMAP)
        elif not key.lower().endswith(CONFIG_FILE_SUFFIXES) and names.sensitive(key):
            if not names_something_else(text):
                yield Violation(path, f'key "{key}" looks like a secret', FIX_CONFIGMAP)
        elif "\n" in text or "=" in text or ":" in text or "<" in text or DIRECTIVES.match(text):
            for number, setting in config_settings(names, text):
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
            for number, setting in config_settings(names, text):
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
    return None if "\x00" in text else scalar_text(text)
