"""disallow-plaintext-secrets: a template's name in braces with digits in its words
(``{DB2_PASSWORD}``, ``{NEO4J_PASSWORD}``, ``{S3_SECRET_KEY}``, ``{PG15_PASSWORD}``) is a
placeholder as ``{ES_PASSWORD}`` is, when it is upper snake case, a letter first, and names a
secret; a literal in braces (``{abc123}``, ``{HUNTER2}``, ``{PASSWORD1}``) is still reported. No
message shows a value."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap, configmap_messages, container, decide, everything_shown, pod

POLICY = "disallow-plaintext-secrets"
NAMES = ["{DB2_PASSWORD}", "{NEO4J_PASSWORD}", "{S3_SECRET_KEY}", "{PG15_PASSWORD}", "{K8S_API_TOKEN}", "{DB2_PASSWORD_2}"]


def _env_messages(value: str, name: str = "DB_PASSWORD") -> list[str]:
    decision = decide(pod([container(env=[{"name": name, "value": value}])]))
    assert FAKE not in everything_shown(decision)
    return [f.message for f in decision.findings if f.policy == POLICY]


@pytest.mark.parametrize("name", NAMES)
def test_a_secret_name_with_digits_in_braces_is_a_placeholder(name: str) -> None:
    assert _env_messages(name) == []
    assert configmap_messages("app.properties", f"spring.datasource.password={name}\n", FAKE) == []
    assert configmap_messages("fluent-bit.conf", f"[OUTPUT]\n    Name es\n    HTTP_Passwd {name}\n", FAKE) == []


@pytest.mark.parametrize("name", NAMES[:3])
def test_a_dsn_whose_password_is_such_a_placeholder_is_not_reported(name: str) -> None:
    assert _env_messages(f"postgres://app:{name}@db:5432/app", "DATABASE_URL") == []
    assert configmap_messages("settings.py", f'DB_URL = "postgresql://app:{name}@db/app"\n', FAKE) == []


@pytest.mark.parametrize(
    "value",
    [
        "{abc123}", "{Hunter2}", "{HUNTER2}", "{PASSW0RD}", "{P4SSW0RD}", "{PASSWORD1}",  # literals, no name
        "{2DB_PASSWORD}",  # a digit first
        "{X2_HOST}", "{AB12_CD34}",  # upper snake, naming no secret
        "{db2_password}", "{Db2Password}",  # another case with digits glued: as before
        "%DB2_PASSWORD%",  # braces only
    ],
)
def test_a_literal_in_braces_is_still_reported(value: str) -> None:
    (said,) = _env_messages(value)
    assert 'env var "DB_PASSWORD"' in said, said


def test_text_beside_such_a_placeholder_is_still_reported() -> None:
    (said,) = configmap_messages("app.properties", f"aws.secret={{S3_SECRET_KEY}}{FAKE}\n", FAKE)
    assert 'sets "aws.secret"' in said, said


def test_a_long_braced_run_stays_linear() -> None:
    value = "{" + "A1_" * 21000 + "PASSWORD}"
    started = time.perf_counter()
    decision = decide(configmap({"app.properties": f"db.password={value}\n"}))
    assert time.perf_counter() - started < 2
    assert [f for f in decision.findings if f.policy == POLICY]  # too long for a name: a literal
