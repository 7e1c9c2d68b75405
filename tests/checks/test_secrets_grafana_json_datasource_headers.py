"""A Grafana data source written as JSON (a datasource.json a provisioning job posts, also in an env
value): secureJsonData's httpHeaderValueN judged as the header jsonData's httpHeaderNameN names, as
the YAML reader judges it (since 1.25.542)."""

from __future__ import annotations

import orjson
import pytest

from tests.checks.check_helpers import FAKE, compliant, configmap, configmap_messages, pod, reported_once

POLICY = "disallow-plaintext-secrets"


def _source(name: str, value: str, **more: object) -> dict[str, object]:
    return {
        "name": "Lab API",
        "type": "marcusolsson-json-datasource",
        "jsonData": {"httpHeaderName1": "X-Scope-OrgID", "httpHeaderName2": name},
        "secureJsonData": {"httpHeaderValue1": "tenant-a", "httpHeaderValue2": value},
        **more,
    }


def _text(document: object) -> str:
    return orjson.dumps(document, option=orjson.OPT_INDENT_2).decode()


@pytest.mark.parametrize(("name", "value"), [("X-Api-Key", FAKE), ("Authorization", "Bearer s3cr3tTok"), ("Authorization", "Token FAKE")])
def test_a_header_set_in_plain_text_is_reported_under_its_name(name: str, value: str) -> None:
    finding = reported_once(configmap({"datasource.json": _text(_source(name, value))}), POLICY, f'sets "secureJsonData.{name}" in plain text (line 10)')
    assert value not in finding.message


def test_a_data_source_in_a_list_is_named_by_its_place() -> None:
    text = _text({"apiVersion": 1, "datasources": [_source("Authorization", "Token s3cr3tTok"), _source("X-Api-Key", FAKE)]})
    assert configmap_messages("datasources.json", text, FAKE) == [
        'ConfigMap "config" key "datasources.json" sets "datasources[0].secureJsonData.Authorization" in plain text (line 13). '
        "Fix: move it into a Secret and mount or reference that Secret instead.",
        'ConfigMap "config" key "datasources.json" sets "datasources[1].secureJsonData.X-Api-Key" in plain text (line 25). '
        "Fix: move it into a Secret and mount or reference that Secret instead.",
    ]
    assert "s3cr3tTok" not in str(configmap_messages("datasources.json", text, "s3cr3tTok"))


def test_in_an_env_value_it_is_reported_once() -> None:
    obj = pod([compliant(env=[{"name": "GRAFANA_DATASOURCE", "value": _text(_source("X-Api-Key", FAKE))}])])
    reported_once(obj, POLICY, 'sets "secureJsonData.X-Api-Key" in plain text')


def test_a_token_found_by_its_shape_is_reported_once_as_that() -> None:
    token = "Bearer " + "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJGQUtFIn0.c2lnbmF0dXJlLW5vdC1yZWFs"
    messages = configmap_messages("datasource.json", _text(_source("Authorization", token)), token)
    assert len(messages) == 1 and "secureJsonData" not in messages[0], messages


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("X-Scope-OrgID", "hospital-b"),
        ("Authorization", "$__file{/etc/grafana/token}"),
        ("Authorization", "Bearer ${LOKI_TOKEN}"),
        ("X-Api-Key", "$LAB_API_KEY"),
        ("Accept", "application/json"),
        ("X-Api-Key", ""),
    ],
)
def test_a_header_without_a_credential_is_harmless(name: str, value: str) -> None:
    assert configmap_messages("datasource.json", _text(_source(name, value)), FAKE) == []


def test_a_value_with_no_name_beside_it_is_harmless() -> None:
    text = _text({"datasources": [{"jsonData": {"httpHeaderName1": "X-Api-Key"}}, {"secureJsonData": {"httpHeaderValue1": FAKE}}]})
    assert configmap_messages("datasources.json", text, FAKE) == []
    # keys of the same names elsewhere than a data source's jsonData / secureJsonData are none either
    text = _text({"headers": {"httpHeaderName1": "X-Api-Key"}, "secure": {"httpHeaderValue1": FAKE}})
    assert configmap_messages("datasource.json", text, FAKE) == []
