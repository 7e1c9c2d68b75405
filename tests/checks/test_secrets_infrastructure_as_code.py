"""disallow-plaintext-secrets: infrastructure-as-code and configuration-management files kept in
ConfigMaps, written as their projects document them (Terraform, its backend config, Packer, Pulumi
stack config, Hiera, Chef, Salt, Ansible, cloud-init, Vagrant, CloudFormation): a secret written in
plain text is reported; a reference, an expression, a ciphertext or a hash is not. Secrets here
are fake; no finding shows one."""

from __future__ import annotations

import json

import pytest
from check_helpers import FAKE, configmap_messages

from webhook.checks.secrets.config_files import hcl_expression_line

POLICY = "disallow-plaintext-secrets"


def _messages(key: str, text: str) -> list[str]:
    return configmap_messages(key, text, FAKE, POLICY)


TERRAFORM_REFERENCES = """\
provider "aws" {
  region     = var.region
  access_key = var.access_key
  secret_key = var.secret_key
}

data "vault_generic_secret" "db" {
  path = "secret/trials/db"
}

provider "postgresql" {
  host     = "db.trials.example.org"
  username = "terraform"
  password = data.vault_generic_secret.db.data["password"]
}

provider "google" {
  credentials = file("account.json")
}

resource "random_password" "db" {
  length = 24
}

resource "aws_db_instance" "edc" {
  username = "edc_admin"
  password = random_password.db.result
  # the password's twin in a module
  master_password = module.secrets.db_password  // from the secrets module
}
"""

PACKER_REFERENCES = """\
locals {
  ssh_password = vault("/secret/data/packer", "ssh_password")
  api_token    = aws_secretsmanager("packer/token", "token")
}

source "vsphere-iso" "rocky" {
  username       = var.vsphere_user
  password       = sensitive(var.vsphere_password)
  ssh_password   = local.ssh_password
  winrm_password = "${var.winrm_password}"
  token          = trimspace(base64decode(data.aws_kms_secrets.x.plaintext["token"]))
}
"""


@pytest.mark.parametrize(("key", "text"), [("main.tf", TERRAFORM_REFERENCES), ("build.pkr.hcl", PACKER_REFERENCES), ("vault.hcl", PACKER_REFERENCES)])
def test_hcl_expressions_that_name_a_secret_pass(key: str, text: str) -> None:
    assert _messages(key, text) == []


@pytest.mark.parametrize(
    ("line", "setting"),
    [
        (f'  secret_key = "{FAKE}"', "secret_key"),
        (f'  password = sensitive("{FAKE}")', "password"),
        (f'  password = coalesce(var.db_password, "{FAKE}")', "password"),
        (f"  password = {FAKE}", "password"),
        (f'  password = file("x") + "{FAKE}"', "password"),
    ],
)
def test_a_literal_among_hcl_expressions_is_reported(line: str, setting: str) -> None:
    text = 'provider "aws" {\n  region = var.region\n  access_key = var.access_key\n' + line + "\n}\n"
    for key in ("main.tf", "backend.hcl", "build.pkr.hcl"):
        messages = _messages(key, text)
        assert len(messages) == 1, (key, messages)
        assert f'sets "{setting}" in plain text (line 4)' in messages[0]


def test_an_expression_is_no_reference_outside_an_hcl_file() -> None:
    """``password = var.x`` in a .properties or .conf file is that text: judged as written."""
    for key in ("app.properties", "app.conf"):
        assert len(_messages(key, "password = var.FAKE-not-a-real-password\n")) == 1, key


@pytest.mark.parametrize(
    "line",
    [
        "password = sensitive(var.x))",
        "password = sensitive(sensitive(var.x)",
        "password = var",
        "password = var.x ? var.y : var.z",
        "password = " + "a." * 20000 + "b!",
        "password = " + "sensitive(" * 20000,
    ],
)
def test_unbalanced_or_other_expressions_are_not_taken_for_references(line: str) -> None:
    assert not hcl_expression_line(line)


def test_terraform_files_with_literals_are_reported() -> None:
    tfvars = f'region = "eu-west-1"\ndb_password = "{FAKE}"\ninstance_type = "t3.micro"\n'
    assert len(_messages("terraform.tfvars", tfvars)) == 1
    backend = f'bucket = "tf-state"\nkey = "prod/terraform.tfstate"\naccess_key = "AKIAFAKEFAKEFAKE1234"\nsecret_key = "{FAKE}"\n'
    messages = _messages("backend.hcl", backend)
    assert len(messages) == 2 and "holds an AWS access key id" in messages[0] and 'sets "secret_key"' in messages[1]
    conn_str = f'conn_str = "postgres://tf:{FAKE}@db.example.org/terraform_backend?sslmode=require"\n'
    assert len(_messages("backend.hcl", conn_str)) == 1
    heredoc = f"locals {{\n  db_password = <<-EOT\n    {FAKE}\n  EOT\n}}\n"
    assert len(_messages("main.tf", heredoc)) == 1


CLOUDFORMATION_REFERENCES = """\
AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  DBPassword:
    Type: String
    NoEcho: true
    MinLength: 12
Resources:
  Edc:
    Type: AWS::RDS::DBInstance
    Properties:
      MasterUsername: edc_admin
      MasterUserPassword: !Ref DBPassword
  Reporting:
    Type: AWS::RDS::DBInstance
    Properties:
      MasterUserPassword: !Sub '{{resolve:secretsmanager:${ReportingSecret}:SecretString:password}}'
  Archive:
    Type: AWS::RDS::DBInstance
    Properties:
      MasterUserPassword: !Sub "{{resolve:secretsmanager:${AWS::StackName}-archive:SecretString:password}}"
  Cache:
    Type: AWS::ElastiCache::ReplicationGroup
    Properties:
      AuthToken: '{{resolve:ssm-secure:/trials/cache/token:1}}'
  Conditional:
    Type: AWS::RDS::DBInstance
    Properties:
      MasterUserPassword: !If
        - UseSecret
        - '{{resolve:secretsmanager:trials/db:SecretString:password}}'
        - !Ref DBPassword
  Joined:
    Type: AWS::RDS::DBInstance
    Properties:
      MasterUserPassword: !Join
        - ''
        - - '{{resolve:secretsmanager:'
          - !Ref DBSecret
          - ':SecretString:password}}'
  Exporter:
    Type: AWS::Lambda::Function
    Properties:
      Environment:
        Variables:
          API_TOKEN: !GetAtt TokenSecret.Id
          DB_PASSWORD: !ImportValue trials-db-password-arn
          CLIENT_SECRET: !GetAtt [ClientSecret, Id]
"""


def test_cloudformation_references_pass() -> None:
    assert _messages("template.yaml", CLOUDFORMATION_REFERENCES) == []


def test_cloudformation_json_references_pass() -> None:
    text = (
        '{"Resources": {"Db": {"Properties": {\n'
        '  "MasterUserPassword": {"Fn::Sub": "{{resolve:secretsmanager:${DBSecret}:SecretString:password}}"},\n'
        '  "AdminPassword": {"Ref": "DBPassword"}\n'
        "}}}}\n"
    )
    assert _messages("template.json", text) == []


@pytest.mark.parametrize(
    ("line", "setting"),
    [
        (f"MasterUserPassword: {FAKE}", "MasterUserPassword"),
        (f"MasterUserPassword: !Sub '{FAKE}'", "MasterUserPassword"),
        (f"MasterUserPassword: !Sub '{FAKE}${{Suffix}}'", "MasterUserPassword"),
        (f"DATABASE_URL: !Sub 'postgres://edc:{FAKE}@${{Db.Endpoint.Address}}/edc'", "a URL with a password"),
        (f"MasterUserPassword: !Ref {FAKE} trailing", "MasterUserPassword"),
        (f"MasterUserPassword: '{{{{resolve:secretsmanager:x}}}}{FAKE}'", "MasterUserPassword"),
    ],
)
def test_a_literal_in_a_cloudformation_template_is_reported(line: str, setting: str) -> None:
    text = f"Resources:\n  Db:\n    Properties:\n      MasterUsername: admin\n      {line}\n"
    messages = _messages("template.yaml", text)
    assert len(messages) == 1, messages
    assert setting in messages[0]


def test_a_cloudformation_parameter_default_under_noecho_is_reported() -> None:
    text = f"Parameters:\n  DBPassword:\n    Type: String\n    NoEcho: true\n    Default: {FAKE}\n"
    assert len(_messages("template.yaml", text)) == 1


_PGP_MESSAGE = """\
    -----BEGIN PGP MESSAGE-----
    Version: GnuPG v2

    hQEMA1fakeFakeFakeAQf/Fake0123456789abcdefABCDEFfakeFakeFake0123
    4567fakeFAKEfakeFAKEfakeFAKE0123456789abcdefABCDEFfakeFakeFake01
    =Fk3x
    -----END PGP MESSAGE-----
"""


@pytest.mark.parametrize("key", ["database.sls", "pillar.yaml", "values.yml"])
def test_a_pgp_message_in_a_block_scalar_passes(key: str) -> None:
    """Salt's ``#!yaml|gpg`` pillar: the armour's ``=`` checksum line once cut the value to its first
    two lines, which were then judged as plain text."""
    text = "#!yaml|gpg\n\ndb:\n  user: edc\n  password: |\n" + _PGP_MESSAGE.replace("    ", "      ")
    assert _messages(key, text) == []
    age = "secrets:\n  token: |\n    -----BEGIN AGE ENCRYPTED FILE-----\n    YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBmYWtl\n    -----END AGE ENCRYPTED FILE-----\n"
    assert _messages(key, age) == []


@pytest.mark.parametrize(
    "block",
    [
        f"      {FAKE}\n",
        f"      Version: GnuPG v2\n      {FAKE}\n",
        f"      {FAKE}\n      -----BEGIN PGP MESSAGE-----\n",
    ],
)
def test_a_plain_block_scalar_beside_a_pgp_message_is_reported(block: str) -> None:
    text = "db:\n  password: |\n" + _PGP_MESSAGE.replace("    ", "      ") + "  replica_password: |\n" + block
    messages = _messages("database.sls", text)
    assert len(messages) == 1, messages
    assert 'sets "replica_password" in plain text (line 10)' in messages[0]


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("secrets.auto.tfvars", 'db_password_secret_arn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf"\n'),
        ("secrets.tf", 'provider "aws" {\n  secret_key = var.secret_key\n}\n'),
        ("secret.hcl", 'path "secret/data/trials/*" {\n  capabilities = ["read"]\n}\n'),
        ("secrets.sls", "#!yaml|gpg\n\ndb:\n  password: |\n" + _PGP_MESSAGE.replace("    ", "      ")),
        ("secrets.eyaml", "---\nprofile::db::password: ENC[PKCS7,MIIBiQYJKoZIhvcNAQcDoIIBejCCAXYCAQAxggEhMIIBHQIBADAFMAACAQEwDQYJKoZIhvcNAQEBBQAEggEAFake]\n"),
    ],
)
def test_a_key_naming_secrets_in_an_iac_format_is_judged_by_its_text(key: str, text: str) -> None:
    assert _messages(key, text) == []


@pytest.mark.parametrize(
    ("key", "text", "setting"),
    [
        ("secrets.auto.tfvars", f'db_user = "edc"\ndb_password = "{FAKE}"\n', "db_password"),
        ("secrets.sls", f"db:\n  user: edc\n  password: {FAKE}\n", "password"),
        ("vault-secrets.hcl", f'token = "{FAKE}"\n', "token"),
    ],
)
def test_a_literal_in_a_secrets_file_of_an_iac_format_is_reported_by_its_setting(key: str, text: str, setting: str) -> None:
    messages = _messages(key, text)
    assert len(messages) == 1 and f'sets "{setting}" in plain text' in messages[0], messages


_EYAML = "ENC[PKCS7,MIIBiQYJKoZIhvcNAQcDoIIBejCCAXYCAQAxggEhMIIBHQIBADAFMAACAQEwDQYJKoZIhvcNAQEBBQAEggEAFakeFake]"


@pytest.mark.parametrize(
    "text",
    [
        f"---\nprofile::db::user: edc\nprofile::db::password: {_EYAML}\n",
        "---\nprofile::db::password: >\n  ENC[PKCS7,MIIBiQYJKoZIhvcNAQcDoIIBejCCAXYCAQAxggEhMIIBHQ\n  IBADAFMAACAQEwDQYJKoZIhvcNAQEBBQAEggEAFakeFake]\n",
        "---\nprofile::db::password: ENC[GPG,hQEMA1fakeFakeFakeFake0123456789abcdef==]\n",
        "---\nprofile::app::db_password: \"%{lookup('secrets::db_password')}\"\n",
        "---\nprofile::app::password_file: /etc/puppetlabs/secrets/db\n",
    ],
)
def test_hiera_ciphertexts_and_lookups_pass(text: str) -> None:
    for key in ("common.yaml", "common.eyaml", "nodes/db01.example.org.yaml"):
        assert _messages(key, text) == [], key


@pytest.mark.parametrize(
    ("line", "setting"),
    [
        (f"profile::db::password: {FAKE}", "password"),
        (f"mysql::server::root_password: '{FAKE}'", "root_password"),
        (f'"profile::edc::api_token": "{FAKE}"', "api_token"),
        (f"profile::db::password: ENC[PKCS7,{FAKE}]", "password"),
    ],
)
def test_a_hiera_class_parameter_in_plain_text_is_reported_by_its_last_part(line: str, setting: str) -> None:
    """Before, ``profile::db::password`` was read as a key ``profile`` with the value ``:db::password: ...``."""
    messages = _messages("common.yaml", f"---\nprofile::db::user: edc\n{line}\n")
    assert len(messages) == 1, messages
    assert f'sets "{setting}" in plain text (line 3)' in messages[0]


def test_an_ldif_base64_value_is_still_read_after_its_double_colon() -> None:
    assert len(_messages("users.ldif", "dn: uid=a,dc=x\nuserPassword::RkFLRS1ub3QtYS1yZWFsLXBhc3N3b3Jk\n")) == 1


def _encrypted(version: int) -> dict[str, object]:
    value: dict[str, object] = {"encrypted_data": "FakeCipherTextAbCdEf0123456789+/==\n", "iv": "FakeIvAbCdEf0123==\n", "version": version}
    if version >= 2:
        value["cipher"] = "aes-256-gcm" if version == 3 else "aes-256-cbc"
        value["auth_tag" if version == 3 else "hmac"] = "FakeTagAbCdEf0123==\n"
    return value


@pytest.mark.parametrize("version", [1, 2, 3])
def test_a_chef_encrypted_data_bag_item_passes(version: int) -> None:
    item = {"id": "trials_db", "user": "edc", "password": _encrypted(version), "api_token": _encrypted(version)}
    assert _messages("trials_db.json", json.dumps(item, indent=2)) == []


@pytest.mark.parametrize(
    "value",
    [
        FAKE,
        {**_encrypted(3), "password": FAKE},
        {"encrypted_data": FAKE, "iv": "x", "cipher": "aes-256-gcm"},
        {"secret": FAKE},
    ],
)
def test_a_chef_data_bag_item_in_plain_text_is_reported(value: object) -> None:
    """An object with any other key than an encrypted value's, or without its IV or version, is judged as before."""
    item = {"id": "trials_db", "password": value}
    messages = _messages("trials_db.json", json.dumps(item, indent=2))
    assert messages and all('sets "password' in message for message in messages), messages


PULUMI_SECURE = """\
encryptionsalt: v1:FakeSalt0123=:v1:FakeNonce0123:FakeCipher0123456789abc==
config:
  aws:region: eu-west-1
  trials:dbUser: edc
  trials:dbPassword:
    secure: v1:Zm9vYmFyYmF6cXV4cXV1eA==:J2m9fakeCiphertextAbCdEf0123456789xyz==
  trials:apiToken:
    secure: AAABADQmFakeCipherText9xYz0123==
  trials:tokenTtl: 3600
"""


def test_pulumi_secure_values_pass() -> None:
    assert _messages("Pulumi.prod.yaml", PULUMI_SECURE) == []


@pytest.mark.parametrize(
    ("line", "setting"),
    [
        (f"  trials:dbPassword: {FAKE}", "dbPassword"),
        (f'  "trials:apiToken": "{FAKE}"', "apiToken"),
        (f"  aws:secretKey: {FAKE}", "secretKey"),
    ],
)
def test_a_pulumi_config_value_in_plain_text_is_reported_by_its_key(line: str, setting: str) -> None:
    """Before, ``trials:dbPassword: ...`` was read as a key ``trials`` with the value ``dbPassword: ...``."""
    messages = _messages("Pulumi.prod.yaml", f"config:\n  aws:region: eu-west-1\n{line}\n")
    assert len(messages) == 1, messages
    assert f'sets "{setting}" in plain text (line 3)' in messages[0]


@pytest.mark.parametrize("line", ["password:FAKE-not-a-real-password", "password: a:b: FAKE-not-a-real-password"])
def test_a_colon_inside_a_value_is_still_the_value(line: str) -> None:
    messages = _messages("app.yaml", line + "\n")
    assert len(messages) == 1 and 'sets "password" in plain text' in messages[0], messages


@pytest.mark.parametrize("key", ["variables.tf", "variables.pkr.hcl"])
@pytest.mark.parametrize("variable", ["db_password", "api_token", "ssh_password"])
def test_a_literal_default_of_a_secrets_variable_is_reported(key: str, variable: str) -> None:
    """Before, ``variable "db_password" {`` opened no block: its ``default`` was a neutral key."""
    text = f'variable "{variable}" {{\n  type      = string\n  sensitive = true\n  description = "The secret"\n  default   = "{FAKE}"\n}}\n'
    messages = _messages(key, text)
    assert len(messages) == 1, messages
    assert f'sets "{variable}.default" in plain text (line 5)' in messages[0]


@pytest.mark.parametrize(
    "block",
    [
        'variable "db_password" {\n  type = string\n  sensitive = true\n}\n',
        'variable "db_password" {\n  type = string\n  default = null\n}\n',
        'variable "db_password" {\n  default = ""\n}\n',
        'variable "db_password" {\n  default = var.fallback\n}\n',
        'variable "db_password_secret_name" {\n  default = "trials/edc-db"\n}\n',
        'variable "token_ttl" {\n  type = number\n  default = 3600\n}\n',
        'variable "region" {\n  default = "eu-west-1"\n}\n',
    ],
)
def test_a_variable_without_a_literal_secret_passes(block: str) -> None:
    assert _messages("variables.tf", block) == []
