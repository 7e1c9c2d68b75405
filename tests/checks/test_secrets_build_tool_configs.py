"""CI/CD and build-tool config as teams keep it in ConfigMaps: registry and repository credentials
written in (reported) beside the references, ciphertexts and paths that stand where a secret goes
(harmless)."""

from __future__ import annotations

import base64

import pytest

from tests.checks.check_helpers import FAKE, configmap_messages

_USER_AND_PASSWORD = base64.b64encode(f"ci-bot:{FAKE}".encode()).decode()
_PASSWORD = base64.b64encode(FAKE.encode()).decode()
_RENOVATE_ENCRYPTED = "wcFMAw+4H7SgaqGOAQ/" + base64.b64encode(bytes(range(256)) * 2).decode()[:640] + "=="
"""What Renovate's encrypt page gives: an OpenPGP message to its 4096-bit RSA key, base64 without armour."""
_DPAPI_BLOB = bytes.fromhex("01000000d08c9ddf0115d1118c7a00c04fc297eb01000000") + bytes(range(7, 250, 3))
"""A Windows DPAPI blob: version 1, the provider's GUID, master key version 1, then the rest."""
_NUGET_PASSWORD = base64.b64encode(_DPAPI_BLOB).decode()

CAUGHT: dict[str, tuple[str, str]] = {
    "gitlab-runner": (
        "config.toml",
        f"""concurrent = 4
[[runners]]
  name = "k8s-runner"
  url = "https://gitlab.example.org/"
  token = "{FAKE}"
  executor = "kubernetes"
  [runners.cache]
    Type = "s3"
    [runners.cache.s3]
      ServerAddress = "minio.ci.svc:9000"
      AccessKey = "runner"
      SecretKey = "{FAKE}"
      BucketName = "runner-cache"
""",
    ),
    "gitlab-runner-job-environment": (
        "config.toml",
        f"""[[runners]]
  name = "k8s-runner"
  url = "https://gitlab.example.org/"
  executor = "kubernetes"
  environment = ["GIT_DEPTH=10", "DB_PASSWORD={FAKE}", "FF_NETWORK_PER_BUILD=true"]  # every job's
""",
    ),
    "maven-settings": (
        "settings.xml",
        f"""<settings xmlns="http://maven.apache.org/SETTINGS/1.2.0">
  <servers>
    <server>
      <id>nexus-releases</id>
      <username>deployer</username>
      <password>{FAKE}</password>
    </server>
  </servers>
</settings>
""",
    ),
    "maven-passphrase": (
        "settings.xml",
        f"""<settings>
  <servers>
    <server>
      <id>github</id>
      <privateKey>${{user.home}}/.ssh/id_rsa</privateKey>
      <passphrase>{FAKE}</passphrase>
    </server>
  </servers>
</settings>
""",
    ),
    "gradle-signing": (
        "gradle.properties",
        f"""org.gradle.jvmargs=-Xmx2g
signing.keyId=24875D73
signing.password={FAKE}
signing.secretKeyRingFile=/home/gradle/.gnupg/secring.gpg
""",
    ),
    "gradle-maven-password": ("gradle.properties", f"mavenUser=deployer\nmavenPassword={FAKE}\n"),
    "gradle-project-env": ("gradle.env", f"ORG_GRADLE_PROJECT_signingPassword={FAKE}\nORG_GRADLE_PROJECT_mavenCentralUsername=deployer\n"),
    "npmrc-auth-token": (".npmrc", f"@myorg:registry=https://npm.pkg.github.com\n//npm.pkg.github.com/:_authToken={FAKE}\n"),
    "npmrc-auth": (".npmrc", f"registry=https://nexus.example.org/repository/npm/\n_auth={_USER_AND_PASSWORD}\nalways-auth=true\n"),
    "npmrc-password": (
        ".npmrc",
        f"""//nexus.example.org/repository/npm/:username=deployer
//nexus.example.org/repository/npm/:_password={_PASSWORD}
//nexus.example.org/repository/npm/:email=ci@example.org
""",
    ),
    "pypirc": (
        ".pypirc",
        f"""[distutils]
index-servers =
    internal

[internal]
repository = https://nexus.example.org/repository/pypi/
username = deployer
password = {FAKE}
""",
    ),
    "yarnrc": (".yarnrc.yml", f'npmRegistryServer: "https://nexus.example.org/repository/npm/"\nnpmAuthToken: "{FAKE}"\n'),
    "yarnrc-auth-ident": (
        ".yarnrc.yml",
        f'npmRegistryServer: "https://nexus.example.org/repository/npm/"\nnpmAuthIdent: "deployer:{FAKE}"\nnpmAlwaysAuth: true\n',
    ),
    "yarnrc-scoped-auth-ident-base64": (
        ".yarnrc.yml",
        f'npmScopes:\n  myorg:\n    npmRegistryServer: "https://nexus.example.org/repository/npm/"\n    npmAuthIdent: "{_USER_AND_PASSWORD}"\n',
    ),
    "nuget-clear-text-password": (
        "NuGet.Config",
        f"""<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSourceCredentials>
    <internal>
      <add key="Username" value="deployer" />
      <add key="ClearTextPassword" value="{FAKE}" />
    </internal>
  </packageSourceCredentials>
</configuration>
""",
    ),
    "pip-conf-index-url": ("pip.conf", f"[global]\nindex-url = https://deployer:{FAKE}@nexus.example.org/repository/pypi/simple\n"),
    "composer-http-basic": (
        "auth.json",
        f'{{\n  "http-basic": {{\n    "repo.example.org": {{"username": "deployer", "password": "{FAKE}"}}\n  }}\n}}\n',
    ),
    "composer-github-oauth": ("auth.json", f'{{\n  "github-oauth": {{\n    "github.com": "{FAKE}"\n  }}\n}}\n'),
    "composer-gitlab-token": ("auth.json", f'{{\n  "gitlab-token": {{\n    "gitlab.example.org": "{FAKE}"\n  }}\n}}\n'),
    "cargo-credentials": ("credentials.toml", f'[registries.internal]\ntoken = "{FAKE}"\n'),
    "cargo-credentials-bearer": ("credentials.toml", f'[registry]\ntoken = "Bearer {FAKE}"\n'),
    "netrc": (".netrc", f"machine gitlab.example.org\nlogin ci-bot\npassword {FAKE}\n"),
    "goproxy-with-password": ("go.env", f"GOPROXY=https://ci-bot:{FAKE}@athens.example.org,direct\n"),
    "docker-config-auth": ("config.json", f'{{\n  "auths": {{\n    "registry.example.org": {{"auth": "{_USER_AND_PASSWORD}"}}\n  }}\n}}\n'),
    "docker-config-identity-token": ("config.json", f'{{"auths": {{"registry.example.org": {{"identitytoken": "{FAKE}"}}}}}}\n'),
    "helm-repositories": (
        "repositories.yaml",
        f"""apiVersion: ""
repositories:
- caFile: ""
  name: internal
  pass_credentials_all: false
  password: {FAKE}
  url: https://charts.example.org
  username: deployer
""",
    ),
    "renovate-host-rules": (
        "config.js",
        f"""module.exports = {{
  platform: 'gitlab',
  hostRules: [
    {{
      hostType: 'npm',
      matchHost: 'npm.pkg.github.com',
      token: '{FAKE}',
    }},
  ],
}};
""",
    ),
    "sonar-token": ("sonar-project.properties", f"sonar.projectKey=clinical-portal\nsonar.token={FAKE}\n"),
    "sonar-password": ("sonar-project.properties", f"sonar.projectKey=clinical-portal\nsonar.login=admin\nsonar.password={FAKE}\n"),
    "drone-rpc-secret": ("drone.env", f"DRONE_RPC_HOST=drone.example.org\nDRONE_RPC_PROTO=https\nDRONE_RPC_SECRET={FAKE}\n"),
    "woodpecker-agent-secret": ("woodpecker.env", f"WOODPECKER_HOST=https://ci.example.org\nWOODPECKER_AGENT_SECRET={FAKE}\n"),
    "woodpecker-gitea-secret": ("woodpecker.env", f"WOODPECKER_GITEA=true\nWOODPECKER_GITEA_SECRET={FAKE}\n"),
    "buildkite-agent-cfg": ("buildkite-agent.cfg", f'token="{FAKE}"\nname="%hostname-%spawn"\ntags="queue=default"\n'),
    "concourse-credentials": ("credentials.yml", f"docker-registry-username: ci-bot\ndocker-registry-password: {FAKE}\n"),
    "concourse-pipeline-literal": (
        "pipeline.yml",
        f"""resources:
- name: app-image
  type: registry-image
  source:
    repository: registry.example.org/app
    username: ((docker-registry-username))
    password: {FAKE}
""",
    ),
    "concourse-postgres-password": ("concourse.env", f"CONCOURSE_POSTGRES_PASSWORD={FAKE}\nCONCOURSE_EXTERNAL_URL=https://ci.example.org\n"),
    "jenkins-agent-secret": ("agent.env", f"JENKINS_URL=https://jenkins.example.org\nJENKINS_SECRET={FAKE}\nJENKINS_AGENT_NAME=k8s-agent-1\n"),
    "argo-workflow-parameter": (
        "workflow.yaml",
        f"""apiVersion: argoproj.io/v1alpha1
kind: Workflow
spec:
  arguments:
    parameters:
    - name: registry-password
      value: {FAKE}
""",
    ),
    "tekton-param": (
        "pipelinerun.yaml",
        f"""apiVersion: tekton.dev/v1
kind: PipelineRun
spec:
  params:
  - name: sonar-token
    value: {FAKE}
""",
    ),
}
"""A credential written into each file where its project documents it."""

HARMLESS: dict[str, tuple[str, str]] = {
    "gitlab-runner-iam-cache": (
        "config.toml",
        """[[runners]]
  name = "k8s-runner"
  url = "https://gitlab.example.org/"
  executor = "kubernetes"
  [runners.kubernetes]
    namespace = "ci"
    image_pull_secrets = ["registry-credentials"]
  [runners.cache]
    Type = "s3"
    [runners.cache.s3]
      ServerAddress = "s3.amazonaws.com"
      AuthenticationType = "iam"
      BucketName = "runner-cache"
""",
    ),
    "gitlab-runner-environment-references": (
        "config.toml",
        """[[runners]]
  name = "k8s-runner"
  environment = ["GIT_DEPTH=10", "DB_PASSWORD=${DB_PASSWORD}", "TOKEN_FILE=/run/secrets/token", "DOCKER_TLS_CERTDIR="]
  [runners.kubernetes]
    namespace = "ci"
""",
    ),
    "maven-env-references": (
        "settings.xml",
        """<settings>
  <servers>
    <server>
      <id>nexus-releases</id>
      <username>${env.NEXUS_USER}</username>
      <password>${env.NEXUS_PASSWORD}</password>
    </server>
  </servers>
</settings>
""",
    ),
    "maven-encrypted-passwords": (
        "settings.xml",
        """<settings>
  <servers>
    <server>
      <id>nexus-releases</id>
      <username>deployer</username>
      <password>{jSMOWnoPFgsHVpMvz5VrIt5kRbzGpI8u+9EF1iFQyJQ=}</password>
    </server>
    <server>
      <id>nexus-snapshots</id>
      <password>Oleg reset this password on 2009-03-11, expires on 2009-04-11 {COQLCE6DU6GtcS5P=}</password>
    </server>
    <server>
      <id>github</id>
      <privateKey>/home/maven/.ssh/id_ed25519</privateKey>
      <passphrase>{COQLCE6DU6GtcS5P=} rotated yearly</passphrase>
    </server>
  </servers>
</settings>
""",
    ),
    "maven-settings-security-master": (
        "settings-security.xml",
        "<settingsSecurity>\n  <master>{jSMOWnoPFgsHVpMvz5VrIt5kRbzGpI8u+9EF1iFQyJQ=}</master>\n</settingsSecurity>\n",
    ),
    "maven-settings-security-relocation": (
        "settings-security.xml",
        "<settingsSecurity>\n  <relocation>/etc/maven/security/settings-security.xml</relocation>\n</settingsSecurity>\n",
    ),
    "gradle-references": ("gradle.env", "ORG_GRADLE_PROJECT_signingPassword=${SIGNING_PASSWORD}\nORG_GRADLE_PROJECT_signingKey=$SIGNING_KEY\n"),
    "gradle-key-ring-file": (
        "gradle.properties",
        """org.gradle.jvmargs=-Xmx2g -Dfile.encoding=UTF-8
signing.keyId=24875D73
signing.secretKeyRingFile=/home/gradle/.gnupg/secring.gpg
systemProp.http.proxyHost=proxy.example.org
""",
    ),
    "npmrc-references": (
        ".npmrc",
        "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n@myorg:registry=https://npm.pkg.github.com\n//npm.pkg.github.com/:_authToken=${GITHUB_TOKEN}\n",
    ),
    "pypirc-without-password": (".pypirc", "[distutils]\nindex-servers = pypi\n\n[pypi]\nusername = __token__\n"),
    "yarnrc-references": (
        ".yarnrc.yml",
        'npmRegistryServer: "https://nexus.example.org/repository/npm/"\nnpmAuthToken: "${NPM_AUTH_TOKEN}"\n'
        'npmScopes:\n  myorg:\n    npmAuthToken: "${GITHUB_TOKEN:-}"\n',
    ),
    "yarnrc-auth-ident-references": (
        ".yarnrc.yml",
        'npmAuthIdent: "deployer:${NPM_PASSWORD}"\nnpmScopes:\n  myorg:\n    npmAuthIdent: "${NPM_AUTH_IDENT}"\n'
        '  other:\n    npmAuthIdent: "${NPM_USER}:${NPM_PASSWORD}"\n  empty:\n    npmAuthIdent: ""\n',
    ),
    "nuget-environment-variables": (
        "NuGet.Config",
        """<configuration>
  <packageSourceCredentials>
    <internal>
      <add key="Username" value="%NUGET_USER%" />
      <add key="ClearTextPassword" value="%NUGET_PASSWORD%" />
    </internal>
  </packageSourceCredentials>
</configuration>
""",
    ),
    "nuget-dpapi-password": (
        "NuGet.Config",
        f"""<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSourceCredentials>
    <internal>
      <add key="Username" value="deployer" />
      <add key="Password" value="{_NUGET_PASSWORD}" />
    </internal>
  </packageSourceCredentials>
  <apikeys>
    <add key="https://www.nuget.org" value="{_NUGET_PASSWORD}" />
  </apikeys>
</configuration>
""",
    ),
    "powershell-secure-string": (
        "settings.properties",
        f"smtp.host=smtp.example.org\nsmtp.password={_DPAPI_BLOB.hex()}\n",
    ),
    "pip-conf-references": ("pip.conf", "[global]\nindex-url = https://${PIP_USER}:${PIP_PASSWORD}@nexus.example.org/repository/pypi/simple\n"),
    "cargo-credential-providers": (
        "config.toml",
        """[registry]
global-credential-providers = ["cargo:token", "cargo:libsecret"]

[registries.internal]
index = "sparse+https://cargo.example.org/index/"
credential-provider = "cargo:token-from-stdout /usr/local/bin/get-token"
""",
    ),
    "goprivate-and-goauth": (
        "go.env",
        "GOPRIVATE=gitlab.example.org/*\nGONOSUMDB=gitlab.example.org/*\nGOAUTH=netrc\nGOPROXY=https://proxy.golang.org,direct\n",
    ),
    "goauth-command": ("go.env", "GOAUTH=command /usr/local/bin/go-auth-helper\nGOPRIVATE=gitlab.example.org\n"),
    "docker-creds-store": (
        "config.json",
        '{\n  "auths": {"registry.example.org": {}},\n  "credsStore": "ecr-login",\n'
        '  "credHelpers": {"123456789012.dkr.ecr.eu-west-1.amazonaws.com": "ecr-login"}\n}\n',
    ),
    "helm-repositories-without-credentials": (
        "repositories.yaml",
        'apiVersion: ""\nrepositories:\n- caFile: ""\n  name: bitnami\n  password: ""\n  url: https://charts.bitnami.com/bitnami\n  username: ""\n',
    ),
    "renovate-environment": (
        "config.js",
        """module.exports = {
  platform: 'gitlab',
  token: process.env.RENOVATE_TOKEN,
  hostRules: [
    {
      matchHost: 'nexus.example.org',
      username: process.env.NEXUS_USER,
      password: process.env.NEXUS_PASSWORD,
    },
  ],
};
""",
    ),
    "renovate-encrypted-json": (
        "config.json",
        f"""{{
  "platform": "gitlab",
  "hostRules": [
    {{
      "matchHost": "nexus.example.org",
      "hostType": "npm",
      "encrypted": {{"token": "{_RENOVATE_ENCRYPTED}"}}
    }}
  ],
  "encrypted": {{"npmToken": "{_RENOVATE_ENCRYPTED}"}}
}}
""",
    ),
    "renovate-encrypted-js": (
        "config.js",
        f"""module.exports = {{
  hostRules: [
    {{
      matchHost: 'nexus.example.org',
      username: 'renovate',
      encrypted: {{
        password: '{_RENOVATE_ENCRYPTED}',
      }},
    }},
  ],
}};
""",
    ),
    "sonar-reference": ("sonar-project.properties", "sonar.projectKey=clinical-portal\nsonar.sources=src\nsonar.login=${env.SONAR_TOKEN}\n"),
    "woodpecker-secret-files": (
        "woodpecker.env",
        "WOODPECKER_AGENT_SECRET_FILE=/run/secrets/agent-secret\nWOODPECKER_GITEA_SECRET_FILE=/run/secrets/gitea-secret\n",
    ),
    "buildkite-token-from-environment": ("buildkite-agent.cfg", '# token is read from BUILDKITE_AGENT_TOKEN\nname="%hostname-%spawn"\ntags="queue=default"\n'),
    "concourse-pipeline-vars": (
        "pipeline.yml",
        """resources:
- name: app-image
  type: registry-image
  source:
    repository: registry.example.org/app
    username: ((docker-registry-username))
    password: ((docker-registry-password))
- name: repo
  type: git
  source:
    uri: git@github.com:example/app.git
    private_key: ((vault:ci/github.private_key))
""",
    ),
    "jenkins-agent-secret-file": ("agent.env", "JENKINS_URL=https://jenkins.example.org\nJENKINS_SECRET_FILE=/var/run/secrets/jenkins/agent-secret\n"),
    "argo-workflow-references": (
        "workflow.yaml",
        """apiVersion: argoproj.io/v1alpha1
kind: Workflow
spec:
  arguments:
    parameters:
    - name: registry-password
      valueFrom:
        secretKeyRef:
          name: registry
          key: password
    - name: api-token
      value: "{{workflow.parameters.token}}"
""",
    ),
}
"""References, ciphertexts, paths and credential helpers standing where a secret goes."""


@pytest.mark.parametrize("name", sorted(CAUGHT))
def test_a_credential_written_in_is_reported(name: str) -> None:
    key, text = CAUGHT[name]
    messages = configmap_messages(key, text, FAKE)
    assert messages, name
    assert all(f'key "{key}"' in message for message in messages), messages


@pytest.mark.parametrize("name", sorted(HARMLESS))
def test_what_stands_where_a_secret_goes_is_harmless(name: str) -> None:
    key, text = HARMLESS[name]
    assert configmap_messages(key, text, FAKE) == []


def test_a_concourse_var_is_no_literal_but_text_around_it_is() -> None:
    """``((name))`` alone is filled in when the pipeline runs; glued to text it is judged as written."""
    assert configmap_messages("pipeline.yml", "source:\n  password: ((registry-password))\n", FAKE) == []
    assert configmap_messages("pipeline.yml", f"source:\n  password: {FAKE}((registry-password))\n", FAKE)
    assert configmap_messages("pipeline.yml", f"source:\n  password: (({FAKE} x))\n", FAKE)
    assert configmap_messages("app.conf", f'val password = (("{FAKE}"))', FAKE)


@pytest.mark.parametrize(
    "password",
    [
        "{" + FAKE + "}",  # not base64
        "{FAKE2notreal9pw}",  # too short for Maven's ciphertext
        "FAKE{COQLCE6DU6GtcS5P=}",  # text glued to the braces
        "{COQLCE6DU6GtcS5P=}" + FAKE,
    ],
)
def test_a_password_in_braces_that_maven_did_not_encrypt_is_reported(password: str) -> None:
    text = f"<settings><servers><server><id>nexus</id><password>{password}</password></server></servers></settings>"
    assert configmap_messages("settings.xml", text, FAKE) == ['ConfigMap "config" key "settings.xml" sets "password" in plain text (line 1). '
                                                              "Fix: move it into a Secret and mount or reference that Secret instead."]


def test_maven_ciphertext_is_harmless_only_in_a_password_or_passphrase_element() -> None:
    """Another element's value in braces is judged as written (``<token>`` is no element Maven decrypts)."""
    assert configmap_messages("settings.xml", "<server><token>{COQLCE6DU6GtcS5P=}</token></server>", FAKE)


@pytest.mark.parametrize(
    "token",
    [
        _RENOVATE_ENCRYPTED[:200],  # too short to hold an RSA-encrypted session key
        "wcFMA" + FAKE + _RENOVATE_ENCRYPTED[5:],  # not base64
        FAKE + _RENOVATE_ENCRYPTED,  # text glued before it
    ],
)
def test_what_is_not_an_openpgp_message_in_an_encrypted_block_is_reported(token: str) -> None:
    text = f'{{"hostRules": [{{"matchHost": "nexus.example.org", "encrypted": {{"token": "{token}"}}}}]}}'
    messages = configmap_messages("config.json", text, FAKE)
    assert len(messages) == 1 and '"hostRules[0].encrypted.token"' in messages[0], messages


@pytest.mark.parametrize(
    "password",
    [
        base64.b64encode(bytes.fromhex("02000000d08c9ddf0115d1118c7a00c04fc297eb01000000") + bytes(range(7, 250, 3))).decode(),  # no DPAPI version
        _NUGET_PASSWORD[:60],  # too short
        _NUGET_PASSWORD + FAKE,  # text glued after it
        _DPAPI_BLOB.hex()[:80],
    ],
)
def test_a_password_that_is_no_dpapi_blob_is_reported(password: str) -> None:
    text = f'<configuration><packageSourceCredentials><internal><add key="Password" value="{password}" /></internal></packageSourceCredentials></configuration>'
    messages = configmap_messages("NuGet.Config", text, FAKE)
    assert len(messages) == 1 and '"Password"' in messages[0], messages


@pytest.mark.parametrize("items", [f'"DB_PASSWORD={FAKE}"', f"DB_PASSWORD={FAKE}, TZ=UTC", f"'TZ=UTC', 'DB_PASSWORD={FAKE}'"])
def test_a_compose_environment_list_on_one_line_is_read_pair_by_pair(items: str) -> None:
    text = f"services:\n  app:\n    image: app:1.0\n    environment: [{items}]\n"
    assert configmap_messages("compose.yml", text, FAKE) == [
        'ConfigMap "config" key "compose.yml" sets "DB_PASSWORD" in plain text (line 4). '
        "Fix: move it into a Secret and mount or reference that Secret instead."
    ]
    assert configmap_messages("compose.yml", "services:\n  app:\n    environment: [TZ=UTC, DB_PASSWORD_FILE=/run/secrets/db]\n", FAKE) == []


# --- SonarScanner: sonar.login alone (no sonar.password in the file) is read as a token ------------

_LEGACY_SONAR_TOKEN = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c"  # 40 hex digits, no squ_ prefix: a fake


@pytest.mark.parametrize(
    ("key", "text", "setting", "line"),
    [
        ("sonar-project.properties", f"sonar.projectKey=clinical-portal\nsonar.login={_LEGACY_SONAR_TOKEN}\n", "sonar.login", 2),
        ("sonar-scanner.properties", f"sonar.host.url=https://sonar.example\nsonar.login: {_LEGACY_SONAR_TOKEN}\n", "sonar.login", 2),
        ("sonar-project.properties", "sonar.login=Zq7fakeTokenk3Ab9xQ2mP0\n", "sonar.login", 1),
        ("gradle.properties", f"systemProp.sonar.login={_LEGACY_SONAR_TOKEN}\n", "systemProp.sonar.login", 1),
    ],
)
def test_sonar_login_alone_holding_a_token_without_its_prefix_is_reported_once(key: str, text: str, setting: str, line: int) -> None:
    secret = text.split("login", 1)[1].lstrip("=: ").strip()
    assert configmap_messages(key, text, secret) == [
        f'ConfigMap "config" key "{key}" sets "{setting}" in plain text (line {line}). '
        "Fix: move it into a Secret and mount or reference that Secret instead."
    ]


@pytest.mark.parametrize(
    "text",
    [
        f"sonar.login={_LEGACY_SONAR_TOKEN}\nsonar.password=${{env.SONAR_PASSWORD}}\n",  # beside a password: a user's name
        "sonar.login=admin\nsonar.password=${env.SONAR_PASSWORD}\n",
        "sonar.login=admin\n",  # a name, no token
        "sonar.login=svc-sonar-scanner-ci-2024\n",  # a long name
        "sonar.login=${env.SONAR_TOKEN}\n",
        f"sonar.login={_LEGACY_SONAR_TOKEN} sonar.host.url=https://sonar.example\n",  # blanks in it: no token alone
    ],
)
def test_sonar_login_as_a_user_name_or_a_reference_is_harmless(text: str) -> None:
    assert configmap_messages("sonar-project.properties", text, _LEGACY_SONAR_TOKEN) == []
