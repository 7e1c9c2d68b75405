"""How manifests are read: kubectl's YAML 1.1 meaning (go-yaml), both parsers agreeing, and
hostile documents refused with a clear error."""

from __future__ import annotations

import math
import re
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
import yaml
import yaml_rs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from webhook.documents import AFTER_DOCUMENT_END, BAD_SEPARATOR, KubeLoader, _needs_kube_loader, parse_text


def load(text: str) -> list[Any]:
    documents, errors = parse_text(text, "t.yaml")
    assert not errors, [str(e) for e in errors]
    return [d.obj for d in documents]


def one(text: str) -> Any:
    [obj] = load(text)
    return obj


def error_of(text: str) -> str:
    documents, errors = parse_text(text, "t.yaml")
    assert errors, "expected an error"
    return str(errors[0])


# --- YAML 1.1 as kubectl reads it -------------------------------------------------------------


@pytest.mark.parametrize("word, value", [
    ("yes", True), ("Yes", True), ("YES", True), ("no", False), ("No", False), ("NO", False),
    ("on", True), ("On", True), ("ON", True), ("off", False), ("Off", False), ("OFF", False),
    ("y", True), ("Y", True), ("n", False), ("N", False), ("true", True), ("False", False),
])  # fmt: skip
def test_unquoted_yaml11_booleans_are_booleans_quoted_are_strings(word: str, value: bool) -> None:
    obj = one(f"kind: X\nplain: {word}\nsingle: '{word}'\ndouble: \"{word}\"\nlist: [{word}, '{word}']\nblock:\n  - {word}\n")
    assert obj["plain"] is value
    assert obj["single"] == obj["double"] == word
    assert obj["list"] == [value, word]
    assert obj["block"] == [value]


_GO_YAML_WORDS = [
    *((w, True) for w in ("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON")),
    *((w, False) for w in ("n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF")),
    *((w, None) for w in ("", "~", "null", "Null", "NULL")),
]


@pytest.mark.parametrize("word, value", _GO_YAML_WORDS)
def test_the_yaml11_reader_knows_every_word_of_go_yamls_table(word: str, value: bool | None) -> None:
    """go-yaml v2's resolve table. The YAML 1.1 reader (KubeLoader, used when a document has a word
    the fast YAML 1.2 path reads differently) reads them all; the fast path never sees most."""
    assert yaml.load(f"v: {word}\n", Loader=KubeLoader)["v"] is value  # noqa: S506 - a SafeLoader


def test_booleans_in_every_position() -> None:
    obj = one("kind: X\nflow: {a: on, b: [off,y]}\nnext_line:\n  yes\ncomment: no # really\ncrlf: on\r\n")
    assert obj["flow"] == {"a": True, "b": [False, True]}
    assert obj["next_line"] is True and obj["comment"] is False and obj["crlf"] is True
    assert one("on: push\ny: 1\n") == {"true": "push"} | {"true": 1}  # keys too (last wins)


@pytest.mark.parametrize("text, value", [
    ("0755", 0o755), ("0o755", 0o755), ("-010", -8), ("0b101", 5), ("0x1F", 31), ("1_000", 1000),
    ("00", 0), ("0", 0), ("10", 10), ("+12", 12), ("1e3", 1000), ("0.5", 0.5), ("1.5e+3", 1500), ("3.0", 3),
])  # fmt: skip
def test_numbers(text: str, value: Any) -> None:
    obj = one(f"kind: X\nmode: {text}\nquoted: '{text}'\n")
    assert obj["mode"] == value and type(obj["mode"]) is type(value)
    assert obj["quoted"] == text


def test_default_mode_octal_in_a_realistic_manifest() -> None:
    obj = one("kind: Pod\nspec:\n  volumes:\n    - name: c\n      configMap: {name: c, defaultMode: 0644}\n")
    assert obj["spec"]["volumes"][0]["configMap"]["defaultMode"] == 420


@pytest.mark.parametrize("text", ["2001-12-14", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "12:30:45", "1:20"])
def test_timestamps_and_sexagesimals_stay_strings(text: str) -> None:
    assert one(f"kind: X\nat: {text}\n")["at"] == text


def test_non_string_keys_become_strings() -> None:
    obj = one("kind: X\ndata:\n  80: http\n  1.5: x\n  true: t\n  0755: octal\nflow: {443: https}\n")
    assert obj["data"] == {"80": "http", "1.5": "x", "true": "t", "493": "octal"}
    assert obj["flow"] == {"443": "https"}


def test_float_keys_are_written_as_kubectl_writes_them() -> None:
    """sigs.k8s.io/yaml formats a float key as Go's shortest 32-bit form (%g style)."""
    obj = one("kind: X\ndata: {1e20: a, 0.1: b, 1e6: c, 123456789.0: d, .inf: e, 3.14159265358979: f, -0.0: g, 1e-5: h}\n")
    assert list(obj["data"]) == ["1e+20", "0.1", "1e+06", "1.2345679e+08", ".inf", "3.1415927", "-0", "1e-05"]


@pytest.mark.parametrize("text, line, what", [
    ("data:\n  null: n\n", 3, "null"), ("data:\n  ~: n\n", 3, "null"),
    ("data:\n  9223372036854775808: n\n", 3, "an integer beyond 64 bits"),
    ("data: [{null: n}]\n", 2, "null"), ("data: {? : n}\n", 2, "null"),
])  # fmt: skip
def test_a_key_kubectl_cannot_convert_is_an_input_error(text: str, line: int, what: str) -> None:
    """A null key, or one that go-yaml reads as an unsigned beyond int64: kubectl fails with
    "Unsupported map key" (a null key used to become the text "null")."""
    assert error_of("kind: X\n" + text).startswith(f"t.yaml:{line}: invalid YAML: a mapping key is {what}")


@pytest.mark.parametrize("text", ["data:\n- : n\n", "data: {: n}\n", "data: [{ : n}]\n"])
def test_an_empty_key_is_an_input_error(text: str) -> None:
    """yaml_rs read these as a None key, which reached the checks and the JSON writer."""
    assert error_of("kind: X\n" + text).startswith("t.yaml:")


@pytest.mark.parametrize("text, value", [
    ("0X10", 16), ("0B11", 3), ("0O17", 15), ("0x1_0", 16), ("0_x10", 16), ("+_1", 1), ("1__0", 10), ("+0x10", 16),
    ("-0B11", -3), ("08", 8), ("-019", -19), ("0_8", 8), ("1_0.5", 10.5), ("1e1_0", 10**10), (".5_0", 0.5),
    ("1.", 1), ("+.5", 0.5), (str(2**64 - 1), 2**64 - 1), (str(2**64), float(2**64)), ("+" + str(2**63), 9223372036854776000),
    (str(-(2**63) - 1), -float(2**63)), ("0" + oct(2**64)[2:], float(oct(2**64)[2:])), ("1e19", 10**19), ("1e20", 1e20),
    ("._5", "._5"), (".5__0", ".5__0"), ("1e400", "1e400"), ("9" * 4301, "9" * 4301), ("0x", "0x"), ("0o8", "0o8"),
    (hex(2**64), hex(2**64)), ("0b" + "1" * 65, "0b" + "1" * 65), ("+.nan", "+.nan"), ("--1", "--1"), ("1:20", "1:20"),
])  # fmt: skip
@pytest.mark.parametrize("extra", ["", "b: yes\n"])  # the fast path and the KubeLoader path
def test_numbers_follow_go_syntax_as_kubectl_reads_them(text: str, value: Any, extra: str) -> None:
    """Each value here is what sigs.k8s.io/yaml (go-yaml v2, as in kubectl) gives for the plain
    scalar, checked against the real library: Go's integer syntax (any-case base prefixes,
    underscores anywhere), a decimal Go cannot read as an integer read as a float (``08``, a
    number beyond 64 bits), text when a float cannot hold it either. A float Go's JSON writer
    gives no fraction (integral, below 1e21) reaches the webhook as an integer, so it is one here,
    written with Go's shortest digits (``+9223372036854775808`` is a float to Go, sent as
    9223372036854776000)."""
    obj = one(f"kind: X\n{extra}v: {text}\nw: [{text}]\n")
    assert obj["v"] == obj["w"][0] == value
    assert type(obj["v"]) is type(obj["w"][0]) is type(value)


@pytest.mark.parametrize("text", [".inf", "-.Inf", "+.INF", ".nan", ".NaN"])
@pytest.mark.parametrize("extra", ["", "b: yes\n"])
def test_an_infinite_or_nan_value_is_an_input_error_as_in_kubectl(text: str, extra: str) -> None:
    """JSON has no such number: kubectl's conversion fails. As a key it is text (".inf")."""
    assert error_of(f"kind: X\n{extra}a: 1\nv: [1, {text}]\n") == f"t.yaml:{3 + bool(extra)}: invalid YAML: {text} is no JSON number: kubectl cannot send it"
    assert one(f"kind: X\n{extra}{text}: v\n")["." + text.lstrip("+-").lower()[1:] if not text.startswith("-") else "-.inf"] == "v"


@pytest.mark.parametrize("text, value", [
    ("!foo 10", "10"), ("!foo {a: 1}", {"a": 1}), ("!!python/tuple [1]", [1]), ("!!omap [{a: 1}, {b: 2}]", [{"a": 1}, {"b": 2}]),
    ("!!int {a: 1}", {"a": 1}), ("!!str [1]", [1]), ("!!timestamp 2001-12-14", "2001-12-14"), ("!!foo 10", "10"),
    ("<<", "<<"), ("!!merge <<", "<<"), ("!!float 1", 1), ("!!float .5", 0.5), ("!!int 0X10", 16), ("!!null ''", None), ("!!set [a]", ["a"]),
])  # fmt: skip
def test_tags_are_read_as_go_yaml_reads_them(text: str, value: Any) -> None:
    """go-yaml ignores a collection's tag and reads a scalar with a tag of its own as text."""
    obj = one(f"kind: X\nv: {text}\n")
    assert obj["v"] == value and type(obj["v"]) is type(value)


@pytest.mark.parametrize("text", ["!!int 08", "!!int 1.5", "!!float 18446744073709551615", "!!float 1e400", "!!bool 1", "!!null x"])
def test_an_explicit_tag_go_yaml_refuses_is_an_input_error(text: str) -> None:
    assert error_of(f"kind: X\nv: {text}\n").startswith("t.yaml:2: invalid YAML: cannot read this value as !!")


def test_duplicate_keys_last_wins_on_both_paths() -> None:
    fast = "kind: X\na: 1\na: 2\n"
    slow = "kind: X\na: 1\na: yes\n"
    assert not _needs_kube_loader("\n" + fast) and _needs_kube_loader("\n" + slow)
    assert one(fast)["a"] == 2 and one(slow)["a"] is True


def test_anchors_aliases_and_merge_keys() -> None:
    obj = one(
        "kind: X\nbase: &base {cpu: 100m, memory: 128Mi}\n"
        "requests: *base\nlimits:\n  <<: *base\n  cpu: 500m\n"
    )
    assert obj["requests"] == {"cpu": "100m", "memory": "128Mi"}
    assert obj["limits"] == {"cpu": "500m", "memory": "128Mi"}


# What kubectl (sigs.k8s.io/yaml over go-yaml v2) made of each, from the real library (the oracle
# of goyaml/generate.py): a merge key sets its pairs where it stands, in order.
@pytest.mark.parametrize(("text", "expected"), [
    ("a: &r {u: 0}\nb: {u: 1000, <<: *r}\n", {"u": 0}),  # a merge after a key overwrites it
    ("a: &r {u: 0}\nb: {<<: *r, u: 1000}\n", {"u": 1000}),
    ("a: &r {u: 0}\nb:\n  u: 1000\n  <<: *r\n  v: 2\n", {"u": 0, "v": 2}),
    ("a: &r {u: 0}\nc: &n {u: 1000, x: 1}\nb: {u: 5, <<: [*r, *n]}\n", {"u": 0, "x": 1}),  # the first merged wins
    ("a: &r {u: 0}\nc: &n {u: 1000, x: 1}\nb: {<<: [*r, *n], u: 5}\n", {"u": 5, "x": 1}),
    ("a: &r {u: 0}\nc: &n {u: 1000}\nb: {<<: *r, <<: *n}\n", {"u": 1000}),
    ("a: &r {u: 0, <<: {u: 7}}\nb: {<<: *r}\n", {"u": 7}),
    ("a: &r {u: 0}\nb: {u: 9, <<: {<<: *r}}\n", {"u": 0}),
])  # fmt: skip
def test_merge_keys_apply_in_order_as_kubectl_reads_them(text: str, expected: dict[str, Any]) -> None:
    assert one("kind: X\n" + text)["b"] == expected


@pytest.mark.parametrize("value", ["[1]", "5", "~", "[[*r]]", "[*r, 1]"])
def test_a_merge_key_without_mappings_is_invalid_as_for_kubectl(value: str) -> None:
    assert "a merge key (<<) takes a mapping or a list of mappings" in error_of(f"kind: X\na: &r {{u: 0}}\nb: {{<<: {value}}}\n")


def test_a_merge_after_a_user_sets_the_merged_user() -> None:
    text = (
        "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    image: x\n"
        "    securityContext: &root {runAsUser: 0}\n  initContainers:\n  - name: i\n    image: x\n"
        "    securityContext: {runAsUser: 1000, runAsNonRoot: true, <<: *root}\n"
    )
    assert one(text)["spec"]["initContainers"][0]["securityContext"] == {"runAsUser": 0, "runAsNonRoot": True}


def test_empty_and_comment_only_documents_are_skipped_and_doc_counts_non_empty() -> None:
    documents, errors = parse_text("---\n# c\n---\n\n---\nkind: A\n---\n...\n---\nkind: B\n", "f.yaml")
    assert not errors
    assert [(d.doc, d.line, d.obj["kind"]) for d in documents] == [(0, 6, "A"), (1, 10, "B")]


# --- errors carry the right line ---------------------------------------------------------------


@pytest.mark.parametrize("text, line, words", [
    ("kind: A\n---\nkind: B\nmetadata:\n  name: x\n   bad: indent\n", 6, "mapping values are not allowed"),
    ("kind: A\n---\n# c\nkind: B\nspec:\n\tcontainers: []\n", 6, "found character that cannot start any token"),
    ("---\nkind: A\n---\nkind: C\nx: 'unterminated\n", 6, "found unexpected end of stream"),
    ("kind: A\nkind: B\n---\nkey: *nowhere\n", 4, "found undefined alias"),
])  # fmt: skip
def test_error_lines_count_from_the_start_of_the_file(text: str, line: int, words: str) -> None:
    message = error_of(text)
    assert message.startswith(f"t.yaml:{line}: invalid YAML: "), message
    assert words in message


@pytest.mark.parametrize("value, tag", [
    ("!!int x", "!!int"), ("!!bool maybe", "!!bool"), ("!!float x", "!!float"), ("!!float ''", "!!float"),
    ("!!timestamp x", "!!timestamp"), ("!!timestamp 2001-13-45", "!!timestamp"),
])  # fmt: skip
@pytest.mark.parametrize("prefix", ["", "%YAML 1.1\n---\n"])
def test_a_value_its_explicit_tag_cannot_read_is_an_input_error(value: str, tag: str, prefix: str) -> None:
    """PyYAML's constructors raise ValueError, KeyError, AttributeError or IndexError for these."""
    text = f"{prefix}kind: A\n---\nkind: B\nspec:\n  a: [1, {{b: {value}}}]\n"
    documents, errors = parse_text(text, "t.yaml")
    assert [d.obj["kind"] for d in documents] == ["A"]
    assert [str(e) for e in errors] == [f"t.yaml:{5 + prefix.count(chr(10))}: invalid YAML: cannot read this value as {tag}"]


@pytest.mark.parametrize("text, value", [
    *[(f"kind: Pod\nmetadata:\n  name: {n}\n", v) for n, v in (
        (str(2**64), float(2**64)), (str(-(2**63) - 1), -float(2**63)), ("1_8446_7440_7370_9551_616", float(2**64)),
        (hex(2**64), hex(2**64)), (oct(2**64), oct(2**64)), (bin(2**64), bin(2**64)), (f"&a {2**64}", float(2**64)),
        ("0" + oct(2**64)[2:], float(oct(2**64)[2:])), ("9" * 4301, "9" * 4301), ("0x" + "f" * 3600, "0x" + "f" * 3600),
        ("0" * 30 + "1", 1),
    )],
    ('{"kind": "Pod", "metadata": {"name": ' + "9" * 4301 + "}}", "9" * 4301),  # infinite to orjson: read as YAML
    (f"kind: Pod\nmetadata: {{name: [{{key: app, x: {2**64}}}]}}\n", [{"key": "app", "x": float(2**64)}]),
])  # fmt: skip
def test_an_integer_beyond_64_bits_reads_as_kubectl_reads_it(text: str, value: Any) -> None:
    """A float when Go can read the decimal as one, else text (as go-yaml): never a Python int
    beyond 64 bits, which orjson cannot write (-o json crashed when a patch copied it) and, past
    4,300 digits, str() cannot print (review() crashed printing the name)."""
    name = one(text)["metadata"]["name"]
    assert name == value and type(name) is type(value)


def test_an_explicit_int_beyond_64_bits_is_an_input_error() -> None:
    assert error_of(f'kind: Pod\nmetadata:\n  name: !!int "{2**64}"\n') == "t.yaml:3: invalid YAML: cannot read this value as !!int"


def test_integers_within_64_bits_still_read() -> None:
    text = f"kind: Pod\na: {2**64 - 1}\nb: {-(2**63)}\nc: {hex(2**64 - 1)}\nd: '{2**64}'\ne: 1_000\nf: 1e30\n"
    assert one(text) == {"kind": "Pod", "a": 2**64 - 1, "b": -(2**63), "c": 2**64 - 1, "d": str(2**64), "e": 1000, "f": 1e30}


@pytest.mark.parametrize("extra", ["", "b: yes\n"])  # the fast path and the KubeLoader path
def test_sets_and_binary_read_as_kubectl_reads_them(extra: str) -> None:
    """A set (from yaml_rs or PyYAML) or bytes (PyYAML) is no JSON value: -o json crashed when a
    patch copied one. go-yaml reads !!set as a mapping and !!binary as the decoded text."""
    obj = one(f"kind: A\n{extra}s: !!set {{ab, cd}}\nt: !<tag:yaml.org,2002:set> {{ef}}\nu: !!binary aGk=\nv: !!binary /w==\n")
    assert (obj["s"], obj["t"], obj["u"], obj["v"]) == ({"ab": None, "cd": None}, {"ef": None}, "hi", "\ufffd")
    assert error_of("kind: A\nu: !!binary a\n").startswith("t.yaml:2: invalid YAML: failed to decode base64 data")


def test_a_broken_document_does_not_hide_its_neighbours() -> None:
    documents, errors = parse_text("kind: A\n---\nkind: [\n---\nkind: C\n", "f.yaml")
    assert [(d.doc, d.obj["kind"]) for d in documents] == [(0, "A"), (2, "C")]
    assert len(errors) == 1 and errors[0].line is not None and errors[0].line >= 3


@pytest.mark.parametrize("marker", ["--- kind: B", "--- {kind: B}", "---kind: B", "----", "--- |"])
@pytest.mark.parametrize("prefix", ["", "%YAML 1.1\n---\n"])  # split by railguard, or read whole by PyYAML
def test_text_on_a_separator_line_is_an_error_at_that_line_as_kubectl_refuses_it(marker: str, prefix: str) -> None:
    """kubectl splits a stream at every line that starts with ``---`` and refuses the input when
    anything but a comment follows on it ("invalid Yaml document separator")."""
    offset = prefix.count("\n")
    text = prefix + f"kind: A\n{marker}\n  x: 1\n--- # a comment is fine\nkind: C\n---\t\nkind: D\n"
    documents, errors = parse_text(text, "f.yaml")
    assert [str(e) for e in errors] == [f"f.yaml:{offset + 2}: {BAD_SEPARATOR}"]
    assert [d.obj["kind"] for d in documents] == ["A", "C", "D"]


@pytest.mark.parametrize("after", ["...\nkind: B\n", "... kind: B\n", "...\n# c\n  kind: B\n", "... # c\n{kind: B}\n"])
@pytest.mark.parametrize("prefix", ["", "%YAML 1.1\n---\n"])
def test_text_after_a_document_end_is_an_error_not_reviewed_nor_dropped(after: str, prefix: str) -> None:
    """kubectl hands go-yaml the whole piece up to the next ``---``; go-yaml reads its first
    document only, so what follows ``...`` is dropped silently: railguard neither reviews it (it is
    never applied) nor drops it without a word."""
    text = prefix + "kind: A\n" + after + "---\nkind: C\n...\n# comments,\n%YAML 1.1\n---\nkind: D\n... # end\n"
    documents, errors = parse_text(text, "f.yaml")
    assert [str(e) for e in errors] == [f"f.yaml:{prefix.count(chr(10)) + 2}: {AFTER_DOCUMENT_END}"]
    assert [(d.doc, d.obj["kind"]) for d in documents] == [(0, "A"), (2, "C"), (3, "D")]


# --- hostile documents ---------------------------------------------------------------------------

LAUGHS = "kind: X\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi")
)


@pytest.mark.timeout(30)
def test_billion_laughs_is_refused_quickly_and_without_eating_memory() -> None:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        message = error_of(LAUGHS)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "billion laughs" in message and message.startswith("t.yaml:")
    assert elapsed < 5
    assert peak < 50_000_000


def test_billion_laughs_via_yaml_rs_limits_too() -> None:
    with pytest.raises(Exception, match="alias"):
        yaml_rs.loads(LAUGHS, parse_datetime=False, alias_limits=yaml_rs.AliasLimits(max_total_replayed_events=100_000))


def test_modest_aliases_are_fine() -> None:
    text = "kind: X\nlabels: &l {app: web, tier: front}\n" + "".join(f"k{i}: *l\n" for i in range(200))
    assert one(text)["k199"] == {"app": "web", "tier": "front"}


def test_recursive_alias_is_refused() -> None:
    assert "recursive alias" in error_of("kind: X\na: &a [1, *a]\n")


@pytest.mark.parametrize("text", [
    "kind: X\na: " + "[" * 300 + "]" * 300 + "\n",
    "kind: X\na:\n" + "- " * 300 + "x\n",
    "kind: X\n" + "".join("  " * i + f"k{i}:\n" for i in range(300)) + "  " * 300 + "v: 1\n",
])  # fmt: skip
def test_deep_nesting_is_a_clear_error(text: str) -> None:
    assert "nested more than 256 levels deep" in error_of(text)


def test_nesting_below_the_limit_is_fine() -> None:
    obj = one("kind: X\na: " + "[" * 200 + "1" + "]" * 200 + "\n")
    depth, node = 0, obj["a"]
    while isinstance(node, list):
        depth, node = depth + 1, node[0]
    assert (depth, node) == (200, 1)


@pytest.mark.timeout(60)
def test_pathological_nesting_does_not_crash_the_cli(tmp_path: Path) -> None:
    """100,000 levels segfault both parsers' recursive composers: the depth is measured first."""
    deep = tmp_path / "deep.yaml"
    deep.write_text("kind: X\na: " + "[" * 100_000 + "]" * 100_000 + "\n---\nb:\n" + "- " * 100_000 + "x\n")
    done = subprocess.run(
        [sys.executable, "-m", "webhook.cli", "test", str(deep)], capture_output=True, timeout=60, check=False
    )
    assert done.returncode == 2, done.stderr
    err = done.stderr.decode()
    assert f"{deep}:2: invalid YAML: document is nested more than 256 levels deep" in err
    assert f"{deep}:5: invalid YAML: document is nested more than 256 levels deep" in err


@pytest.mark.timeout(60)
def test_pathological_nesting_after_a_directive_does_not_crash_the_cli(tmp_path: Path) -> None:
    """A stream with directives is read whole by PyYAML: its depth is measured first too."""
    deep = tmp_path / "deep.yaml"
    deep.write_text("%YAML 1.1\n---\nkind: X\na: " + "[" * 100_000 + "]" * 100_000 + "\n")
    done = subprocess.run(
        [sys.executable, "-m", "webhook.cli", "test", str(deep)], capture_output=True, timeout=60, check=False
    )
    assert done.returncode == 2, done.stderr
    assert f"{deep}:4: invalid YAML: document is nested more than 256 levels deep" in done.stderr.decode()


# --- the fast path (yaml_rs) and the reference path (PyYAML, kubectl semantics) agree ----------------

TRICKY = st.sampled_from([
    "yes", "no", "on", "off", "y", "n", "Y", "N", "NO", "Off", "true", "False", "null", "~", "",
    "0755", "0o755", "08", "010", "-010", "0b11", "0x1F", "1_000", "_1", "1e3", "1.5", ".5", "0X1f", "1e400",
    "2001-12-14", "12:30", "1:20:00", "0.1_2", "+1", "-0", "<<", "=", "- x", "a: b", "#c", "*x", "&y",
    "@x", "`x", "%x", "!x", "|", ">", "'q'", '"dq"', "multi\nline\n", "tab\there", "  spaced  ",
])  # fmt: skip
SCALARS = st.one_of(
    TRICKY,
    st.text(max_size=12),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
)
# not "kind": a non-string kind is an input error, not a document (Hypothesis also draws the
# string constants of the code under test, so it finds "kind" with a value such as 0o755)
KEYS = st.one_of(TRICKY, st.text(min_size=1, max_size=8), st.integers(-1000, 100000), st.booleans()).filter(
    lambda key: key != "kind"
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=4)),
    max_leaves=20,
)
DOCUMENTS = st.dictionaries(KEYS, VALUES, min_size=1, max_size=6)
STYLES = st.sampled_from([False, True, None])


def kube_reference(text: str) -> Any:
    return yaml.load(text, Loader=KubeLoader)  # noqa: S506 - a SafeLoader


def same(a: Any, b: Any) -> bool:
    """Equal, with types (1 is not True) and float bits (0.0 vs -0.0 aside) compared too."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    return bool(a == b)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENTS, STYLES)
def test_fast_path_equals_kubectl_semantics(document: dict[Any, Any], style: bool | None) -> None:
    text = yaml.safe_dump(document, default_flow_style=style, sort_keys=False, allow_unicode=True)
    reference = kube_reference(text)
    assert same(one(text), reference), text
    if not _needs_kube_loader("\n" + text):  # whenever the screen lets yaml_rs read it, it must agree
        assert same(yaml_rs.loads(text, parse_datetime=False), reference), text


@settings(max_examples=150, deadline=None)
@given(st.lists(DOCUMENTS, min_size=1, max_size=4), STYLES)
def test_multi_document_streams_agree(documents: list[dict[Any, Any]], style: bool | None) -> None:
    text = yaml.safe_dump_all(documents, default_flow_style=style, sort_keys=False, explicit_start=True)
    text = re.sub(r"^--- ", "---\n", text, flags=re.MULTILINE)  # PyYAML writes "--- {a: 1}", which kubectl refuses (its own test)
    reference = [d for d in yaml.load_all(text, Loader=KubeLoader) if d is not None]  # noqa: S506
    assert same(load(text), reference), text


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(KEYS, TRICKY), min_size=1, max_size=6))
def test_handwritten_plain_scalars_agree(pairs: list[tuple[Any, str]]) -> None:
    """Block mappings written by hand (no quoting by a dumper): the risky case for the screen."""
    lines = []
    for key, value in pairs:
        if any(c in value for c in "\n\t#'\"") or value.strip() != value or not value:
            continue
        key_text = str(key).lower() if isinstance(key, bool) else str(key)
        if not key_text or any(c in key_text for c in ":#\n\t{}[],&*!|>'\"%@`") or key_text.strip() != key_text:
            continue
        lines.append(f"{key_text}: {value}")
    text = "\n".join(lines) + "\n"
    try:
        reference = kube_reference(text)
    except yaml.YAMLError:
        return  # not valid YAML: nothing to compare
    if not isinstance(reference, dict):
        return
    documents, errors = parse_text(text, "t.yaml")
    assert not errors and same(documents[0].obj, reference), text
