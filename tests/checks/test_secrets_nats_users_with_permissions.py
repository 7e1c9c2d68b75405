"""disallow-plaintext-secrets: NATS users with permissions (``{user: app, password: ..., permissions:
{publish: ">"}}``, a mapping inside the user's) had an unquoted password admitted, one a line in
``users = [`` / ``]`` and on the line that opens the list (``authorization { users = [ {...} ] }``);
up to 1.25.448 only a user with no mapping inside was read. A bcrypt hash or a reference is none."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap_messages

from webhook.checks.secrets.mappings import BARE_FLOW_ITEM

PERMISSIONS = 'permissions: { publish: ">", subscribe: "_INBOX.>" }'
FOUND = 'ConfigMap "config" key "nats-server.conf" sets "password" in plain text (line {line}).'


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (f"authorization {{\n  users = [\n    {{ user: app, password: {FAKE}, {PERMISSIONS} }}\n  ]\n}}\n", 3),
        (f"authorization {{\n  users = [\n    {{user: app, password: {FAKE}, permissions: {{publish: \">\"}}}},  # app\n  ]\n}}\n", 3),
        (f"authorization {{ users = [ {{ user: app, password: {FAKE}, {PERMISSIONS} }} ] }}\n", 1),
        (f"port: 4222\nauthorization {{ users: [ {{user: a, password: $A_PASSWORD}}, {{user: b, password: {FAKE}, {PERMISSIONS}}} ] }}\n", 2),
        (f'authorization {{ users = [ {{ user: app, password: "{FAKE}", {PERMISSIONS} }} ] }}\n', 1),
    ],
)
def test_a_users_unquoted_password_beside_its_permissions_is_reported(text: str, line: int) -> None:
    """Was admitted (but the quoted one)."""
    (message,) = configmap_messages("nats-server.conf", text, FAKE)
    assert message.startswith(FOUND.format(line=line))


def test_two_users_on_the_opening_line_are_one_finding_of_that_line() -> None:
    text = f"authorization {{ users = [ {{user: a, password: {FAKE}, {PERMISSIONS}}}, {{user: b, password: {FAKE}x, {PERMISSIONS}}} ] }}\n"
    assert configmap_messages("nats-server.conf", text, FAKE) == [
        FOUND.format(line=1) + " Fix: move it into a Secret and mount or reference that Secret instead."
    ]


@pytest.mark.parametrize(
    "text",
    [
        f'authorization {{\n  users = [\n    {{ user: app, password: "$2a$11$W2zko751KUvVy59mUTWmpOdWjpEm5qhcCZRd05GjI/sSOT.xtiHyG", {PERMISSIONS} }}\n  ]\n}}\n',
        f"authorization {{ users = [ {{ user: $NATS_USER, password: $NATS_PASSWORD, {PERMISSIONS} }} ] }}\n",
        f"authorization {{ users = [ {{ nkey: UDXU4RCSJNZOIQHZNWXHXORDPRTGNJAHAHFRGZNEEJCPQTT2M7NLCNF4, {PERMISSIONS} }} ] }}\n",
        'authorization { users = [ { user: app, permissions: { publish: { allow: ">", deny: "admin.>" } } } ] }\n',
        "authorization {\n  users = [\n    { user: app, permissions: { publish: \">\" } }\n  ]\n}\n",
    ],
)
def test_no_password_in_plain_text(text: str) -> None:
    assert configmap_messages("nats-server.conf", text, FAKE) == []


def test_a_mapping_in_code_is_still_none() -> None:
    text = f"const users = [\n  {{ user: 'app', password: pw, permissions: {{ publish: '>' }} }},\n];\nconst pw = '{FAKE}';\n"
    assert not any("(line 2)" in message for message in configmap_messages("users.js", text, FAKE))  # pw: its line 4


@pytest.mark.parametrize("line", ["{a" + "{" * 65536, "{a" + "{}" * 32768, "users = [" + "{a" * 32768, "users = [ " + "{a {b}" * 16384])
def test_braces_are_read_in_linear_time(line: str) -> None:
    started = time.perf_counter()
    BARE_FLOW_ITEM.match(line)
    configmap_messages("nats.conf", line + "\n", FAKE)
    assert time.perf_counter() - started < 2
