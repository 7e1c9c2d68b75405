"""A list of mappings written one a line with no ``-`` before it, as NATS' ``nats-server.conf``
(and HOCON) writes its users (``users: [`` / ``{user: admin, password: ...}`` / ``]``): each entry
judged as a mapping's on one line. A reference, an nkey, a bcrypt hash or a line of code is none."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages

from webhook.checks.secrets.mappings import BARE_FLOW_ITEM


def _users(*items: str) -> str:
    return "accounts: {\n  LAB: {\n    users: [\n" + "".join(f"      {item}\n" for item in items) + "    ]\n  }\n}\n"


@pytest.mark.parametrize("item", [f"{{user: lab, password: {FAKE}}}", f"{{user: lab, password: {FAKE}}},", f"{{ user: lab, pass: {FAKE} }}  # lab"])
def test_an_unquoted_password_is_reported(item: str) -> None:
    (message,) = configmap_messages("nats-server.conf", _users(item), FAKE)
    assert "(line 4)" in message


def test_each_line_is_a_finding_of_its_own() -> None:
    messages = configmap_messages("nats.conf", _users(f"{{user: a, password: {FAKE}}}", f"{{user: b, password: {FAKE}x}}"), FAKE)
    assert ["(line 4)" in messages[0], "(line 5)" in messages[1]] == [True, True]


@pytest.mark.parametrize(
    "item",
    [
        "{user: $NATS_USER, password: $NATS_PASSWORD}",
        "{nkey: UDXU4RCSJNZOIQHZNWXHXORDPRTGNJAHAHFRGZNEEJCPQTT2M7NLCNF4}",
        '{user: a, password: "$2a$11$W2zko751KUvVy59mUTWmpOdWjpEm5qhcCZRd05GjI/sSOT.xtiHyG"}',
        '{ stream: "lab.results.>" }',
        "{user: a}",
    ],
)
def test_no_password_in_plain_text(item: str) -> None:
    assert configmap_messages("nats.conf", _users(item), FAKE) == []


def test_only_a_whole_line_of_one_mapping() -> None:
    assert BARE_FLOW_ITEM.match("  {user: a, password: b}") is not None
    assert BARE_FLOW_ITEM.match("  {user: a, permissions: {publish: x}}") is not None  # since 1.25.459
    assert BARE_FLOW_ITEM.match("  {user: a, permissions: {publish: {x: y}}}") is None
    assert BARE_FLOW_ITEM.match("  x = {user: a, password: b}") is None


def test_a_dict_of_code_with_quoted_keys_is_none() -> None:
    text = f'env = [\n    {{"name": "API_TOKEN", "value": FAKE}},   # a variable\n]\nFAKE = "{FAKE}"\n'
    assert BARE_FLOW_ITEM.match('    {"name": "API_TOKEN", "value": FAKE},') is None
    assert all("API_TOKEN" not in message for message in configmap_messages("app.conf", text, FAKE))
