"""``cat`` with ``-`` first among its files (``cat - FILE``) writes its standard input first and
unchanged, as ``cat`` and ``cat -`` do: a literal on that input reaches the reader after it
(1.25.563). ``cat FILE -`` writes the file's lines first, not known: nothing is reported."""

from __future__ import annotations

import pytest

from tests.checks.check_helpers import FAKE, key_and_sh_c_messages
from tests.checks.test_secrets_script_split_equivalence import assert_same
from webhook.checks.secrets.stdin_secrets import cat_reads_its_input_first


@pytest.mark.parametrize(
    ("script", "fragment"),
    [
        (f"cat - /etc/suffix <<< {FAKE} | docker login --password-stdin r", 'to "docker" on its input (cat <<... | docker'),
        (f"cat -- - a b <<< {FAKE} | docker login --password-stdin r", 'to "docker" on its input (cat <<... | docker'),
        (f"echo {FAKE} | cat - /etc/suffix | docker login --password-stdin r", 'to "docker" on its input (echo ... | cat | docker'),
        (f"echo {FAKE} | cat -u - x | sudo -S id", 'to "sudo" on its input (echo ... | cat | sudo'),
        (f"cat - x <<EOF | sudo -S id\n{FAKE}\nEOF\n", 'to "sudo" on its input (cat <<... | sudo'),
    ],
)
def test_a_literal_copied_first_by_cat_is_reported_once(script: str, fragment: str) -> None:
    for messages in key_and_sh_c_messages(script):
        (message,) = messages
        assert fragment in message, message
    assert_same(script)


@pytest.mark.parametrize(
    "script",
    [
        f"cat x - <<< {FAKE} | sudo -S id",  # the file's first line is sudo's
        f"echo {FAKE} | cat x - | sudo -S id",
        f"cat -n - x <<< {FAKE} | sudo -S id",  # numbered lines
        f"cat - -n x <<< {FAKE} | sudo -S id",
        "cat x | docker login --password-stdin r",
        "cat - /run/secrets/pw <<< \"$USER\" | docker login --password-stdin r",
    ],
)
def test_cat_not_writing_the_literal_first_is_none(script: str) -> None:
    assert key_and_sh_c_messages(script) == [[], []]
    assert_same(script)


def test_which_arguments_write_the_input_first() -> None:
    assert cat_reads_its_input_first([])
    assert cat_reads_its_input_first(["-"])
    assert cat_reads_its_input_first(["-u", "--", "-", "a"])
    assert not cat_reads_its_input_first(["a", "-"])
    assert not cat_reads_its_input_first(["-A", "-"])
    assert not cat_reads_its_input_first(["-", "a", "-n"])
