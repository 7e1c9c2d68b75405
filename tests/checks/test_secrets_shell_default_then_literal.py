"""disallow-plaintext-secrets: text after a placeholder whose default is a literal
(``password=${pw-hunter2}x``, ``${DB_PASSWORD:-hunter2}x``) in a config file's setting is reported as
the placeholder alone is; placeholders with no literal default stay harmless. No message shows a value."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages

_SECRET = "FAKEdefault7"


@pytest.mark.parametrize(
    ("key", "text", "line"),
    [
        ("app.properties", f"password=${{pw-{_SECRET}}}x\n", 1),
        ("app.properties", f"password=${{PW:-{_SECRET}}}x\n", 1),
        ("app.ini", f"[db]\nhost = db\npassword = ${{PW-{_SECRET}}}/x # note\n", 3),
        ("app.yaml", f"db:\n  password: ${{DB_PASSWORD:{_SECRET}}}_x\n", 2),
        ("app.yaml", f"db:\n  password: \"${{pw-{_SECRET}}}x\"\n", 2),
    ],
)
def test_text_after_a_literal_default_is_reported(key: str, text: str, line: int) -> None:
    (message,) = configmap_messages(key, text, _SECRET)
    assert f'key "{key}" sets "password" in plain text (line {line})' in message, message


@pytest.mark.parametrize("value", [f"${{pw-{_SECRET}}}", f"${{pw-{_SECRET}}}x"])
def test_the_placeholder_alone_and_with_text_after_it_agree(value: str) -> None:
    assert len(configmap_messages("app.properties", f"password={value}\n", _SECRET)) == 1


@pytest.mark.parametrize(
    "value",
    ["${PW}", "${db-password};", "${PW:-${OTHER}}x", "${PW:-} # set by the pod", "${PW:?required}x", "${TOKEN:0:8}x", "${db-user}:${db-password}", "${pw-x}$(cat /run/pw)"],
)
def test_placeholders_without_a_literal_default_stay_harmless(value: str) -> None:
    assert configmap_messages("app.properties", f"password={value}\n", FAKE) == []


def test_a_long_run_of_placeholders_is_read_in_linear_time() -> None:
    import time

    text = "password=" + "${pw-x" * 11000 + "\n"
    started = time.perf_counter()
    configmap_messages("app.properties", text, FAKE)
    assert time.perf_counter() - started < 2.0
