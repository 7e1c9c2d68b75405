"""A credential alone in a ConfigMap entry of several lines (a Slack webhook URL, a URL with a
password, a Grafana data source's ``Bearer`` header, a PEM key or a SQL statement written over
lines) is said as ever, and names the line where it starts (a SQL statement's: its ``IDENTIFIED BY``), as each finding of an entry with more
does; never its value. An entry of one line names none."""

from __future__ import annotations

import pytest

from check_helpers import FAKE, configmap_messages

SLACK = "https://hooks.slack.com/services/T0FAKE0001/B0FAKE0002/" + "FAKEnotArealSecret1234"
BEARER = "FAKEnotARealTokenFAKEnotARealToken"
PEM_BODY = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCFAKEnotARealKey"


def _message(key: str, text: str, secret: str) -> str:
    messages = configmap_messages(key, text, secret)
    assert len(messages) == 1, messages
    return messages[0]


@pytest.mark.parametrize(
    ("key", "text", "secret", "said"),
    [
        ("alerts.conf", f"# on-call\nchannel = lab\nwebhook = {SLACK}\n", SLACK, "holds a Slack webhook URL in plain text (line 3)"),
        ("app.yaml", f"# db\nurl: postgres://app:{FAKE}@db.example:5432/trials\n", FAKE, "holds a URL with a password (user:password@host) in plain text (line 2)"),
        (
            "datasources.yaml",
            "apiVersion: 1\ndatasources:\n  - name: Prometheus\n    type: prometheus\n    url: http://prometheus:9090\n"
            f"    jsonData:\n      httpHeaderName1: Authorization\n    secureJsonData:\n      httpHeaderValue1: Bearer {BEARER}\n",
            BEARER,
            "holds a bearer token in plain text (line 9)",
        ),
        ("tls.yaml", f"# lab\nkey: |\n  -----BEGIN PRIVATE KEY-----\n  {PEM_BODY}\n  -----END PRIVATE KEY-----\n", PEM_BODY, "holds a PEM private key in plain text (line 3)"),
        ("02-grants.sql", f"-- grants\nGRANT SELECT ON shop.* TO 'app'@'%'\n  IDENTIFIED BY '{FAKE}';\n", FAKE, "holds a SQL statement with a password in plain text (line 3)"),  # its IDENTIFIED BY
    ],
)
def test_a_credential_alone_in_an_entry_of_several_lines_names_its_line(key: str, text: str, secret: str, said: str) -> None:
    message = _message(key, text, secret)
    assert f'key "{key}" ' in message
    assert f"{said}." in message, message
    assert len(message.split(". Fix:")[0]) <= 120


@pytest.mark.parametrize(
    ("text", "secret"),
    [(SLACK, SLACK), (f"postgres://app:{FAKE}@db.example:5432/trials", FAKE), (f"\n{SLACK}\n", SLACK)],
)
def test_a_credential_alone_on_the_one_line_of_its_entry_names_none(text: str, secret: str) -> None:
    message = _message("alerts.conf", text, secret)
    assert "(line" not in message
    assert "in plain text." in message


def test_a_credential_among_other_secrets_names_its_line_as_before() -> None:
    text = f"# on-call\nwebhook = {SLACK}\npassword = {FAKE}\n"
    messages = sorted(configmap_messages("alerts.conf", text, FAKE))
    assert SLACK not in " ".join(messages)
    assert len(messages) == 2, messages
    assert "holds a Slack webhook URL in plain text (line 2)." in messages[0]
    assert 'sets "password" in plain text (line 3).' in messages[1]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (f"host=db\n-- password={FAKE}\n", " (line 2)"),  # a libpq password= that no setting reader takes
        (f"# replica\n\n-- password={FAKE}\nhost=db\n", " (line 3)"),
    ],
)
def test_a_libpq_password_read_from_the_whole_entry_names_its_line(text: str, where: str) -> None:
    message = _message("app.conf", text, FAKE)
    assert f'key "app.conf" holds settings with a password in plain text{where}.' in message, message
