"""The cuts for a here-document ``cat`` copies to the terminal (``cat <<EOF`` then ``password=...``
lines, all alike or all different), each with the verdicts judged as before: a script that can open
no group has none redirected (``commands._may_open_a_group``: the split's second pass spared), a full
``BoundedMemo`` keeps its last answers (a command's word judged as a setting, then as a message's, in
turn), and a message's ``NAME=value`` judged once per word (``_shows_how_to_set``)."""

from __future__ import annotations

import random

import pytest

from tests.checks.check_helpers import FAKE
from webhook.checks.secrets import commands
from webhook.checks.secrets.commands import _may_open_a_group, _redirected_groups
from webhook.checks.secrets.shell_reader import GroupMark, shell_items

PARTS = [
    "cat <<EOF\n", "EOF\n", f"password={FAKE}\n", "echo x > f\n", "{ echo a; } > f\n", "( echo b ) 2> f\n", "if true; then\n", "fi > f\n",
    "while read x; do\n", "done | tee f\n", "x=$(cat <<EOF\n", "cat <<< `echo a | b`\n", "case $a in\n", "esac\n", "cat >&2 <<EOF\n",
    "}\n", ")\n", "done\n", "for x in a; do echo a; done > f\n", "until x; do :; done\n", "DB_PASSWORD=<pw>\n", "a=1 b=2\n",
]


def test_a_script_that_may_open_no_group_has_none_redirected(monkeypatch: pytest.MonkeyPatch) -> None:
    rnd = random.Random(360)
    screened = redirected = 0
    for _ in range(600):
        script = "".join(rnd.choice(PARTS) for _ in range(rnd.randint(1, 10)))
        expected = _redirected_groups.__wrapped__(script)  # type: ignore[attr-defined]
        if not _may_open_a_group(script):
            screened += 1
            assert not any(isinstance(item, GroupMark) and item.opens for item in shell_items(script)), script
            assert expected == (([], []), ([], []))
        with monkeypatch.context() as patched:
            patched.setattr(commands, "_may_open_a_group", lambda _: True)  # the whole pass, as before
            assert _redirected_groups.__wrapped__(script) == expected, script  # type: ignore[attr-defined]
        redirected += bool(expected[0][0])
    assert screened > 20 and redirected > 100
