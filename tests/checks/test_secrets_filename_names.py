"""disallow-plaintext-secrets: a sensitive name ending in ``filename`` names the file that holds the
secret, as ``_FILE`` does (``DB_PASSWORD_FILENAME=db-password.txt``): not reported as an env var, a
ConfigMap key, a ``--db-password-filename=`` argument or a setting of a config file, in any style of
name; a literal value that is no path under such a name is judged as under ``DB_PASSWORD_FILE``."""

from __future__ import annotations

from typing import Any

import pytest
from check_helpers import FAKE, configmap, container, findings, pod

from webhook.checks.secrets.names import name_is_sensitive

POLICY = "disallow-plaintext-secrets"
FILENAME_NAMES = [
    "DB_PASSWORD_FILENAME", "db.password.filename", "db-password-filename", "dbPasswordFilename",
    "passwordFilename", "PASSWORD_FILENAME", "API_TOKEN_FILENAME", "client_secret_filename", "DBPASSWORDFILENAME",
]  # fmt: skip


def _env(name: str, value: str) -> dict[str, Any]:
    return pod([container(env=[{"name": name, "value": value}])])


@pytest.mark.parametrize("name", FILENAME_NAMES)
def test_a_name_ending_in_filename_is_not_sensitive(name: str) -> None:
    assert not name_is_sensitive(name)


@pytest.mark.parametrize("value", ["db-password.txt", "/run/secrets/db-password", "$(DB_PASSWORD_FILENAME)"])
@pytest.mark.parametrize("name", FILENAME_NAMES)
def test_a_filename_under_such_a_name_is_not_reported(name: str, value: str) -> None:
    assert findings(_env(name, value), POLICY) == []
    assert findings(configmap({name: value}), POLICY) == []


@pytest.mark.parametrize("name", FILENAME_NAMES)
def test_a_literal_under_such_a_name_is_judged_as_under_a_file_name(name: str) -> None:
    file_name = name[: -len("name")] if name[-4:] in ("name", "NAME") else name[: -len("Name")]
    assert len(findings(_env(name, FAKE), POLICY)) == len(findings(_env(file_name, FAKE), POLICY))


@pytest.mark.parametrize(
    "argv",
    [
        ["--db-password-filename=db-password.txt"],
        ["--db-password-filename", "db-password.txt"],
        ["--dbPasswordFilename=db-password.txt"],
        ["-Ddb.password.filename=db-password.txt"],
        ["env", "DB_PASSWORD_FILENAME=db-password.txt", "./app"],
        ["sh", "-c", "DB_PASSWORD_FILENAME=db-password.txt ./app --db-password-filename db-password.txt"],
    ],
)
def test_a_filename_option_is_not_reported(argv: list[str]) -> None:
    assert findings(pod([container(args=argv)]), POLICY) == []


@pytest.mark.parametrize(
    "data",
    [
        {"app.env": "DB_HOST=db\nDB_PASSWORD_FILENAME=db-password.txt\n"},
        {"app.properties": "db.host=db\ndb.password.filename=db-password.txt\n"},
        {"config.yaml": "db:\n  host: db\n  passwordFilename: db-password.txt\n"},
        {"config.json": '{"db": {"host": "db", "passwordFilename": "db-password.txt"}}'},
    ],
)
def test_a_filename_setting_in_a_config_file_is_not_reported(data: dict[str, str]) -> None:
    assert findings(configmap(data), POLICY) == []


def test_an_env_value_holding_a_filename_option_is_not_reported() -> None:
    assert findings(_env("JAVA_OPTS", "-Xmx1g --db-password-filename=db-password.txt"), POLICY) == []


@pytest.mark.parametrize("name", ["DB_PASSWORD_FILENAMES_DIR_SECRET", "FILENAME_PASSWORD", "DB_PASSWORD"])
def test_a_name_that_only_mentions_filename_stays_sensitive(name: str) -> None:
    assert name_is_sensitive(name)
    assert len(findings(_env(name, FAKE), POLICY)) == 1
