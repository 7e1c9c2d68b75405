"""disallow-plaintext-secrets: an API key beside the API secret of its pair, the same words before
both (OHDSI WebAPI's ``security.oauth.google.apiKey`` / ``security.oauth.google.apiSecret``, a YAML
mapping's or a JSON object's ``apiKey`` / ``apiSecret``), is the pair's id (an OAuth client id), no
secret; the API secret is reported, and an API key alone, or beside another provider's secret, too."""

from __future__ import annotations

import time

import orjson
import pytest
from check_helpers import FAKE, configmap_messages

CLIENT_ID = "123456789012-q1w2e3r4t5y6u7i8o9p0.apps.googleusercontent.com"


def _said(key: str, text: str) -> list[str]:
    return [m.split(" sets ", 1)[1].split(" in plain text")[0] for m in configmap_messages(key, text, FAKE)]


def test_ohdsi_webapi_properties() -> None:
    text = (
        "security.provider=AtlasRegularSecurity\n"
        f"security.oauth.google.apiKey={CLIENT_ID}\n"
        f"security.oauth.google.apiSecret={FAKE}\n"
        "security.oauth.facebook.apiKey=1234567890123456\n"
        f"security.oauth.facebook.apiSecret={FAKE}\n"
    )
    assert _said("application.properties", text) == ['"security.oauth.google.apiSecret"', '"security.oauth.facebook.apiSecret"']


def test_yaml_and_json_pairs() -> None:
    yaml_text = f"security:\n  oauth:\n    google:\n      apiKey: {CLIENT_ID}\n      apiSecret: {FAKE}\n"
    assert _said("application.yml", yaml_text) == ['"apiSecret"']
    json_text = orjson.dumps({"oauth": {"github": {"apiKey": "Iv1.0123456789abcdef", "apiSecret": FAKE}}}).decode()
    assert _said("settings.json", json_text) == ['"oauth.github.apiSecret"']


def test_a_secret_from_elsewhere_still_pairs_the_key() -> None:
    text = f"security.oauth.google.apiKey={CLIENT_ID}\nsecurity.oauth.google.apiSecret=${{GOOGLE_SECRET}}\n"
    assert _said("application.properties", text) == []


@pytest.mark.parametrize(
    ("key", "text", "said"),
    [
        ("application.properties", f"security.oauth.google.apiKey={FAKE}\n", '"security.oauth.google.apiKey"'),
        (
            "application.properties",
            f"security.oauth.google.apiKey={FAKE}\nsecurity.oauth.facebook.apiSecret=${{FB_SECRET}}\n",
            '"security.oauth.google.apiKey"',
        ),
        ("application.yml", f"google:\n  apiKey: {FAKE}\nfacebook:\n  apiSecret: ${{FB_SECRET}}\n", '"apiKey"'),
        ("settings.json", orjson.dumps({"google": {"apiKey": FAKE}, "apiSecret": "${X}"}).decode(), '"google.apiKey"'),
    ],
)
def test_an_api_key_without_its_own_secret_is_reported(key: str, text: str, said: str) -> None:
    assert _said(key, text) == [said]


def test_many_api_keys_in_one_object_stay_linear() -> None:
    """The object's API secrets are looked up once, not once per API key."""
    doc = {"k7ApiSecret": FAKE} | {f"k{i}ApiKey": "x1" for i in range(20000)}
    started = time.process_time()
    messages = configmap_messages("big.json", orjson.dumps(doc).decode(), FAKE)
    assert time.process_time() - started < 20
    assert messages and "k7ApiSecret" in " ".join(messages) and '"k7ApiKey"' not in " ".join(messages)
