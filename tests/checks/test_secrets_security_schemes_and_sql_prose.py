"""disallow-plaintext-secrets: text that describes how a secret is sent or set, found by a sweep of
real files, beside the nearest shapes that still hold one. Secret values are fake (``Zq7fake-...``)
and never appear in a message."""

from __future__ import annotations

import pytest
from check_helpers import configmap, findings

POLICY = "disallow-plaintext-secrets"
FAKE_KEY = "Zq7fake-key-9"


def _messages(key: str, text: str) -> list[str]:
    return [f.message for f in findings(configmap({key: text + "\n"}), POLICY)]


def _reported_once(key: str, text: str, name: str) -> None:
    messages = _messages(key, text)
    assert len(messages) == 1 and f'"{name}"' in messages[0], messages
    assert FAKE_KEY not in messages[0]


@pytest.mark.parametrize(
    ("key", "text"),
    [
        # jsonschema's benchmarks/issue232/issue.json, a Swagger 2.0 document
        ("issue.json", '{"swagger": "2.0", "securityDefinitions": {"api_key": {"type": "apiKey", "in": "header", "name": "X-API-Key"}}}'),
        ("swagger.yaml", "securityDefinitions:\n  api_key:\n    type: apiKey\n    in: header\n    name: X-API-Key"),
        ("openapi.yaml", "components:\n  securitySchemes:\n    bearerAuth:\n      type: http\n      scheme: bearer\n      bearerFormat: JWT"),
        ("openapi.yaml", "components:\n  securitySchemes:\n    ApiKeyAuth:\n      type: apiKey\n      in: query\n      name: api_key"),
        ("openapi.yaml", "components:\n  securitySchemes:\n    session_token:\n      type: apiKey\n      in: cookie\n      name: SESSION"),
        ("openapi.json", '{"components": {"securitySchemes": {"basicAuth": {"type": "http", "scheme": "basic"}, '
                         '"bearerAuth": {"type": "http", "scheme": "Bearer", "bearerFormat": "JWT"}}}}'),
    ],
)  # fmt: skip
def test_the_fields_of_an_api_security_scheme_hold_no_secret(key: str, text: str) -> None:
    """OpenAPI's and Swagger's security schemes under a sensitive name: ``in`` says where the key is
    sent (header, query or cookie), ``scheme`` names the HTTP authentication scheme."""
    assert _messages(key, text) == []


@pytest.mark.parametrize(
    ("key", "text", "name"),
    [
        ("app.yaml", f"api_key: {FAKE_KEY}", "api_key"),
        ("app.yaml", "api_key: header", "api_key"),
        ("app.yaml", f"api_key:\n  in: {FAKE_KEY}", "api_key.in"),
        ("app.yaml", f"bearerAuth:\n  scheme: {FAKE_KEY}", "bearerAuth.scheme"),
        ("app.yaml", "bearerAuth:\n  scheme: bearer Zq7fake-key-9", "bearerAuth.scheme"),
        ("app.yaml", "password: bearer", "password"),
        ("app.json", f'{{"api_key": {{"in": "{FAKE_KEY}"}}}}', "api_key.in"),
        ("app.json", f'{{"securityDefinitions": {{"api_key": {{"in": "header", "value": "{FAKE_KEY}"}}}}}}', "securityDefinitions.api_key.value"),
    ],
)  # fmt: skip
def test_a_value_beside_or_instead_of_a_schemes_field_stays_reported(key: str, text: str, name: str) -> None:
    _reported_once(key, text, name)
