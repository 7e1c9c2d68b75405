"""disallow-plaintext-secrets on YAML tags before a config setting's value: a tag whose value names
where the secret is (Home Assistant's and ESPHome's ``!secret NAME``, ``!env_var NAME``,
``!include FILE``; CloudFormation's ``!Ref``, ``!GetAtt``, ``!ImportValue``) holds none, in a block
mapping or a flow mapping; the value after any other tag is judged as written without it
(``!Sub '{{resolve:...}}'``, ``!ENV ${PW}``, ``!!str ...``), and so is ``!env_var NAME``'s default.
Secret values here are obviously fake."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap, decide, everything_shown, findings

POLICY = "disallow-plaintext-secrets"


def _settings_reported(key: str, text: str) -> list[str]:
    """The quoted names of the settings reported in one ConfigMap entry, FAKE shown nowhere."""
    obj = configmap({key: text})
    assert FAKE not in everything_shown(decide(obj))
    return [finding.message.split('" sets "')[1].split('"')[0] for finding in findings(obj, POLICY)]


@pytest.mark.parametrize(
    "text",
    [
        # Home Assistant: a key of secrets.yaml, an environment variable, a file
        "http:\n  api_password: !secret http_password\n",
        "recorder:\n  db_url: !secret db_url\n  password: !secret db_password\n",
        "notify:\n  api_key: !env_var API_KEY\n",
        "notify:\n  api_key: !env_var API_KEY   # from the pod\n",
        "password: !env_var DB_PASSWORD ''\n",  # an empty default
        "password: !env_var DB_PASSWORD ${FALLBACK_PASSWORD}\n",  # a default that is a reference too
        "password: !include secrets/db_password.yaml\n",
        "password: !secret 'db_password'\n",
        "- password: !secret db_password\n",
        # flow mappings: each entry
        "db: {password: !secret x, token: !secret y}\n",
        "db: {user: app, password: !env_var PW, api_key: !env_var API_KEY}\n",
        "db: [{password: !secret x}, {token: !include token.yaml}]\n",
        # CloudFormation
        "Properties:\n  MasterUserPassword: !Ref DbPassword\n",
        "Properties:\n  MasterUserPassword: !GetAtt DbSecret.Password\n",
        "Properties:\n  MasterUserPassword: !ImportValue shared-db-password\n",
        "Properties:\n  MasterUserPassword: !Sub '{{resolve:secretsmanager:MyRDSSecret:SecretString:password}}'\n",
        "Properties:\n  MasterUserPassword: !Sub '${DbPassword}'\n",
        # pyaml-env and pyyaml-env-tag
        "password: !ENV ${DB_PASSWORD}\n",
        "password: !ENV DB_PASSWORD\n",
        "password: !!str ${DB_PASSWORD}\n",
        # Ansible Vault: an encrypted value
        "password: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n  62313365396662343061393464336163383764373764613633653634306231386433626436623361\n",
    ],
)
def test_a_tag_naming_where_the_secret_is_is_not_plain_text(text: str) -> None:
    assert _settings_reported("configuration.yaml", text) == []


@pytest.mark.parametrize(
    ("text", "settings"),
    [
        (f"password: !!str {FAKE}\n", ["password"]),  # a core tag: the value is the literal
        (f"password: !custom {FAKE}\n", ["password"]),
        (f"password: !Sub '{FAKE}'\n", ["password"]),  # nothing to substitute: the literal
        (f"password: !ENV {FAKE}\n", ["password"]),  # no variable's name: pyaml-env's literal
        (f"password: !env_var DB_PASSWORD {FAKE}\n", ["password"]),  # the default when unset, as ${DB_PASSWORD:x}
        (f"password: !secret {FAKE} and more\n", ["password"]),  # no key's name
        (f"db: {{password: !secret x, token: !!str {FAKE}}}\n", ["db.token"]),
        (f"password: !vault |\n  {FAKE}\n", ["password"]),  # no ciphertext under the tag
        (f"password: !{FAKE}\n", ["password"]),  # no blank: a literal starting with !, in any format
    ],
)
def test_a_literal_after_a_tag_is_still_reported(text: str, settings: list[str]) -> None:
    assert _settings_reported("configuration.yaml", text) == settings


@pytest.mark.parametrize("key", ["app.ini", "app.properties", "app.env", "app.conf"])
def test_a_literal_starting_with_an_exclamation_mark_is_reported_in_other_formats(key: str) -> None:
    assert _settings_reported(key, f"password=!{FAKE}\n") == ["password"]
