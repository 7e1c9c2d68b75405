"""disallow-plaintext-secrets: references and templates written where a secret goes, which name it and
do not hold it (Vault Agent's and consul-template's expressions in a row), while a literal written
beside them is still reported. Passwords here are fake; no finding shows one."""

from __future__ import annotations

import pytest
from check_helpers import configmap_messages

POLICY = "disallow-plaintext-secrets"
PASSWORD = "Zq7fake-pw9Xy2"


def _messages(key: str, text: str) -> list[str]:
    return configmap_messages(key, text, PASSWORD, POLICY)


VAULT_TEMPLATE = '{{ with secret "database/creds/app" }}{{ .Data.password }}{{ end }}'


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("config.tmpl", f'password = "{VAULT_TEMPLATE}"\n'),
        ("app.conf", f"password = {VAULT_TEMPLATE}\n"),
        ("values.yaml", f"db:\n  password: '{VAULT_TEMPLATE}'\n"),
        ("values.yaml", "db:\n  password: \"{{- with secret \\\"kv/db\\\" -}} {{ .Data.data.password }} {{- end }}\"\n"),
        ("app.conf", "password = {% if prod %}{{ vault_db_password }}{% endif %}\n"),
        ("app.conf", "DB_URL=postgres://{{ .Data.username }}:{{ .Data.password }}@db:5432/app\n"),
    ],
)
def test_template_expressions_in_a_row_set_no_secret(key: str, text: str) -> None:
    assert _messages(key, text) == []


@pytest.mark.parametrize(
    "value",
    [
        f'"{{{{ with secret "kv/db" }}}}{PASSWORD}{{{{ end }}}}"',
        f'"{{{{ .Data.user }}}} {PASSWORD} {{{{ end }}}}"',
        f"{{{{ .x }}}}{{{{ .y }}}} {PASSWORD}",
        f"{PASSWORD} {{{{ .x }}}}{{{{ .y }}}}",
    ],
)
def test_a_literal_beside_template_expressions_is_reported(value: str) -> None:
    messages = _messages("app.conf", f"user = app\npassword = {value}\n")
    assert len(messages) == 1 and 'sets "password" in plain text (line 2)' in messages[0], messages


def test_many_template_expressions_in_a_row_are_read_in_linear_time() -> None:
    text = "password = " + "{{ .x }} " * 7000 + "{{ .y" + "\n"  # 64 KiB, the last expression never closed
    assert len(_messages("app.conf", text)) == 1


@pytest.mark.parametrize("reference", ["${db-password}", "${client-secret}", "${api-key}", "${DB_PASSWORD:}", "${vault.db-password}"])
def test_a_spring_property_in_kebab_case_names_the_secret(reference: str) -> None:
    assert _messages("application.properties", f"spring.datasource.password={reference}\n") == []
    assert _messages("application.yaml", f"spring:\n  datasource:\n    password: {reference}\n") == []


@pytest.mark.parametrize(
    "value",
    [f"${{db-password:{PASSWORD}}}", f"${{password-{PASSWORD}}}", f"${{DB_PASSWORD-{PASSWORD}}}"],
)
def test_a_literal_default_of_a_kebab_case_placeholder_is_reported(value: str) -> None:
    messages = _messages("application.properties", f"spring.datasource.username=app\nspring.datasource.password={value}\n")
    assert len(messages) == 1 and 'sets "spring.datasource.password" in plain text (line 2)' in messages[0], messages


GITLAB_SECRETS = "deploy:\n  secrets:\n    DATABASE_PASSWORD:\n      vault: {path}\n      token: $VAULT_ID_TOKEN\n"


@pytest.mark.parametrize("path", ["production/db/password@ops", "ops/data/db/password", '"kv/prod.db/password@secret.v2"'])
def test_a_gitlab_ci_vault_path_names_the_secret(path: str) -> None:
    assert _messages(".gitlab-ci.yml", GITLAB_SECRETS.format(path=path)) == []
    assert _messages("ci.json", '{"deploy": {"secrets": {"DATABASE_PASSWORD": {"vault": "%s"}}}}' % path.strip('"')) == []


@pytest.mark.parametrize("value", [PASSWORD, f"prod/{PASSWORD}+x=", f"{PASSWORD} /db/password"])
def test_a_literal_under_a_vault_key_is_reported(value: str) -> None:
    messages = _messages(".gitlab-ci.yml", GITLAB_SECRETS.format(path=value))
    assert len(messages) == 1 and 'sets "DATABASE_PASSWORD.vault" in plain text (line 4)' in messages[0], messages


def test_a_vault_path_under_another_name_is_judged_as_written() -> None:
    messages = _messages("values.yaml", f"db:\n  password: prod/db/{PASSWORD}\n")
    assert len(messages) == 1 and 'sets "password" in plain text (line 2)' in messages[0], messages


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("database.yml", 'production:\n  password: <%= ENV.fetch("DB_PASSWORD", ENV["PGPASSWORD"]) %>\n'),
        ("database.yml", 'production:\n  password: ENV.fetch("DB_PASSWORD", ENV["PGPASSWORD"])\n'),
        ("config.rb", 'password = ENV.fetch("DB_PASSWORD", ENV["PGPASSWORD"])\n'),
        ("settings.py", 'PASSWORD = os.getenv("DB_PASSWORD", os.environ["PGPASSWORD"])\n'),
        ("app.conf", 'password = getenv("DB_PASSWORD", getenv("PGPASSWORD"))\n'),
    ],
)
def test_a_lookup_whose_default_is_another_lookup_names_the_secret(key: str, text: str) -> None:
    assert _messages(key, text) == []


@pytest.mark.parametrize(
    "value",
    [
        f'ENV.fetch("DB_PASSWORD", ENV["PGPASSWORD"] || "{PASSWORD}")',
        f'ENV.fetch("DB_PASSWORD", ENV.fetch("PGPASSWORD", "{PASSWORD}"))',
        f'ENV.fetch("DB_PASSWORD", ENV["PGPASSWORD"]) {PASSWORD}',
    ],
)
def test_a_literal_in_the_default_lookup_is_reported(value: str) -> None:
    messages = _messages("database.yml", f"production:\n  password: {value}\n")
    assert len(messages) == 1 and 'sets "password" in plain text (line 2)' in messages[0], messages


def test_a_lookup_default_with_many_parentheses_is_read_in_linear_time() -> None:
    text = f'password = getenv("DB_PASSWORD", {"(x)" * 20000}{PASSWORD}\n'  # 64 KiB, never closed
    assert len(_messages("app.conf", text)) == 1
