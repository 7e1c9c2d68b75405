"""disallow-plaintext-secrets: the screens before a config line's readers change no verdict. A name
judged by the shape of its value (``routing_key``, ``*auth``, ``*header(s)``) is judged in any
case, an ASCII name ending with another character is screened out before its dictionary and word
tests, a name with other characters is judged whole; a line's parent block, asked up to three times
per line, is asked again once a block opens or closes. Passwords are fake; none is shown."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages

from webhook.checks.secrets import setting_values
from webhook.checks.secrets.config_files import _Blocks
from webhook.checks.secrets.setting_values import SETTINGS_JUDGED_BY_VALUE, is_judged_by_value, names_an_auth_pair, names_headers


def _judged_unscreened(name: str) -> bool:
    """``is_judged_by_value`` as written before its screen: the dictionary, then the two word tests."""
    return name.lower() in SETTINGS_JUDGED_BY_VALUE or names_an_auth_pair(name) or names_headers(name)


_NAMES = [
    *SETTINGS_JUDGED_BY_VALUE,
    *(key.upper() for key in SETTINGS_JUDGED_BY_VALUE),
    *(key.title() for key in SETTINGS_JUDGED_BY_VALUE),
    "BASIC_AUTH", "httpAuth", "http_auth", "AUTH", "Auth", "OAUTH", "auth_mode", "authx",
    "auth_headers", "extraHeader", "EXTRA_HEADERS", "default-headers", "subheader", "headers_file", "Header",
    "routing_key", "ROUTING_KEY", "RoutingKey", "encrypt", "ENCRYPT", "Cloud.Auth",
    "setting_12", "log.level", "sub", "list", "password", "", "a", "x1", "key_", "name-",
    "cloud_aut\u0127", "routing_\u212aey", "\u212a", "basic_\u0430uth", "\u0391UTH", "cloud_\u0391\u03a5\u03a4\u0397", "ba\u0130c_auth",
]


@pytest.mark.parametrize("name", _NAMES)
def test_the_screen_of_names_judged_by_their_value_changes_no_answer(name: str) -> None:
    assert is_judged_by_value(name) is _judged_unscreened(name), name


def test_names_judged_by_their_value_are_found_in_any_case() -> None:
    judged = [name for name in _NAMES if is_judged_by_value(name)]
    assert {"ROUTING_KEY", "RoutingKey", "ENCRYPT", "CLOUD_AUTH", "Cloud.Auth", "EXTRAHEADER", "Extraheader", "BASIC_AUTH", "EXTRA_HEADERS"} <= set(judged)
    assert not {"setting_12", "log.level", "sub", "list", "password", "", "auth_mode", "subheader", "headers_file"} & set(judged)


def test_the_screen_holds_every_key_judged_by_its_value() -> None:
    """The screen's characters come from ``SETTINGS_JUDGED_BY_VALUE``'s keys, which are lower-case
    ASCII: a key written otherwise would be screened out in some of its cases."""
    assert all(key.isascii() and key == key.lower() for key in SETTINGS_JUDGED_BY_VALUE)
    for key in (*SETTINGS_JUDGED_BY_VALUE, "auth", "header", "headers"):
        assert {key[-1], key[-1].upper()} <= setting_values._JUDGED_LAST_CHARACTERS


@pytest.mark.parametrize(
    ("key", "text", "name", "line"),
    [
        ("app.conf", f"log.level = info\nCLOUD_AUTH = elastic:{FAKE}\n", "CLOUD_AUTH", 2),
        ("filebeat.yml", f"output:\n  level: info\nCloud.Auth: elastic:{FAKE}\n", "Cloud.Auth", 3),
        ("app.conf", f"[exporter]\nAUTH_HEADERS = X-Api-Key: {FAKE}\n", "AUTH_HEADERS", 2),
        ("app.yaml", f'exporter:\n  level: info\n  Basic_Auth: "clinic:{FAKE}"\n', "Basic_Auth", 3),
    ],
)
def test_a_name_judged_by_its_value_in_capitals_is_still_reported(key: str, text: str, name: str, line: int) -> None:
    messages = configmap_messages(key, text, FAKE)
    assert len(messages) == 1 and f'key "{key}" sets "{name}" in plain text (line {line})' in messages[0], messages


def test_a_line_parent_is_asked_again_once_a_block_opens() -> None:
    blocks = _Blocks()
    line = "    key: x"
    assert blocks.opened("jwt:", ["  inner:", line], 1)
    assert blocks.parent_of(line) == "jwt"
    assert blocks.parent_of(line) == "jwt"  # the same line asked again: the same answer
    assert blocks.opened("  inner:", [line], 2)
    assert blocks.parent_of(line) == "inner"  # not the answer kept for the same line before


def test_a_line_parent_is_asked_again_once_a_list_item_closes_a_block() -> None:
    blocks = _Blocks()
    line = "    key: x"
    assert blocks.opened("outer:", ["  jwt:"], 1)
    assert blocks.opened("  jwt:", [line], 2)
    assert blocks.parent_of(line) == "jwt"
    assert blocks.list_parent("- item") == "outer"  # closes jwt:, deeper than the item
    assert blocks.parent_of(line) == "outer"


def test_a_section_header_ends_the_parent_kept_for_a_line() -> None:
    blocks = _Blocks()
    line = "password = x"
    assert blocks.opened("[database]", [line], 1)
    assert blocks.parent_of(line) == "database"
    assert blocks.opened("[jwt]", [line], 2)
    assert blocks.parent_of(line) == "jwt"


def test_values_under_a_sensitive_parent_are_judged_on_every_line_of_the_block() -> None:
    text = "".join(f"jwt:\n  key: {FAKE}{i}\n  issuer: clinic\n" for i in range(3)) + f"other:\n  key: {FAKE}\n"
    messages = configmap_messages("app.yaml", text, FAKE)
    assert len(messages) == 3 and all('sets "jwt.key"' in message for message in messages), messages
