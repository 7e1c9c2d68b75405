"""The shapes a fuzzing sweep found dearest per byte (``bench/worst_case_bench.py``), read with the
same verdicts by their cheaper paths: many passwords on one line labelled by one reading of its
connection targets, a config line's value judged once, a ``$`` command's output not followed."""

from __future__ import annotations

import random

from tests.checks.check_helpers import FAKE, configmap_messages, container, decide, everything_shown, pod
from webhook.checks.secrets.commands import prints_nothing
from webhook.checks.secrets.shell_reader import ShellCommand
from webhook.checks.secrets.values import CONNECTION_STRING, PASSWORD_SETTINGS, _connection_label, _connection_labels

PARTS = ["password=x", "; ", "host=db ", "Data Source = db;", "network  addr=", "a=1", "\n", "://", "hostname", "x" * 700, " ", "ſerver="]


def test_many_passwords_are_labelled_as_a_search_around_each_labels_them() -> None:
    rnd = random.Random(7)
    labels: set[str] = set()
    for _ in range(300):
        value = "".join(rnd.choice(PARTS) for _ in range(rnd.randint(1, 40)))
        spans = [(start, rnd.randint(start, len(value))) for start in (rnd.randrange(len(value)) for _ in range(rnd.randint(9, 20)))]
        expected = [_connection_label(value, start, end) for start, end in spans]
        assert _connection_labels(value, spans) == expected, value
        labels.update(expected)
    assert labels == {CONNECTION_STRING, PASSWORD_SETTINGS}


def test_an_argument_of_many_password_settings_reports_them_and_shows_none() -> None:
    decision = decide(pod([container(args=["--opt", f"a=1; password={FAKE}; " * 30])]))
    messages = [f.message for f in decision.findings if f.policy == "disallow-plaintext-secrets"]
    assert sum('args[1] sets "password" in plain text' in message for message in messages) > 10
    assert FAKE not in everything_shown(decision)


def test_a_config_value_before_a_note_is_judged_with_the_note_only_when_it_differs() -> None:
    assert configmap_messages("app.ini", "[db]\npassword = 12 & x\n", "12 & x") == [
        'ConfigMap "config" key "app.ini" sets "password" in plain text (line 2). Fix: move it into a Secret and mount or reference that Secret instead.'
    ]
    assert configmap_messages("app.ini", "[db]\npassword = 12 ; note\n", "12 ;") == []
    assert len(configmap_messages("app.ini", f"[db]\npassword = {FAKE} ; note\n", FAKE)) == 1


def test_a_dollar_command_prints_what_its_substitution_gives() -> None:
    assert not prints_nothing(ShellCommand(["$"], False, 0, None, captured=True))
    assert prints_nothing(ShellCommand(["x=$"], False, 0, None, captured=True))
