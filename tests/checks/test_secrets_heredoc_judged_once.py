"""A here-document a script writes into a file (``cat > a.conf <<EOF``) is judged as that file's text,
its lines reported as the writing command's: the script's own reading of its lines as settings does
not judge the values there (``config_settings``' ``dropped``), and the written file, of which only
whether it holds a secret is asked, is read up to its first setting kept (``first``). Both keep
every verdict: the settings found off the lines dropped are those of the full reading."""

from __future__ import annotations

import random

import pytest

from tests.checks.check_helpers import FAKE, configmap, configmap_messages, decide, everything_shown
from webhook.checks.secrets import commands, config_files
from webhook.checks.secrets.config_files import config_settings
from webhook.checks.secrets.configmap import written_file_holds_a_secret
from webhook.checks.secrets.names import Names

NAMES = Names.of((), ())
LINES = [
    f"password={FAKE}",
    "password=${DB_PASSWORD}",
    'password="FAKE-open',
    "closes\"",
    f"  token: {FAKE}",
    "db:",
    "  password: x1",
    "access_key = AKIAFAKE",
    f"secret_key = {FAKE}",
    "existingSecret: db-creds",
    "secretKey: password",
    "x=1",
    f"export API_TOKEN={FAKE}",
    "password = \\",
    "  continued",
    "[auth]",
    f"token = {FAKE}, user = a",
    "headers: [",
    "HEADERS: [",
    f'"Authorization: Bearer {FAKE}"]',
    "type=service",
    "password=96F99AA1315BDC3604B006F427DD9484",
    "cat > a.conf <<EOF",
    "EOF",
    "    ",
]


@pytest.mark.parametrize("seed", range(4))
def test_the_lines_dropped_are_the_only_settings_not_found(seed: int) -> None:
    rnd = random.Random(seed)
    for _ in range(150):
        lines = [rnd.choice(LINES) for _ in range(rnd.randint(1, 14))]
        text = "\n".join(lines) + "\n"
        dropped = {number for number in range(1, len(lines) + 1) if rnd.random() < 0.5}
        for shell in (False, True):
            full = [each for each in config_settings(NAMES, text, shell) if each[0] not in dropped]
            assert [each for each in config_settings(NAMES, text, shell, dropped=dropped) if each[0] not in dropped] == full, text


@pytest.mark.parametrize("seed", range(4))
def test_a_written_file_read_to_its_first_setting_kept_holds_a_secret_as_one_read_whole(seed: int) -> None:
    rnd = random.Random(seed)
    for _ in range(150):
        text = "\n".join(rnd.choice(LINES) for _ in range(rnd.randint(1, 14))) + "\n"
        first = config_settings(NAMES, text, first=True)
        full = config_settings(NAMES, text)
        assert bool(first) == bool(full) and (not first or any(each in full for each in first)), text
        for name in ("a.conf", "app.ini", "values.yaml", "maxscale.cnf"):
            assert written_file_holds_a_secret(NAMES, name, text) == written_file_holds_a_secret_read_whole(name, text), (name, text)


def written_file_holds_a_secret_read_whole(name: str, text: str) -> bool:
    from webhook.checks.secrets import configmap as entries

    found = entries._text_found(NAMES, name, text, "")
    return found is not None and next(found, None) is not None


def test_a_here_document_of_settings_is_one_finding_at_any_size_its_values_judged_once(monkeypatch: pytest.MonkeyPatch) -> None:
    judged: list[str] = []
    judge = config_files.setting_holds_a_secret
    monkeypatch.setattr(config_files, "setting_holds_a_secret", lambda value, name: judged.append(value) or judge(value, name))
    messages = []
    for count in (50, 400):
        judged.clear()
        script = "#!/bin/sh\ncat > a.conf <<EOF\n" + "".join(f"password={FAKE}{i}\n" for i in range(count)) + "EOF\necho done\n"
        messages.append(configmap_messages("run.sh", script, FAKE))
        assert len(judged) <= 2  # the written file's first line (the script's reading judges none)
    expected = 'ConfigMap "config" key "run.sh" writes a secret into "a.conf" in plain text (line 2). Fix: move it into a Secret and mount or reference that Secret instead.'
    assert messages == [[expected], [expected]]


def test_a_setting_after_the_here_document_is_still_judged_and_reported() -> None:
    script = f"#!/bin/sh\ncat > a.conf <<EOF\nhost=db\nEOF\nexport DB_PASSWORD={FAKE}\n"
    decision = decide(configmap({"run.sh": script}))
    messages = [f.message for f in decision.findings if f.policy == "disallow-plaintext-secrets"]
    assert messages == ['ConfigMap "config" key "run.sh" sets "DB_PASSWORD" in plain text (line 5). Fix: move it into a Secret and mount or reference that Secret instead.']
    assert FAKE not in everything_shown(decision)


WORDS = [f"password={FAKE}", f'"token={FAKE}"', f"pass\\word={FAKE}", f"PGPASSWORD={FAKE}", "a=1", "--password", FAKE, "mysql", "-p" + FAKE, "'x'", "echo", "|", ";", "$(", ")"]


@pytest.mark.parametrize("seed", range(3))
def test_the_words_of_a_written_here_document_not_judged_are_those_whose_problems_are_dropped(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rnd = random.Random(seed)
    scripts = []
    for _ in range(60):
        lines = [" ".join(rnd.choice(WORDS) for _ in range(rnd.randint(1, 6))) for _ in range(rnd.randint(1, 5))]
        opening = rnd.choice(["cat > a.conf <<EOF", "cat <<EOF > b.env", "tee c.ini <<EOF", "cat > d.conf <<'EOF'"])
        scripts.append("#!/bin/sh\n" + opening + "\n" + "\n".join(lines) + "\nEOF\n" + rnd.choice(["", "echo done\n", f"export API_TOKEN={FAKE}\n"]))
    shortened = [configmap_messages("run.sh", script, FAKE) for script in scripts]
    monkeypatch.setattr(commands._WordsTaken, "holds", lambda self, word: False)  # every word judged, as before
    assert [configmap_messages("run.sh", script, FAKE) for script in scripts] == shortened


def test_a_header_list_opened_in_capitals_keeps_the_settings_of_its_lines() -> None:
    """``HEADERS: [`` opens a list of headers as ``headers: [`` does (names are matched in any case):
    the lines it counts are read in full, dropped or not (the screen once missed capitals)."""
    text = f'HEADERS: [\npassword: {FAKE}\n"Authorization: Bearer {FAKE}" ]\n'
    full = config_settings(NAMES, text)
    assert full and config_settings(NAMES, text, dropped={2}) == full
