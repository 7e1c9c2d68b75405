"""disallow-plaintext-secrets on credentials written the way applications' own config files write
them (found missing by a sweep of realistic files): a JDBC URL's ``sslpassword=`` query parameter.
References, placeholders and empty values stay harmless. The values are obviously fake."""

from __future__ import annotations

from typing import Any

import pytest
from check_helpers import FAKE, configmap, container, decide, everything_shown, findings, pod

POLICY = "disallow-plaintext-secrets"
HARMLESS = ("${DB_PASSWORD}", "<password>", "")


def _messages(obj: dict[str, Any]) -> list[str]:
    return [f.message.split(" Fix:")[0] for f in findings(obj, POLICY)]


def _not_shown(obj: dict[str, Any]) -> None:
    assert FAKE not in everything_shown(decide(obj))


# --- a JDBC URL's sslpassword= (pgJDBC: the password of the client's SSL key) -----------------------

_SSL_URL = "jdbc:postgresql://db:5432/app?sslmode=verify-full&sslpassword={pw}"


def test_sslpassword_query_parameter_in_a_configmap_is_reported() -> None:
    obj = configmap({"application.properties": "db.url=" + _SSL_URL.format(pw=FAKE) + "\n"})
    assert _messages(obj) == ['ConfigMap "config" key "application.properties" holds a connection string with a password in plain text.']
    _not_shown(obj)


def test_sslpassword_query_parameter_in_an_env_value_and_an_argument_is_reported() -> None:
    env = pod([container(env=[{"name": "SPRING_DATASOURCE_URL", "value": _SSL_URL.format(pw=FAKE)}])])
    assert _messages(env) == ['container "app" env var "SPRING_DATASOURCE_URL" holds a connection string with a password in plain text.']
    args = pod([container(args=["--url=jdbc:postgresql://db/app?sslpassword=" + FAKE])])
    assert len(_messages(args)) == 1
    _not_shown(env)
    _not_shown(args)


@pytest.mark.parametrize("value", HARMLESS)
def test_sslpassword_reference_placeholder_or_empty_is_not_reported(value: str) -> None:
    assert _messages(configmap({"application.properties": "db.url=" + _SSL_URL.format(pw=value) + "\n"})) == []


@pytest.mark.parametrize("url", [
    "jdbc:postgresql://db/app?sslmode=require&sslrootcert=/certs/ca.pem",  # no password parameter
    "https://app.example.org/login?sslpassword_hint=1",  # a parameter whose name only starts so
    "jdbc:postgresql://db/app?ssl=true&passwordless=1",
])  # fmt: skip
def test_other_ssl_query_parameters_are_not_reported(url: str) -> None:
    assert _messages(configmap({"application.properties": "db.url=" + url + "\n"})) == []
