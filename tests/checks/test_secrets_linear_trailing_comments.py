"""disallow-plaintext-secrets: the comment after a value that starts with a reference (``${PW:-}x
# note``, ``_TRAILING_COMMENT``) is found in time linear in the value's length, also when the value
holds a long run of blanks that no comment follows."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap, decide, everything_shown

from webhook.checks.secrets.values import setting_literal

POLICY = "disallow-plaintext-secrets"


@pytest.mark.parametrize(
    ("value", "literal"),
    [
        (f"${{PW:-}}{FAKE}   # note", True),  # the text glued to the reference is written there
        (f"${{PW:-}}{FAKE}\t; note", True),
        (f"${{db-password}}-{FAKE}  # note", True),
        (f"${{PW:-}}   # {FAKE}", False),  # in the comment only
        (f"${{PW}}   // {FAKE}", False),
    ],
)
def test_a_comment_after_a_reference_is_set_apart_as_before(value: str, literal: bool) -> None:
    assert (setting_literal(value) is not None) is literal


def _review_seconds(text: str) -> float:
    """The processor time one review of a ConfigMap holding ``text`` as advanced.config takes (the
    other engineers' tests on a shared machine are not counted)."""
    started = time.process_time()
    decide(configmap({"advanced.config": text}))
    return time.process_time() - started


def _text(blanks: int) -> str:
    return f'[{{rabbit, [{{default_user, <<"app">>}}, {{default_pass, <<"{FAKE}">>}}, {{loopback_users, <<"${{PW:-}}x{" " * blanks}x">>}}]}}].\n'


@pytest.mark.timeout(120)
def test_a_long_run_of_blanks_after_a_reference_is_read_in_linear_time() -> None:
    """``<<"${PW:-}x`` and 64 KiB of blanks before ``x">>``: the comment after the value was looked
    for from each blank, each time to the run's end (64 KiB: 10 s, as in a JSON or XML value). 16
    times the blanks take about 16 times the time, and the password beside it is reported, its
    value shown nowhere."""
    _review_seconds(_text(10))
    small = min(_review_seconds(_text(4096 + run)) for run in range(3))
    large = _review_seconds(_text(65536))
    assert large < 40 * max(small, 0.005), (small, large)  # linear: about 16 times
    decision = decide(configmap({"advanced.config": _text(65536)}))
    messages = [finding.message for finding in decision.findings if finding.policy == POLICY]
    assert len(messages) == 1 and "default_pass" in messages[0], messages
    assert FAKE not in everything_shown(decision)
