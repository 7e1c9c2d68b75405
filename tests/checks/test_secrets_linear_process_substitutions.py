"""disallow-plaintext-secrets: a command's input read from a process substitution (``sudo -S id <
<(...)``) is found, and known to be replaced by a later redirection of that input (``<<< y``, ``<
FILE``, another ``< <(...)``), in time linear in the script: each ``< <(`` searched forward to the
end of what its command says and back to its first words, so a script of many of them took time
quadratic in its length (``sudo -S id`` then `` $(y) < <(x)`` 2,000 times, 32 KiB: 10 s; ``sudo -S
id < <(cat`` repeated, never closed: 2.3 s for 128 KiB). The two passes give what the searches gave
(the model below is the searches as they were). Values are fakes."""

from __future__ import annotations

import gc
import random
import time

import pytest
from check_helpers import FAKE, configmap, decide, everything_shown, key_and_sh_c_messages

from webhook.checks.secrets.commands import _PROCESS_SUBSTITUTION_FILE, _replaced_inputs_marked
from webhook.checks.secrets.shell_reader import GroupMark, ShellCommand, Substitution, shell_items

POLICY = "disallow-plaintext-secrets"
Items = list[ShellCommand | GroupMark | Substitution]


def _model_given(items: Items, at: int) -> None:
    depth = 0
    for index in range(at - 1, -1, -1):
        item = items[index]
        if isinstance(item, Substitution):
            depth += -1 if item.opens else 1
            if depth < 0:
                return
        elif depth == 0:
            if not isinstance(item, ShellCommand):
                return
            items[index] = item._replace(stdin=_PROCESS_SUBSTITUTION_FILE if not item.continued else None)
            if not item.continued:
                return


def _model_replaced_after(items: Items, at: int) -> bool:
    depth = 0
    for index in range(at, len(items)):
        item = items[index]
        if isinstance(item, Substitution):
            if item.opens and depth == 0 and index > at and item.file == "input":
                return True
            depth += 1 if item.opens else -1
            if depth < 0:
                return False
        elif depth == 0:
            if not (isinstance(item, ShellCommand) and item.continued):
                return False
            if item.stdin is not None:
                return True
    return False


def _model(items: Items) -> Items:
    """The searches forward and back from each ``< <(`` (quadratic), as they were before the passes."""
    for at, item in enumerate(items):
        if isinstance(item, Substitution) and item.opens and item.file == "input":
            if _model_replaced_after(items, at):
                items[at] = item._replace(file="replaced")
            _model_given(items, at)
    return items


_PIECES = [
    "sudo -S id", "docker login --password-stdin r", " < <(", "<(", "$(", "`", ")", "(", "{ ", "; }", " | ", "; ", "\n", " && ",
    " <<< y", " <<< $(", ' <<< "$(', " < /run/s", " $(y)", " `y`", "echo -n x", f"echo -n '{FAKE}'", " x", "cat", "'", '"',
    " > f", " 2>&1", "<<EOF\n", "EOF\n", "if true; then ", "; fi", "case $a in x) ", ";; esac", "#", "\\", "\r\n", " ",
]


def test_the_passes_mark_what_the_searches_marked() -> None:
    """Random scripts of redirections, substitutions (nested, unclosed, closing nothing), groups and
    here-documents: the same items marked replaced and the same commands given their file."""
    rnd = random.Random(327)
    checked = 0
    for _ in range(4000):
        script = "".join(rnd.choice(_PIECES) for _ in range(rnd.randint(1, 30)))
        items = list(shell_items(script))
        if not any(isinstance(item, Substitution) and item.file == "input" for item in items):
            continue
        checked += 1
        assert _replaced_inputs_marked(list(items)) == _model(list(items)), script
    assert checked > 500


@pytest.mark.parametrize(
    ("script", "reported"),
    [
        (f"docker login -u ci --password-stdin r.example < <(echo -n '{FAKE}')", True),
        (f"docker login -u ci --password-stdin $(hostname) < <(echo -n '{FAKE}')", True),
        (f"x=$(docker login --password-stdin < <(echo -n '{FAKE}'))", True),
        (f"docker login -u ci --password-stdin r.example < <(echo -n '{FAKE}') <<< \"$TOKEN\"", False),  # replaced
        (f"docker login -u ci --password-stdin < <(echo -n '{FAKE}') $(hostname) < /run/secrets/t", False),
    ],
)
def test_a_process_substitutions_input_stays_judged_as_before(script: str, reported: bool) -> None:
    for messages in key_and_sh_c_messages(script):
        assert bool(messages) is reported and all(FAKE not in message for message in messages), messages
        assert all("on its input" in message for message in messages), messages


def _review_seconds(text: str) -> float:
    """The processor time one review of a ConfigMap holding ``text`` as run.sh takes (the other
    engineers' tests on a shared machine are not counted, nor a collection of the whole test
    session's objects the review happens to start: it once made a linear review look quadratic)."""
    gc.collect()
    gc.disable()
    try:
        started = time.process_time()
        decision = decide(configmap({"run.sh": text}))
        elapsed = time.process_time() - started
    finally:
        gc.enable()
    assert FAKE not in everything_shown(decision)
    return elapsed


@pytest.mark.timeout(240)
@pytest.mark.parametrize(
    ("head", "unit"),
    [
        ("sudo -S id", " $(y) < <(x)"),  # many inputs of one command, a substitution between each
        ("sudo -S id", " < <(x)"),
        ("", "sudo -S id < <(cat"),  # nested, never closed
        ("", f"x < <(echo -n '{FAKE}' "),
    ],
)
def test_many_process_substitutions_as_inputs_take_linear_time(head: str, unit: str) -> None:
    """Four times the script takes about four times as long (10 allowed; the searches took 14 to 17)."""

    def script(size: int) -> str:
        return head + unit * (size // len(unit))

    small = min(_review_seconds(script(16_384)) for _ in range(2))
    large = _review_seconds(script(65_536))
    assert large < 10 * max(small, 0.01), (small, large)
