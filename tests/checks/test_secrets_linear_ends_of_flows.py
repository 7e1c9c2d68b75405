"""disallow-plaintext-secrets: what follows a list or a mapping written on one line (``db: [a] ;``,
``env: [...]  # note``, ``AFTER_FLOW``) is found in time linear in the line's length, also when it
is a long run of `` ;`` that ends in neither a comment nor the end of the line."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap, decide, everything_shown

from webhook.checks.secrets.mappings import AFTER_FLOW

POLICY = "disallow-plaintext-secrets"


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("db: [a] ; ; ;note", "db: [a]"),  # separators, then a comment from the last `` ;``
        ("db: [a] ; ; x", "db: [a]"),  # a comment from an earlier `` ;``: nothing follows but its text
        ("db: {a: 1} ,;  # the app's", "db: {a: 1}"),
        ("db: [a],;", "db: [a]"),
        ("db: [a] ; ; x]", "db: [a] ; ; x]"),  # a ``]`` after it: no comment, kept whole
        ("db: [a],;x", "db: [a],;x"),  # no blank before ``x``: no comment
    ],
)
def test_what_follows_a_flow_on_its_line_is_taken_off_as_before(text: str, kept: str) -> None:
    assert AFTER_FLOW.sub("", text) == kept


def _review_seconds(text: str) -> float:
    """The processor time one review of a ConfigMap holding ``text`` as values.yaml takes (the other
    engineers' tests on a shared machine are not counted)."""
    started = time.process_time()
    decide(configmap({"values.yaml": text}))
    return time.process_time() - started


def _text(count: int) -> str:
    return f"password: {FAKE}\ndb: [a]" + " ;" * count + "x]\n"


@pytest.mark.timeout(120)
def test_a_long_run_of_separators_after_a_flow_is_read_in_linear_time() -> None:
    """``db: [a] ; ; ;...x]``: every `` ;`` may start a comment, and each was read to the line's
    end as one (64 KiB: 20 s and more). 16 times the line takes about 16 times the time, and the
    password on the line before is reported, its value shown nowhere."""
    _review_seconds(_text(10))
    small = min(_review_seconds(_text(2048 + run)) for run in range(3))
    large = _review_seconds(_text(32768))
    assert large < 40 * max(small, 0.005), (small, large)  # linear: about 16 times
    decision = decide(configmap({"values.yaml": _text(32768)}))
    messages = [finding.message for finding in decision.findings if finding.policy == POLICY]
    assert len(messages) == 1 and '"password"' in messages[0], messages
    assert FAKE not in everything_shown(decision)
