"""disallow-plaintext-secrets: a here-document that ``cat`` copies to standard output or error
(``cat <<EOF``, ``cat >&2 <<'EOF'``) is a usage message, as an echo's is (1.25.339): a line showing
how to set a name with a placeholder (``DB_PASSWORD=yourpassword``, ``<pw>``) sets nothing, in sh -c
as in a ConfigMap's run.sh, and so does an unquoted ``echo DB_PASSWORD=yourpassword``. Written into
a file (judged as that file since 1.25.383), a pipe, captured, read by another program, or with a literal,
it is judged as before.
Values are fakes."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, key_and_sh_c_messages

from webhook.checks.secrets.commands import _HERE_REDIRECTION, _prints_a_message
from webhook.checks.secrets.shell_reader import shell_commands

SHOWN = [
    "cat <<EOF\nUsage:\n  DB_PASSWORD=yourpassword ./run\nEOF\n",
    "cat >&2 <<EOF\nUsage:\n  DB_PASSWORD=yourpassword ./run\nEOF\nexit 1\n",
    "cat >&2 <<'EOF'\nDB_PASSWORD=yourpassword\nAPI_TOKEN=yourtoken\nEOF\n",
    "cat <<EOF >&2\nDB_PASSWORD=yourpassword\nEOF\n",
    "cat - <<\\EOF\nDB_PASSWORD=yourpassword\nEOF\n",
    "if [ -z \"$DB_PASSWORD\" ]; then\n  cat 1>&2 <<-EOF\n\tUsage: DB_PASSWORD=yourpassword $0\n\tEOF\n  exit 1\nfi\nexec app\n",
    "echo DB_PASSWORD=yourpassword",
    "echo DB_PASSWORD=yourpassword >&2; exit 1",
    "echo Usage: DB_PASSWORD=yourpassword ./run",
]


@pytest.mark.parametrize("script", SHOWN)
def test_a_usage_message_shows_how_to_set_it(script: str) -> None:
    assert key_and_sh_c_messages(script) == [[], []]


WRITTEN = [
    "x=$(cat <<EOF\nDB_PASSWORD=yourpassword\nEOF\n)\n",
    "cat app.env.tmpl <<EOF\nDB_PASSWORD=yourpassword\nEOF\n",  # cat copies the file, not the here-document
    "cat -n <<EOF\nDB_PASSWORD=yourpassword\nEOF\n",
    "mysql -u root <<EOF\nDB_PASSWORD=yourpassword\nEOF\n",
    "sh <<EOF\nexport DB_PASSWORD=yourpassword\nEOF\n",
    "echo DB_PASSWORD=yourpassword > /etc/app.env",
    "echo DB_PASSWORD=yourpassword | tee .env",
]


@pytest.mark.parametrize("script", WRITTEN)
def test_written_elsewhere_it_stays_reported(script: str) -> None:
    in_key, in_sh_c = key_and_sh_c_messages(script)
    assert len(in_key) == 1 and 'sets "DB_PASSWORD" in plain text' in in_key[0], in_key
    assert len(in_sh_c) == 1 and 'sets "DB_PASSWORD" in plain text' in in_sh_c[0], in_sh_c


@pytest.mark.parametrize(
    ("script", "file"),
    [
        ("cat > /etc/app.env <<EOF\nDB_PASSWORD=yourpassword\nEOF\n", "app.env"),
        ("cat <<EOF > /etc/app.env\nDB_PASSWORD=yourpassword\nEOF\n", "app.env"),
        ("cat <<EOF >> .env\nDB_PASSWORD=yourpassword\nEOF\n", ".env"),
        ("cat <<EOF | tee /etc/app.env\nDB_PASSWORD=yourpassword\nEOF\n", "app.env"),  # tee writes it (1.25.420)
    ],
)
def test_written_into_a_file_it_is_reported_as_that_files(script: str, file: str) -> None:
    """cat copying its here-document into a file writes no message: the file's text is judged as a
    ConfigMap entry of its base name would be (1.25.383; piped into tee, tee's since 1.25.420), one
    finding, the writing command's."""
    for messages in key_and_sh_c_messages(script):
        assert len(messages) == 1 and f'writes a secret into "{file}" in plain text' in messages[0], messages
        assert "yourpassword" not in messages[0]


@pytest.mark.parametrize(
    "script",
    [
        f"cat <<EOF\nDB_PASSWORD={FAKE}\nEOF\n",
        f"cat >&2 <<EOF\nUsage:\n  DB_PASSWORD={FAKE} ./run\nEOF\n",
        f"echo DB_PASSWORD={FAKE} >&2",
        "cat <<EOF\nDB_PASSWORD=changeme\nEOF\n",
    ],
)
def test_a_literal_in_a_message_stays_reported(script: str) -> None:
    in_key, in_sh_c = key_and_sh_c_messages(script)
    assert len(in_key) == 1 and 'sets "DB_PASSWORD" in plain text' in in_key[0], in_key
    assert len(in_sh_c) == 1 and 'sets "DB_PASSWORD" in plain text' in in_sh_c[0], in_sh_c


def test_a_literal_beside_a_placeholder_is_reported_alone() -> None:
    script = f"cat >&2 <<EOF\nUsage:\n  DB_PASSWORD=yourpassword API_TOKEN={FAKE} ./run\nEOF\nexport DB_PASSWORD={FAKE}x\n"
    in_key, in_sh_c = key_and_sh_c_messages(script)
    assert sorted(in_key) == sorted(
        [
            'ConfigMap "config" key "run.sh" sets "API_TOKEN" in plain text (line 3). Fix: move it into a Secret and mount or reference that Secret instead.',
            'ConfigMap "config" key "run.sh" sets "DB_PASSWORD" in plain text (line 5). Fix: move it into a Secret and mount or reference that Secret instead.',
        ]
    ), in_key
    assert len(in_sh_c) == 2 and {m.split('sets "')[1].split('"')[0] for m in in_sh_c} == {"API_TOKEN", "DB_PASSWORD"}, in_sh_c


def test_linear_on_long_input() -> None:
    line = "cat " + ">&2 " * 16384 + "<<EOF" + "<<'x'" * 8192
    script = line + "\n" + "DB_PASSWORD=yourpassword\n" * 2000 + "EOF\n"
    started = time.perf_counter()
    _HERE_REDIRECTION.sub("", "<<-" + " " * 65536 + "x")
    (command, *_) = shell_commands(script)
    _prints_a_message(script, command, here=True)
    key_and_sh_c_messages(script)
    assert time.perf_counter() - started < 5.0
