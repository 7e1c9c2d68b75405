"""The finding-line reader against its independent reference, PyYAML's composed nodes
(``_composed_line``): for every JSON pointer into each document (every key and index, and children
that are missing), on the project's own YAML, the shared corpus and generated block YAML, the line
``locate`` gives is the composed one. Also: locating stays linear in a List's size."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cli_helpers import document_chunks
from webhook.cli import finding_lines as fl
from webhook.documents import Document, as_read

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"  # ../shared beside the checkout: optional
TREES = [ROOT / "policies", ROOT / "docs", ROOT / "manifests", ROOT / "tests", CORPUS]
MISSING = ("missing", "0", "9")


def _yaml_files() -> list[Path]:
    files = [path for tree in TREES if tree.is_dir() for path in sorted(tree.rglob("*")) if path.suffix in (".yaml", ".yml")]
    return [path for path in files if path.is_file()]


def _pointers(node: yaml.Node, prefix: list[str], depth: int = 0) -> Iterator[list[str]]:
    """Every path into the node, and one step past each (a missing key, an index, one too far)."""
    yield prefix
    yield from ([*prefix, probe] for probe in MISSING)
    if depth > 40:
        return
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                yield from _pointers(value, [*prefix, key.value], depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        yield [*prefix, str(len(node.value))]
        for number, item in enumerate(node.value):
            yield from _pointers(item, [*prefix, str(number)], depth + 1)


def _pointer(keys: list[str]) -> str:
    return "".join("/" + key.replace("~", "~0").replace("/", "~1") for key in keys)


def _mismatches(text: str, name: str) -> tuple[int, list[str]]:
    """(paths compared, each path where ``locate``'s reader and the composed nodes disagree)."""
    compared, wrong = 0, []
    for line, chunk in document_chunks(as_read(text), name):
        composed = fl._compose(chunk)
        if composed is None:
            continue
        source = fl._Source(chunk)
        for keys in _pointers(composed[0], []):
            top = Document(name, 0, line, {})
            got = source.line(top, _pointer(keys), False)
            want = fl._composed_line(composed, top, keys)
            compared += 1
            if got != want:
                wrong.append(f"{name}:{line} {_pointer(keys)}: {got}, composed {want}")
    return compared, wrong


def test_every_pointer_into_the_project_s_yaml_gets_the_composed_line() -> None:
    files = _yaml_files()
    assert len(files) > 100
    compared, wrong = 0, []
    for path in files:
        count, bad = _mismatches(path.read_text(encoding="utf-8", errors="replace"), str(path))
        compared += count
        wrong += bad
    assert not wrong, "\n".join(wrong[:10])
    assert compared > 10_000


def test_every_pointer_into_the_shared_corpus_gets_the_composed_line() -> None:
    corpus = CORPUS
    if not corpus.is_dir():
        pytest.skip("no shared corpus on this machine")
    compared = 0
    for path in sorted(corpus.rglob("*.yaml")):
        count, wrong = _mismatches(path.read_text(encoding="utf-8", errors="replace"), str(path))
        compared += count
        assert not wrong, "\n".join(wrong[:10])
    assert compared > 1_000


KEYS = st.sampled_from(["a", "b", "spec", "name", "x.y/z", "k8s.io/n", "a~b", "1", "a b", "-k", "k:v", "k#x", "é"])
SCALARS = st.one_of(
    st.sampled_from(["v", "1", "yes", "--port=1", "-", "a: b", "x #y", "[x]", "", "line\nline", "it's", "~"]),
    st.integers(-5, 5),
    st.none(),
    st.booleans(),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(
    body=st.dictionaries(KEYS, VALUES, min_size=1, max_size=5),
    indent=st.sampled_from([2, 3, 4]),
    wide=st.booleans(),
    crlf=st.booleans(),
    as_list=st.booleans(),
)
def test_generated_block_yaml_gets_the_composed_line(body: dict[str, Any], indent: int, wide: bool, crlf: bool, as_list: bool) -> None:
    document: dict[str, Any] = {"kind": "A", **body}
    if as_list:
        document = {"kind": "List", "items": [document, {"kind": "B", **body}]}
    text = yaml.safe_dump(document, default_flow_style=False, indent=indent, width=20 if wide else 80, allow_unicode=True)
    if crlf:
        text = text.replace("\n", "\r\n")
    _, wrong = _mismatches(text + "---\n" + text, "gen.yaml")
    assert not wrong, text + "\n".join(wrong[:5])


def _list_seconds(items: int) -> float:
    """CPU seconds to locate a missing field in each item of a List of ``items`` Pods."""
    item = "- kind: Pod\n  metadata:\n    name: p{0}\n  spec:\n    containers:\n    - name: c\n      image: nginx\n"
    text = "kind: List\nitems:\n" + "".join(item.format(number) for number in range(items))
    best = float("inf")
    for _ in range(3):
        source = fl._Source(text)
        start = time.process_time()
        for number in range(items):
            source.line(Document("l.yaml", 0, 1, {}, number), "/spec/containers/0/resources", False)
        best = min(best, time.process_time() - start)
    return best


def test_locating_a_list_s_findings_takes_time_linear_in_its_items() -> None:
    """Each finding used to count the newlines from the List's start, and to look for a missing
    key up to the List's end: quadratic (6,400 items took over 60 times what 400 take)."""
    small, large = _list_seconds(400), _list_seconds(6400)
    assert large < 40 * max(small, 1e-3), (small, large)  # 16 times the items: linear, about 16 times the time
