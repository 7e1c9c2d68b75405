"""disallow-plaintext-secrets: in a config file's setting, literal text after a placeholder whose
default is empty or another reference (``password=${PW:-}hunter2``, ``TOKEN=${T:-}abc123`` in a
.env) is a literal glued to a reference, as a shell script's is (``glued_literal_parts``); the
placeholder alone, a path or a file's name after it, or references with separators only stay
harmless. No message shows a value."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages, container, decide, everything_shown, pod


@pytest.mark.parametrize(
    ("key", "text", "setting", "line"),
    [
        ("app.properties", f"db.user=app\ndb.password=${{PW:-}}{FAKE}\n", "db.password", 2),
        ("app.conf", f"[db]\nhost = db\npassword = ${{PW:-}}{FAKE} # note\n", "password", 3),
        (".env", f"HOST=db\nTOKEN=${{T:-}}{FAKE}\n", "TOKEN", 2),
        ("run.sh", f"TOKEN=${{T:-}}{FAKE}\n", "TOKEN", 1),
        ("app.yaml", f"db:\n  password: \"${{PW:-$B}}{FAKE}\"\n", "password", 2),
        ("app.conf", f"[db]\npassword = ${{PW:?}}_{FAKE}\n", "password", 2),
    ],
)
def test_literal_text_after_an_empty_default_is_reported(key: str, text: str, setting: str, line: int) -> None:
    (message,) = configmap_messages(key, text, FAKE)
    assert f'key "{key}" sets "{setting}" in plain text (line {line})' in message, message


@pytest.mark.parametrize(
    "value",
    ["${PW:-}", "${PW:-} # from the pod", "${PW:-}/run/secrets/pw", "${DIR:-}.key", "${A:-}_${B}", "${USER:-}:${PW}", "${PW:-}${B}", "${PW:-${B}}"],
)
def test_an_empty_default_without_literal_text_stays_harmless(value: str) -> None:
    for key, text in (("app.properties", f"db.password={value}\n"), ("app.conf", f"[db]\npassword = {value}\n"), (".env", f"TOKEN={value}\n")):
        assert configmap_messages(key, text, FAKE) == [], (key, value)


def test_the_env_value_stays_reported() -> None:
    decision = decide(pod([container(env=[{"name": "TOKEN", "value": f"${{T:-}}{FAKE}"}])]))
    assert [f.message for f in decision.findings if f.policy == "disallow-plaintext-secrets"]
    assert FAKE not in everything_shown(decision)
