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


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        (f"  http-response set-header X-Api-Key {FAKE}\n", "http-response X-Api-Key"),
        (f'  http-response add-header Authorization "Basic {FAKE}"\n', "http-response Authorization"),
        (f'  http-check send hdr Authorization "Basic {FAKE}"\n', "http-check Authorization"),
        (f"  http-check send hdr Authorization 'Basic {FAKE}'\n", "http-check Authorization"),
        (f"  http-check send meth GET uri /health ver HTTP/1.1 hdr Host fhir.internal hdr X-Api-Key {FAKE}\n", "http-check X-Api-Key"),
        (f'  http-check send hdr X-Auth-Token {FAKE} body "{{}}"\n', "http-check X-Auth-Token"),
    ],
)
def test_a_response_or_health_check_header_with_a_literal_credential_is_reported(line: str, shown: str) -> None:
    """Was admitted (since 1.25.498 read as http-request set-header is)."""
    (message,) = configmap_messages("haproxy.cfg", HAPROXY.format(lines=line), FAKE)
    assert f'sets "{shown}" in plain text (line 9)' in message


def test_each_health_check_header_is_a_finding() -> None:
    """A short bearer token (a long one is reported by its shape anywhere) is read as the header's."""
    short = "Zq7fake-pw9x"
    line = f'  http-check send hdr X-Api-Key {short} hdr Authorization "Bearer {short}"\n'
    messages = configmap_messages("haproxy.cfg", HAPROXY.format(lines=line), short)
    assert [m.split(" sets ", 1)[1].split(" in plain")[0] for m in messages] == ['"http-check X-Api-Key"', '"http-check Authorization"']


@pytest.mark.parametrize(
    "line",
    [
        "  http-response set-header X-Api-Key %[env(API_KEY)]\n",
        "  http-response set-header Strict-Transport-Security max-age=31536000\n",
        "  http-response del-header X-Api-Key\n",
        '  http-response add-header Set-Cookie "SERVERID=s1; path=/"\n',  # a sticky session's cookie, given to every client
        "  http-response set-header Set-Cookie session-affinity-cookie-value\n",
        '  http-check send hdr Authorization "Bearer %[env(CHECK_TOKEN)]"\n',
        '  http-check send hdr Authorization "${CHECK_AUTH}"\n',
        "  http-check send meth GET uri /health hdr Host fhir.internal\n",
        "  http-check expect status 200\n",
        "  http-check send hdr Authorization\n",  # no value
    ],
)
def test_response_and_health_check_expressions_references_and_other_headers_are_not_reported(line: str) -> None:
    assert configmap_messages("haproxy.cfg", HAPROXY.format(lines=line), FAKE) == []


def test_a_long_health_check_line_stays_linear() -> None:
    import time

    line = "  http-check send" + ' hdr X-Api-Key "' * 4096 + " hdr X-Api-Key '" * 4096 + f" hdr X-Api-Key {FAKE}\n"
    started = time.perf_counter()
    messages = configmap_messages("haproxy.cfg", HAPROXY.format(lines=line), FAKE)
    assert len(messages) == 1 and "http-check X-Api-Key" in messages[0]
    assert time.perf_counter() - started < 4


# --- http-after-response and the old option httpchk's headers (since 1.25.516) -------------------
# option httpchk METHOD URI VERSION carries headers after an escaped line break, its blanks escaped
# (HTTP/1.1\r\nAuthorization:\ Basic\ ...) or the version quoted; http-after-response sets a header
# as http-response does. Both were admitted.

BASIC = "dXNlcjpGQUtFLXB3"  # base64 of a short fake user:password, no token by its shape


@pytest.mark.parametrize(
    ("line", "secret", "shown"),
    [
        (f"  option httpchk GET /health HTTP/1.1\\r\\nAuthorization:\\ Basic\\ {BASIC}\n", BASIC, "option httpchk Authorization"),
        (f"  option httpchk GET /health HTTP/1.0\\r\\nHost:\\ fhir\\r\\nX-Api-Key:\\ {FAKE}\n", FAKE, "option httpchk X-Api-Key"),
        (f'  option httpchk GET /health "HTTP/1.1\\r\\nX-Auth-Token: {FAKE}"\n', FAKE, "option httpchk X-Auth-Token"),
        ('  http-after-response set-header Authorization "Bearer Zq7fake-pw9x"\n', "Zq7fake-pw9x", "http-after-response Authorization"),
        (f"  http-after-response add-header X-Api-Key {FAKE}\n", FAKE, "http-after-response X-Api-Key"),
    ],
)
def test_an_httpchk_or_after_response_header_with_a_literal_credential_is_reported(line: str, secret: str, shown: str) -> None:
    """Was admitted."""
    (message,) = configmap_messages("haproxy.cfg", HAPROXY.format(lines=line), secret)
    assert f'sets "{shown}" in plain text (line 9)' in message


@pytest.mark.parametrize(
    "line",
    [
        "  option httpchk GET /health HTTP/1.1\\r\\nHost:\\ fhir.internal\n",
        "  option httpchk GET /health HTTP/1.1\\r\\nAuthorization:\\ Basic\\ ${CHECK_AUTH}\n",
        '  option httpchk GET /health "HTTP/1.1\\r\\nAuthorization: Bearer ${CHECK_TOKEN}"\n',
        "  option httpchk GET /health HTTP/1.1\\r\\nAuthorization:\n",  # no value
        "  option httpchk GET /health HTTP/1.1\n",
        "  http-after-response set-header X-Api-Key %[env(API_KEY)]\n",
        '  http-after-response set-header Set-Cookie "SERVERID=s1; path=/"\n',
        "  http-after-response set-header Cache-Control no-store\n",
    ],
)
def test_httpchk_and_after_response_references_and_other_headers_are_not_reported(line: str) -> None:
    assert configmap_messages("haproxy.cfg", HAPROXY.format(lines=line), FAKE) == []


def test_a_long_httpchk_line_stays_linear() -> None:
    import time

    line = "  option httpchk GET /" + "\\r\\nX-Api-Key:\\ \\ " * 8192 + f"\\r\\nX-Api-Key:\\ {FAKE}\n"
    started = time.perf_counter()
    messages = configmap_messages("haproxy.cfg", HAPROXY.format(lines=line), FAKE)
    assert len(messages) == 1 and "option httpchk X-Api-Key" in messages[0]
    assert time.perf_counter() - started < 4
