"""disallow-plaintext-secrets: two shapes of real files that were reported and hold no secret, each
beside the nearest shapes that still hold one. A YAML flow mapping or flow sequence written where a
name/value pair's name goes (PyYAML's yaml_hl.cfg: ``key: { start: <code class="delimiter_token">,
end: </code> }``) names nothing; a string literal in source code that is unmistakably a regular
expression (Pygments' ``jsonnet_token = r'[^\\W\\d]\\w*'``) is code. Secret values here are fake."""

from __future__ import annotations

import pytest
from check_helpers import configmap, findings

POLICY = "disallow-plaintext-secrets"
FAKE_PW = "Zq7fake-pw9"


def _items(key: str, text: str) -> list[str]:
    return [f.item for f in findings(configmap({key: text + "\n"}), POLICY)]


def _reported_as(key: str, text: str, name: str) -> None:
    items = _items(key, text)
    assert len(items) == 1 and f'sets "{name}"' in items[0], items
    assert FAKE_PW not in items[0]


YAML_HL = (
    "tokens:\n"
    '    key:                    { start: <code class="delimiter_token">, end: </code> }\n'
    '    value:                  { start: <code class="delimiter_token">, end: </code> }\n'
    '    block-entry:            { start: <code class="delimiter_token">, end: </code> }'
)


@pytest.mark.parametrize(
    "text",
    [
        YAML_HL,  # PyYAML's examples/yaml-highlight/yaml_hl.cfg
        "styles:\n  key: { start: a_token, end: b }\n  value: { start: x, end: y }",
        "styles:\n  name: {token: 1}\n  value: Zq7fake-pw9",
        f"- value: {FAKE_PW}\n  name: {{a: token}}",
        f"- name: [secret_token, other]\n  value: {FAKE_PW}",
        f"- {{key: {{start: a_token}}, value: {FAKE_PW}}}",
    ],
)
def test_a_flow_mapping_or_sequence_names_no_pair(text: str) -> None:
    """A ``key:`` or ``name:`` whose value is a YAML flow mapping (``{ start: ..., end: ... }``) or a
    flow sequence of more than one item names no setting: its ``value:`` beside it is no pair's."""
    assert _items("highlight.yaml", text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (f"env:\n- name: DB_PASSWORD\n  value: {FAKE_PW}", "DB_PASSWORD"),
        (f"- key: api_token\n  value: {FAKE_PW}", "api_token"),  # Consul's KV entries
        (f"key: api_token\nvalue: {FAKE_PW}", "api_token"),
        (f"- value: {FAKE_PW}\n  name: DB_PASSWORD", "DB_PASSWORD"),
        (f"- {{name: DB_PASSWORD, value: {FAKE_PW}}}", "DB_PASSWORD"),
        (f"- name: {{{{ .Values.token }}}}\n  value: {FAKE_PW}", "value"),  # Helm's template
        (f"- name: {{DB_PASSWORD}}\n  value: {FAKE_PW}", "value"),  # a placeholder, no entry in it
        (f"- name: '{{ start: a_token, end: b }}'\n  value: {FAKE_PW}", "value"),  # quoted: a string
        (f"- name: [DB_PASSWORD]\n  value: {FAKE_PW}", "[DB_PASSWORD]"),
    ],
)
def test_a_pair_named_by_a_word_or_a_template_stays_reported(text: str, name: str) -> None:
    _reported_as("env.yaml", text, name)


@pytest.mark.parametrize(
    ("key", "line"),
    [
        ("jsonnet.py", r"jsonnet_token = r'[^\W\d]\w*'"),  # Pygments' lexers/jsonnet.py
        ("lexer.py", r"token_re = r'[A-Za-z_]\w*'"),
        ("lexer.py", r"secret_re = r'(\d+)?\s'"),
        ("lexer.py", r"token = '\\d+[a-z]'"),
        ("lexer.py", r"secret = ['\\w+\\s*=', '[A-Za-z_]\\w*']"),
        ("lexer.py", r"token = pattern if pattern else r'[A-Za-z_]\w*'"),
        ("lexer.js", r"const token = '[^\\W\\d]\\w*';"),
        ("lexer.go", r"var token = `[A-Za-z_]\w*`"),
        ("Lexer.java", r'private static final String TOKEN = "\\s*[A-Za-z]\\w{2,8}";'),
        ("lexer.py", r"RULES = {'token': r'[A-Za-z_]\w*', 'space': r'\s+'}"),
        ("lexer.js", r"const rules = { token: '[A-Za-z_]\\w*' };"),
    ],
)
def test_a_regular_expression_in_code_is_no_secret(key: str, line: str) -> None:
    """A string literal in code holding a regex class escape (``\\w``, ``\\d``, ``\\s``, ``\\b``...)
    and a quantifier after an escape, a class or a group, or a class with an escape or a range in it
    (``[^\\W\\d]``, ``[A-Za-z]``), is a regular expression, whatever its name."""
    assert _items(key, line) == []


@pytest.mark.parametrize(
    ("key", "line", "name"),
    [
        ("app.py", r'password = r"Zq7\fake[pw]9"', "password"),  # \f is no class escape
        ("app.py", r'token = "a[b]c\\d9Xy"', "token"),  # a class of one letter, nothing quantified
        ("app.py", r"password = 'Zq7fake\d-pw9'", "password"),  # one \d, no quantifier after it
        ("app.py", r"api_token = 'Zq7\w9fake+pw'", "api_token"),  # the + follows a letter
        ("app.js", r"const secret = 'Zq7[pw]fake\\s9';", "secret"),
        ("app.go", r"var token = `Zq7fake\d-pw9`", "token"),
        ("app.py", r"password = '[A-Za-z_]+Zq7fake-pw9'", "password"),  # no class escape at all
        ("app.js", r"const db = { password: 'Zq7fake\\d-pw9' };", "password"),
    ],
)
def test_a_secret_holding_backslashes_or_brackets_stays_reported(key: str, line: str, name: str) -> None:
    _reported_as(key, line, name)


def test_only_a_whole_string_literal_is_read_as_a_regular_expression() -> None:
    """A value that is no single string literal is judged as before, whatever regex-like text it
    holds: a lookup with a literal default, then code with a class escape after it, is no regex."""
    _reported_as("app.py", r"token = os.getenv('PW', 'Zq7fake-pw9') + r'\w*'", "token")


def test_a_literal_longer_than_a_regular_expression_is_judged_as_any() -> None:
    """Only a literal of 2,048 characters at most is read as a regular expression (reading stays
    cheap on a long string): a longer one is judged as any literal, here reported."""
    line = "token = r'[A-Za-z_]\\w*" + "Zq7fake-pw9" * 200 + "'"
    assert len(line) > 2048
    _reported_as("app.py", line, "token")
    assert _items("app.py", "token = r'[A-Za-z_]\\w*" + "Zq7fake-pw9" * 150 + "'") == []
