"""disallow-plaintext-secrets: a value masked out, ``x`` (in either case), ``*`` or ``0`` repeated
(``XXXXX``, ``xxxxxxxx``, ``xXxXxX``, ``00000000``, ``********``), maybe in groups
(``XXXX-XXXX-XXXX-XXXX``), is a placeholder and no secret where a value is written in a file or on
a command line, as the password of a DSN was already (``app:xxx@db``). One character more
(``XXXXX1``), a run of another letter or digit (``aaaaaaaa``, ``11111111``: a weak password a
service may really use) and dummy words (``changeme``, ``REPLACE_ME``) stay reported. An env value
and a ConfigMap key are judged as written, by their name: Polaris' corpus reports
``AWS_SECRET_ACCESS_KEY: xxxxx`` in a ConfigMap and ``AZURE_BATCH_KEY`` set to ``xxx``."""

from __future__ import annotations

import json
from typing import Any

import pytest
from check_helpers import configmap, container, findings, pod

from webhook.checks.secrets.values import is_masked

POLICY = "disallow-plaintext-secrets"

MASKED = [
    "XXXXX",
    "xxxxxxxx",
    "xxx",
    "XXXX-XXXX-XXXX-XXXX",
    "xxxx_xxxx",
    "XXX.XXX.XXX",
    "XXXX XXXX",
    "00000000",
    "0000-0000",
    "xXxXxX",  # one letter, folded
    "********",
]
STILL_REPORTED = [
    "XXXXX1", "aaaaaaab", "aaaaaaaa", "AAAA", "11111111", "zzz", "aa", "XXXX-XXXX-XXXX-XXXY", "0000-1111", "x0x0",
    "changeme", "REPLACE_ME", "Zq7fake",
]  # fmt: skip


def places(value: str) -> dict[str, dict[str, Any]]:
    """The same value under a sensitive name in each place the check reads."""
    return {
        "flag value": pod([container(args=[f"--password={value}"])]),
        "flag and value": pod([container(args=["--api-key", value])]),
        "env command": pod([container(command=["env", f"API_TOKEN={value}", "./app"])]),
        "script": pod([container(command=["sh", "-c", f"export DB_PASSWORD={value}; exec ./app"])]),
        "YAML": configmap({"app.yaml": "db:\n  password: " + json.dumps(value) + "\n"}),
        "YAML single quotes": configmap({"app.yaml": f"token: '{value}'\n"}),
        "JSON": configmap({"app.json": json.dumps({"db": {"password": value}})}),
        "INI": configmap({"app.ini": f"[database]\npassword = {value}\n"}),
        ".properties": configmap({"app.properties": f"db.password={value}\n"}),
        ".env": configmap({".env": f"API_KEY={value}\n"}),
        "Python": configmap({"app.py": f"password = '{value}'\n"}),
        "JavaScript": configmap({"config.js": f"module.exports = {{ apiKey: '{value}' }};\n"}),
    }


PLACES = list(places(""))


@pytest.mark.parametrize("value", MASKED)
@pytest.mark.parametrize("place", PLACES)
def test_a_masked_value_is_not_reported(value: str, place: str) -> None:
    assert findings(places(value)[place], POLICY) == []


@pytest.mark.parametrize(
    ("value", "place"),
    # a string of one or two characters in source code is not judged (a separator, a flag)
    [(value, place) for value in STILL_REPORTED for place in PLACES if not (place == "Python" and len(value) <= 2)],
)
def test_a_value_that_is_not_one_character_repeated_is_still_reported(value: str, place: str) -> None:
    assert len(findings(places(value)[place], POLICY)) == 1


@pytest.mark.parametrize("value", ["XXXX-XXXX", "00000000", "xXxX", "x"])
def test_a_masked_password_in_a_dsn_is_not_reported(value: str) -> None:
    dsn = f"postgres://app:{value}@db:5432/orders"
    assert findings(pod([container(env=[{"name": "ORDERS_DB", "value": dsn}])]), POLICY) == []


def test_is_masked_reads_one_character_repeated() -> None:
    for value in MASKED + ["x", "X", "xx", "*", "x*x*", "000", "0", "X X X", "-XXXX"]:
        assert is_masked(value), value
    for value in STILL_REPORTED + ["", "-", "...", "a", "x1", "XXXX/XXXX", "XXXX:XXXX", "ääää"]:
        assert not is_masked(value), value


@pytest.mark.parametrize("value", ["XXXXX", "xxx", "XXXX-XXXX-XXXX-XXXX", "00000000"])
def test_a_masked_env_value_or_configmap_key_is_still_reported(value: str) -> None:
    """Judged as written, by the name, as Polaris' sensitiveContainerEnvVar and
    sensitiveConfigmapContent checks judge them (its corpus: ``AWS_SECRET_ACCESS_KEY: xxxxx``)."""
    assert len(findings(pod([container(env=[{"name": "AWS_SECRET_ACCESS_KEY", "value": value}])]), POLICY)) == 1
    assert len(findings(configmap({"AWS_SECRET_ACCESS_KEY": value}), POLICY)) == 1
