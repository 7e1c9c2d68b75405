"""disallow-plaintext-secrets: the code an interpreter runs from its command line (``python -c``,
``node -e``, ``ruby -e``, ``perl -e``, ``php -r``) is judged as code of its language, by the one
path a ConfigMap's ``run.sh`` and a container's ``sh -c`` share, so they agree: a literal set there
is reported in both, names, references, empty values and placeholders in neither. Secret values
here are fake (``Zq7fake-pw9``) and never appear in a message."""

from __future__ import annotations

import pytest
from check_helpers import configmap, container, findings, pod

POLICY = "disallow-plaintext-secrets"
FAKE_PW = "Zq7fake-pw9"


def _script_key_messages(text: str) -> list[str]:
    return [f.message for f in findings(configmap({"run.sh": text + "\n"}), POLICY)]


def _sh_c_messages(text: str) -> list[str]:
    return [f.message for f in findings(pod([container(command=["sh", "-c", text])]), POLICY)]


LITERALS = [
    f"python -c 'connect(password=\"{FAKE_PW}\")'",
    f"python3 -c 'db.connect(h, password=\"{FAKE_PW}\")'",
    f"python3.11 -u -c 'connect(password=\"{FAKE_PW}\")' --verbose",
    f"node -e 'connect({{password: \"{FAKE_PW}\"}})'",
    f"nodejs --eval 'connect({{password: \"{FAKE_PW}\"}})'",
    f"node --eval='connect({{password: \"{FAKE_PW}\"}})'",
    f"ruby -e 'connect(password: \"{FAKE_PW}\")'",
    f"perl -e 'connect(password => \"{FAKE_PW}\")'",
    f"perl -le 'connect(password => \"{FAKE_PW}\")'",
    f"php -r 'connect([\"password\" => \"{FAKE_PW}\"]);'",
    f"timeout 5 python -c 'connect(password=\"{FAKE_PW}\")' && curl -fsS http://x/",
]


@pytest.mark.parametrize("text", LITERALS)
def test_a_literal_in_an_interpreters_code_is_reported_in_a_key_and_in_sh_c_alike(text: str) -> None:
    key, sh_c = _script_key_messages(text), _sh_c_messages(text)
    assert len(key) == 1 and len(sh_c) == 1, (text, key, sh_c)
    for message in key + sh_c:
        assert '"password"' in message and FAKE_PW not in message, message


def test_the_code_is_judged_beside_another_secret_of_the_script() -> None:
    """In ``sh -c`` the code was read by the NAME=value fallback, which runs only when the commands
    pass no secret: beside a setting of the shell's, the code's literal went unreported."""
    text = f"export DB_TOKEN=Xk9fake-tok3\npython -c 'connect(password=\"{FAKE_PW}\")'"
    for messages in (_script_key_messages(text), _sh_c_messages(text)):
        assert len(messages) == 2, messages
        assert any('"password"' in message for message in messages), messages


@pytest.mark.parametrize(
    "text",
    [
        "python -c 'connect(password=pw)'",
        "python -c 'connect(password=os.environ[\"DB_PASSWORD\"])'",
        "python3 -c \"connect(password='$DB_PASSWORD')\"",
        "python -c 'connect(password=\"\")'",
        "python -c 'connect(password=\"<your-password>\")'",
        "node -e 'connect({password: process.env.PW})'",
        "ruby -e 'connect(password: ENV[\"PW\"])'",
        "perl -e 'connect(password => $ENV{PW})'",
        "php -r 'connect([\"password\" => getenv(\"PW\")]);'",
        "python app.py -c settings.cfg",
        "node server.js -e production",
        "diff <(python -c 'print(1)') <(node -e 'console.log(1)')",
    ],
)
def test_references_names_and_empty_values_in_code_stay_harmless(text: str) -> None:
    assert _script_key_messages(text) == [], text
    assert _sh_c_messages(text) == [], text


@pytest.mark.parametrize(
    ("words", "code_at"),
    [
        (["python3", "-u", "-c", "CODE", "-c", "ARG"], [2 + 1]),  # the words after the code are its argv
        (["python", "-W", "ignore", "-c", "CODE"], [4]),
        (["python", "-cCODE"], [1]),
        (["python", "-m", "mod", "-c", "ARG"], []),  # a module's options
        (["python", "app.py", "-c", "ARG"], []),  # a script's
        (["node", "--input-type", "module", "--eval=CODE"], [3]),
        (["node", "-pe", "CODE"], [2]),
        (["ruby", "-e", "CODE", "-e", "MORE"], [2, 4]),
        (["perl", "-i.bak", "-lne", "CODE", "file"], [3]),
        (["perl", "-ie", "CODE"], []),  # e is -i's backup suffix, CODE a script's name
        (["perl", "-MData::Dumper", "-e", "CODE"], [3]),
        (["php", "-d", "display_errors=1", "-r", "CODE"], [4]),
        (["bash", "-c", "CODE"], []),
    ],
)
def test_the_code_an_interpreter_runs_is_found_as_it_reads_its_options(words: list[str], code_at: list[int]) -> None:
    from webhook.checks.secrets.programs import interpreter_code

    found = interpreter_code(words, (0, words[0]))
    assert [at for at, _, _ in found] == code_at
    assert all(code.endswith(("CODE", "MORE")) for _, code, _ in found)


@pytest.mark.parametrize(
    "text",
    [
        f"python -c 'connect(host=h, password=\"{FAKE_PW}\")'",
        f"python3 -c 'import db; db.connect(user=\"u\", password=\"{FAKE_PW}\")'",
        f"node -e 'connect({{host: h, password: \"{FAKE_PW}\"}})'",
    ],
)
def test_keyword_arguments_in_code_are_the_codes_setting_in_a_key_and_in_sh_c(text: str) -> None:
    """A password among keyword arguments is a connection string to the credential scan only for
    its NAME=value shape (host=h, password=...): one secret, named as the code's setting, in a key
    and in sh -c alike (sh -c said "a connection string" once the code was read as code)."""
    key, sh_c = _script_key_messages(text), _sh_c_messages(text)
    assert len(key) == 1 and len(sh_c) == 1, (key, sh_c)
    assert '"password"' in key[0] and '"password"' in sh_c[0], (key, sh_c)


@pytest.mark.parametrize(
    ("text", "reported"),
    [
        ("python -c 'password = os.environ[\"PW\"]; connect(password)'", False),  # statements apart, as in a file
        ("python -c 'password = \"\"; connect(password)'", False),
        ("python3 -c 'print(\"a;b\"); token = \"\"'", False),
        (f"node -e 'for (let i = 0; i < 3; i++) {{ const token = \"{FAKE_PW}\"; }}'", True),  # token: no word splitting the script before
        (f"ruby -e 'x = 1; token = \"{FAKE_PW}\"; go'", True),
    ],
)
def test_statements_on_one_line_of_code_are_judged_apart_in_a_key_and_in_sh_c(text: str, reported: bool) -> None:
    key, sh_c = _script_key_messages(text), _sh_c_messages(text)
    assert bool(key) == reported and bool(sh_c) == reported, (key, sh_c)
    assert all(FAKE_PW not in message for message in key + sh_c)


SCRIPT_ARGUMENTS = [
    f"python app.py -c 'x = dict(token=\"{FAKE_PW}\")'",
    f"python -m mod -c 'x = dict(token=\"{FAKE_PW}\")'",
    f"python3 -u app.py -c \"x = dict(token='{FAKE_PW}')\"",
    f"node app.js -e 'x = f(token=\"{FAKE_PW}\")'",
    f"ruby app.rb -e 'x = f(token=\"{FAKE_PW}\")'",
    f"perl app.pl -e 'x = f(token=\"{FAKE_PW}\")'",
    f"php app.php -r 'x = f(token=\"{FAKE_PW}\")'",
]


@pytest.mark.parametrize("text", SCRIPT_ARGUMENTS)
def test_an_option_after_the_scripts_name_is_the_scripts_argument_judged_by_its_shape(text: str) -> None:
    """1.25.233 split every ``sh -c`` naming an interpreter into commands, so a ``-c``/``-e``/``-r``
    after the script's name or ``-m MODULE`` (the script's, no code) went unread beside another
    secret (only the NAME=value fallback, run when the commands pass none, had read it)."""
    messages = _sh_c_messages(f"export DB_TOKEN=Xk9fake-tok3; {text}")
    assert len(messages) == 2 and any('"token"' in message for message in messages), messages
    assert all(FAKE_PW not in message for message in messages), messages


@pytest.mark.parametrize(
    "text",
    [
        "python app.py -c 'x = dict(token=pw)'",
        "python -m mod -c 'x = dict(token=$TOKEN)'",
        "node app.js -e 'x = f(token=\"\")'",
        "php app.php -r 'x = f(token=\"<your-token>\")'",
    ],
)
def test_a_harmless_option_after_the_scripts_name_stays_harmless(text: str) -> None:
    messages = _sh_c_messages(f"export DB_TOKEN=Xk9fake-tok3; {text}")
    assert len(messages) == 1 and '"DB_TOKEN"' in messages[0], messages


@pytest.mark.parametrize(
    "text",
    [
        f"python app.py -c 'PASSWORD={FAKE_PW} go'",
        f"python -m mod 'PASSWORD={FAKE_PW} go'",
        f"node app.js -e 'PASSWORD={FAKE_PW} go'",
        f"cd /opt/node && echo 'secret={FAKE_PW} go'",
    ],
)
def test_a_scripts_argument_its_commands_read_as_a_setting_stays_reported(text: str) -> None:
    """An argument naming an interpreter with no code is read by its NAME=value shape, as before
    1.25.233, and by its commands, as 1.25.233 split it: a word opening with PASSWORD=..., which the
    first does not read, is reported once."""
    for messages in (_sh_c_messages(text), _sh_c_messages(f"export DB_TOKEN=Xk9fake-tok3; {text}")):
        assert sum('"PASSWORD"' in message or '"secret"' in message for message in messages) == 1, messages
        assert all(FAKE_PW not in message for message in messages), messages
