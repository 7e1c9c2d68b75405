"""Finding lines read from block YAML text, without composing the document again: the same line
PyYAML's nodes give, for every path, on YAML that is easy to misread by indentation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from cli_helpers import CONFIGMAP, write

from webhook.cli import finding_lines
from webhook.cli.test_cmd import Checking, check_sources
from webhook.config import ClusterConfig, default_policy_dir
from webhook.documents import Document, parse_text
from webhook.policies import load_policies

BLOCK = {  # plain block YAML: read without a second parse
    "duplicate keys, the last wins; spaced colons; comments; blank lines": (
        "kind: A\nspec:\n  a: 1\n  # b: no\n\n  b : 2\n  a: 3\nspec:\n  a:\n    b: 4\n  c:  # note\n    - d\n"
    ),
    "compact and indented sequences, nested items, items on their own line": (
        "kind: A\nl:\n- a: 1\n  b:\n  - x\n  - - y\n    - z\nm:\n    -   k: v\n        j: w\n    -\n      k: u\n    - - 1\n"
    ),
    "block scalars and plain scalars over several lines holding what looks like keys and items": (
        "kind: A\ndata:\n  s: |\n    a: 1\n    - b\n\n    # c\n     d: 2\n  t: >-\n\n      e: 3\n  p: one\n    - two\n  a: |2\n    x\n  q: 1\n"
    ),
    "keys quoted and plain, keys that look like numbers, plain items starting with a dash": (
        "kind: A\nspec:\n  'a': 1\n  \"b\": 2\n  a: 3\n  1: x\n  x.y/z: y\n  args:\n  - --port=1\n  - -c\n"
    ),
    "windows line ends": "kind: A\r\nspec:\r\n  a:\r\n  - b: 1\r\n    c: 2\r\n",
    "a List": "kind: List\nitems:\n  - kind: A\n    s:\n      a: 1\n  - kind: B\n    spec:\n      c:\n        - 1\n",
}
OTHER = {  # composed again, as before
    "a quoted scalar over two lines": 'kind: A\nspec:\n  a: "x\nb: 1"\n  b: 2\n',
    "a flow mapping over two lines": "kind: A\nspec: {a: 1,\nb: 2}\nb: 3\n",
    "anchors, aliases, merge keys": "kind: A\nbase: &b\n  x: 1\nspec:\n  <<: *b\n  y: *b\n",
    "a flow sequence followed into": "kind: A\nspec:\n  k: [1, {a: 2}]\n  b: 3\n",
    "tags": "kind: A\nspec: !!map\n  a: 1\n",
    "a key with an escape": 'kind: A\nspec:\n  "\\x61": 1\n  a: 2\n',
    "a null item": "kind: A\nspec:\n-\n- a: 1\n",
    "JSON": '{"kind": "A",\n "spec": {"a": [1,\n  {"b": 2}]}}\n',
}


def _paths(node: yaml.Node, prefix: list[str], out: list[list[str]]) -> None:
    out.append(prefix)
    out.extend(prefix + [probe] for probe in ("a", "b", "c", "0", "1", "9", "missing"))
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                _paths(value, [*prefix, key.value], out)
    elif isinstance(node, yaml.SequenceNode):
        for number, item in enumerate(node.value):
            _paths(item, [*prefix, str(number)], out)


def _composed_line(root: yaml.Node, keys: list[str]) -> int:
    """The reference: the line of the node (or key) PyYAML composes for the path, 0-based."""
    node, mark = root, root.start_mark
    for key in keys:
        if isinstance(node, yaml.MappingNode):
            pairs = [pair for pair in node.value if isinstance(pair[0], yaml.ScalarNode) and pair[0].value == key]
            if not pairs:
                break
            mark, node = pairs[-1][0].start_mark, pairs[-1][1]
        elif isinstance(node, yaml.SequenceNode) and key.isdigit() and int(key) < len(node.value):
            node = node.value[int(key)]
            mark = node.start_mark
        else:
            break
    line: int = mark.line
    return line


def _pointer(keys: list[str]) -> str:
    return "".join("/" + key.replace("~", "~0").replace("/", "~1") for key in keys)


def _check(text: str, monkeypatch: pytest.MonkeyPatch) -> int:
    """Asserts every path's line is PyYAML's; returns how many times the document was composed."""
    composed: list[str] = []
    compose = yaml.compose

    def counting(chunk: str, Loader: Any) -> Any:  # noqa: N803  # PyYAML's name
        composed.append(chunk)
        return compose(chunk, Loader=Loader)

    monkeypatch.setattr(yaml, "compose", counting)
    [document, *_] = parse_text(text, "t.yaml")[0]
    root = compose(text, Loader=yaml.CSafeLoader)
    source = finding_lines._Source(text)
    paths: list[list[str]] = []
    _paths(root, [], paths)
    for keys in paths:
        want = _composed_line(root, keys) + 1
        got = source.line(Document("t.yaml", 0, document.line, {}), _pointer(keys), False)
        assert got == want, (keys, got, want)
    return len(composed)


@pytest.mark.parametrize("text", list(BLOCK.values()), ids=list(BLOCK))
def test_block_yaml_gives_pyyaml_s_lines_without_composing_again(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _check(text, monkeypatch) == 0


@pytest.mark.parametrize("text", list(OTHER.values()), ids=list(OTHER))
def test_what_indentation_cannot_tell_is_composed_again_with_the_same_lines(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _check(text, monkeypatch) == 1


def test_the_cli_locates_block_yaml_findings_without_a_second_parse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("composed again")

    monkeypatch.setattr(yaml, "compose", refused)
    deployment = (
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n"
        "      containers:\n      - name: web\n        image: registry.example/web:1.0\n"
        "        securityContext:\n          runAsUser: 0\n"
    )
    manifest = write(tmp_path / "all.yaml", CONFIGMAP + "---\n" + deployment)
    results, errors = check_sources([str(manifest)], Checking(load_policies(default_policy_dir()), ClusterConfig(), lines=True))
    assert not errors
    offset = CONFIGMAP.count("\n") + 1
    lines = {f.path: line for r in results for f, line in zip(r.decision.findings, r.finding_lines)}
    container = "/spec/template/spec/containers/0"
    assert lines[f"{container}/securityContext/runAsUser"] == offset + 12
    assert lines[f"{container}/resources"] == offset + 9  # missing: at its container


@pytest.mark.parametrize("separator", ["---#second", "--- # second", "----"])
def test_a_document_ends_where_parsing_ends_it(tmp_path: Path, separator: str) -> None:
    """Every line starting with ``---`` ends a document, as kubectl (and parse_text) split: read
    past ``---#c``, the first document's lines were lost in the next one's text."""
    first = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: one\nspec:\n  containers:\n  - name: a\n    image: nginx\n"
    second = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: two\nspec:\n  containers:\n  - name: b\n    image: nginx\n"
    manifest = write(tmp_path / "two.yaml", first + separator + "\n" + second)
    results, _ = check_sources([str(manifest)], Checking(load_policies(default_policy_dir()), ClusterConfig(), lines=True))
    (one,) = [r for r in results if r.decision.name == "one"]
    lines = {f.path: line for f, line in zip(one.decision.findings, one.finding_lines)}
    assert lines["/spec/containers/0"] == 7
    assert lines["/spec/containers/0/resources"] == 7
