"""disallow-plaintext-secrets: a password file a shell script writes from a here-document
(``cat > ~/.pgpass <<EOF``, ``tee a.htpasswd b.htpasswd <<EOF``) is judged in time linear in the
script, also when many here-documents end on one line (``cat > ~/.pgpass <<EOF`` on each of
thousands of lines, none closed: each one's lines ran to the script's end, built and read again for
every one, 6 s for 64 KiB) and when one command writes many such files. A line-by-line reader's
answer is its lines' (``LINE_BY_LINE``, counted once a script: ``any_line_found``), the same as on
the whole text. Values are fakes."""

from __future__ import annotations

import random
import time
from collections.abc import Callable

import pytest
from check_helpers import FAKE, configmap, decide, everything_shown, key_and_sh_c_messages, script_pod

from webhook.checks.secrets.password_files import LINE_BY_LINE, STEPPED, netrc_lines, password_file_reader
from webhook.checks.secrets.shell_reader import HereDocument, shell_items

POLICY = "disallow-plaintext-secrets"

_PIECES = [
    "db:5432:*:app:", FAKE, "admin: ", ",admin", ",", "u:{PLAIN}", "u:$apr1$x$y", "password=", "username=app", "user app ",
    "open -u app,", "#", "!", " ", "\t", "\r", ":", "=", "$PGPASS", "\\:", "\\", "'", '"', "MD5:abc", "OBF:x", "https://x",
    "account ", "\f", "\x0b", "\x1c", "set ", "passwordeval ", "password ", "x", "macdef init", "machine h login u ", "",
]


def _random_text(rnd: random.Random) -> str:
    return "\n".join("".join(rnd.choice(_PIECES) for _ in range(rnd.randint(0, 5))) for _ in range(rnd.randint(1, 5)))


def _documents(script: str) -> list[HereDocument]:
    return [item.stdin for item in shell_items(script) if isinstance(getattr(item, "stdin", None), HereDocument)]  # type: ignore[misc]


@pytest.mark.parametrize("reader", list(LINE_BY_LINE), ids=lambda reader: reader.__name__)
def test_a_line_by_line_readers_answer_on_a_here_document_is_its_answer_on_the_text(reader: Callable[[str], list[int] | None]) -> None:
    """Over random texts of password files' pieces (blank lines, comments, ``\\r`` and other line
    breaks splitlines takes), read as two here-documents, one inside the other, and with ``<<-``."""
    rnd = random.Random(305)
    for _ in range(1500):
        text, inner = _random_text(rnd), _random_text(rnd)
        strip = rnd.random() < 0.3
        mark = "<<-" if strip else "<<"
        script = f"cat > a {mark}EOF\n{text}\ncat > b {mark}EOF\n{inner}\n" + ("\tEOF\n" if strip else "EOF\n")
        for document in _documents(script):
            expected = bool(reader(document.lines.body(document)))
            assert document.lines.any_line_found(document, LINE_BY_LINE[reader]) is expected, (reader, script)


def test_a_netrc_files_answer_on_a_here_document_is_its_answer_on_the_text() -> None:
    """``.netrc``: a ``password`` token's value on the next line, a ``macdef`` body up to a blank line,
    read with the state each line leaves (``line_found_in_order``), as on the whole text."""
    rnd = random.Random(3050)
    for _ in range(3000):
        text, inner = _random_text(rnd), _random_text(rnd)
        strip = rnd.random() < 0.3
        mark = "<<-" if strip else "<<"
        script = f"cat > a {mark}EOF\n{text}\ncat > b {mark}EOF\n{inner}\n" + ("\tEOF\n" if strip else "EOF\n") + _random_text(rnd)
        for document in _documents(script):
            expected = bool(netrc_lines(document.lines.body(document)))
            assert document.lines.line_found_in_order(document, *STEPPED[netrc_lines]) is expected, script


def test_each_password_files_reader_is_found_by_its_name() -> None:
    for key, expected in [(".pgpass", True), ("a.htpasswd", True), ("my-realm.properties", True), ("login.properties", True),
                          (".smbcredentials", True), ("mirror.lftp", True), (".netrc", False), ("config.json", False)]:
        reader = password_file_reader(key)
        assert (reader is not None and reader in LINE_BY_LINE) is expected, key
    assert password_file_reader("config.json") is None and password_file_reader(".netrc") in STEPPED


@pytest.mark.parametrize(
    ("script", "file"),
    [
        (f"cat > ~/.pgpass <<EOF\ncat > ~/.pgpass <<EOF\ndb:5432:*:app:{FAKE}\nEOF\n", ".pgpass"),
        (f"cat > ~/.netrc <<EOF\nmachine repo login ci password\n  {FAKE}\nEOF\n", ".netrc"),
        (f"tee /a/0.htpasswd /a/1.htpasswd > /dev/null <<EOF\nu:{{PLAIN}}{FAKE}\nEOF\n", "1.htpasswd"),
        (f"cat > /a/my-realm.properties <<EOF\n# users\n\nadmin: {FAKE},admin\nEOF\n", "my-realm.properties"),
    ],
)
def test_password_files_written_from_here_documents_stay_reported(script: str, file: str) -> None:
    for messages in key_and_sh_c_messages(script):
        assert messages and all("writes a password into" in message for message in messages), messages
        assert any(f'"{file}"' in message for message in messages), messages


@pytest.mark.parametrize(
    "script",
    [
        "cat > ~/.pgpass <<EOF\ndb:5432:*:app:$PGPASSWORD\nEOF\n",
        f"cat > ~/.netrc <<EOF\nmacdef init\npassword {FAKE}\n\nmachine repo login ci password $TOKEN\nEOF\n",  # a macro's line
        f"cat > /a/my-realm.properties <<EOF\nnot a realm line\nadmin: {FAKE},admin\nEOF\n",  # no realm file
        f"tee /a/a.htpasswd <<EOF\nno htpasswd line\nu:{{PLAIN}}{FAKE}\nEOF\n",  # no htpasswd file
    ],
)
def test_here_documents_that_are_no_password_file_stay_harmless(script: str) -> None:
    for messages in key_and_sh_c_messages(script):
        assert not any("writes a password into" in message for message in messages), messages


def _review_seconds(text: str) -> float:
    """The processor time one review of a ConfigMap holding ``text`` as run.sh takes (the other
    engineers' tests on a shared machine are not counted)."""
    started = time.process_time()
    decide(configmap({"run.sh": text}))
    return time.process_time() - started


def _nested(count: int, line: str) -> str:
    return line * count + f"db:5432:*:app:{FAKE}\nmachine h login u password {FAKE}\n"


@pytest.mark.timeout(240)
@pytest.mark.parametrize(
    "line", ["cat > ~/.pgpass <<EOF\n", "cat > ~/.netrc <<EOF\n", "tee /a/b.htpasswd <<EOF\n", "cat > /a/x-realm.properties <<EOF\n", "cat > /tmp/config.json <<EOF\n"]
)
def test_many_here_documents_ending_on_one_line_are_read_in_linear_time(line: str) -> None:
    """Each command's here-document runs to the script's end: 16 times the commands take about 16
    times the time (each one's text was built and read, 256 times). The password is reported or not
    as before, its value shown nowhere."""
    _review_seconds(_nested(10, line))
    small = min(_review_seconds(_nested(150 + run, line)) for run in range(3))
    large = _review_seconds(_nested(2400, line))
    assert large < 40 * max(small, 0.005), (small, large)  # linear: about 16 times
    decision = decide(script_pod(_nested(2400, line)))
    assert FAKE not in everything_shown(decision)


@pytest.mark.timeout(240)
def test_one_command_writing_many_password_files_is_read_in_linear_time() -> None:
    """``tee 0.htpasswd 1.htpasswd ... <<< '...'``: the text is judged once for all files of one
    kind, not once a file (each file's name is still reported)."""

    def script(count: int) -> str:
        names = " ".join(f"/a/{number}.htpasswd" for number in range(count))
        return f"tee {names} <<< 'u:{{PLAIN}}{FAKE}" + "\\nu:{PLAIN}x" * count + "'"

    _review_seconds(script(10))
    small = min(_review_seconds(script(200 + run)) for run in range(3))
    large = _review_seconds(script(3200))
    assert large < 40 * max(small, 0.005), (small, large)
    decision = decide(script_pod(script(300)))
    messages = [finding.message for finding in decision.findings if finding.policy == POLICY]
    assert len(messages) > 2 and '"0.htpasswd"' in messages[0] and '"1.htpasswd"' in messages[1], messages[:3]  # (a listing's first ones)
    assert all("writes a password into" in message for message in messages[:20]), messages  # (then a count of the rest)
    assert FAKE not in everything_shown(decision)
