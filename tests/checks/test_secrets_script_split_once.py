"""disallow-plaintext-secrets: a container's ``sh -c`` script that names an env var is split into
commands once per review, for both of its judges: the env vars it runs (``scripted_env_names``,
which may stop early) and its own findings (``script_findings``, which read on from where the first
stopped). The verdicts are those of a script split afresh; no message ever shows the value."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from itertools import islice
from typing import Any

import pytest
from check_helpers import FAKE, container, decide, everything_shown, pod

from webhook.checks.secrets import shell_reader
from webhook.checks.secrets.shell_reader import HereDocument, Splits, replaying, shell_items

POLICY = "disallow-plaintext-secrets"
MYSQL = f"mysql -uroot -p{FAKE} app"
SCRIPTS = [
    f"echo $A; {MYSQL}",
    f"$A; {MYSQL}",  # runs $A first: the env var reader stops there, the judge reads on
    f"if true; then echo $A; fi; {MYSQL} </dev/null",  # a "<": items held until the group closes
    f"{{ echo $A; }} <<EOF\nline\nEOF\n{MYSQL}",
    f'x="$(echo $A)"; echo "$(id -u)" | {MYSQL}',
]


@pytest.fixture
def read_scripts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The scripts split into items during the test, one entry per split."""
    read: list[str] = []
    fresh = shell_reader._read_items

    def counted(script: str) -> Iterator[Any]:
        read.append(script)
        return fresh(script)

    monkeypatch.setattr(shell_reader, "_read_items", counted)
    return read


def _messages(fields: dict[str, Any]) -> list[str]:
    decision = decide(pod([container(**fields)]))
    assert FAKE not in everything_shown(decision)
    return sorted(f.message for f in decision.findings if f.policy == POLICY)


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_script_naming_an_env_var_is_split_once_with_the_same_findings(script: str, read_scripts: list[str]) -> None:
    with_env = _messages({"command": ["sh", "-c", script], "env": [{"name": "A", "value": "true"}]})
    assert read_scripts.count(script) == 1
    assert shell_reader._replayed_splits.get() is None  # put back after the container's judge
    read_scripts.clear()
    without_env = _messages({"command": ["sh", "-c", script]})  # no env var: not split to find them
    assert read_scripts.count(script) == 1
    assert with_env == without_env
    assert any('"mysql"' in message for message in with_env), with_env


def test_an_exec_probes_script_is_split_once(read_scripts: list[str]) -> None:
    script = SCRIPTS[1]
    probe = {"exec": {"command": ["sh", "-c", script]}}
    messages = _messages({"command": ["sleep", "infinity"], "readinessProbe": probe, "env": [{"name": "A", "value": "true"}]})
    assert read_scripts.count(script) == 1
    assert any("readinessProbe" in message and '"mysql"' in message for message in messages), messages


def _plain(items: list[Any]) -> list[Any]:
    """Items comparable across splits: a here-document by where it is (its lines are the split's)."""
    plain = []
    for item in items:
        if isinstance(getattr(item, "stdin", None), HereDocument):
            item = item._replace(stdin=(item.stdin.first, item.stdin.delimiter))
        if getattr(item, "command", None) is not None:  # a brace group's closing mark: its "}"
            item = item._replace(command=_plain([item.command])[0])
        plain.append(item)
    return plain


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_kept_split_replays_the_items_of_a_fresh_one(script: str) -> None:
    fresh = _plain(list(shell_items(script)))
    assert len(fresh) >= 2
    kept: Splits = {}
    first = list(islice(shell_items(script, kept), 1))  # a reader that stops early
    assert _plain(first) == fresh[:1] and len(kept[script].items) == 1
    before = replaying(kept)
    try:
        slow, quick = shell_items(script), shell_items(script)
        slow_items = list(islice(slow, 1))
        quick_items = list(quick)  # reads on past the slow reader, which takes what it kept
        slow_items += list(slow)
        other = list(shell_items(script + " "))  # not kept: split afresh
    finally:
        replaying(before)
    assert _plain(slow_items) == _plain(quick_items) == fresh
    assert kept[script].rest is None and len(kept[script].items) == len(fresh)
    assert script + " " not in kept and _plain(other) == fresh


def test_splits_replayed_in_one_thread_are_not_read_by_another() -> None:
    """The replayed splits are a context variable: a review running in another thread meanwhile
    splits its scripts afresh and never takes (or advances) this one's."""
    script = SCRIPTS[0]
    kept: Splits = {}
    list(islice(shell_items(script, kept), 1))
    seen: list[Splits | None] = []
    before = replaying(kept)
    try:
        worker = threading.Thread(target=lambda: seen.append(shell_reader._replayed_splits.get()) or list(shell_items(script)))
        worker.start()
        worker.join(timeout=10)
    finally:
        replaying(before)
    assert seen == [None]
    assert len(kept[script].items) == 1  # the other thread read nothing of the kept split
