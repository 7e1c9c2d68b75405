"""disallow-plaintext-secrets: a JAAS login configuration passed as an argument of several words
(``--producer-property 'sasl.jaas.config=...PlainLoginModule required username="u" password="...";'``)
is one secret, one finding: its ``password="..."`` option is not read again as a ``NAME=value``
setting. A password set outside the entry, or another sensitive option in it, is still a finding
of its own."""

from __future__ import annotations

from typing import Any

import pytest
from check_helpers import FAKE, container, decide, everything_shown, findings, pod

POLICY = "disallow-plaintext-secrets"
_ENTRY = f'org.apache.kafka.common.security.plain.PlainLoginModule required username="app" password="{FAKE}";'
_PROPERTY = f"sasl.jaas.config={_ENTRY}"


def _messages(obj: dict[str, Any]) -> list[str]:
    return [finding.message.split(" in plain text")[0] for finding in findings(obj, POLICY)]


@pytest.mark.parametrize(
    ("argv", "index"),
    [
        (["--producer-property", _PROPERTY], 1),
        (["-X", _PROPERTY], 1),
        (["--set", _PROPERTY], 1),
        ([_PROPERTY], 0),
        (["--producer-property", _PROPERTY.replace('"', "'")], 1),
        (["--producer-property", _PROPERTY.replace(f'"{FAKE}"', FAKE)], 1),
        (["--producer-property", _PROPERTY.replace("plain.PlainLoginModule", "scram.ScramLoginModule")], 1),
        (["kafka-console-producer", "--producer-property", _PROPERTY], 2),
        (["watch", "-x", "kafka-console-producer", "--producer-property", _PROPERTY], 4),
    ],
)
def test_a_jaas_entry_in_an_argument_is_one_finding(argv: list[str], index: int) -> None:
    decision = decide(pod([container(args=argv)]))
    (finding,) = [finding for finding in decision.findings if finding.policy == POLICY]
    assert finding.message.startswith(f'container "app" args[{index}] holds a JAAS login configuration with a password in plain text')
    assert FAKE not in everything_shown(decision)


def test_two_jaas_entries_in_an_argument_are_two_findings() -> None:
    argv = ["--producer-property", f"{_PROPERTY} {_PROPERTY}"]
    assert _messages(pod([container(args=argv)])) == [
        'container "app" args[1] holds a JAAS login configuration with a password',
        'container "app" args[1] holds a JAAS login configuration with a password, the 2nd of its kind in it',
    ]


@pytest.mark.parametrize(
    ("argv", "setting"),
    [
        (["--producer-property", f"DB_PASSWORD={FAKE}-2 {_PROPERTY}"], "DB_PASSWORD"),
        (["--producer-property", f"API_TOKEN={FAKE}-2 {_PROPERTY}"], "API_TOKEN"),
        (["--producer-property", _PROPERTY.replace('username="app"', f'username="app" api_token="{FAKE}-2"')], "api_token"),  # no password option
    ],
)
def test_a_password_set_beside_the_entry_is_still_reported(argv: list[str], setting: str) -> None:
    assert _messages(pod([container(args=argv)])) == [
        'container "app" args[1] holds a JAAS login configuration with a password',
        f'container "app" args[1] sets "{setting}"',
    ]


def test_a_password_after_a_url_is_still_a_finding_of_its_own() -> None:
    argv = ["--producer-property", f"postgres://app:{FAKE}@db/orders PASSWORD={FAKE}-2"]
    assert _messages(pod([container(args=argv)])) == [
        'container "app" args[1] holds a URL with a password (user:password@host)',
        'container "app" args[1] sets "PASSWORD"',
    ]


def test_a_jaas_entry_reading_its_password_from_a_reference_is_not_reported() -> None:
    argv = ["--producer-property", _PROPERTY.replace(FAKE, "${KAFKA_PASSWORD}")]
    assert _messages(pod([container(args=argv)])) == []


def _review_seconds(obj: dict[str, Any]) -> float:
    """The processor time one review of ``obj`` takes (the other engineers' tests on a shared
    machine are not counted)."""
    import time

    started = time.process_time()
    decide(obj)
    return time.process_time() - started


def _entries_pod(count: int, password: str) -> dict[str, Any]:
    entry = f'x.PlainLoginModule required password="{password}";'
    return pod([container(args=[" ".join([entry] * count)])])


@pytest.mark.timeout(120)
def test_an_argument_of_many_jaas_entries_is_read_in_linear_time() -> None:
    """One argument holding thousands of JAAS entries: each ``password=`` setting was looked for in
    every entry of the argument (1.25.82: quadratic, 5 s for 8,000 entries, 384 KB, against 0.6 s
    before). 16 times the entries take about 16 times the time, and the findings stay 20 listed and
    one counting the rest up to the 1,000 credentials counted in a value, none showing a value."""
    _review_seconds(_entries_pod(10, FAKE))
    small = min(_review_seconds(_entries_pod(1000, f"{FAKE}-{run}")) for run in range(3))
    large_input = _entries_pod(16000, FAKE)
    large = _review_seconds(large_input)
    assert large < 40 * max(small, 0.005), (small, large)  # linear: about 16 times
    messages = _messages(large_input)
    assert len(messages) == 21 and messages[-1] == 'container "app" args[0] holds 980 more secrets', messages[-1]
    assert FAKE not in everything_shown(decide(large_input))
