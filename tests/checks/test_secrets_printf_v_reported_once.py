"""disallow-plaintext-secrets: ``printf -v NAME FORMAT WORD...`` sets NAME to the text its words
make; a ``NAME=value`` word among them is part of that text, not a setting of its own. Both were
reported, two findings with the same path and message for one secret (``printf -v DB_PASSWORD '%s'
VALUE is DB_PASSWORD=VALUE``); now once, in ``sh -c``'s argument and a ConfigMap's run.sh alike. A
word with another problem among them and a second command setting the name stay findings of their
own. Values are fakes."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap, decide, everything_shown, script_pod

POLICY = "disallow-plaintext-secrets"
WORD = "Zq7fakePW9"  # one word: printf's value


def _messages(script: str) -> list[list[str]]:
    """The messages on ``script`` as sh -c's argument and as a ConfigMap's run.sh, with each
    finding's path; neither decision shows the fake values."""
    result = []
    for obj in (script_pod(script), configmap({"run.sh": script})):
        decision = decide(obj)
        shown = everything_shown(decision)
        assert WORD not in shown and FAKE not in shown, shown
        result.append([f"{f.path} {f.message}" for f in decision.findings if f.policy == POLICY])
    return result


@pytest.mark.parametrize(
    "script",
    [
        f"printf -v DB_PASSWORD '%s' {WORD} is DB_PASSWORD={WORD}",
        f"printf -v DB_PASSWORD '%s' DB_PASSWORD={WORD}; exec app",
        f"cd /srv && printf -v DB_PASSWORD '%s=%s' DB_PASSWORD {WORD} DB_PASSWORD={WORD}",
    ],
)
def test_a_setting_among_printf_v_words_is_its_text(script: str) -> None:
    for messages in _messages(script):
        assert len(messages) == 1, messages
        assert 'sets "DB_PASSWORD"' in messages[0]


def test_another_problem_among_the_words_stays_its_own() -> None:
    for messages in _messages(f"printf -v DB_PASSWORD '%s' {WORD} --token={WORD}x"):
        assert len(messages) == 2, messages
        assert any('sets "DB_PASSWORD"' in m for m in messages) and any('sets "--token"' in m for m in messages)


def test_a_second_command_setting_the_name_stays_its_own() -> None:
    for messages in _messages(f"printf -v DB_PASSWORD '%s' {WORD}; DB_PASSWORD={WORD}x"):
        assert len(messages) == 2, messages


def test_env_words_before_printf_are_still_judged() -> None:
    for messages in _messages(f"API_TOKEN={WORD}x printf -v DB_PASSWORD '%s' {WORD}"):
        assert len(messages) == 2, messages
