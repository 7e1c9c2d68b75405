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
