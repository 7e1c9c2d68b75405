"""disallow-plaintext-secrets: the shell splitter's shortcuts (``shell_reader``) give what the long way
gives: a word that is one quoted part unquoted without the expression (``_unquoted``), a word with no
quote nor backslash taken as is, a command built by ``tuple.__new__`` (``_new_item``) the same named tuple
as its constructor's, and the nested ``sh -c`` / ``env -S`` / ``su -c`` scripts the worst-case bench times
judged the same at two sizes (their findings scaled, the fake value shown nowhere)."""

from __future__ import annotations

from itertools import product

import pytest
from check_helpers import FAKE, configmap, decide, everything_shown

from webhook.checks.secrets import shell_reader
from webhook.checks.secrets.shell_reader import ShellCommand, _QUOTED_PART, _unquote_part, _unquoted, shell_items

POLICY = "disallow-plaintext-secrets"


def test_a_word_unquoted_as_the_expression_unquotes_it() -> None:
    # every word of up to 5 characters over quotes, backslashes, "$", letters and a blank
    for size in range(1, 6):
        for letters in product("'\"\\$a_ ", repeat=size):
            word = "".join(letters)
            assert _unquoted(word) == _QUOTED_PART.sub(_unquote_part, word), word
    assert _unquoted("'a \"b\\'") == 'a "b\\' and _unquoted('"a $B"') == "a $B" and _unquoted('"a\\"b"') == 'a"b'


@pytest.mark.parametrize(
    "script",
    ["a b", 'sh -c "a b"', "su - a -c 'a b' x", "cat <<< $($($(", "echo $(a) | b; (c) > f", "case $x in a) b;; esac", "x=`a` b \\\n c"],
)
def test_commands_are_the_named_tuples_their_constructor_builds(script: str) -> None:
    commands = [item for item in shell_items(script) if isinstance(item, ShellCommand)]
    assert commands
    for command in commands:
        assert type(command) is ShellCommand and len(command) == len(ShellCommand._fields)
        assert command == ShellCommand(*command) and command.here_piped is ShellCommand(*command).here_piped
    assert shell_reader._new_item(ShellCommand, (["a"], False, 0, None, False, False, False, False, None, False, False)) == ShellCommand(["a"], False, 0, None)


@pytest.mark.parametrize(
    "unit",
    [
        f"sh -c 'sh -c \"mysql -u app -p{FAKE} db\"';",
        f"env -S 'env -S \"mysql -u app -p{FAKE} db\"';",
        f"su -c 'su - a -c \"mysql -u app -p{FAKE} db\"';",
    ],
)
def test_nested_scripts_judged_the_same_at_two_sizes(unit: str) -> None:
    def messages(count: int) -> list[str]:
        decision = decide(configmap({"run.sh": "#!/bin/sh\n" + unit * count}))
        assert FAKE not in everything_shown(decision)
        return [f.message for f in decision.findings if f.policy == POLICY]

    small, large = messages(3), messages(6)
    assert len(small) == 3 and all('password to "mysql"' in message for message in small), small
    assert large == small * 2  # one per command, the same message
