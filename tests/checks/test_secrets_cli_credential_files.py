"""Developer and cloud CLI credential files as teams put them in ConfigMaps, each written as its tool
writes it: the secret forms are reported by their line (AWS, GCP, gcloud, Azure, kubeconfig, Docker,
.netrc, .pgpass, .my.cnf, .npmrc, .pypirc, RubyGems, git, gh, hub, boto, OCI, doctl, hcloud,
Terraform, Vault, Databricks, SnowSQL); the forms used instead (a credential helper or process, SSO,
a key file's path, an exec plugin, a reference, anonymous FTP) are harmless."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap, configmap_messages, decide, everything_shown

from webhook.checks.secrets.names import describes_its_parent
from webhook.checks.secrets.password_files import NETRC_STATES, git_credentials_lines, netrc_line, netrc_lines, rubygems_credentials_lines, settings_in_a_credentials_file

POLICY = "disallow-plaintext-secrets"
B64_USER_PASS = "Y2k6RkFLRS1ub3QtYS1yZWFsLXBhc3N3b3Jk"  # ci:FAKE-not-a-real-password
CA_DATA = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUZBS0UKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo="
KEY_DATA = "LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVktLS0tLQpGQUtFbm90YXJlYWxrZXkKLS0tLS1FTkQgUlNBIFBSSVZBVEUgS0VZLS0tLS0K"
PEM = "-----BEGIN PRIVATE KEY-----\\nMIIEvFAKEnotarealkeyFAKEnotarealkey\\n-----END PRIVATE KEY-----\\n"

CAUGHT = {
    "aws credentials": ("credentials", f"[default]\naws_access_key_id = AKIAFAKEFAKEFAKE\naws_secret_access_key = {FAKE}\naws_session_token = {FAKE}\n",
                        ['sets "aws_secret_access_key" in plain text (line 3)', 'sets "aws_session_token" in plain text (line 4)']),
    "aws config": ("config", f"[profile tmp]\nregion = eu-west-1\naws_access_key_id = ASIAFAKEFAKEFAKE\naws_secret_access_key = {FAKE}\n",
                   ['sets "aws_secret_access_key" in plain text (line 4)']),
    "gcp service account key": ("key.json", '{\n  "type": "service_account",\n  "project_id": "trials-prod",\n'
                                '  "private_key_id": "0123456789abcdef0123456789abcdef01234567",\n  "private_key": "' + PEM + '",\n'
                                '  "client_email": "uploader@trials-prod.iam.gserviceaccount.com"\n}\n',
                                ["holds a PEM private key in plain text (line 5)"]),
    "gcloud application default credentials": ("application_default_credentials.json",
        '{\n  "client_id": "764086051850-6qr4p6gpi6hn506pt8ejuq83di341hur.apps.googleusercontent.com",\n  "client_secret": "' + FAKE + '",\n'
        '  "quota_project_id": "trials-prod",\n  "refresh_token": "1//0' + FAKE + '",\n  "type": "authorized_user"\n}\n',
        ['sets "client_secret" in plain text (line 3)', 'sets "refresh_token" in plain text (line 5)']),
    "azure msal token cache": ("msal_token_cache.json",
        '{"AccessToken": {"k": {"credential_type": "AccessToken", "secret": "' + FAKE + '", "client_id": "04b07795-8ddb-461a-bbee-02f9e1bf7b46"}},'
        ' "RefreshToken": {"r": {"credential_type": "RefreshToken", "secret": "' + FAKE + '"}}}',
        ['sets "AccessToken.k.secret" in plain text', 'sets "RefreshToken.r.secret" in plain text']),
    "azure service principal entries": ("service_principal_entries.json",
        '[{"client_id": "04b07795-8ddb-461a-bbee-02f9e1bf7b46", "tenant": "trials", "client_secret": "' + FAKE + '"}]',
        ['sets "[0].client_secret" in plain text']),
    "kubeconfig token": ("kubeconfig", f"apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    certificate-authority-data: {CA_DATA}\n"
                         f"    server: https://10.0.0.1:6443\n  name: trials\nusers:\n- name: deployer\n  user:\n    token: {FAKE}\n",
                         ['sets "token" in plain text (line 11)']),
    "kubeconfig client key": ("kubeconfig", f"apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user:\n    client-certificate-data: {CA_DATA}\n"
                              f"    client-key-data: {KEY_DATA}\n", ["holds a PEM private key (base64-encoded) in plain text (line 7)"]),
    "kubeconfig basic auth": ("config", f"apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user:\n    username: admin\n    password: {FAKE}\n",
                              ['sets "password" in plain text (line 7)']),
    "kubeconfig oidc auth-provider": ("kubeconfig", f"users:\n- name: oidc\n  user:\n    auth-provider:\n      name: oidc\n      config:\n"
                                      f"        client-id: kubernetes\n        client-secret: {FAKE}\n        refresh-token: {FAKE}\n",
                                      ['sets "client-secret" in plain text (line 8)', 'sets "refresh-token" in plain text (line 9)']),
    "docker auths": ("config.json", '{\n\t"auths": {\n\t\t"registry.trials.example": {\n\t\t\t"auth": "' + B64_USER_PASS + '",\n'
                     '\t\t\t"identitytoken": "' + FAKE + '"\n\t\t}\n\t}\n}',
                     ['sets "auths.registry.trials.example.auth" in plain text (line 4)',
                      'sets "auths.registry.trials.example.identitytoken" in plain text (line 5)']),
    "netrc over lines": ("netrc", f"machine registry.trials.example\nlogin ci\npassword {FAKE}\n", ["sets a password in plain text (line 3)"]),
    "netrc on one line": (".netrc", f"machine api.heroku.com login ci@trials.example password {FAKE}\n", ["sets a password in plain text (line 1)"]),
    "netrc default": ("_netrc", f"default login ci password {FAKE}\n", ["sets a password in plain text (line 1)"]),
    "pgpass": (".pgpass", f"db.trials.svc:5432:trials:app:{FAKE}\n", ["sets a password in plain text (line 1)"]),
    "my.cnf": (".my.cnf", f"[client]\nuser=app\npassword=\"{FAKE}\"\nhost=db.trials.svc\n", ['sets "password" in plain text (line 3)']),
    "npmrc auth token": (".npmrc", f"registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken={FAKE}\n",
                         ['sets "_authToken" in plain text (line 2)']),
    "npmrc basic auth": (".npmrc", f"//npm.trials.example/:_auth={B64_USER_PASS}\nalways-auth=true\n", ['sets "_auth" in plain text (line 1)']),
    "pypirc": (".pypirc", f"[distutils]\nindex-servers =\n    pypi\n\n[pypi]\nusername = __token__\npassword = pypi-{FAKE}\n",
               ['sets "password" in plain text (line 7)']),
    "gem credentials": ("credentials", f"---\n:rubygems_api_key: rubygems_{FAKE}\n", ['sets "rubygems_api_key" in plain text (line 2)']),
    "git credentials": (".git-credentials", f"https://ci:{FAKE}@github.com\n", ["holds a URL with a password (user:password@host) in plain text"]),
    "gh hosts": ("hosts.yml", f"github.com:\n    users:\n        ci-bot:\n            oauth_token: gho_{FAKE}\n    git_protocol: https\n    user: ci-bot\n",
                 ['sets "oauth_token" in plain text (line 4)']),
    "hub": ("hub", f"github.com:\n- user: ci-bot\n  oauth_token: {FAKE}\n  protocol: https\n", ['sets "oauth_token" in plain text (line 3)']),
    "boto": (".boto", f"[Credentials]\naws_access_key_id = AKIAFAKEFAKEFAKE\naws_secret_access_key = {FAKE}\ngs_oauth2_refresh_token = 1//0{FAKE}\n",
             ['sets "aws_secret_access_key" in plain text (line 3)', 'sets "gs_oauth2_refresh_token" in plain text (line 4)']),
    "oci pass_phrase": ("config", f"[DEFAULT]\nuser=ocid1.user.oc1..aaaaaaaafake\nkey_file=~/.oci/oci_api_key.pem\npass_phrase={FAKE}\nregion=eu-frankfurt-1\n",
                        ['sets "pass_phrase" in plain text (line 4)']),
    "doctl": ("config.yaml", f"access-token: {FAKE}\ncontext: default\n", ['sets "access-token" in plain text (line 1)']),
    "hcloud": ("cli.toml", f"active_context = \"trials\"\n\n[[contexts]]\n  name = \"trials\"\n  token = \"{FAKE}\"\n", ['sets "token" in plain text (line 5)']),
    "terraformrc": (".terraformrc", f"credentials \"app.terraform.io\" {{\n  token = \"{FAKE}\"\n}}\n", ['sets "token" in plain text (line 2)']),
    "credentials.tfrc.json": ("credentials.tfrc.json", '{\n  "credentials": {\n    "app.terraform.io": {\n      "token": "' + FAKE + '"\n    }\n  }\n}\n',
                              ['sets "credentials.app.terraform.io.token" in plain text (line 4)']),
    "databrickscfg": (".databrickscfg", f"[DEFAULT]\nhost = https://adb-1234567890123456.7.azuredatabricks.net\ntoken = dapi{FAKE}\n",
                      ['sets "token" in plain text (line 3)']),
    "snowsql": ("config", f"[connections]\naccountname = trials-xy12345\nusername = ci\npassword = {FAKE}\n", ['sets "password" in plain text (line 4)']),
}  # fmt: skip


@pytest.mark.parametrize("key, text, fragments", CAUGHT.values(), ids=CAUGHT.keys())
def test_a_cli_credential_file_with_a_secret_is_reported_by_its_line(key: str, text: str, fragments: list[str]) -> None:
    messages = configmap_messages(key, text, FAKE)
    assert len(messages) == len(fragments)
    for message, fragment in zip(messages, fragments, strict=True):
        assert fragment in message and f'key "{key}"' in message, message
    assert B64_USER_PASS not in everything_shown(decide(configmap({key: text})))


@pytest.mark.parametrize(
    "key, token",
    [(".vault-token", "hvs.CAESIFAKEnotarealtokenFAKEnotarealtokenGh4KHGh2cy5GQUtF"), (".vault-token", "s.FAKEnotarealtoken12345\n"),
     ("token", "hvs.CAESIFAKEnotarealtokenFAKEnotarealtokenGh4KHGh2cy5GQUtF\n")],
)  # fmt: skip
def test_a_vault_token_file_is_reported(key: str, token: str) -> None:
    (message,) = configmap_messages(key, token, token.strip())
    assert f'key "{key}"' in message


HARMLESS = {
    "aws config with sso": ("config", "[default]\nregion = eu-west-1\noutput = json\n\n[profile trials]\nsso_session = corp\nsso_account_id = 123456789012\n"
                            "sso_role_name = ReadOnly\n\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n"),
    "aws config with credential_process": ("config", "[profile ci]\ncredential_process = /usr/local/bin/aws-vault exec ci --json\n\n[profile role]\n"
                                           "role_arn = arn:aws:iam::123456789012:role/deploy\nsource_profile = ci\nmfa_serial = arn:aws:iam::123456789012:mfa/ci\n"
                                           "web_identity_token_file = /var/run/secrets/eks.amazonaws.com/serviceaccount/token\n"),
    "aws credentials with credential_process": ("credentials", "[default]\ncredential_process = /opt/bin/credential-helper --profile trials\n"),
    "gcp key without its private key": ("key.json", '{"type": "service_account", "project_id": "trials-prod", '
                                        '"private_key_id": "0123456789abcdef0123456789abcdef01234567", "client_email": "u@trials-prod.iam.gserviceaccount.com"}'),
    "gcp workload identity federation": ("credential-configuration.json", '{"type": "external_account", "audience": "//iam.googleapis.com/projects/1/locations/global/'
                                         'workloadIdentityPools/p/providers/k8s", "subject_token_type": "urn:ietf:params:oauth:token-type:jwt", '
                                         '"token_url": "https://sts.googleapis.com/v1/token", "credential_source": {"file": "/var/run/service-account/token"}}'),
    "gcloud configuration": ("config_default", "[core]\naccount = uploader@trials-prod.iam.gserviceaccount.com\nproject = trials-prod\n\n"
                             "[auth]\ncredential_file_override = /var/secrets/google/key.json\n"),
    "azure profile": ("azureProfile.json", '{"installationId": "0b1c2d3e-aaaa-bbbb-cccc-123456789abc", "subscriptions": [{"id": "11111111-2222-3333-4444-555555555555", '
                      '"name": "Trials", "user": {"name": "svc@trials.onmicrosoft.com", "type": "servicePrincipal"}, "tenantId": "66666666-7777-8888-9999-000000000000"}]}'),
    "azure cli config": ("config", "[cloud]\nname = AzureCloud\n\n[core]\noutput = json\ncollect_telemetry = no\n\n[defaults]\ngroup = trials-rg\n"),
    "kubeconfig exec and auth-provider": ("kubeconfig", f"apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    certificate-authority-data: {CA_DATA}\n"
        "    server: https://ABC.gr7.eu-west-1.eks.amazonaws.com\n  name: eks\nusers:\n- name: eks\n  user:\n    exec:\n"
        "      apiVersion: client.authentication.k8s.io/v1beta1\n      command: aws\n      args: [--region, eu-west-1, eks, get-token, --cluster-name, trials]\n"
        "- name: oidc\n  user:\n    auth-provider:\n      name: oidc\n      config:\n        client-id: kubernetes\n        idp-issuer-url: https://dex.trials.example\n"
        "- name: sa\n  user:\n    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token\n    client-key: /etc/k8s/client.key\n"),
    "docker credential helpers": ("config.json", '{\n\t"auths": {\n\t\t"https://index.docker.io/v1/": {},\n\t\t"123456789012.dkr.ecr.eu-west-1.amazonaws.com": {}\n\t},\n'
                                  '\t"credsStore": "desktop",\n\t"credHelpers": {\n\t\t"123456789012.dkr.ecr.eu-west-1.amazonaws.com": "ecr-login",\n'
                                  '\t\t"europe-docker.pkg.dev": "gcloud"\n\t}\n}'),
    "netrc without a password": (".netrc", "machine ftp.trials.example\n  login ci\n  macdef init\n  cd /pub\n  bin\n\n"),
    "netrc with a reference": (".netrc", "machine registry.trials.example login ci password ${NETRC_PASSWORD}\n"),
    "my.cnf without a password": (".my.cnf", "[client]\nuser=app\nhost=db.trials.svc\nssl-ca=/etc/mysql/ca.pem\n"),
    "npmrc with references": (".npmrc", "registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n"
                              "//npm.trials.example/:_auth=${NPM_AUTH}\nalways-auth=true\n"),
    "pypirc without a password": (".pypirc", "[distutils]\nindex-servers =\n    pypi\n\n[pypi]\nusername = __token__\n"),
    "gh hosts with the token in the keyring": ("hosts.yml", "github.com:\n    git_protocol: ssh\n    users:\n        ci-bot: {}\n    user: ci-bot\n"),
    "boto with a key file": ("boto", "[Credentials]\ngs_service_key_file = /etc/gcs/key.json\n\n[GSUtil]\ndefault_project_id = trials-prod\n"),
    "oci config with a key file": ("config", "[DEFAULT]\nuser=ocid1.user.oc1..aaaaaaaafake\nfingerprint=20:3b:97:13:55:1c:5b:0d:d3:37:d8:50:4e:c5:3a:34\n"
                                   "key_file=~/.oci/oci_api_key.pem\ntenancy=ocid1.tenancy.oc1..aaaaaaaafake\nregion=eu-frankfurt-1\n"
                                   "security_token_file=/home/app/.oci/sessions/DEFAULT/token\n"),
    "doctl without a token": ("config.yaml", "access-token: \"\"\ncontext: default\nauth-contexts: {}\noutput: text\n"),
    "terraformrc with a credentials helper": (".terraformrc", "plugin_cache_dir = \"$HOME/.terraform.d/plugin-cache\"\ncredentials_helper \"vault\" {\n"
                                              "  args = [\"--vault-path\", \"secret/terraform\"]\n}\n"),
    "databrickscfg with azure-cli auth": (".databrickscfg", "[DEFAULT]\nhost = https://adb-1234567890123456.7.azuredatabricks.net\nauth_type = azure-cli\n"),
    "snowsql with key-pair auth": ("config", "[connections]\naccountname = trials-xy12345\nusername = ci\nauthenticator = SNOWFLAKE_JWT\n"
                                   "private_key_path = /etc/snowflake/rsa_key.p8\n"),
}  # fmt: skip


@pytest.mark.parametrize("key, text", HARMLESS.values(), ids=HARMLESS.keys())
def test_a_cli_credential_file_of_helpers_references_and_paths_is_harmless(key: str, text: str) -> None:
    assert configmap_messages(key, text, FAKE) == []


# --- .netrc: anonymous FTP (since 1.25.554) -------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "machine ftp.ncbi.nlm.nih.gov login anonymous password anonymous\n",
        "default login anonymous password user@site\n",
        "machine ftp.ebi.ac.uk\n  login anonymous\n  password datasync@trials.example\n",
        "machine ftp.trials.example login FTP password guest\n",
        "machine ftp.trials.example login\n  Anonymous password\n  anonymous@\n",
        "machine ftp.trials.example login anonymous\nmacdef init\nbin\n\npassword me@trials.example\n",
    ],
)
def test_an_anonymous_ftp_entry_given_an_email_address_is_harmless(text: str) -> None:
    assert netrc_lines(text) == []
    assert configmap_messages(".netrc", text, FAKE) == []


@pytest.mark.parametrize(
    "text, lines",
    [
        (f"default login anonymous password {FAKE}\n", [1]),  # another word under anonymous
        ("machine sftp.trials.example login datasync password ci@trials.example\n", [1]),  # an address under a real login
        ("machine ftp.a login anonymous password a@b\nmachine sftp.b password me@trials.example\n", [2]),  # a new entry starts afresh
        ("machine ftp.a login anonymous password a@b\ndefault login ci password x@y\n", [2]),
        (f"machine sftp.b password {FAKE} login anonymous\n", [1]),  # the login after the password is not known yet
        (f"machine sftp.b login ci password {FAKE}\n", [1]),
    ],
)
def test_a_password_outside_anonymous_ftp_is_still_reported(text: str, lines: list[int]) -> None:
    assert netrc_lines(text) == lines
    assert len(configmap_messages(".netrc", text, FAKE)) == len(lines)


def test_the_netrc_states_are_all_reached_and_closed() -> None:
    """Every state ``netrc_line`` gives back is one of ``NETRC_STATES``, from any of them."""
    lines = ["login", "anonymous", "password", "macdef x", "", "machine h login anonymous password", "login ci password", "# c"]
    for state in range(NETRC_STATES):
        for line in lines:
            assert 0 <= netrc_line(line, state)[1] < NETRC_STATES


def test_a_script_writing_an_anonymous_netrc_is_harmless() -> None:
    script = "cat > ~/.netrc <<EOF\nmachine ftp.ncbi.nlm.nih.gov\nlogin anonymous\npassword datasync@trials.example\nEOF\n"
    decision = decide(configmap({"sync.sh": script}))
    assert [f for f in decision.findings if f.policy == POLICY] == []
    secret = f"cat > ~/.netrc <<EOF\nmachine ftp.ncbi.nlm.nih.gov\nlogin anonymous\npassword {FAKE}\nEOF\n"
    decision = decide(configmap({"sync.sh": secret}))
    assert [f for f in decision.findings if f.policy == POLICY] and FAKE not in everything_shown(decision)


# --- a legacy .dockercfg (since 1.25.555) -----------------------------------------------------------


@pytest.mark.parametrize(
    "registry",
    ["https://index.docker.io/v1/", "registry.trials.example", "localhost:5000", "123456789012.dkr.ecr.eu-west-1.amazonaws.com"],
)
def test_a_legacy_dockercfg_auth_is_reported(registry: str) -> None:
    text = '{"' + registry + '": {"auth": "' + B64_USER_PASS + '", "email": "ci@trials.example"}}'
    decision = decide(configmap({".dockercfg": text}))
    (message,) = [f.message for f in decision.findings if f.policy == POLICY]
    assert f'sets "{registry}.auth" in plain text' in message
    assert B64_USER_PASS not in everything_shown(decision) and FAKE not in everything_shown(decision)


@pytest.mark.parametrize(
    "text",
    [
        '{"registry.trials.example": {"auth": "${REGISTRY_AUTH}", "email": "ci@trials.example"}}',
        '{"registry.trials.example": {"auth": ""}}',
        '{"redis": {"auth": "' + B64_USER_PASS + '"}}',  # no registry's name
        '{"lis.trials.example": {"auth": "oauth2"}}',  # a mechanism, no base64 of a pair
        '{"lis.trials.example": {"auth": "dG9rZW4="}}',  # base64 of no user:password
        '{"auth": "' + B64_USER_PASS + '"}',  # not under a registry
        '{"x": {"registry.trials.example": {"auth": "' + B64_USER_PASS + '"}}}',  # not at the top
    ],
)
def test_another_auth_in_json_is_harmless(text: str) -> None:
    assert configmap_messages("settings.json", text, FAKE) == []


# --- .netrc: account (since 1.25.556) -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, lines",
    [
        (f"machine ftp.lab.example login export account {FAKE}\n", [1]),
        (f"machine ftp.lab.example\n  login export\n  account\n  {FAKE}\n", [4]),
        (f"machine ftp.lab.example login export password ${{P}} account {FAKE}\n", [1]),
    ],
)
def test_a_netrc_account_is_reported_as_a_password(text: str, lines: list[int]) -> None:
    assert netrc_lines(text) == lines
    (message,) = configmap_messages(".netrc", text, FAKE)
    assert f"sets a password in plain text (line {lines[0]})" in message


@pytest.mark.parametrize(
    "text",
    [
        "machine ftp.lab.example login export account ${FTP_ACCOUNT}\n",
        "machine ftp.lab.example login anonymous account me@trials.example\n",
        "machine ftp.lab.example login account password ${P}\n",  # a user named account
    ],
)
def test_a_netrc_account_of_a_reference_is_harmless(text: str) -> None:
    assert netrc_lines(text) == []
    assert configmap_messages(".netrc", text, FAKE) == []


def test_a_script_writing_a_netrc_account_is_reported() -> None:
    script = f"cat > ~/.netrc <<EOF\nmachine ftp.lab.example\nlogin export\naccount {FAKE}\nEOF\n"
    decision = decide(configmap({"sync.sh": script}))
    assert [f for f in decision.findings if f.policy == POLICY] and FAKE not in everything_shown(decision)


# --- ~/.aws/credentials with empty values (since 1.25.572) -----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "[default]\naws_access_key_id =\naws_secret_access_key =\n",
        "[default]\naws_access_key_id = \naws_secret_access_key = \naws_session_token =\n\n[archive]\naws_secret_access_key =\n",
        "# filled in from the environment\n[default]\naws_secret_access_key=\n",
    ],
)
def test_an_aws_credentials_file_of_empty_values_is_harmless(text: str) -> None:
    assert settings_in_a_credentials_file("credentials", text)
    assert configmap_messages("credentials", text, FAKE) == []


def test_a_secret_key_beside_empty_profiles_is_reported_once_by_its_line() -> None:
    text = f"[default]\naws_access_key_id =\naws_secret_access_key =\n\n[archive]\naws_secret_access_key = {FAKE}\n"
    (message,) = configmap_messages("credentials", text, FAKE)
    assert 'sets "aws_secret_access_key" in plain text (line 6)' in message


@pytest.mark.parametrize("text", ["dGVzdDE=\n", "aws_secret_access_key =\n", "[default]\n", FAKE])
def test_a_credentials_key_of_no_settings_file_is_still_judged_by_its_name(text: str) -> None:
    assert not settings_in_a_credentials_file("credentials", text)
    (message,) = configmap_messages("credentials", text, FAKE)
    assert 'key "credentials" looks like a secret' in message


# --- RubyGems' ~/.gem/credentials (since 1.25.573) -------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "---\n:rubygems_api_key: ${GEM_HOST_API_KEY}\n",
        "---\n:rubygems_api_key:\n",
        "---\n:rubygems_api_key: ''\n:github: ~\n",
        "# written at start\n:rubygems_api_key: $GEM_HOST_API_KEY\n",
    ],
)
def test_a_rubygems_credentials_file_of_references_or_empty_keys_is_harmless(text: str) -> None:
    assert rubygems_credentials_lines("credentials", text) == []
    assert configmap_messages("credentials", text, FAKE) == []
    assert configmap_messages("gem-credentials", text, FAKE) == []


@pytest.mark.parametrize(
    "text, line, name",
    [
        (f"---\n:rubygems_api_key: ${{GEM_HOST_API_KEY}}\n:internal: {FAKE}\n", 3, "internal"),  # any symbol's value is a key
        (f":rubygems_api_key: '{FAKE}'\n", 1, "rubygems_api_key"),
    ],
)
def test_a_literal_api_key_in_a_rubygems_credentials_file_is_reported_once_by_its_line(text: str, line: int, name: str) -> None:
    assert rubygems_credentials_lines("credentials", text) == [(line, name)]
    (message,) = configmap_messages("credentials", text, FAKE)
    assert f'sets "{name}" in plain text (line {line})' in message


@pytest.mark.parametrize(
    "text",
    [f"---\nhttps://gems.trials.example: {FAKE}\n", f"{FAKE}\n", f"---\n:rubygems_api_key: ${{K}}\nhttps://gems.trials.example: {FAKE}\n"],
)
def test_a_credentials_key_of_another_shape_is_still_judged_by_its_name(text: str) -> None:
    assert rubygems_credentials_lines("credentials", text) is None
    (message,) = configmap_messages("credentials", text, FAKE)
    assert 'key "credentials" looks like a secret' in message


# --- ~/.git-credentials (since 1.25.574) -------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "https://user@github.com\n",
        "https://trials-ci@github.com\nhttps://trials-ci@gitlab.trials.example/analysis\n",
        "https://ci:${GIT_TOKEN}@github.com\n",
        "# the tokens come from a helper\nhttps://ci:@github.com\n\nhttps://first.last%40trials.example@dev.azure.com/org\n",
    ],
)
def test_a_git_credentials_file_without_passwords_is_harmless(text: str) -> None:
    assert git_credentials_lines(text) == []
    assert configmap_messages(".git-credentials", text, FAKE) == []
    assert configmap_messages("git-credentials", text, FAKE) == []


@pytest.mark.parametrize(
    "text, fragment",
    [
        (f"https://ci@github.com\nhttps://ci:{FAKE}@gitlab.trials.example\n", "holds a URL with a password (user:password@host) in plain text (line 2)"),
        ("https://ci@github.com\nhttps://FAKEnotarealtoken12345678@github.com\n", "sets a password in plain text (line 2)"),  # a token as the user
    ],
)
def test_a_git_credentials_line_with_a_secret_is_reported_once_by_its_line(text: str, fragment: str) -> None:
    secret = FAKE if FAKE in text else "FAKEnotarealtoken12345678"
    (message,) = configmap_messages(".git-credentials", text, secret)
    assert fragment in message, message


@pytest.mark.parametrize("text", [f"{FAKE}\n", "user@github.com\n", f"https://ci:{FAKE}@x@github.com\n"])
def test_a_git_credentials_key_of_no_urls_is_still_judged_by_its_name(text: str) -> None:
    assert git_credentials_lines(text) is None
    (message,) = configmap_messages(".git-credentials", text, FAKE)
    assert 'key ".git-credentials"' in message


# --- an MSAL token cache's metadata (since 1.25.575) -------------------------------------------------

MSAL_KEY = "uid.utid-login.microsoftonline.com-accesstoken-04b07795-8ddb-461a-bbee-02f9e1bf7b46-organizations-https://management.core.windows.net//.default"
MSAL_METADATA = (
    '"home_account_id": "uid.utid", "environment": "login.microsoftonline.com", "credential_type": "AccessToken", '
    '"client_id": "04b07795-8ddb-461a-bbee-02f9e1bf7b46", "realm": "organizations", "target": "https://management.core.windows.net//.default", '
    '"cached_at": "1700000000", "expires_on": "1700003600", "extended_expires_on": "1700003600", "refresh_on": "1700002000"'
)


def test_an_msal_access_token_is_reported_once_without_its_metadata() -> None:
    text = '{"AccessToken": {"' + MSAL_KEY + '": {' + MSAL_METADATA + ', "secret": "' + FAKE + '"}}}'
    (message,) = configmap_messages("msal_token_cache.json", text, FAKE)
    assert 'sets "AccessToken.*.secret" in plain text' in message


def test_an_msal_entry_of_metadata_only_is_harmless() -> None:
    text = '{"AccessToken": {"' + MSAL_KEY + '": {' + MSAL_METADATA + ', "secret": ""}}}'
    assert configmap_messages("msal_token_cache.json", text, FAKE) == []


@pytest.mark.parametrize("key", ["environment", "target", "realm", "credentialType", "cached_at", "expiresOn", "extended_expires_on"])
def test_metadata_under_a_sensitive_parent_describes_it(key: str) -> None:
    assert describes_its_parent(key)


@pytest.mark.parametrize("key", ["master", "key", "value", "secret", "data"])
def test_other_keys_under_a_sensitive_parent_are_judged_with_it(key: str) -> None:
    assert not describes_its_parent(key)
    text = '{"tokens": {"' + key + '": "' + FAKE + '"}}'
    assert len(configmap_messages("settings.json", text, FAKE)) == 1


@pytest.mark.parametrize("key", ["at", "on", "turned_on", "environments", "target_key"])
def test_a_time_or_metadata_word_alone_or_elsewhere_in_a_name_does_not_describe(key: str) -> None:
    assert not describes_its_parent(key)
