"""disallow-plaintext-secrets: a connection string written over several lines, each line after the
first starting with ``;`` (``ConnectionString=Server=db`` / ``;Database=app`` / ``;Password=...``,
also in a YAML block scalar), holds its password in plain text: a ``;Key=`` line right after a line
of a connection string's entries, or after another such line, continues it (``values._continued_
connection_passwords``). A ``;`` line after a ``[section]``, a plain ``key = value`` setting or a
blank line stays an INI comment (1.25.302). No message shows a value; each text is read in linear time."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap_messages, container, decide, everything_shown, pod

from webhook.checks.secrets.values import CONNECTION_STRING, credential_kind, credential_kinds

POLICY = "disallow-plaintext-secrets"
HELD = f'holds {CONNECTION_STRING} in plain text'
LINES = f"Server=db\n;Database=app\n;User Id=app\n;Password={FAKE}"


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("app.conf", f"ConnectionString={LINES}\n"),
        ("app.properties", f"db.connection=Data Source=db;Initial Catalog=app\n  ;User Id=app\n  ;Password={FAKE}\n"),
        ("app.ini", f"[db]\nconn = Server=db;Database=app\n; Password = {FAKE}\n"),
        ("app.yaml", "db:\n  connectionString: >\n" + "".join(f"    {line}\n" for line in LINES.splitlines())),
        ("app.yaml", f"db:\n  connectionString: |-\n    Host=db\n    ;Username=app\n    ;Password={FAKE}\n"),
        ("appsettings.yaml", f'ConnectionStrings:\n  Default: "Server=db\n    ;Database=app\n    ;Pwd={FAKE}"\n'),
        ("connection.txt", f"{LINES}\n"),
        ("run.sh", f'CONN="Server=db\n;Database=app\n;Password={FAKE}"\nexec ./app\n'),
    ],
)
def test_a_password_continuing_a_connection_string_is_reported(key: str, text: str) -> None:
    (message,) = configmap_messages(key, text, FAKE)
    assert HELD in message, message


def test_its_line_is_a_finding_beside_the_other_secrets_of_the_key() -> None:
    text = f"ConnectionString={LINES}\napi_key = {FAKE}\n"
    messages = configmap_messages("app.conf", text, FAKE)
    assert len(messages) == 2, messages
    assert f"{HELD} (line 4)" in messages[0] and 'sets "api_key" in plain text (line 5)' in messages[1]


def test_in_an_env_value() -> None:
    decision = decide(pod([container(env=[{"name": "CONNECTION_STRING", "value": LINES}])]))
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert HELD in finding.message
    assert FAKE not in everything_shown(decision)


@pytest.mark.parametrize(
    "text",
    [
        f"[db]\n; Password={FAKE}\n",  # after a section
        f"[db]\nhost = db\n;Password={FAKE}\n",  # after a plain setting
        f"[odbc]\nServer = db\n;Password={FAKE}\n",  # a plain setting named as an entry
        f"[client]\nhost=db\nuser=app\n; password={FAKE}\n",  # my.cnf
        f"host=db\n;password={FAKE}\n",  # an INI setting at the start, no section
        f"[db]\nconn = Server=db;Database=app\n\n;Password={FAKE}\n",  # a blank line between
        f"[db]\nconn = Server=db;Database=app\n# note\n;Password={FAKE}\n",  # another line between
        "ConnectionString=Server=db\n;Database=app\n;Password=${DB_PASSWORD}\n",  # a reference
        f"db:\n  conn: |\n    host = db\n    ;Password={FAKE}\n",  # a block scalar's INI text
    ],
)
def test_an_ini_comment_stays_harmless(text: str) -> None:
    assert configmap_messages("app.ini", text, FAKE) == []
    assert credential_kind(text, settings_apart=True) is None


@pytest.mark.parametrize(
    "text",
    [
        "Server=db\n" + ";a=b\n" * 13000,
        "Server=db\n" + ";Password=x\n" * 5400,
        "=Server" * 9300 + "\n;Password=x",
        ";server=a" * 7200 + "\n;Password=x",
        ":|" * 32000 + "\nServer=db\n;Password=x",
        "x\n;" + "a " * 32000 + "\n;Password=y",
    ],
)
def test_a_long_text_is_read_in_linear_time(text: str) -> None:
    start = time.perf_counter()
    credential_kinds(text, 8, settings_apart=True)
    credential_kind(text, settings_apart=True)
    assert time.perf_counter() - start < 1.0
