"""disallow-plaintext-secrets on config-management files and format placeholders: Salt's decrypt_pillar, Chef's knife.rb,
cloud-init's chpasswd list, CloudFormation parameters files, and `password=%s;` templates."""

from __future__ import annotations

from tests.checks.check_helpers import FAKE, configmap_messages


def test_salt_decrypt_pillar_items_name_a_renderer_no_secret() -> None:
    text = "decrypt_pillar:\n  - 'secrets': gpg\n  - secrets: nacl\n  - 'secrets:vault': gpg\n"
    assert configmap_messages("master", text, FAKE) == []


def test_salt_decrypt_pillar_item_with_a_literal_is_still_reported() -> None:
    (message,) = configmap_messages("master", f"decrypt_pillar:\n  - 'secrets': {FAKE}\n", FAKE)
    assert 'sets "secrets" in plain text (line 2)' in message


def test_salt_decrypt_pillar_items_at_the_keys_own_column_name_a_renderer_no_secret() -> None:
    text = "decrypt_pillar:\n- 'secrets': gpg\n- secrets: nacl\n- 'secrets:vault': gpg\ndecrypt_pillar_delimiter: ':'\n"
    assert configmap_messages("master", text, FAKE) == []


def test_salt_decrypt_pillar_item_at_the_keys_own_column_with_a_literal_is_still_reported() -> None:
    (message,) = configmap_messages("master", f"decrypt_pillar:\n- 'secrets': gpg\n- 'secrets': {FAKE}\n", FAKE)
    assert 'sets "secrets" in plain text (line 3)' in message


def test_a_secrets_key_after_a_decrypt_pillar_list_at_its_column_is_still_judged() -> None:
    (message,) = configmap_messages("master", f"decrypt_pillar:\n- 'secrets': gpg\nsecrets: {FAKE}\n", FAKE)
    assert 'sets "secrets" in plain text (line 3)' in message


def test_a_secrets_item_with_gpg_at_another_keys_column_is_still_judged() -> None:
    (message,) = configmap_messages("master", "pillars:\n- secrets: gpg\n", FAKE)
    assert '"secrets"' in message


def test_a_secrets_item_with_gpg_elsewhere_is_still_judged() -> None:
    (message,) = configmap_messages("master", "pillars:\n  - secrets: gpg\n", FAKE)
    assert '"secrets"' in message


def test_knife_rb_symbol_keys_with_literals_are_reported() -> None:
    text = f'knife[:secret] = "{FAKE}"\nknife[:aws_secret_access_key] = \'{FAKE}\'\n'
    messages = configmap_messages("knife.rb", text, FAKE)
    assert len(messages) == 2
    assert 'sets "secret" in plain text (line 1)' in messages[0]
    assert 'sets "aws_secret_access_key" in plain text (line 2)' in messages[1]


def test_knife_rb_secret_file_and_references_are_none() -> None:
    text = "knife[:secret_file] = '/etc/chef/encrypted_data_bag_secret'\nknife[:secret] = ENV['KNIFE_SECRET']\nknife[:secret] = nil\n"
    assert configmap_messages("knife.rb", text, FAKE) == []


_SHA512_CRYPT = "$6$rounds=4096$J86aZz0Q$" + "To16RGzWJku0DfFm3WKnqCsZCXnqakbS.bq.GFp9p/RMt1eBMFEx3DHpVWDjmn4F0MoI/OLyeNA0hqbRaM.dC0"


def test_cloud_init_chpasswd_list_of_hashes_and_random_is_none() -> None:
    text = f"#cloud-config\nchpasswd:\n  list: |\n    root:{_SHA512_CRYPT}\n    bob:RANDOM\n    al:R\n  expire: false\n"
    assert configmap_messages("user-data", text, FAKE) == []


def test_cloud_init_chpasswd_list_with_a_literal_is_reported() -> None:
    text = f"#cloud-config\nchpasswd:\n  list: |\n    bob:RANDOM\n    root:{FAKE}\n"
    (message,) = configmap_messages("user-data", text, FAKE)
    assert 'sets "chpasswd.list" in plain text (line 3)' in message


def test_a_random_word_under_another_list_is_still_judged() -> None:
    (message,) = configmap_messages("user-data", f"chpasswd:\n  list: |\n    root:{FAKE}\n", FAKE)
    assert '"chpasswd.list"' in message


def test_cloudformation_parameter_value_is_judged_under_its_parameter_key() -> None:
    text = f'[{{"ParameterKey": "Env", "ParameterValue": "prod"}}, {{"ParameterKey": "DBPassword", "ParameterValue": "{FAKE}"}}]'
    (message,) = configmap_messages("params.json", text, FAKE)
    assert 'sets "[1].ParameterValue" in plain text' in message


def test_cloudformation_parameters_without_a_literal_are_none() -> None:
    text = '[{"ParameterKey": "DBPassword", "UsePreviousValue": true}, {"ParameterKey": "Env", "ParameterValue": "FAKE-prod"}]'
    assert configmap_messages("params.json", text, FAKE) == []


def test_format_placeholder_then_settings_is_none() -> None:
    for placeholder in ("%s", "%(password)s", "{}", "{0}"):
        assert configmap_messages("DB_CONN", f"password={placeholder};timeout=5", FAKE) == []


def test_literal_then_settings_is_still_reported() -> None:
    (message,) = configmap_messages("DB_CONN", f"password={FAKE};timeout=5", FAKE)
    assert "holds settings with a password in plain text" in message


def test_format_placeholder_pattern_is_linear_on_adversarial_input() -> None:
    import time

    text = "password=" + "%(" + "a" * 65536
    started = time.perf_counter()
    configmap_messages("DB_CONN", text, FAKE)
    assert time.perf_counter() - started < 5
