"""disallow-plaintext-secrets: a config file's setting is judged without the comment after its
value (YAML's, TOML's and INI's `` # ...``, INI's `` ; ...``): ``password: 12 # min`` is a measure as
``password: 12`` is, ``tokens: 1000 # bucket`` a count as ``tokens: 1000`` is. A ``#`` with no blank
before it, or inside quotes, is part of the value (``password: ab#cd`` stays reported)."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from check_helpers import FAKE, configmap, findings

POLICY = "disallow-plaintext-secrets"

# each format: (ConfigMap key, the text setting ``name`` to ``value``)
FORMATS: dict[str, Callable[[str, str], tuple[str, str]]] = {
    "yaml": lambda n, v: ("app.yaml", f"{n}: {v}\n"),
    "yaml-nested": lambda n, v: ("app.yaml", f"limiter:\n  {n}: {v}\n"),
    "ini": lambda n, v: ("app.ini", f"[limiter]\n{n} = {v}\n"),
    "toml": lambda n, v: ("app.toml", f"[limiter]\n{n} = {v}\n"),
}


def _messages(form: str, name: str, value: str) -> list[str]:
    key, text = FORMATS[form](name, value)
    return [finding.message for finding in findings(configmap({key: text}), POLICY)]


@pytest.mark.parametrize("form", sorted(FORMATS))
@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("password", "12 # min"),
        ("password", "12\t# min"),
        ("password", '"12" # min'),
        ("password", "5m # lifetime"),
        ("password", "none # no auth"),
        ("tokens", "1000 # bucket"),
        ("tokens", "'1000' # bucket"),
        ("password_history", "24 # remembered"),
    ],
)
def test_a_value_judged_harmless_stays_so_with_a_comment_after_it(form: str, name: str, value: str) -> None:
    assert _messages(form, name, value.partition(" #")[0].partition("\t#")[0]) == []  # the same without it
    assert _messages(form, name, value) == []


@pytest.mark.parametrize("value", ["12 ; min", "none ; no auth"])
def test_an_ini_comment_after_a_semicolon_is_not_part_of_the_value(value: str) -> None:
    assert _messages("ini", "password", value) == []


@pytest.mark.parametrize("form", sorted(FORMATS))
@pytest.mark.parametrize(
    "value",
    [
        "ab#cd",  # no blank before the #: part of the value
        "12#min",
        f"{FAKE} # note",  # a literal before the comment
        "8080 # port-like, four digits",
        f'"{FAKE} # inside"',  # inside quotes: part of the value
        '"12 # min"',
        f"'none # {FAKE}'",
    ],
)
def test_a_literal_with_or_before_a_hash_is_still_reported(form: str, value: str) -> None:
    messages = _messages(form, "password", value)
    assert len(messages) == 1 and 'sets "password" in plain text' in messages[0]
    assert FAKE not in messages[0]


def test_a_number_glued_to_a_hash_under_a_count_name_is_still_reported() -> None:
    assert len(_messages("yaml", "tokens", "1000#bucket")) == 1


def test_a_long_value_with_many_blanks_and_quotes_is_read_once() -> None:
    value = ("a " * 50_000) + '"' + (" '" * 20_000) + " # note"
    started = time.process_time()
    messages = _messages("yaml", "password", value)
    assert time.process_time() - started < 5
    assert len(messages) == 1


def test_a_hash_at_an_ini_value_s_start_is_the_value() -> None:
    assert len(_messages("ini", "password", f"#{FAKE}")) == 1


@pytest.mark.parametrize("line", ["password = 12 # min", "db.tokens=1000 # bucket", "password = none ; no auth"])
def test_a_properties_value_runs_to_the_end_of_its_line(line: str) -> None:
    """A .properties file has comments on lines of their own only: `` # min`` is part of the value."""
    assert len(findings(configmap({"app.properties": line + "\n"}), POLICY)) == 1


def test_a_setting_under_a_parent_is_judged_without_its_comment() -> None:
    assert findings(configmap({"app.yaml": "jwt:\n  key: 12 # bits\n"}), POLICY) == []
    assert len(findings(configmap({"app.yaml": f"jwt:\n  key: {FAKE} # note\n"}), POLICY)) == 1
