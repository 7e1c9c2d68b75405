"""disallow-plaintext-secrets: a backquoted literal (JavaScript's template string `` `...` ``) with a
comment after it is still a literal: ``password: `...` // note`` with no comma after it was missed
while the same with a comma was reported. Backquotes around a command with arguments or variables
(`` `cat /run/secrets/pw` ``) are a command substitution, what the command prints, as before."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap, findings

POLICY = "disallow-plaintext-secrets"
SECRET = FAKE.replace("-", "")  # one word: no blank, nothing a shell would expand


def _messages(key: str, text: str) -> list[str]:
    return [f.message for f in findings(configmap({key: text}), POLICY)]


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("config.js", f"module.exports = {{\n  password: `{SECRET}` // note\n}};\n"),
        ("config.js", f"module.exports = {{\n  password: `{SECRET}`, // note\n}};\n"),
        ("config.js", f"module.exports = {{\n  password: `{SECRET}`\n}};\n"),
        ("app.yaml", f"password: `{SECRET}` // note\n"),
        ("app.yaml", f"password: `{SECRET}` # note\n"),
        ("app.properties", f"password = `{SECRET}` # note\n"),
    ],
)
def test_a_backquoted_literal_with_a_comment_after_it_is_reported(key: str, text: str) -> None:
    (message,) = _messages(key, text)
    assert 'sets "password" in plain text' in message
    assert SECRET not in message


@pytest.mark.parametrize(
    "value", ["`cat /run/secrets/pw` # note", "`cat /run/secrets/pw` // note", "`vault read -field=pw db` // note", "`echo $PW` # note"]
)
def test_a_command_in_backquotes_with_a_comment_after_it_is_not_reported(value: str) -> None:
    assert _messages("app.yaml", f"password: {value}\n") == []
