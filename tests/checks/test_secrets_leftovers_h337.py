"""disallow-plaintext-secrets: a sweep's leftovers (Salt's decrypt_pillar, ...)."""

from __future__ import annotations

from tests.checks.check_helpers import FAKE, configmap_messages


def test_salt_decrypt_pillar_items_name_a_renderer_no_secret() -> None:
    text = "decrypt_pillar:\n  - 'secrets': gpg\n  - secrets: nacl\n  - 'secrets:vault': gpg\n"
    assert configmap_messages("master", text, FAKE) == []


def test_salt_decrypt_pillar_item_with_a_literal_is_still_reported() -> None:
    (message,) = configmap_messages("master", f"decrypt_pillar:\n  - 'secrets': {FAKE}\n", FAKE)
    assert 'sets "secrets" in plain text (line 2)' in message


def test_a_secrets_item_with_gpg_elsewhere_is_still_judged() -> None:
    (message,) = configmap_messages("master", "pillars:\n  - secrets: gpg\n", FAKE)
    assert '"secrets"' in message

