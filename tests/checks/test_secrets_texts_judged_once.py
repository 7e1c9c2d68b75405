"""Short texts judged once while an argument holding a credential is read (``values.texts_judged_once``):
``a=1; password=...`` is read for its credentials, as commands and for its settings, each setting
judged in each reading; the judgements are kept for that argument only, bounded, with the same verdicts.
A command's ``NAME=value`` word matched once for its three judges, as each judged it apart. A ConfigMap
entry's short texts are judged once over its readings too (a here-document ``cat`` copies to the
terminal: each line a command's word, then a message's), the entry's findings those judged afresh."""

from __future__ import annotations

import random
from collections import Counter

from tests.checks.check_helpers import FAKE, configmap_messages, container, decide, everything_shown, pod
from webhook.checks.secrets.commands import (
    _NESTED_ASSIGNMENT,
    _command_word_problems,
    _located_script_arg_problems,
    _nested_assignment,
    _neutral_pair_credentials,
    _pair_judged_by_value,
    _script_arg_readings,
    shown_flag,
)
from webhook.checks.secrets.config_files import literal_secret
from webhook.checks.secrets.configmap import _text_found
from webhook.checks.secrets.names import Names
from webhook.checks.secrets import values
from webhook.checks.secrets.values import JUDGED_TEXTS, credential_kind, credential_kinds, judged_texts, shell_literal, texts_judged_once

NAMES = Names.of((), ())
PARTS = [
    f"password={FAKE}", "a=1", "; ", " ", "password=$(P)", "password=none", "token=ghp_" + "A1b2" * 9, "host=db",
    "user=u", "postgres://u:" + FAKE + "@db/x", "PGPASSWORD=" + FAKE, "--password=" + FAKE, "echo x |", "\n", "password=${P}x9",
]


def _messages(repeats: int) -> Counter[str]:
    decision = decide(pod([container(args=["--opt", "a=1; password=FAKE-x1; " * repeats])]))
    assert "FAKE-x1" not in everything_shown(decision)
    return Counter(f.message for f in decision.findings if f.policy == "disallow-plaintext-secrets")


def test_a_dense_argument_reports_the_same_findings_at_twice_its_size_scaled() -> None:
    small, large = _messages(40), _messages(80)
    more = 'container "app" args[1] holds {} more secrets in plain text (only the first 20 are listed).'
    assert [message for message in small if message.startswith(more.format(20))] and [message for message in large if message.startswith(more.format(60))]
    listed_small = Counter({message: count for message, count in small.items() if " more secrets " not in message})
    listed_large = Counter({message: count for message, count in large.items() if " more secrets " not in message})
    assert listed_small == listed_large and sum(listed_small.values()) == 20
    assert all('sets "password"' in message for message in listed_small)


def test_an_argument_judged_with_its_texts_kept_has_the_readings_of_one_judged_afresh() -> None:
    rnd = random.Random(341)
    found = 0
    for _ in range(150):
        arg = "".join(rnd.choice(PARTS) for _ in range(rnd.randint(1, 12)))
        for split in (True, False):
            kept = _located_script_arg_problems(NAMES, arg, arg, split)
            afresh = _script_arg_readings(NAMES, arg, arg, split, None, credential_kind(arg))
            assert kept == afresh, (arg, split)
            found += bool(kept)
    assert found > 100
    assert judged_texts() is None  # dropped with the argument


def test_judgements_kept_are_the_ones_made_afresh_and_not_shared_lists() -> None:
    texts = [f"password={FAKE}", "a=1", "password=$(P)", "token=ghp_" + "A1b2" * 9 + f" password={FAKE}", "x" * 300 + f" password={FAKE}"]
    expected = [(credential_kinds(text), credential_kind(text), literal_secret("password", text)) for text in texts]
    with texts_judged_once() as memo:
        for _ in range(2):
            assert [(credential_kinds(text), credential_kind(text), literal_secret("password", text)) for text in texts] == expected
        credential_kinds(texts[0]).append("changed")
        assert credential_kinds(texts[0]) == expected[0][0]
        # the text of 300 characters and more is judged afresh each time
        assert sum(judge is values._kept_kinds for judge, _ in memo.answers) == 4
        with texts_judged_once() as inner:
            assert inner is memo
    assert judged_texts() is None


def test_the_judgements_kept_are_bounded() -> None:
    with texts_judged_once() as memo:
        for number in range(JUDGED_TEXTS + 100):
            assert credential_kind(f"password=x{number}") is not None
        assert len(memo.answers) == JUDGED_TEXTS and {judge for judge, _ in memo.answers} == {values._credential_kind}
        assert credential_kind(f"password=x{JUDGED_TEXTS + 50}") is not None


WORD_PARTS = [
    "PGPASSWORD=", FAKE, "NEO4J_AUTH=neo4j/", "X='password=", "PULSAR_PREFIX_tokenSecretKey=data:;base64,", "QUJDREVGR0hJSktMTU5PUA==",
    "JAVA_OPTS=-Ddb.password=", " -Xmx1g", "$(P)", "none", "'", '"', "ALERT_WEBHOOK_URL=https://h/?token=", "A=b", "=", "user=u ",
    "CLOUD_AUTH=elastic:", "db.password=", "x", "host=db ", "EXTRA_ARGS=--api-token ",
]


def _word_judged_apart(word: str) -> list[tuple[int, str, str]]:
    """What the three judges of a ``NAME=value`` word, each matching it itself, find in ``export WORD``."""
    if "=" in word and (assigned := _nested_assignment(NAMES, word)):
        return [(1, word, f"sets {shown_flag(assigned)}")]
    if (pair := _NESTED_ASSIGNMENT.match(word)) is not None and (key := _pair_judged_by_value(word, pair)):
        return [(1, word, f"sets {shown_flag(key)}")]
    pair = _NESTED_ASSIGNMENT.match(word) if "=" in word else None
    return [] if pair is None else [(1, word, problem) for problem in _neutral_pair_credentials(NAMES, word, pair)]


def test_a_name_value_word_matched_once_for_its_judges_is_judged_as_by_each_apart() -> None:
    rnd = random.Random(3410)
    found = 0
    for _ in range(1500):
        word = "".join(rnd.choice(WORD_PARTS) for _ in range(rnd.randint(1, 4)))
        if word[:1] == "-":
            continue
        expected = _word_judged_apart(word)
        assert list(_command_word_problems(NAMES, ["export", word], (0, "export"), range(0))) == expected, word
        found += bool(expected)
    assert found > 300


def _here_document_messages(lines: int) -> Counter[str]:
    text = "#!/bin/sh\ncat <<EOF\n" + f"password={FAKE}\n" * lines + "EOF\necho done\n"
    return Counter(configmap_messages("run.sh", text, FAKE))


def test_a_here_document_copied_to_the_terminal_reports_the_same_findings_at_twice_its_size_scaled() -> None:
    small, large = _here_document_messages(40), _here_document_messages(80)
    more = 'ConfigMap "config" key "run.sh" holds {} more secrets in plain text (from line 23 on; only the first 20 are listed).'
    assert [message for message in small if message.startswith(more.format(20))] and [message for message in large if message.startswith(more.format(60))]
    listed_small = Counter({message: count for message, count in small.items() if " more secrets " not in message})
    listed_large = Counter({message: count for message, count in large.items() if " more secrets " not in message})
    assert listed_small == listed_large and sum(listed_small.values()) == 20
    assert all(f'sets "password" in plain text (line {line}).' in " ".join(listed_small) for line in range(3, 23))
    assert judged_texts() is None  # dropped with the entry


ENTRY_PARTS = [
    "cat <<EOF\n", "cat >&2 <<EOF\n", "cat > a.conf <<EOF\n", "EOF\n", f"password={FAKE}\n", "DB_PASSWORD=yourpassword\n", "password=<pw>\n",
    "echo DB_PASSWORD=<pw> >&2\n", f"echo password={FAKE} | docker login --password-stdin\n", "sudo -S id <<EOF\n", "host=db\n",
    f"export PGPASSWORD={FAKE}\n", "password=$(P)\n", f"mysql -p{FAKE}\n", "token=ghp_" + "A1b2" * 9 + "\n", "a=1\n",
]


def test_an_entry_judged_with_its_texts_kept_finds_what_one_judged_afresh_finds() -> None:
    rnd = random.Random(358)
    found = 0
    for _ in range(200):
        text = "#!/bin/sh\n" + "".join(rnd.choice(ENTRY_PARTS) for _ in range(rnd.randint(1, 14)))
        afresh = _text_found(NAMES, "run.sh", text, "s")
        assert judged_texts() is None
        afresh_list = None if afresh is None else list(afresh)
        with texts_judged_once() as memo:
            kept = _text_found(NAMES, "run.sh", text, "s")
            assert (None if kept is None else list(kept)) == afresh_list, text
            found += bool(afresh_list) and any(judge is values._shell_literal for judge, _ in memo.answers)
    assert found > 100


def test_shell_literals_kept_are_the_ones_judged_afresh() -> None:
    texts = [FAKE, "<pw>", "$(P)", "${P:-x9}", "yourpassword", "'x'", "none", "x" * 300, "`cat /run/p`", "-p$PW"]
    expected = [shell_literal(text) for text in texts]
    with texts_judged_once() as memo:
        for _ in range(2):
            assert [shell_literal(text) for text in texts] == expected
        kept = [arguments for judge, arguments in memo.answers if judge is values._shell_literal]
        assert len(kept) == len(texts) - 1  # the value of 300 characters is judged afresh each time
