"""disallow-plaintext-secrets: credentials that reach a program as an HTTP header (``curl -H``,
``wget --header``), in a request body (``curl -d``) or on its standard input (``echo ... | docker
login --password-stdin``, ``chpasswd <<EOF``); and shell scripts held by ConfigMaps, judged command
by command like a container's ``sh -c`` script. No message ever shows the value."""

from __future__ import annotations

from typing import Any

import pytest
from check_helpers import FAKE, configmap, container, decide, everything_shown, findings, pod, reported_once, script_pod
from webhook.checks.secrets.commands import script_findings
from webhook.checks.secrets.names import Names
from webhook.config import ClusterConfig

POLICY = "disallow-plaintext-secrets"


def _configmap(data: dict[str, str]) -> dict[str, Any]:
    return configmap(data, "scripts")


# --- HTTP headers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "path", "fragment"),
    [
        ({"command": ["curl", "-H", f"Authorization: Bearer {FAKE}", "https://api.example.com/"]},
         "command/2", 'passes a credential to "curl" in its Authorization header (-H)'),
        ({"command": ["curl", f"-HX-Api-Key: {FAKE}", "https://api.example.com/"]}, "command/1", "in its X-Api-Key header (-H)"),
        ({"command": ["curl"], "args": ["-sf", "--header", f"PRIVATE-TOKEN: {FAKE}", "https://gitlab.example.com/api/v4/projects"]},
         "args/2", "in its PRIVATE-TOKEN header (--header)"),
        ({"command": ["curl", "--proxy-header", f"Proxy-Authorization: Basic {FAKE}", "https://example.com/"]},
         "command/2", "in its Proxy-Authorization header (--proxy-header)"),
        ({"command": ["curl", "-H", f"X-JFrog-Art-Api:{FAKE}", "-O", "https://acme.jfrog.io/artifactory/libs/app.war"]},
         "command/2", "in its X-JFrog-Art-Api header"),  # a key header whose name says nothing of it
        ({"command": ["sh", "-c", f'wget -qO- --header="X-Vault-Token: {FAKE}" http://vault:8200/v1/secret/app']},
         "command/2", 'passes a credential to "wget" in its X-Vault-Token header (--header)'),
        ({"command": ["sh", "-c", f"curl -sf -H 'DD-API-KEY: {FAKE}' https://api.datadoghq.com/api/v1/validate"]},
         "command/2", 'in its DD-API-KEY header (-H)'),
        ({"livenessProbe": {"exec": {"command": ["curl", "-f", "-H", f"X-Api-Key: {FAKE}", "http://localhost:8080/health"]}}},
         "livenessProbe/exec/command/3", "in its X-Api-Key header (-H)"),
    ],
)  # fmt: skip
def test_a_credential_in_an_http_header_option_is_reported(fields: dict[str, Any], path: str, fragment: str) -> None:
    finding = reported_once(pod([container(**fields)]), POLICY, fragment)
    assert finding.path == f"/spec/containers/0/{path}"


def test_a_header_on_a_continued_line_is_read_with_its_command() -> None:
    script = (
        "curl -X POST https://api.datadoghq.com/api/v1/series \\\n"
        '  -H "Content-Type: application/json" \\\n'
        f'  -H "DD-APPLICATION-KEY: {FAKE}" \\\n'
        "  -d @/tmp/series.json\n"
    )
    reported_once(script_pod(script), POLICY, "in its DD-APPLICATION-KEY header (-H)")


@pytest.mark.parametrize(
    "fields",
    [
        {"command": ["curl", "-H", "Authorization: Bearer $(API_TOKEN)", "https://api.example.com/"]},
        {"command": ["sh", "-c", 'curl -H "Authorization: Bearer $(cat /var/run/secrets/kubernetes.io/serviceaccount/token)" https://kubernetes.default.svc/api']},
        {"command": ["sh", "-c", 'curl -H "PRIVATE-TOKEN: ${GITLAB_TOKEN}" https://gitlab.example.com/api/v4/projects']},
        {"command": ["sh", "-c", 'curl -H "X-Consul-Token: $CONSUL_HTTP_TOKEN" http://consul:8500/v1/kv/app']},
        {"command": ["curl", "-H", "PRIVATE-TOKEN: <your_access_token>", "https://gitlab.example.com/"]},
        {"command": ["curl", "-H", "@/etc/curl/headers.txt", "https://api.example.com/"]},  # headers read from a file
        {"command": ["curl", "-H", "Content-Type: application/json", "-H", "Accept: */*", "https://api.example.com/"]},
        {"command": ["curl", "-H", "Metadata-Flavor: Google", "http://metadata.google.internal/computeMetadata/v1/"]},
        {"command": ["curl", "-H", "X-Request-Id: 7f8e2c1a-0b7d-4a47-9d1e-2b1f6c3a9e10", "https://api.example.com/"]},
        {"command": ["curl", "-H", "X-CSRF-Token: fetch", "http://sap:8000/sap/opu/odata/"]},  # asks for an anti-forgery token
        {"command": ["curl", "-H", "kbn-xsrf: true", "-H", "X-Scope-OrgID: tenant-a", "http://kibana:5601/api/status"]},
        {"command": ["sh", "-c", 'curl -H "Authorization: Basic $(printf %s "$ES_USER:$ES_PASSWORD" | base64)" http://es:9200']},
    ],
)  # fmt: skip
def test_headers_without_a_literal_credential_are_not_reported(fields: dict[str, Any]) -> None:
    assert findings(pod([container(**fields)]), POLICY) == []


# --- request bodies -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "fragment"),
    [
        ({"command": ["curl", "-d", f'{{"login": "bob", "password": "{FAKE}"}}', "https://api.example.com/login"]},
         'sends "password" to "curl" in a request body (-d)'),
        ({"command": ["curl", "--data-raw", f'{{"data": {{"token": "{FAKE}"}}}}', "http://vault:8200/v1/secret/data/app"]},
         'sends "data.token" to "curl" in a request body (--data-raw)'),
        ({"command": ["curl", "--data-urlencode", f"client_secret={FAKE}", "https://idp.example.com/token"]},
         'sends "client_secret" to "curl" in a request body (--data-urlencode)'),
        ({"command": ["curl", "-F", f"password={FAKE}", "-F", "file=@/data/report.csv", "https://api.example.com/upload"]},
         'sends "password" to "curl" in a request body (-F)'),
        ({"command": ["sh", "-c", f"""curl -X POST -H 'Content-Type: application/json' -d '{{"user": "admin", "password": "{FAKE}"}}' http://grafana:3000/api/admin/users"""]},
         'sends "password" to "curl" in a request body (-d)'),
        ({"command": ["sh", "-c", f'wget --post-data="grant_type=client_credentials&client_secret={FAKE}" https://idp.example.com/token']},
         'sends "client_secret" to "wget" in a request body (--post-data)'),
    ],
)  # fmt: skip
def test_a_credential_in_a_request_body_is_reported(fields: dict[str, Any], fragment: str) -> None:
    reported_once(pod([container(**fields)]), POLICY, fragment)


@pytest.mark.parametrize(
    "fields",
    [
        {"command": ["curl", "-d", '{"login": "bob", "password": "$(LOGIN_PASSWORD)"}', "https://api.example.com/login"]},
        {"command": ["sh", "-c", 'curl -d "{\\"jwt\\": \\"$JWT\\"}" https://api.example.com/session']},
        {"command": ["curl", "--data-binary", "@/run/secrets/login.json", "https://api.example.com/login"]},
        {"command": ["curl", "--data-urlencode", "password@/run/secrets/db/password", "https://api.example.com/"]},
        {"command": ["curl", "-F", "token=</run/secrets/token", "https://api.example.com/upload"]},  # the field read from a file
        {"command": ["curl", "-d", '{"name": "ci-token", "passwordMinLength": 12}', "https://api.example.com/settings"]},
        {"command": ["curl", "-d", "grant_type=password&username=$(USER)&password=$(PASSWORD)", "https://idp.example.com/token"]},
        {"command": ["sh", "-c", 'curl -d "user=$U&password=$P" https://api.example.com/login']},
    ],
)  # fmt: skip
def test_request_bodies_without_a_literal_credential_are_not_reported(fields: dict[str, Any]) -> None:
    assert findings(pod([container(**fields)]), POLICY) == []


# --- standard input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("script", "fragment"),
    [
        (f"echo '{FAKE}' | docker login -u bot --password-stdin registry.example.com",
         'passes a secret to "docker" on its input (echo ... | docker ... --password-stdin)'),
        (f"printf '%s' '{FAKE}' | helm registry login registry.example.com -u bot --password-stdin", '"helm" on its input (printf ... |'),
        (f"echo -n {FAKE} | podman login --username bot --password-stdin quay.io", '"podman" on its input'),
        (f"echo 'root:{FAKE}' | chpasswd", 'passes a secret to "chpasswd" on its input (echo ... | chpasswd)'),
        (f"printf 'app:{FAKE}\\nops:{FAKE}\\n' | chpasswd", '"chpasswd" on its input'),
        (f"echo {FAKE} | passwd --stdin oracle", '"passwd" on its input'),
        (f'echo -e "{FAKE}\\n{FAKE}" | passwd root', '"passwd" on its input'),  # PAM reads the pipe too
        (f"echo {FAKE} | gh auth login --with-token", '"gh" on its input (echo ... | gh ... --with-token)'),
        (f"echo {FAKE} | vault login -", '"vault" on its input'),
        (f"set -e\nchpasswd <<EOF\nalice:{FAKE}\nEOF\nid alice", 'passes a secret to "chpasswd" on its input (chpasswd <<...)'),
        (f"docker login -u bot --password-stdin registry.example.com <<< '{FAKE}'", '"docker" on its input (docker ... --password-stdin <<...)'),
        (f"if true; then\n\tchpasswd <<-'USERS'\n\tapp:{FAKE}\n\tUSERS\nfi", '"chpasswd" on its input'),
        # a here-document or here-string copied by cat into the pipe
        (f"cat <<EOF | docker login -u bot --password-stdin registry.example.com\n{FAKE}\nEOF",
         'passes a secret to "docker" on its input (cat <<... | docker ... --password-stdin)'),
        (f"cat <<-'USERS' | chpasswd\n\tapp:{FAKE}\n\tUSERS\nid app", '"chpasswd" on its input (cat <<... | chpasswd)'),
        (f"cat - <<< '{FAKE}' | gh auth login --with-token", '"gh" on its input (cat <<... | gh ... --with-token)'),
        (f"echo 'root:{FAKE}' | sudo chpasswd", '"chpasswd" on its input (echo ... | chpasswd)'),  # sudo runs it
        (f"sudo -u ci docker login -u bot --password-stdin registry.example.com <<< '{FAKE}'", '"docker" on its input'),
    ],
)  # fmt: skip
def test_a_literal_secret_on_a_programs_input_is_reported(script: str, fragment: str) -> None:
    reported_once(script_pod(script), POLICY, fragment)


@pytest.mark.parametrize(
    ("script", "shown"),
    [
        (f"echo {FAKE} | sudo -S apt-get update", "echo ... | sudo -S"),
        (f"printf '%s\\n' {FAKE} | sudo --stdin -u app /opt/app/migrate", "printf ... | sudo --stdin"),
        (f"echo {FAKE} | sudo -kS apt-get update", "echo ... | sudo -S"),  # joined short options
        (f"echo {FAKE} | sudo -Su app id", "echo ... | sudo -S"),  # -S, then -u with its value
        (f"echo {FAKE} | sudo -u app -S id", "echo ... | sudo -S"),  # after an option's value
        (f"echo {FAKE} | sudo --user app -S id", "echo ... | sudo -S"),  # after a long option's value
        (f"printf '{FAKE}%%\\n' | sudo -S id", "printf ... | sudo -S"),  # a format with no value: printed as it is
        (f"echo {FAKE} | sudo -S -v", "echo ... | sudo -S"),  # no command: sudo only checks the password
        (f"sudo -S apt-get update <<< '{FAKE}'", "sudo -S <<..."),
        (f"cat <<EOF | sudo -S tee /etc/apt/apt.conf.d/90proxy\n{FAKE}\nAcquire::http::Proxy \"http://proxy:3128\";\nEOF",
         "cat <<... | sudo -S"),
        (f"echo 'root:{FAKE}' | sudo -S chpasswd", "echo ... | sudo -S"),  # sudo reads the first line first
        (f"echo {FAKE} | sudo LANG=C -S apt-get update", "echo ... | sudo -S"),  # sudo takes NAME=value among its options
    ],
)  # fmt: skip
def test_a_literal_piped_into_sudo_reading_its_password_from_stdin_is_reported(script: str, shown: str) -> None:
    """``sudo -S`` (``--stdin``) reads its own password from its standard input: a literal written
    there is a plain-text password, whatever the command sudo then runs."""
    reported_once(script_pod(script), POLICY, f'passes a secret to "sudo" on its input ({shown})')
    # in sh -c, with a value naming nothing the check looks for: "sudo" alone makes it a script
    quiet = "k9-not-a-real-secret"
    decision = decide(pod([container(command=["sh", "-c", script.replace(FAKE, quiet)])]))
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert f'"sudo" on its input ({shown})' in finding.message
    assert quiet not in everything_shown(decision)


@pytest.mark.parametrize(
    "script",
    [
        f"echo {FAKE} | sudo tee /etc/motd",  # no -S: sudo does not read the pipe, tee writes it
        "echo 'deb http://deb.example.com/ stable main' | sudo tee /etc/apt/sources.list.d/example.list",
        f"echo {FAKE} | sudo -u S tee /tmp/x",  # S is -u's value, a user's name
        f"echo {FAKE} | sudo -uS tee /tmp/x",  # the same, joined
        f"echo {FAKE} | sudo -p S tee /tmp/x",  # S is the prompt
        f"echo {FAKE} | sudo -- tee -S",  # -S is tee's, after sudo's --
        f"echo {FAKE} | sudo - -S tee /tmp/x",  # a lone - ends sudo's options (getopt "+..."): it is the command, -S its argument
        'echo "$SUDO_PASSWORD" | sudo -S apt-get update',
        "sudo -S apt-get update < /run/secrets/sudo/password",
        "cat <<EOF | sudo -S tee /etc/motd\n$SUDO_PASSWORD\nwelcome\nEOF",  # only the first line is the password
        "echo | sudo -S -v",  # an empty line
        "echo -n | sudo -S -v",  # nothing
    ],
)
def test_sudo_not_reading_a_literal_password_is_not_reported(script: str) -> None:
    assert findings(script_pod(script), POLICY) == []


@pytest.mark.parametrize(
    "script",
    [
        f"echo {FAKE} | htpasswd -Bi /etc/nginx/.htpasswd admin",  # -i joined to -B
        f"echo {FAKE} | htpasswd -ciB /etc/nginx/.htpasswd admin",
        f"echo {FAKE} | htpasswd -BC 10 -i /etc/nginx/.htpasswd admin",  # after -C's value
        f"echo {FAKE} | htpasswd -C10 -Bi /etc/nginx/.htpasswd admin",  # -C's value joined
        f"echo {FAKE} | htpasswd -niB admin",
        f"htpasswd -Bci /etc/nginx/.htpasswd admin <<< '{FAKE}'",
    ],
)
def test_htpasswd_reading_its_password_from_stdin_with_joined_options_is_reported(script: str) -> None:
    """htpasswd reads its options as getopt does (``cnmspdBbDi25C:r:v``): letters may be joined in
    one word, and -C and -r take a value."""
    reported_once(script_pod(script), POLICY, '"htpasswd" on its input')


@pytest.mark.parametrize(
    "script",
    [
        f"echo {FAKE} | htpasswd -Ci /etc/nginx/.htpasswd admin",  # i is -C's value, not -i
        f"echo {FAKE} | htpasswd -r i -B /etc/nginx/.htpasswd admin",  # i is -r's value
        f"echo {FAKE} | htpasswd -B /etc/nginx/.htpasswd -i",  # after the first operand: not an option
        f"echo {FAKE} | htpasswd -- -i admin",  # after --: the file's name
        "echo \"$ADMIN_PASSWORD\" | htpasswd -Bi /etc/nginx/.htpasswd admin",
    ],
)
def test_htpasswd_not_reading_a_literal_from_stdin_is_not_reported(script: str) -> None:
    assert [f for f in findings(script_pod(script), POLICY) if "on its input" in f.message] == []


@pytest.mark.parametrize(
    "script",
    [
        f"echo {FAKE} | docker login -u bot --password-stdin registry.example.com < /run/secrets/registry/password",
        f"echo {FAKE} | docker login -u bot --password-stdin registry.example.com 0</run/secrets/registry/password",
        f"printf '%s' {FAKE} | gh auth login --with-token <> /run/secrets/gh/token",
        f"echo {FAKE} | sudo -S apt-get update < /run/secrets/sudo/password",
        f"cat <<EOF | chpasswd < /run/secrets/users\nroot:{FAKE}\nEOF",
        f"docker login -u bot --password-stdin registry.example.com <<< '{FAKE}' < /run/secrets/registry/password",  # the last wins
        f"cat <<< '{FAKE}' < /run/secrets/registry/password | docker login --password-stdin r.example.com",  # cat copies the file
    ],
)
def test_a_readers_own_input_file_wins_over_the_pipe(script: str) -> None:
    """``echo X | reader < FILE``: the reader's standard input is the file, not the pipe (the shell
    sets up the pipe, then the command's own redirections). The file is not read: nothing of the
    script's text reaches the reader."""
    assert [f for f in findings(script_pod(script), POLICY) if "on its input" in f.message] == []


@pytest.mark.parametrize(
    ("script", "fragment"),
    [  # other descriptors, and input redirections that come before the literal's
        (f"echo {FAKE} | docker login -u bot --password-stdin registry.example.com 3< /run/secrets/pw", '"docker" on its input (echo ... |'),
        (f"docker login --password-stdin r.example.com < /run/secrets/pw <<< '{FAKE}'", '"docker" on its input (docker ... --password-stdin <<...)'),
        (f"cat <<EOF | docker login --password-stdin r.example.com 2< /tmp/x\n{FAKE}\nEOF", '"docker" on its input (cat <<... |'),
    ],
)  # fmt: skip
def test_a_redirection_that_is_not_the_readers_last_input_file_leaves_the_literal_reaching_it(script: str, fragment: str) -> None:
    reported_once(script_pod(script), POLICY, fragment)


@pytest.mark.parametrize(
    ("script", "shown"),
    [
        (f"cat <<EOF | tee /tmp/login.log | docker login -u bot --password-stdin registry.example.com\n{FAKE}\nEOF",
         "cat <<... | tee | docker ... --password-stdin"),
        (f"echo {FAKE} | cat | docker login -u bot --password-stdin registry.example.com", "echo ... | cat | docker"),
        (f"echo 'root:{FAKE}' | cat - | chpasswd", "echo ... | cat | chpasswd"),
        (f"printf '%s' {FAKE} | tee -a /tmp/a | cat -u | gh auth login --with-token", "printf ... | ... | cat | gh ... --with-token"),
        (f"echo {FAKE} | sudo tee /root/pw | sudo -S id", "echo ... | tee | sudo -S"),
    ],
)  # fmt: skip
def test_a_literal_through_filters_copying_it_unchanged_reaches_the_reader(script: str, shown: str) -> None:
    """``tee`` and ``cat`` without a file copy their input to their output unchanged: a literal piped
    through them reaches the reader as it was written."""
    reported_once(script_pod(script), POLICY, f"on its input ({shown}")


@pytest.mark.parametrize(
    "script",
    [
        f"echo {FAKE} | base64 -d | docker login -u bot --password-stdin registry.example.com",  # decoded: another text
        f"echo {FAKE} | cat -n | docker login -u bot --password-stdin registry.example.com",  # numbered lines
        f"echo {FAKE} | cat /run/secrets/pw | docker login -u bot --password-stdin registry.example.com",  # cat reads the file
        f"echo {FAKE} | tee /tmp/x < /run/secrets/pw | docker login -u bot --password-stdin registry.example.com",  # tee reads the file
        f"echo {FAKE} | head -c 4 | docker login -u bot --password-stdin registry.example.com",
        f"echo {FAKE} | sudo -S tee /tmp/x | docker login -u bot --password-stdin registry.example.com",  # sudo reads it
        f"echo {FAKE} ; tee /tmp/x | docker login -u bot --password-stdin registry.example.com",  # ; is not a pipe
        "echo \"$REGISTRY_PASSWORD\" | tee /tmp/x | docker login -u bot --password-stdin registry.example.com",
    ],
)
def test_a_literal_through_a_command_that_is_no_unchanged_copy_is_not_reported_as_reaching_the_reader(script: str) -> None:
    assert [f for f in findings(script_pod(script), POLICY) if "docker" in f.message] == []


def test_a_literal_written_away_before_a_filter_does_not_reach_the_reader() -> None:
    script = f"echo {FAKE} > /tmp/pw | tee /tmp/log | docker login -u bot --password-stdin registry.example.com"
    finding = reported_once(script_pod(script), POLICY, "writes a secret to a redirection, not to the input of")
    assert "(echo ... | tee >... | docker ... --password-stdin)" in finding.message, finding.message


@pytest.mark.parametrize(
    ("script", "shown"),
    [
        (f"(echo {FAKE}; echo {FAKE}) | smbpasswd -s -a app", "smbpasswd ... -s"),
        (f"printf '{FAKE}\\n{FAKE}\\n' | smbpasswd -as app", "smbpasswd ... -s"),  # joined
        (f"printf '{FAKE}\\n{FAKE}\\n' | smbpasswd -a app -s", "smbpasswd ... -s"),  # after the user (GNU getopt)
        (f"echo {FAKE} | gpg --batch --pinentry-mode loopback --passphrase-fd 0 -d /data/backup.gpg", "gpg ... --passphrase-fd 0"),
        (f"echo {FAKE} | gpg --batch --passphrase-fd=0 --import /keys/private.asc", "gpg ... --passphrase-fd 0"),
        (f"echo {FAKE} | openssl rsa -in /tls/key.pem -passin stdin -out /tmp/key.pem", "openssl ... -passin stdin"),
        (f"echo {FAKE} | openssl genrsa -aes256 -passout fd:0 -out /tls/key.pem 4096", "openssl ... -passout fd:0"),
        (f"echo {FAKE} | kinit --password-file=STDIN svc@EXAMPLE.COM", "kinit ... --password-file STDIN"),
        (f"echo {FAKE} | sshpass ssh deploy@10.0.0.5 uptime", "sshpass)"),  # no source given: stdin
        (f"echo {FAKE} | sshpass -v -P assword ssh deploy@10.0.0.5 uptime", "sshpass)"),
        (f"echo {FAKE} | ansible-vault decrypt --vault-password-file /dev/stdin group_vars/all.yml", "ansible-vault ... --vault-password-file /dev/stdin"),
        (f"ansible-playbook site.yml --vault-pass-file=/dev/stdin <<< '{FAKE}'", "ansible-playbook ... --vault-pass-file /dev/stdin <<..."),
    ],
)  # fmt: skip
def test_a_literal_on_the_input_of_more_programs_reading_a_secret_there_is_reported(script: str, shown: str) -> None:
    """Each reads its secret from its standard input when told to (smbpasswd -s; gpg --passphrase-fd
    0; openssl -passin/-passout stdin or fd:0; Heimdal's kinit --password-file=STDIN; a vault
    password file /dev/stdin) or, for sshpass, when given no other source (-p, -f, -d, -e)."""
    finding = reported_once(script_pod(script), POLICY, shown)
    assert "passes a secret to" in finding.message and "on its input (" in finding.message, finding.message


@pytest.mark.parametrize(
    "script",
    [
        f"echo {FAKE} | smbpasswd -a app",  # prompts on the terminal
        f"echo {FAKE} | smbpasswd -c s -a app",  # s is -c's value (a config file)
        "printf '%s\\n%s\\n' \"$SMB_PASSWORD\" \"$SMB_PASSWORD\" | smbpasswd -s -a app",
        f"echo {FAKE} | gpg --batch --passphrase-fd 3 -d /data/backup.gpg",  # another descriptor
        f"echo {FAKE} | gpg --batch -d /data/backup.gpg",
        f"echo {FAKE} | openssl rsa -in /tls/key.pem -passin file:/run/secrets/pw",
        f"echo {FAKE} | openssl enc -d -aes256 -in /data/x -pass stdin",  # -pass is not -passin
        f"echo {FAKE} | kinit --password-file=/run/secrets/krb svc@EXAMPLE.COM",
        f"echo {FAKE} | kinit svc@EXAMPLE.COM",  # MIT kinit's prompt: not modelled
        f"echo {FAKE} | sshpass -e ssh deploy@10.0.0.5 uptime",  # from $SSHPASS
        f"echo {FAKE} | sshpass -f /run/secrets/ssh ssh deploy@10.0.0.5 uptime",
        f"echo {FAKE} | sshpass -d 3 ssh deploy@10.0.0.5 uptime",
        "echo \"$SSH_PASSWORD\" | sshpass ssh deploy@10.0.0.5 uptime",
        f"echo {FAKE} | ansible-vault decrypt --vault-password-file /run/secrets/vault group_vars/all.yml",
    ],
)
def test_those_programs_not_reading_a_literal_from_stdin_are_not_reported(script: str) -> None:
    assert [f for f in findings(script_pod(script), POLICY) if "on its input" in f.message] == []


@pytest.mark.parametrize(
    ("script", "shown"),
    [
        (f"cat <<EOF > /etc/app.conf | docker login -u bot --password-stdin registry.example.com\n{FAKE}\nEOF",
         "cat <<... >... | docker ... --password-stdin"),
        (f"cat <<EOF >>/etc/users.txt | chpasswd\nroot:{FAKE}\nEOF", "cat <<... >... | chpasswd"),
        (f"echo {FAKE} >&2 | docker login -u bot --password-stdin registry.example.com", "echo ... >... | docker ... --password-stdin"),
        (f"printf '%s' {FAKE} &>/dev/null | sudo -S apt-get update", "printf ... >... | sudo -S"),
        (f"cat 1>/tmp/pw <<< '{FAKE}' | gh auth login --with-token", "cat <<... >... | gh ... --with-token"),
        # a redirection after a substitution among the writer's words is the writer's (1.25.160)
        (f"echo {FAKE} $(date) > /dev/null | sudo -S id", "echo ... >... | sudo -S"),
        (f"echo {FAKE} `date` > /dev/null | sudo -S id", "echo ... >... | sudo -S"),
        (f"echo {FAKE} $(date)>&2 | sudo -S id", "echo ... >... | sudo -S"),
        (f"printf '%s\\n' $(true) {FAKE} $(date) &>/dev/null | sudo -S id", "printf ... >... | sudo -S"),
        (f"echo $(date) $(date) {FAKE} $(date) > /tmp/x | docker login -u bot --password-stdin r.example.com",
         "echo ... >... | docker ... --password-stdin"),
    ],
)  # fmt: skip
def test_a_literal_whose_output_is_redirected_away_from_the_pipe_is_reported_as_written_there(script: str, shown: str) -> None:
    """``cat <<EOF > FILE | reader``: the here-document goes to the file, the reader gets nothing
    from the pipe. The literal meant for it is still in the manifest, in plain text (no false
    negative), but the finding does not say that it reaches the reader's input."""
    finding = reported_once(script_pod(script), POLICY, "writes a secret to a redirection, not to the input of")
    assert f"({shown})" in finding.message, finding.message
    assert "on its input" not in finding.message


@pytest.mark.parametrize(
    ("script", "fragment"),
    [  # redirections that leave the command's output on the pipe
        (f"cat <<EOF 2>/dev/null | docker login -u bot --password-stdin registry.example.com\n{FAKE}\nEOF",
         '"docker" on its input (cat <<... | docker ... --password-stdin)'),
        (f"echo {FAKE} 2>&1 | docker login -u bot --password-stdin registry.example.com", '"docker" on its input (echo ... | docker'),
        (f"echo {FAKE} >&1 | docker login -u bot --password-stdin registry.example.com", '"docker" on its input (echo ... | docker'),
        (f"echo {FAKE} $(date) 2>/dev/null | sudo -S id", '"sudo" on its input (echo ... | sudo -S)'),
        (f"echo {FAKE} `date` 2>&1 | sudo -S id", '"sudo" on its input (echo ... | sudo -S)'),
        (f"cat <<EOF > /tmp/log\nnothing\nEOF\necho {FAKE} | docker login -u bot --password-stdin r.example.com", '"docker" on its input (echo ... |'),
    ],
)  # fmt: skip
def test_redirections_that_keep_the_output_on_the_pipe_still_feed_the_reader(script: str, fragment: str) -> None:
    reported_once(script_pod(script), POLICY, fragment)


def test_a_here_document_written_to_a_config_file_is_judged_as_its_content() -> None:
    """A setting written by ``cat <<EOF > FILE`` is a plain-text secret in the manifest: reported once,
    whether or not a pipe follows, as the command writing that file (1.25.383: the file's text is judged
    as a ConfigMap entry of its base name, one finding for the file, whatever its format)."""
    reported_once(script_pod(f"cat <<EOF > /etc/app.conf\npassword={FAKE}\nEOF"), POLICY, 'writes a secret into "app.conf"')
    found = findings(script_pod(f"cat <<EOF > /etc/app.conf | tee /tmp/log\npassword={FAKE}\nEOF"), POLICY)
    assert [f.message.split(" in plain text")[0] for f in found] == ['container "app" args[0] writes a secret into "app.conf"']


def test_a_here_document_is_read_to_its_delimiter() -> None:
    """Past its first 4 KiB too (only they were read), and only up to its delimiter."""
    users = "".join(f"user{n}:$USER{n}_PASSWORD\n" for n in range(1000))
    reported_once(script_pod(f"chpasswd <<EOF\n{users}root:{FAKE}\nEOF\nid root"), POLICY, '"chpasswd" on its input')
    assert findings(script_pod(f"chpasswd <<EOF\n{users}EOF\necho root:{FAKE}"), POLICY) == []


@pytest.mark.parametrize(
    "script",
    [
        'echo "$REGISTRY_PASSWORD" | docker login -u bot --password-stdin registry.example.com',
        "echo -n $(cat /run/secrets/registry/password) | docker login -u bot --password-stdin registry.example.com",
        "aws ecr get-login-password | docker login --username AWS --password-stdin 123456789012.dkr.ecr.eu-west-1.amazonaws.com",
        "docker login -u bot --password-stdin registry.example.com < /run/secrets/registry/password",
        'echo "app:${APP_PASSWORD}" | chpasswd',
        "chpasswd <<EOF\napp:$APP_PASSWORD\nEOF",
        "echo '<password>' | docker login -u bot --password-stdin registry.example.com",
        "echo hello | docker login -u bot registry.example.com",  # no --password-stdin: docker does not read the pipe
        "echo done || docker login --password-stdin registry.example.com",  # || is not a pipe
        """echo 'path "secret/app/*" { capabilities = ["read"] }' | vault policy write app -""",  # a policy, not a token
        "cat <<EOF > /etc/motd\nwelcome\nEOF",
        "cat <<EOF | docker login -u bot --password-stdin registry.example.com\n$REGISTRY_PASSWORD\nEOF",
        f"cat /run/secrets/registry <<EOF | docker login -u bot --password-stdin registry.example.com\nhello-{FAKE}\nEOF",  # cat reads the file
        f"cat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop-{FAKE}\nEOF",  # no secret reader
        f"cat <<EOF | docker login -u bot registry.example.com\n{FAKE}\nEOF",  # docker does not read the pipe
        f"cat <<EOF || docker login --password-stdin registry.example.com\n{FAKE}\nEOF",  # || is not a pipe
    ],
)
def test_input_without_a_literal_secret_is_not_reported(script: str) -> None:
    assert findings(script_pod(script), POLICY) == []


# --- shell scripts in ConfigMaps ------------------------------------------------------------------


def test_a_configmap_shell_script_is_judged_command_by_command_with_lines() -> None:
    script = (
        "#!/bin/sh\n"
        "set -e\n"
        f'mysql -uroot -p"{FAKE}" -e "CREATE DATABASE app"\n'
        f"curl -sf -H 'X-Api-Key: {FAKE}' https://hooks.example.com/ready\n"
        'mysql -uroot -p"$MYSQL_ROOT_PASSWORD" -e "SELECT 1"\n'
        f"echo 'svc:{FAKE}' | chpasswd\n"
    )
    decision = decide(_configmap({"init.sh": script}))
    messages = sorted(f.message for f in decision.findings if f.policy == POLICY)
    assert len(messages) == 3, messages
    assert any('"mysql" (-p<password>) in plain text (line 3)' in m for m in messages)
    assert any('X-Api-Key header (-H) in plain text (line 4)' in m for m in messages)
    assert any('"chpasswd" on its input (echo ... | chpasswd) in plain text (line 6)' in m for m in messages)
    assert all(m.startswith('ConfigMap "scripts" key "init.sh"') for m in messages)
    assert FAKE not in everything_shown(decision)


@pytest.mark.parametrize("key", ["entrypoint", "setup.bash"])
def test_a_script_is_known_by_its_shebang_or_its_key(key: str) -> None:
    text = f"#!/usr/bin/env bash\nredis-cli -h redis -a {FAKE} ping\n" if key == "entrypoint" else f"redis-cli -a {FAKE} ping\n"
    (finding,) = findings(_configmap({key: text}), POLICY)
    assert '"redis-cli" (-a <password>) in plain text (line' in finding.message


@pytest.mark.parametrize("suffix", [".sh", ".bash", ".zsh", ".ksh"])
def test_a_script_key_with_a_sensitive_name_is_judged_by_its_commands(suffix: str) -> None:
    """``db_password.bash`` names a script like ``db_password.sh``: its commands are read, its name
    alone is no secret."""
    harmless = 'export PGPASSWORD="$(cat /run/secrets/db_password)"\npsql -h db -c "select 1"\n'
    assert findings(_configmap({f"db_password{suffix}": harmless}), POLICY) == []
    (finding,) = findings(_configmap({f"db_password{suffix}": f"mysql -u root -p{FAKE} -e 'select 1'\n"}), POLICY)
    assert '"mysql" (-p<password>) in plain text (line 1)' in finding.message


@pytest.mark.parametrize("suffix", [".sh", ".bash", ".zsh", ".ksh"])
def test_a_script_key_reads_a_quoted_value_over_lines_as_the_shell_does(suffix: str) -> None:
    """What follows a neutral value's closing quote on a later line is a command of its own."""
    (finding,) = findings(_configmap({f"notes{suffix}": f'A="x\ny"; DB_PASSWORD={FAKE}\n'}), POLICY)
    assert 'sets "DB_PASSWORD" in plain text (line 2)' in finding.message


def test_a_setting_in_a_script_is_reported_once() -> None:
    """``export DB_PASSWORD=...`` is a setting (config_files) and a command: one finding for its line."""
    (finding,) = findings(_configmap({"env.sh": f"export DB_PASSWORD={FAKE}\n./server --port 8080\n"}), POLICY)
    assert 'sets "DB_PASSWORD" in plain text (line 1)' in finding.message


def test_text_that_is_not_a_script_is_not_read_as_commands() -> None:
    notes = f"To connect by hand: mysql -uroot -p{FAKE} app\n"  # documentation, not a script: no shebang, no .sh
    assert findings(_configmap({"README.txt": notes}), POLICY) == []


def test_configmap_scripts_without_literal_secrets_are_not_reported() -> None:
    script = (
        "#!/bin/bash\n"
        'curl -sf -H "Authorization: Bearer $(cat /var/run/secrets/kubernetes.io/serviceaccount/token)" \\\n'
        "  https://kubernetes.default.svc/healthz\n"
        'echo "$REGISTRY_PASSWORD" | docker login -u bot --password-stdin registry.example.com\n'
        'mysqldump -uroot -p"${MYSQL_ROOT_PASSWORD}" app > /backup/app.sql\n'
    )
    assert findings(_configmap({"backup.sh": script}), POLICY) == []


# --- httpGet probes and hooks ---------------------------------------------------------------------


def test_a_credential_in_an_http_get_probe_or_hook_header_is_reported() -> None:
    app = container(
        livenessProbe={"httpGet": {"path": "/healthz", "port": 8080, "httpHeaders": [
            {"name": "Custom-Header", "value": "Awesome"}, {"name": "Authorization", "value": f"Bearer {FAKE}"}]}},
        lifecycle={"preStop": {"httpGet": {"path": "/drain", "port": 8080, "httpHeaders": [{"name": "X-Auth-Token", "value": FAKE}]}}},
    )  # fmt: skip
    decision = decide(pod([app]))
    found = sorted((f.path, f.message) for f in decision.findings if f.policy == POLICY)
    assert [path for path, _ in found] == [
        "/spec/containers/0/lifecycle/preStop/httpGet/httpHeaders/0/value",
        "/spec/containers/0/livenessProbe/httpGet/httpHeaders/1/value",
    ]
    assert "lifecycle.preStop.httpGet sends a credential in its X-Auth-Token header" in found[0][1]
    assert "livenessProbe.httpGet sends a credential in its Authorization header" in found[1][1]
    assert "cannot read a Secret" in found[1][1]  # the fix says why a secretKeyRef is no answer here
    assert FAKE not in everything_shown(decision)


@pytest.mark.parametrize(
    "headers",
    [
        [{"name": "Custom-Header", "value": "Awesome"}, {"name": "Accept", "value": "application/json"}],
        [{"name": "Authorization", "value": "Bearer <token>"}],
        [{"name": "X-Api-Key", "value": "$(API_KEY)"}],  # not expanded in probes, but not a secret either
        [{"name": "Authorization"}, {"value": "Bearer x"}, "Authorization: Bearer x", {"name": 7, "value": 8}],  # malformed
    ],
)
def test_http_get_headers_without_a_literal_credential_are_not_reported(headers: list[Any]) -> None:
    app = container(readinessProbe={"httpGet": {"path": "/ready", "port": 8080, "httpHeaders": headers}})
    assert findings(pod([app]), POLICY) == []


@pytest.mark.parametrize(
    "handler",
    [
        {"httpGet": {"path": "/drain", "port": 8080, "httpHeaders": [{"name": "X-Auth-Token", "value": FAKE}]}},
        {"httpGet": {"path": f"/drain?api_key={FAKE}", "port": 8080}},
    ],
)
def test_the_fix_for_a_lifecycle_hooks_http_get_does_not_call_it_a_probe(handler: dict[str, Any]) -> None:
    """A preStop hook is no probe: a fix telling its author to "serve the probe" elsewhere or to
    "use an exec probe" names the wrong field (a probe would not replace the hook)."""
    obj = pod([container(lifecycle={"preStop": handler})])
    decision = decide(obj, config=ClusterConfig(actions={POLICY: "warn"}))
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert "lifecycle.preStop.httpGet" in finding.message
    fix = finding.message.split(". Fix: ")[1]
    assert "probe" not in fix
    assert "an endpoint that needs no credential, or use an exec handler" in fix
    (warning,) = [w for w in decision.warnings if w.startswith(POLICY)]
    assert "probe" not in warning.split("; fix: ")[1]
    assert FAKE not in everything_shown(decision)


def test_a_token_in_the_query_of_an_http_get_probe_or_hook_path_is_reported() -> None:
    app = container(
        livenessProbe={"httpGet": {"path": f"/healthz?token={FAKE}", "port": 8080}},
        readinessProbe={"httpGet": {"path": f"/ready?verbose=1&access_token={FAKE}&api_key={FAKE}", "port": 8080}},
        lifecycle={"preStop": {"httpGet": {"path": f"/drain?apiKey={FAKE}#x", "port": 8080}}},
    )
    quiet = [  # no literal credential in these queries: none is reported
        "/healthz?verbose=1&format=json",
        "/ready?token=&api_key=<api-key>&auth_token=true&access_token=$(TOKEN)&password=xxx",
        "/items?pageToken=abc123&next_token=def456&csrf_token=ghi789",
        "/healthz?token",
        f"/healthz/token={FAKE}",  # no query
    ]
    others = [container(f"quiet-{i}", livenessProbe={"httpGet": {"path": path, "port": 8080}}) for i, path in enumerate(quiet)]
    decision = decide(pod([app, *others]))
    found = sorted((f.path, f.message.split(". Fix:")[0]) for f in decision.findings if f.policy == POLICY)
    assert found == [
        ("/spec/containers/0/lifecycle/preStop/httpGet/path", 'container "app" lifecycle.preStop.httpGet sends a credential in its path (query parameter "apiKey") in plain text'),
        ("/spec/containers/0/livenessProbe/httpGet/path", 'container "app" livenessProbe.httpGet sends a credential in its path (query parameter "token") in plain text'),
        ("/spec/containers/0/readinessProbe/httpGet/path", 'container "app" readinessProbe.httpGet sends a credential in its path (query parameter "access_token") in plain text'),
        ("/spec/containers/0/readinessProbe/httpGet/path", 'container "app" readinessProbe.httpGet sends a credential in its path (query parameter "api_key") in plain text'),
    ]
    assert not decision.allowed
    assert FAKE not in everything_shown(decision)


# --- scripts: compound commands, remote exec, assignments (from a hunt on charts' scripts) --------


@pytest.mark.parametrize(
    ("script", "fragment"),
    [
        (f"if ! mysqladmin ping -uroot -p{FAKE} --silent; then exit 1; fi", '"mysqladmin" (-p<password>)'),
        (f"until curl -s -u admin:{FAKE} http://rabbitmq:15672/api/overview; do sleep 2; done", '"curl" (-u user:password)'),
        (f"for i in 1 2 3; do redis-cli -a {FAKE} ping && break; done", '"redis-cli" (-a <password>)'),
        (f"kubectl exec -n data rabbitmq-0 -- rabbitmqctl add_user cdc {FAKE}", '"rabbitmqctl" (add_user'),
        (f"kcadm.sh create clients -r shop -s clientId=app -s secret={FAKE}", 'sets "secret"'),
    ],
)
def test_a_configmap_script_command_after_a_keyword_or_remote_exec_is_judged(script: str, fragment: str) -> None:
    reported_once(_configmap({"init.sh": script + "\n"}), POLICY, fragment)


@pytest.mark.parametrize(
    "script",
    [
        "password_aux=`cat ${REDIS_MASTER_PASSWORD_FILE}`\n",  # backquotes run a command
        'curl -H "X-Api-Key: `cat /run/secrets/api/key`" https://api.example.com/\n',
        'export MONGODB_ROOT_PASSWORD="" MONGODB_USERNAME="" MONGODB_DATABASE=""\n',  # empty, then more assignments
        "export REDIS_PASSWORD= REDIS_USER=\n",
        'curl --negotiate -u : -H "Authorization: Negotiate" https://intranet.example.com/\n',  # a scheme, no credential
        "kubectl exec pod-0 -- ls /data\n",
    ],
)
def test_configmap_script_lines_without_a_literal_secret_are_not_reported(script: str) -> None:
    assert findings(_configmap({"setup.sh": script}), POLICY) == []


@pytest.mark.parametrize(
    "header", [f"X-Api-Key {FAKE}: k3y-0f-th3-day", f"password={FAKE}: k3y-0f-th3-day", f"X-Auth-Token {FAKE}: k3y-0f-th3-day"]
)
def test_a_header_option_whose_name_is_no_header_name_never_shows_it(header: str) -> None:
    # text before the colon that is no HTTP header name (spaces, "=") may hold the value itself
    for fields in ({"command": ["curl", "-H", header, "http://localhost/"]}, {"command": ["sh", "-c", f"curl -H '{header}' http://localhost/"]}):
        assert FAKE not in everything_shown(decide(pod([container(**fields)])))


def test_a_helicone_auth_header_is_reported_and_a_bare_token_scheme_is_not() -> None:
    # Helicone-Auth carries a key after a scheme although its name says only "auth"
    probe = {"httpGet": {"path": "/healthz", "port": 8080, "httpHeaders": [{"name": "Helicone-Auth", "value": f"Bearer {FAKE}"}]}}
    reported_once(pod([container(readinessProbe=probe)]), POLICY, "Helicone-Auth header")
    # "Authorization: Token" alone names a scheme whose credential comes from elsewhere
    assert findings(script_pod("curl -H 'Authorization: Token' https://api.example.com/"), POLICY) == []



def test_a_lone_surrogate_escape_does_not_hide_a_json_request_body() -> None:
    """A JSON body holding ``"\\ud800"`` (orjson refuses it, the server's Go or Python reads it as
    U+FFFD or a lone surrogate) is still read as JSON and its password found."""
    body = '{"note": "\\ud800", "user": "admin", "password": "' + FAKE + '"}'
    obj = pod([container(command=["sh", "-c", f"curl -sf -d '{body}' https://api.example.com/login"])])
    finding = reported_once(obj, "disallow-plaintext-secrets", 'sends "password" to "curl" in a request body (-d)')
    assert finding.path.endswith("/command/2")


# --- subshells and brace groups in a pipe ---------------------------------------------------------


@pytest.mark.parametrize(
    ("script", "shown"),
    [
        (f"(echo {FAKE}) | docker login --password-stdin registry.example.com", "((echo ...) | docker ... --password-stdin)"),
        (f"{{ printf '%s' {FAKE}; }} | docker login -u x --password-stdin registry.example.com",
         "({ printf ...; } | docker ... --password-stdin)"),
        (f'(echo {FAKE}; echo "$X") | docker login -u x --password-stdin registry.example.com', "((echo ...) | docker"),
        (f'{{ echo "Logging in" >&2; echo {FAKE}; cd /; }} | docker login -u x --password-stdin r.example.com', "({ echo ...; } | docker"),
        (f'(set -e; cd /; echo {FAKE}; echo "$X") | sudo -S apt-get update', "((echo ...) | sudo -S)"),  # its first line
        (f'{{ (echo {FAKE}); echo "$X"; }} | tee /tmp/log | sudo -S apt-get update', "({ echo ...; } | tee | sudo -S)"),
        (f"if true; then {{ echo root:{FAKE}; }} | chpasswd; fi", "({ echo ...; } | chpasswd)"),  # after a keyword
        (f"(cat <<EOF\n{FAKE}\nEOF\n) | docker login -u x --password-stdin r.example.com", "((cat <<...) | docker"),
    ],
)  # fmt: skip
def test_a_literal_printed_anywhere_in_a_group_piped_to_a_reader_is_reported(script: str, shown: str) -> None:
    """A subshell's or brace group's output is all its commands' output: a literal any of them
    prints reaches the reader, not only the last one's (for ``sudo -S``, which reads one line: the
    first line the group prints)."""
    finding = reported_once(script_pod(script), POLICY, shown)
    assert "on its input (" in finding.message, finding.message


@pytest.mark.parametrize(
    "script",
    [
        f'{{ echo {FAKE} >&2; printf "%s" "$X"; }} | docker login -u x --password-stdin r.example.com',  # to stderr
        f'(echo {FAKE} > /tmp/pw; echo "$X") | docker login -u x --password-stdin r.example.com',
        f'(echo "$X"; echo {FAKE}) | sudo -S apt-get update',  # its second line goes to apt-get
        f'(whoami; echo {FAKE}) | sudo -S apt-get update',  # the first line is whoami\'s
        f'(echo {FAKE} | base64) | docker login -u x --password-stdin r.example.com',  # changed on its way
        f'echo $(echo {FAKE} | wc -c) | docker login -u x --password-stdin r.example.com',  # a substitution, not a group
    ],
)
def test_a_group_whose_literal_does_not_reach_the_reader_is_not_reported_as_on_its_input(script: str) -> None:
    assert [f.message for f in findings(script_pod(script), POLICY) if "on its input" in f.message] == []


@pytest.mark.parametrize(
    "script",
    [f"(echo {FAKE}) > /tmp/pw | docker login -u x --password-stdin r.example.com",
     f"{{ echo {FAKE}; }} >&2 | docker login -u x --password-stdin r.example.com"],
)  # fmt: skip
def test_a_group_whose_output_is_redirected_is_reported_as_written_there(script: str) -> None:
    """``(echo X) > FILE | reader``: like ``echo X > FILE | reader``, the literal is still in the
    manifest, but the finding does not say it reaches the reader's input."""
    finding = reported_once(script_pod(script), POLICY, "writes a secret to a redirection, not to the input of")
    assert "on its input" not in finding.message


@pytest.mark.parametrize(
    ("script", "shown"),
    [
        (f"tee /tmp/pw <<EOF | docker login -u bot --password-stdin registry.example.com\n{FAKE}\nEOF",
         'passes a secret to "docker" on its input (tee <<... | docker ... --password-stdin)'),
        (f"tee -a /tmp/log <<< '{FAKE}' | sudo -S apt-get update", '"sudo" on its input (tee <<... | sudo -S)'),
        (f"tee <<EOF /tmp/pw > /dev/null | chpasswd\napp:{FAKE}\nEOF", "writes a secret to a redirection, not to the input of"),
    ],
)  # fmt: skip
def test_a_here_document_tee_copies_into_the_pipe_is_reported_like_cats(script: str, shown: str) -> None:
    """``tee FILE <<EOF | reader``: tee copies its here-document to its output as ``cat`` does
    (and to its files)."""
    reported_once(script_pod(script), POLICY, shown)


def test_tee_copying_a_file_on_its_input_or_told_to_print_its_help_passes_nothing() -> None:
    for script in (f"tee /tmp/pw < /run/secrets/pw | docker login -u bot --password-stdin r.example.com\n{FAKE}\n",
                   f"tee --help <<< '{FAKE}' | sudo -S ls"):  # fmt: skip
        assert [f.message for f in findings(script_pod(script), POLICY) if "input" in f.message] == []


@pytest.mark.parametrize(
    ("script", "shown"),
    [
        (f"printf \"$KEY_PASSWORD\\n{FAKE}\\n\" | openssl rsa -in k.pem -passin stdin -passout stdin -aes256 -out n.pem",
         "(printf ... | openssl ... -passin stdin -passout stdin)"),
        (f"openssl pkcs12 -export -passout fd:0 -in c.pem -passin stdin -out c.p12 <<EOF\n$IN_PASSWORD\n{FAKE}\nEOF",
         "(openssl ... -passin stdin -passout fd:0 <<...)"),
        (f'(echo "$IN_PASSWORD"; echo {FAKE}) | openssl rsa -in k.pem -passin stdin -passout stdin -aes256 -out n.pem',
         "((echo ...) | openssl ... -passin stdin -passout stdin)"),
        # a group opened right after another is opened: the line before them is written once
        (f'{{ echo "$IN_PASSWORD"; ( ( echo {FAKE} ) ); }} | openssl rsa -in k.pem -passin stdin -passout stdin -out n.pem',
         "({ echo ...; } | openssl ... -passin stdin -passout stdin)"),
    ],
)  # fmt: skip
def test_openssl_reading_both_pass_phrases_from_stdin_reads_two_lines(script: str, shown: str) -> None:
    """``-passin stdin -passout stdin``: the first line of its input is the input pass phrase, the
    second the output one; a literal on either line is a secret."""
    reported_once(script_pod(script), POLICY, shown)


def test_openssl_reading_one_pass_phrase_from_stdin_reads_one_line() -> None:
    script = f"printf \"$KEY_PASSWORD\\n{FAKE}\\n\" | openssl rsa -in k.pem -passin stdin -passout file:/run/secrets/pw -out n.pem"
    assert [f.message for f in findings(script_pod(script), POLICY) if "input" in f.message] == []


# --- case patterns in a group ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("script", "shown"),
    [
        (f'( case "$ENV" in prod) echo {FAKE} ;; *) echo "$X" ;; esac ) | docker login -u bot --password-stdin r.example.com',
         "((echo ...) | docker ... --password-stdin)"),
        (f'( case "$ENV" in (prod) echo {FAKE} ;; esac ) | sudo -S apt-get update', "((echo ...) | sudo -S)"),
        (f'{{ case $1 in a|b) echo {FAKE} ;& *) echo "$X" ;;& esac; }} | sudo -S id', "({ echo ...; } | sudo -S)"),
        # a command substitution as the case's word: still a case, its patterns no commands
        (f'( case $(cat /etc/role) in prod) echo {FAKE} ;; esac ) | docker login -u bot --password-stdin r.example.com',
         "((echo ...) | docker ... --password-stdin)"),
        (f'( case "$(cat /etc/role)"x$(id -u) in prod) echo {FAKE} ;; esac ) | helm registry login -u bot --password-stdin r.example.com',
         "((echo ...) | helm ... --password-stdin)"),
        (f'( case `cat /etc/role` in prod) echo {FAKE} ;; esac ) | docker login -u bot --password-stdin r.example.com',
         "((echo ...) | docker ... --password-stdin)"),
    ],
)  # fmt: skip
def test_a_case_pattern_inside_a_group_does_not_close_it(script: str, shown: str) -> None:
    """The ``)`` that ends a case pattern (``a)``, ``(a)``, ``a|b)``) ends no subshell: the group's
    output is still all its commands' (``prod)`` closed the subshell, and the literal printed in
    it was lost), and a pattern is no command writing output of its own (for ``sudo -S``, which
    reads the first line, ``*)`` was a command whose output was not known)."""
    finding = reported_once(script_pod(script), POLICY, shown)
    assert "on its input (" in finding.message, finding.message


@pytest.mark.parametrize("word", ["$1", "$(id -u)", "`id -u`"])
def test_the_first_line_of_a_group_with_a_case_is_its_first_commands(word: str) -> None:
    """``prod)`` closed the subshell early: the literal after the case was read as written straight
    into ``sudo -S``, not as the group's second line, which goes to apt-get (also with a command
    substitution as the case's word: ``case $(id -u) in`` was no case, its patterns commands)."""
    script = f'( echo "$X"; case {word} in a) true ;; esac; echo {FAKE} ) | sudo -S apt-get update'
    assert [f.message for f in findings(script_pod(script), POLICY) if "on its input" in f.message] == []


@pytest.mark.parametrize("word", ['"$MODE"', "$(cat /etc/mode)", "`cat /etc/mode`"])
def test_a_case_pattern_is_judged_as_words_and_runs_nothing(word: str) -> None:
    """A pattern's words are still judged (a ``NAME=value`` there is in plain text), and a pattern
    that is a variable is no variable run as a script (whatever the case's word)."""
    env = [{"name": "SCRIPT", "value": f"mysql -uroot -p{FAKE}"}]
    obj = pod([container(command=["sh", "-c", f"case {word} in a) echo a ;; $SCRIPT) echo ok ;; esac"], env=env)])
    assert findings(obj, POLICY) == []
    reported_once(script_pod(f"case $1 in DB_PASSWORD={FAKE}) echo ok ;; esac"), POLICY, 'sets "DB_PASSWORD"')


# --- a pipe into a group ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("script", "shown"),
    [
        (f"echo {FAKE} | ( sudo -S apt-get update )", "(echo ... | sudo -S)"),
        (f"echo {FAKE} | ( set -e; cd /; sudo -S apt-get update )", "(echo ... | sudo -S)"),
        (f"echo {FAKE} | {{ cd /; sudo -S apt-get update; }}", "(echo ... | sudo -S)"),
        (f"echo {FAKE} | ( ( docker login -u bot --password-stdin r.example.com ) )", "(echo ... | docker ... --password-stdin)"),
        (f"echo {FAKE} | ( cat ) | sudo -S apt-get update", "((echo ... | cat) | sudo -S)"),
    ],
)  # fmt: skip
def test_the_first_command_of_a_group_reading_its_input_gets_the_pipe_into_it(script: str, shown: str) -> None:
    """``... | ( reader )``: a subshell's commands read the pipe into it, as a brace group's do;
    the first one that may read it gets it (``cd``, ``set``, ``echo`` leave it)."""
    finding = reported_once(script_pod(script), POLICY, shown)
    assert "on its input (" in finding.message, finding.message


@pytest.mark.parametrize(
    ("script", "shown"),
    [
        (f"printf 'a\\n{FAKE}\\n' | while read x; do sudo -S id; done", "(printf ... | sudo -S)"),
        (f"printf 'a\\n{FAKE}\\n' | while IFS= read -r x; do sudo -S id; done", "(printf ... | sudo -S)"),
        (f"printf 'a\\n{FAKE}\\n' | {{ read -r -p 'user? ' x; sudo -S id; }}", "(printf ... | sudo -S)"),
        (f"printf 'a\\nb\\n{FAKE}\\n' | ( read x; read -u 0 y; sudo -S id )", "(printf ... | sudo -S)"),
        (f"printf 'a\\n{FAKE}\\n' | ( read -u 3 x; read y; sudo -S id )", "(printf ... | sudo -S)"),  # -u 3: another input
        (f"cat <<EOF | while read x; do sudo -S id; done\na\n{FAKE}\nEOF", "(cat <<... | sudo -S)"),
        (f"{{ echo a; echo {FAKE}; }} | {{ read x; sudo -S id; }}", "({ echo ...; } | sudo -S)"),
        (f"printf 'a\\n{FAKE}\\n' | {{ read x < /etc/hostname; read y; sudo -S id; }}", "(printf ... | sudo -S)"),  # x: not the pipe's
        (f"printf 'a\\n{FAKE}\\n' | x=$(read y; sudo -S id)", "printf ... | sudo -S"),
    ],
)  # fmt: skip
def test_read_takes_a_line_of_the_pipe_and_leaves_the_rest_to_the_next_reader(script: str, shown: str) -> None:
    """``read`` takes one line of its input (the shell reads a pipe a byte at a time, not past the
    line): the next command of the group reading it gets the lines after it (``... | while read x;
    do sudo -S id; done``: sudo reads the second line as its password)."""
    finding = reported_once(script_pod(script), POLICY, shown)
    assert "on its input (" in finding.message, finding.message


@pytest.mark.parametrize(
    "script",
    [
        "printf 'a\\nb\\n' | while read x; do echo \"$x\"; done",
        f"printf 'a\\n{FAKE}\\n' | while read x; do echo \"$x\"; done",  # no reader of a secret
        f"printf '{FAKE}\\n' | while read x; do sudo -S id; done",  # read takes it: sudo gets nothing
        f"printf '{FAKE}\\n$PW\\n' | while read x; do sudo -S id; done",  # sudo gets the second line
        f"printf 'a\\n{FAKE}\\n' | while read x; do sudo -n id; done",  # -n: no password read
        f"printf 'a\\n{FAKE}\\n' | while read -n 1 x; do sudo -S id; done",  # a character, not a line: not known
        f"printf 'a\\n{FAKE}\\n' | while read -d , x; do sudo -S id; done",  # up to a comma: not known
        f"printf 'a\\n{FAKE}\\n' | {{ read x; read y; sudo -S id; }}",  # both lines read before sudo
        f"{{ whoami; echo {FAKE}; }} | {{ read x; read y; sudo -S id; }}",
        f"{{ whoami; echo a; echo {FAKE}; }} | {{ read x; sudo -S id; }}",  # whoami's line is not known to be one
    ],
)
def test_lines_read_before_a_reader_of_a_secret_do_not_reach_it(script: str) -> None:
    assert [f.message for f in findings(script_pod(script), POLICY) if "on its input" in f.message] == []


# --- compound commands piped like groups -----------------------------------------------------------


@pytest.mark.parametrize(
    ("script", "shown"),
    [
        (f"case x in x) echo '{FAKE}' ;; esac | sudo -S id", "({ echo ...; } | sudo -S)"),
        (f"case $(hostname) in prod) echo '{FAKE}' ;; esac | sudo -S id", "({ echo ...; } | sudo -S)"),
        (f"if true; then echo '{FAKE}'; fi | sudo -S id", "({ echo ...; } | sudo -S)"),
        (f"if [ -f /a ]; then :; elif true; then echo '{FAKE}'; else true; fi | sudo -S id", "({ echo ...; } | sudo -S)"),
        (f"for i in 1; do echo '{FAKE}'; done | sudo -S id", "({ echo ...; } | sudo -S)"),
        (f"while true; do echo '{FAKE}'; break; done | sudo -S id", "({ echo ...; } | sudo -S)"),
        (f"until false; do echo '{FAKE}'; break; done | sudo -S id", "({ echo ...; } | sudo -S)"),
        # the test of an if writes to the same pipe
        (f"if echo '{FAKE}'; then :; fi | docker login -u bot --password-stdin r.example.com",
         "({ echo ...; } | docker ... --password-stdin)"),
        # nested, and inside a group
        (f"( if true; then for i in 1; do echo '{FAKE}'; done; fi ) | sudo -S id", "((echo ...) | sudo -S)"),
        # a pipe into one feeds the first of its commands that reads it
        (f"echo '{FAKE}' | if true; then sudo -S id; fi", "(echo ... | sudo -S)"),
    ],
)  # fmt: skip
def test_a_compound_command_piped_into_a_reader_passes_what_its_commands_print(script: str, shown: str) -> None:
    """``if``/``for``/``while``/``until``/``case`` are piped as a brace group is: what their commands
    print (the test of an ``if`` too) goes down the pipe after their ``fi``/``done``/``esac`` (the
    pipe was read from that last word, which prints nothing)."""
    finding = reported_once(script_pod(script), POLICY, shown)
    assert "on its input (" in finding.message, finding.message


# --- command substitutions in a group -------------------------------------------------------------


@pytest.mark.parametrize(
    ("script", "shown"),
    [
        (f"{{ x=$(id -u); echo {FAKE}; }} | sudo -S id", "({ echo ...; } | sudo -S)"),
        (f"{{ x=`id -u`; echo {FAKE}; }} | sudo -S id", "({ echo ...; } | sudo -S)"),
        (f"( x=$(id -u); echo {FAKE} ) | sudo -S id", "((echo ...) | sudo -S)"),
        (f"{{ case $(uname) in *) : ;; esac; echo {FAKE}; }} | sudo -S id", "({ echo ...; } | sudo -S)"),
        (f"( case `uname` in *) : ;; esac; echo {FAKE} ) | sudo -S id", "((echo ...) | sudo -S)"),
        (f"{{ x=$( {{ id -u; }} ); y=$( ( hostname ) ); echo {FAKE}; }} | sudo -S id", "({ echo ...; } | sudo -S)"),
    ],
)  # fmt: skip
def test_a_command_substitution_writes_nothing_to_its_group(script: str, shown: str) -> None:
    """``$(...)`` and backticks capture what their commands write: ``id -u`` in ``x=$(id -u)`` writes
    no line of the group's output (it was counted as the first line, whose text is not known, and
    the literal the group writes first was taken for sudo's second line)."""
    decision = decide(script_pod(script))
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert "on its input (" in finding.message and shown in finding.message, finding.message
    assert FAKE not in everything_shown(decision)


@pytest.mark.parametrize(
    "script",
    [
        f"echo {FAKE} | {{ x=$(id -u); sudo -S id; }}",
        f"echo {FAKE} | ( x=`id -u`; y=$(hostname); docker login -u bot --password-stdin r.example.com )",
    ],
)
def test_a_command_substitution_does_not_read_the_pipe_into_its_group(script: str) -> None:
    """A substituted command is not the group's reader of the pipe into it: the next command is."""
    finding = reported_once(script_pod(script), POLICY, "(echo ... | ")
    assert "on its input (" in finding.message, finding.message


@pytest.mark.parametrize(
    "script",
    [
        f'{{ x=$(echo {FAKE}); echo "$PW"; }} | sudo -S id',
        f'( x=`printf %s {FAKE}`; echo "$PW" ) | docker login -u bot --password-stdin r.example.com',
    ],
)
def test_a_literal_captured_by_a_substitution_is_not_on_the_groups_output(script: str) -> None:
    assert [f.message for f in findings(script_pod(script), POLICY) if "on its input" in f.message] == []



# --- printf's format ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("script", "shown"),
    [
        (f"printf '%s:%s\\n' root {FAKE} | chpasswd", '"chpasswd" on its input (printf ... | chpasswd)'),
        (f"printf 'root:%s\\n' {FAKE} | chpasswd", '"chpasswd" on its input (printf ... | chpasswd)'),
        (f"printf '%s:%s\\n' app \"$APP_PASSWORD\" ops {FAKE} | chpasswd", '"chpasswd" on its input'),  # the format reused
        (f"printf -- 'root:%s\\n' {FAKE} | chpasswd", '"chpasswd" on its input (printf ... | chpasswd)'),
        (f"{{ printf \"$KEY_PASSWORD\\n\"; echo {FAKE}; }} | openssl rsa -in k.pem -passin stdin -passout stdin -out n.pem",
         "({ echo ...; } | openssl ... -passin stdin -passout stdin)"),  # printf's line ends at its \n: echo's is the second
    ],
)  # fmt: skip
def test_what_printf_writes_by_its_format_is_judged(script: str, shown: str) -> None:
    """printf writes its values through its format (``%s`` each value, the format reused while values
    remain, ``\\n`` a line break): ``printf 'root:%s\\n' PASSWORD | chpasswd`` writes a user:password
    line, and a format ending in ``\\n`` writes one line, as ``echo`` does."""
    finding = reported_once(script_pod(script), POLICY, shown)
    assert FAKE not in finding.message


@pytest.mark.parametrize(
    "script",
    [
        f"printf '%s\\n' \"$PW\" {FAKE} | sudo -S id",  # sudo reads the first line: $PW; id gets the second
        f"printf '%s\\n%s\\n' \"$KEY_PASSWORD\" {FAKE} | openssl rsa -in k.pem -passin stdin -passout file:/run/pw -out n.pem",
        "printf '%s\\n' \"$PW\" | sudo -S id",
    ],
)
def test_a_line_printf_writes_that_the_reader_does_not_read_as_a_secret_is_not_reported(script: str) -> None:
    assert [f.message for f in findings(script_pod(script), POLICY) if "on its input" in f.message] == []


# --- printf -v NAME -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "script",
    [
        "printf -v x '%s' \"$PW\" | sudo -S apt-get update",  # printf sets x: nothing reaches sudo, "-v" least of all
        f"printf -v line 'root:{FAKE}' | sudo -S chpasswd",  # chpasswd would get sudo's line: none
        f"printf -vline '%s\\n' {FAKE} | docker login -u bot --password-stdin registry.example.com",
        f"{{ printf -v x '%s' y; echo \"$PW\"; }} | sudo -S id",  # the group's first line is echo's
    ],
)
def test_printf_setting_a_variable_writes_nothing_to_the_pipe(script: str) -> None:
    """bash's ``printf -v NAME FORMAT VALUE...`` sets NAME to what it would print and prints
    nothing: its words are not written into the pipe (``-v`` was read as its format)."""
    assert [f.message for f in findings(script_pod(script), POLICY) if "on its input" in f.message] == []


@pytest.mark.parametrize(
    "script",
    [
        f"printf -v DB_PASSWORD '%s' '{FAKE}'; exec mysqld",
        f"printf -vDB_PASSWORD '%s\\n' {FAKE}; exec mysqld",
        f"printf -v DB_PASSWORD -- '{FAKE}'; exec mysqld",
    ],
)
def test_printf_setting_a_sensitive_variable_to_a_literal_is_an_assignment(script: str) -> None:
    """``printf -v DB_PASSWORD '%s' VALUE`` is ``DB_PASSWORD=VALUE``: reported the same, the value never shown."""
    decision = decide(script_pod(script))
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert 'sets "DB_PASSWORD"' in finding.message
    assert FAKE not in everything_shown(decision)



UNSPLIT = "FAKE-n0t-a-real-value"  # names no program (once, such a script was not split into commands)


@pytest.mark.parametrize(
    ("script", "reference"),
    [
        (f"printf -v API_TOKEN '{UNSPLIT}'; ./app", "printf -v API_TOKEN \"$X\"; ./app"),
        (f"printf -v API_TOKEN '%s' '{UNSPLIT}'; ./app", "printf -v API_TOKEN '%s' \"$X\"; ./app"),
        (f"printf -vAPI_TOKEN '%s\\n' {UNSPLIT}\n./app", "printf -vAPI_TOKEN '%s\\n' \"$(cat /run/secrets/t)\"\n./app"),
        (f"cd /srv && printf -v SECRET_KEY '{UNSPLIT}' && ./app", "cd /srv && printf -v SECRET_KEY \"${KEY}\" && ./app"),
    ],
)
def test_printf_setting_a_sensitive_variable_is_found_in_a_script_naming_no_program(script: str, reference: str) -> None:
    """A script was once split into commands only when it named something a split judges (mysql,
    curl, --...); ``printf -v API_TOKEN ...`` sets API_TOKEN as ``API_TOKEN=...`` does, found in
    a script naming nothing else; a value that is a reference (``"$X"``) is none."""
    decision = decide(script_pod(script))
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert "sets" in finding.message and ("API_TOKEN" in finding.message or "SECRET_KEY" in finding.message), finding.message
    assert UNSPLIT not in everything_shown(decision)
    assert findings(script_pod(reference), POLICY) == []



# --- printf's directives --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "script",
    [
        f"printf '%b:%b\\n' root '{FAKE}' | chpasswd",  # %b: the value, its escapes expanded
        f"printf 'root:%b\\n' '{FAKE}' | chpasswd",
        f"printf 'root:%q\\n' '{FAKE}' | chpasswd",  # %q: the value quoted for the shell, a literal all the same
        f"printf 'root:%-40s\\n' '{FAKE}' | chpasswd",  # a width pads with blanks
        f"printf 'root:%.40s\\n' '{FAKE}' | chpasswd",  # a precision cuts the value (here not)
        "printf 'root:%d\\n' 73190465 | chpasswd",  # a decimal number as written
    ],
)
def test_what_printf_writes_by_its_directives_is_judged(script: str) -> None:
    """printf's other directives write their value as text too: ``%b`` (escapes expanded), ``%q``,
    ``%c``, ``%d`` of a decimal number, with a width or precision; the user:password line they
    write is judged as written, not the values alone (``root`` then the password, no colon)."""
    finding = reported_once(script_pod(script), POLICY, '"chpasswd" on its input (printf ... | chpasswd)')
    assert FAKE not in finding.message


@pytest.mark.parametrize(
    "script",
    [
        f"printf '%b\\n' \"$PW\" '{FAKE}' | sudo -S id",  # sudo reads the first line: $PW
        f"printf '%.0s' '{FAKE}' | sudo -S id",  # a precision of 0 writes none of it
        f"printf '%b' 'x\\c{FAKE}' | sudo -S id",  # \\c in a %b value ends the output
    ],
)
def test_what_printf_directives_do_not_write_is_not_reported(script: str) -> None:
    assert [f.message for f in findings(script_pod(script), POLICY) if "on its input" in f.message] == []


# --- a command substitution reads the input of the command it is in ----------------------------


@pytest.mark.parametrize(
    ("script", "shown"),
    [
        (f"echo {FAKE} | x=$(sudo -S id)", "echo ... | sudo -S"),
        (f"echo {FAKE} | x=`sudo -S id`", "echo ... | sudo -S"),
        (f"echo {FAKE} | log $(sudo -S id)", "echo ... | sudo -S"),
        (f"echo {FAKE} | x=$(cd /; sudo -S id)", "echo ... | sudo -S"),  # cd leaves it to the next command
        (f"echo {FAKE} | x=$(y=$(sudo -S id))", "echo ... | sudo -S"),  # nested: the inner one inherits it too
        (f"echo {FAKE} | {{ x=$(sudo -S id); }}", "echo ... | sudo -S"),  # the group's input, through its first command
        (f"echo {FAKE} | x=$(cat | sudo -S id)", "echo ... | cat | sudo -S"),
    ],
)  # fmt: skip
def test_a_command_substitution_reads_the_pipe_into_the_command_it_is_in(script: str, shown: str) -> None:
    """``echo ... | x=$(sudo -S id)``: the substitution runs with the standard input of the command it
    is in (an assignment's, an argument's), so the first of its commands that reads gets the pipe."""
    finding = reported_once(script_pod(script), POLICY, shown)
    assert "on its input (" in finding.message, finding.message


@pytest.mark.parametrize(
    "script",
    [
        "echo hello | x=$(cat)",  # no reader of a secret
        f"echo {FAKE} | x=$(cat; sudo -S id)",  # cat reads it all first
        f"echo {FAKE} | x=$(id -u); sudo -S id",  # sudo is no command of the pipe
        'echo "$PW" | x=$(sudo -S id)',  # a reference, no literal
    ],
)
def test_a_command_substitution_not_getting_a_literal_on_its_input_is_not_reported(script: str) -> None:
    assert [f.message for f in findings(script_pod(script), POLICY) if "on its input" in f.message] == []


@pytest.mark.parametrize(
    "script",
    [
        f"$(echo {FAKE}) | sudo -S id",  # runs the command named by echo's output: what it writes is not known
        f"$(echo {FAKE})|sudo -S",  # (minimised from a divergence of the split-equivalence test)
        f"x=$(echo {FAKE}) | sudo -S id",  # an assignment writes nothing
        f"x=$(y=$(echo {FAKE}) | sudo -S id)",  # the same, inside a substitution
        f"echo a | x=$(echo {FAKE}) | sudo -S id",  # a substitution given the pipe's input
        f"x=$(echo {FAKE}) | {{ sudo -S id; }}",  # into a group
        f"$(echo {FAKE}) 2>&1 | docker login -u bot --password-stdin r.example.com",
    ],
)
def test_the_output_of_a_command_substitution_is_not_piped_on(script: str) -> None:
    """``$(echo ...) | sudo -S id``: the substitution's output is captured (it becomes words of the
    command it is in), so what goes down the pipe after its ``)`` is that command's output, not the
    output of the last command inside it (taken as the pipe's writer, so the literal was reported)."""
    assert [f.message for f in findings(script_pod(script), POLICY) if "on its input" in f.message] == []


@pytest.mark.parametrize(
    "script",
    [
        f"echo $(echo {FAKE}) | sudo -S id",  # echo writes what the substitution gives it
        f"echo x $(echo {FAKE}) | sudo -S id",
        f"printf '%s\\n' $(echo {FAKE}) | sudo -S id",
        f"echo $(echo {FAKE}) | docker login --password-stdin -u u r.example.com",
        f"echo {FAKE}$(echo a) | sudo -S id",
        # a subshell writes into the pipe, whatever substitution its last command holds
        f"(echo {FAKE}; x=$(date)) | sudo -S id",
        f"(echo {FAKE}; true $(x)) | sudo -S id",
        f"(echo {FAKE} && id -u $(whoami)) | sudo -S id",
        f"(echo {FAKE}; echo $(date) >&2) | docker login --password-stdin -u u r.example.com",
    ],
)
def test_a_command_whose_argument_is_a_substitution_writes_into_the_pipe(script: str) -> None:
    """Since 1.25.132 a pipe after a substitution's ``)`` carried nothing, also when the substitution
    was an argument of a command that writes (``echo $(echo ...) | sudo -S id``) or the last command
    of a subshell piped on (``(echo ...; x=$(date)) | sudo -S id``): the secret passed unreported."""
    assert [f.message for f in findings(script_pod(script), POLICY) if "on its input" in f.message], script


@pytest.mark.parametrize(
    "script",
    [
        f"echo {FAKE} $(true) | sudo -S id",  # a substitution as a later argument of the writer
        f"echo {FAKE} `true` | sudo -S id",
        f'echo "{FAKE}$(date)" | sudo -S id',  # the literal part of the word is written whatever date prints
        f'printf "%s\\n" "{FAKE}$(date)" | sudo -S id',
        f"echo -n {FAKE} $(date +%s) | docker login --password-stdin -u u r.example.com",
        f"echo {FAKE} | tee $(mktemp) | sudo -S id",  # tee copies its input, whatever file it is named
        f'echo {FAKE} | tee "$(mktemp)" | sudo -S id',
        f"echo {FAKE} | tee -a $(mktemp) | cat | sudo -S id",
        f"echo {FAKE} | tee /tmp/x | sudo -S id",
        f"echo {FAKE} | tee $(x=$(mktemp)) | sudo -S id",  # the assignment's ) does not end what tee writes
        f"x=$(echo {FAKE} $(true) | sudo -S id)",  # the same inside a substitution
    ],
)
def test_a_literal_written_beside_a_substitution_reaches_the_reader(script: str) -> None:
    """The commands of a substitution in a writer's words ran after it in the split, and the last of
    them was taken for the pipe's writer: ``echo ... $(true) | sudo -S id`` carried what ``true``
    writes (nothing known), ``tee $(mktemp)`` broke tee's pass-through. The writer is the command the
    substitution is in: its own literal words are written, with what the substitution gives them."""
    (finding,) = findings(script_pod(script), POLICY)
    assert "on its input" in finding.message, finding.message
    assert FAKE not in finding.message


@pytest.mark.parametrize(
    "script",
    [
        f'echo "$PW$(date)" | sudo -S id',  # a reference and a substitution, no literal
        f'echo "$PW" $(true) | sudo -S id',
        "echo $(date) | sudo -S id",
        f"echo {FAKE} | tee $(mktemp) > /dev/null; sudo -S id",  # no pipe into sudo
        f"echo {FAKE} | tee $(mktemp) | grep x | sudo -S id",  # grep changes it
        f"grep -c $(echo {FAKE}) | sudo -S id",  # grep writes its own output, not its argument
        f"x=`echo {FAKE}` | sudo -S id",  # an assignment writes nothing
    ],
)
def test_a_substitution_in_a_command_that_writes_no_literal_gives_the_pipe_none(script: str) -> None:
    assert [f.message for f in findings(script_pod(script), POLICY) if "on its input" in f.message] == []


@pytest.mark.parametrize(
    "script",
    [
        f"echo {FAKE} $(date) more | sudo -S id",  # words after the substitution are echo's, not a command
        f"echo $(date) {FAKE} | sudo -S id",  # the literal after the substitution
        f"echo $(true){FAKE} | sudo -S id",
        f"echo `date` {FAKE} | sudo -S id",
        f"echo $(echo {FAKE}) more $(echo more) | sudo -S id",  # reported before 1.25.136, from the last echo
        f"echo {FAKE} $(echo a) more $(echo b) | sudo -S id",
        f"echo $(echo a) more $(echo {FAKE}) | sudo -S id",
        f"echo $(echo {FAKE}) $(echo more) | sudo -S id",  # a substitution right after another
        f"echo $(date)$(date) {FAKE} | docker login --password-stdin -u me reg.example",
        f"echo {FAKE} | tee $(mktemp) $(mktemp) | sudo -S id",  # tee's words go on after its file
        f"echo {FAKE} | tee $(mktemp) -a | sudo -S id",
    ],
)
def test_the_words_after_a_substitution_are_the_writers(script: str) -> None:
    """The words of a writer after a command substitution in them were read as a command of their
    own, and taken for the pipe's writer (``echo ... $(date) more | sudo -S id``: what a command named
    ``more`` writes, not known); a second substitution in those words then had that command for its
    writer, so ``echo $(echo ...) more $(echo more)``, reported before 1.25.136 from the last echo,
    was no longer. They are the writer's words: echo writes them."""
    (finding,) = findings(script_pod(script), POLICY)
    assert "on its input" in finding.message, finding.message
    assert FAKE not in finding.message


@pytest.mark.parametrize(
    "script",
    [
        # printf's words after a substitution are values too: its format writes each of them
        f"printf '%s\\n' $(date) {FAKE} | docker login --password-stdin -u me reg.example",  # docker reads all its input
        f"printf '%s\\n' \"$(date)\" {FAKE} | docker login --password-stdin -u me reg.example",
        f"printf '%s %s\\n' $(date) {FAKE} | sudo -S id",  # one line: sudo's first
        f"printf '%s\\n' $(echo a) more $(date) {FAKE} | docker login --password-stdin -u me reg.example",
        f"printf '%s\\n' `date` {FAKE} | docker login --password-stdin -u me reg.example",
        # a writer in a group: the words after its substitution are written into the group's output
        f"( echo $(date) {FAKE} ) | sudo -S id",
        f"{{ echo $(date) {FAKE}; }} | sudo -S id",
        f"{{ echo `date` {FAKE}; }} | sudo -S id",
        f"( echo {FAKE} $(date) ) | sudo -S id",
        f"( printf '%s\\n' {FAKE} $(true) ) | sudo -S id",
        f"( printf '%s\\n' $(true) {FAKE} ) | docker login --password-stdin -u me reg.example",
        f"( cd /; echo $(date) {FAKE} ) | sudo -S id",
        f"echo {FAKE} $( (date) ) | sudo -S id",  # a substitution ending with a group: echo's own words are written
        f"{{ echo {FAKE} $( (date) ); }} | sudo -S id",
        # user:password lines: the substitution's output in its place in the line
        f"echo \"root:$(echo {FAKE})\" | chpasswd",
        f"echo \"root:`echo {FAKE}`\" | chpasswd",
        f"echo \"root:{FAKE}$(true)\" | chpasswd",
        f"printf '%s\\n' \"root:$(echo {FAKE})\" | chpasswd",
    ],
)
def test_a_literal_a_writer_writes_around_a_substitution_reaches_its_reader(script: str) -> None:
    """Since 1.25.149 echo's words after a command substitution are its own; printf's were not read
    (its format applies to them again: they are written all the same), a writer's in a group were
    lost (the group's output took the writer's words up to the substitution), and a quoted
    substitution's output replaced the whole line (``echo "root:$(echo ...)" | chpasswd``: no
    ``user:`` left, no password). One finding each, the reader's."""
    (finding,) = findings(script_pod(script), POLICY)
    assert "on its input" in finding.message, finding.message
    assert FAKE not in finding.message


@pytest.mark.parametrize(
    "script",
    [
        "( echo hello-world ) > /dev/null; sudo -S id",  # no pipe
        f"( echo $(date) {FAKE} ) > /dev/null; sudo -S id",
        f"( echo $(date) {FAKE} > /dev/null ) | sudo -S id",
        "printf '%s\\n' \"$PW\" $(date) | sudo -S id",
        f"printf '%s\\n' \"$(date)\" {FAKE} | sudo -S id",  # sudo -S reads the first line: date's
        f"printf '%s\\n' \"$PW\" $(date) {FAKE} | sudo -S id",
        "echo \"root:$(cat /run/secrets/pw)\" | chpasswd",
        "echo \"root:$PW$(true)\" | chpasswd",
        "echo \"root:`cat /run/secrets/pw`\" | chpasswd",
    ],
)
def test_a_substitution_a_writer_writes_no_literal_from(script: str) -> None:
    assert [f.message for f in findings(script_pod(script), POLICY) if "on its input" in f.message] == []


@pytest.mark.parametrize(
    "script",
    [
        # unquoted, a substitution that prints nothing is no word: printf's first value is the literal
        f"printf '%s\\n' $(true) {FAKE} | sudo -S id",
        f"printf '%s\\n' $(:) {FAKE} | sudo -S id",
        f"printf '%s\\n' $(cd /tmp) {FAKE} | sudo -S id",
        f"printf '%s\\n' $(export A=1) {FAKE} | sudo -S id",
        f"printf '%s\\n' $(x=1) {FAKE} | sudo -S id",
        f"printf '%s\\n' $(date > /dev/null) {FAKE} | sudo -S id",
        f"printf '%s\\n' `true` {FAKE} | sudo -S id",
        f"printf '%s\\n' $(true) $(x=$(date)) {FAKE} | sudo -S id",
        f"printf '%s\\n' $(true) {FAKE} $(echo {FAKE}) | sudo -S id",
        f"printf '%s\\n' $(true) {FAKE} $(date) | sudo -S id",
        f"printf '%s %s\\n' $(true) root:{FAKE} | chpasswd",
        f"echo $(true) {FAKE} | sudo -S id",
        f"( printf '%s\\n' $(true) {FAKE} ) | sudo -S id",
    ],
)
def test_a_substitution_that_prints_nothing_leaves_the_literal_first(script: str) -> None:
    """``$(true)``, ``$(cd /x)``, ``$(x=1)`` or ``$(cmd > /dev/null)`` print nothing: unquoted, no
    word is left of them, so ``printf '%s\\n' $(true) ...`` writes the literal on its first line,
    the one sudo -S reads. It was taken for an unknown line, and nothing was reported."""
    (finding,) = findings(script_pod(script), POLICY)
    assert "on its input" in finding.message, finding.message
    assert FAKE not in finding.message


@pytest.mark.parametrize(
    "script",
    [
        f"printf '%s\\n' $(date) {FAKE} | sudo -S id",  # date prints a line: sudo reads it
        f"printf '%s\\n' \"$(true)\" {FAKE} | sudo -S id",  # quoted: an empty word, an empty first line
        f"printf '%s\\n' $(true; date) {FAKE} | sudo -S id",
        f"printf '%s\\n' $(date; true) {FAKE} | sudo -S id",
        f"printf '%s\\n' $(umask) {FAKE} | sudo -S id",  # umask alone prints the mask
        f"printf '%s\\n' $(cd -) {FAKE} | sudo -S id",  # cd - prints the directory
        f"printf '%s\\n' $(export -p) {FAKE} | sudo -S id",
        f"printf '%s\\n' $($CMD) {FAKE} | sudo -S id",
        f"printf '%s\\n' $( (true) ) {FAKE} | sudo -S id",
        f"printf '%s\\n' $(true | cat) {FAKE} | sudo -S id",
        f"printf '%s\\n' `date` {FAKE} | sudo -S id",  # backquoted: date's line first all the same (1.25.159)
        f"printf '%s\\n' `umask` {FAKE} | sudo -S id",
        f"printf '%s\\n' $(true) `date` {FAKE} | sudo -S id",
    ],
)
def test_a_substitution_that_may_print_a_line_is_the_first_line(script: str) -> None:
    assert [f.message for f in findings(script_pod(script), POLICY) if "on its input" in f.message] == []


_SUBSTITUTED = ("true", ":", "cd /x", "x=1", "date", "umask", "echo a", f"echo {FAKE}", "echo a b", "date > /dev/null", "cat /run/secrets/pw")
_AROUND_A_SUBSTITUTION = (
    "printf '%s\\n' {} {fake} | sudo -S id",
    "printf '%s %s\\n' {} root:{fake} | chpasswd",
    "printf '%s\\n' {fake} {} | sudo -S id",
    "printf '%s\\n' x{} {fake} | sudo -S id",
    "echo {} {fake} | sudo -S id",
    "echo {fake} {} | docker login --password-stdin -u me reg.example",
    "echo {}{fake} | sudo -S id",
    "echo {} | sudo -S id",
    "echo a {} {} {fake} | sudo -S id",
    "( printf '%s\\n' {} {fake} ) | sudo -S id",
)


@pytest.mark.parametrize("body", _SUBSTITUTED)
@pytest.mark.parametrize("shape", _AROUND_A_SUBSTITUTION)
def test_a_backquoted_substitution_takes_the_place_of_its_dollar_spelling(shape: str, body: str) -> None:
    """Since 1.25.157 a ``$(...)`` among a writer's words has its place in them (printing nothing: no
    word; a line not known: that line); backquotes had none, the writer kept its own words, so
    ``printf '%s\\n' `date` ... | sudo -S id`` was reported where ``$(date)`` was not. Both spellings
    are one substitution."""
    dollar = findings(script_pod(shape.format(f"$({body})", f"$({body})", fake=FAKE)), POLICY)
    backquoted = findings(script_pod(shape.format(f"`{body}`", f"`{body}`", fake=FAKE)), POLICY)
    assert [f.message for f in backquoted] == [f.message for f in dollar]


@pytest.mark.parametrize(
    "script",
    [
        f"echo $(date); {FAKE} | sudo -S id",  # a command after a separator is a command
        f"x=$(date) {FAKE} | sudo -S id",  # an assignment's substitution: the command runs with x set
        f"grep -c $(echo {FAKE}) more | sudo -S id",  # grep writes its own output
        f"echo $(date) more > /dev/null | sudo -S id",
        f"printf '%s\\n' $(date) {FAKE} | sudo -S id",  # printf writes the literal on a line of its own: sudo -S reads date's
    ],
)
def test_words_after_a_substitution_of_another_command_write_no_literal(script: str) -> None:
    assert [f.message for f in findings(script_pod(script), POLICY) if "on its input" in f.message] == []


@pytest.mark.parametrize(
    "script",
    [
        f"echo {FAKE}(|sudo -S id",
        f"echo {FAKE} $(| sudo -S id)",
        f"echo {FAKE}; (|sudo -S id)",
    ],
)
def test_a_pipe_right_after_an_opening_parenthesis_carries_nothing(script: str) -> None:
    """Syntax errors (no command before the ``|``), minimised from divergences of the split-equivalence
    test: what is before the ``(`` is outside the substitution or the subshell, its output not the pipe's."""
    assert [f.message for f in findings(script_pod(script), POLICY) if "on its input" in f.message] == []


@pytest.mark.parametrize(
    "script",
    [
        f"`echo {FAKE} | (` sudo -S id",  # a subshell opened in backticks
        f"`echo {FAKE} | {{` sudo -S id",  # a brace group
        f'"`echo "a b" |  ( -p log `sudo -kS id` ',  # (the divergence first seen, with a stray ")
        f"x=$(echo {FAKE} | `) sudo -S id",  # backticks opened in a $(
        f'x="`echo {FAKE} | (``sudo -S id`"',  # a subshell left open in a quoted substitution, the next one after it
        f'x="$(echo {FAKE} | for)`sudo -S id`"',  # a loop
    ],
)
def test_what_opens_inside_a_substitution_closes_with_it(script: str) -> None:
    """Syntax errors minimised from divergences of the split-equivalence test: the shell reads a
    substitution whole, so a group or backticks it leaves open end with it (a dash ``sh -n`` error);
    they were left open, and the command after the substitution was read as the group's, given the
    pipe inside it."""
    assert [f.message for f in findings(script_pod(script), POLICY) if "on its input" in f.message] == []


@pytest.mark.parametrize(
    ("script", "shown"),
    [(f"echo {FAKE} | (|(sudo -S id))", "(echo ... | sudo -S)"), (f"(|(sudo -S id)) <<EOF\n{FAKE}\nEOF", "((... sudo -S) <<...)")],
)
def test_a_subshell_after_a_pipe_with_no_writer_reads_the_input_of_its_group(script: str, shown: str) -> None:
    """``( | ( sudo -S id ) )`` (a syntax error, minimised from a divergence): the pipe carries nothing,
    so the inner subshell reads what the outer one is given, as ``( ( sudo -S id ) )`` does."""
    finding = reported_once(script_pod(script), POLICY, shown)
    assert "on its input (" in finding.message, finding.message


# --- a command substitution in double quotes -------------------------------------------------------


@pytest.mark.parametrize(
    ("script", "shown"),
    [
        (f'x="$(echo {FAKE} | sudo -S id)"; ./app', "echo ... | sudo -S"),
        (f'x="`echo {FAKE} | sudo -S id`"; ./app', "echo ... | sudo -S"),
        (f'log "$(echo {FAKE} | sudo -S id)"', "echo ... | sudo -S"),
        (f'log "uid: $(echo \'{FAKE}\' | sudo -S id -u)!"', "echo ... | sudo -S"),  # text around it, quotes inside
        (f'x="$(printf "%s\\n" {FAKE} | sudo -S id)"', "printf ... | sudo -S"),  # double quotes inside
        (f'echo {FAKE} | x="$(sudo -S id)"', "echo ... | sudo -S"),  # the pipe into the command it is in
    ],
)  # fmt: skip
def test_a_command_substitution_in_double_quotes_is_read_as_a_script(script: str, shown: str) -> None:
    """``"$(...)"`` is one word, but the shell runs what is inside as a script, as for ``$(...)``:
    its commands are read as commands (their pipes too), not as one quoted word."""
    finding = reported_once(script_pod(script), POLICY, shown)
    assert "on its input (" in finding.message, finding.message


@pytest.mark.parametrize(
    ("script", "shown"),
    [
        (f'x="$(echo "a b"; echo {FAKE} | sudo -S id)"', "echo ... | sudo -S"),
        (f'x="$(mysql -uroot -p{FAKE} -e "select 1")"', '"mysql" (-p<password>)'),
        (f'out="$(docker login -u "bot user" -p {FAKE} registry.example.com)"', '"docker" (login -p <password>)'),
        (f'log "uid: $(echo \'{FAKE}\' | sudo -S id -u "-g" "a b")!"; ./app', "echo ... | sudo -S"),
        (f'x="`echo "a b"; echo {FAKE} | sudo -S id`"', "echo ... | sudo -S"),
        (f'x="$(echo "$(id -u "a b")"; mysql -uroot -p{FAKE} -e "select 1")"', '"mysql" (-p<password>)'),
        (f'x="$(\n  echo "a b"\n  mysql -uroot -p{FAKE} -e "select 1"\n)"', '"mysql" (-p<password>)'),
        (f'x="$(echo "{FAKE}" > /tmp/a | sudo -S -u "a b" id)"', 'writes a secret to a redirection, not to the input of "sudo"'),
    ],
)  # fmt: skip
def test_a_quoted_substitution_holding_quoted_blanks_is_read_as_a_script(script: str, shown: str) -> None:
    """Quotes inside ``"$(...)"`` are the substitution's own: ``"a b"`` in it does not end the word
    at its blank (the word was cut there, and what the substitution runs was never read)."""
    reported_once(script_pod(script), POLICY, shown)


@pytest.mark.parametrize(
    "script",
    [
        f'x="$(echo {FAKE} | (sudo -S id))"',
        f"x=$(echo {FAKE} | (sudo -S id))",
        f'x="$(echo {FAKE} | {{ cd /; sudo -S id; }})"',
        f"x=`echo {FAKE} | (sudo -S id)`",
        f"echo {FAKE} | (sudo -S id)",
        f"echo {FAKE} | x=$(echo hi | (cat); sudo -S id)",  # after the group: the input of the command it is in
    ],
)
def test_a_group_piped_into_inside_a_substitution_gives_its_input_to_its_first_reader(script: str) -> None:
    """The commands of a group inside ``$(...)`` are captured (their output is the substitution's),
    but what is piped into the group is still its first reader's input, as outside one."""
    finding = reported_once(script_pod(script), POLICY, "echo ... | sudo -S")
    assert "on its input (" in finding.message, finding.message


@pytest.mark.parametrize(
    "script",
    [
        f"echo {FAKE} | ( cat < /etc/motd | x=$(sudo -S id) )",  # sudo reads cat's output, not the group's input
        f'x="$(echo {FAKE} | ( cat < /etc/motd | y=$(sudo -S id) ))"',
        f'x="$(echo {FAKE} | ( cat; sudo -S id ))"',  # cat reads it all first
        # the pipe into the group is its commands' input, not the one of the command the substitution is in
        f'echo {FAKE} | x=$(echo "$PW" | (sudo -S id))',
        f"echo {FAKE} | x=$(echo hi | ( read y; sudo -S id ))",
    ],
)
def test_a_group_in_a_substitution_whose_reader_gets_no_literal_is_not_reported(script: str) -> None:
    assert [f.message for f in findings(script_pod(script), POLICY) if "on its input" in f.message] == []


@pytest.mark.parametrize(
    "script",
    [
        f'x="$(printf "%s\\n" "$PW" | sudo -S -u "a b" id)"; echo {FAKE}',  # a reference piped; the literal after it is no one's input
    ],
)
def test_a_quoted_substitution_not_feeding_a_literal_is_not_reported(script: str) -> None:
    assert [f.message for f in findings(script_pod(script), POLICY) if "on its input" in f.message] == []


@pytest.mark.parametrize(
    "script",
    [
        'x="$(id -u)"; sudo -S id < /run/secrets/pw',
        'x="$(echo "$PW" | sudo -S id)"',  # a reference, no literal
        f"echo '$(echo {FAKE} | sudo -S id)'",  # single quotes: text, not run
        f"echo \"\\$(echo {FAKE} | sudo -S id)\"",  # an escaped $: text
        f'echo "$(echo {FAKE})" | x=1',  # captured by the substitution, then echoed into no reader
    ],
)
def test_quoted_text_that_is_no_substitution_reading_a_literal_is_not_reported(script: str) -> None:
    assert [f.message for f in findings(script_pod(script), POLICY) if "on its input" in f.message] == []


# --- one secret written as NAME=value into a reader's input: one finding --------------------------

PIPED_SETTINGS = [
    "echo 'PASSWORD=Zq7fake' | docker login --password-stdin -u me reg.example",
    "echo DB_PASSWORD=Zq7fake | docker login --password-stdin -u me reg.example",
    "printf 'token=Zq7fake\\n' | helm registry login --password-stdin -u me reg.example",
    "echo -n PASSWORD=Zq7fake | tee /tmp/log | docker login --password-stdin -u me reg.example",
    "printf 'PASSWORD=Zq7fake' | sudo -S id",
    # into a group whose first command reads it: a subshell, a brace group, in a quoted substitution
    "echo PASSWORD=Zq7fake | ( sudo -S id )",
    "echo 'PASSWORD=Zq7fake' | (sudo -S id)",
    'x="$(echo PASSWORD=Zq7fake | ( sudo -S id ))"',
    "echo PASSWORD=Zq7fake | { sudo -S id; }",
    "echo 'PASSWORD=Zq7fake' | ( cat | docker login --password-stdin -u me reg.example )",
    # a connection string the reader takes whole: the argument's credential is the one it reads
    "echo 'user=a password=Zq7fake' | docker login --password-stdin -u me reg.example",
    "printf '%s' 'host=db user=a password=Zq7fake' | docker login --password-stdin -u me reg.example",
    # into an assignment's substitution, whose first command reads the input of the assignment
    'echo PASSWORD=Zq7fake | x="$( sudo -S id )"',
    'echo PASSWORD=Zq7fake | x="` sudo -S id `"',
    "echo PASSWORD=Zq7fake | x=$( sudo -S id )",
    "echo PASSWORD=Zq7fake | x=`sudo -S id`",
    "echo PASSWORD=Zq7fake | `sudo -S id`",
    # beside a substitution in the writer's words, or one naming tee's file
    "echo PASSWORD=Zq7fake $(date +%s) | docker login --password-stdin -u me reg.example",
    "echo PASSWORD=Zq7fake | tee $(mktemp) | docker login --password-stdin -u me reg.example",
    # the reader is not the first command of the group or substitution: the ones before leave its input
    "echo PASSWORD=Zq7fake | x=$( cd /; sudo -S id )",
    'echo PASSWORD=Zq7fake | x="$( cd /; sudo -S id )"',
    "echo PASSWORD=Zq7fake | ( cd /; sudo -S id )",
    "echo PASSWORD=Zq7fake | { cd /tmp && sudo -S id; }",
    "echo PASSWORD=Zq7fake | ( cd /; cat | docker login --password-stdin -u me reg.example )",
    # before more words of the writer, after a substitution in them
    "echo PASSWORD=Zq7fake $(date +%s) more | docker login --password-stdin -u me reg.example",
    "echo $(date +%s) PASSWORD=Zq7fake | docker login --password-stdin -u me reg.example",
    "echo PASSWORD=Zq7fake $(date) $(date) | docker login --password-stdin -u me reg.example",
    # through a substitution nested in the writer's (the assignment's command is no writer)
    "echo PASSWORD=Zq7fake $(x=$(mktemp)) | docker login --password-stdin -u me reg.example",
    # after a substitution in printf's words
    "printf '%s\\n' $(date +%s) PASSWORD=Zq7fake | docker login --password-stdin -u me reg.example",
    # written by a command of a group piped into the reader
    "( echo PASSWORD=Zq7fake ) | docker login --password-stdin -u me reg.example",
    "{ echo PASSWORD=Zq7fake; } | sudo -S id",
    "( cd /; echo PASSWORD=Zq7fake ) | sudo -S id",
    "{ printf '%s\\n' PASSWORD=Zq7fake; } | docker login --password-stdin -u me reg.example",
    "( ( echo PASSWORD=Zq7fake ) ) | sudo -S id",
]


@pytest.mark.parametrize("script", PIPED_SETTINGS)
def test_a_setting_piped_into_a_reader_of_a_secret_is_one_finding_naming_the_reader(script: str) -> None:
    """``echo 'PASSWORD=...' | docker login --password-stdin`` was two findings, ``sets "PASSWORD"``
    and ``passes a secret to "docker" on its input``, for the one text docker reads as its password."""
    # a libpq connection string (host=...) on a ConfigMap script's line is one credential first: one
    # finding, the string's
    in_configmap = () if "host=" in script else ((configmap({"login.sh": script + "\n"}), 'key "login.sh"'),)
    for obj, where in ((script_pod(script), 'container "app" args[0]'), *in_configmap):
        (finding,) = findings(obj, POLICY)
        assert where in finding.message and "on its input" in finding.message, finding.message
        assert "Zq7fake" not in repr((finding.message, finding.path))


@pytest.mark.parametrize(
    ("script", "kept"),
    [
        ("echo PASSWORD=Zq7fake | ( echo PASSWORD=Zq7fake; sudo -S id )", 26),  # sudo reads the first, the second is the group's output
        ("echo PASSWORD=Zq7fake | x=$( echo PASSWORD=Zq7fake; sudo -S id )", 29),
        ("echo PASSWORD=Zq7fake | ( cd /; echo PASSWORD=Zq7fake | sudo -S id )", 0),  # sudo reads the second
        ("echo PASSWORD=Zq7fake | x=$( echo PASSWORD=Zq7fake | sudo -S id )", 0),
    ],
)
def test_a_setting_written_again_in_the_group_of_its_reader_keeps_its_finding(script: str, kept: int) -> None:
    """Two writings of a setting, one the reader takes (one finding, the reader's), the other written
    into the group's output or into no reader: a finding of its own (at offset ``kept``)."""
    found = list(script_findings(Names.of((), ()), script))
    assert [(offset, "on its input" in problem) for offset, problem, _ in found] == [(kept, False), (script.rindex("sudo"), True)]


def test_an_unquoted_setting_piped_into_a_reader_in_a_configmap_script_names_the_reader() -> None:
    (finding,) = findings(configmap({"login.sh": "echo DB_PASSWORD=Zq7fake | docker login --password-stdin -u me reg.example\n"}), POLICY)
    assert "on its input" in finding.message, finding.message


@pytest.mark.parametrize(
    "data",
    [
        {"login.bash": "echo DB_PASSWORD=Zq7fake | docker login --password-stdin -u me reg.example\n"},
        {"login.zsh": "echo PASSWORD=Zq7fake | sudo -S id\n"},
        {"login.ksh": "set -e\nprintf PASSWORD=Zq7fake | sudo -S id\n"},
        {"login": "#!/bin/sh\necho DB_PASSWORD=Zq7fake | docker login --password-stdin -u me reg.example\n"},
    ],
)
def test_a_configmap_script_line_is_read_as_a_command_before_as_a_setting(data: dict[str, str]) -> None:
    """A script's line ``echo NAME=value | reader`` was read first as an INI line whose key has a
    space (``sets "echo DB_PASSWORD"``), and its command was then not read: the shell reads it."""
    (finding,) = findings(configmap(data), POLICY)
    assert "on its input" in finding.message and "Zq7fake" not in finding.message, finding.message


@pytest.mark.parametrize(
    ("script", "messages"),
    [
        ("export API_TOKEN=Zq7fake; mysql -pZq8fake -h db\n", ['sets "API_TOKEN" in plain text (line 1)', 'to "mysql" (-p<password>)']),
        ("export A_PASSWORD=Zq7fake B_TOKEN=Zq8fake\n", ['sets "A_PASSWORD" in plain text (line 1)', 'sets "B_TOKEN" in plain text (line 1)']),
        ("echo DB_PASSWORD=Zq7fake > /etc/app.env; curl -u me:Zq8fake https://x.example\n", ['sets "DB_PASSWORD"', 'to "curl" (-u user:password)']),
        ("set -e\nexport DB_PASSWORD=Zq7fake\nmysql -pZq8fake -h db\n", ['sets "DB_PASSWORD" in plain text (line 2)', "(line 3)"]),
    ],
)
def test_each_secret_of_a_script_line_that_sets_one_is_reported(script: str, messages: list[str]) -> None:
    """A script's line that held a setting was reported as that setting alone: the other secrets its
    commands pass (a second assignment, mysql -p... after the export) were not read."""
    found = [f.message for f in findings(configmap({"run.sh": script}), POLICY)]
    assert len(found) == len(messages), found
    for message, fragment in zip(found, messages, strict=True):
        assert fragment in message, (message, fragment)


@pytest.mark.parametrize("key", ["login.sh", "app.conf", "app.ini", "app.env", "app.properties", "setup"])
def test_a_setting_echoed_into_a_file_is_named_by_its_variable(key: str) -> None:
    """``echo NAME=value > FILE`` writes the setting NAME elsewhere: it is named NAME in every
    format, not ``echo NAME`` as an INI key with a space."""
    (finding,) = findings(configmap({key: "echo DB_PASSWORD=Zq7fake > /etc/app.env\n"}), POLICY)
    assert f'key "{key}" sets "DB_PASSWORD" in plain text (line 1)' in finding.message, finding.message


@pytest.mark.parametrize("key", ["app.conf", "app.ini", "app.env", "app.properties", "setup"])
@pytest.mark.parametrize(
    ("line", "setting"),
    [
        ("echo DB_PASSWORD=Zq7fake | docker login --password-stdin -u me reg.example", "DB_PASSWORD"),  # no script: no reader
        ("printf PASSWORD=Zq7fake | sudo -S id", "PASSWORD"),
        ("cat DB_PASSWORD=Zq7fake", "DB_PASSWORD"),
        ("export DB_PASSWORD=Zq7fake", "DB_PASSWORD"),
        ("db password = Zq7fake", "db password"),  # an INI key may hold spaces
        ("echo password = Zq7fake", "echo password"),  # no NAME=: not the shell's, read as INI reads it
    ],
)
def test_a_shell_command_word_before_a_name_is_no_part_of_a_setting_name(key: str, line: str, setting: str) -> None:
    (finding,) = findings(configmap({key: line + "\n"}), POLICY)
    assert f'sets "{setting}" in plain text' in finding.message, finding.message


@pytest.mark.parametrize("key", ["login.sh", "app.conf", "app.ini", "app.env", "setup"])
@pytest.mark.parametrize(
    "line",
    [
        "echo DB_PASSWORD=${DB_PASSWORD} > /etc/app.env",  # the shell word assigned is a reference
        "echo DB_PASSWORD=$DB_PASSWORD >> /etc/app.env",
        "echo LOG_LEVEL=debug > /etc/app.env",
    ],
)
def test_a_setting_echoed_from_a_reference_is_not_reported(key: str, line: str) -> None:
    assert findings(configmap({key: line + "\n"}), POLICY) == []


@pytest.mark.parametrize(
    "script",
    ["echo PASSWORD=Zq7fake > /dev/null | sudo -S id", "( echo PASSWORD=Zq7fake ) > /dev/null | sudo -S id", "{ echo PASSWORD=Zq7fake; } >&2 | sudo -S id"],
)
def test_a_setting_a_group_writes_to_a_redirection_before_a_reader_is_one_finding(script: str) -> None:
    """A group's output redirected on its way to the reader is reported once, as the redirection
    (``writes a secret to a redirection``), as the writer's own redirection is: it was two findings."""
    (finding,) = findings(script_pod(script), POLICY)
    assert "writes a secret to a redirection" in finding.message, finding.message


@pytest.mark.parametrize(
    ("script", "messages"),
    [
        # sudo -S reads the first line: the setting on the second is another secret
        ("printf '%s\\n' Other9fake PASSWORD=Zq7fake | sudo -S id", ['sets "PASSWORD"', "on its input"]),
        # the setting is written elsewhere, the reader gets another literal
        ("export PASSWORD=Zq7fake; echo Other9fake | docker login --password-stdin", ['sets "PASSWORD"', "on its input"]),
        ("echo PASSWORD=Zq7fake > /tmp/env; echo Other9fake | docker login --password-stdin", ['sets "PASSWORD"', "on its input"]),
        # the same setting again after the pipeline: a second secret in plain text
        ("echo PASSWORD=Zq7fake | docker login --password-stdin; export PASSWORD=Zq7fake", ["on its input", 'sets "PASSWORD"']),
        # piped into a program reading no secret there
        ("echo PASSWORD=Zq7fake | grep -q PASSWORD", ['sets "PASSWORD"']),
        # a group: sudo reads the first line; another command of it reads the pipe first; the
        # setting written again in it; a group that reads no secret
        ("printf '%s\\n' Other9fake PASSWORD=Zq7fake | ( sudo -S id )", ['sets "PASSWORD"', "on its input"]),
        ("echo PASSWORD=Zq7fake | ( grep -q x; sudo -S id )", ['sets "PASSWORD"']),
        ("echo PASSWORD=Zq7fake | ( sudo -S id; export PASSWORD=Zq7fake )", ["on its input", 'sets "PASSWORD"']),
        # (export leaves the pipe to sudo: echo's setting is the secret sudo reads, export's another)
        ("echo PASSWORD=Zq7fake | ( export PASSWORD=Zq7fake; sudo -S id )", ['sets "PASSWORD"', "on its input"]),
        ("echo PASSWORD=Zq7fake | { grep -q PASSWORD; }", ['sets "PASSWORD"']),
        # a group's output: sudo reads its first line, a setting on another is another secret
        ("( echo Other9fake; echo PASSWORD=Zq7fake ) | sudo -S id", ['sets "PASSWORD"', "on its input"]),
        ("{ echo PASSWORD=Zq7fake > /tmp/env; echo Other9fake; } | sudo -S id", ['sets "PASSWORD"', "on its input"]),
        ("( echo PASSWORD=Zq7fake ) | grep -q PASSWORD", ['sets "PASSWORD"']),
        # a connection string the reader does not take, or a second one after it
        ("printf '%s\\n' Other9fake 'user=a password=Zq7fake' | sudo -S id", ["holds settings with a password", "on its input"]),
        ("echo 'user=a password=Zq7fake' | docker login --password-stdin; echo 'user=b password=Other9fake' > /tmp/x",
         ["holds settings with a password", "on its input"]),
        ("echo 'user=a password=Zq7fake' | grep -q user", ['sets "password"']),  # one finding, the setting's (below)
        ("echo 'user=a password=Zq7fake' | ( sudo -S id; export PASSWORD=Zq7fake )", ["on its input", 'sets "PASSWORD"']),
        # the reader's literal leaves the argument's other connection string reported
        ("echo PASSWORD=Zq7fake | sudo -S id; echo 'user=b password=Other9fake' > /tmp/x", ["holds settings with a password", "on its input"]),
        # a setting the argument's own credentials do not count (a lone one in quotes) beside one they do
        ("echo 'PASSWORD=Zq7fake' | grep -q x; echo 'user=b password=Other9fake' > /tmp/x",
         ["holds settings with a password", 'sets "PASSWORD"']),
    ],
)
def test_a_setting_that_is_another_secret_than_the_one_read_stays_reported(script: str, messages: list[str]) -> None:
    found = [f.message for f in findings(script_pod(script), POLICY)]
    assert len(found) == len(messages), found
    for message, fragment in zip(found, messages, strict=True):
        assert fragment in message, (message, fragment)


READ_HERE_DOCUMENTS = [
    # a here-document the reader takes: its own, a group's, one cat copies into the pipe
    "docker login --password-stdin -u me reg.example <<EOF\nuser=a password=Zq7fake\nEOF",
    "docker login --password-stdin -u me reg.example <<EOF\nPASSWORD=Zq7fake\nEOF",
    "sudo -S id <<EOF\nPASSWORD=Zq7fake\nEOF",
    "sudo -S id <<-EOF\n\tPASSWORD=Zq7fake\n\tEOF",
    "{ sudo -S id; } <<EOF\nPASSWORD=Zq7fake\nEOF",
    "( sudo -S id ) <<EOF\nPASSWORD=Zq7fake\nEOF",
    "cat <<EOF | sudo -S id\nPASSWORD=Zq7fake\nEOF",
    # docker --password-stdin reads all of its input as its password: one secret, however many lines
    "docker login --password-stdin -u me reg.example <<EOF\npassword=Zq7fake\ntoken=Other9fake\nEOF",
    # a here-string, as the here-document
    "docker login --password-stdin -u me reg.example <<< 'user=a password=Zq7fake'",
    "docker login --password-stdin -u me reg.example <<< 'password=Zq7fake; token=Other9fake'",
    "sudo -S id <<< 'PASSWORD=Zq7fake'",
    "{ sudo -S id; } <<< 'PASSWORD=Zq7fake'",
]


@pytest.mark.parametrize("script", READ_HERE_DOCUMENTS)
def test_a_setting_in_a_here_document_a_reader_takes_is_one_finding_naming_the_reader(script: str) -> None:
    """``sudo -S id <<EOF`` then ``PASSWORD=...`` was two findings, the reader's and ``sets
    "PASSWORD"`` (the here-document's line read as a command, or as a ConfigMap script's setting),
    where the same text in a here-string or piped by echo was one."""
    for obj, where in ((script_pod(script), 'container "app" args[0]'), (configmap({"run.sh": script + "\n"}), 'key "run.sh"')):
        (finding,) = findings(obj, POLICY)
        assert where in finding.message and "on its input" in finding.message, finding.message
        assert "Zq7fake" not in repr((finding.message, finding.path))


@pytest.mark.parametrize(
    ("script", "messages"),
    [
        # sudo -S takes the first line only: a setting on another line is another secret
        ("sudo -S id <<EOF\nfirst\nPASSWORD=Zq7fake\nEOF", ["on its input", 'sets "PASSWORD"']),
        ("sudo -S id <<EOF\nPASSWORD=Zq7fake\nTOKEN=Other9fake\nEOF", ["on its input", 'sets "TOKEN"']),
        ("{ sudo -S id; } <<EOF\nfirst\nPASSWORD=Zq7fake\nEOF", ["on its input", 'sets "PASSWORD"']),
        ("cat <<EOF | sudo -S id\nfirst\nuser=a password=Zq7fake\nEOF", ["on its input", "settings with a password"]),
        # the same setting again after the here-document: a second secret in plain text
        ("sudo -S id <<EOF\nPASSWORD=Zq7fake\nEOF\nexport PASSWORD=Zq7fake", ["on its input", 'sets "PASSWORD"']),
        # a here-document no reader takes
        ("grep -q x <<EOF\nPASSWORD=Zq7fake\nEOF", ['sets "PASSWORD"']),
    ],
)
def test_a_setting_in_a_here_document_the_reader_does_not_take_stays_reported(script: str, messages: list[str]) -> None:
    for obj in (script_pod(script), configmap({"run.sh": script + "\n"})):
        found = [f.message for f in findings(obj, POLICY)]
        assert len(found) == len(messages), found
        for fragment in messages:
            assert any(fragment in message for message in found), (found, fragment)


# --- one setting in an argument holding a connection string: one finding -------------------------


@pytest.mark.parametrize(
    ("obj", "message"),
    [
        (pod([container(command=["app"], args=["run", "--opt", "a=1; password=Zq7fake"])]), 'args[2] sets "password"'),
        (script_pod('run --opt "a=1; password=Zq7fake"'), 'args[0] sets "password"'),
        (script_pod("run --opt 'a=1; password=Zq7fake'"), 'args[0] sets "password"'),
        (pod([container(command=["app"], args=["run", "--opt", "a=1; pwd=Zq7fake"])]), 'args[2] sets "pwd"'),
        # an ADO/ODBC connection string in one word is one credential, the string's; with blanks, the setting
        (pod([container(command=["app"], args=["run", "--opt", "host=db;user=a;password=Zq7fake"])]), "holds a connection string"),
        (pod([container(command=["app"], args=["run", "--opt", "host=db; user=a; password=Zq7fake"])]), 'args[2] sets "password"'),
        # a value of a known format: the credential, its kind named
        (pod([container(command=["app"], args=["run", "--opt", "a=1; api_key=AKIAFAKEFAKEFAKE0001"])]), "holds an AWS access key id"),
    ],
)  # fmt: skip
def test_a_password_setting_held_in_an_argument_is_one_finding(obj: dict[str, Any], message: str) -> None:
    """``"a=1; password=..."`` was two findings, ``holds a connection string with a password`` and
    ``sets "password"``, for the one password the argument holds (``a=1; api_key=AKIA...``: ``holds
    an AWS access key id`` and ``sets "api_key"``)."""
    (finding,) = findings(obj, POLICY)
    assert message in finding.message, finding.message
    assert "Zq7fake" not in repr((finding.message, finding.path))


@pytest.mark.parametrize(
    "args",
    [
        ["run", "--opt", "password=Zq7fake; token=Other9fake"],
        ["run", "--opt", "a=1; password=Zq7fake; token=Other9fake"],
        ["run", "--opt", "a=1; password=Zq7fake; export DB_PASSWORD=Other9fake"],
        ["run", "--opt", "a=1; api_key=AKIAFAKEFAKEFAKE0001; password=Zq7fake"],
    ],
)
def test_a_second_secret_beside_a_password_setting_in_an_argument_stays_reported(args: list[str]) -> None:
    assert len(findings(pod([container(command=["app"], args=args)]), POLICY)) == 2


# --- a here-document or here-string into a group ------------------------------------------------


@pytest.mark.parametrize(
    ("script", "shown"),
    [
        (f"{{ sudo -S id; }} <<EOF\n{FAKE}\nEOF", "({ ... sudo -S; } <<...)"),
        (f"( sudo -S id ) <<EOF\n{FAKE}\nEOF", "((... sudo -S) <<...)"),
        (f"{{\n  cd /\n  sudo -S id\n}} <<EOF\n{FAKE}\nEOF", "({ ... sudo -S; } <<...)"),
        (f"{{ sudo -S id; }} <<-EOF\n\t{FAKE}\n\tEOF", "({ ... sudo -S; } <<...)"),
        # read takes the first line: sudo reads the second as its password
        (f"while read -r x; do sudo -S id; done <<EOF\na\n{FAKE}\nEOF", "({ ... sudo -S; } <<...)"),
        (f"if true; then sudo -S id; fi <<EOF\n{FAKE}\nEOF", "({ ... sudo -S; } <<...)"),
        (f"{{ echo start; docker login --password-stdin -u me reg.example; }} <<'EOF'\n{FAKE}\nEOF",
         "({ ... docker ... --password-stdin; } <<...)"),
        (f"{{ sudo -S id; }} <<< {FAKE}", "({ ... sudo -S; } <<...)"),
        (f"( cd /; sudo -S id ) <<< '{FAKE}'", "((... sudo -S) <<...)"),
        # its own redirection wins over the pipe into it
        (f"echo hello | {{ sudo -S id; }} <<EOF\n{FAKE}\nEOF", "({ ... sudo -S; } <<...)"),
        # a group inside the group reads the same input
        (f"{{ ( sudo -S id ); }} <<EOF\n{FAKE}\nEOF", "({ ... sudo -S; } <<...)"),
    ],
)  # fmt: skip
def test_a_here_document_or_here_string_into_a_group_reaches_its_first_reader(script: str, shown: str) -> None:
    """``{ sudo -S id; } <<EOF``: the group's commands read its here-document (or here-string), as
    ``sudo -S id <<EOF`` reads its own; the first of them that may read it gets it (``echo``, ``cd``
    leave it, ``read`` takes a line), in a container's script and in a ConfigMap's."""
    finding = reported_once(script_pod(script), POLICY, shown)
    assert "on its input (" in finding.message, finding.message
    in_configmap = reported_once(configmap({"login.sh": script + "\n"}), POLICY, shown)
    assert 'key "login.sh"' in in_configmap.message, in_configmap.message


@pytest.mark.parametrize(
    "script",
    [
        "{ cat; } <<EOF\nhello\nEOF",
        "{ sudo -S id; } <<EOF\n$PW\nEOF",
        "{ sudo -S id; } <<EOF\n${PW}\nEOF",
        "{ sudo -S id; } <<'EOF'\n$PW\nEOF",
        "{ sudo -S id; } <<EOF\n/run/secrets/pw\nEOF",
        "{ sudo -S id; } <<EOF\n$(cat /run/secrets/pw)\nEOF",
        "( sudo -S id ) <<< \"$PW\"",
        "{ sudo -S id; } < /run/secrets/pw",
        f"{{ grep x; sudo -S id; }} <<EOF\n{FAKE}\nEOF",  # grep takes all of it: sudo gets nothing
        f"{{ cat; sudo -S id; }} <<< {FAKE}",
        f"while read -r x; do sudo -S id; done <<EOF\n{FAKE}\nEOF",  # read takes the only line
        f"{{ sudo -S id < /run/secrets/pw; }} <<EOF\n{FAKE}\nEOF",  # sudo reads its own file
        f"{{ sudo -n id; }} <<EOF\n{FAKE}\nEOF",  # -n: no password read
        f"{{ sudo -S id; }} <<EOF\n$PW\n{FAKE}\nEOF",  # sudo reads the first line only
        f"echo {FAKE} | {{ sudo -S id; }} < /run/secrets/pw",  # the group's file wins over the pipe
        # in a substitution, the group's own input, not the one of the command the substitution is in
        f"echo {FAKE} | x=$( {{ sudo -S id; }} < /etc/motd )",
        f"echo {FAKE} | x=$( {{ read y; sudo -S id; }} <<EOF\nhello\nEOF\n)",
    ],
)
def test_a_group_whose_redirected_input_holds_no_literal_for_its_reader_is_not_reported(script: str) -> None:
    for obj in (script_pod(script), configmap({"login.sh": script + "\n"})):
        assert [f.message for f in findings(obj, POLICY) if "on its input" in f.message] == []


# --- a line of a reference and a literal --------------------------------------------------------

_READERS = ("sudo -S id", "docker login -u bot --password-stdin r.example.com", "passwd --stdin app")


@pytest.mark.parametrize("reader", _READERS)
@pytest.mark.parametrize(
    "line",
    [
        '"root:$PW"',  # a user name, then the reference: chpasswd's user:$PW shape
        '"x$PW"',  # a masked-out part
        '"x${PW}"',
        "x$PW",
        '"$PW:x"',
        '"$PW-x"',
        '"${USER}:${PW}"',
        '"postgres:$PW"',
        '"root:$(cat /run/secrets/pw)"',
        '"root:`cat /run/secrets/pw`"',
    ],
)
def test_a_line_of_a_reference_and_no_secret_literal_is_no_plain_text_secret(reader: str, line: str) -> None:
    """The reference gives the secret; the literal parts around it are judged as the reader judges a
    value of its own (``x`` is masked out), and a system account's name before a colon is no
    password (chpasswd's ``root:$PW`` line piped to another reader). ``echo "root:$PW" | sudo -S id`` was reported, while
    ``echo "$PW" | sudo -S id`` and ``echo "root:$PW" | chpasswd`` were not."""
    for script in (f"echo {line} | {reader}", f"printf '%s\\n' {line} | {reader}", f"{reader} <<< {line}"):
        assert [f.message for f in findings(script_pod(script), POLICY) if "on its input" in f.message] == [], script


@pytest.mark.parametrize("reader", [*_READERS, "chpasswd"])
@pytest.mark.parametrize(
    "line",
    [
        f'"{FAKE}$SUFFIX"',  # a literal part that is a secret of its own
        f'"$PREFIX{FAKE}"',
        f'"root:{FAKE}$PW"',
        f'"root:$PW{FAKE}"',
        f'"Zq7fake-pw9:$PW"',  # no user name (useradd's lower-case names): a secret-looking literal
        '"hunter2:$PW"',  # not a system account's name: a literal part of the password the reader takes
        '"changeme:$PW"',
        '"svc.deploy-1:$PW"',
        f'"{FAKE}$(date)"',
        f'"{FAKE}"',  # no reference: the whole line, as before
    ],
)
def test_a_line_whose_literal_part_is_a_secret_stays_reported(reader: str, line: str) -> None:
    script = f"echo {line} | {reader}"
    if reader == "chpasswd":
        script = f"echo app:{line[1:-1] if line[:1] == chr(34) else line} | chpasswd"
    finding = reported_once(script_pod(script), POLICY, "on its input")
    assert FAKE not in finding.message


def test_a_here_document_line_of_a_reference_and_a_user_name_is_no_secret() -> None:
    assert findings(script_pod('sudo -S id <<EOF\nroot:$PW\nEOF'), POLICY) == []
    assert findings(script_pod('chpasswd <<EOF\nroot:x$PW\nEOF'), POLICY) == []
    reported_once(script_pod(f"sudo -S id <<EOF\n{FAKE}$PW\nEOF"), POLICY, "on its input")
