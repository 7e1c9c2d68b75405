"""Access key ids (``AWS_ACCESS_KEY_ID``, ``accessKeyId``, ``aws_access_key_id``, MinIO's access key):
an identifier beside the secret key, not a credential, in every reader; the secret key beside one
stays reported once, and an ``AKIA...`` value is still reported by its shape."""

from __future__ import annotations

from typing import Any

import pytest
from check_helpers import FAKE, configmap, container, decide, everything_shown, key_and_sh_c_messages, pod, script_pod

POLICY = "disallow-plaintext-secrets"
ID = "trial-exports-uploader"


def _messages(obj: dict[str, Any]) -> list[str]:
    decision = decide(obj)
    assert FAKE not in everything_shown(decision)
    return [f.message for f in decision.findings if f.policy == POLICY]


def _env(name: str, value: str) -> dict[str, Any]:
    return pod([container(env=[{"name": name, "value": value}])])


# each: (the id alone, the id beside the secret key, the secret key's name as a message shows it)
READERS: dict[str, tuple[Any, Any, str]] = {
    "env": (
        pod([container(env=[{"name": "AWS_ACCESS_KEY_ID", "value": ID}])]),
        pod([container(env=[{"name": "AWS_ACCESS_KEY_ID", "value": ID}, {"name": "AWS_SECRET_ACCESS_KEY", "value": FAKE}])]),
        '"AWS_SECRET_ACCESS_KEY"',
    ),
    "configmap-key": (
        configmap({"AWS_ACCESS_KEY_ID": ID}),
        configmap({"AWS_ACCESS_KEY_ID": ID, "AWS_SECRET_ACCESS_KEY": FAKE}),
        '"AWS_SECRET_ACCESS_KEY"',
    ),
    "aws-config": (
        configmap({"config": f"[default]\naws_access_key_id = {ID}\nregion = eu-west-1\n"}),
        configmap({"config": f"[default]\naws_access_key_id = {ID}\naws_secret_access_key = {FAKE}\n"}),
        '"aws_secret_access_key"',
    ),
    "json": (
        configmap({"config.json": f'{{"accessKeyId": "{ID}", "region": "eu-west-1"}}'}),
        configmap({"config.json": f'{{"accessKeyId": "{ID}", "secretAccessKey": "{FAKE}"}}'}),
        '"secretAccessKey"',
    ),
    "yaml": (
        configmap({"values.yaml": f"s3:\n  accessKeyId: {ID}\n  region: eu-west-1\n"}),
        configmap({"values.yaml": f"s3:\n  accessKeyId: {ID}\n  secretAccessKey: {FAKE}\n"}),
        '"secretAccessKey"',
    ),
    "dotenv": (
        configmap({".env": f"AWS_ACCESS_KEY_ID={ID}\n"}),
        configmap({".env": f"AWS_ACCESS_KEY_ID={ID}\nAWS_SECRET_ACCESS_KEY={FAKE}\n"}),
        '"AWS_SECRET_ACCESS_KEY"',
    ),
    "rclone": (
        configmap({"rclone.conf": f"[s3]\ntype = s3\naccess_key_id = {ID}\n"}),
        configmap({"rclone.conf": f"[s3]\ntype = s3\naccess_key_id = {ID}\nsecret_access_key = {FAKE}\n"}),
        '"secret_access_key"',
    ),
    "python": (
        configmap({"settings.py": f"s3 = boto3.client('s3', aws_access_key_id='{ID}')\n"}),
        configmap({"settings.py": f"s3 = boto3.client('s3', aws_access_key_id='{ID}', aws_secret_access_key='{FAKE}')\n"}),
        "aws_secret_access_key",
    ),
    "javascript": (
        configmap({"app.js": f"const s3 = new S3({{ accessKeyId: '{ID}' }});\n"}),
        configmap({"app.js": f"const s3 = new S3({{ accessKeyId: '{ID}', secretAccessKey: '{FAKE}' }});\n"}),
        '"secretAccessKey"',
    ),
    "hadoop-xml": (
        configmap({"core-site.xml": f"<configuration><property><name>fs.s3a.access.key</name><value>{ID}</value></property></configuration>"}),
        configmap({"core-site.xml": (
            f"<configuration><property><name>fs.s3a.access.key</name><value>{ID}</value></property>\n"
            f"<property><name>fs.s3a.secret.key</name><value>{FAKE}</value></property></configuration>"
        )}),
        '"fs.s3a.secret.key"',
    ),
    "script": (
        script_pod(f"export AWS_ACCESS_KEY_ID={ID}\nexec app\n"),
        script_pod(f"export AWS_ACCESS_KEY_ID={ID}\nexport AWS_SECRET_ACCESS_KEY={FAKE}\nexec app\n"),
        '"AWS_SECRET_ACCESS_KEY"',
    ),
    "flags": (
        pod([container(args=[f"--access-key-id={ID}", "--access-key-id", ID, f"-Daws.accessKeyId={ID}"])]),
        pod([container(args=[f"--access-key-id={ID}", f"--secret-access-key={FAKE}"])]),
        '"--secret-access-key"',
    ),
    "minio-env": (
        pod([container(env=[{"name": "MINIO_ACCESS_KEY", "value": ID}])]),
        pod([container(env=[{"name": "MINIO_ACCESS_KEY", "value": ID}, {"name": "MINIO_SECRET_KEY", "value": FAKE}])]),
        '"MINIO_SECRET_KEY"',
    ),
}  # fmt: skip


@pytest.mark.parametrize("reader", sorted(READERS))
def test_an_access_key_id_alone_is_harmless(reader: str) -> None:
    alone, _, _ = READERS[reader]
    assert _messages(alone) == []


@pytest.mark.parametrize("reader", sorted(READERS))
def test_the_secret_key_beside_it_is_reported_once(reader: str) -> None:
    _, pair, secret_name = READERS[reader]
    (message,) = _messages(pair)
    assert secret_name in message and ID not in message


@pytest.mark.parametrize(
    "name", ["AWS_ACCESS_KEY_ID", "aws_access_key_id", "accessKeyId", "access-key-id", "S3_ACCESS_KEY_ID", "AWS_ACCESS_KEY", "S3_ACCESS_KEY"]
)
def test_an_access_key_id_name_holds_no_secret(name: str) -> None:
    assert _messages(_env(name, ID)) == []
    assert _messages(configmap({"app.properties": f"{name}={ID}\n"})) == []


@pytest.mark.parametrize(
    "name",
    [
        "AWS_SECRET_ACCESS_KEY", "aws_secret_access_key", "secretAccessKey", "AZURE_STORAGE_ACCESS_KEY", "ACCESS_KEY", "accessKey",
        "API_ACCESS_KEY", "ACCESS_KEY_SECRET", "AWS_ACCESS_KEY_ID_SECRET",
    ],
)  # fmt: skip
def test_a_secret_or_an_access_key_of_no_object_store_stays_reported(name: str) -> None:
    (message,) = _messages(_env(name, FAKE))
    assert f'"{name}"' in message


def test_an_aws_key_id_value_is_still_reported_by_its_shape_under_any_name() -> None:
    key_id = "AKIA" + "IOSFODNN7EXAMPLE"
    for obj in (_env("AWS_ACCESS_KEY_ID", key_id), configmap({"config": f"[default]\naws_access_key_id = {key_id}\n"})):
        decision = decide(obj)
        (message,) = [f.message for f in decision.findings if f.policy == POLICY]
        assert "an AWS access key id" in message and key_id not in everything_shown(decision)


# a bare access key beside its pair's secret key, in the same section, mapping or object: the pair's id
PAIRED: dict[str, tuple[str, str, str]] = {
    "s3cfg": (".s3cfg", f"[default]\naccess_key = {ID}\nsecret_key = {FAKE}\nhost_base = s3.example\n", '"secret_key"'),
    "thanos": ("objstore.yml", f"type: S3\nconfig:\n  bucket: exports\n  access_key: {ID}\n  secret_key: {FAKE}\n", '"secret_key"'),
    "registry": ("config.yml", f"storage:\n  s3:\n    accesskey: {ID}\n    secretkey: {FAKE}\n    region: eu-west-1\n", '"secretkey"'),
    "toml": ("config.toml", f'[s3]\naccess_key = "{ID}"\nsecret_access_key = "{FAKE}"\n', '"secret_access_key"'),
    "list-item": ("stores.yml", f"- name: a\n  access_key: {ID}\n  secret_key: {FAKE}\n", '"secret_key"'),
    "mc-json": ("config.json", f'{{"aliases": {{"s3": {{"url": "https://s3.example", "accessKey": "{ID}", "secretKey": "{FAKE}"}}}}}}', '"aliases.s3.secretKey"'),
}  # fmt: skip


@pytest.mark.parametrize("form", sorted(PAIRED))
def test_a_bare_access_key_beside_its_secret_key_is_the_pairs_id(form: str) -> None:
    key, text, secret_name = PAIRED[form]
    (message,) = _messages(configmap({key: text}))
    assert secret_name in message and not any(f'"{name}"' in message for name in ("access_key", "accesskey", "aliases.s3.accessKey"))
    assert ID not in message


@pytest.mark.parametrize("form", sorted(PAIRED))
def test_a_bare_access_key_alone_stays_reported(form: str) -> None:
    key, text, _ = PAIRED[form]
    alone = "\n".join(line for line in text.split("\n") if "ecret" not in line)
    if form == "mc-json":
        alone = text.replace(f', "secretKey": "{FAKE}"', "")
    (message,) = _messages(configmap({key: alone}))
    assert "ccess" in message and "key" in message.lower()


def test_a_secret_key_set_by_reference_still_pairs_the_access_key() -> None:
    text = f"config:\n  access_key: {ID}\n  secret_key: ${{S3_SECRET_KEY}}\n"
    assert _messages(configmap({"objstore.yml": text})) == []


@pytest.mark.parametrize(
    "key, text",
    [
        (".s3cfg", f"[api]\naccess_key = {FAKE}\n[s3]\nsecret_key = {FAKE}x\n"),  # another section's
        ("values.yml", f"api:\n  access_key: {FAKE}\ns3:\n  secret_key: {FAKE}x\n"),  # another mapping's
        ("values.yml", f"- access_key: {FAKE}\n- secret_key: {FAKE}x\n"),  # another list item's
        ("config.json", f'{{"api": {{"accessKey": "{FAKE}"}}, "secretKey": "{FAKE}x"}}'),  # another object's
    ],
)
def test_a_secret_key_elsewhere_pairs_nothing(key: str, text: str) -> None:
    messages = _messages(configmap({key: text}))
    assert len(messages) == 2 and any("ccess" in message for message in messages)


def test_an_aws_key_id_value_as_a_bare_access_key_is_still_reported_by_its_shape() -> None:
    key_id = "AKIA" + "IOSFODNN7EXAMPLE"
    decision = decide(configmap({".s3cfg": f"[default]\naccess_key = {key_id}\nsecret_key = {FAKE}\n"}))
    messages = sorted(f.message for f in decision.findings if f.policy == POLICY)
    assert len(messages) == 2 and "an AWS access key id" in messages[0] and '"secret_key"' in messages[1]
    assert key_id not in everything_shown(decision) and FAKE not in everything_shown(decision)


def test_many_bare_access_keys_are_read_in_linear_time() -> None:
    text = "".join(f"s{n}:\n  access_key: {ID}\n  secret_key: {FAKE}\n" for n in range(2000)) + "x:\n" + "  " * 20000 + "access_key: y\n"
    assert len(text) > 64 * 1024
    messages = _messages(configmap({"objstore.yml": text}))
    assert messages and not any('"access_key"' in message for message in messages[:-1])


@pytest.mark.parametrize(
    "script",
    [
        f"aws configure set aws_secret_access_key {FAKE}\n",
        f"aws configure set default.aws_secret_access_key {FAKE}\n",
        f"aws configure set aws_secret_access_key {FAKE} --profile exports\n",
        f"aws --profile exports configure set aws_secret_access_key '{FAKE}'\n",
        f"aws configure set aws_access_key_id {ID} && aws configure set aws_session_token {FAKE}\n",
    ],
)
def test_aws_configure_set_of_a_secret_is_reported(script: str) -> None:
    for messages in key_and_sh_c_messages(script):
        (message,) = messages
        assert 'passes a secret to "aws" (configure set aws_' in message and ID not in message


@pytest.mark.parametrize(
    "script",
    [
        f"aws configure set aws_access_key_id {ID}\n",
        f"aws configure set profile.exports.aws_access_key_id {ID} --profile exports\n",
        'aws configure set aws_secret_access_key "$AWS_SECRET_ACCESS_KEY"\n',
        "aws configure set aws_secret_access_key $(cat /run/secrets/s3-secret-key)\n",
        "aws configure set region eu-west-1 && aws configure get aws_secret_access_key\n",
        "aws configure set --profile aws_secret_access_key region eu-west-1\n",  # a profile so named
    ],
)
def test_aws_configure_set_of_an_id_or_a_reference_is_harmless(script: str) -> None:
    assert key_and_sh_c_messages(script) == [[], []]


def test_aws_configure_set_in_a_containers_command_is_reported() -> None:
    obj = pod([container(command=["aws", "configure", "set", "aws_secret_access_key", FAKE])])
    (message,) = _messages(obj)
    assert 'passes a secret to "aws"' in message
