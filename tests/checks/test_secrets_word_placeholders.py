"""disallow-plaintext-secrets: a documentation placeholder that only names the secret to fill in
(``YOUR_SECRET_ACCESS_KEY``, ``your-api-key-here``, ``REPLACE_WITH_YOUR_PASSWORD``, Telegraf's
``token = "InfluxDB Token"``) holds no credential, in every place a value under a sensitive name is
read, as ``<your-password>`` did not. A digit or a random-looking part (``your-password-8f3k2``), a
dummy word (``changeme``, ``CHANGE_ME``, ``REPLACE_ME``), ``my-secret-key``, ``secret``,
``Admin123`` and ``password1`` stay reported: deployed, they are the password everyone knows."""

from __future__ import annotations

import json
from typing import Any

import pytest
from check_helpers import configmap, container, decide, everything_shown, pod, script_pod

from webhook.checks.secrets.values import names_the_secret_only

POLICY = "disallow-plaintext-secrets"

PLACEHOLDERS = [
    "YOUR_SECRET_ACCESS_KEY",
    "your-api-key-here",
    "REPLACE_WITH_YOUR_PASSWORD",
    "your_password",
    "YourPassword",
    "enter-your-password",
    "insert_api_key_here",
    "put your token here",
    "Your.Client.Secret",
    "YOUR_GITHUB_TOKEN",
    "token_here",
    "set-password",
    "InfluxDB Token",
    "API Key",
    "<your-password>",
]
STILL_REPORTED = [
    "CHANGE_ME", "changeme", "REPLACE_ME", "changeme123", "Admin123", "password1", "secret", "password",
    "my-secret", "my-secret-key", "MY_PASSWORD", "MyPassword", "SetPassword", "yourpassword", "YourPassword123",
    "your-password-8f3k2", "your_password_Zq7fakeX", "Next Token", "Secret Key", "set-me", "your-dog-loves-the-park-secret",
]  # fmt: skip


def places(value: str) -> dict[str, dict[str, Any]]:
    """The same value under a sensitive name in each place the check reads."""
    return {
        "env value": pod([container(env=[{"name": "AWS_SECRET_ACCESS_KEY", "value": value}])]),
        "flag value": pod([container(args=[f"--password={value}"])]),
        "flag and value": pod([container(args=["--api-key", value])]),
        "script": script_pod(f'export DB_PASSWORD="{value}"; exec ./app'),
        "YAML": configmap({"app.yaml": "secret_access_key: " + json.dumps(value) + "\n"}),
        "TOML": configmap({"telegraf.conf": f'[[outputs.influxdb_v2]]\n  urls = ["http://influx:8086"]\n  token = "{value}"\n'}),
        "JSON": configmap({"app.json": json.dumps({"db": {"password": value}})}),
        ".env": configmap({".env": f"PASSWORD=\"{value}\"\n"}),
        "ConfigMap key": configmap({"API_KEY": value}),
    }


PLACES = list(places(""))


def messages(obj: dict[str, Any], value: str) -> list[str]:
    decision = decide(obj)
    if value not in ("secret", "password"):  # words of the messages themselves
        assert value not in everything_shown(decision)
    return [f.message for f in decision.findings if f.policy == POLICY]


@pytest.mark.parametrize("value", PLACEHOLDERS)
@pytest.mark.parametrize("place", PLACES)
def test_a_placeholder_naming_the_secret_is_no_secret(place: str, value: str) -> None:
    assert messages(places(value)[place], value) == []


@pytest.mark.parametrize("value", STILL_REPORTED)
@pytest.mark.parametrize("place", PLACES)
def test_dummy_words_and_random_parts_stay_reported(place: str, value: str) -> None:
    assert len(messages(places(value)[place], value)) == 1


@pytest.mark.parametrize("value", ["YOUR_PASSWORD", "your-db-password"])
def test_a_placeholder_as_a_password_of_a_dsn_or_a_program_option(value: str) -> None:
    for obj in (
        pod([container(env=[{"name": "DATABASE_URL", "value": f"postgres://app:{value}@db:5432/app"}])]),
        script_pod(f"mysql -u root -p{value} -h db"),
        script_pod(f"curl -u admin:{value} https://api.example"),
    ):
        assert messages(obj, value) == []
    assert len(messages(script_pod("mysql -u root -pFAKE-not-a-real-password -h db"), "FAKE-not-a-real-password")) == 1


def test_the_shape() -> None:
    assert all(names_the_secret_only(value) for value in PLACEHOLDERS if value[0] != "<")
    assert not any(names_the_secret_only(value) for value in STILL_REPORTED)
    assert not names_the_secret_only("your_" * 13 + "key")  # longer than 64 characters
    assert not names_the_secret_only("your password\nhunter2")


def test_long_inputs_are_read_in_linear_time() -> None:
    import time

    for text in ("your_" * 13_000 + "key", "Aa" * 32_000 + " Token", "a-" * 32_000 + "!", "your password " * 4_600):
        started = time.perf_counter()
        assert not names_the_secret_only(text)
        assert time.perf_counter() - started < 0.05
