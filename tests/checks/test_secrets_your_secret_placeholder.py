"""disallow-plaintext-secrets: one judgement of ``your`` and a secret's name, ``values.names_the_secret_only``,
with a switch for the glued form: a placeholder (its default) does not take ``yourpassword`` (a dummy
password, deployed as it is), a usage message (``glued``: ``commands._shows_how_to_set``) does, as
``commands._YOUR_SECRET`` did. No change in verdicts: the usage-message judgement is the one it was."""

from __future__ import annotations

import itertools
import re
import time

import pytest
from check_helpers import configmap, decide, everything_shown, key_and_sh_c_messages, script_pod

from webhook.checks.secrets.commands import _NESTED_ASSIGNMENT, _shows_how_to_set
from webhook.checks.secrets.names import Names
from webhook.checks.secrets.values import SECRET_WORD, names_the_secret_only, shell_literal

_OLD_YOUR_SECRET = re.compile(r"(?i:your)[_\-]?+[A-Za-z]++(?:[_\-][A-Za-z]++)*+")
GLUED = ["yourpassword", "YOURAPITOKEN", "yourdbpassword", "Yourtoken", "yoursecretkey"]
APART = ["your-password", "YOUR_API_TOKEN", "YourPassword", "your_db_password", "your-api-key"]


def _old_shows_how_to_set(names: Names, word: str, problem: str) -> bool:
    """``commands._shows_how_to_set`` as it was before the judgement was shared (its own ``_YOUR_SECRET``)."""
    pair = _NESTED_ASSIGNMENT.match(word) if problem[:6] == 'sets "' else None
    if pair is None or not names.sensitive(pair.group(1)):
        return False
    value = pair.group(2).strip("\"'")
    value = value.split(None, 1)[0] if value.strip() else ""
    end = len(value)
    while end >= 2 and value[end - 2] == "\\" and value[end - 1] in "ntr":
        end -= 2
    value = value[:end]
    value = value.rstrip(".,;:)\"'") or value
    if not value:
        return False
    return shell_literal(value) is None or (_OLD_YOUR_SECRET.fullmatch(value) is not None and SECRET_WORD.search(value[4:]) is not None)


def _values() -> list[str]:
    parts = ["your", "YOUR", "Your", "enter", "my", "db", "password", "Password", "token", "api", "key", "here", "keyboard", "x1", "pw", ""]
    seps = ["", "_", "-", "."]
    found = []
    for a, b, c in itertools.product(parts, parts, parts):
        for s1, s2 in itertools.product(seps, seps):
            value = a + (s1 + b if b else "") + (s2 + c if c else "")
            if value:
                found.append(value)
    return found


def test_a_placeholder_does_not_take_the_glued_form_a_message_does() -> None:
    for value in GLUED:
        assert not names_the_secret_only(value), value
        assert names_the_secret_only(value, glued=True), value
    for value in APART:
        assert names_the_secret_only(value) and names_the_secret_only(value, glued=True), value
    for value in ["your-dog", "yours", "your", "your1password", "hunter2", "password"]:
        assert not names_the_secret_only(value, glued=True), value


def test_the_usage_message_judgement_is_the_one_it_was() -> None:
    names = Names.of((), ())
    values = _values()
    assert len(values) > 20_000
    problem = 'sets "DB_PASSWORD" in plain text'
    changed = [value for value in values for word in (f"DB_PASSWORD={value}", f"DB_PASSWORD={value}\\n", f'DB_PASSWORD="{value}" is required')
               if _shows_how_to_set(names, word, problem) != _old_shows_how_to_set(names, word, problem)]
    assert changed == []
    assert sum(_shows_how_to_set(names, f"DB_PASSWORD={value}", problem) for value in values) > 1_000  # both ways judged


@pytest.mark.parametrize("value", GLUED[:2] + APART[:2])
def test_a_usage_message_with_your_and_a_secret_is_harmless_written_to_a_file_it_is_reported(value: str) -> None:
    assert key_and_sh_c_messages(f'echo "DB_PASSWORD={value}" >&2\n') == [[], []]
    in_key, in_sh_c = key_and_sh_c_messages(f'echo "DB_PASSWORD={value}" > /etc/app.env\n')
    assert (len(in_key), len(in_sh_c)) == ((1, 1) if value in GLUED else (0, 0))
    for script in (f'echo "DB_PASSWORD={value}" >&2\n', f'echo "DB_PASSWORD={value}" > /etc/app.env\n'):
        for obj in (configmap({"run.sh": script}), script_pod(script)):
            assert value not in everything_shown(decide(obj))


def test_a_long_word_is_judged_in_linear_time() -> None:
    for text in ("your" + "_a" * 32_000, "your" + "a" * 65_536 + "!", "your-" + "-a" * 30_000 + "_"):
        started = time.perf_counter()
        names_the_secret_only(text, glued=True)
        assert time.perf_counter() - started < 1.0
