"""disallow-plaintext-secrets: a name ending with ``env var`` (``--api-key-env-var``,
``DD_API_KEY_ENV_VAR``, ``apiKeyEnvVar``) set to a value with the shape of an env var's name
(``DD_API_KEY``) names the variable the credential is read from, it holds none. A literal of another
shape there is reported, as ``--api-key=...`` is. Values are fakes."""

from __future__ import annotations

import time
from typing import Any

import pytest
from check_helpers import FAKE, configmap_messages, container, decide, everything_shown, pod, script_pod

from webhook.checks.secrets.setting_values import names_a_stored_credential

POLICY = "disallow-plaintext-secrets"


def _messages(obj: dict[str, Any]) -> list[str]:
    decision = decide(obj)
    assert FAKE not in everything_shown(decision)
    return [f.message for f in decision.findings if f.policy == POLICY]


@pytest.mark.parametrize(
    "argv",
    [
        ["agent", "--api-key-env-var=DD_API_KEY"],
        ["agent", "--api-key-env-var", "DD_API_KEY"],
        ["agent", "--token-environment-variable=GITHUB_TOKEN"],
        ["agent", "--password-env-var=DB_PASSWORD"],
    ],
)
def test_an_option_naming_the_env_var(argv: list[str]) -> None:
    assert _messages(pod([container(command=argv)])) == []


@pytest.mark.parametrize(
    ("name", "value"),
    [("DD_API_KEY_ENV_VAR", "DD_API_KEY"), ("PASSWORD_ENV_VARIABLE", "DB_PASSWORD"), ("TOKEN_ENVVAR", "GH_TOKEN")],
)
def test_an_env_var_naming_the_env_var(name: str, value: str) -> None:
    assert _messages(pod([container(env=[{"name": name, "value": value}])])) == []


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("exporter.yaml", "site: datadoghq.eu\napiKeyEnvVar: DD_API_KEY\n"),
        ("exporter.json", '{"api_key_env_var": "DD_API_KEY"}'),
        ("exporter.toml", 'api_key_env_var = "DD_API_KEY"\n'),
        ("app.env", "DD_API_KEY_ENV_VAR=DD_API_KEY\n"),
        ("run.sh", "exec agent --api-key-env-var DD_API_KEY\n"),
    ],
)
def test_a_config_file_naming_the_env_var(key: str, text: str) -> None:
    assert configmap_messages(key, text, FAKE) == []


def test_sh_c_naming_the_env_var() -> None:
    assert _messages(script_pod("exec agent --api-key-env-var=DD_API_KEY --site datadoghq.eu")) == []


@pytest.mark.parametrize("value", [FAKE, "Zq7fake-pw9", "ZQ7FAKE", "fake_lower_case", "A" * 32 + "BCDFGHJ"])
def test_a_literal_of_another_shape_is_reported(value: str) -> None:
    (in_args,) = _messages(pod([container(command=["agent", f"--api-key-env-var={value}"])]))
    assert 'sets "--api-key-env-var"' in in_args
    (in_env,) = _messages(pod([container(env=[{"name": "DD_API_KEY_ENV_VAR", "value": value}])]))
    assert 'env var "DD_API_KEY_ENV_VAR" sets a sensitive value' in in_env


def test_a_literal_in_a_config_file_is_reported() -> None:
    (message,) = configmap_messages("exporter.yaml", f"apiKeyEnvVar: {FAKE}\n", FAKE)
    assert 'sets "apiKeyEnvVar"' in message


def test_the_key_option_itself_is_still_reported() -> None:
    (message,) = _messages(pod([container(command=["agent", "--api-key=DD_API_KEY"])]))
    assert 'sets "--api-key"' in message


def test_a_known_token_there_is_reported() -> None:
    (message,) = _messages(pod([container(command=["agent", "--api-key-env-var=AKIAIOSFODNN7EXAMPLE"])]))
    assert "AWS access key" in message


def test_linear_on_adversarial_input() -> None:
    start = time.perf_counter()
    assert not names_a_stored_credential("API_KEY_ENV_VAR", "A_" * 32768 + "!")
    assert not names_a_stored_credential("API_KEY_ENV_VAR", "A" * 65536)
    assert time.perf_counter() - start < 1.0


# --- 1.25.359: ``var`` after a credential's words, and lower-case names under ``env var`` ---------


@pytest.mark.parametrize(
    "argv",
    [
        ["app", "--token-var=GITHUB_TOKEN"],
        ["app", "--token-var", "GITHUB_TOKEN"],
        ["app", "--api-key-var=DD_API_KEY"],
        ["app", "--db-password-variable=DB_PASSWORD"],
        ["app", "--password-env-var=db_password"],
        ["app", "--token-env-var", "github_token"],
    ],
)
def test_an_option_naming_the_variable(argv: list[str]) -> None:
    assert _messages(pod([container(command=argv)])) == []
    assert _messages(script_pod(" ".join(argv))) == []
    assert configmap_messages("run.sh", " ".join(argv) + "\n", FAKE) == []


@pytest.mark.parametrize(("name", "value"), [("TOKEN_VAR", "GITHUB_TOKEN"), ("PASSWORD_ENV_VAR", "db_password")])
def test_an_env_var_naming_the_variable(name: str, value: str) -> None:
    assert _messages(pod([container(env=[{"name": name, "value": value}])])) == []
    assert configmap_messages("app.env", f"{name}={value}\n", FAKE) == []


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--token-var", "github_token"),  # lower case only where the name says env var
        ("--token-var", "ZQ7FAKE"),
        ("--token-var", FAKE),
        ("--password", "db_password"),
        ("--password", "DB_PASSWORD"),
        ("--password-env-var", "fake_lower_case"),  # names no secret
        ("--password-env-var", "summer_2024"),
        ("--password-env-var", "dbpassword"),  # one word
        ("--password-env-var", "db_password_x7kq9zzrt"),
    ],
)
def test_a_literal_under_such_a_name_is_reported(option: str, value: str) -> None:
    decision = decide(pod([container(command=["app", f"{option}={value}"])]))
    assert value not in everything_shown(decision)
    (message,) = [f.message for f in decision.findings if f.policy == POLICY]
    assert f'sets "{option}" in plain text' in message, message


def test_lower_case_names_are_read_in_linear_time() -> None:
    start = time.perf_counter()
    assert not names_a_stored_credential("--password-env-var", "a_" * 32768 + "!")
    assert not names_a_stored_credential("--password-env-var", "a" * 65536)
    assert not names_a_stored_credential("--token-var", "A_" * 32768 + "!")
    assert time.perf_counter() - start < 1.0
