"""disallow-plaintext-secrets: backup, storage, file-sync and VPN configuration as teams keep it in
ConfigMaps (restic, BorgBackup, rclone, s3cmd, MinIO, Velero, Bacula, duplicity, Syncthing,
Nextcloud, WireGuard, OpenVPN, strongSwan, Tinc, CIFS mounts), each file written as its project
documents it: the secrets in plain text are reported, references, hashes, public keys and file
paths are none. No decision shows the fake secret."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap, configmap_messages, decide, everything_shown, script_pod

POLICY = "disallow-plaintext-secrets"

STATIC_KEY_BODY = "0f4c6ea1b2d3e4f5a6b7c8d9e0f1a2b3\nc4d5e6f708192a3b4c5d6e7f8091a2b3\n"
WG_PRIVATE = "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk="
WG_PRESHARED = "/UwcSPg38hW/D9Y3tcS1FOV0K1wuURMbS0sesJEP5ak="
WG_PUBLIC = "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg="


CAUGHT = [
    # restic: its repository password in an env file, a rest-server URL with a password
    ("restic.env", f"RESTIC_REPOSITORY=s3:s3.amazonaws.com/trial-backups/restic\nRESTIC_PASSWORD={FAKE}\n", "RESTIC_PASSWORD"),
    ("restic.env", f"RESTIC_REPOSITORY=rest:https://backup:{FAKE}@rest.backup.example.org:8000/imaging\n", "a URL with a password"),
    ("backup.sh", f"#!/bin/sh\nrestic -r rest:https://backup:{FAKE}@rest.backup.example.org:8000/ backup /data\n", "a URL with a password"),
    # BorgBackup
    ("borg.env", f"export BORG_REPO=ssh://borg@backup.example.org:22/./pacs\nexport BORG_PASSPHRASE='{FAKE}'\n", "BORG_PASSPHRASE"),
    # rclone: pass is only obscured (rclone reveal turns it back), client_secret, S3 keys
    ("rclone.conf", "[archive]\ntype = sftp\nhost = sftp.example.org\nuser = backup\npass = 6rZ0K3jW8fGz5kTnP1sW4x9yQvB2mLcA\n", '"pass"'),
    ("rclone.conf", f"[gdrive]\ntype = drive\nclient_id = 123456.apps.googleusercontent.com\nclient_secret = {FAKE}\nscope = drive\n", "client_secret"),
    ("rclone.conf", f"[s3]\ntype = s3\nprovider = AWS\naccess_key_id = trial-uploader\nsecret_access_key = {FAKE}\nregion = eu-west-1\n", "secret_access_key"),
    # s3cmd
    (".s3cfg", f"[default]\naccess_key = trial-uploader\nsecret_key = {FAKE}\nhost_base = s3.amazonaws.com\nuse_https = True\n", "secret_key"),
    (".s3cfg", f"[default]\ngpg_command = /usr/bin/gpg\ngpg_passphrase = {FAKE}\nencrypt = True\n", "gpg_passphrase"),
    # MinIO
    ("config.env", f'MINIO_ROOT_USER=admin\nMINIO_ROOT_PASSWORD="{FAKE}"\nMINIO_VOLUMES="/mnt/data"\n', "MINIO_ROOT_PASSWORD"),
    ("setup.sh", f"mc alias set trials http://minio:9000 admin {FAKE} --api S3v4\nmc mb trials/backups\n", '"mc"'),
    # Velero's credentials-velero
    ("credentials-velero", f"[default]\naws_access_key_id = trial-velero\naws_secret_access_key = {FAKE}\n", "aws_secret_access_key"),
    # Bacula: a Director's password in the file daemon's config, unquoted in the storage daemon's
    ("bacula-fd.conf", f'Director {{\n  Name = bacula-dir\n  Password = "{FAKE}"\n}}\nFileDaemon {{\n  Name = db-fd\n  FDport = 9102\n}}\n', '"Password"'),
    ("bacula-sd.conf", f"Director {{\n  Name = bacula-dir\n  Password = {FAKE}\n}}\n", '"Password"'),
    # duplicity
    ("duplicity.env", f"PASSPHRASE={FAKE}\nTARGET=s3://trial-backups/duplicity\n", "PASSPHRASE"),
    # Syncthing: its API key, a GUI password in plain text
    ("config.xml", f'<configuration version="37">\n  <gui enabled="true" tls="true">\n    <address>0.0.0.0:8384</address>\n    <apikey>{FAKE}</apikey>\n  </gui>\n</configuration>\n', "apikey"),
    ("config.xml", f'<configuration version="37">\n  <gui enabled="true">\n    <user>admin</user>\n    <password>{FAKE}</password>\n  </gui>\n</configuration>\n', "password"),
    # Nextcloud's config.php
    ("config.php", f"<?php\n$CONFIG = array (\n  'instanceid' => 'oc8c0fd71e03',\n  'dbtype' => 'pgsql',\n  'dbuser' => 'nextcloud',\n  'dbpassword' => '{FAKE}',\n);\n", "dbpassword"),
    ("config.php", f"<?php\n$CONFIG = array (\n  'passwordsalt' => '{FAKE}',\n);\n", "passwordsalt"),
    ("config.php", f"<?php\n$CONFIG = array (\n  'secret' => '{FAKE}',\n);\n", '"secret"'),
    # strongSwan: ipsec.secrets' PSK, swanctl.conf's secrets section
    ("ipsec.secrets", f'vpn.example.org %any : PSK "{FAKE}"\n', "(line 1)"),
    ("swanctl.conf", f'secrets {{\n  ike-site {{\n    id = vpn.example.org\n    secret = "{FAKE}"\n  }}\n}}\n', '"secret"'),
    # CIFS: a password inline in fstab's options, an SMB credentials file
    ("fstab", f"//fileserver/share /mnt/share cifs username=backup,password={FAKE},vers=3.0 0 0\n", "password"),
    ("smb-credentials", f"username=backup\npassword={FAKE}\ndomain=HOSP\n", "a password"),
]


@pytest.mark.parametrize(("key", "text", "fragment"), CAUGHT)
def test_secrets_in_backup_and_vpn_configs_are_reported(key: str, text: str, fragment: str) -> None:
    messages = configmap_messages(key, text, FAKE)
    assert messages, key
    assert any(fragment in message for message in messages), messages


HARMLESS = [
    ("backup.sh", "#!/bin/sh\nrestic -r /srv/restic-repo --password-file /etc/restic/password backup /data\n"),
    ("restic.env", "RESTIC_PASSWORD_COMMAND=pass show backup/restic\nRESTIC_PASSWORD_FILE=/run/secrets/restic\n"),
    ("borg.env", "export BORG_PASSCOMMAND='cat /run/secrets/borg-passphrase'\nexport BORG_RSH='ssh -i /etc/borg/id_ed25519'\n"),
    ("rclone.conf", "[sftp]\ntype = sftp\nhost = sftp.example.org\nkey_file = /etc/rclone/id_ed25519\nkey_file_pass = \n"),
    ("setup.sh", 'mc alias set trials http://minio:9000 "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD"\n'),
    ("amanda-client.conf", 'auth "ssh"\nssh_keys "/etc/amanda/.ssh/id_rsa_amdump"\nclient_username "amandabackup"\n'),
    ("config.xml", '<configuration version="37">\n  <gui enabled="true">\n    <user>admin</user>\n'
     "    <password>$2a$10$ZFWVkH4cZpI8Gq1Y5b0jEeD2Rz3cPzjN8i4RzvF1Q0sN4vR2xK3aW</password>\n  </gui>\n</configuration>\n"),
    ("config.php", "<?php\n$CONFIG = array (\n  'dbpassword' => getenv('POSTGRES_PASSWORD'),\n  'secret' => getenv('NC_SECRET'),\n);\n"),
    ("wg0.conf", "[Interface]\nAddress = 10.0.0.1/24\nPostUp = wg set %i private-key /etc/wireguard/private.key\n"
     f"[Peer]\nPublicKey = {WG_PUBLIC}\nEndpoint = vpn.example.org:51820\nAllowedIPs = 10.0.0.2/32\n"),
    ("swanctl.conf", "secrets {\n  private-key {\n    file = key.pem\n    secret = \n  }\n}\n"),
    ("hosts-node1", "Address = 192.0.2.10\nSubnet = 10.1.0.0/24\n-----BEGIN RSA PUBLIC KEY-----\nMIIBCgKCAQEAxFAKE\n-----END RSA PUBLIC KEY-----\n"),
    ("tinc.conf", "Name = node1\nEd25519PrivateKeyFile = /etc/tinc/net/ed25519_key.priv\nConnectTo = node2\n"),
    ("fstab", "//fileserver/share /mnt/share cifs credentials=/etc/samba/creds,uid=1000,vers=3.0 0 0\n"
     "nfs.example.org:/export /mnt/nfs nfs4 rw,hard,sec=krb5p 0 0\n"),
    ("client.ovpn", "client\ndev tun\nremote vpn.example.org 1194\nauth-user-pass /etc/openvpn/auth.txt\nca ca.crt\ncert client.crt\nkey client.key\ntls-auth ta.key 1\n"),
    ("client.ovpn", "client\n<ca>\n-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUFAKE\n-----END CERTIFICATE-----\n</ca>\n"),
]


@pytest.mark.parametrize(("key", "text"), HARMLESS)
def test_references_hashes_public_keys_and_paths_are_none(key: str, text: str) -> None:
    assert configmap_messages(key, text, FAKE) == []


def test_wireguard_private_and_preshared_keys_are_reported_its_public_key_is_none() -> None:
    text = (
        f"[Interface]\nAddress = 10.0.0.1/24\nListenPort = 51820\nPrivateKey = {WG_PRIVATE}\n\n"
        f"[Peer]\nPublicKey = {WG_PUBLIC}\nPresharedKey = {WG_PRESHARED}\nAllowedIPs = 10.0.0.2/32\n"
    )
    decision = decide(configmap({"wg0.conf": text}))
    messages = [f.message for f in decision.findings if f.policy == POLICY]
    assert len(messages) == 2
    assert '"PrivateKey"' in messages[0] and '"PresharedKey"' in messages[1]
    shown = everything_shown(decision)
    assert WG_PRIVATE not in shown and WG_PRESHARED not in shown


# OpenVPN's static key (1.25.545): ta.key, inline in <tls-auth> / <tls-crypt>, a tls-crypt-v2 key


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("client.ovpn", f"client\ndev tun\nremote vpn.example.org 1194\nkey-direction 1\n<tls-auth>\n-----BEGIN OpenVPN Static key V1-----\n{STATIC_KEY_BODY}-----END OpenVPN Static key V1-----\n</tls-auth>\n"),
        ("client.ovpn", f"client\n<tls-crypt>\n-----BEGIN OpenVPN Static key V1-----\n{STATIC_KEY_BODY}-----END OpenVPN Static key V1-----\n</tls-crypt>\n"),
        ("ta.key", f"#\n# 2048 bit OpenVPN static key\n#\n-----BEGIN OpenVPN Static key V1-----\n{STATIC_KEY_BODY}-----END OpenVPN Static key V1-----\n"),
        ("client.ovpn", f"client\n<tls-crypt-v2>\n-----BEGIN OpenVPN tls-crypt-v2 client key-----\n{STATIC_KEY_BODY}-----END OpenVPN tls-crypt-v2 client key-----\n</tls-crypt-v2>\n"),
    ],
)
def test_openvpn_static_keys_are_reported(key: str, text: str) -> None:
    """Was none: its marker names no PRIVATE KEY."""
    decision = decide(configmap({key: text}))
    messages = [f.message for f in decision.findings if f.policy == POLICY]
    assert len(messages) == 1 and "an OpenVPN static key" in messages[0], messages
    shown = everything_shown(decision)
    assert "0f4c6ea1b2d3e4f5" not in shown and FAKE not in shown


def test_openvpn_static_key_in_an_env_value_is_reported() -> None:
    from check_helpers import compliant, pod

    value = f"-----BEGIN OpenVPN Static key V1-----\n{STATIC_KEY_BODY}-----END OpenVPN Static key V1-----\n"
    decision = decide(pod([compliant(env=[{"name": "TA_KEY", "value": value}])]))
    messages = [f.message for f in decision.findings if f.policy == POLICY]
    assert len(messages) == 1 and "an OpenVPN static key" in messages[0], messages
    assert "0f4c6ea1b2d3e4f5" not in everything_shown(decision)


def test_openvpn_static_key_marker_without_a_body_is_none() -> None:
    text = 'STATIC_KEY_HEADER = "-----BEGIN OpenVPN Static key V1-----"\nprint("no key here")\n'
    assert configmap_messages("notes.txt", text, FAKE) == []
    assert configmap_messages("ta.key", "-----BEGIN OpenVPN Static key V1-----\n-----END OpenVPN Static key V1-----\n", FAKE) == []


# mount -o credentials=PATH,more options (1.25.546)


@pytest.mark.parametrize(
    "script",
    [
        "mount -t cifs //fs.example.org/archive /mnt/archive -o credentials=/etc/samba/creds,vers=3.0\n",
        "mount.cifs //fs.example.org/archive /mnt/archive -o credentials=/etc/samba/creds,uid=1000,ro\n",
        'mount -t cifs //fs.example.org/archive /mnt/archive -o credentials="$CREDS_FILE",vers=3.0\n',
    ],
)
def test_mount_credentials_file_before_more_options_is_none(script: str) -> None:
    """Was reported, 'sets "credentials"': the path and ,vers=3.0 judged as one value."""
    assert configmap_messages("mount.sh", script, FAKE) == []
    decision = decide(script_pod(script))
    assert [f for f in decision.findings if f.policy == POLICY] == []


@pytest.mark.parametrize(
    ("script", "fragment"),
    [
        (f"mount -t cifs //fs.example.org/archive /mnt/archive -o username=archive,password={FAKE},vers=3.0\n", "password"),
        (f"mount -t cifs //fs.example.org/archive /mnt/archive -o credentials=/etc/samba/creds,password={FAKE}\n", "option list"),
        ("mount -t cifs //fs.example.org/archive /mnt/archive -o credentials=Zq7fakeXw9,vers=3.0\n", '"credentials"'),
    ],
)
def test_mount_literal_password_among_options_is_reported(script: str, fragment: str) -> None:
    decision = decide(script_pod(script))
    messages = [f.message for f in decision.findings if f.policy == POLICY]
    assert len(messages) == 1 and fragment in messages[0], messages
    shown = everything_shown(decision)
    assert FAKE not in shown and "Zq7fakeXw9" not in shown


# strongSwan's ipsec.secrets, read entry by entry (1.25.547)


@pytest.mark.parametrize(
    "text",
    [
        ": RSA vpnHostKey.pem\n",
        '# /etc/ipsec.secrets\n: RSA "/etc/ipsec.d/private/vpn key.pem" %prompt\ninclude /etc/ipsec.d/*.secrets\n',
        ": ECDSA site-b.pem\n: P12 gateway.p12 %prompt\n",
        ': PSK "${VPN_PSK}"\n',
        ": PIN %smartcard1@opensc:45 %prompt\n",
    ],
)
def test_ipsec_secrets_without_a_literal_is_none(text: str) -> None:
    """Was reported from the key's name, "looks like a secret"."""
    assert configmap_messages("ipsec.secrets", text, FAKE) == []


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        (f': PSK "{FAKE}"\n', ["line 1"]),
        (f'# site to site\n@west @east : PSK "{FAKE}"\n', ["line 2"]),
        ("2001:db8::1 2001:db8::2 : PSK 0x5a7e6b2c9d1f3a4b5c6d7e8f9a0b1c2d\n", ["line 1"]),
        (f': RSA vpnHostKey.pem\ncarol : XAUTH "{FAKE}"\ndave : EAP {FAKE}\n', ["line 2", "line 3"]),
        (f': RSA vpnHostKey.pem "{FAKE}"\n', ["line 1"]),
        (": PIN %smartcard1@opensc:45 Zq7fake4821\n", ["line 1"]),
    ],
)
def test_ipsec_secrets_literal_secrets_are_reported_by_line(text: str, lines: list[str]) -> None:
    decision = decide(configmap({"ipsec.secrets": text}))
    messages = [f.message for f in decision.findings if f.policy == POLICY]
    assert len(messages) == len(lines), messages
    assert all(line in message for line, message in zip(lines, messages, strict=True)), messages
    shown = everything_shown(decision)
    assert FAKE not in shown and "5a7e6b2c9d1f" not in shown and "Zq7fake4821" not in shown


def test_ipsec_secrets_of_another_shape_is_judged_by_its_name() -> None:
    assert configmap_messages("ipsec.secrets", f"{FAKE}\n", FAKE) != []


# rclone's crypt remote named [secret], as its docs name it (1.25.548)

RCLONE_CRYPT = "[secret]\ntype = crypt\nremote = s3:trial-archive/encrypted\nfilename_encryption = standard\ndirectory_name_encryption = true\n"


def test_rclone_crypt_remote_named_secret_is_none() -> None:
    """Was reported, 'sets "secret.remote"': the section's name made its remote = sensitive."""
    assert configmap_messages("rclone.conf", RCLONE_CRYPT, FAKE) == []


def test_rclone_crypt_passwords_are_reported_its_remote_is_none() -> None:
    text = RCLONE_CRYPT + f"password = {FAKE}\npassword2 = {FAKE}\n"
    messages = configmap_messages("rclone.conf", text, FAKE)
    assert len(messages) == 2, messages
    assert '"password"' in messages[0] and "(line 6)" in messages[0] and '"password2"' in messages[1]


def test_a_secret_under_a_secret_parent_stays_reported() -> None:
    """Only a key ending in remote names where: the parent rule holds for the others."""
    messages = configmap_messages("app.ini", f"[secret]\nvalue = {FAKE}\n", FAKE)
    assert len(messages) == 1 and "secret.value" in messages[0], messages


# Bacula's directives several on a line, apart by ";" (1.25.549)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (f'Catalog {{\n  Name = MyCatalog\n  dbname = "bacula"; dbuser = "bacula"; dbpassword = "{FAKE}"\n}}\n', "(line 3)"),
        (f"Catalog {{\n  Name = MyCatalog\n  dbname = bacula; dbuser = bacula; dbpassword = {FAKE}\n}}\n", "(line 3)"),
        (f'Catalog {{\n  Name = MyCatalog; dbname = "bacula"; DB Address = "db"; dbpassword = "{FAKE}"\n}}\n', "(line 2)"),
    ],
)
def test_bacula_catalog_password_after_other_directives_is_reported(text: str, line: str) -> None:
    """Was none: the line was read as one directive, dbname's."""
    messages = configmap_messages("bacula-dir.conf", text, FAKE)
    assert len(messages) == 1 and '"dbpassword"' in messages[0] and line in messages[0], messages


@pytest.mark.parametrize(
    "text",
    [
        'Catalog {\n  Name = MyCatalog\n  dbname = "bacula"; dbuser = "bacula"; dbpassword = ""\n}\n',
        'Job {\n  Name = "BackupImaging"; JobDefs = "DefaultJob"; Client = imaging-fd\n}\n',
        'Catalog {\n  Name = MyCatalog\n  dbname = "bacula"; dbuser = "bacula"; dbpassword = "${CATALOG_PASSWORD}"\n}\n',
    ],
)
def test_bacula_directives_on_one_line_without_a_secret_are_none(text: str) -> None:
    assert configmap_messages("bacula-dir.conf", text, FAKE) == []


def test_bacula_line_of_many_directives_is_read_in_linear_time() -> None:
    import time

    text = "Catalog {\n  " + "dbname = x; " * 6000 + f'dbpassword = "{FAKE}"\n}}\n'
    started = time.perf_counter()
    messages = configmap_messages("bacula-dir.conf", text, FAKE)
    assert time.perf_counter() - started < 5
    assert len(messages) == 1 and '"dbpassword"' in messages[0]


# Velero's credentials-velero, read as an AWS credentials file (1.25.550)


@pytest.mark.parametrize(
    "text",
    [
        "[default]\naws_access_key_id = ${AWS_ACCESS_KEY_ID}\naws_secret_access_key = ${AWS_SECRET_ACCESS_KEY}\n",
        "[default]\naws_access_key_id = velero-backups\naws_secret_access_key =\n",
    ],
)
def test_credentials_velero_without_a_literal_is_none(text: str) -> None:
    """Was reported from the key's name, "looks like a secret"."""
    assert configmap_messages("credentials-velero", text, FAKE) == []


def test_credentials_velero_secret_key_is_reported_by_its_line() -> None:
    text = f"[default]\naws_access_key_id=velero-backups\naws_secret_access_key={FAKE}\n"
    messages = configmap_messages("credentials-velero", text, FAKE)
    assert len(messages) == 1 and '"aws_secret_access_key"' in messages[0] and "(line 3)" in messages[0], messages


def test_credentials_velero_holding_the_secret_alone_is_judged_by_its_name() -> None:
    assert configmap_messages("credentials-velero", f"{FAKE}\n", FAKE) != []


# Bacula's @ include of a file as a directive's value (1.25.557)


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("bacula-fd.conf", "Director {\n  Name = bacula-dir\n  Password = @/etc/bacula/dir.pw\n}\nFileDaemon {\n  Name = db-fd\n}\n"),
        ("bacula-sd.conf", "Director {\n  Name = bacula-dir\n  Password = @/etc/bacula/dir.pw  # mounted from a Secret\n}\n"),
        ("bareos-dir.conf", 'Catalog {\n  Name = MyCatalog\n  dbpassword = @"/etc/bareos/catalog password"\n}\n'),
        ("bareos-dir.conf", "Catalog {\n  Name = MyCatalog; dbname = bareos; dbpassword = @/etc/bareos/db.pw\n}\n"),
    ],
)
def test_bacula_password_included_from_a_file_is_none(key: str, text: str) -> None:
    """Was reported, 'sets "Password"': the include read as the password."""
    assert configmap_messages(key, text, FAKE) == []


@pytest.mark.parametrize(
    "value",
    [
        f'"@{FAKE}"',  # inside quotes the @ is text: the password as written
        f"@{FAKE}",  # no absolute path
        f"@/etc/bacula/dir.pw {FAKE}",  # text after the included file's name
    ],
)
def test_bacula_password_not_an_include_of_an_absolute_path_is_reported(value: str) -> None:
    text = f"Director {{\n  Name = bacula-dir\n  Password = {value}\n}}\n"
    messages = configmap_messages("bacula-fd.conf", text, FAKE)
    assert len(messages) == 1 and '"Password"' in messages[0] and "(line 3)" in messages[0], messages


def test_an_at_path_outside_a_bacula_config_is_judged_as_before() -> None:
    messages = configmap_messages("app.conf", "server {\n  password = @/etc/app/pw\n}\n", FAKE)
    assert len(messages) == 1 and '"password"' in messages[0], messages


# rclone's mask, *** ENCRYPTED ***, as rclone config shows a remote's secrets (1.25.558)


@pytest.mark.parametrize(
    "text",
    [
        "[archive]\ntype = sftp\nhost = sftp.example.org\nuser = backup\npass = *** ENCRYPTED ***\n",
        "[gdrive]\ntype = drive\nclient_id = 123456.apps.googleusercontent.com\nclient_secret = *** ENCRYPTED ***\nscope = drive\n",
        '[secret]\ntype = crypt\nremote = s3:trial-archive/encrypted\npassword = "*** ENCRYPTED ***"\npassword2 = *** ENCRYPTED ***\n',
    ],
)
def test_rclone_masked_secrets_are_none(text: str) -> None:
    """Was reported, 'sets "pass"': the mask read as the password."""
    assert configmap_messages("rclone.conf", text, FAKE) == []


@pytest.mark.parametrize("value", [FAKE, f"*** ENCRYPTED *** {FAKE}", "***ENCRYPTED***"])
def test_rclone_password_other_than_the_mask_is_reported(value: str) -> None:
    text = f"[archive]\ntype = sftp\nhost = sftp.example.org\npass = {value}\n"
    messages = configmap_messages("rclone.conf", text, FAKE)
    assert len(messages) == 1 and '"pass"' in messages[0] and "(line 4)" in messages[0], messages


def test_rclone_mask_beside_an_obscured_password_reports_that_one() -> None:
    text = f"[archive]\ntype = sftp\npass = *** ENCRYPTED ***\n\n[mirror]\ntype = sftp\npass = {FAKE}\n"
    messages = configmap_messages("rclone.conf", text, FAKE)
    assert len(messages) == 1 and "(line 7)" in messages[0], messages


# Amanda's amandapass: //host/share user%password [workgroup] (1.25.559)


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        (f"# share  user%password  workgroup\n//fileserver/trials backup%{FAKE} HOSP\n//pacs/images amanda\n", ["(line 2)"]),
        (f"//fileserver/trials backup%{FAKE}\n//archive/scans scanner%{FAKE} LAB\n", ["(line 1)", "(line 2)"]),
        (f"* backup%{FAKE}\n", ["(line 1)"]),
    ],
)
def test_amandapass_literal_passwords_are_reported_by_line(text: str, lines: list[str]) -> None:
    """Was none: the key named no secret and the text had no setting."""
    messages = configmap_messages("amandapass", text, FAKE)
    assert len(messages) == len(lines), messages
    assert all(line in message and "sets a password" in message for line, message in zip(lines, messages, strict=True)), messages


@pytest.mark.parametrize(
    "text",
    [
        "//fileserver/trials backup%${SMB_BACKUP_PASSWORD} HOSP\n//pacs/images amanda\n",
        "//pacs/images amanda HOSP\n",
        "//fileserver/trials backup%XXXXXXXX HOSP\n",
    ],
)
def test_amandapass_without_a_literal_is_none(text: str) -> None:
    assert configmap_messages("amandapass", text, FAKE) == []


def test_amandapass_written_by_a_script_is_reported_once() -> None:
    script = f"cat > /etc/amandapass <<EOF\n//fileserver/trials backup%{FAKE} HOSP\nEOF\n"
    decision = decide(script_pod(script))
    messages = [f.message for f in decision.findings if f.policy == POLICY]
    assert len(messages) == 1 and "amandapass" in messages[0], messages
    assert FAKE not in everything_shown(decision)
    reference = "cat > /etc/amandapass <<EOF\n//fileserver/trials backup%$SMB_PASSWORD HOSP\nEOF\n"
    assert [f for f in decide(script_pod(reference)).findings if f.policy == POLICY] == []


# OpenVPN's auth-user-pass file beside the profile that names it (1.25.560)

OVPN_CLIENT = "client\ndev tun\nremote vpn.example.org 1194\nauth-user-pass /etc/openvpn/{file}\nca ca.crt\ncert client.crt\nkey client.key\n"


@pytest.mark.parametrize(
    ("profile_key", "profile", "key"),
    [
        ("client.ovpn", OVPN_CLIENT.format(file="auth.txt"), "auth.txt"),
        ("client.ovpn", OVPN_CLIENT.format(file="credentials.txt"), "credentials.txt"),
        ("site17.conf", "client\nremote vpn.example.org 1194\nauth-user-pass login.conf\n", "login.conf"),
        ("client.ovpn", 'client\nauth-user-pass "/etc/openvpn/site 17.txt"\n', "site 17.txt"),
    ],
)
def test_openvpn_auth_user_pass_file_password_is_reported_once(profile_key: str, profile: str, key: str) -> None:
    """Was none (auth.txt), or 'looks like a secret' from a sensitive key's name."""
    decision = decide(configmap({profile_key: profile, key: f"trial-site-17\n{FAKE}\n"}))
    messages = [f.message for f in decision.findings if f.policy == POLICY]
    assert len(messages) == 1, messages
    assert f'key "{key}" holds an OpenVPN auth-user-pass password' in messages[0] and "(line 2)" in messages[0], messages
    assert FAKE not in everything_shown(decision)


@pytest.mark.parametrize(
    "data",
    [
        {"client.ovpn": OVPN_CLIENT.format(file="auth.txt"), "auth.txt": "trial-site-17\n${VPN_PASSWORD}\n"},
        {"client.ovpn": OVPN_CLIENT.format(file="auth.txt"), "auth.txt": "trial-site-17\nXXXXXXXX\n"},
        {"client.ovpn": OVPN_CLIENT.format(file="credentials.txt"), "credentials.txt": "trial-site-17\n${VPN_PASSWORD}\n"},
        {"client.ovpn": "client\nauth-user-pass\n", "auth.txt": f"trial-site-17\n{FAKE}\n"},  # prompts: names no file
        {"client.ovpn": OVPN_CLIENT.format(file="other.txt"), "auth.txt": f"trial-site-17\n{FAKE}\n"},
        {"client.ovpn": OVPN_CLIENT.format(file="auth.txt"), "auth.txt": f"trial-site-17\n{FAKE}\nthird line\n"},
        {"auth.txt": f"trial-site-17\n{FAKE}\n"},  # no profile beside it
    ],
)
def test_openvpn_auth_file_without_a_literal_or_unnamed_is_none(data: dict[str, str]) -> None:
    decision = decide(configmap(data))
    assert [f.message for f in decision.findings if f.policy == POLICY] == []
    assert FAKE not in everything_shown(decision)


def test_openvpn_auth_file_of_another_shape_is_judged_by_its_name_as_before() -> None:
    messages = configmap_messages("credentials.txt", f"{FAKE}\n", FAKE)
    assert len(messages) == 1 and "looks like a secret" in messages[0], messages
    data = {"client.ovpn": OVPN_CLIENT.format(file="credentials.txt"), "credentials.txt": f"{FAKE}\n"}
    decision = decide(configmap(data))
    messages = [f.message for f in decision.findings if f.policy == POLICY]
    assert len(messages) == 1 and "looks like a secret" in messages[0], messages
