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
        ("app.yaml", "password: bearer", "password"),
        (".env", f"API_KEY_IN=header {FAKE_KEY}", "API_KEY_IN"),
        ("app.json", f'{{"api_key": {{"in": "{FAKE_KEY}"}}}}', "api_key.in"),
        ("app.json", f'{{"securityDefinitions": {{"api_key": {{"in": "header", "value": "{FAKE_KEY}"}}}}}}', "securityDefinitions.api_key.value"),
    ],
)  # fmt: skip
def test_a_value_beside_or_instead_of_a_schemes_field_stays_reported(key: str, text: str, name: str) -> None:
    _reported_once(key, text, name)


FAKE_PW = "Zq7fake-pw9"


@pytest.mark.parametrize(
    ("key", "text"),
    [
        # cffi's api.py
        ("api.py", "    def dlopen(self, name, flags=0):\n        \"\"\"Load and return a dynamic library identified by 'name'."),
        ("notes.txt", "Each entry is identified by 'key' in the table."),
        ("app.js", "// the user identified by 'name' is looked up first"),
        ("app.sh", "# the object identified by 'id'; then GRANT nothing"),
    ],
)
def test_prose_with_identified_by_is_no_sql(key: str, text: str) -> None:
    """``IDENTIFIED BY '...'`` sets a password only in a statement that creates or changes a user
    or a role, grants, sets a role or connects a database link; in prose it names a thing."""
    assert _messages(key, text) == []


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("01-users.sql", f"CREATE USER app IDENTIFIED BY '{FAKE_PW}';"),
        ("01-users.sql", f"CREATE USER IF NOT EXISTS 'app'@'%'\n  IDENTIFIED BY '{FAKE_PW}';"),
        ("01-users.sql", f"alter user 'root'@'localhost' identified with mysql_native_password by '{FAKE_PW}';"),
        ("01-users.sql", f"GRANT ALL PRIVILEGES ON shop.* TO 'app'@'%' IDENTIFIED BY '{FAKE_PW}';"),
        ("01-users.sql", f"CREATE ROLE admin IDENTIFIED BY '{FAKE_PW}';"),
        ("01-users.sql", f"SET ROLE admin IDENTIFIED BY '{FAKE_PW}';"),
        ("01-users.sql", f"CREATE DATABASE LINK remote CONNECT TO app IDENTIFIED BY '{FAKE_PW}' USING 'db';"),
        ("01-users.sql", f"SELECT 1;\nCREATE USER 'a'@'%' IDENTIFIED BY 'x';\nCREATE USER 'b'@'%' IDENTIFIED BY '{FAKE_PW}';"),
        ("init.sh", f"mysql -uroot -e \"CREATE USER 'app'@'%' IDENTIFIED BY '{FAKE_PW}';\""),
        ("app.py", f"cur.execute(\"CREATE USER app IDENTIFIED BY '{FAKE_PW}'\")"),
        ("app.py", f"cur.execute(\"ALTER USER \" + name + \" IDENTIFIED BY '{FAKE_PW}'\")"),
        ("App.java", f"stmt.execute(\"GRANT SELECT ON app.* TO 'ro'@'%' IDENTIFIED BY '{FAKE_PW}'\");"),
        # a statement put together in code, a ; of the code between its keywords and IDENTIFIED BY
        ("app.php", f"$sql = \"CREATE USER $user\";\n$sql .= \" IDENTIFIED BY '{FAKE_PW}'\";"),
        ("init.sh", f"SQL=\"CREATE USER app\"; SQL=\"$SQL IDENTIFIED BY '{FAKE_PW}'\"; mysql -e \"$SQL\""),
    ],
)  # fmt: skip
def test_identified_by_in_a_statement_that_sets_a_password_stays_reported(key: str, text: str) -> None:
    messages = _messages(key, text)
    assert messages and all(FAKE_PW not in m for m in messages), messages
    assert any("SQL statement with a password" in m for m in messages), messages


def test_identified_by_is_read_with_its_statement_up_to_a_bound() -> None:
    """The keywords of an ``IDENTIFIED BY``'s statement are looked for in the 256 characters before
    it (a bound that keeps the look linear): a user created after a long list of others is missed,
    the same statement shorter is found."""
    users = "".join(f"'user{i:03}'@'%', " for i in range(30))  # 480 characters
    assert _messages("01-users.sql", f"CREATE USER {users}'app'@'%' IDENTIFIED BY '{FAKE_PW}';") == []
    assert len(_messages("01-users.sql", f"CREATE USER {users[:200]}'app'@'%' IDENTIFIED BY '{FAKE_PW}';")) == 1
