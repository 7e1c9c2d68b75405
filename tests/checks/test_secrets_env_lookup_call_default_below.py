"""disallow-plaintext-secrets: an environment lookup in code put in a ConfigMap whose default, on a
line below the call's, is a call given an argument with the shape of a secret
(``os.getenv("X",`` / ``decrypt("...")``) is reported, as on one line (``call_literal``); a call
reading the secret by its path or name there stays code. No message shows the value."""

from __future__ import annotations

import time

import pytest
from check_helpers import configmap_messages

from webhook.checks.secrets.code_values import lookup_with_a_secret_shaped_call_default

SHAPED = "Zq7fakeQ9xw2Lm4Kp8Rt"
SET = 'ConfigMap "config" key "settings.py" sets "REDASH_PASSWORD" in plain text (line 2)'


@pytest.mark.parametrize(
    "code",
    [
        f'REDASH_PASSWORD = os.getenv("REDASH_PASSWORD",\n    decrypt("{SHAPED}"))\n',
        f'REDASH_PASSWORD = os.getenv(\n    "REDASH_PASSWORD", decrypt("{SHAPED}"))\n',
        f'REDASH_PASSWORD = os.environ.get("REDASH_PASSWORD",\n    decrypt("{SHAPED}"),\n)\n',
        f'REDASH_PASSWORD = os.getenv("REDASH_PASSWORD",  # from the pod\n    decrypt("{SHAPED}"))\n',
        f'REDASH_PASSWORD = os.getenv("REDASH_PASSWORD", decrypt("{SHAPED}"))\n',  # on one line, as before
    ],
)
def test_a_secret_shaped_call_default_below_is_reported(code: str) -> None:
    (said,) = configmap_messages("settings.py", "import os\n" + code, SHAPED)
    assert said.startswith(SET), said


def test_in_a_dict_entry() -> None:
    code = f'import os\nDATABASES = {{\n    "default": {{\n        "PASSWORD": os.getenv("DB_PASSWORD",\n            decrypt("{SHAPED}")),\n    }}\n}}\n'
    (said,) = configmap_messages("settings.py", code, SHAPED)
    assert 'sets "PASSWORD" in plain text (line 4)' in said, said


@pytest.mark.parametrize(
    "code",
    [
        'REDASH_PASSWORD = os.getenv("REDASH_PASSWORD",\n    vault.read("secret/db"))\n',
        'REDASH_PASSWORD = os.getenv("REDASH_PASSWORD",\n    decrypt("db/password"))\n',
        'REDASH_PASSWORD = os.environ.get(\n    "REDASH_PASSWORD", get_secret("redash-password"))\n',
        'REDASH_PASSWORD = os.getenv("REDASH_PASSWORD",\n    get_secret("pw") or None)\n',
        'REDASH_PASSWORD = os.getenv("REDASH_PASSWORD",\n    SECRET_KEY)\n',
    ],
)
def test_a_call_reading_the_secret_below_stays_harmless(code: str) -> None:
    assert configmap_messages("settings.py", "import os\n" + code, SHAPED) == []


def test_the_judge_takes_one_whole_lookup_only() -> None:
    assert lookup_with_a_secret_shaped_call_default(f'os.getenv("X", decrypt("{SHAPED}"))', "password")
    assert not lookup_with_a_secret_shaped_call_default('os.getenv("X", decrypt("db/password"))', "password")
    assert not lookup_with_a_secret_shaped_call_default(f'os.getenv("X", decrypt("{SHAPED}")) + y', "password")
    assert not lookup_with_a_secret_shaped_call_default(f'load("X", decrypt("{SHAPED}"))', "password")


def test_a_long_default_below_stays_linear() -> None:
    code = 'import os\nREDASH_PASSWORD = os.getenv("REDASH_PASSWORD",\n    ' + "f(a) or " * 8192 + 'decrypt("db"' + ")" * 65536 + "\n"
    started = time.perf_counter()
    assert configmap_messages("settings.py", code, SHAPED) == []
    assert time.perf_counter() - started < 4
