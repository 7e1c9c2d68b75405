"""A here-document a script writes into a file (``cat > a.conf <<EOF``) is judged as that file's text,
its lines reported as the writing command's: the written file, of which only whether it holds a
secret is asked, is read up to its first setting kept (``config_settings``' ``first``), with the
answer of the full reading."""

from __future__ import annotations

import random

import pytest

from tests.checks.check_helpers import FAKE, configmap, configmap_messages, decide, everything_shown
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
    f'"Authorization: Bearer {FAKE}"]',
    "type=service",
    "password=96F99AA1315BDC3604B006F427DD9484",
    "cat > a.conf <<EOF",
    "EOF",
    "    ",
]


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


def test_a_setting_after_the_here_document_is_still_judged_and_reported() -> None:
    script = f"#!/bin/sh\ncat > a.conf <<EOF\nhost=db\nEOF\nexport DB_PASSWORD={FAKE}\n"
    decision = decide(configmap({"run.sh": script}))
    messages = [f.message for f in decision.findings if f.policy == "disallow-plaintext-secrets"]
    assert messages == ['ConfigMap "config" key "run.sh" sets "DB_PASSWORD" in plain text (line 5). Fix: move it into a Secret and mount or reference that Secret instead.']
    assert FAKE not in everything_shown(decision)
