"""disallow-plaintext-secrets: web server, ingress, proxy and mail config as teams keep it in
ConfigMaps, each file written as its project documents it (nginx, Apache httpd, Traefik, Caddy,
Varnish, Kong, Postfix, Exim, Dovecot, OpenDKIM, msmtp, fetchmail, Mailu and Mailcow's .env): a credential
written out is reported, a file path, a hash, a program that prints it or a variable is not.
Apache's ``RequestHeader set Authorization "Bearer %{API_TOKEN}e"`` (a variable) was reported
before 1.25.538."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages, decide, everything_shown, script_pod

B64 = "dXNlcjpGQUtFLW5vdC1hLXJlYWwtcGFzc3dvcmQ="  # base64 of user:FAKE-not-a-real-password
SSHA512 = "KxRIZyPOWY5lST2YXIO0sWR6LcKqHO1SDu+EIZUxuaL4MAyeSOavDXmb499aQaNuDBLeAdSVu81PTFd3S+7nz3NhbHRzYWx0"  # SHA-512 and salt

CAUGHT = [
    ("nginx.conf", f'server {{\n  location /api/ {{\n    proxy_set_header Authorization "Basic {B64}";\n    proxy_pass http://backend;\n  }}\n}}\n'),
    (
        "httpd.conf",
        '<Location /fhir>\n  AuthType Basic\n  AuthBasicProvider ldap\n  AuthLDAPURL "ldap://ldap.h.internal/ou=people,dc=h,dc=org?uid"\n'
        f'  AuthLDAPBindDN "cn=httpd,ou=svc,dc=h,dc=org"\n  AuthLDAPBindPassword "{FAKE}"\n  Require valid-user\n</Location>\n',
    ),
    ("httpd.conf", f'<Location /api>\n  RequestHeader set Authorization "Basic {B64}"\n</Location>\n'),
    ("httpd.conf", f'<Location /api>\n  RequestHeader set X-Request-Start "%{{REQUEST_TIME}}e"\n  RequestHeader set X-Api-Key {FAKE}\n</Location>\n'),
    ("httpd.conf", f"ProxyPass /pacs http://pacsuser:{FAKE}@pacs.internal:8042/\nProxyPassReverse /pacs http://pacs.internal:8042/\n"),
    ("dynamic.yml", f'http:\n  middlewares:\n    addauth:\n      headers:\n        customRequestHeaders:\n          Authorization: "Bearer {FAKE}"\n'),
    ("traefik.env", f"CF_API_EMAIL=ops@hospital.org\nCF_DNS_API_TOKEN={FAKE}\n"),
    ("Caddyfile", f'example.org {{\n  reverse_proxy api:8080 {{\n    header_up Authorization "Bearer {FAKE}"\n  }}\n}}\n'),
    ("default.vcl", f'sub vcl_recv {{\n  set req.http.Authorization = "Basic {B64}";\n}}\n'),
    (
        "kong.yml",
        f'_format_version: "3.0"\nconsumers:\n- username: lab-portal\n  basicauth_credentials:\n  - username: lab-portal\n    password: {FAKE}\n',
    ),
    ("kong.yml", f'_format_version: "3.0"\nconsumers:\n- username: lab\n  jwt_secrets:\n  - key: lab-issuer\n    algorithm: HS256\n    secret: {FAKE}\n'),
    ("sasl_passwd", f"[smtp.relay.org]:587 relayuser:{FAKE}\n"),
    ("dovecot-ldap.conf.ext", f"hosts = ldap.h.internal\ndn = cn=dovecot,dc=h,dc=org\ndnpass = {FAKE}\nauth_bind = yes\n"),
    ("passwd.client", f"smtp.relay.org:relayuser:{FAKE}\n"),
    ("msmtprc", f"defaults\nauth on\ntls on\naccount relay\nhost smtp.relay.org\nport 587\nuser lab@hospital.org\npassword {FAKE}\naccount default : relay\n"),
    ("mailu.env", f"DOMAIN=hospital.org\nRELAYHOST=smtp.relay.org\nRELAYUSER=lab\nRELAYPASSWORD={FAKE}\n"),
    ("mailu.env", f"SECRET_KEY={FAKE}\nINITIAL_ADMIN_PW={FAKE}\n"),
    ("mailcow.conf", f"DBNAME=mailcow\nDBUSER=mailcow\nDBPASS={FAKE}\nREDISPASS={FAKE}\n"),
]


@pytest.mark.parametrize(("key", "text"), CAUGHT)
def test_a_credential_written_out_is_reported(key: str, text: str) -> None:
    assert configmap_messages(key, text, FAKE) != []
    assert configmap_messages(key, text, B64) != []


HARMLESS = [
    ("nginx.conf", 'server {\n  location / {\n    auth_basic "Restricted";\n    auth_basic_user_file /etc/nginx/.htpasswd;\n  }\n}\n'),
    (
        "nginx.conf",
        "server {\n  listen 443 ssl;\n  ssl_certificate /etc/nginx/tls/tls.crt;\n  ssl_certificate_key /etc/nginx/tls/tls.key;\n"
        "  ssl_password_file /etc/nginx/tls/passphrase;\n}\n",
    ),
    ("nginx.conf", 'server {\n  location /api {\n    auth_jwt "api";\n    auth_jwt_key_file /etc/nginx/jwk/api.jwk;\n  }\n}\n'),
    ("nginx.conf", 'server {\n  location /api {\n    proxy_set_header Authorization $http_authorization;\n    proxy_set_header Authorization "";\n  }\n}\n'),
    ("httpd.conf", 'AuthLDAPBindPassword "exec:/usr/local/bin/ldap-pass"\n'),
    ("httpd.conf", "SSLPassPhraseDialog exec:/usr/libexec/httpd-ssl-pass-dialog\nSSLCertificateFile /etc/pki/tls/certs/server.crt\n"),
    # Apache's variables: an environment variable (%{NAME}e), an SSL variable (%{NAME}s), an expression.
    ("httpd.conf", 'PassEnv API_TOKEN\n<Location /fhir>\n  RequestHeader set Authorization "Bearer %{API_TOKEN}e"\n</Location>\n'),
    ("httpd.conf", "<Location /fhir>\n  RequestHeader set X-Api-Key %{PACS_API_KEY}e\n</Location>\n"),
    ("httpd.conf", '<Location /fhir>\n  RequestHeader set X-Client-CN "%{SSL_CLIENT_S_DN_CN}s"\n</Location>\n'),
    ("httpd.conf", '<Location /fhir>\n  RequestHeader set Authorization "expr=Bearer %{ENV:API_TOKEN}"\n  RequestHeader unset Authorization\n</Location>\n'),
    (
        "dynamic.yml",
        'http:\n  middlewares:\n    auth:\n      basicAuth:\n        users:\n          - "admin:$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/"\n'
        '          - "ops:$2y$05$Vr2l0E5l3Gq3Y1r7m2L1ReVd3t7k8m4JYbq3Xb1qkq4d3mY3t0V2e"\n',
    ),
    ("dynamic.toml", '[http.middlewares.auth.basicAuth]\n  users = ["admin:$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/"]\n  usersFile = "/etc/traefik/users"\n'),
    ("traefik.env", "CF_API_EMAIL=ops@hospital.org\nCF_DNS_API_TOKEN_FILE=/run/secrets/cf_token\n"),
    ("Caddyfile", "example.org {\n  basicauth /admin/* {\n    admin $2a$14$Zkx19XLiW6VYouLHR5NmfOFU0z2GTNmpkT/5qqR7hx4IjWJPDhjvG\n  }\n}\n"),
    ("Caddyfile", 'example.org {\n  reverse_proxy api:8080 {\n    header_up Authorization "Bearer {env.API_TOKEN}"\n    header_up -Authorization\n  }\n}\n'),
    ("default.vcl", "sub vcl_recv {\n  unset req.http.Authorization;\n  if (req.http.Authorization) { return (pass); }\n}\n"),
    ("main.cf", "smtp_sasl_auth_enable = yes\nsmtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd\nrelayhost = [smtp.relay.org]:587\n"),
    ("dovecot.conf", f"passdb {{\n  driver = static\n  args = password={{SSHA512}}{SSHA512}\n}}\n"),
    ("dovecot.conf", "passdb {\n  driver = passwd-file\n  args = scheme=SHA512-CRYPT username_format=%u /etc/dovecot/users\n}\n"),
    ("opendkim.conf", "KeyTable /etc/opendkim/KeyTable\nSigningTable refile:/etc/opendkim/SigningTable\nKeyFile /etc/opendkim/keys/mail.private\n"),
    ("KeyTable", "mail._domainkey.hospital.org hospital.org:mail:/etc/opendkim/keys/hospital.org/mail.private\n"),
    ("msmtprc", 'defaults\nauth on\naccount relay\nhost smtp.relay.org\nuser lab@hospital.org\npasswordeval "cat /run/secrets/smtp-password"\n'),
]


@pytest.mark.parametrize(("key", "text"), HARMLESS)
def test_a_path_hash_program_or_variable_is_not_reported(key: str, text: str) -> None:
    assert configmap_messages(key, text, FAKE) == []


FETCHMAILRC_CAUGHT = [
    f'poll imap.hospital.example protocol IMAP\n  user "lab" there with password "{FAKE}" is "lab" here\n',
    f"poll imap.hospital.example with proto IMAP\n  user 'lab' there with password '{FAKE}' is lab here options ssl\n",
    f"poll imap.hospital.example proto imap user lab pass {FAKE} is lab here\n",
    f'set daemon 300\nset postmaster "root"\npoll imap.hospital.example proto imap\n  user "lab"\n  pass "{FAKE}"\n  ssl\n',
]


@pytest.mark.parametrize("key", ["fetchmailrc", ".fetchmailrc"])
@pytest.mark.parametrize("text", FETCHMAILRC_CAUGHT)
def test_a_fetchmailrc_password_is_reported_on_its_line(key: str, text: str) -> None:
    """Was admitted before 1.25.539."""
    line = next(number for number, written in enumerate(text.splitlines(), start=1) if FAKE in written)
    (message,) = configmap_messages(key, text, FAKE)
    assert f'key "{key}" sets a password in plain text (line {line})' in message


@pytest.mark.parametrize(
    "text",
    [
        'poll imap.hospital.example proto imap user "lab" password "${IMAP_PASSWORD}" is lab here\n',
        'poll imap.hospital.example proto imap user "lab" password "" is lab here\n',
        'poll imap.hospital.example proto imap user "lab" is lab here\n# password "old-one"\n',
        'poll imap.hospital.example proto imap auth password user "lab" there is lab here\n',
        "set daemon 300\npoll imap.hospital.example proto imap user lab is lab here\n",
    ],
)
def test_a_fetchmailrc_without_a_password_written_out_is_not_reported(text: str) -> None:
    assert configmap_messages(".fetchmailrc", text, FAKE) == []


def test_a_fetchmailrc_written_by_a_script_is_reported() -> None:
    script = f'cat > ~/.fetchmailrc <<EOF\npoll imap.hospital.example proto imap user "lab" password "{FAKE}" is lab here\nEOF\nfetchmail -d 300\n'
    decision = decide(script_pod(script))
    (message,) = [f.message for f in decision.findings if f.policy == "disallow-plaintext-secrets"]
    assert 'writes a password into ".fetchmailrc" in plain text' in message
    assert FAKE not in everything_shown(decision)


NGINX = "server {{\n  listen 8080;\n  location /fhir/ {{\n    {line}\n    proxy_set_header X-Api-Key $api_token;\n  }}\n}}\n"


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        (f'set $api_token "{FAKE}";', "set $api_token"),
        (f"set $token {FAKE};", "set $token"),
        (f"set $upstream_password '{FAKE}';", "set $upstream_password"),
        (f'set $api_key "{FAKE}"; # the lab system\'s key', "set $api_key"),
    ],
)
def test_an_nginx_set_of_a_secret_variable_to_a_literal_is_reported(line: str, shown: str) -> None:
    """Was admitted before 1.25.540."""
    (message,) = configmap_messages("nginx.conf", NGINX.format(line=line), FAKE)
    assert f'sets "{shown}" in plain text (line 4)' in message


@pytest.mark.parametrize(
    "line",
    [
        "set $token $http_x_token;",
        "set $auth_token $cookie_session;",
        'set $api_token "${API_TOKEN}";',
        'set $token "";',
        'set $backend "fhir.internal:8080";',
        'set $secret_path "/etc/nginx/secret";',
    ],
)
def test_an_nginx_set_of_another_variable_or_a_reference_is_not_reported(line: str) -> None:
    assert configmap_messages("nginx.conf", NGINX.format(line=line), FAKE) == []


def test_a_shell_set_with_no_semicolon_is_no_nginx_set() -> None:
    assert configmap_messages("run.sh", f"#!/bin/sh\nset $token {FAKE}\nexec app\n", FAKE) == configmap_messages(
        "run.sh", f"#!/bin/sh\nset token {FAKE}\nexec app\n", FAKE
    )


DOVECOT = "auth_mechanisms = plain login\n{block} {{\n  driver = static\n  args = {args}\n}}\n"


@pytest.mark.parametrize("block", ["passdb", "userdb"])
@pytest.mark.parametrize("args", [f"password={FAKE}", f"password={{PLAIN}}{FAKE}", f"password={FAKE} allow_nets=10.0.0.0/8"])
def test_a_dovecot_static_password_is_reported(block: str, args: str) -> None:
    """Was admitted before 1.25.541."""
    (message,) = configmap_messages("dovecot.conf", DOVECOT.format(block=block, args=args), FAKE)
    assert f'sets "{block}.args" in plain text (line 4)' in message


@pytest.mark.parametrize(
    "args",
    [
        f"password={{SSHA512}}{SSHA512}",
        "password={SHA512-CRYPT}$6$rounds=5000$abcdefgh$" + "a" * 86,
        "password=",
        "password=%{env:DOVECOT_PASSWORD}",
        "password=${DOVECOT_PASSWORD}",
        "nopassword=y allow_nets=10.0.0.0/8",
        "uid=vmail gid=vmail home=/var/mail/%d/%n",
    ],
)
def test_a_dovecot_hash_reference_or_no_password_is_not_reported(args: str) -> None:
    assert configmap_messages("dovecot.conf", DOVECOT.format(block="passdb", args=args), FAKE) == []


APR1 = "$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/"
TRAEFIK_YAML = "http:\n  middlewares:\n    admin-auth:\n      {kind}:\n        users:\n          - {first}\n          - \"ops:" + APR1 + "\"\n        realm: lab\n"


@pytest.mark.parametrize(
    ("kind", "first"),
    [("basicAuth", f'"admin:{FAKE}"'), ("basicAuth", f"admin:{FAKE}"), ("basicAuth", f"'admin:{FAKE}'"), ("digestAuth", f'"admin:traefik:{FAKE}"')],
)
def test_a_traefik_yaml_user_with_a_plain_password_is_reported_on_its_line(kind: str, first: str) -> None:
    """Was admitted before 1.25.567."""
    (message,) = configmap_messages("dynamic.yml", TRAEFIK_YAML.format(kind=kind, first=first), FAKE)
    assert f'key "dynamic.yml" sets "{kind}.users" in plain text (line 6)' in message


@pytest.mark.parametrize(
    "text",
    [
        f'[http.middlewares.admin-auth.basicAuth]\n  users = ["ops:{APR1}", "admin:{FAKE}"]\n',
        f'[http.middlewares.admin-auth.basicAuth]\n  users = [\n    "ops:{APR1}",\n    "admin:{FAKE}",\n  ]\n  realm = "lab"\n',
    ],
)
def test_a_traefik_toml_user_with_a_plain_password_is_reported(text: str) -> None:
    """Was admitted before 1.25.567."""
    line = next(number for number, written in enumerate(text.splitlines(), start=1) if FAKE in written)
    (message,) = configmap_messages("dynamic.toml", text, FAKE)
    assert f'sets "basicAuth.users" in plain text (line {line})' in message


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("docker-compose.yml", f'services:\n  dashboard:\n    labels:\n      - "traefik.http.middlewares.admin-auth.basicauth.users=ops:$${APR1[1:]},admin:{FAKE}"\n'),
        ("docker-compose.yml", f'services:\n  dashboard:\n    labels:\n      traefik.http.middlewares.admin-auth.basicauth.users: "admin:{FAKE}"\n'),
        ("traefik.labels", f"traefik.enable=true\ntraefik.http.middlewares.admin-auth.basicauth.users=admin:{FAKE}\n"),
    ],
)
def test_a_traefik_label_user_with_a_plain_password_is_reported(key: str, text: str) -> None:
    """Was admitted before 1.25.567."""
    (message,) = configmap_messages(key, text, FAKE)
    assert 'sets "basicauth.users" in plain text (line 4)' in message or 'sets "basicauth.users" in plain text (line 2)' in message


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("dynamic.yml", TRAEFIK_YAML.format(kind="basicAuth", first='"audit:$2y$05$Vr2l0E5l3Gq3Y1r7m2L1ReVd3t7k8m4JYbq3Xb1qkq4d3mY3t0V2e"')),
        ("dynamic.yml", TRAEFIK_YAML.format(kind="basicAuth", first='"audit:{SHA}qUqP5cyxm6YcTAhz05Hph5gvu9M="')),
        ("dynamic.yml", TRAEFIK_YAML.format(kind="digestAuth", first='"lab:traefik:a2688e031edb4be6a3797f3882655c05"')),
        ("dynamic.yml", TRAEFIK_YAML.format(kind="basicAuth", first='"admin:${TRAEFIK_ADMIN_HASH}"')),
        # a users list under no auth middleware: a role list, no htpasswd entries
        ("config.yml", "access:\n  users:\n    - admin:readwrite\n    - lab:readonly\n"),
        ("dynamic.toml", '[http.middlewares.admin-auth.basicAuth]\n  users = ["admin:$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/"]\n  usersFile = "/etc/traefik/users"\n'),
        ("docker-compose.yml", 'services:\n  web:\n    labels:\n      - "traefik.http.middlewares.auth.basicauth.users=admin:$$apr1$$H6uskkkW$$IgXLP6ewTrSuBkTrqE8wj/"\n'),
        ("docker-compose.yml", 'services:\n  web:\n    labels:\n      - "traefik.http.middlewares.auth.basicauth.usersfile=/etc/traefik/users"\n'),
    ],
)
def test_a_traefik_user_hash_or_reference_is_not_reported(key: str, text: str) -> None:
    assert configmap_messages(key, text, FAKE) == []


CADDY = "portal.hospital.example {{\n  {directive} {{\n    {account}\n  }}\n  reverse_proxy portal:8080\n}}\n"
BCRYPT = "$2a$14$Zkx19XLiW6VYouLHR5NmfOFU0z2GTNmpkT/5qqR7hx4IjWJPDhjvG"


@pytest.mark.parametrize("directive", ["basicauth", "basic_auth", "basicauth /admin/*", "basic_auth @internal bcrypt Lab"])
@pytest.mark.parametrize("account", [f"admin {FAKE}", f'admin "{FAKE}"'])
def test_a_caddy_basicauth_plain_password_is_reported_on_its_line(directive: str, account: str) -> None:
    """Was admitted before 1.25.568."""
    (message,) = configmap_messages("Caddyfile", CADDY.format(directive=directive, account=account), FAKE)
    assert f'key "Caddyfile" sets "{directive.split()[0]}" in plain text (line 3)' in message


@pytest.mark.parametrize(
    "account",
    [
        f"admin {BCRYPT}",
        "admin JDJhJDE0JFprWDE5WExpVzZWWW91TEhSNU5tZk9GVTB6MkdUTm1wa1QvNXFxUjdoeDRJaldKUERoanZH",
        "admin {env.CADDY_ADMIN_HASH}",
        "admin {$CADDY_ADMIN_HASH}",
        "# admin plain-one-kept-out",
    ],
)
def test_a_caddy_basicauth_hash_or_placeholder_is_not_reported(account: str) -> None:
    assert configmap_messages("Caddyfile", CADDY.format(directive="basicauth", account=account), FAKE) == []


def test_a_caddy_block_other_than_basicauth_is_not_read_as_accounts() -> None:
    text = "portal.hospital.example {\n  log {\n    output file /var/log/caddy/access.log\n  }\n  encode gzip zstd\n}\n"
    assert configmap_messages("Caddyfile", text, FAKE) == []


EXIM = "begin authenticators\n\nrelay_login:\n  driver = plaintext\n  public_name = LOGIN\n  client_send = {send}\n"


@pytest.mark.parametrize("send", [f": relayuser@hospital.example : {FAKE}", f"^relayuser@hospital.example^{FAKE}", f'": relayuser : {FAKE}"'])
def test_an_exim_plaintext_client_send_password_is_reported_on_its_line(send: str) -> None:
    """Was admitted before 1.25.569."""
    (message,) = configmap_messages("exim.conf", EXIM.format(send=send), FAKE)
    assert 'key "exim.conf" sets "client_send" in plain text (line 6)' in message


@pytest.mark.parametrize(
    "send",
    [
        ": relayuser : ${extract{pass}{${readfile{/run/secrets/relay}}}}",
        "^${lookup{$host}lsearch{/etc/exim/passwd.client}{$value}fail}",
        ": relayuser : $auth2",
        ": relayuser",
        "",
    ],
)
def test_an_exim_client_send_expansion_or_no_password_is_not_reported(send: str) -> None:
    assert configmap_messages("exim.conf", EXIM.format(send=send), FAKE) == []


MAILCOW = "MAILCOW_HOSTNAME=mail.hospital.example\nDBNAME=mailcow\nDBUSER=mailcow\nDBPASS=${{MAILCOW_DBPASS}}\nDBROOT={root}\n"


@pytest.mark.parametrize("root", [FAKE, f'"{FAKE}"'])
def test_a_mailcow_dbroot_password_is_reported_on_its_line(root: str) -> None:
    """Was admitted before 1.25.570."""
    (message,) = configmap_messages("mailcow.conf", MAILCOW.format(root=root), FAKE)
    assert 'key "mailcow.conf" sets "DBROOT" in plain text (line 5)' in message


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("mailcow.conf", MAILCOW.format(root="${MAILCOW_DBROOT}")),
        ("mailcow.conf", MAILCOW.format(root="")),
        ("backup.env", "DBROOT=/var/lib/db\nBACKUP_DIR=/backup\n"),
        ("backup.env", f"DBROOT={FAKE}\nDBNAME=lab\n"),  # no DBPASS: not Mailcow's file, DBROOT judged as before
    ],
)
def test_a_dbroot_reference_or_outside_mailcow_is_not_reported(key: str, text: str) -> None:
    assert configmap_messages(key, text, FAKE) == []


@pytest.mark.parametrize(
    ("key", "text", "line", "shown"),
    [
        ("kong.yml", f'_format_version: "3.0"\nconsumers:\n- username: lab-portal\n  keyauth_credentials:\n  - key: {FAKE}\n', 5, "keyauth_credentials.key"),
        ("kong.yml", f'_format_version: "3.0"\nconsumers:\n  - username: lab\n    keyauth_credentials:\n      - key: {FAKE}\n        ttl: 3600\n', 5, "keyauth_credentials.key"),
        ("config.yaml", f"deployment:\n  admin:\n    admin_key:\n      - name: admin\n        key: {FAKE}\n        role: admin\n", 5, "admin_key.key"),
        ("config.yaml", f"deployment:\n  admin:\n    admin_key:\n      - name: viewer\n        role: viewer\n        key: '{FAKE}'\n", 6, "admin_key.key"),
    ],
)
def test_a_key_in_a_list_of_credentials_or_admin_keys_is_reported(key: str, text: str, line: int, shown: str) -> None:
    """Was admitted before 1.25.571: a list item's key was read under no parent, APISIX's admin_key.key as no secret."""
    (message,) = configmap_messages(key, text, FAKE)
    assert f'sets "{shown}" in plain text (line {line})' in message


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("kong.yml", '_format_version: "3.0"\nconsumers:\n- username: lab\n  keyauth_credentials:\n  - key: ${KONG_LAB_KEY}\n'),
        ("config.yaml", "deployment:\n  admin:\n    admin_key:\n      - name: admin\n        key: ${{APISIX_ADMIN_KEY}}\n        role: admin\n"),
        ("config.yaml", "deployment:\n  admin:\n    admin_key:\n      - name: admin\n        key: ''\n        role: admin\n"),
        # lists of keys that hold no secret: sort keys, a cache's keys, SSH keys by name
        ("values.yaml", "sort_keys:\n  - key: created_at\n    order: desc\n"),
        ("values.yaml", "cache:\n  keys:\n    - key: patient_id\n      ttl: 300\n"),
        ("values.yaml", "ssh_keys:\n  - key: ops-laptop\n    user: ops\n"),
        ("values.yaml", "tokens:\n  - master: primary\n"),
        ("values.yaml", "items:\n  - key: db-password\n    path: password\n"),
    ],
)
def test_a_key_reference_or_a_list_of_other_keys_is_not_reported(key: str, text: str) -> None:
    assert configmap_messages(key, text, FAKE) == []
