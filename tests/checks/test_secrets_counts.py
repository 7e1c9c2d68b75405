"""disallow-plaintext-secrets: a whole number under a name that counts secrets (``tokens: 1000``, a
rate limiter's bucket; ``password_history: 24``, how many old passwords are remembered) is a count,
not a credential, in every format a setting is read in; a singular name (``token: 90817263``, a
numeric PIN) and a string under a plural name (``tokens: Zq7fakeAbc123``) stay reported."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from check_helpers import configmap, container, decide, findings, pod, script_pod

POLICY = "disallow-plaintext-secrets"
FAKE_PIN = "90817263"  # an obviously fake numeric token
FAKE_TOKEN = "Zq7fakeAbc123"


def _pascal(name: str) -> str:
    return "".join(word.capitalize() for word in name.split("_"))


def _upper(name: str) -> str:
    return name.upper()


# each format: (ConfigMap key, the text setting ``name`` to ``value``), the value written as is
FORMATS: dict[str, Callable[[str, str], tuple[str, str]]] = {
    "yaml": lambda n, v: ("app.yaml", f"{n}: {v}\n"),
    "yaml-nested": lambda n, v: ("app.yaml", f"limiter:\n  {n}: {v}\n"),
    "ini": lambda n, v: ("app.ini", f"[limiter]\n{n} = {v}\n"),
    "properties": lambda n, v: ("app.properties", f"limiter.{n}={v}\n"),
    "dotenv": lambda n, v: (".env", f"{_upper(n)}={v}\n"),
    "toml": lambda n, v: ("app.toml", f"[limiter]\n{n} = {v}\n"),
    "json": lambda n, v: ("app.json", '{"limiter": {"%s": %s}}' % (n, v)),
    "js-one-line": lambda n, v: ("config.js", f"const c = {{ {n}: {v} }};\n"),
    "js-lines": lambda n, v: ("config.js", f"module.exports = {{\n  {n}: {v},\n}};\n"),
    "go-literal": lambda n, v: ("main.go", f"package main\n\nvar c = Config{{{_pascal(n)}: {v}}}\n"),
    "go-lines": lambda n, v: ("main.go", f"package main\n\nvar c = Config{{\n\t{_pascal(n)}: {v},\n}}\n"),
    "go-const": lambda n, v: ("main.go", f"package main\n\nconst {_pascal(n)} = {v}\n"),
    "php-assignment": lambda n, v: ("config.php", f"<?php\n${n} = {v};\n"),
    "php-array": lambda n, v: ("config.php", f"<?php\nreturn ['{n}' => {v}];\n"),
    "php-define": lambda n, v: ("config.php", f"<?php\ndefine('{_upper(n)}', {v});\n"),
    "yaml-name-value": lambda n, v: ("env.yaml", f"- name: {_upper(n)}\n  value: \"{v}\"\n"),
    "yaml-value-name": lambda n, v: ("env.yaml", f"- value: \"{v}\"\n  name: {_upper(n)}\n"),
    "json-name-value": lambda n, v: ("env.json", '[{"name": "%s", "value": "%s"}]' % (_upper(n), v.strip('"'))),
    "configmap-key": lambda n, v: (n, v),
}
JSON_STRINGS = ("json",)  # where a string must be quoted to be one


def _configmap_findings(form: str, name: str, value: str) -> list[Any]:
    key, text = FORMATS[form](name, value)
    return findings(configmap({key: text}), POLICY)


def _env_findings(name: str, value: str) -> list[Any]:
    return findings(pod([container(env=[{"name": name, "value": value}])]), POLICY)


COUNT_NAMES = ["tokens", "bucket_tokens", "secrets", "passwords", "api_keys", "password_history", "token_retries"]


@pytest.mark.parametrize("form", sorted(FORMATS))
@pytest.mark.parametrize("name", COUNT_NAMES)
def test_a_whole_number_under_a_name_that_counts_secrets_is_not_reported(form: str, name: str) -> None:
    """``tokens: 1000`` was reported as "sets "tokens" in plain text" while ``max_tokens: 4096`` was not."""
    assert _configmap_findings(form, name, "1000") == []
    assert _configmap_findings(form, name, "2400") == []


@pytest.mark.parametrize("name", ["TOKENS", "BUCKET_TOKENS", "SECRETS", "PASSWORDS", "API_KEYS", "PASSWORD_HISTORY", "TOKEN_RETRIES"])
def test_a_whole_number_in_an_env_var_that_counts_secrets_is_not_reported(name: str) -> None:
    assert _env_findings(name, "1000") == []


def test_a_quoted_whole_number_under_a_count_name_is_a_count_too() -> None:
    assert _configmap_findings("yaml", "tokens", '"1000"') == []
    assert _configmap_findings("js-one-line", "tokens", "'1000'") == []
    assert _configmap_findings("php-assignment", "tokens", "'1000'") == []


@pytest.mark.parametrize("form", sorted(FORMATS))
@pytest.mark.parametrize("name", ["token", "password", "secret"])
def test_a_long_number_under_a_singular_name_stays_reported(form: str, name: str) -> None:
    """A numeric token or PIN under ``token`` is a credential, as YAML's ``password: 8080`` is."""
    found = _configmap_findings(form, name, FAKE_PIN)
    assert len(found) == 1, found
    assert FAKE_PIN not in repr([(f.message, f.path) for f in found])


@pytest.mark.parametrize("form", sorted(FORMATS))
@pytest.mark.parametrize("name", ["tokens", "password_history"])
def test_a_string_under_a_count_name_stays_reported(form: str, name: str) -> None:
    quoted = form in JSON_STRINGS or form.startswith(("js", "go", "php"))
    found = _configmap_findings(form, name, f'"{FAKE_TOKEN}"' if quoted else FAKE_TOKEN)
    assert len(found) == 1, found
    assert _env_findings(name.upper(), FAKE_TOKEN) != []


@pytest.mark.parametrize("value", [f"{FAKE_PIN}abc", "1000.5", "-1000", "1e9", "0x3E8"])
def test_only_a_whole_number_is_a_count(value: str) -> None:
    """A number with a sign, a fraction, an exponent or a base, or digits with letters, is judged as before."""
    before = _configmap_findings("yaml", "token", value)
    assert len(_configmap_findings("yaml", "tokens", value)) == len(before) == 1


def test_env_var_token_with_a_long_number_stays_reported() -> None:
    (finding,) = _env_findings("TOKEN", FAKE_PIN)
    assert "TOKEN" in finding.message
    assert FAKE_PIN not in repr(decide(pod([container(env=[{"name": "TOKEN", "value": FAKE_PIN}])])).warnings)


def _args_findings(*argv: str) -> list[Any]:
    return findings(pod([container(args=list(argv))]), POLICY)


def _script_findings(script: str) -> list[Any]:
    return findings(script_pod(script), POLICY)


# each command-line form: the findings of ``name`` (a flag's name, dashes and all, or a variable's)
# given ``value``
COMMAND_FORMS: dict[str, Callable[[str, str], list[Any]]] = {
    "flag=value": lambda n, v: _args_findings(f"--{n}={v}"),
    "flag value": lambda n, v: _args_findings(f"--{n}", v),
    "single-dash flag value": lambda n, v: _args_findings(f"-{n}", v),
    "-Dname=value": lambda n, v: _args_findings(f"-D{n}={v}"),
    "options in one argument": lambda n, v: _args_findings(f"--verbose --{n}={v}"),
    "options in one argument, value apart": lambda n, v: _args_findings(f"--verbose --{n} {v}"),
    "--set name=value": lambda n, v: _args_findings("--set", f"limiter.{n}={v}"),
    "env NAME=value": lambda n, v: _args_findings("env", f"{_upper(n)}={v}", "./app"),
    "sh -c flag=value": lambda n, v: _script_findings(f"exec ./app --{n}={v}"),
    "sh -c flag value": lambda n, v: _script_findings(f"exec ./app --{n} {v}"),
    "sh -c export": lambda n, v: _script_findings(f"export {_upper(n)}={v}; exec ./app"),
    "sh -c export, split": lambda n, v: _script_findings(f"export {_upper(n)}={v}; curl -s http://svc/"),
    "sh -c assignment before a command": lambda n, v: _script_findings(f"{_upper(n)}={v} ./app"),
    "sh -c printf -v": lambda n, v: _script_findings(f"printf -v {n} {v}; ./app"),
    "sh -c printf -v, split": lambda n, v: _script_findings(f"printf -v {n} '%s' {v}; curl -s http://svc/"),
    "configmap script": lambda n, v: findings(configmap({"run.sh": f"#!/bin/sh\nexport {_upper(n)}={v}\nexec ./app --{n} {v}\n"}), POLICY),
    "env var option string": lambda n, v: _env_findings("EXTRA_ARGS", f"--verbose --{n}={v}"),
    "env var option string, value apart": lambda n, v: _env_findings("EXTRA_ARGS", f"--verbose --{n} {v}"),
    "curl form body": lambda n, v: _args_findings("curl", "-d", f"user=app&{n}={v}", "http://svc/"),
    "httpie body field": lambda n, v: _args_findings("http", "POST", "svc/limits", f"{n}={v}"),
    "httpie json field": lambda n, v: _args_findings("http", "POST", "svc/limits", f"{n}:={v}"),
}
COMMAND_COUNT_NAMES = ["tokens", "api-keys", "password-history", "token_retries", "bucket_tokens"]


@pytest.mark.parametrize("form", sorted(COMMAND_FORMS))
@pytest.mark.parametrize("name", COMMAND_COUNT_NAMES)
def test_a_whole_number_under_a_count_name_on_a_command_line_is_not_reported(form: str, name: str) -> None:
    """``--tokens=1000`` was "sets "--tokens" in plain text" where ``tokens: 1000`` in a config file
    and ``TOKENS=1000`` in an env var were no finding."""
    assert COMMAND_FORMS[form](name, "1000") == []
    assert COMMAND_FORMS[form](name, "'2400'") == []


@pytest.mark.parametrize("form", sorted(COMMAND_FORMS))
@pytest.mark.parametrize("name", ["tokens", "password-history"])
def test_text_under_a_count_name_on_a_command_line_stays_reported(form: str, name: str) -> None:
    found = COMMAND_FORMS[form](name, FAKE_TOKEN)
    assert found != []
    assert FAKE_TOKEN not in repr([(f.message, f.path) for f in found])


@pytest.mark.parametrize("form", sorted(COMMAND_FORMS))
def test_a_long_number_under_a_singular_name_on_a_command_line_stays_reported(form: str) -> None:
    found = COMMAND_FORMS[form]("token", FAKE_PIN)
    assert found != []
    assert FAKE_PIN not in repr([(f.message, f.path) for f in found])
