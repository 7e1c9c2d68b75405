"""A shell script that writes a config file (``~/.my.cnf``, ``~/.s3cfg``, ``config.json``,
``app.properties``) with ``echo``, ``printf``, or ``cat``/``tee`` and a here-document, is judged as
the same file in a ConfigMap is, by its base name (``written_file_holds_a_secret``): a secret in
plain text in it is reported once, as the writing command's, never shown; a file named by a variable
alone whose name says which (``"$PGPASSFILE"``, ``${NETRC}``, ``$MY_CNF``) is judged as that file
(1.25.384). References, ``cat FILE > x``, scripts, files judged by their name alone and variables
naming no such file are not reported."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap, decide, everything_shown, findings, key_and_sh_c_messages, script_pod

from webhook.checks.secrets.configmap import written_file_holds_a_secret
from webhook.checks.secrets.names import Names

POLICY = "disallow-plaintext-secrets"
MY_CNF = f"[client]\\nuser=app\\npassword={FAKE}\\n"


@pytest.mark.parametrize(
    ("script", "file"),
    [
        (f"printf '{MY_CNF}' > ~/.my.cnf && chmod 600 ~/.my.cnf", ".my.cnf"),
        (f"echo -e '{MY_CNF}' > ~/.my.cnf", ".my.cnf"),
        (f"cat > ~/.s3cfg <<EOF\n[default]\nhost_base = s3.example.org\nsecret_key = {FAKE}\nEOF\ns3cmd ls", ".s3cfg"),
        (f'cat > /etc/app/config.json <<EOF\n{{"password": "{FAKE}"}}\nEOF', "config.json"),
        (f"cat <<'EOF' > /etc/app/config.json\n{{\n  \"db\": {{\n    \"user\": \"app\",\n    \"password\": \"{FAKE}\"\n  }}\n}}\nEOF", "config.json"),
        (f"echo '{{\"password\":\"{FAKE}\"}}' > /app/config.json", "config.json"),
        (f"cat > app.properties <<EOF\ndb.url=jdbc:postgresql://db/app\ndb.password={FAKE}\nEOF\njava -jar app.jar", "app.properties"),
        (f"tee /etc/app/app.ini <<EOF >/dev/null\n[db]\npassword = {FAKE}\nEOF", "app.ini"),
    ],
)
def test_a_config_file_written_with_a_literal_secret_is_reported_once_as_the_writing_commands(script: str, file: str) -> None:
    for messages in key_and_sh_c_messages(script):
        assert len(messages) == 1, messages
        assert f'writes a secret into "{file}" in plain text' in messages[0]


@pytest.mark.parametrize(
    ("script", "problem"),
    [
        (f"printf 'db:5432:*:app:{FAKE}\\n' > \"$PGPASSFILE\"", 'writes a password into "$PGPASSFILE"'),
        (f"printf 'db:5432:*:app:{FAKE}\\n' > $PGPASSFILE && chmod 600 $PGPASSFILE", 'writes a password into "$PGPASSFILE"'),
        (f"echo 'db:5432:*:app:{FAKE}' >> ${{PGPASSFILE:-/tmp/pgpass}}", 'writes a password into "${PGPASSFILE:-/tmp/pgpass}"'),
        (f"echo 'machine repo.example.org login ci password {FAKE}' > \"${{NETRC}}\"", 'writes a password into "${NETRC}"'),
        (f"cat > \"$NETRC_FILE\" <<EOF\nmachine repo.example.org login ci password {FAKE}\nEOF", 'writes a password into "$NETRC_FILE"'),
        (f"printf '[client]\\nuser=app\\npassword={FAKE}\\n' > \"$MY_CNF\"", 'writes a secret into "$MY_CNF"'),
    ],
)
def test_a_file_named_by_a_variable_that_says_which_is_judged_as_that_file(script: str, problem: str) -> None:
    for messages in key_and_sh_c_messages(script):
        assert len(messages) == 1, messages
        assert f"{problem} in plain text" in messages[0]


@pytest.mark.parametrize(
    "script",
    [
        "printf '[client]\\nuser=app\\npassword=%s\\n' \"$DB_PASSWORD\" > ~/.my.cnf",
        "cat > ~/.my.cnf <<EOF\n[client]\nuser=$DB_USER\npassword=$DB_PASSWORD\nEOF",
        'cat > /etc/app/config.json <<EOF\n{"password": "${DB_PASSWORD}"}\nEOF',
        'echo "{\\"password\\": \\"$(cat /secrets/pw)\\"}" > /app/config.json',
        "cat > app.properties <<EOF\ndb.password=${DB_PASSWORD}\nspring.datasource.password=\nEOF",
        "cat /secrets/config.json > /app/config.json",  # a file's content, not in the script
        'cat > /app/config.json <<EOF\n{"apiUrl": "http://api", "token_ttl": 3600, "password_min_length": 12}\nEOF',
        "printf 'password_min_length=12\\nsecret_rotation_days=30\\n' > /etc/policy.conf",
        'echo "$DB_PASSWORD" > /run/secrets/db-password',  # judged by its name alone in a ConfigMap: no text
        "cat > /app/settings.ini <<'EOF'\n[db]\npassword = <your-password>\nEOF",
        f"printf 'db:5432:*:app:{FAKE}\\n' > \"$OUT_FILE\"",  # a variable naming no password file
        "echo 'db:5432:*:app:$PGPASSWORD' > \"$PGPASSFILE\"",
        "printf 'db:5432:*:app:%s\\n' \"$PGPASSWORD\" > \"$PGPASSFILE\"",
        "cat > \"$NETRC\" <<EOF\nmachine repo.example.org login ci password ${REPO_TOKEN}\nEOF",
        f"printf '[client]\\npassword={FAKE}\\n' > \"$CONF_FILE\"",  # a variable naming no such file: not known
        f"printf 'db:5432:*:app:{FAKE}\\n' > \"$PGPASSFILE.$HOST\"",  # more than a variable: not known
    ],
)
def test_references_and_harmless_files_are_not_reported(script: str) -> None:
    assert key_and_sh_c_messages(script) == [[], []]


def test_a_script_written_by_a_script_is_read_as_its_lines_only() -> None:
    script = f"cat > /tmp/env.sh <<EOF\nexport DB_PASSWORD={FAKE}\nEOF\n. /tmp/env.sh"
    for messages in key_and_sh_c_messages(script):
        assert len(messages) == 1 and 'sets "DB_PASSWORD"' in messages[0] and "writes" not in messages[0]


def test_echo_words_holding_a_secret_are_reported_as_theirs_not_again_as_the_files() -> None:
    script = f"echo 'DB_PASSWORD={FAKE}' > /app/.env"
    for messages in key_and_sh_c_messages(script):
        assert len(messages) == 1 and 'sets "DB_PASSWORD"' in messages[0]


def test_a_configmap_script_writing_a_config_file_is_reported_at_the_cat_line() -> None:
    script = f"#!/bin/sh\nset -e\ncat > /etc/app/config.json <<EOF\n{{\"user\": \"app\",\n\"password\": \"{FAKE}\"}}\nEOF\nexec app\n"
    decision = decide(configmap({"start.sh": script}))
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert 'key "start.sh" writes a secret into "config.json" in plain text (line 3)' in finding.message
    assert FAKE not in everything_shown(decision)


def test_the_written_file_judge_reads_text_not_names() -> None:
    names = Names.of((), ())
    assert written_file_holds_a_secret(names, "config.json", f'{{"password": "{FAKE}"}}')
    assert not written_file_holds_a_secret(names, "db-password", FAKE)  # a name alone
    assert not written_file_holds_a_secret(names, "run.sh", f"export DB_PASSWORD={FAKE}")  # a script: its lines are the writer's
    assert not written_file_holds_a_secret(Names.of((), ("config.json",)), "config.json", f'{{"password": "{FAKE}"}}')  # allowed


def test_nested_here_documents_and_many_tee_files_stay_linear() -> None:
    nested = "".join(f"cat > /etc/a{n}.json <<E{n}\n" for n in range(3000)) + f'{{"password": "{FAKE}"}}\n'
    tees = "tee " + " ".join(f"/etc/a{n}.json" for n in range(5000)) + f' <<E >/dev/null\n{{"password": "{FAKE}"}}\n' + "x" * 30000 + "\nE\n"
    for script in (nested, tees):
        assert len(script) > 64 * 1024
        started = time.monotonic()
        found = findings(script_pod(script), POLICY)
        assert time.monotonic() - started < 20
        assert found and all("writes a secret into" in f.message for f in found)


def test_a_long_variable_as_a_file_name_is_read_in_linear_time() -> None:
    for path in ("${PGPASSFILE:-" + "/x" * 40_000 + "}", "$" + "A_" * 40_000 + "NETRC", "${" + "{" * 80_000):
        script = f"printf 'db:5432:*:app:{FAKE}\\n' > \"{path}\""
        started = time.monotonic()
        key_and_sh_c_messages(script)
        assert time.monotonic() - started < 10
