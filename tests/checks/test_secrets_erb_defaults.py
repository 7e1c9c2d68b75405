"""disallow-plaintext-secrets: a Rails config's ERB tag that reads the environment with a literal
default (``<%= ENV.fetch("DB_PASSWORD", "...") %>``, a block's ``<%= ENV.fetch("DB_PASSWORD") { "..." } %>``,
``<%= ENV["DB_PASSWORD"] || "..." %>``): the
default is the password whenever the variable is unset, written in plain text. Passwords here are
fake; no finding shows one."""

from __future__ import annotations

import pytest
from check_helpers import configmap_messages

POLICY = "disallow-plaintext-secrets"
PASSWORD = "Zq7fake-pw9Xy2"


def _messages(key: str, text: str) -> list[str]:
    return configmap_messages(key, text, PASSWORD, POLICY)


@pytest.mark.parametrize(
    "tag",
    [
        f'<%= ENV.fetch("DB_PASSWORD", "{PASSWORD}") %>',
        f"<%= ENV.fetch('DB_PASSWORD', '{PASSWORD}') %>",
        f'<%= ENV["DB_PASSWORD"] || "{PASSWORD}" %>',
        f"<%= ENV['DB_PASSWORD'] || '{PASSWORD}' %>",
        f'<%=ENV.fetch("DB_PASSWORD","{PASSWORD}")%>',
        f'<%= ENV.fetch("DB_PASSWORD", "{PASSWORD}") -%>',
        f'<%= ENV.fetch("DB_PASSWORD") {{ "{PASSWORD}" }} %>',
        f"<%= ENV.fetch('DB_PASSWORD') {{ |key| '{PASSWORD}' }} -%>",
        f'<%=ENV.fetch("DB_PASSWORD"){{"{PASSWORD}"}}%>',
    ],
)
def test_a_literal_default_in_an_erb_tag_is_reported(tag: str) -> None:
    for key in ("database.yml", "config.yml.erb"):
        messages = _messages(key, f"production:\n  adapter: postgresql\n  password: {tag}\n")
        assert len(messages) == 1 and 'sets "password" in plain text (line 3)' in messages[0], (key, messages)


@pytest.mark.parametrize(
    "tag",
    [
        '<%= ENV.fetch("DB_PASSWORD") %>',
        '<%= ENV.fetch("DB_PASSWORD", nil) %>',
        '<%= ENV.fetch("DB_PASSWORD", "") %>',
        '<%= ENV["DB_PASSWORD"] %>',
        '<%= ENV["DB_PASSWORD"] || nil %>',
        '<%= ENV.fetch("DB_PASSWORD", ENV["PGPASSWORD"]) %>',
        '<%= ENV.fetch("DB_PASSWORD") { "" } %>',
        '<%= ENV.fetch("DB_PASSWORD") { nil } %>',
        '<%= ENV.fetch("DB_PASSWORD") { ENV["PGPASSWORD"] } %>',
        '<%= ENV.fetch("DB_PASSWORD") { |key| raise "#{key} is not set" } %>',
        "<%= ENV.fetch('DB_PASSWORD') { '<password>' } %>",
        "<%= Rails.application.credentials.db_password %>",
    ],
)
def test_an_erb_tag_without_a_literal_default_passes(tag: str) -> None:
    assert _messages("database.yml", f"production:\n  password: {tag}\n") == []


def test_a_harmless_default_under_a_neutral_name_passes() -> None:
    assert _messages("database.yml", 'production:\n  host: <%= ENV.fetch("DB_HOST", "localhost") %>\n') == []
