"""A shell script that writes a password file (``.pgpass``, ``.netrc``, an htpasswd file...) with
``echo``, ``printf``, or ``cat``/``tee`` and a here-document, is judged as the same file in a
ConfigMap is (``password_file_lines``): a password in plain text in it is reported as the writing
command's, never shown; a reference in its place (``$PGPASSWORD``) and the same text written
anywhere else are not."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap, decide, everything_shown, findings, pod, container, reported_once, script_pod

from webhook.checks.secrets.shell_reader import output_file, shell_commands

POLICY = "disallow-plaintext-secrets"


@pytest.mark.parametrize(
    ("script", "file"),
    [
        (f'echo "db.shop.svc:5432:*:app:{FAKE}" > ~/.pgpass && chmod 600 ~/.pgpass', ".pgpass"),
        (f"echo 'localhost:5432:*:postgres:{FAKE}' >> /root/.pgpass", ".pgpass"),
        (f'echo "$PGHOST:5432:*:$PGUSER:{FAKE}" > "$HOME/.pgpass"', ".pgpass"),  # only the password need be literal
        (f"printf '%s\\n' 'db:5432:*:app:{FAKE}' > ~/.pgpass", ".pgpass"),
        (f"echo -e 'db:5432:*:ro:$RO\\ndb:5432:*:app:{FAKE}' > ~/.pgpass", ".pgpass"),  # its second line
        (f"cat > /root/.pgpass <<EOF\ndb:*:*:app:{FAKE}\nEOF\nchmod 600 /root/.pgpass", ".pgpass"),
        (f"cat <<-EOF >/root/.pgpass\n\tdb:*:*:app:{FAKE}\n\tEOF", ".pgpass"),
        (f"tee /tmp/pgpass <<EOF >/dev/null\ndb:*:*:app:{FAKE}\nEOF\nexport PGPASSFILE=/tmp/pgpass", "pgpass"),
        (f'echo "machine repo.example.org login ci password {FAKE}" > ~/.netrc', ".netrc"),
        (f"cat > ~/.netrc <<'EOF'\nmachine repo.example.org\nlogin deploy\npassword {FAKE}\nEOF", ".netrc"),
    ],
)
def test_a_password_file_written_with_a_literal_password_is_reported(script: str, file: str) -> None:
    finding = reported_once(script_pod(script), POLICY, f'writes a password into "{file}" in plain text')
    assert finding.path == "/spec/containers/0/args/0"


@pytest.mark.parametrize(
    "script",
    [
        'echo "$PGHOST:5432:*:$PGUSER:$PGPASSWORD" > ~/.pgpass && chmod 600 ~/.pgpass',
        'echo "${DB_HOST}:*:*:${DB_USER}:$(cat /secrets/db/password)" > /root/.pgpass',
        "cat <<EOF > /root/.pgpass\n${PG_HOST}:*:*:${PG_USER}:${PG_PASSWORD}\nEOF",
        'echo "machine repo.example.org login ci password $CI_TOKEN" > ~/.netrc',
        f'echo "db:5432:*:app:{FAKE}" > /tmp/notes.txt',  # no password file: what it is for is not known
        f'echo "db:5432:*:app:{FAKE}" | wc -c > /tmp/.pgpass',  # wc writes the count
        "cat /secrets/pgpass > ~/.pgpass && chmod 600 ~/.pgpass",  # a file's content, not in the script
        'echo "# host:port:database:user:password" > ~/.pgpass',  # a comment
        "echo 'db:5432:*:app:' > ~/.pgpass",  # no password: a .pgpass line may leave it out
    ],
)
def test_references_and_other_files_are_not_reported(script: str) -> None:
    assert findings(script_pod(script), POLICY) == []


def test_a_backup_cronjob_writing_pgpass_is_reported_once_and_its_password_never_shown() -> None:
    script = f'set -e\necho "pg.shop.svc:5432:*:backup:{FAKE}" > ~/.pgpass\nchmod 600 ~/.pgpass\npg_dump -h pg.shop.svc -U backup -w shop | gzip > /b/shop.gz\n'
    cronjob = {
        "apiVersion": "batch/v1",
        "kind": "CronJob",
        "metadata": {"name": "pg-backup", "namespace": "shop"},
        "spec": {"schedule": "0 2 * * *", "jobTemplate": {"spec": {"template": {"spec": {"restartPolicy": "Never", "containers": [container(command=["bash", "-c", script])]}}}}},
    }
    decision = decide(cronjob)
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert 'command[2] writes a password into ".pgpass" in plain text' in finding.message
    assert len(finding.message.split(". Fix:")[0]) <= 120
    assert FAKE not in everything_shown(decision)


def test_an_init_container_and_a_configmap_script_are_judged_alike() -> None:
    script = f"cat > /work/.netrc <<EOF\nmachine lis.example.org login sync password {FAKE}\nEOF\n"
    init = pod([container(name="app")], initContainers=[container(name="netrc", command=["sh", "-c", script])])
    assert [f.path for f in findings(init, POLICY)] == ["/spec/initContainers/0/command/2"]
    decision = decide(configmap({"start.sh": "#!/bin/sh\n" + script}))
    (finding,) = [f for f in decision.findings if f.policy == POLICY]
    assert 'writes a password into ".netrc"' in finding.message
    assert FAKE not in everything_shown(decision)


@pytest.mark.parametrize(
    ("redirect", "file"),
    [("> ~/.pgpass", "~/.pgpass"), (">>x", "x"), (">| y", "y"), ("1> z", "z"), ("&> w", "w"), ('> "$HOME/a b"', "$HOME/a b")],
)
def test_output_file_is_the_target_of_a_redirection_of_the_standard_output(redirect: str, file: str) -> None:
    assert output_file(redirect) == file


@pytest.mark.parametrize("redirect", [">&2", "2> e", "1>&2", "2>&1", "<<EOF", "< x", "<<< w"])
def test_output_file_is_none_for_other_redirections(redirect: str) -> None:
    assert output_file(redirect) is None


def test_each_command_has_the_file_its_own_output_is_written_to() -> None:
    commands = list(shell_commands("cat <<EOF > /root/.pgpass\na:b:c:d:e\nEOF\necho hi >&2; echo x | tee y > z"))
    assert [(c.words[0], c.written) for c in commands] == [("cat", "/root/.pgpass"), ("a:b:c:d:e", None), ("EOF", None), ("echo", None), ("echo", None), ("tee", "z")]


def test_a_long_script_of_password_file_writes_stays_linear() -> None:
    script = "".join(f'echo "db:5432:*:u{n}:$P{n}" > ~/.pgpass\n' for n in range(3000)) + f"cat > ~/.netrc <<EOF\npassword {FAKE}\nEOF\n"
    assert len(script) > 64 * 1024
    (finding,) = findings(script_pod(script), POLICY)
    assert '".netrc"' in finding.message
