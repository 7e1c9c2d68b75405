"""The cuts for a here-document ``cat`` copies to the terminal (``cat <<EOF`` then ``password=...``
lines, all alike or all different), each with the verdicts judged as before: a script that can open
no group has none redirected (``commands._may_open_a_group``: the split's second pass spared), a full
``BoundedMemo`` keeps its last answers (a command's word judged as a setting, then as a message's, in
turn), and a message's ``NAME=value`` judged once per word (``_shows_how_to_set``)."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from tests.checks.check_helpers import FAKE, configmap_messages
from webhook.checks.secrets import commands, values
from webhook.checks.secrets.commands import _may_open_a_group, _redirected_groups
from webhook.checks.secrets.configmap import _text_found
from webhook.checks.secrets.names import Names
from webhook.checks.secrets.shell_reader import GroupMark, shell_items
from webhook.checks.secrets.values import RECENT_ANSWERS, BoundedMemo, judged_texts, texts_judged_once

NAMES = Names.of((), ())
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


def test_a_full_memo_keeps_its_last_answers_bounded_and_as_judged() -> None:
    asked: list[str] = []

    def judge(text: str) -> str:
        asked.append(text)
        return text.upper()

    memo = BoundedMemo(4)
    for text in ("a", "b", "c", "d"):
        assert memo.answer(judge, text) == text.upper()
    for number in range(RECENT_ANSWERS * 3):
        text = f"x{number}"
        assert memo.answer(judge, text) == text.upper() and memo.answer(judge, text) == text.upper()
        assert len(memo.recent) <= RECENT_ANSWERS and len(memo.answers) == 4
    assert asked.count("x5") == 1 and len(asked) == 4 + RECENT_ANSWERS * 3
    assert memo.answer(judge, "x0") == "X0" and asked.count("x0") == 2  # forgotten: judged again, the same


ENTRY_PARTS = ["cat <<EOF\n", "cat >&2 <<EOF\n", "EOF\n", "DB_PASSWORD=yourpassword\n", "password=<pw>\n", "echo DB_PASSWORD=<pw> >&2\n", "a=1\n", "{ cat <<EOF\n"]


def test_an_entry_of_many_lines_all_different_finds_what_one_judged_afresh_finds() -> None:
    rnd = random.Random(3600)
    found = 0
    for _ in range(40):
        parts = [rnd.choice(ENTRY_PARTS) if rnd.random() < 0.3 else f"password={FAKE}{number}\n" for number in range(rnd.randint(50, 400))]
        text = "#!/bin/sh\ncat <<EOF\n" + "".join(parts)
        afresh = _text_found(NAMES, "run.sh", text, "s")
        afresh_list = None if afresh is None else list(afresh)
        with texts_judged_once() as memo:
            memo.most = 16  # full at once: the last answers kept serve
            kept = _text_found(NAMES, "run.sh", text, "s")
            assert (None if kept is None else list(kept)) == afresh_list, text
            assert memo.recent and len(memo.recent) <= RECENT_ANSWERS
        found += bool(afresh_list)
    assert found > 30 and judged_texts() is None


def _lines_all_different(lines: int) -> Counter[str]:
    text = "#!/bin/sh\ncat <<EOF\n" + "".join(f"password={FAKE}{number}\nDB_PASSWORD=<pw>\n" for number in range(lines)) + "EOF\n"
    return Counter(configmap_messages("run.sh", text, FAKE))


def test_a_here_document_to_the_terminal_of_lines_all_different_reports_the_same_findings_scaled() -> None:
    small, large = _lines_all_different(3000), _lines_all_different(6000)  # past the 4,096 judgements kept
    more = 'ConfigMap "config" key "run.sh" holds {} more secrets in plain text (from line 43 on; only the first 20 are listed).'
    assert [message for message in small if message.startswith(more.format(2980))] and [message for message in large if message.startswith(more.format(5980))]
    listed_small = Counter({message: count for message, count in small.items() if " more secrets " not in message})
    listed_large = Counter({message: count for message, count in large.items() if " more secrets " not in message})
    assert listed_small == listed_large and sum(listed_small.values()) == 20
    assert all(f'sets "password" in plain text (line {line}).' in " ".join(listed_small) for line in range(3, 42, 2))
    assert values.judged_texts() is None
