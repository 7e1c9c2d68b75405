"""Differential test of the finding-line reader: on random block YAML built to be easy to misread
by indentation (quoted, spaced and complex keys, compact sequences, block and multi-line scalars,
flow collections, anchors, tags, comments, CRLF), every path the text reader answers must give the
line PyYAML's composed nodes give. Seeded: a failure names its seed and document."""

from __future__ import annotations

import random

import pytest
import yaml

from webhook.cli import finding_lines as fl
from webhook.documents import Document, as_read, parse_text

KEYS = ["a", "b", "spec", "name", "x.y/z", "k8s.io/n", "1", "true", "null", "a b", "-k", "<<", "k:v", "k#x"]
PROBES = ("a", "b", "spec", "name", "0", "1", "kind")
DOCUMENTS_PER_SEED = 150


def _key(r: random.Random) -> str:
    k = r.choice(KEYS)
    form = r.random()
    if form < 0.1:
        return f'"{k}"'
    if form < 0.15:
        return f"'{k}'"
    if form < 0.17:
        return '"' + k.replace("a", "\\x61") + '"'
    if form < 0.19:
        return f"? {k}\n"  # a complex key
    if form < 0.21:
        return f"&anc{r.randint(0, 2)} {k}"
    if form < 0.22:
        return f"!!str {k}"
    return k + " " if k == "a b" and r.random() < 0.5 else k


def _scalar(r: random.Random, indent: int) -> str:
    c = r.random()
    pad = " " * (indent + r.choice([1, 2, 4]))
    if c < 0.3:
        return r.choice(["v", "1", "yes", "--port=1", "-c", "it's", "x #y", "-", "a:b", "[x]", "{y}"])
    if c < 0.4:
        return '"q ' + r.choice(["", "#", "x: y", '\\"', "'"]) + '"'
    if c < 0.45:
        return "'s " + r.choice(["", "''", "x: y"]) + "'"
    if c < 0.5:
        return f'"multi\n{pad}b: c"'
    if c < 0.53:
        return '"multi\n' + " " * max(indent - 2, 0) + 'b: c"'
    if c < 0.56:
        return f"'multi\n{pad}- x'"
    if c < 0.62:
        header = r.choice(["|", ">", "|-", "|+", "|2", ">-"])
        return f"{header}\n{pad}a: b\n{pad}- c\n\n{pad}# d\n{pad} e: f"
    if c < 0.66:
        return f"plain\n{pad}continued"
    if c < 0.7:
        return '[a, {b: c}, "d]"]'
    if c < 0.72:
        return f"[a,\n{pad}b]"
    if c < 0.74:
        return "{a: 1,\n" + " " * indent + "b: 2}"
    if c < 0.76:
        return f"*anc{r.randint(0, 2)}"
    if c < 0.78:
        return f"&anc{r.randint(0, 2)} val"
    if c < 0.8:
        return "!!str tagged"
    if c < 0.82:
        return "v # comment: x"
    if c < 0.84:
        return "~"
    if c < 0.88:
        return ""
    return f"v{r.randint(0, 9)}"


def _block(r: random.Random, indent: int, depth: int) -> tuple[int, str, str] | None:
    """(column, text, "map" | "seq") of a block node whose first line carries no indentation."""
    kind = r.random()
    if depth > 4 or kind < 0.15:
        return None
    if kind >= 0.6:
        return indent, _sequence(r, indent, depth), "seq"
    lines = []
    for _ in range(r.randint(1, 4)):
        k = _key(r)
        if k.endswith("\n"):
            lines.append(k + " " * indent + ": " + _scalar(r, indent))
            continue
        sep = r.choice([":", ":", ":", " :", ":\t"] if r.random() < 0.2 else [":"])
        child = _block(r, indent + r.choice([2, 2, 4, 1]), depth + 1) if r.random() < 0.6 else None
        if child is None:
            lines.append(f"{k}{sep} {_scalar(r, indent)}")
        elif child[2] == "seq" and r.random() < 0.4:  # a compact sequence at the key's column
            lines.append(f"{k}{sep}" + r.choice(["", " # c", "  "]) + "\n" + " " * indent + _sequence(r, indent, depth + 1))
        else:
            pre = r.choice(["", " # c", " &anc1", " !!map"] if r.random() < 0.1 else [""])
            mid = r.choice(["", "\n", "\n" + " " * child[0] + "# comment", "\n#col0"] if r.random() < 0.3 else [""])
            lines.append(f"{k}{sep}{pre}{mid}\n" + " " * child[0] + child[1])
        if r.random() < 0.05:
            lines.append("<<: *anc0")
    return indent, ("\n" + " " * indent).join(lines), "map"


def _sequence(r: random.Random, indent: int, depth: int) -> str:
    items = []
    for _ in range(r.randint(1, 4)):
        space = r.choice([" ", " ", " ", "   "])
        c = r.random()
        if c < 0.5:
            child = _block(r, indent + 1 + len(space), depth + 1)
            if child is not None and (child[2] == "map" or r.random() < 0.5):
                items.append("-" + space + child[1])
                continue
        if c < 0.6:
            child = _block(r, indent + 2, depth + 1)
            if child is not None:
                items.append("-" + r.choice(["", " # c"]) + "\n" + " " * child[0] + child[1])
                continue
        items.append("-" if c < 0.63 else "-" + space + _scalar(r, indent))
    return ("\n" + " " * indent).join(items)


def _document(r: random.Random) -> str:
    body = _block(r, 0, 0) or (0, "a: 1", "map")
    text = "kind: A\n" + (body[1] if body[2] == "map" else "s:\n" + body[1]) + "\n"
    if r.random() < 0.1:
        text = text.replace("\n", "\r\n")
    if r.random() < 0.05:
        text = text.replace("\n", "\n\t", 1)
    if r.random() < 0.05:
        text = "# lead\n\n" + text
    if r.random() < 0.1:
        text = text + "---\n" + text
    return text


def _paths(node: yaml.Node, prefix: list[str], out: list[list[str]], depth: int = 0) -> None:
    out.append(prefix)
    out.extend([*prefix, probe] for probe in PROBES)
    if depth > 30:
        return
    if isinstance(node, yaml.MappingNode):
        out.append([*prefix, "no-such-key"])
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                _paths(value, [*prefix, key.value], out, depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        out.extend(([*prefix, str(len(node.value))], [*prefix, "x"]))
        for number, item in enumerate(node.value):
            _paths(item, [*prefix, str(number)], out, depth + 1)
    else:
        out.append([*prefix, "below"])


def _mismatches(text: str) -> tuple[int, list[str]]:
    """(paths the text reader answered, each path where its line differs from the composed one)."""
    text = as_read(text)
    documents, _ = parse_text(text, "fuzz.yaml")
    starts = fl._LineStarts(text)
    answered, wrong, seen = 0, [], set()
    for document in documents:
        if document.line in seen:
            continue
        seen.add(document.line)
        chunk = starts.chunk(document.line)
        if chunk is None:
            continue
        block = fl._BlockText.of(chunk)
        if block is None:
            continue  # composed, as before
        composed = fl._compose(chunk)
        if composed is None:
            wrong.append(f"line {document.line}: the text reader read what PyYAML cannot compose")
            continue
        paths: list[list[str]] = []
        _paths(composed[0], [], paths)
        for path in paths:
            offset = block.offset(path)
            if offset is None:
                continue  # unsure: composed for this path
            answered += 1
            want = fl._composed_line(composed, Document("fuzz.yaml", 0, document.line, {}), path)
            got = document.line + chunk.count("\n", 0, offset)
            if got != want:
                wrong.append(f"line {document.line}, /{'/'.join(path)}: {got}, composed {want}")
    return answered, wrong


@pytest.mark.parametrize("seed", range(4))
def test_the_text_reader_gives_the_composed_line_on_random_tricky_yaml(seed: int) -> None:
    r = random.Random(seed)
    answered = 0
    for number in range(DOCUMENTS_PER_SEED):
        text = _document(r)
        try:
            list(yaml.compose_all(text, Loader=yaml.CSafeLoader))
        except yaml.YAMLError:
            continue  # not YAML: nothing to locate
        count, wrong = _mismatches(text)
        answered += count
        assert not wrong, f"seed {seed}, document {number}:\n{text}\n" + "\n".join(wrong[:5])
    assert answered > 500  # the reader answered most paths itself: the comparison is not vacuous
