"""disallow-plaintext-secrets: Pulsar's token signing key set inline in a shell script,
``export PULSAR_PREFIX_tokenSecretKey="data:;base64,..."`` (what apply-config-from-env.py writes
into broker.conf), was admitted, though the same env var's value was reported. Since 1.25.462 it
is reported in ``sh -c`` and in a ConfigMap's script, also unquoted, where the shell ends the
command at the ``;`` and runs the rest of the key (still written in the script); a path, a
reference and the public key are none."""

from __future__ import annotations

import base64
import time

import pytest
from check_helpers import FAKE, configmap, decide, everything_shown, script_pod

POLICY = "disallow-plaintext-secrets"
KEY = base64.b64encode(FAKE.encode()).decode()
START = "bin/apply-config-from-env.py conf/broker.conf && exec bin/pulsar broker"


def _messages(script: str) -> list[list[str]]:
    """The messages on ``script`` as ``sh -c``'s argument and as a ConfigMap's run.sh; neither the
    key nor the fake it encodes is in what either decision shows."""
    found = []
    for obj in (script_pod(script), configmap({"run.sh": script})):
        decision = decide(obj)
        assert KEY not in everything_shown(decision) and FAKE not in everything_shown(decision)
        found.append([f.message for f in decision.findings if f.policy == POLICY])
    return found


@pytest.mark.parametrize(
    ("assignment", "name"),
    [
        (f'export PULSAR_PREFIX_tokenSecretKey="data:;base64,{KEY}"', "PULSAR_PREFIX_tokenSecretKey"),
        (f"PULSAR_PREFIX_tokenSecretKey='data:application/octet-stream;base64,{KEY}'", "PULSAR_PREFIX_tokenSecretKey"),
        (f"export PULSAR_PREFIX_tokenSecretKey=data:;base64,{KEY}", "PULSAR_PREFIX_tokenSecretKey"),
        (f"PULSAR_PREFIX_tokenSecretKey=data:application/octet-stream;base64,{KEY}", "PULSAR_PREFIX_tokenSecretKey"),
        (f'export tokenSecretKey="data:;base64,{KEY}"', "tokenSecretKey"),
    ],
)
def test_an_inline_signing_key_in_a_script_is_reported(assignment: str, name: str) -> None:
    """Was admitted in sh -c (and but for tokenSecretKey in run.sh)."""
    in_sh_c, in_run_sh = _messages(f"{assignment}\n{START}\n")
    assert len(in_sh_c) == 1 and f'sets "{name}" in plain text' in in_sh_c[0]
    assert len(in_run_sh) == 1 and f'sets "{name}"' in in_run_sh[0]


def test_before_the_program_on_its_line() -> None:
    (in_sh_c, _) = _messages(f"cd /pulsar && PULSAR_PREFIX_tokenSecretKey=data:;base64,{KEY} bin/pulsar broker")
    assert len(in_sh_c) == 1 and '"PULSAR_PREFIX_tokenSecretKey"' in in_sh_c[0]


@pytest.mark.parametrize(
    "assignment",
    [
        "export PULSAR_PREFIX_tokenSecretKey=file:///pulsar/keys/secret.key",
        'export PULSAR_PREFIX_tokenSecretKey="data:;base64,$TOKEN_SIGNING_KEY"',
        "export PULSAR_PREFIX_tokenSecretKey=data:;base64,$TOKEN_SIGNING_KEY",
        "export PULSAR_PREFIX_tokenSecretKey=data:; echo base64,done",
        f'export PULSAR_PREFIX_tokenPublicKey="data:;base64,{KEY}"',
        f"export PULSAR_PREFIX_tokenPublicKey=data:;base64,{KEY}",
        f"export PULSAR_PREFIX_imageData=data:;base64,{KEY}",
        'echo "PULSAR_PREFIX_tokenSecretKey=data:;base64,$(cat /run/secrets/token-key)" >> conf/broker.conf',
    ],
)
def test_paths_references_and_public_keys_are_not_reported(assignment: str) -> None:
    assert _messages(f"{assignment}\n{START}\n") == [[], []]


def test_many_data_words_are_read_in_linear_time() -> None:
    script = "export " + " ".join(f"A{n}_tokenSecretKey=data:" for n in range(4096)) + ";base64," + "A" * 65536 + "\n"
    started = time.perf_counter()
    decide(script_pod(script))
    assert time.perf_counter() - started < 5
