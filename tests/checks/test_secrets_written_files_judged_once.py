"""disallow-plaintext-secrets: the dearest shapes of a script writing files, read with the same
verdicts by cheaper paths: a (file kind, text) a script writes many times (``echo ... | tee a.conf |
tee a.conf ...``) is judged once, each command writing it still reported as before; a value under a
name a config text sets on many lines (``printf '[client]\\npassword=a\\npassword=a...' > ~/.my.cnf``)
is judged once, each line still found as before. Values are fakes."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap, decide, everything_shown

from webhook.checks.secrets import config_files
from webhook.checks.secrets import configmap as configmap_module
from webhook.checks.secrets.commands import _FILES_REMEMBERED, script_findings
from webhook.checks.secrets.config_files import _HELD_REMEMBERED, config_settings
from webhook.checks.secrets.names import Names

NAMES = Names.of((), ())


def _run_sh_messages(script: str) -> list[str]:
    decision = decide(configmap({"run.sh": "#!/bin/sh\n" + script}))
    assert FAKE not in everything_shown(decision)
    return [f.message for f in decision.findings if f.policy == "disallow-plaintext-secrets"]


def test_tee_after_tee_judges_the_text_once(monkeypatch: pytest.MonkeyPatch) -> None:
    judged: list[str] = []
    original = configmap_module.written_file_holds_a_secret

    def counted(names: Names, name: str, text: str) -> bool:
        judged.append(name)
        return original(names, name, text)

    monkeypatch.setattr(configmap_module, "written_file_holds_a_secret", counted)
    assert list(script_findings(NAMES, "echo password=x" + " | tee a.conf" * 50 + " | tee b.conf" * 50)) == []
    assert judged == ["a.conf", "b.conf"]


@pytest.mark.parametrize("count", [3, 2 * _FILES_REMEMBERED + 5])
def test_each_write_of_a_text_judged_before_is_still_reported(count: int) -> None:
    line = f"printf '[client]\\npassword={FAKE}' > ~/.my.cnf\n"
    found = list(script_findings(NAMES, line * count))
    assert [problem for _, problem, _ in found] == ['writes a secret into ".my.cnf"'] * count
    assert [start for start, _, _ in found] == [len(line) * n for n in range(count)]


def test_tee_chains_report_the_same_findings_at_two_sizes() -> None:
    chain = f"printf '[client]\\npassword={FAKE}' | tee a.cnf | tee a.cnf | tee b.cnf\necho password=x | tee a.conf | tee a.conf\n"
    for count in (3, 15):  # (a decision lists 20 at most)
        assert _run_sh_messages(chain * count) == [
            f'ConfigMap "config" key "run.sh" writes a secret into "a.cnf" in plain text (line {2 + 2 * n}). '
            "Fix: move it into a Secret and mount or reference that Secret instead."
            for n in range(count)
        ]
    found = list(script_findings(NAMES, chain * 300))
    assert [(start, problem) for start, problem, _ in found] == [(len(chain) * n + 55, 'writes a secret into "a.cnf"') for n in range(300)]


def test_texts_past_the_remembered_ones_are_judged_each_as_before() -> None:
    script = "".join(f"printf '[client]\\npassword={FAKE}{n}' > a{n % 3}.cnf\nprintf 'host=db{n}' > a.cnf\n" for n in range(2 * _FILES_REMEMBERED))
    found = list(script_findings(NAMES, script))
    assert len(found) == 2 * _FILES_REMEMBERED
    assert {problem for _, problem, _ in found} == {f'writes a secret into "a{n}.cnf"' for n in range(3)}


def test_a_file_of_lines_alike_judges_each_value_once(monkeypatch: pytest.MonkeyPatch) -> None:
    judged: list[tuple[str, str]] = []
    original = config_files.setting_holds_a_secret

    def counted(value: str, name: str) -> bool:
        judged.append((value, name))
        return original(value, name)

    monkeypatch.setattr(config_files, "setting_holds_a_secret", counted)
    text = "[client]\n" + f"password={FAKE}\nuser=app\npassword=${{P}}\n" * 100
    found = config_settings(NAMES, text)
    assert found == [(2 + 3 * n, "password") for n in range(100)]
    assert sorted(set(judged)) == sorted(judged) == [("${P}", "password"), (FAKE, "password")]


@pytest.mark.parametrize("count", [10, 2 * _HELD_REMEMBERED + 3])
def test_values_past_the_remembered_ones_are_judged_each_as_before(count: int) -> None:
    text = "[client]\n" + "".join(f"password={FAKE}{n}\npassword=${{P{n}}}\npassword={n % 7}\n" for n in range(count))
    assert config_settings(NAMES, text) == [(2 + 3 * n, "password") for n in range(count)]


def test_a_printf_of_a_my_cnf_reports_the_same_at_two_sizes() -> None:
    for count in (3, 3000):
        script = "printf '[client]" + f"\\npassword={FAKE}\\nuser=app" * count + "' > ~/.my.cnf\n"
        assert _run_sh_messages(script) == [
            'ConfigMap "config" key "run.sh" writes a secret into ".my.cnf" in plain text (line 2). '
            "Fix: move it into a Secret and mount or reference that Secret instead."
        ]
        assert _run_sh_messages(script.replace(FAKE, "${P}")) == []
