"""disallow-plaintext-secrets: literal text after a Spring property in kebab case naming a secret
(``${db-password}hunter2``) in a config file's setting is a literal, as after ``${DB_PASSWORD}``,
also after more references whatever the first names (``${db-user}-${db-password}hunter2``, 1.25.362);
references with punctuation only stay harmless. No message shows a value."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages


# --- ${db-password} then literal text ------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "text", "setting", "line"),
    [
        ("app.conf", f"[db]\nhost = db\npassword = ${{db-password}}{FAKE}\n", "password", 3),
        ("application.properties", f"spring.datasource.password=${{db-password}}{FAKE}\n", "spring.datasource.password", 1),
        ("application.yaml", f"spring:\n  datasource:\n    password: ${{client-secret}}{FAKE} # note\n", "password", 3),
        ("app.conf", f"[db]\npassword = ${{db-password}}-${{DB_USER}}{FAKE}\n", "password", 2),
        # after several references, one of them a kebab-case name of no secret: still a literal
        ("application.properties", f"spring.datasource.password=${{db-password}}-${{db-user}}{FAKE}\n", "spring.datasource.password", 1),
        ("app.conf", f"[db]\npassword = ${{db-password}}${{db-user}}-{FAKE} # note\n", "password", 2),
        (".env", f"DB_PASSWORD=${{db-password}}-${{db-user}}{FAKE}\n", "DB_PASSWORD", 1),
        ("run.sh", f"export DB_PASSWORD=${{db-password}}-${{db-user}}{FAKE}\n", "DB_PASSWORD", 1),
        ("application.yaml", f"spring:\n  datasource:\n    password: ${{client-secret}}_${{app-name}}{FAKE}\n", "password", 3),
        # the first a kebab-case name of no secret, more references after it (1.25.362): still a literal
        ("app.properties", f"password=${{db-user}}-${{db-password}}{FAKE}\n", "password", 1),
        ("application.properties", f"spring.datasource.password=${{app-name}}_${{client-secret}}-{FAKE} # note\n", "spring.datasource.password", 1),
        ("app.conf", f"[db]\npassword = ${{db-user}}${{DB_PASSWORD}}{FAKE}\n", "password", 2),
        (".env", f"DB_PASSWORD=${{db-user}}-${{db-password}}{FAKE}\n", "DB_PASSWORD", 1),
        ("run.sh", f"export DB_PASSWORD=${{db-user}}-${{db-password}}{FAKE}\n", "DB_PASSWORD", 1),
        ("application.yaml", f"spring:\n  datasource:\n    password: ${{db-user}}:${{db-password}}{FAKE}\n", "password", 3),
    ],
)
def test_literal_text_after_a_kebab_case_reference_is_reported(key: str, text: str, setting: str, line: int) -> None:
    (message,) = configmap_messages(key, text, FAKE)
    assert f'key "{key}" sets "{setting}" in plain text (line {line})' in message, message


@pytest.mark.parametrize(
    "value",
    [
        "${db-password}",
        "${db-password};",
        "${db-user}:${db-password}",
        "${api-key}${client-secret}",
        "${db-password} # from the Secret",
        "${db-password}-${db-user}",
        "${db-password}:${db-host}",
        "${db-password}_${user-name} # note",
        "${db-user}-${db-password}",
        "${app-name}_${client-secret} # joined at start-up",
        "${db-host}:${db-port}/${db-name}",
        "${a}-${b}",
    ],
)
def test_kebab_case_references_with_punctuation_only_stay_harmless(value: str) -> None:
    assert configmap_messages("app.conf", f"[db]\nhost = db\npassword = {value}\n", FAKE) == []
    assert configmap_messages("application.properties", f"spring.datasource.password={value}\n", FAKE) == []
    assert configmap_messages(".env", f"DB_PASSWORD={value}\n", FAKE) == []


def test_a_kebab_case_name_of_no_secret_is_still_the_shells_default() -> None:
    # ${db-host}: $db, else the word host, a literal default (reported alone); the text after it is
    # literal too (1.25.305), not read as after a reference
    (message,) = configmap_messages("app.conf", f"[db]\npassword = ${{db-host}}{FAKE}\n", FAKE)
    assert 'sets "password"' in message
    (message,) = configmap_messages("app.conf", "[db]\npassword = ${pw-FAKEdefault7}\n", "FAKEdefault7")
    assert 'sets "password"' in message
