"""disallow-plaintext-secrets: a REDCap project opened with its API token (32 hexadecimal digits,
upper-case) written as a literal, the second argument after the API's URL: PyCap's
``redcap.Project(url, '...')`` and PHPCap's ``new RedCapProject($apiUrl, '...')``. Tokens are fake;
none is shown."""

from __future__ import annotations

import pytest
from check_helpers import configmap_messages

TOKEN = "0A1B2C3D4E5F60718293A4B5C6D7E8F9"


def _messages(key: str, text: str) -> list[str]:
    return configmap_messages(key, text, TOKEN)


@pytest.mark.parametrize(
    ("key", "text", "setting"),
    [
        ("export.py", f"import redcap\nproject = redcap.Project('https://redcap.example.org/api/', '{TOKEN}')\n", "redcap.Project token"),
        ("export.py", f'from redcap import Project\np = Project(API_URL, "{TOKEN}")\n', "Project token"),
        ("export.py", f"from redcap import Project\np = Project(cfg.url, '{TOKEN}', verify_ssl=False)\n", "Project token"),
        ("export.py", f"from redcap import Project\n\n\ndef main():\n    return Project( URL ,  '{TOKEN}' )\n", "Project token"),
        ("export.php", f"<?php\n$project = new RedCapProject($apiUrl, '{TOKEN}');\n", "RedCapProject token"),
    ],
)
def test_a_literal_token_as_the_second_argument_is_reported(key: str, text: str, setting: str) -> None:
    messages = _messages(key, text)
    assert len(messages) == 1, messages
    assert f'sets "{setting}" in plain text (line ' in messages[0]


@pytest.mark.parametrize(
    "call",
    [
        "Project(API_URL, TOKEN)",
        "Project(API_URL, os.environ['REDCAP_TOKEN'])",
        f"Project(API_URL, '{TOKEN.lower()}')",  # not REDCap's shape
        f"Project(API_URL, '{TOKEN[:-1]}')",
        f"Project('{TOKEN}', API_URL)",  # the first argument is the URL
        f"MyProject(API_URL, '{TOKEN}')",
        f"Project(API_URL, '{TOKEN}' + suffix)",
    ],
)
def test_a_call_without_a_literal_token_in_its_place_passes(call: str) -> None:
    assert _messages("export.py", f"from redcap import Project\np = {call}\n") == []


def test_a_config_file_is_not_read_as_code() -> None:
    assert _messages("notes.txt", f"Project(API_URL, '{TOKEN}')\n") == []


# --- the call's arguments over lines ------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "text", "setting", "line"),
    [
        ("export.py", f"import redcap\nproject = redcap.Project(\n    'https://redcap.example.org/api/',\n    '{TOKEN}',\n)\n", "redcap.Project token", 2),
        ("export.py", f"from redcap import Project\np = Project(API_URL,  # the API\n          \"{TOKEN}\")\n", "Project token", 2),
        ("export.php", f"<?php\n$project = new RedCapProject(\n    $apiUrl,\n    '{TOKEN}'\n);\n", "RedCapProject token", 2),
    ],
)
def test_a_literal_token_on_a_line_below_the_call_is_reported(key: str, text: str, setting: str, line: int) -> None:
    (message,) = _messages(key, text)
    assert f'sets "{setting}" in plain text (line {line})' in message, message


@pytest.mark.parametrize(
    "text",
    [
        "import os, redcap\nproject = redcap.Project(\n    'https://redcap.example.org/api/',\n    os.environ['REDCAP_TOKEN'],\n)\n",
        "import redcap\nproject = redcap.Project(\n    url,\n    token,\n)\n",
        f"import redcap\nproject = redcap.Project(\n    '{TOKEN}',\n    url,\n)\n",  # the token first: not PyCap's order
        "import redcap\nproject = redcap.Project(\n    url,\n" + "    # more\n" * 300 + f"    '{TOKEN}')\n",  # past the lines kept
    ],
)
def test_a_call_over_lines_without_a_literal_token_stays_harmless(text: str) -> None:
    assert _messages("export.py", text) == []


def test_a_call_left_open_is_read_in_linear_time() -> None:
    import time

    text = "import redcap\n" + "p = redcap.Project(\n" * 3000
    started = time.perf_counter()
    assert _messages("export.py", text) == []
    assert time.perf_counter() - started < 5.0
