"""disallow-plaintext-secrets: tokens of build and publishing tools, and tool-specific settings
that carry a credential. Every value here is fake, of the real shape; no finding shows any piece of
one."""

from __future__ import annotations

from typing import Any

import pytest
from check_helpers import configmap, container, everything_shown, decide, pod

from webhook.checks.secrets.values import credential_kind, credential_kinds

POLICY = "disallow-plaintext-secrets"
HEX40 = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c"
SONAR = {"squ_": "a SonarQube token", "sqp_": "a SonarQube token", "sqa_": "a SonarQube token"}


def _messages(obj: dict[str, Any]) -> list[str]:
    decision = decide(obj)
    return [f.message for f in decision.findings if f.policy == POLICY]


def _shown(obj: dict[str, Any]) -> str:
    return everything_shown(decide(obj))


@pytest.mark.parametrize("prefix", list(SONAR))
def test_a_sonarqube_token_is_found_under_any_name(prefix: str) -> None:
    token = prefix + HEX40
    assert credential_kind(token) == "a SonarQube token"
    assert credential_kinds(f"sonar.login={token} sonar.host.url=https://sonar.example") == ["a SonarQube token"]
    shapes = {
        "properties": configmap({"sonar-project.properties": f"sonar.projectKey=app\nsonar.login={token}\n"}),
        "env": pod([container(env=[{"name": "SQ", "value": token}])]),
        "argument": pod([container(command=["mvn", "sonar:sonar", f"-Dsonar.token={token}"])]),
        "script": configmap({"scan.sh": f"#!/bin/sh\nsonar-scanner -Dsonar.projectKey=app -Dsonar.login={token}\n"}),
    }
    for shape, obj in shapes.items():
        messages = _messages(obj)
        assert messages, shape
        assert HEX40[:8] not in _shown(obj), shape
    assert any("a SonarQube token" in message for message in _messages(shapes["properties"]))


@pytest.mark.parametrize(
    "text",
    [
        "squ_tag",  # a word
        "squ_" + HEX40[:39],  # one character short
        "squ_" + HEX40 + "0",  # a longer hex run is another thing
        "squ_" + HEX40.upper(),  # the body is lowercase hex
        "xsqu_" + HEX40,  # inside a word
        "sqx_" + HEX40,  # another prefix
        "squ_" + "g" + HEX40[1:],  # not hex
    ],
)
def test_no_sonarqube_token_without_its_whole_shape(text: str) -> None:
    assert credential_kind(text) is None
    assert credential_kinds(text) == []
    assert not _messages(configmap({"notes.txt": f"id: {text}\n"}))



PYPI_BODY = "CJGZha2UtMDAwMC1ub3QtYS1yZWFsLXRva2VuLTAwMDAAAipbMywiZmFrZS1ub3QtYS1yZWFsLXNjb3BlIl0AAAYgFAKE0"
PYPI = "pypi-AgEIcHlwaS5vcmc" + PYPI_BODY
TEST_PYPI = "pypi-AgENdGVzdC5weXBpLm9yZw" + PYPI_BODY


@pytest.mark.parametrize("token", [PYPI, TEST_PYPI])
def test_a_pypi_token_is_found_under_any_name(token: str) -> None:
    assert credential_kind(token) == "a PyPI API token"
    assert credential_kinds(f"TWINE_X={token} TWINE_REPOSITORY=pypi") == ["a PyPI API token"]
    shapes = {
        "env file": configmap({"env": f"TWINE_USERNAME=__token__\nTWINE_X={token}\n"}),
        "env": pod([container(env=[{"name": "TWINE_X", "value": token}])]),
        "argument": pod([container(command=["twine", "upload", "-u", "__token__", "-p", token, "dist/*"])]),
        "glued": pod([container(command=["twine", "upload", "-p" + token, "dist/*"])]),
        "pypirc": configmap({".pypirc": f"[pypi]\nusername = __token__\npassword = {token}\n"}),
    }
    for shape, obj in shapes.items():
        assert _messages(obj), shape
        assert PYPI_BODY[:12] not in _shown(obj) and PYPI_BODY[-12:] not in _shown(obj), shape
    assert any("a PyPI API token" in message for message in _messages(shapes["env file"]))


@pytest.mark.parametrize(
    "text",
    [
        "pypi-AgEIcHlwaS5vcmc",  # the prefix alone
        "pypi-AgEIcHlwaS5vcmc" + PYPI_BODY[:40],  # too short for a macaroon
        "pypi-AgEIcHlwaS5vcmd" + PYPI_BODY,  # another location
        "xpypi-AgEIcHlwaS5vcmc" + PYPI_BODY,  # inside a word
        "pypi-simple",
        "pypi-AgEI",
        "https://pypi.org/project/pypi-attestations/",
    ],
)
def test_no_pypi_token_without_its_whole_shape(text: str) -> None:
    assert credential_kind(text) is None
    assert credential_kinds(text) == []
    assert not _messages(configmap({"notes.txt": f"id: {text}\n"}))


BASIC = "Ym9iOkZBS0Utbm90LWEtcmVhbC1wYXNzd29yZA=="  # base64 of bob:FAKE-not-a-real-password


@pytest.mark.parametrize(
    "header",
    [f"AUTHORIZATION: basic {BASIC}", f"Authorization: Basic {BASIC}", "AUTHORIZATION: bearer FAKEnotARealBearerToken00", "X-Api-Key: FAKEnotARealKey00"],
)
def test_a_credential_in_gits_extra_header_is_reported(header: str) -> None:
    shapes = {
        "gitconfig": f"[http]\n\textraheader = {header}\n",
        ".gitconfig": f'[user]\n\tname = bob\n[http "https://git.example"]\n\textraHeader = {header}\n',
    }
    for key, text in shapes.items():
        obj = configmap({key: text})
        messages = _messages(obj)
        assert len(messages) == 1, (key, messages)
        if "Basic " not in header and "bearer" not in header:  # a token found by its shape is named by its kind
            assert "extraheader" in messages[0].lower(), (key, messages)
        shown = _shown(obj)
        assert header.partition(": ")[2].split()[-1][:12] not in shown, key


@pytest.mark.parametrize(
    "header",
    [
        "AUTHORIZATION: basic $(echo -n bob:$GIT_PASSWORD | base64)",
        "AUTHORIZATION: basic ${GIT_BASIC}",
        "Authorization: Bearer ${GITHUB_TOKEN}",
        "AUTHORIZATION: basic",
        "X-Trace: on",
        "X-Request-Source: ci-pipeline-runner-0001",
    ],
)
def test_gits_extra_header_without_a_literal_credential_passes(header: str) -> None:
    assert not _messages(configmap({"gitconfig": f"[http]\n\textraheader = {header}\n"}))
