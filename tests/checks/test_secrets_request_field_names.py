"""disallow-plaintext-secrets: a name whose last word is ``headers`` or ``arguments`` that holds the
names of the headers or URL arguments a credential is read from (the Orthanc authorization plugin's
``"TokenHttpHeaders": ["my-auth-header"]``, ``"TokenGetArguments": ["token"]``) holds no credential.
A list of one string was judged as its key's value, and a YAML flow list as one value: both were
reported as set in plain text, blocking the plugin's stock config."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap_messages

from webhook.checks.secrets.setting_values import no_secret_for

TOKEN_SHAPED = "FAKE-n0t-a-r3al-t0ken"
"""A fake with digits inside its words: no header's name. (``FAKE`` itself, words of letters joined
by ``-``, has a header name's shape: under a ``headers`` name it is one.)"""

ORTHANC = """\
{
  "Authorization" : {
    "WebServiceRootUrl" : "http://orthanc-auth:8000/",
    "TokenHttpHeaders" : [ %s ],
    "TokenGetArguments" : [ "token" ]
  }
}
"""


@pytest.mark.parametrize("headers", ['"my-auth-header"', '"X-Api-Key"', '"X-B3-TraceId"'])
def test_header_names_under_orthanc_token_http_headers_are_not_reported(headers: str) -> None:
    """Was reported: sets "Authorization.TokenHttpHeaders" and "Authorization.TokenGetArguments"."""
    assert configmap_messages("orthanc.json", ORTHANC % headers, FAKE) == []


def test_header_names_in_json_with_comments_are_not_reported() -> None:
    text = "// the authorization plugin\n" + ORTHANC % '"my-auth-header"'
    assert configmap_messages("orthanc.json", text, FAKE) == []


@pytest.mark.parametrize(
    "text",
    ["auth:\n  token_headers: [my-auth-header, X-Token]\n", "auth:\n  token_headers: 'X-Auth-Token'\n", "TOKEN_HEADERS=X-Auth-Token\n"],
)
def test_header_names_in_yaml_and_dotenv_are_not_reported(text: str) -> None:
    assert configmap_messages("proxy.yaml", text, FAKE) == []


@pytest.mark.parametrize(
    "text",
    [
        '{"Authorization": {"TokenHttpHeaders": ["%s"]}}',
        '{"Authorization": {"TokenHttpHeaders": ["Authorization: Bearer %s"]}}',
        "auth:\n  token_headers:\n    Authorization: \"Bearer %s\"\n",
        "auth:\n  token_headers: [X-Token, %s]\n",
    ],
)
def test_a_credential_under_a_headers_name_stays_reported(text: str) -> None:
    """A value of another shape than a name (a fake with digits inside its words), or a header
    written with its value, is judged as before."""
    key = "orthanc.json" if text[:1] == "{" else "proxy.yaml"
    assert len(configmap_messages(key, text % TOKEN_SHAPED, TOKEN_SHAPED)) == 1


@pytest.mark.parametrize(
    "value",
    ["Zq7fake-pw9", "e29b-41d4-a716", "ghp_16C7e42F292c6912E7710c838347Ae178B4a", "xkcdqwrtzp-auth", "X-Token: abc", "a" * 70],
)
def test_a_token_shaped_value_is_no_header_name(value: str) -> None:
    assert not no_secret_for("TokenHttpHeaders", value)
    assert not no_secret_for("token_headers", f"[X-Token, {value}]")


def test_only_a_headers_or_arguments_name_lists_names() -> None:
    assert no_secret_for("TokenHttpHeaders", '"my-auth-header"')
    assert no_secret_for("TokenGetArguments", "access_token")
    assert not no_secret_for("TokenHttpHeader2", "my-auth-header")
    assert not no_secret_for("auth_token", "my-auth-header")


def test_a_long_list_of_header_names_is_read_in_linear_time() -> None:
    value = "[" + ", ".join(["X-Auth-Token"] * 5000) + ", " + "a-" * 20000 + "]"
    start = time.perf_counter()
    assert not no_secret_for("token_headers", value)
    assert time.perf_counter() - start < 1.0
