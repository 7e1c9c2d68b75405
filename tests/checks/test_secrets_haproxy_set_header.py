"""disallow-plaintext-secrets: HAProxy's ``http-request set-header X-Api-Key ...`` (and
``add-header``) in haproxy.cfg, a header sent to the backend, was admitted (nginx's
``proxy_set_header`` and Apache's ``RequestHeader set`` were read); since 1.25.486 it is judged as a
header is, by its name (``Authorization`` always, after its scheme). HAProxy's expressions,
``%[env(API_KEY)]``, ``%[var(txn.token)]``, ``%{+Q}[...]``, compute the value: none."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages

HAPROXY = "global\n  maxconn 2000\ndefaults\n  mode http\nfrontend fe\n  bind :8080\n  default_backend api\nbackend api\n{lines}  server s1 api.internal:8080 check\n"


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        (f"  http-request set-header X-Api-Key {FAKE}\n", "http-request X-Api-Key"),
        (f"  http-request add-header X-Auth-Token {FAKE} if {{ path_beg /fhir }}\n", "http-request X-Auth-Token"),
        (f'  http-request set-header Authorization "Basic {FAKE}"\n', "http-request Authorization"),
    ],
)
def test_a_header_with_a_literal_credential_is_reported(line: str, shown: str) -> None:
    """Was admitted."""
    (message,) = configmap_messages("haproxy.cfg", HAPROXY.format(lines=line), FAKE)
    assert f'sets "{shown}" in plain text (line 9)' in message


@pytest.mark.parametrize(
    "line",
    [
        "  http-request set-header X-Api-Key %[env(API_KEY)]\n",
        '  http-request set-header Authorization "Bearer %[var(txn.token)]"\n',
        "  http-request set-header X-Api-Key %{+Q}[env(API_KEY)]\n",
        '  http-request set-header X-Api-Key "${API_KEY}"\n',
        "  http-request set-header X-Forwarded-Proto https if { ssl_fc }\n",
        "  http-request set-header X-Request-ID %[unique-id]\n",
        "  http-request del-header Authorization\n",
        "  http-request set-header Host api.example.org\n",
    ],
)
def test_expressions_references_and_other_headers_are_not_reported(line: str) -> None:
    assert configmap_messages("haproxy.cfg", HAPROXY.format(lines=line), FAKE) == []
