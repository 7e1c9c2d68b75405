"""disallow-plaintext-secrets: a script given to ``sh -c`` and the same script as a ConfigMap's
``run.sh`` get the same verdict. ``sh -c``'s argument was split into commands only when it named a
program from a list (mysql, curl, exec...); otherwise, and whenever its commands passed no secret,
a ``NAME=value`` pattern was run over its whole text instead: it read a name in an echoed message
(``echo "Use -e POSTGRES_PASSWORD=password to set it"``) and one inside a quoted value
(``password_arg="-p $(openssl passwd -6 "$password")"``) as settings, and missed a setting a
command writes (``echo "POSTGRES_PASSWORD=..." > /etc/app.env``: no name right after a quote).
It is now split whatever it names, as the key is; when its commands pass no secret, the pattern
keeps only what the key's script sets too (read by lines as settings), the settings of a credential
the text holds, and single-dash options. Values are fakes."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap, decide, everything_shown, script_pod

POLICY = "disallow-plaintext-secrets"
SECRET = FAKE.replace("-", "")  # one word: Zq7-like, no "pass" in it
WORD = "Zq7fakePW9"


def _verdicts(script: str) -> tuple[bool, bool]:
    """Whether ``script`` is reported as ``sh -c``'s argument and as a ConfigMap's run.sh; neither
    decision shows the fake values."""
    verdicts = []
    for obj in (script_pod(script), configmap({"run.sh": script})):
        decision = decide(obj)
        shown = everything_shown(decision)
        assert FAKE not in shown and SECRET not in shown and WORD not in shown, shown
        verdicts.append(any(f.policy == POLICY for f in decision.findings))
    return verdicts[0], verdicts[1]


REPORTED = [
    f'echo "POSTGRES_PASSWORD={WORD}" > /etc/app.env',
    f"echo 'DB_PASSWORD={WORD}' >> /srv/.env && exec app",
    f'printf "API_TOKEN={WORD}\\n" > /etc/app.env',
    f"DB_PASSWORD={WORD}; exec app",
    f"export DB_PASSWORD={WORD} && ./server",
    f"cd /srv; DB_PASSWORD={WORD} ./app",
    f"exec app --db-password={WORD}",
    f"mysql -uroot -p{WORD} -e 'select 1'",
    f'password_arg="-p{WORD}"; run $password_arg',
    f"printf -v API_TOKEN '{WORD}'; ./app",
    f"a=1; password={WORD}",
    f"password_aux=`{WORD}`\nredis-cli ping",
]

HARMLESS = [
    'echo "Use -e POSTGRES_PASSWORD=password to set it"',
    "echo 'Set DB_PASSWORD=changeme in .env first' >&2; exit 1",
    'password_arg="-p $(openssl passwd -6 "$password")"',
    'PW_ARG="-p $(openssl passwd -6 "$pw")"; useradd $PW_ARG app',
    'echo "POSTGRES_PASSWORD=$POSTGRES_PASSWORD" > /etc/app.env',
    'echo "DB_PASSWORD=${DB_PASSWORD}" >> /srv/.env && exec app',
    "DB_PASSWORD=$(cat /run/secrets/db); exec app",
    "exec app --db-password=$DB_PASSWORD",
    'echo "usage: app --token=TOKEN"',
]


@pytest.mark.parametrize("script", REPORTED)
def test_a_script_passing_a_secret_is_reported_as_sh_c_and_as_a_key(script: str) -> None:
    assert _verdicts(script) == (True, True), script


@pytest.mark.parametrize("script", HARMLESS)
def test_a_script_passing_none_is_harmless_as_sh_c_and_as_a_key(script: str) -> None:
    assert _verdicts(script) == (False, False), script


@pytest.mark.parametrize("script", [*REPORTED, *HARMLESS])
def test_the_same_script_gets_the_same_verdict_both_ways(script: str) -> None:
    as_sh_c, as_key = _verdicts(script)
    assert as_sh_c == as_key, (script, as_sh_c, as_key)


def test_a_single_dash_option_set_in_the_text_stays_reported_in_sh_c() -> None:
    """The pattern still reads ``-name=value`` options (which no command's table knows) in sh -c."""
    decision = decide(script_pod(f"mytool -ppassword99={WORD}"))
    assert [f for f in decision.findings if f.policy == POLICY]
    assert WORD not in everything_shown(decision)


def test_a_long_script_naming_no_program_stays_linear() -> None:
    import time

    started = time.monotonic()
    for text in ('echo "a=b ' * 6000, "x=1; " * 13000, 'PW="-p $(o "' * 5000, 'echo "Use -e DB_PASSWORD=password"\n' * 2000):
        _verdicts(text)
    assert time.monotonic() - started < 10
