"""disallow-plaintext-secrets: an environment lookup in code put in a ConfigMap whose literal default
is on a line below the call's (Redash's settings: ``REDASH_PASSWORD = os.environ.get("REDASH_PASSWORD",``
then the default), also ``from os import environ``'s ``environ.get``: judged as the call written on
one line. A default that is a name of the code or another lookup stays harmless. No message shows
the value."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap_messages

SET = 'ConfigMap "config" key "settings.py" sets "REDASH_PASSWORD" in plain text (line 2)'


@pytest.mark.parametrize(
    "code",
    [
        f'REDASH_PASSWORD = os.environ.get("REDASH_PASSWORD",\n                                 "{FAKE}")\n',
        f'REDASH_PASSWORD = os.environ.get("REDASH_PASSWORD",\n    "{FAKE}",\n)\n',
        f'REDASH_PASSWORD = os.getenv("REDASH_PASSWORD",  # from the pod\n    "{FAKE}")\n',
        f'REDASH_PASSWORD = environ.get("REDASH_PASSWORD",\n    "{FAKE}")\n',
        f'REDASH_PASSWORD = environ.get(\n    "REDASH_PASSWORD", "{FAKE}"\n)\n',
        f'REDASH_PASSWORD = environ.get("REDASH_PASSWORD", "{FAKE}")\n',
        f'REDASH_PASSWORD = environ.get("REDASH_PASSWORD", \\\n    "{FAKE}")\n',
        f'REDASH_PASSWORD = os.environ.get("REDASH_PASSWORD",\n    os.environ.get("PW", "{FAKE}"))\n',
    ],
)
def test_a_literal_default_below_the_call_is_reported(code: str) -> None:
    (said,) = configmap_messages("settings.py", "import os\n" + code, FAKE)
    assert said.startswith(SET), said


def test_a_default_below_in_a_dict_entry_is_reported() -> None:
    code = f'import os\nDATABASES = {{\n    "default": {{\n        "PASSWORD": os.environ.get("DB_PASSWORD",\n            "{FAKE}"),\n    }}\n}}\n'
    (said,) = configmap_messages("settings.py", code, FAKE)
    assert 'sets "PASSWORD" in plain text (line 4)' in said, said


@pytest.mark.parametrize(
    "code",
    [
        'REDASH_PASSWORD = os.environ.get("REDASH_PASSWORD",\n    SECRET_KEY)\n',  # a name of the code (1.25.367)
        'REDASH_PASSWORD = environ.get("REDASH_PASSWORD",\n    settings.SECRET_KEY)\n',
        'REDASH_PASSWORD = os.environ.get("REDASH_PASSWORD",\n    "")\n',
        'REDASH_PASSWORD = os.environ.get("REDASH_PASSWORD",\n    "<your password>")\n',
        'REDASH_PASSWORD = os.environ.get("REDASH_PASSWORD",\n    os.environ.get("PW"))\n',  # another lookup
        'REDASH_PASSWORD = os.environ.get(\n    "REDASH_PASSWORD",\n    os.environ.get("PW"),\n)\n',
        'REDASH_PASSWORD = os.environ.get("REDASH_PASSWORD"\n)\n',
        'REDASH_PASSWORD = environ.get("REDASH_PASSWORD")\n',
        'REDASH_PASSWORD = environ.get("REDASH_PASSWORD", SECRET_KEY)\n',
        'REDASH_COOKIE_SECRET = environ.get("REDASH_COOKIE_SECRET", "")\n',
    ],
)
def test_a_default_that_is_no_literal_stays_harmless(code: str) -> None:
    assert configmap_messages("settings.py", "import os\n" + code, FAKE) == []


def test_a_long_run_of_closing_parentheses_below_stays_linear() -> None:
    code = 'import os\nREDASH_PASSWORD = os.environ.get("REDASH_PASSWORD",\n    SECRET_KEY' + ")" * 65536 + "\n"
    started = time.perf_counter()
    assert configmap_messages("settings.py", code, FAKE) == []
    assert time.perf_counter() - started < 2
