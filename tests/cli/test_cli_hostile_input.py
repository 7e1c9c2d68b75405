"""``railguard test`` against hostile or unusual input: every case gets a clear verdict or error
and the right exit code, never a traceback or a hang."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import xml.dom.minidom
from pathlib import Path
from typing import Any

import pytest
from cli_helpers import COMPLIANT_DEPLOYMENT, ROOT_POD, run_cli, write

from webhook.cli import test_cmd
from webhook.documents import parse_text

RAILGUARD = Path(sys.executable).with_name("railguard")


def _write_in_two_parts(fifo: Path, text: bytes, cut: int) -> threading.Thread:
    """A thread writing ``text`` into ``fifo``: up to ``cut``, then the rest 0.3 s later (started)."""

    def writer() -> None:
        with open(fifo, "wb") as out:
            out.write(text[:cut])
            out.flush()
            time.sleep(0.3)
            out.write(text[cut:])

    thread = threading.Thread(target=writer)
    thread.start()
    return thread


def _subprocess(*args: str, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    command = [str(RAILGUARD)] if RAILGUARD.exists() else [sys.executable, "-m", "webhook.cli"]
    if "stdout" not in kwargs:
        kwargs.update(stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return subprocess.run([*command, *args], timeout=60, env=env, check=False, **kwargs)


@pytest.mark.parametrize("run", ["0,1,", "-0", "[0", "{0", "?0", "0_", ":0"])
def test_long_runs_that_look_like_yaml_11_scalars_are_read_in_linear_time(run: str) -> None:
    # the screen that picks the parser once scanned to the end of the run from every comma
    # (quadratic: 100 kB took 20 s); 200 kB must now take well under a second
    text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ids}\ndata:\n  ids: "' + run * (200_000 // len(run)) + '"\n'
    started = time.process_time()
    documents, errors = parse_text(text, "ids.yaml")
    assert errors == [] and documents[0].obj["data"]["ids"].startswith(run)
    assert time.process_time() - started < 2


def test_a_plain_equals_sign_is_a_string_whatever_else_is_in_the_document() -> None:
    for text in ("data: {a: =}\n", "data: {a: =, b: yes}\n"):  # the second goes through PyYAML
        documents, errors = parse_text("kind: ConfigMap\n" + text, "eq.yaml")
        assert errors == [] and documents[0].obj["data"]["a"] == "="


def test_lists_inside_lists_are_expanded_as_kubectl_does(tmp_path: Path) -> None:
    pod = json.loads(json.dumps(__import__("yaml").safe_load(ROOT_POD)))
    nested = {"apiVersion": "v1", "kind": "List", "items": [{"apiVersion": "v1", "kind": "List", "items": [pod]}]}
    run = run_cli("test", write(tmp_path / "nested.json", json.dumps(nested)), "-o", "json")
    assert run.code == 1, run.err
    [entry] = json.loads(run.out)
    assert (entry["kind"], entry["name"], entry["allowed"], entry["item"]) == ("Pod", "root-pod", False, 0)


@pytest.mark.parametrize("kind", ["[Pod]", "{a: b}", "5"])
def test_a_kind_that_is_not_a_string_is_an_input_error_and_the_rest_is_checked(tmp_path: Path, kind: str) -> None:
    weird = write(tmp_path / "weird.yaml", f"kind: {kind}\nmetadata: {{name: x}}\n")
    run = run_cli("test", write(tmp_path / "root.yaml", ROOT_POD), weird, "-o", "json")
    assert run.code == 2
    assert [e["name"] for e in json.loads(run.out)] == ["root-pod", None]
    assert "kind must be a string" in run.err


def test_stdin_is_read_once_even_with_several_jobs(tmp_path: Path) -> None:
    done = _subprocess("test", "-j", "2", str(write(tmp_path / "d.yaml", COMPLIANT_DEPLOYMENT)), "-", "-o", "json",
                       input=ROOT_POD.encode())
    assert done.returncode == 1, done.stderr
    assert [(e["file"], e["allowed"]) for e in json.loads(done.stdout)] == [(str(tmp_path / "d.yaml"), True), ("<stdin>", False)]


def test_several_jobs_over_inputs_of_no_size_check_them_in_this_process(tmp_path: Path) -> None:
    # missing files and empty ones weigh 0: they make one run, checked here (no pool of 0 workers)
    missing, empty = tmp_path / "missing.yaml", write(tmp_path / "empty.yaml", "")
    run = run_cli("test", "-j", "2", missing, tmp_path / "missing-too.yaml", empty, "-o", "json")
    assert run.code == 2, run.err
    assert run.err.count("cannot read") == 2 and "internal error" not in run.err


def test_two_jobs_over_two_files_read_them_in_two_processes_in_input_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """-j 2 with two inputs: each is read by a process of its own (a forked worker inherits the spy),
    and the report keeps the order of the inputs."""
    readers = tmp_path / "readers.txt"
    first, second = write(tmp_path / "a.yaml", ROOT_POD), write(tmp_path / "b.yaml", COMPLIANT_DEPLOYMENT)
    read_text = test_cmd.read_text

    def spy(source: str, stdin: Any = None) -> Any:
        with open(readers, "a") as out:
            out.write(f"{os.getpid()} {Path(source).name}\n")
        return read_text(source, stdin)

    monkeypatch.setattr(test_cmd, "read_text", spy)
    run = run_cli("test", "-j", "2", first, second, "-o", "json")
    assert run.code == 1, run.err
    assert [(e["file"], e["allowed"]) for e in json.loads(run.out)] == [(str(first), False), (str(second), True)]
    pid_of = {name: pid for pid, name in (line.split() for line in readers.read_text().splitlines())}
    assert sorted(pid_of) == ["a.yaml", "b.yaml"] and pid_of["a.yaml"] != pid_of["b.yaml"]


def test_split_by_size_gives_every_run_a_share() -> None:
    sizes = {"small": 10, "big": 5_000_000, "c": 100, "d": 100}
    original = test_cmd._size
    try:
        test_cmd._size = sizes.__getitem__  # type: ignore[assignment]
        assert test_cmd._split_by_size(["small", "big"], 2) == [["small"], ["big"]]
        assert test_cmd._split_by_size(["big", "small"], 2) == [["big"], ["small"]]
        assert test_cmd._split_by_size(["big"], 2) == [["big"]]
        assert test_cmd._split_by_size(["c", "d", "small"], 2) == [["c"], ["d", "small"]]
    finally:
        test_cmd._size = original  # type: ignore[assignment]


def test_jobs_by_default_are_two_from_4_mb_on_two_cores_and_one_for_stdin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """README: by default 2 processes when the machine has 2+ cores and the input is over 4 MB, else 1;
    always 1 when '-' reads stdin; -j N otherwise as asked."""
    at_limit, below, small = tmp_path / "at-limit.yaml", tmp_path / "below.yaml", tmp_path / "small.yaml"
    for f, size in ((at_limit, test_cmd.PARALLEL_MIN_BYTES), (below, test_cmd.PARALLEL_MIN_BYTES - 1), (small, 1)):
        with open(f, "wb") as out:
            out.truncate(size)  # sparse: only st_size counts
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert test_cmd._jobs(0, [str(at_limit)]) == 2
    assert test_cmd._jobs(0, [str(below), str(small)]) == 2  # the sum of the inputs counts
    assert test_cmd._jobs(0, [str(below)]) == 1
    assert test_cmd._jobs(0, [str(at_limit), "-"]) == 1
    assert test_cmd._jobs(3, [str(small)]) == 3
    assert test_cmd._jobs(1, [str(at_limit)]) == 1  # -j 1: no fork
    assert test_cmd._jobs(3, [str(small), "-"]) == 1
    for cores in (1, None):
        monkeypatch.setattr(os, "cpu_count", lambda: cores)
        assert test_cmd._jobs(0, [str(at_limit)]) == 1


@pytest.mark.parametrize("jobs", ["-1", "-4"])
def test_a_negative_job_count_is_refused(jobs: str, tmp_path: Path) -> None:
    """`-j -1` (all cores, elsewhere) was taken as the automatic choice without a word."""
    with pytest.raises(SystemExit) as stopped:
        run_cli("test", "-j", jobs, write(tmp_path / "d.yaml", COMPLIANT_DEPLOYMENT))
    assert stopped.value.code == 2


def test_a_large_input_after_a_small_file_is_checked_in_parallel(tmp_path: Path) -> None:
    small = write(tmp_path / "a-small.yaml", ROOT_POD)
    big = tmp_path / "b-big.yaml"
    doc = COMPLIANT_DEPLOYMENT + "---\n"
    big.write_text(doc * (test_cmd.PARALLEL_MIN_BYTES // len(doc) + 10))
    done = _subprocess("test", str(small), str(big), "-o", "json")
    assert done.returncode == 1, done.stderr[-2000:]
    assert len(json.loads(done.stdout)) == test_cmd.PARALLEL_MIN_BYTES // len(doc) + 11


def test_a_full_disk_or_closed_stdout_is_a_clear_error(tmp_path: Path) -> None:
    f = str(write(tmp_path / "d.yaml", COMPLIANT_DEPLOYMENT))
    with open("/dev/full", "wb") as full:
        done = _subprocess("test", f, stdout=full, stderr=subprocess.PIPE)
    assert done.returncode == 2 and b"cannot write the report: No space left on device" in done.stderr
    assert b"Traceback" not in done.stderr
    closed = subprocess.run(f"exec {RAILGUARD if RAILGUARD.exists() else sys.executable + ' -m webhook.cli'} test {f} >&-",
                            shell=True, capture_output=True, timeout=60, check=False)
    assert closed.returncode == 2 and b"standard output is closed" in closed.stderr and b"Traceback" not in closed.stderr


def test_a_closed_stdin_is_a_clear_error() -> None:
    command = f"{RAILGUARD if RAILGUARD.exists() else sys.executable + ' -m webhook.cli'} test - <&-"
    done = subprocess.run(command, shell=True, capture_output=True, timeout=60, check=False)
    assert done.returncode == 2 and b"standard input is closed" in done.stderr and b"Traceback" not in done.stderr


@pytest.mark.parametrize("how", ["path", "stdin"])
def test_a_source_that_never_ends_is_cut_off_with_a_clear_error(how: str) -> None:
    if how == "path":
        done = _subprocess("test", "/dev/zero")
    else:
        with open("/dev/zero", "rb") as zeros:
            done = _subprocess("test", "-", stdin=zeros, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert done.returncode == 2, done.stderr
    assert b"larger than 256 MiB: not read" in done.stderr and b"Traceback" not in done.stderr


def test_a_source_up_to_the_limit_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from webhook import documents

    path = write(tmp_path / "d.yaml", COMPLIANT_DEPLOYMENT)
    monkeypatch.setattr(documents, "MAX_SOURCE_BYTES", path.stat().st_size)
    docs, errors = documents.read_source(str(path))
    assert len(docs) == 1 and errors == []
    monkeypatch.setattr(documents, "MAX_SOURCE_BYTES", path.stat().st_size - 1)
    docs, errors = documents.read_source(str(path))
    assert docs == [] and [e.problem for e in errors] == [f"larger than {(path.stat().st_size - 1) / 2**20:g} MiB: not read (split it into several files)"]


def test_a_small_file_is_read_without_a_buffer_the_size_of_the_limit(tmp_path: Path) -> None:
    # one read of the size fstat gives: no 256 MiB buffer per file (10,000 files: 10,000 of them)
    import tracemalloc

    from webhook import documents
    from webhook.files import read_bounded

    path = write(tmp_path / "d.yaml", COMPLIANT_DEPLOYMENT)
    tracemalloc.start()
    try:
        read = documents.read_text(str(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert read == (str(path), COMPLIANT_DEPLOYMENT) and peak < 2**20
    status = Path("/proc/self/status")  # a regular file whose fstat size is 0: still read to its end
    if status.exists():
        assert b"\nPid:" in read_bounded(status, 2**20)


@pytest.mark.parametrize("output", ["table", "json", "junit", "sarif"])
def test_file_names_that_are_not_utf8_are_shown_not_crashed_on(tmp_path: Path, output: str) -> None:
    name = os.fsencode(tmp_path) + b"/bad\xff.yaml"
    with open(name, "wb") as f:
        f.write(ROOT_POD.encode())
    done = _subprocess("test", os.fsdecode(name), "-o", output)
    assert done.returncode == 1, done.stderr
    assert "bad\ufffd.yaml" in done.stdout.decode("utf-8") or "bad%EF%BF%BD.yaml" in done.stdout.decode("utf-8")


def test_names_cannot_forge_report_lines_or_break_junit(tmp_path: Path) -> None:
    forged = 'apiVersion: v1\nkind: Pod\nmetadata: {name: "a\\nDENIED   fake"}\nspec:\n  containers: [{name: "c\\u0001d", image: x}]\n'
    f = write(tmp_path / "forge.yaml", forged)
    table = run_cli("test", f)
    assert not any(line.startswith("DENIED   fake") for line in table.out.splitlines())
    assert "a\\nDENIED   fake" in table.out
    # a bidi override could make a terminal show the line in another order
    bidi = write(tmp_path / "bidi.yaml", forged.replace("a\\nDENIED   fake", "safe\\u202eevil"))
    shown = run_cli("test", bidi).out
    assert "\u202e" not in shown and "safe\\u202eevil" in shown
    junit = run_cli("test", f, "-o", "junit")
    xml.dom.minidom.parseString(junit.out)  # well-formed XML 1.0


@pytest.mark.parametrize("char", ["\\ufffe", "\\uffff", "\\x1b"])
def test_non_characters_in_names_do_not_break_junit(tmp_path: Path, char: str) -> None:
    """XML 1.0 cannot hold U+FFFE or U+FFFF, escaped or not: the denial message named them raw."""
    f = write(tmp_path / "nonchar.yaml", ROOT_POD.replace("name: root-pod", f'name: "root{char}"', 1))
    junit = run_cli("test", f, "-o", "junit")
    assert junit.code == 1, junit.err
    xml.dom.minidom.parseString(junit.out)  # well-formed XML 1.0
    assert f"root{char}" in junit.out


def deployment_with_selector_value(value: str) -> str:
    """A Deployment whose selector (line 7) holds ``value``: the zone anti-affinity patch copies it."""
    return f"""\
apiVersion: apps/v1
kind: Deployment
metadata: {{name: web}}
spec:
  replicas: 3
  selector:
    matchExpressions: [{{key: app, operator: In, values: [web], x: {value}}}]
  template:
    metadata: {{labels: {{app: web}}}}
    spec: {{containers: [{{name: app, image: x}}]}}
"""


@pytest.mark.parametrize("value, written", [(str(2**64), float(2**64)), ("0x" + "f" * 17, "0x" + "f" * 17)])
def test_an_integer_beyond_64_bits_is_no_json_output_crash(tmp_path: Path, value: str, written: Any) -> None:
    """The zone anti-affinity patch copies the selector: orjson could not write the integer.
    It is now read as kubectl reads it, a float or text."""
    f = write(tmp_path / "big.yaml", deployment_with_selector_value(value))
    run = run_cli("test", f, "-o", "json")
    assert run.code == 1, run.err
    [patch] = [op for op in json.loads(run.out)[0]["patch"] if op["path"] == "/spec/template/spec/affinity"]
    assert f'"x": {json.dumps(written)}' in json.dumps(patch)


@pytest.mark.parametrize("value", ["!!set {a, b}", "!!binary aGk="])
def test_a_set_or_binary_value_copied_into_a_patch_is_written_as_json(tmp_path: Path, value: str) -> None:
    f = write(tmp_path / "set.yaml", deployment_with_selector_value(value))
    run = run_cli("test", f, "-o", "json")
    assert run.code == 1, run.err
    [patch] = [op for op in json.loads(run.out)[0]["patch"] if op["path"] == "/spec/template/spec/affinity"]
    term = patch["value"]["podAntiAffinity"]["preferredDuringSchedulingIgnoredDuringExecution"][0]
    assert term["podAffinityTerm"]["labelSelector"]["matchExpressions"][0]["x"] in ({"a": None, "b": None}, "hi")


def test_sarif_uris_are_percent_encoded(tmp_path: Path) -> None:
    folder = tmp_path / "dir a#b"
    folder.mkdir()
    write(folder / "x%20.yaml", ROOT_POD)
    run = run_cli("test", folder, "-o", "sarif")
    uri = json.loads(run.out)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.endswith("dir%20a%23b/x%2520.yaml")


def test_an_empty_path_is_an_error_not_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "root.yaml", ROOT_POD)  # would be found and judged if "" meant "."
    monkeypatch.chdir(tmp_path)
    run = run_cli("test", "", "-o", "json")
    assert run.code == 2 and "empty path" in run.err
    assert [(e["file"], e["verdict"], e["error"]) for e in json.loads(run.out)] == [("''", "error", "empty path (an unset variable?)")]


def test_sarif_uri_of_standard_input_is_a_valid_uri_reference() -> None:
    # "<" and ">" may not appear in a URI: GitHub code scanning rejects helm template | railguard test -o sarif -
    run = run_cli("test", "-o", "sarif", "-", stdin=ROOT_POD.encode())
    uri = json.loads(run.out)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "%3Cstdin%3E"


def test_sarif_keeps_the_most_severe_results_within_githubs_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    from webhook.cli import reports

    monkeypatch.setattr(reports, "SARIF_RESULTS_LIMIT", 3)
    pods = "---\n".join(ROOT_POD for _ in range(4))  # 4 pods, each with errors
    run = run_cli("test", "-o", "sarif", "-", stdin=pods.encode())
    [sarif_run] = json.loads(run.out)["runs"]
    every = json.loads(run_cli("test", "-o", "json", "-", stdin=pods.encode()).out)
    total = sum(len(r["findings"]) for r in every)
    assert total > 3 and len(sarif_run["results"]) == 3
    assert {r["level"] for r in sarif_run["results"]} == {"error"}
    [note] = sarif_run["invocations"][0]["toolExecutionNotifications"]
    assert note["level"] == "warning" and note["message"]["text"].startswith(f"{total - 3} results left out")


@pytest.mark.parametrize("content", [b"\xff\xfe\x00garbage", b"a:\n" + b"  " * 0 + b"[" * 5000 + b"]" * 5000 + b"\n"])
def test_broken_config_and_policy_files_are_clear_errors(tmp_path: Path, content: bytes) -> None:
    config = tmp_path / "config.yaml"
    config.write_bytes(content)
    run = run_cli("test", write(tmp_path / "p.yaml", ROOT_POD), "--config", config)
    assert run.code == 2 and str(config) in run.err and "Traceback" not in run.err
    library = tmp_path / "lib" / "my-policy"
    library.mkdir(parents=True)
    (library / "policy.yaml").write_bytes(content)
    run = run_cli("test", write(tmp_path / "p.yaml", ROOT_POD), "--policies", tmp_path / "lib")
    assert run.code == 2 and "policy.yaml" in run.err and "Traceback" not in run.err


MULTI_DOCUMENT = """\
# first line: replaced by a directive below
---
apiVersion: v1
kind: ConfigMap
metadata: {name: a}
data:
  script: |
    one
    two
---
# Source: chart/b.yaml

apiVersion: v1
kind: ConfigMap
metadata: {name: b, labels: {on: yes}}
---
kind: 5
---
kind: ConfigMap
metadata: {name: [c}
"""


def _read(text: str) -> tuple[list[tuple[int, int, Any]], list[str]]:
    documents, errors = parse_text(text, "f.yaml")
    return [(d.doc, d.line, d.obj) for d in documents], [str(e) for e in errors]


@pytest.mark.parametrize("directive", ["%YAML 1.2", "%YAML 1.1", "%TAG !e! tag:example.com,2026:"])
def test_a_directive_does_not_move_every_document_to_line_1(directive: str) -> None:
    # a stream with directives is read by PyYAML as a whole: each document still has its own line
    read = _read(directive + MULTI_DOCUMENT[MULTI_DOCUMENT.index("\n") :])
    assert read == _read(MULTI_DOCUMENT)
    assert [(doc, line) for doc, line, _ in read[0]] == [(0, 3), (1, 13)]
    assert read[1][0] == "f.yaml:17: kind must be a string, got int"
    assert read[1][1].startswith("f.yaml:20: invalid YAML: ")
    # comments may come before the directives (helm's "# Source:" lines)
    comments = "# Source: chart/cm.yaml\n\n"
    with_comments = _read(comments + directive + MULTI_DOCUMENT[MULTI_DOCUMENT.index("\n") :])
    assert with_comments == _read(comments + MULTI_DOCUMENT)
    assert [line for _, line, _ in with_comments[0]] == [5, 15]


@pytest.mark.parametrize("directive", ["%YAML 1.1", "%TAG !e! tag:example.com,2026:"])
def test_a_broken_document_after_a_directive_does_not_hide_the_documents_after_it(directive: str) -> None:
    broken_in_the_middle = "---\nkind: ConfigMap\nmetadata: {name: a}\n---\nkind: [\n---\nkind: Pod\nmetadata: {name: b}\n"
    documents, errors = _read(directive + "\n" + broken_in_the_middle)
    assert [(doc, line, obj["metadata"]["name"]) for doc, line, obj in documents] == [(0, 3, "a"), (2, 8, "b")]
    assert len(errors) == 1 and errors[0].startswith("f.yaml:7: invalid YAML: ")
    # the same indices as without the directive
    plain, _ = _read(broken_in_the_middle)
    assert [doc for doc, _, _ in plain] == [0, 2]


def test_an_error_in_the_directives_loses_no_document() -> None:
    documents, errors = _read("%YAML 1.1\n%YAML 1.1\n---\nkind: A\n---\nkind: B\n")
    assert [(doc, obj["kind"]) for doc, _, obj in documents] == [(0, "A"), (1, "B")]
    assert errors == ["f.yaml:2: invalid YAML: found duplicate %YAML directive"]


@pytest.mark.parametrize("directive", ["%YAML 1.1", "%TAG !e! tag:example.com,2026:"])
def test_a_directive_without_a_document_start_is_one_error_not_a_crash(directive: str) -> None:
    # no "---" after the directives: a stream of one chunk, nothing after the broken document to read
    assert _read(directive + "\nkind: ConfigMap\n") == ([], ["f.yaml:2: invalid YAML: did not find expected <document start>"])


@pytest.mark.parametrize("directive", ["", "%YAML 1.1\n"])
@pytest.mark.parametrize("separator", ["\x85", "\u2028", "\u2029"])
def test_yaml_11_line_separators_do_not_shift_reported_lines(directive: str, separator: str) -> None:
    # PyYAML counts NEL, LS and PS as line breaks; editors and the table's file:line do not
    text = directive + '---\na: "x{0}y"\nz: "{0}"\n---\nb: 1\n---\nc: [\n---\nd: 1\n'
    documents, errors = _read(text.format(separator))
    plain_documents, plain_errors = _read(text.format("_"))
    assert [(doc, line) for doc, line, _ in documents] == [(doc, line) for doc, line, _ in plain_documents]
    assert errors == plain_errors and len(errors) == 1


def test_cr_and_crlf_line_ends_read_as_newline_ones(tmp_path: Path) -> None:
    # old Mac files end lines with a CR alone: YAML reads it as a line break, lines count it
    for newline in ("\r", "\r\n"):
        assert _read(MULTI_DOCUMENT.replace("\n", newline)) == _read(MULTI_DOCUMENT), repr(newline)
        as_json = '{\n  "kind": "ConfigMap",\n  "metadata": {"name": oops}\n}\n'.replace("\n", newline)
        run = run_cli("test", write(tmp_path / "x.json", as_json))
        assert run.code == 2 and f"{tmp_path / 'x.json'}:3: invalid JSON" in run.err, repr(newline)


def test_a_json_array_on_stdin_is_read_as_in_a_json_file(tmp_path: Path) -> None:
    array = json.dumps([__import__("yaml").safe_load(ROOT_POD),
                        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm"}}], indent=1)
    from_file = run_cli("test", write(tmp_path / "many.json", array), "-o", "json")
    from_stdin = run_cli("test", "-", "-o", "json", stdin=array.encode())
    assert (from_stdin.code, from_stdin.err) == (1, "")
    entries = [(e["item"], e["line"], e["name"], e["allowed"]) for e in json.loads(from_stdin.out)]
    assert entries == [(0, 1, "root-pod", False), (1, 1, "cm", True)]
    assert entries == [(e["item"], e["line"], e["name"], e["allowed"]) for e in json.loads(from_file.out)]


@pytest.mark.parametrize(
    ("document", "path", "problem"),
    [
        ("kind: Pod\nmetadata: {name: p}\nspec: [1]\n", "/spec", "spec must be an object, got a list"),
        ("kind: Deployment\nmetadata: {name: d}\nspec: {template: x}\n", "/spec/template", "spec.template must be an object, got a string"),
        (
            "kind: CronJob\nmetadata: {name: c}\nspec: {jobTemplate: {spec: {template: {spec: 7}}}}\n",
            "/spec/jobTemplate/spec/template/spec",
            "spec.jobTemplate.spec.template.spec must be an object, got a number",
        ),
        ("kind: Pod\nmetadata: {name: p}\nspec: {containers: {app: {}}}\n", "/spec/containers", "spec.containers must be a list, got an object"),
        (
            "kind: Job\nspec: {template: {spec: {initContainers: [{name: a}, true]}}}\n",
            "/spec/template/spec/initContainers/1",
            "spec.template.spec.initContainers[1] must be an object, got a boolean",
        ),
    ],
)
def test_a_workload_whose_pod_spec_kubectl_cannot_decode_is_denied_as_the_server_denies_it(
    tmp_path: Path, document: str, path: str, problem: str
) -> None:
    # fail closed, with the server's verdict: not skipped as unreadable, not allowed for want of containers
    text = "apiVersion: v1\n" + document
    assert _read(text)[1] == []
    run = run_cli("test", write(tmp_path / "f.yaml", text), "-o", "json")
    assert run.code == 1, run.err
    [entry] = json.loads(run.out)
    assert entry["allowed"] is False and entry["line"] == 1
    judged = {f["policy"] for f in entry["findings"] if f["path"] == path and f"cannot be judged: {problem}" in f["message"]}
    assert {"require-run-as-non-root", "require-resources"} <= judged


def test_absent_or_null_pod_spec_parts_are_reviewed_not_refused() -> None:
    # the decoder takes null and absent fields as empty: API validation, not railguard's reader, speaks then
    text = "kind: Pod\nmetadata: {name: a}\n---\nkind: Deployment\nspec: {template: null}\n---\nkind: Pod\nspec: {containers: null}\n"
    documents, errors = _read(text)
    assert errors == [] and len(documents) == 3


def test_a_malformed_pod_spec_inside_a_list_is_denied_as_its_item(tmp_path: Path) -> None:
    listing = {"apiVersion": "v1", "kind": "List", "items": [{"apiVersion": "v1", "kind": "ConfigMap"}, {"apiVersion": "v1", "kind": "Pod", "spec": {"containers": ["x"]}}]}
    path = tmp_path / "list.json"
    path.write_text(json.dumps(listing))
    run = run_cli("test", str(path), "-o", "json")
    assert run.code == 1
    entries = [(e["item"], e["kind"], e["allowed"]) for e in json.loads(run.out)]
    assert entries == [(0, "ConfigMap", True), (1, "Pod", False)]
    (finding, *_) = json.loads(run.out)[1]["findings"]
    assert finding["path"] == "/spec/containers/0"
    assert "cannot be judged: spec.containers[0] must be an object, got a string" in finding["message"]


@pytest.mark.timeout(20)
@pytest.mark.parametrize("writer", ["none", "stalled"])
def test_a_fifo_that_stays_silent_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, writer: str) -> None:
    """A FIFO nobody writes to (opening it waited for a writer forever), or whose writer never
    writes nor closes, is given up after ``STREAM_IDLE_SECONDS`` with the reason."""
    from webhook import documents

    monkeypatch.setattr(documents, "STREAM_IDLE_SECONDS", 0.5, raising=False)
    fifo = tmp_path / "manifests.yaml"
    os.mkfifo(fifo)
    held = os.open(fifo, os.O_RDWR) if writer == "stalled" else None  # a writer that stays, silent
    try:
        done = run_cli("test", fifo)
    finally:
        if held is not None:
            os.close(held)
    assert done.code == 2
    assert "cannot read: nothing to read for 0.5 s (a FIFO or stream without a writer" in done.err
    assert "Traceback" not in done.err


@pytest.mark.timeout(20)
def test_a_fifo_whose_writer_pauses_is_read_to_its_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``railguard test <(helm template .)``: a stream that is not a regular file is read to its
    writer's end, over pauses shorter than ``STREAM_IDLE_SECONDS``, and each of its objects reviewed
    (only FIFOs that stay silent were tested: a reader that never saw a byte passed them)."""
    from webhook import documents

    monkeypatch.setattr(documents, "STREAM_IDLE_SECONDS", 5.0, raising=False)
    fifo = tmp_path / "rendered.yaml"
    os.mkfifo(fifo)
    text = (COMPLIANT_DEPLOYMENT + "---\n" + ROOT_POD).encode()
    cut = len(COMPLIANT_DEPLOYMENT) + 30  # inside the Pod: only the whole stream holds it

    thread = _write_in_two_parts(fifo, text, cut)
    try:
        run = run_cli("test", fifo, "-o", "json")
    finally:
        thread.join(10)
    assert run.code == 1, run.err
    assert [(e["kind"], e["name"], e["allowed"]) for e in json.loads(run.out)] == [
        ("Deployment", "web", True),
        ("Pod", "root-pod", False),
    ]


@pytest.mark.timeout(20)
def test_a_fifo_up_to_the_limit_is_read_and_one_byte_more_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The size limit holds for a stream as for a regular file: one byte over it is refused, not
    cut to the limit and read as if it were the whole input."""
    from webhook import documents

    text = (COMPLIANT_DEPLOYMENT + "---\n" + ROOT_POD).encode()
    monkeypatch.setattr(documents, "STREAM_IDLE_SECONDS", 5.0, raising=False)
    for limit, refused in ((len(text), False), (len(text) - 1, True)):
        monkeypatch.setattr(documents, "MAX_SOURCE_BYTES", limit)
        fifo = tmp_path / f"rendered-{limit}.yaml"
        os.mkfifo(fifo)

        def writer(fifo: Path = fifo) -> None:
            with open(fifo, "wb") as out:
                out.write(text)

        thread = threading.Thread(target=writer)
        thread.start()
        try:
            docs, errors = documents.read_source(str(fifo))
        finally:
            thread.join(10)
        if refused:
            assert docs == [] and [e.problem for e in errors] == [f"larger than {limit / 2**20:g} MiB: not read (split it into several files)"]
        else:
            assert [d.obj["kind"] for d in docs] == ["Deployment", "Pod"] and errors == []


@pytest.mark.timeout(20)
@pytest.mark.parametrize("spurious", [0, 1])
def test_a_stream_read_that_would_block_is_tried_again_and_loses_or_repeats_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spurious: int
) -> None:
    """A stream said readable whose read then finds nothing yet (EAGAIN: another reader of the same
    pipe took the bytes first) is waited on again: every byte is read once, before or after it."""
    from webhook import documents

    monkeypatch.setattr(documents, "STREAM_IDLE_SECONDS", 5.0, raising=False)
    text = (COMPLIANT_DEPLOYMENT + "---\n" + ROOT_POD).encode()
    cut = len(COMPLIANT_DEPLOYMENT) + 30
    fifo = tmp_path / "rendered.yaml"
    os.mkfifo(fifo)
    read, calls = os.read, [0]

    def read_or_would_block(fd: int, size: int) -> bytes:
        calls[0] += 1
        if calls[0] == spurious + 1:
            raise BlockingIOError(11, "Resource temporarily unavailable")
        return read(fd, size)

    thread = _write_in_two_parts(fifo, text, cut)
    try:
        monkeypatch.setattr(os, "read", read_or_would_block)
        docs, errors = documents.read_source(str(fifo))
        monkeypatch.setattr(os, "read", read)
    finally:
        thread.join(10)
    assert errors == [] and [(d.obj["kind"], d.obj["metadata"]["name"]) for d in docs] == [("Deployment", "web"), ("Pod", "root-pod")]
    assert calls[0] > spurious + 1


_POD_ITEM = "  - {apiVersion: v1, kind: Pod, metadata: {name: p}, spec: {containers: [{name: c, image: x}]}}\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # kubectl's decoder: items null is a list holding no object, not one object of kind List
        ("apiVersion: v1\nkind: List\nitems:\n", []),
        ("apiVersion: v1\nkind: List\nitems: null\n", []),
        ("apiVersion: v1\nkind: PodList\nitems: ~\n", []),
        ("apiVersion: v1\nkind: List\n", ["f.yaml:1: kind List without a list of items: not read (kubectl reads a List's objects from items)"]),
        ("apiVersion: v1\nkind: List\nitems: pods\n", ["f.yaml:1: items must be a list of objects, got str: not read (kubectl refuses it)"]),
        ("apiVersion: v1\nkind: List\nitems: {a: 1}\n", ["f.yaml:1: items must be a list of objects, got dict: not read (kubectl refuses it)"]),
        (
            "apiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: List}\n",
            ["f.yaml:1: items[0]: kind List without a list of items: not read (kubectl reads a List's objects from items)"],
        ),
    ],
)
def test_a_list_whose_items_are_null_missing_or_not_a_list_is_read_as_kubectl_reads_it(text: str, expected: list[str]) -> None:
    documents, errors = _read(text)
    assert (documents, errors) == ([], expected)


def test_a_document_with_items_is_a_list_to_kubectl_whatever_its_kind() -> None:
    # kubectl applies the Pod, not a Deployment: the Pod is what is reviewed
    documents, errors = _read("apiVersion: apps/v1\nkind: Deployment\nitems:\n" + _POD_ITEM)
    assert errors == [] and [obj["kind"] for _, _, obj in documents] == ["Pod"]


def test_a_list_with_null_items_alone_is_no_objects_found(tmp_path: Path) -> None:
    run = run_cli("test", "-", "-o", "json", stdin=b"apiVersion: v1\nkind: List\nitems: null\n")
    assert run.code == 2, run.err
    assert "<stdin>: no Kubernetes objects found (only empty documents or empty Lists" in run.err
    assert '"kind": "List"' not in run.out  # not reviewed as an object of kind List


def test_a_stream_given_for_stdin_is_read_instead_of_the_process_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    """``read_source("-", stdin)`` reads the stream it is given (a caller's own input), not the
    process's standard input."""
    import io

    from webhook import documents

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(COMPLIANT_DEPLOYMENT.encode())))
    docs, errors = documents.read_source("-", io.BytesIO(ROOT_POD.encode()))
    assert errors == [] and [(d.file, d.obj["kind"]) for d in docs] == [("<stdin>", "Pod")]
    assert sys.stdin.read() == COMPLIANT_DEPLOYMENT  # left unread
