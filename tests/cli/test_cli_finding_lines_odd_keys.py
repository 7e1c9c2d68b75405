"""The odd-key screen of the finding-line reader: a mapping reads its keys one by one (the slow
path) only when one of its own keys may be written other than plain (quoted, an alias, an anchor or
a tag on it, a complex or flow key); a ``*``, a quote or a bracket in a value (a CronJob's
``schedule: "*/5 * * * *"``, an argument ``- '*'``, a block scalar's ``* item``) is no reason.

Differential: on generated CronJobs and other manifests, with odd keys put here and there, and on the
shared corpus, every path's line is the same by the fast path, by the slow path (forced everywhere)
and by PyYAML's composed nodes. Seeded: a failure names its seed and document."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from cli_helpers import document_chunks
from webhook.cli import finding_lines as fl
from webhook.documents import Document, as_read

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"  # ../shared beside the checkout: optional
PROBES = ("name", "image", "spec", "0", "1", "missing")
DOCUMENTS_PER_SEED = 120

SCHEDULES = ('"*/5 * * * *"', "'*/15 * * * *'", '"0 */2 * * *"', "'@hourly'", "0 0 * * 0")
ARGS = ("- '*'", '- "*"', "- --hosts=*", "- '*.example.com'", "- '[a]'", '- "{{b}}"', "- -c", "- |\n{i}  * one\n{i}  * two")
NOISE = (  # block scalar lines at the entries' column plus two: never keys
    "* item",
    "[section]",
    "{",
    '"key": "v"',
    "'k': v",
    "&x y",
    "!tag z",
    "? q",
    "- * x",
)
ODD_ENTRIES = (  # written at a mapping's column; alias keys rely on the anchors NAME_ANCHOR defines
    '"name": quoted',
    "'image': single",
    "&k0 extra: anchored",
    "*n0 : aliased",
    "!!str name: tagged",
    "? name\n{i}: complex",
    "? [a, b]\n{i}: complex flow",
    "[a, b]: flow key",
    "{{a: b}}: flow map key",
)
VALUE_ENTRIES = (  # values that look odd; keys plain
    "flow: {{a: 1, b: [2, '*']}}",
    "list: [a, '*', \"b\"]",
    "star: a * b",
    "amp: a & b",
    "quoted: \"a: b\"",
    "single: 'x: y'",
    "note: |\n{i}  {noise}\n{i}  {noise}",
    "plain: one\n{i}  {noise}",
)


def _entry(r: random.Random, indent: str, odd: bool) -> str:
    forms = ODD_ENTRIES if odd else VALUE_ENTRIES
    return indent + r.choice(forms).format(i=indent, noise=r.choice(NOISE))


def _mapping(r: random.Random, indent: str, entries: list[str], odd: list[bool]) -> str:
    """``entries`` (each already indented), with an entry added at a random place: an odd key when
    the next of ``odd`` says so (one is popped per mapping), else a value that only looks odd."""
    lines = list(entries)
    if r.random() < 0.6:
        lines.insert(r.randint(0, len(lines)), _entry(r, indent, odd.pop() if odd else False))
    return "\n".join(lines)


def _container(r: random.Random, indent: str, odd: list[bool]) -> str:
    first = r.choice(["name: c", '"name": c', "name: c"]) if odd and odd[-1] else "name: c"
    inner = indent + "  "
    body = [
        inner + "image: registry.example/app:1.0",
        inner + "args:\n" + inner + ("\n" + inner).join(a.format(i=inner) for a in r.sample(ARGS, 3)),
        inner + "securityContext:\n" + _mapping(r, inner + "  ", [inner + "  runAsNonRoot: true"], odd),
    ]
    rest = _mapping(r, inner, body, odd)
    return indent + "- " + first + "\n" + rest


def _cronjob(r: random.Random, odd: list[bool]) -> str:
    name = r.choice(["&n0 name", "name"]) if odd else "name"  # the anchor an alias key may use
    metadata = _mapping(r, "  ", [f"  {name}: job", "  labels:\n" + _mapping(r, "    ", ["    app: web"], odd)], odd)
    containers = "\n".join(_container(r, "          ", odd) for _ in range(r.randint(1, 2)))
    spec = "\n".join(
        [
            f"  schedule: {r.choice(SCHEDULES)}",
            "  jobTemplate:",
            "    spec:",
            "      template:",
            "        spec:",
            "          containers:",
            containers,
        ]
    )
    return f"apiVersion: batch/v1\nkind: CronJob\nmetadata:\n{metadata}\nspec:\n{spec}\n"


def _document(r: random.Random) -> tuple[str, bool]:
    """(a document, whether an odd key was meant to be in it)."""
    meant = r.random() < 0.5
    odd = [r.random() < 0.3 for _ in range(12)] if meant else []
    text = _cronjob(r, odd)
    if r.random() < 0.1:
        text = text.replace("\n", "\r\n")
    return text, meant


def _pointers(node: yaml.Node, prefix: tuple[str, ...] = (), depth: int = 0) -> Iterator[tuple[str, ...]]:
    yield prefix
    yield from ((*prefix, probe) for probe in PROBES)
    if depth > 30:
        return
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                yield from _pointers(value, (*prefix, key.value), depth + 1)
    elif isinstance(node, yaml.SequenceNode):
        for number, item in enumerate(node.value):
            yield from _pointers(item, (*prefix, str(number)), depth + 1)


def _pointer(keys: tuple[str, ...]) -> str:
    return "".join("/" + key.replace("~", "~0").replace("/", "~1") for key in keys)


class _Counted:
    """Counts the slow path's calls; ``forced`` sends every key to it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls, self.forced = 0, False
        slow = fl._BlockText._entry_by_entry
        fast = fl._BlockText._entry

        def entry_by_entry(block: fl._BlockText, node: fl._Node, key: str) -> tuple[int, fl._Node] | None:
            self.calls += 1
            return slow(block, node, key)

        def entry(block: fl._BlockText, node: fl._Node, key: str) -> tuple[int, fl._Node] | None:
            return entry_by_entry(block, node, key) if self.forced else fast(block, node, key)

        monkeypatch.setattr(fl._BlockText, "_entry_by_entry", entry_by_entry)
        monkeypatch.setattr(fl._BlockText, "_entry", entry)

    def lines(self, chunk: str, line: int, paths: list[tuple[str, ...]], forced: bool) -> list[int]:
        self.forced = forced
        source, document = fl._Source(chunk), Document("t.yaml", 0, line, {})
        try:
            return [source.line(document, _pointer(keys), False) for keys in paths]
        finally:
            self.forced = False


def _differences(counted: _Counted, chunk: str, line: int, name: str) -> tuple[int, int, list[str]]:
    """(paths compared, slow path calls on the fast run, each path where fast, slow and composed differ)."""
    composed = fl._compose(chunk)
    if composed is None:
        return 0, 0, []
    paths = list(_pointers(composed[0]))
    before = counted.calls
    fast = counted.lines(chunk, line, paths, forced=False)
    slow_calls = counted.calls - before
    slow = counted.lines(chunk, line, paths, forced=True)
    top = Document(name, 0, line, {})
    wrong = []
    for keys, got, forced in zip(paths, fast, slow):
        want = fl._composed_line(composed, top, keys)
        if not got == forced == want:
            wrong.append(f"{name}:{line} {_pointer(keys)}: fast {got}, slow {forced}, composed {want}")
    return len(paths), slow_calls, wrong


@pytest.mark.parametrize("seed", range(4))
def test_fast_and_slow_paths_agree_on_generated_cronjobs(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    counted = _Counted(monkeypatch)
    r = random.Random(seed)
    compared = plain_documents = odd_documents = 0
    for number in range(DOCUMENTS_PER_SEED):
        text, meant = _document(r)
        try:
            yaml.compose(text, Loader=yaml.CSafeLoader)
        except yaml.YAMLError:
            continue  # an alias key before its anchor, say: not YAML
        block = fl._BlockText.of(as_read(text))
        count, slow_calls, wrong = _differences(counted, as_read(text), 1, f"seed {seed} doc {number}")
        assert not wrong, text + "\n" + "\n".join(wrong[:5])
        compared += count
        if not meant and block is not None:  # None: composed (a "{" in a block scalar looks like an open flow mapping)
            assert slow_calls == 0, f"keys read one by one in a document without odd keys:\n{text}"
            plain_documents += 1
        elif slow_calls:
            odd_documents += 1
    assert compared > 5_000 and plain_documents > 20 and odd_documents > 5, (compared, plain_documents, odd_documents)


def test_a_cronjob_s_schedule_keeps_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    counted = _Counted(monkeypatch)
    text = (
        "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: j\nspec:\n  schedule: \"*/5 * * * *\"\n"
        "  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n          - name: c\n"
        "            args:\n            - '*'\n            securityContext: {}\n"
    )
    source, document = fl._Source(text), Document("c.yaml", 0, 1, {})
    assert source.line(document, "/spec/jobTemplate/spec/template/spec/containers/0/securityContext", False) == 15
    assert source.line(document, "/spec/jobTemplate/spec/template/spec/containers/0/resources", False) == 12
    assert counted.calls == 0


@pytest.mark.parametrize(
    ("text", "pointer", "line"),
    [
        ("kind: A\nspec:\n  a: 1\n  \"a\": 2\n", "/spec/a", 4),  # the quoted key is the last: it wins
        ("kind: A\nspec:\n- \"a\": 1\n  b: 2\n  'a': 3\n", "/spec/0/a", 5),
        ("kind: A\nm: &n a\nspec:\n  a: 1\n  *n : 2\n", "/spec/a", 2),  # an alias key "a": its anchor's node and mark
        ("kind: A\nspec:\n  a: 1\n  ? a\n  : 2\n", "/spec/a", 4),
        ("kind: A\nspec:\n  a: 1\n  !!str a: 2\n", "/spec/a", 4),
        ("kind: A\nspec:\n  &x a: 2\n", "/spec/a", 3),
        ("kind: A\nspec:\n  s: \"*/5 * * * *\"\n  a: 1\n  x:\n    \"a\": 2\n", "/spec/a", 4),  # a deeper key
    ],
)
def test_odd_keys_of_a_mapping_still_give_the_composed_line(text: str, pointer: str, line: int) -> None:
    assert fl._Source(text).line(Document("o.yaml", 0, 1, {}), pointer, False) == line
    composed = fl._compose(text)
    assert fl._composed_line(composed, Document("o.yaml", 0, 1, {}), fl._pointer_keys(pointer)) == line


def test_fast_and_slow_paths_agree_on_the_shared_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    if not CORPUS.is_dir():
        pytest.skip("no shared corpus beside the checkout (../shared/corpus)")
    counted = _Counted(monkeypatch)
    compared = 0
    for path in sorted(CORPUS.rglob("*.yaml")):
        for line, chunk in document_chunks(as_read(path.read_text(encoding="utf-8", errors="replace")), str(path)):
            count, _, wrong = _differences(counted, chunk, line, str(path))
            assert not wrong, "\n".join(wrong[:10])
            compared += count
    assert compared > 1_000
