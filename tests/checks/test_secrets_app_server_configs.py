"""disallow-plaintext-secrets on Java application servers' and proxies' config files as their projects
document them, kept in ConfigMaps (a sweep of realistic files): Tomcat's ``tomcat-users.xml``,
``server.xml`` and ``context.xml``; WildFly's ``standalone.xml``; Jetty's ``jetty-ssl-context.xml``
and ``ssl.ini``; WebLogic's ``boot.properties``; Open Liberty's ``server.xml``; HAProxy, nginx,
Traefik, Envoy, Squid and Varnish. A password in plain text, or only obfuscated (Liberty's
``{xor}``, Jetty's ``OBF:``), is reported; a reference, a hash, an encrypted value or a file path
is not. The values are obviously fake."""

from __future__ import annotations

import base64

import pytest
from check_helpers import FAKE, configmap_messages

XOR_FAKE = "{xor}" + base64.b64encode(bytes(c ^ 0x5F for c in FAKE.encode())).decode()
"""``FAKE`` as Liberty's ``securityUtility encode`` writes it by default: anyone can reverse it."""


def _lines(key: str, text: str) -> list[str]:
    return [m.split(" Fix:")[0] for m in configmap_messages(key, text, FAKE)]


# --- what is reported: passwords in plain text -------------------------------------------------------

REPORTED = [
    (
        "tomcat-users.xml",
        f'<tomcat-users xmlns="http://tomcat.apache.org/xml" version="1.0">\n'
        f'  <role rolename="manager-gui"/>\n'
        f'  <user username="admin" password="{FAKE}" roles="manager-gui,admin-gui"/>\n'
        f"</tomcat-users>\n",
        ['sets "password" in plain text (line 3)'],
    ),
    (
        "server.xml",
        f'<Server port="8005" shutdown="SHUTDOWN">\n'
        f"  <GlobalNamingResources>\n"
        f'    <Resource name="jdbc/trials" auth="Container" type="javax.sql.DataSource"\n'
        f'              username="trials" password="{FAKE}" url="jdbc:postgresql://db:5432/trials"/>\n'
        f"  </GlobalNamingResources>\n"
        f'  <Connector port="8443" SSLEnabled="true">\n'
        f'    <SSLHostConfig><Certificate certificateKeystoreFile="conf/ks.jks" certificateKeystorePassword="{FAKE}"/></SSLHostConfig>\n'
        f"  </Connector>\n"
        f'  <Connector port="8444" keystoreFile="conf/ks.jks" keystorePass="{FAKE}" truststorePass="{FAKE}"/>\n'
        f"</Server>\n",
        [
            'sets "password" in plain text (line 4)',
            'sets "certificateKeystorePassword" in plain text (line 7)',
            'sets "keystorePass" in plain text (line 9)',
            'sets "truststorePass" in plain text (line 9)',
        ],
    ),
    (
        "context.xml",
        f'<Context>\n  <Realm className="org.apache.catalina.realm.JNDIRealm" connectionURL="ldap://ldap:389"\n'
        f'         connectionName="cn=tomcat" connectionPassword="{FAKE}"/>\n</Context>\n',
        ['sets "connectionPassword" in plain text (line 3)'],
    ),
    (
        "standalone.xml",
        f'<server xmlns="urn:jboss:domain:20.0">\n  <datasource jndi-name="java:jboss/datasources/TrialsDS">\n'
        f"    <security>\n      <user-name>trials</user-name>\n      <password>{FAKE}</password>\n    </security>\n"
        f"  </datasource>\n</server>\n",
        ['sets "password" in plain text (line 5)'],
    ),
    (
        "jetty-ssl-context.xml",
        f'<Configure id="sslContextFactory" class="org.eclipse.jetty.util.ssl.SslContextFactory$Server">\n'
        f'  <Set name="KeyManagerPassword">{FAKE}</Set>\n'
        f'  <Set name="KeyStorePassword">OBF:1vny1zlo1x8e1vnw1vn61x8g1zlu1vn4</Set>\n'
        f"</Configure>\n",
        ['sets "KeyManagerPassword" in plain text (line 2)', 'sets "KeyStorePassword" in plain text (line 3)'],
    ),
    ("boot.properties", f"username=weblogic\npassword={FAKE}\n", ['sets "password" in plain text (line 2)']),
    (
        "server.xml",
        f'<server description="trials">\n  <keyStore id="defaultKeyStore" password="{XOR_FAKE}"/>\n'
        f'  <basicRegistry id="basic"><user name="admin" password="{FAKE}"/></basicRegistry>\n</server>\n',
        ['sets "password" in plain text (line 2)', 'sets "password" in plain text (line 3)'],
    ),
    (
        "haproxy.cfg",
        f"userlist admins\n  group ops\n  user admin insecure-password {FAKE} groups ops\n"
        f"listen stats\n  bind :8404\n  stats enable\n  stats auth admin:{FAKE}\n",
        ['sets "insecure-password" in plain text (line 3)', 'sets "stats auth" in plain text (line 7)'],
    ),
    (
        "envoy.yaml",
        f"static_resources:\n  secrets:\n  - name: server_cert\n    tls_certificate:\n"
        f"      certificate_chain:\n        filename: /etc/envoy/certs/tls.crt\n"
        f"      private_key:\n        filename: /etc/envoy/certs/tls.key\n"
        f'      password:\n        inline_string: "{FAKE}"\n',
        ['sets "password.inline_string" in plain text (line 10)'],
    ),
    ("varnish-secret", f"{FAKE}\n", ["looks like a secret"]),
]


@pytest.mark.parametrize(("key", "text", "expected"), REPORTED, ids=[f"{k}-{i}" for i, (k, _, _) in enumerate(REPORTED)])
def test_a_password_in_plain_text_or_only_obfuscated_is_reported(key: str, text: str, expected: list[str]) -> None:
    messages = _lines(key, text)
    assert len(messages) == len(expected), messages
    for message, fragment in zip(messages, expected):
        assert message.startswith(f'ConfigMap "config" key "{key}" ') and message.endswith(fragment + "."), message


def test_liberty_xor_is_the_password_reversed_by_anyone() -> None:
    assert bytes(c ^ 0x5F for c in base64.b64decode(XOR_FAKE[5:])).decode() == FAKE


# --- what is harmless: references, hashes, encrypted values, file paths ------------------------------

HARMLESS = [
    (
        "tomcat-users.xml",
        '<tomcat-users>\n  <user username="admin" password="${env.TOMCAT_ADMIN_PASSWORD}" roles="manager-gui"/>\n'
        '  <user username="ops" password="${tomcat.ops.password}" roles="manager-script"/>\n'
        '  <user username="sha" password="{SHA}qUqP5cyxm6YcTAhz05Hph5gvu9M=" roles="manager-script"/>\n'
        '  <user username="digest" password="b1e2b76e0d3a2f8e3a8a5c7c8f0e1d2c$1000$'
        '0a8b0c6f2d9e4a7b3c1f5e8d2a6b9c0f1e3d5a7b9c2e4f6a8b0c1d3e5f7a9b2c4" roles="manager-gui"/>\n</tomcat-users>\n',
    ),
    (
        "server.xml",
        '<Server>\n  <Resource name="jdbc/trials" username="trials" password="${env.DB_PASSWORD}" url="jdbc:postgresql://db/trials"/>\n'
        '  <Connector keystorePass="${keystore.password}" truststorePass="${TRUSTSTORE_PASSWORD}"/>\n'
        '  <Certificate certificateKeystorePassword="${env.KS_PASS}"/>\n</Server>\n',
    ),
    (
        "standalone.xml",
        '<server>\n  <security user-name="trials">\n    <credential-reference store="trials-store" alias="db-password"/>\n'
        '  </security>\n  <password>${env.DB_PASSWORD}</password>\n</server>\n',
    ),
    (
        "jetty-ssl-context.xml",
        '<Configure id="sslContextFactory" class="org.eclipse.jetty.util.ssl.SslContextFactory$Server">\n'
        '  <Set name="TrustStorePassword">MD5:164c88b302622e17050af52c89945d44</Set>\n'
        '  <Set name="KeyStorePassword"><Property name="jetty.sslContext.keyStorePassword"/></Set>\n</Configure>\n',
    ),
    (
        "ssl.ini",
        "--module=ssl\njetty.sslContext.trustStorePassword=MD5:164c88b302622e17050af52c89945d44\n"
        "jetty.sslContext.keyManagerPassword=CRYPT:jeNkY5x5YX5Rw\n",
    ),
    ("boot.properties", "username={AES}qC2iYsO0wgSgUUlRm8tP4WgYwpmvGIVTxQ9ilU2bqUM=\npassword={AES}xVjzPM7S2c9Y9l3bCEH9VQpW1Tzp1HQ5hx4vGp4kQbk=\n"),
    ("boot.properties", "username={AES256}qC2iYsO0wgSgUUlRm8tP4WgYwpmvGIVTxQ9ilU2bqUM=\npassword={AES256}xVjzPM7S2c9Y9l3bCEH9VQpW1Tzp1HQ5hx4vGp4kQbk=\n"),
    (
        "server.xml",
        '<server description="trials">\n'
        '  <keyStore id="defaultKeyStore" password="{aes}AEmVKa+jOeA7pos+sTdKnaDZvSSlDqv5gzHJ6kDNNS3a"/>\n'
        '  <dataSource jndiName="jdbc/trials">\n'
        '    <properties.postgresql serverName="db" user="trials" password="{aes}ARBnjGyy2pAo+Y/FsnIANmHkCEJ6nJT6ZEclvyhB3zPv"/>\n'
        "  </dataSource>\n"
        '  <basicRegistry id="basic"><user name="admin" password="{hash}ATAAAAAIV0VzcVJQOFXtb9ndK0XyQ+Nql6MKwCAjBfqVFhFN9ts="/></basicRegistry>\n'
        '  <keyStore id="k2" password="${env.KEYSTORE_PASSWORD}"/>\n</server>\n',
    ),
    (
        "haproxy.cfg",
        "userlist admins\n  user bob password $6$rounds=5000$saltsalt$Zq0.2cjqG0X7YbQwvF8x9yb6yL0x0yq1nQzM1Rj1Yz8pV2xNqz5u1GQ8X0ZbZ1iU2xN9h1J8Vw0sD0yO5/\n"
        'listen stats\n  stats auth admin:"${STATS_PASSWORD}"\n',
    ),
    (
        "nginx.conf",
        'server {\n  listen 80;\n  location /admin {\n    auth_basic "Restricted";\n    auth_basic_user_file /etc/nginx/.htpasswd;\n  }\n}\n',
    ),
    (
        ".htpasswd",
        "admin:$apr1$ZjTqBB3f$IF9gdYAGlMrs2fuINjHsz.\ncarol:$2y$05$c4WoMPo3SXsafkva.HHa6uXQZWr7oboPiC2bT/r7q1BB8I2s0BRqC\n",
    ),
    (
        "traefik-dynamic.yml",
        'http:\n  middlewares:\n    admin-auth:\n      basicAuth:\n        users:\n'
        '          - "admin:$apr1$ZjTqBB3f$IF9gdYAGlMrs2fuINjHsz."\n        usersFile: /etc/traefik/users\n',
    ),
    (
        "envoy.yaml",
        "static_resources:\n  secrets:\n  - name: server_cert\n    tls_certificate:\n      private_key:\n"
        "        filename: /etc/envoy/certs/tls.key\n      password:\n        environment_variable: KEY_PASSWORD\n"
        "  - name: hmac\n    generic_secret:\n      secret:\n        filename: /etc/envoy/hmac\n",
    ),
    (
        "squid.conf",
        "http_port 3128\ncache_peer parent.proxy.example parent 3128 0 no-query default login=PASSTHRU\n"
        "auth_param basic program /usr/lib/squid/basic_ncsa_auth /etc/squid/passwords\n",
    ),
]


@pytest.mark.parametrize(("key", "text"), HARMLESS, ids=[f"{k}-{i}" for i, (k, _) in enumerate(HARMLESS)])
def test_a_reference_hash_encrypted_value_or_path_is_not_reported(key: str, text: str) -> None:
    assert _lines(key, text) == []


@pytest.mark.parametrize(
    "encoded",
    ["{AES256}xVjzPM7S2c9Y9l3bCEH9VQpW1Tzp1HQ5hx4vGp4kQbk=", "{aes}ARBnjGyy2pAo+Y/FsnIANmHkCEJ6nJT6ZEclvyhB3zPv", "MD5:164c88b302622e17050af52c89945d44"],
)
def test_the_encrypted_or_hashed_form_with_plain_text_after_it_is_reported(encoded: str) -> None:
    assert len(_lines("boot.properties", f"password={encoded}{FAKE}\n")) == 1


def test_a_liberty_attribute_password_beside_user_is_judged_inside_its_quotes() -> None:
    line = '<server>\n  <properties.postgresql serverName="db" user="trials" password="{pw}"/>\n</server>\n'
    assert len(_lines("server.xml", line.format(pw=FAKE))) == 1
    assert _lines("server.xml", line.format(pw="{aes}ARBnjGyy2pAo+Y/FsnIANmHkCEJ6nJT6ZEclvyhB3zPv")) == []
    assert _lines("server.xml", line.format(pw="${env.DB_PASSWORD}")) == []


# --- WildFly's credential-reference: clear-text is the password itself (since 1.25.455) ---------------

_KEY_STORE = (
    '<server xmlns="urn:jboss:domain:20.0">\n  <tls><key-stores>\n    <key-store name="applicationKS">\n'
    "      <credential-reference {attributes}/>\n"
    '      <implementation type="JKS"/>\n    </key-store>\n  </key-stores></tls>\n</server>\n'
)


@pytest.mark.parametrize(
    "clear_text",
    [FAKE, f"MASK-{base64.b64encode(FAKE.encode()).decode()};12345678;230"],
    ids=["plain", "picketbox-mask"],
)
def test_a_wildfly_credential_reference_clear_text_is_reported(clear_text: str) -> None:
    messages = _lines("standalone.xml", _KEY_STORE.format(attributes=f'clear-text="{clear_text}"'))
    assert messages == ['ConfigMap "config" key "standalone.xml" sets "credential-reference clear-text" in plain text (line 4).']


def test_a_wildfly_datasource_credential_reference_clear_text_is_reported_once() -> None:
    text = (
        '<server>\n  <datasource jndi-name="java:jboss/datasources/TrialsDS" pool-name="TrialsDS">\n'
        '    <security user-name="trials">\n'
        f"      <credential-reference\n          clear-text='{FAKE}'/>\n"
        "    </security>\n  </datasource>\n</server>\n"
    )
    assert _lines("standalone.xml", text) == ['ConfigMap "config" key "standalone.xml" sets "credential-reference clear-text" in plain text (line 5).']


@pytest.mark.parametrize(
    "attributes",
    ['store="trials-store" alias="db-password"', 'clear-text="${env.CS_PASSWORD}"', 'clear-text="${CS_PASSWORD}"', 'clear-text=""'],
)
def test_a_wildfly_credential_reference_to_a_store_or_a_reference_is_harmless(attributes: str) -> None:
    assert _lines("standalone.xml", _KEY_STORE.format(attributes=attributes)) == []


def test_clear_text_outside_a_credential_reference_is_no_password() -> None:
    text = f'<docs>\n  <example format="clear-text" clear-text="{FAKE}"/>\n</docs>\n'
    assert _lines("docs.xml", text) == []


# --- Jetty's <Property name=... default=...>: the default is written in plain text (since 1.25.456) ---

_SSL_CONTEXT = (
    '<Configure id="sslContextFactory" class="org.eclipse.jetty.util.ssl.SslContextFactory$Server">\n'
    '  <Set name="KeyStorePath"><Property name="jetty.base" default="." />/etc/keystore.p12</Set>\n'
    '  <Set name="KeyStorePassword"><{tag} name="{name}"\n      default="{default}"/></Set>\n'
    "</Configure>\n"
)


@pytest.mark.parametrize(
    ("tag", "name", "default"),
    [
        ("Property", "jetty.sslContext.keyStorePassword", FAKE),
        ("SystemProperty", "jetty.sslContext.keyManagerPassword", FAKE),
        ("Env", "KEYSTORE_PASSWORD", FAKE),
        ("Property", "jetty.sslContext.keyStorePassword", "OBF:1f161j8f1ljv1p8f1vfz1wta1trb1trf1wtc1vft1p8l1ljx1j8n1f0k"),
    ],
)
def test_a_jetty_property_default_under_a_secret_name_is_reported(tag: str, name: str, default: str) -> None:
    messages = _lines("jetty-ssl-context.xml", _SSL_CONTEXT.format(tag=tag, name=name, default=default))
    assert messages == [f'ConfigMap "config" key "jetty-ssl-context.xml" sets "{name}" in plain text (line 4).']


@pytest.mark.parametrize(
    ("name", "default"),
    [
        ("jetty.sslContext.keyStorePassword", "OBF:1vny1zlo1x8e1vnw1vn61x8g1zlu1vn4"),  # Jetty's demo storepwd
        ("jetty.sslContext.keyManagerPassword", "OBF:1u2u1wml1z7s1z7a1wnl1u2g"),  # Jetty's demo keypwd
        ("jetty.sslContext.keyStorePassword", "${env.KEYSTORE_PASSWORD}"),
        ("jetty.sslContext.keyStorePassword", ""),
        ("jetty.sslContext.keyStoreType", FAKE),
    ],
)
def test_a_jetty_demo_default_a_reference_or_a_neutral_property_is_harmless(name: str, default: str) -> None:
    assert _lines("jetty-ssl-context.xml", _SSL_CONTEXT.format(tag="Property", name=name, default=default)) == []


def test_a_default_on_another_tag_is_not_a_jetty_property() -> None:
    text = f'<config>\n  <Field name="password" default="{FAKE}"/>\n</config>\n'
    assert _lines("forms.xml", text) == []


# --- a PicketBox vault expression names the secret in the vault (since 1.25.457) ------------------------

_EAP_DATASOURCE = "<server>\n  <datasource jndi-name=\"java:jboss/datasources/TrialsDS\">\n    <security>\n      <password>{pw}</password>\n    </security>\n  </datasource>\n</server>\n"


@pytest.mark.parametrize("expression", ["${VAULT::ds_TrialsDS::password::1}", "${VAULT::ds.trials::db-password::}"])
def test_a_picketbox_vault_expression_is_harmless(expression: str) -> None:
    assert _lines("standalone.xml", _EAP_DATASOURCE.format(pw=expression)) == []
    assert _lines("application.properties", f"db.password={expression}\n") == []


@pytest.mark.parametrize("value", ["${VAULT::ds_TrialsDS::password::1}" + FAKE, "${VAULT:" + FAKE + "}", "${VAULT::" + FAKE + "}"])
def test_text_after_a_vault_expression_or_a_vault_default_is_reported(value: str) -> None:
    assert _lines("standalone.xml", _EAP_DATASOURCE.format(pw=value)) == [
        'ConfigMap "config" key "standalone.xml" sets "password" in plain text (line 4).'
    ]


# --- Squid's cache_peer login=USER:PASSWORD (since 1.25.458) --------------------------------------------

_SQUID = "http_port 3128\ncache_peer proxy.hospital.example parent 3128 0 no-query {options}\nnever_direct allow all\n"


@pytest.mark.parametrize(
    "options",
    [f"default login=trialsproxy:{FAKE}", f"login=*:{FAKE} default", f"login=trialsproxy:{FAKE}\tconnect-timeout=5"],
)
def test_a_squid_cache_peer_password_is_reported(options: str) -> None:
    assert _lines("squid.conf", _SQUID.format(options=options)) == [
        'ConfigMap "config" key "squid.conf" sets "cache_peer login" in plain text (line 2).'
    ]


@pytest.mark.parametrize(
    "options",
    [
        "login=PASSTHRU",
        "login=PROXYPASS",
        "login=PASS",
        "login=NEGOTIATE:HTTP/squid.hospital.example@HOSPITAL.EXAMPLE",
        "login=trialsproxy:${SQUID_PEER_PASSWORD}",
        "default",
    ],
)
def test_a_squid_cache_peer_without_a_password_is_harmless(options: str) -> None:
    assert _lines("squid.conf", _SQUID.format(options=options)) == []


def test_a_commented_out_cache_peer_and_a_long_line_without_a_password_are_harmless() -> None:
    assert _lines("squid.conf", f"# cache_peer proxy parent 3128 0 login=trialsproxy:{FAKE}\n") == []
    assert _lines("squid.conf", "cache_peer proxy parent 3128 0" + " login=PASSTHRU" * 4096 + "\n") == []
