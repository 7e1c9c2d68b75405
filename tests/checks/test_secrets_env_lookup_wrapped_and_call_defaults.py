"""disallow-plaintext-secrets: an environment lookup in code put in a ConfigMap whose literal default
is in parentheses (``REDASH_PASSWORD = (os.environ.get("X", "..."))``), a call's argument
(``parse_boolean(os.environ.get(`` / ``"X", "..."))``) or closed on the line below (``os.environ.get("X",
"..."`` / ``)``) is reported; a default that is a call (``os.getenv("X", vault.read("db"))``,
``env('APP_KEY', Str::random(32))``) or code with an empty fallback (``env('X', self::D ?? '')``) is
code, no literal. No message shows the value."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap_messages

from webhook.checks.secrets.values import code_default, is_literal_setting

SET = 'ConfigMap "config" key "settings.py" sets "REDASH_PASSWORD" in plain text (line 2)'


@pytest.mark.parametrize(
    "code",
    [
        f'REDASH_PASSWORD = (os.environ.get("REDASH_PASSWORD", "{FAKE}"))\n',
        f'REDASH_PASSWORD = ((os.getenv("REDASH_PASSWORD", "{FAKE}")))  # from the pod\n',
        f'REDASH_PASSWORD = (os.environ.get("REDASH_PASSWORD",\n                                  "{FAKE}"))\n',
        f'REDASH_PASSWORD = (\n    os.environ.get("REDASH_PASSWORD", "{FAKE}")\n)\n',
        f'REDASH_PASSWORD = parse_boolean(os.environ.get(\n    "REDASH_PASSWORD", "{FAKE}"))\n',
        f'REDASH_PASSWORD = parse_boolean(os.environ.get("REDASH_PASSWORD", "{FAKE}"))\n',
        f'REDASH_PASSWORD = str(os.environ.get("REDASH_PASSWORD",\n    "{FAKE}"))\n',
        f'REDASH_PASSWORD = os.environ.get("REDASH_PASSWORD", "{FAKE}"\n)\n',
        f'REDASH_PASSWORD = os.environ.get("REDASH_PASSWORD", "{FAKE}"\n                                  )\n',
        f'REDASH_PASSWORD = os.environ.get("REDASH_PASSWORD", "{FAKE}" + y)\n',
        f'REDASH_PASSWORD = os.environ.get("REDASH_PASSWORD",\n    "{FAKE}" + y)\n',
        f'REDASH_PASSWORD = os.getenv("REDASH_PASSWORD", get_secret("pw") or "{FAKE}")\n',
        'REDASH_PASSWORD = os.getenv("REDASH_PASSWORD", decrypt("Zq7fakeQ9xw2Lm4Kp8Rt"))\n',  # a secret-shaped argument
    ],
)
def test_a_literal_default_in_parentheses_a_call_or_closed_below_is_reported(code: str) -> None:
    (said,) = configmap_messages("settings.py", "import os\n" + code, FAKE)
    assert said.startswith(SET), said


def test_a_wrapped_default_in_a_dict_entry_is_reported() -> None:
    code = f'import os\nDATABASES = {{\n    "default": {{\n        "PASSWORD": parse(os.environ.get(\n            "DB_PASSWORD", "{FAKE}")),\n    }}\n}}\n'
    (said,) = configmap_messages("settings.py", code, FAKE)
    assert 'sets "PASSWORD" in plain text (line 4)' in said, said


@pytest.mark.parametrize(
    "code",
    [
        'REDASH_PASSWORD = os.environ.get("REDASH_PASSWORD", get_secret("pw"))\n',
        'REDASH_PASSWORD = os.getenv("REDASH_PASSWORD", vault.read("secret/db"))\n',
        'REDASH_PASSWORD = os.environ.get("REDASH_PASSWORD",\n    get_secret("pw"))\n',
        'REDASH_PASSWORD = os.environ.get(\n    "REDASH_PASSWORD", get_secret("pw"))\n',
        'REDASH_PASSWORD = (os.environ.get("REDASH_PASSWORD",\n    vault.read("secret/db")))\n',
        'REDASH_PASSWORD = os.getenv("REDASH_PASSWORD", get_secret("pw") or None)\n',
        'REDASH_PASSWORD = parse_boolean(os.environ.get(\n    "REDASH_PASSWORD"))\n',
        'REDASH_PASSWORD = parse_boolean(os.environ.get(\n    "REDASH_PASSWORD", SECRET_KEY))\n',
        'REDASH_PASSWORD = (os.environ.get("REDASH_PASSWORD", ""))\n',
        'REDASH_PASSWORD = os.environ.get("REDASH_PASSWORD", ""\n)\n',
        'REDASH_PASSWORD = os.environ.get("REDASH_PASSWORD", "<your password>"\n)\n',
        'REDASH_PASSWORD = load_env("REDASH_PASSWORD", "a",\n    "b")\n',  # no lookup
    ],
)
def test_a_call_or_no_literal_as_the_default_stays_harmless(code: str) -> None:
    assert configmap_messages("settings.py", "import os\n" + code, FAKE) == []


@pytest.mark.parametrize(
    "entry",
    [
        "'key' => env('APP_KEY', Str::random(32)),",
        "'password' => env('DB_PASSWORD', Str::random(32)),",
        "'password' => env('DB_PASSWORD', self::D ?? ''),",
        "'password' => env('DB_PASSWORD', $cfg->get('pw') ?: null),",
    ],
)
def test_php_code_as_the_default_stays_harmless(entry: str) -> None:
    assert configmap_messages("config.php", f"<?php\nreturn [\n    {entry}\n];\n", FAKE) == []


@pytest.mark.parametrize(
    "entry",
    [f"'password' => env('DB_PASSWORD', self::D ?? '{FAKE}'),", f"'password' => env('DB_PASSWORD', '{FAKE}' . $x),"],
)
def test_php_literal_beside_code_in_the_default_is_reported(entry: str) -> None:
    (said,) = configmap_messages("config.php", f"<?php\nreturn [\n    {entry}\n];\n", FAKE)
    assert 'sets "password" in plain text (line 3)' in said, said


def test_code_default_reads_calls_names_and_empty_fallbacks() -> None:
    assert code_default('get_secret("pw")') is not None
    assert code_default("Str::random(32)") is not None
    assert code_default("self::D ?? ''") is not None
    assert code_default(f'"{FAKE}"') is None
    assert code_default(f"self::D ?? '{FAKE}'") is None
    assert code_default(f'"{FAKE}" + y') is None
    assert code_default('os.getenv("Y", "x")') is None  # another lookup: judged as one
    assert not is_literal_setting('os.getenv("X", vault.read("db"))')
    assert is_literal_setting(f'os.getenv("X", "{FAKE}")')


@pytest.mark.parametrize(
    "code",
    [
        'REDASH_PASSWORD = os.getenv("X", ' + "a or " * 13107 + "b)\n",
        'REDASH_PASSWORD = os.getenv("X", ' + "a(b) ?? " * 8192 + "b)\n",
        "REDASH_PASSWORD = " + "(" * 32768 + 'os.getenv("X", get_secret("pw"))' + ")" * 32768 + "\n",
        "REDASH_PASSWORD = f(" + 'os.getenv("X",' * 4681 + "\n)\n",
        "REDASH_PASSWORD = f(" + 'os.getenv("X", a), ' * 3449 + ")\n",
        'REDASH_PASSWORD = os.getenv("X", ' + "(" * 65536 + "\n",
    ],
)
def test_long_defaults_and_wrappers_stay_linear(code: str) -> None:
    started = time.perf_counter()
    assert configmap_messages("settings.py", "import os\n" + code, FAKE) == []
    assert time.perf_counter() - started < 4
