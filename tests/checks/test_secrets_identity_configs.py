"""disallow-plaintext-secrets on identity, access and directory services' config files as their
projects document them, kept in ConfigMaps (a sweep of realistic files): Keycloak's realm export and
``keycloak.conf``, Dex's ``config.yaml``, oauth2-proxy's ``oauth2-proxy.cfg``, Authelia's
``configuration.yml`` and ``users_database.yml``, OpenLDAP's ``slapd.conf`` and ``cn=config`` LDIF,
SSSD's ``sssd.conf``, nslcd's ``nslcd.conf``, Kerberos' ``krb5.conf`` and ``kdc.conf``, Vault Agent's
HCL, Pomerium's, Teleport's ``teleport.yaml``, Shibboleth's ``idp.properties`` and Apereo CAS's
``cas.properties``. A secret in plain text is reported; a reference, a hash, a ciphertext or a file
path is not. The values are obviously fake."""

from __future__ import annotations

import json

import pytest
from check_helpers import FAKE, compliant, configmap, configmap_messages, decide, pod, reported_once, script_pod

SSHA = "{SSHA}hYnLs1e3OKLHsl+lQ0U91ZxmDhJnDhLD"
"""What ``slappasswd`` prints: ``{SSHA}``, then base64 of a SHA-1 digest and a 4-byte salt."""
ARGON2 = "$argon2id$v=19$m=65536,t=3,p=4$BpLnfgDsc2WD8F2q$o/vzA4myCqZZ36bUGsDY//8mKUYNZZaR0t4MFFSs+iM"
PBKDF2 = (
    "$pbkdf2-sha512$310000$c8p78n7pUMln0jzvd4aK4Q$JNRBzwAo0ek5qKn50cFzzvE9RXV88h1wJn5KGiHrD0YKtZaR/nCb2CJPOsKaPK0hjf.9yHxzQGZziziccp6Yng"
)
"""Authelia's documented example of a hashed OpenID Connect client secret: PBKDF2 in PHC form."""
BCRYPT = "$2a$10$2b2cU8CPhOTaGrs1HRQuAueS7JTT5ZHsHSzYiFPm1leZck7Mc8T4W"
CAS_CIPHER = "{cas-cipher}mMcg02NysblAcwYI+bFRpEcHBQaVQ51J"
"""What Apereo CAS's shell prints for ``encrypt-value``: ``{cas-cipher}``, then Jasypt's ciphertext in base64."""


def _lines(key: str, text: str) -> list[str]:
    return [m.split(" Fix:")[0].split(f'key "{key}" ', 1)[1] for m in configmap_messages(key, text, FAKE)]


REALM_EXPORT = json.dumps(
    {
        "realm": "trials",
        "enabled": True,
        "smtpServer": {"host": "smtp.example.org", "port": "587", "auth": "true", "user": "noreply", "password": FAKE},
        "clients": [{"clientId": "portal", "secret": FAKE, "clientAuthenticatorType": "client-secret"}],
        "identityProviders": [{"alias": "azure", "providerId": "oidc", "config": {"clientId": "abc", "clientSecret": FAKE}}],
        "users": [{"username": "alice", "credentials": [{"type": "password", "value": FAKE, "temporary": False}]}],
    },
    indent=2,
)
REALM_EXPORT_SAFE = json.dumps(
    {
        "realm": "trials",
        "smtpServer": {"host": "smtp.example.org", "password": "${SMTP_PASSWORD}"},
        "clients": [
            {"clientId": "portal", "secret": "**********", "clientAuthenticatorType": "client-secret"},
            {"clientId": "reports", "secret": "${vault.reports_secret}"},
        ],
        "identityProviders": [{"alias": "azure", "config": {"clientId": "abc", "clientSecret": "${vault.azure_secret}"}}],
        "users": [
            {
                "username": "alice",
                "credentials": [
                    {
                        "type": "password",
                        "secretData": '{"value":"pX1kzXq2S3bJ0w9F5pUe8x3yqz4Yc6Yq0nH1m2b3c4d=","salt":"c2FsdHNhbHRzYWx0c2FsdA=="}',
                        "credentialData": '{"hashIterations":27500,"algorithm":"pbkdf2-sha256"}',
                    }
                ],
            }
        ],
    },
    indent=2,
)

# --- what is reported ----------------------------------------------------------------------------

REPORTED = [
    (
        "realm-export.json",
        REALM_EXPORT,
        [
            'sets "smtpServer.password" in plain text (line 9)',
            'sets "clients[0].secret" in plain text (line 14)',
            'sets "identityProviders[0].config.clientSecret" in plain text (line 24)',
            'sets "users[0].credentials[0].value" in plain text (line 34)',
        ],
    ),
    (
        "keycloak.conf",
        f"db=postgres\ndb-username=keycloak\ndb-password={FAKE}\nhttps-key-store-file=/opt/keycloak/conf/server.keystore\n"
        f"https-key-store-password={FAKE}\nhostname=sso.example.org\n",
        ['sets "db-password" in plain text (line 3)', 'sets "https-key-store-password" in plain text (line 5)'],
    ),
    (
        "config.yaml",
        f"issuer: https://dex.example.org\nstorage:\n  type: postgres\n  config:\n    host: db\n    user: dex\n    password: {FAKE}\n"
        f"staticClients:\n- id: portal\n  redirectURIs: ['https://portal/callback']\n  name: Portal\n  secret: {FAKE}\n"
        f"connectors:\n- type: ldap\n  id: ldap\n  config:\n    host: ldap.example.org:636\n    bindDN: cn=dex,dc=example,dc=org\n"
        f"    bindPW: {FAKE}\n- type: github\n  id: github\n  config:\n    clientID: abc\n    clientSecret: {FAKE}\n",
        [
            'sets "password" in plain text (line 7)',
            'sets "secret" in plain text (line 12)',
            'sets "bindPW" in plain text (line 19)',
            'sets "clientSecret" in plain text (line 24)',
        ],
    ),
    (
        "oauth2-proxy.cfg",
        f'provider = "oidc"\nclient_id = "portal"\nclient_secret = "{FAKE}"\ncookie_secret = "{FAKE}"\nemail_domains = ["*"]\n',
        ['sets "client_secret" in plain text (line 3)', 'sets "cookie_secret" in plain text (line 4)'],
    ),
    (
        "configuration.yml",
        f"jwt_secret: '{FAKE}'\nauthentication_backend:\n  ldap:\n    address: 'ldaps://ldap.example.org'\n"
        f"    user: 'cn=authelia,dc=example,dc=org'\n    password: '{FAKE}'\nsession:\n  secret: '{FAKE}'\n"
        f"storage:\n  encryption_key: '{FAKE}'\nidentity_providers:\n  oidc:\n    hmac_secret: '{FAKE}'\n"
        f"    clients:\n      - client_id: portal\n        client_secret: '{FAKE}'\n",
        [
            'sets "jwt_secret" in plain text (line 1)',
            'sets "password" in plain text (line 6)',
            'sets "secret" in plain text (line 8)',
            'sets "encryption_key" in plain text (line 10)',
            'sets "hmac_secret" in plain text (line 13)',
            'sets "client_secret" in plain text (line 16)',
        ],
    ),
    (
        "configuration.yml",
        f"identity_providers:\n  oidc:\n    clients:\n      - client_id: a\n"
        f"        client_secret: '$pbkdf2-sha512$310000$c8p78n7pUMln0jzvd4aK4Q${FAKE}'\n"
        f"      - client_id: b\n        client_secret: '$plaintext${FAKE}'\n",
        ['sets "client_secret" in plain text (line 5)', 'sets "client_secret" in plain text (line 7)'],
    ),
    (
        "users_database.yml",
        f"users:\n  alice:\n    displayname: 'Alice'\n    password: '{FAKE}'\n    email: alice@example.org\n",
        ['sets "password" in plain text (line 4)'],
    ),
    (
        "slapd.conf",
        f'database mdb\nsuffix "dc=example,dc=org"\nrootdn "cn=Manager,dc=example,dc=org"\nrootpw {FAKE}\n',
        ['sets "rootpw" in plain text (line 4)'],
    ),
    (
        "config.ldif",
        f"dn: olcDatabase={{1}}mdb,cn=config\nobjectClass: olcMdbConfig\nolcSuffix: dc=example,dc=org\n"
        f"olcRootDN: cn=admin,dc=example,dc=org\nolcRootPW: {FAKE}\n",
        ['sets "olcRootPW" in plain text (line 5)'],
    ),
    (
        "sssd.conf",
        f"[domain/example.org]\nid_provider = ldap\nldap_uri = ldaps://ldap.example.org\n"
        f"ldap_default_bind_dn = cn=sssd,dc=example,dc=org\nldap_default_authtok_type = password\nldap_default_authtok = {FAKE}\n",
        ['sets "ldap_default_authtok" in plain text (line 6)'],
    ),
    (
        "sssd.conf",
        f"[domain/example.org]\nauth_provider = krb5\nkrb5_kpasswd = kdc1.example.org\n"
        f"ldap_default_bind_dn = cn=sssd,dc=example,dc=org\nldap_default_authtok = {FAKE}\n",
        ['sets "ldap_default_authtok" in plain text (line 5)'],
    ),
    (
        "nslcd.conf",
        f"uid nslcd\ngid ldap\nuri ldaps://ldap.example.org/\nbase dc=example,dc=org\nbinddn cn=nslcd,dc=example,dc=org\nbindpw {FAKE}\n"
        f"rootpwmoddn cn=admin,dc=example,dc=org\nrootpwmodpw {FAKE}\n",
        ['sets "bindpw" in plain text (line 6)', 'sets "rootpwmodpw" in plain text (line 8)'],
    ),
    (
        "agent.hcl",
        f'vault {{\n  address = "https://vault.example.org:8200"\n  token = "{FAKE}"\n}}\n',
        ['sets "token" in plain text (line 3)'],
    ),
    (
        "config.yaml",
        f"authenticate_service_url: https://authenticate.example.org\nidp_provider: oidc\nidp_client_id: pomerium\n"
        f"idp_client_secret: {FAKE}\nshared_secret: {FAKE}\ncookie_secret: {FAKE}\n",
        [
            'sets "idp_client_secret" in plain text (line 4)',
            'sets "shared_secret" in plain text (line 5)',
            'sets "cookie_secret" in plain text (line 6)',
        ],
    ),
    (
        "teleport.yaml",
        f"version: v2\nteleport:\n  nodename: node-1\n  auth_token: {FAKE}\n  auth_servers:\n    - teleport.example.org:3025\n",
        ['sets "auth_token" in plain text (line 4)'],
    ),
    (
        "teleport.yaml",
        f"version: v3\nteleport:\n  nodename: auth-1\nauth_service:\n  enabled: true\n  cluster_name: trials.example.org\n"
        f'  tokens:\n  - "proxy,node:{FAKE}"\n  - "trusted_cluster:{FAKE}"\n  - /var/lib/teleport/tokens/app\n',
        ['sets "tokens" in plain text (line 8)', 'sets "tokens" in plain text (line 9)'],
    ),
    (
        "idp.properties",
        f"idp.entityID= https://idp.example.org/idp/shibboleth\nidp.sealer.storeResource= %{{idp.home}}/credentials/sealer.jks\n"
        f"idp.sealer.storePassword= {FAKE}\nidp.persistentId.salt= {FAKE}\n",
        ['sets "idp.sealer.storePassword" in plain text (line 3)', 'sets "idp.persistentId.salt" in plain text (line 4)'],
    ),
    (
        "cas.properties",
        f"cas.server.name=https://cas.example.org:8443\ncas.authn.ldap[0].bind-dn=cn=cas,dc=example,dc=org\n"
        f"cas.authn.ldap[0].bind-credential={FAKE}\ncas.authn.jdbc.query[0].password={FAKE}\ncas.tgc.crypto.encryption.key={FAKE}\n",
        [
            'sets "cas.authn.ldap[0].bind-credential" in plain text (line 3)',
            'sets "cas.authn.jdbc.query[0].password" in plain text (line 4)',
            'sets "cas.tgc.crypto.encryption.key" in plain text (line 5)',
        ],
    ),
    (
        "application.properties",
        f"cas.server.name=https://cas.example.org:8443\ncas.authn.accept.enabled=true\n"
        f"cas.authn.accept.users=casuser::{FAKE},auditor::{FAKE}\ncas.authn.accept.name=Static Credentials\n",
        ['sets "cas.authn.accept.users" in plain text (line 3)'],
    ),
]


@pytest.mark.parametrize(("key", "text", "expected"), REPORTED, ids=[f"{i}-{r[0]}" for i, r in enumerate(REPORTED)])
def test_a_secret_in_plain_text_is_reported(key: str, text: str, expected: list[str]) -> None:
    assert _lines(key, text) == [f"{line}." for line in expected]


# --- what is harmless --------------------------------------------------------------------------

HARMLESS = [
    ("realm-export.json", REALM_EXPORT_SAFE),
    (
        "keycloak.conf",
        "db=postgres\ndb-username=keycloak\ndb-password=${KC_DB_PASSWORD}\nhttps-key-store-file=/opt/keycloak/conf/server.keystore\n"
        "https-key-store-password=${vault.keystore_pw}\nhostname=sso.example.org\nhealth-enabled=true\n",
    ),
    (
        "config.yaml",
        "issuer: https://dex.example.org\nstorage:\n  type: postgres\n  config:\n    host: db\n    password: $DEX_DB_PASSWORD\n"
        "staticClients:\n- id: portal\n  name: Portal\n  secretEnv: PORTAL_CLIENT_SECRET\n"
        "connectors:\n- type: ldap\n  id: ldap\n  config:\n    bindDN: cn=dex,dc=example,dc=org\n    bindPW: $LDAP_BIND_PW\n"
        "- type: github\n  id: github\n  config:\n    clientID: $GITHUB_CLIENT_ID\n    clientSecret: $GITHUB_CLIENT_SECRET\n"
        f"enablePasswordDB: true\nstaticPasswords:\n- email: admin@example.org\n  hash: \"{BCRYPT}\"\n  username: admin\n",
    ),
    (
        "oauth2-proxy.cfg",
        'provider = "oidc"\nclient_id = "portal"\nclient_secret_file = "/etc/oauth2-proxy/client-secret"\ncookie_secure = true\n'
        'cookie_name = "_oauth2_proxy"\nemail_domains = ["*"]\n',
    ),
    (
        "configuration.yml",
        "authentication_backend:\n  file:\n    path: /config/users_database.yml\n    password:\n      algorithm: argon2\n"
        "  ldap:\n    user: 'cn=authelia,dc=example,dc=org'\n    password: '{{ secret \"/config/secrets/ldap\" }}'\n"
        "session:\n  secret: '{{ env \"SESSION_SECRET\" }}'\npassword_policy:\n  standard:\n    enabled: true\n    min_length: 8\n",
    ),
    (
        "configuration.yml",
        f"identity_providers:\n  oidc:\n    clients:\n      - client_id: portal\n        client_secret: '{PBKDF2}'\n"
        "        authorization_policy: two_factor\n",
    ),
    ("app.ini", "[auth]\npassword = $pbkdf2-sha256$29000$N2YuJYSQMoZwzvmfE6JUqg$KJ9ZDFjyeIAV9nqHOOEYYO0KVWKOuhRxjDkgwDXGIo0\n"),
    ("users_database.yml", f"users:\n  alice:\n    displayname: 'Alice'\n    password: '{ARGON2}'\n    email: alice@example.org\n"),
    ("slapd.conf", f'database mdb\nsuffix "dc=example,dc=org"\nrootdn "cn=Manager,dc=example,dc=org"\nrootpw {SSHA}\npassword-hash {{SSHA}}\n'),
    (
        "config.ldif",
        f"dn: olcDatabase={{1}}mdb,cn=config\nolcRootDN: cn=admin,dc=example,dc=org\nolcRootPW: {SSHA}\n"
        "olcAccess: {0}to attrs=userPassword by self write by anonymous auth by * none\n",
    ),
    (
        "sssd.conf",
        "[domain/example.org]\nid_provider = ipa\nipa_domain = example.org\nipa_server = _srv_, ipa.example.org\n"
        "krb5_store_password_if_offline = True\ncache_credentials = True\nldap_tls_cacert = /etc/ipa/ca.crt\n",
    ),
    (
        "krb5.conf",
        "[libdefaults]\n  default_realm = EXAMPLE.ORG\n  dns_lookup_kdc = true\n  default_ccache_name = KEYRING:persistent:%{uid}\n"
        "  default_keytab_name = FILE:/etc/krb5.keytab\n[realms]\n  EXAMPLE.ORG = {\n    kdc = ipa.example.org:88\n"
        "    admin_server = ipa.example.org:749\n    kpasswd_server = ipa.example.org:464\n"
        "    pkinit_anchors = FILE:/var/lib/ipa-client/pki/kdc-ca-bundle.pem\n  }\n[domain_realm]\n  .example.org = EXAMPLE.ORG\n",
    ),
    (
        "kdc.conf",
        "[kdcdefaults]\n  kdc_ports = 88\n  kpasswd_port = 464\n  kpasswd_listen = 0.0.0.0:464\n[realms]\n  EXAMPLE.ORG = {\n"
        "    master_key_type = aes256-cts\n    admin_keytab = /var/kerberos/krb5kdc/kadm5.keytab\n"
        "    key_stash_file = /var/kerberos/krb5kdc/.k5.EXAMPLE.ORG\n    password_lockout_attempts = 5\n  }\n"
        "[dbmodules]\n  openldap_ldapconf = {\n    ldap_service_password_file = /var/kerberos/krb5kdc/service.keyfile\n  }\n",
    ),
    (
        "sssd.conf",
        "[domain/example.org]\nauth_provider = krb5\nchpass_provider = krb5\nkrb5_server = kdc1.example.org\n"
        "krb5_kpasswd = kdc1.example.org\nkrb5_backup_kpasswd = kdc2.example.org\nkrb5_realm = EXAMPLE.ORG\n",
    ),
    (
        "nslcd.conf",
        "uid nslcd\ngid ldap\nuri ldaps://ldap.example.org/\nbinddn cn=nslcd,dc=example,dc=org\nbindpw\n"
        "rootpwmoddn cn=admin,dc=example,dc=org\nssl on\n",
    ),
    (
        "agent.hcl",
        'auto_auth {\n  method "approle" {\n    mount_path = "auth/approle"\n    config = {\n      role_id_file_path = "/etc/vault/role-id"\n'
        '      secret_id_file_path = "/etc/vault/secret-id"\n      remove_secret_id_file_after_reading = false\n    }\n  }\n'
        '  sink "file" {\n    config = {\n      path = "/home/vault/.vault-token"\n    }\n  }\n}\ncache {\n  use_auto_auth_token = true\n}\n',
    ),
    (
        "config.yaml",
        "authenticate_service_url: https://authenticate.example.org\nidp_client_id: pomerium\n"
        "idp_client_secret_file: /run/secrets/idp_client_secret\nshared_secret_file: /run/secrets/shared_secret\n"
        "cookie_secret_file: /run/secrets/cookie_secret\ncookie_expire: 14h\n",
    ),
    (
        "teleport.yaml",
        "version: v3\nteleport:\n  nodename: node-1\n  join_params:\n    token_name: kube-join-token\n    method: kubernetes\n"
        "  proxy_server: teleport.example.org:443\n",
    ),
    ("teleport.yaml", "version: v2\nteleport:\n  auth_token: /var/lib/teleport/token\n  auth_servers:\n    - teleport.example.org:3025\n"),
    (
        "teleport.yaml",
        "version: v3\nauth_service:\n  enabled: true\n  tokens:\n  - \"proxy,node:/var/lib/teleport/tokens/proxy-node\"\n"
        "  - 'trusted_cluster:/var/lib/teleport/tokens/trusted'\n  - /var/lib/teleport/tokens/app\n"
        "  authentication:\n    second_factors: [webauthn, otp]\n",
    ),
    (
        "idp.properties",
        "idp.sealer.storeResource= %{idp.home}/credentials/sealer.jks\nidp.sealer.storePassword= %{idp.sealer.password}\n"
        "idp.authn.LDAP.bindDNCredential= %{idp.attribute.resolver.LDAP.bindDNCredential:undefined}\n"
        "idp.persistentId.salt= %{idp.persistentId.salt:undefined}\nidp.persistentId.algorithm = SHA\n",
    ),
    (
        "cas.properties",
        "cas.server.name=https://cas.example.org:8443\ncas.authn.ldap[0].type=AUTHENTICATED\n"
        "cas.authn.ldap[0].bind-dn=cn=cas,dc=example,dc=org\ncas.authn.ldap[0].bind-credential=${LDAP_BIND_CREDENTIAL}\n"
        "cas.authn.ldap[0].password-encoder.type=NONE\ncas.authn.jdbc.query[0].password=${JDBC_PASSWORD}\n",
    ),
    (
        "cas.properties",
        "cas.server.name=https://cas.example.org:8443\ncas.authn.accept.enabled=false\ncas.authn.accept.users=\n"
        "cas.authn.accept.password-encoder.type=NONE\ncas.authn.accept.name=Static Credentials\n",
    ),
    (
        "cas.properties",
        f"cas.standalone.configuration-security.alg=PBEWithMD5AndTripleDES\ncas.authn.ldap[0].bind-credential={CAS_CIPHER}\n"
        f"cas.authn.accept.users={CAS_CIPHER}\ncas.tgc.crypto.encryption.key={CAS_CIPHER}\n",
    ),
]


@pytest.mark.parametrize(("key", "text"), HARMLESS, ids=[f"{i}-{h[0]}" for i, h in enumerate(HARMLESS)])
def test_references_hashes_and_paths_are_harmless(key: str, text: str) -> None:
    assert _lines(key, text) == []


def test_long_indexed_keys_and_hash_prefixes_are_read_in_linear_time() -> None:
    """A 64 KiB key of list indexes, with or without a value after it, and a 64 KiB PBKDF2 hash's
    salt with no digest after it, are read in one pass."""
    import time

    texts = ("a[0]" * 16384 + "\n", "a[0]" * 16384 + f"b.password={FAKE}\n", "a[0" * 21845 + "\n")
    for text in (*texts, "password = $pbkdf2-sha512$1$" + "a" * 65536 + "\n", "password = " + "$pbkdf2$1$a$" * 5461 + "\n"):
        started = time.perf_counter()
        messages = configmap_messages("app.properties", text, FAKE)
        assert time.perf_counter() - started < 2.0
        assert len(messages) == (1 if "password" in text else 0)


# --- Teleport's static tokens (1.25.551) ---------------------------------------------------------


@pytest.mark.parametrize(
    "item",
    [f'"proxy,node:{FAKE}"', f"'Node:{FAKE}'", f"proxy, node:{FAKE}", f"trusted_cluster:{FAKE}", f'"node:{FAKE}"  # join', FAKE],
)
def test_a_teleport_static_token_is_reported_once(item: str) -> None:
    """An item of ``auth_service:`` / ``tokens:`` written ``roles:token`` (the roles Teleport's, in any
    case, apart by commas), or a token alone there, sets the token in plain text."""
    text = f"auth_service:\n  enabled: true\n  tokens:\n  - {item}\nssh_service:\n  enabled: true\n"
    finding = reported_once(configmap({"teleport.yaml": text}), "disallow-plaintext-secrets", 'sets "tokens" in plain text (line 4)')
    assert FAKE not in finding.message


@pytest.mark.parametrize(
    "item",
    [
        '"proxy,node:/var/lib/teleport/tokens/proxy-node"',
        "'node:/run/secrets/teleport-token'",
        "node:${NODE_TOKEN}",
        "/var/lib/teleport/token",
        "$TELEPORT_TOKEN",
        "name: node-token",
    ],
)
def test_a_teleport_static_token_read_from_a_file_or_a_reference_is_harmless(item: str) -> None:
    """The harmless twins: ``roles:/path/to/file`` (Teleport reads the token from the file), a
    reference, a path alone, and a mapping as an item."""
    text = f"auth_service:\n  enabled: true\n  tokens:\n  - {item}\nssh_service:\n  enabled: true\n"
    assert configmap_messages("teleport.yaml", text, FAKE) == []


@pytest.mark.parametrize(
    "text",
    [
        f"grammar:\n  tokens:\n  - IDENT\n  - NUMBER\n  - {FAKE}\n",  # a token alone outside auth_service: a name
        f"lexer:\n  tokens:\n  - keyword:{FAKE}\n",  # no Teleport role
        f"auth_service:\n  passwords:\n  - proxy:{FAKE}\n",  # another key
        f"auth_service:\n  tokens: []\n  cluster_name:\n  - node:{FAKE}\n",
    ],
)
def test_a_list_that_is_no_teleport_static_token_is_read_as_before(text: str) -> None:
    """Lists of names under a key other than ``tokens``, a ``tokens`` list outside ``auth_service``
    whose items name no Teleport role, stay unjudged."""
    assert configmap_messages("config.yaml", text, FAKE) == []


def test_a_long_list_of_teleport_tokens_is_read_in_linear_time() -> None:
    """64 KiB of items under ``tokens:``, and one item of 64 KiB of roles, read in one pass."""
    import time

    for text in (
        "auth_service:\n  tokens:\n" + "  - node:/var/t\n" * 4369,
        "auth_service:\n  tokens:\n  - " + "node," * 13107 + "node:/var/lib/t\n",
        "auth_service:\n  tokens:\n  - " + "node," * 13107 + f"proxy:{FAKE}\n",
    ):
        started = time.perf_counter()
        messages = configmap_messages("teleport.yaml", text, FAKE)
        assert time.perf_counter() - started < 2.0
        assert len(messages) == (1 if FAKE in text else 0)


# --- Apereo CAS's static users (1.25.552) --------------------------------------------------------


@pytest.mark.parametrize(
    "users",
    [f"casuser::{FAKE}", f"casuser::{FAKE},auditor::{FAKE}", f"casuser::${{CASUSER_PASSWORD}}, auditor::{FAKE}", f"casuser::{FAKE}  "],
)
@pytest.mark.parametrize("key", ["cas.properties", "application.properties"])
def test_cas_static_users_are_reported_once(key: str, users: str) -> None:
    """``cas.authn.accept.users`` holds each static user's password after ``::``: one literal among
    them sets a password in plain text, reported once for the line."""
    text = f"cas.server.name=https://cas.example.org:8443\ncas.authn.accept.users={users}\ncas.authn.accept.name=Static\n"
    finding = reported_once(configmap({key: text}), "disallow-plaintext-secrets", 'sets "cas.authn.accept.users" in plain text (line 2)')
    assert FAKE not in finding.message


@pytest.mark.parametrize(
    "users",
    ["", "${CAS_USERS}", "casuser::${CASUSER_PASSWORD}", f"casuser::{BCRYPT}", "casuser", "@CAS_USERS@", "casuser::${A},auditor::${B}"],
)
def test_cas_static_users_without_a_literal_password_are_harmless(users: str) -> None:
    """The harmless twins: no users, a reference to them all, a reference or a hash as each password,
    a name with no password."""
    text = f"cas.server.name=https://cas.example.org:8443\ncas.authn.accept.users={users}\n"
    assert configmap_messages("cas.properties", text, FAKE) == []


def test_cas_static_users_from_the_environment_are_judged_alike() -> None:
    """``CAS_AUTHN_ACCEPT_USERS`` (Spring Boot's binding of the same setting) as a pod's env var, a
    ``.env`` line and a script's ``export``; a reference there is none."""
    literal = [{"name": "CAS_AUTHN_ACCEPT_USERS", "value": f"casuser::{FAKE}"}]
    finding = reported_once(pod([compliant(env=literal)]), "disallow-plaintext-secrets", "CAS_AUTHN_ACCEPT_USERS")
    assert "user::password pair in plain text" in finding.message
    reported_once(configmap({"cas.env": f"CAS_AUTHN_ACCEPT_USERS=casuser::{FAKE}\n"}), "disallow-plaintext-secrets", "CAS_AUTHN_ACCEPT_USERS")
    reported_once(script_pod(f"export CAS_AUTHN_ACCEPT_USERS=casuser::{FAKE}\nexec java -jar cas.war\n"), "disallow-plaintext-secrets", "CAS_AUTHN_ACCEPT_USERS")
    reference = [{"name": "CAS_AUTHN_ACCEPT_USERS", "value": "casuser::$(CASUSER_PASSWORD)"}]
    assert [f for f in decide(pod([compliant(env=reference)])).findings if f.policy == "disallow-plaintext-secrets"] == []
    assert configmap_messages("cas.env", "CAS_AUTHN_ACCEPT_USERS=casuser::${CASUSER_PASSWORD}\n", FAKE) == []


# --- Apereo CAS's {cas-cipher} ciphertexts (1.25.553) ---------------------------------------------


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("cas.properties", f"cas.authn.ldap[0].bind-credential={CAS_CIPHER}\n"),
        ("cas.properties", "cas.authn.jdbc.query[0].password={cas-cipher}FKSAJDFGYOS8F7GLHAKERGFHLSAJ\n"),
        ("application.yml", f"cas:\n  authn:\n    ldap:\n    - bind-credential: '{CAS_CIPHER}'\n"),
        ("cas.env", f"CAS_AUTHN_LDAP_0_BIND_CREDENTIAL={CAS_CIPHER}\n"),
    ],
)
def test_a_cas_cipher_value_is_harmless(key: str, text: str) -> None:
    """``{cas-cipher}`` then base64 is a ciphertext CAS decrypts at start with a key kept elsewhere,
    as Jasypt's ``ENC(...)`` is."""
    assert configmap_messages(key, text, FAKE) == []


@pytest.mark.parametrize("value", [f"{{cas-cipher}}{FAKE}", f"{CAS_CIPHER}{FAKE}", f"{{cas-cipher}} {FAKE}", f"{{CAS-CIPHER}}{FAKE}"])
def test_the_cas_cipher_marker_before_plain_text_is_reported_once(value: str) -> None:
    """The harmless twins' counterparts: the marker before text that is no base64, or a ciphertext with
    text glued after it, is a password in plain text."""
    text = f"cas.server.name=https://cas.example.org:8443\ncas.authn.ldap[0].bind-credential={value}\n"
    finding = reported_once(
        configmap({"cas.properties": text}), "disallow-plaintext-secrets", 'sets "cas.authn.ldap[0].bind-credential" in plain text (line 2)'
    )
    assert FAKE not in finding.message


def test_a_cas_cipher_value_in_an_env_var_is_harmless_and_a_literal_is_reported() -> None:
    cipher = [{"name": "CAS_AUTHN_LDAP_0_BIND_CREDENTIAL", "value": CAS_CIPHER}]
    assert [f for f in decide(pod([compliant(env=cipher)])).findings if f.policy == "disallow-plaintext-secrets"] == []
    literal = [{"name": "CAS_AUTHN_LDAP_0_BIND_CREDENTIAL", "value": f"{{cas-cipher}}{FAKE}"}]
    reported_once(pod([compliant(env=literal)]), "disallow-plaintext-secrets", "CAS_AUTHN_LDAP_0_BIND_CREDENTIAL")


def test_a_long_cas_cipher_value_is_read_in_linear_time() -> None:
    """64 KiB of base64 after ``{cas-cipher}``, with and without a character that is none at its end."""
    import time

    for tail, reported in (("", 0), ("QQ==", 0), ("=", 1), ("-", 1), ("!x", 1)):
        started = time.perf_counter()
        messages = configmap_messages("cas.properties", "cas.authn.ldap[0].bind-credential={cas-cipher}" + "QUJD" * 16384 + tail + "\n", FAKE)
        assert time.perf_counter() - started < 2.0
        assert len(messages) == reported
