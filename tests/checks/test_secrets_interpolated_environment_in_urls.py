"""disallow-plaintext-secrets: a URL's password that is a string interpolation of code reading an
environment variable names the variable, it holds no password: Superset's superset_config.py
``SQLALCHEMY_DATABASE_URI = f'postgresql+psycopg2://superset:{os.environ["POSTGRES_PASSWORD"]}@db/superset'``
was reported as a URL with a password, while ``{password}`` (str.format's) was not."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages, decide, everything_shown, findings, pod, container

POLICY = "disallow-plaintext-secrets"


@pytest.mark.parametrize(
    "code",
    [
        'os.environ["POSTGRES_PASSWORD"]',
        "os.environ['POSTGRES_PASSWORD']",
        'os.environ.get("POSTGRES_PASSWORD")',
        'os.getenv("POSTGRES_PASSWORD")',
    ],
)
def test_an_f_string_reading_the_environment_is_no_password(code: str) -> None:
    """Was reported: holds a URL with a password (user:password@host) in plain text."""
    quote = '"' if "'" in code else "'"
    text = f"import os\nSQLALCHEMY_DATABASE_URI = f{quote}postgresql+psycopg2://superset:{{{code}}}@db:5432/superset{quote}\n"
    assert configmap_messages("superset_config.py", text, FAKE) == []


def test_an_interpolation_in_a_connection_string_is_no_password() -> None:
    text = 'var cs = $"Host=db;Username=app;Password={Environment.GetEnvironmentVariable("DB_PASSWORD")};Database=app";\n'
    assert configmap_messages("Program.cs", text, FAKE) == []


@pytest.mark.parametrize(
    "password",
    [
        '{os.getenv("POSTGRES_PASSWORD","%s")}' % FAKE,  # a literal default
        '{os.environ["POSTGRES_PASSWORD"]}%s' % FAKE,  # text after it
        "{%s}" % FAKE,
    ],
)
def test_a_literal_in_or_beside_the_interpolation_stays_reported(password: str) -> None:
    text = f"SQLALCHEMY_DATABASE_URI = f'postgresql://superset:{password}@db:5432/superset'\n"
    messages = configmap_messages("superset_config.py", text, FAKE)
    assert len(messages) == 1 and "URL with a password" in messages[0]


def test_an_env_value_with_an_interpolation_is_none_and_a_literal_stays_reported() -> None:
    env = [{"name": "DATABASE_URL", "value": 'postgresql://app:{os.environ["PW"]}@db/app'}]
    assert findings(pod([container(env=env)]), POLICY) == []
    decision = decide(pod([container(env=[{"name": "DATABASE_URL", "value": f"postgresql://app:{FAKE}@db/app"}])]))
    assert [f for f in decision.findings if f.policy == POLICY]
    assert FAKE not in everything_shown(decision)
