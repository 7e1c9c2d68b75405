"""webhook.yamlsafe's limits on policy and configuration files (load_file), at their bounds (what
is just within loads, what is just beyond is a clear error), and the messages of what it refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from webhook.errors import PolicyError
from webhook.policies import load_policies
from webhook.yamlsafe import MAX_ALIAS_NODES, MAX_DEPTH, LineCounter, load_file


def _aliased(extra: int, tmp_path: Path) -> Path:
    """A file whose aliases expand it by ``extra`` nodes: a list of 9 items (10 nodes), aliased
    extra // 10 times."""
    assert extra % 10 == 0
    path = tmp_path / "aliased.yaml"
    path.write_text("a: &x [1, 2, 3, 4, 5, 6, 7, 8, 9]\nb: [" + ", ".join(["*x"] * (extra // 10)) + "]\n", encoding="utf-8")
    return path


def test_aliases_expanding_to_exactly_the_limit_load(tmp_path: Path) -> None:
    loaded = load_file(_aliased(MAX_ALIAS_NODES, tmp_path))
    assert len(loaded["b"]) == MAX_ALIAS_NODES // 10 and loaded["b"][-1] == loaded["a"]


def test_aliases_expanding_beyond_the_limit_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"^invalid YAML: aliases expand the document beyond 100,000 extra nodes"):
        load_file(_aliased(MAX_ALIAS_NODES + 10, tmp_path))


@pytest.mark.parametrize("style", ["flow", "block"])
def test_mappings_nested_below_the_limit_load(tmp_path: Path, style: str) -> None:
    """Depth is counted alike for a mapping's keys and values, for sequences and mappings."""
    levels = MAX_DEPTH - 2
    path = tmp_path / "deep.yaml"
    if style == "flow":
        path.write_text("{k: " * levels + "1" + "}" * levels + "\n", encoding="utf-8")
    else:
        path.write_text("".join("  " * i + "k:\n" for i in range(levels - 1)) + "  " * (levels - 1) + "k: 1\n", encoding="utf-8")
    node, depth = load_file(path), 0
    while isinstance(node, dict):
        node, depth = node["k"], depth + 1
    assert (depth, node) == (levels, 1)


@pytest.mark.parametrize("text", ["", "~\n", "- id: x\n", "42\n", "just text\n"])
def test_a_policy_file_that_is_no_mapping_is_a_policy_error(tmp_path: Path, text: str) -> None:
    """An empty file, a list or a scalar: "must be a YAML mapping", not a TypeError from set()."""
    folder = tmp_path / "require-probes"
    folder.mkdir()
    (folder / "policy.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError) as error:
        load_policies(tmp_path)
    assert (error.value.file, error.value.field, error.value.problem) == (str(folder / "policy.yaml"), "", "must be a YAML mapping")


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b"])
def test_a_control_character_is_named_by_the_readers_first_line(tmp_path: Path, char: str) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text(f"id: x\ntitle: a{char}b\n", encoding="utf-8")
    with pytest.raises(ValueError) as error:
        load_file(path)
    assert str(error.value) == f"invalid YAML: unacceptable character #x{ord(char):04x}: control characters are not allowed"


def test_error_lines_are_counted_as_editors_count_them_from_the_first_line(tmp_path: Path) -> None:
    """PyYAML also breaks lines at U+2028 (and NEL, U+2029); editors do not: the line of an error
    is recounted in \\n from the file's start, its very first character included."""
    path = tmp_path / "policy.yaml"
    path.write_text("\n# a\u2028# b\nid: x\nid: y\n", encoding="utf-8")
    with pytest.raises(ValueError) as error:
        load_file(path)
    assert str(error.value) == "invalid YAML: found duplicate key 'id' (while constructing a mapping at line 3) (line 4)"


def test_line_counter_asked_backwards_counts_again_from_the_very_start() -> None:
    lines = LineCounter("\na\nb\n")
    assert [lines.at(4), lines.at(1), lines.at(0), lines.at(5)] == [3, 2, 1, 4]


# --- one meaning of MAX_DEPTH for every reader: collections counted, the top-level one as level 1 ---


def _nested_in_kind(levels: int, before: str = "") -> str:
    """A mapping (level 1) holding ``levels - 1`` nested flow sequences, a scalar innermost."""
    return f"{before}kind: X\na: " + "[" * (levels - 1) + "1" + "]" * (levels - 1) + "\n"


_MANIFEST_PATHS = {
    "yaml_rs": lambda n: _nested_in_kind(n),
    "KubeLoader": lambda n: _nested_in_kind(n, "b: yes\n"),  # YAML 1.1 boolean: go-yaml's rules
    "anchors": lambda n: _nested_in_kind(n, "b: &x 1\nc: *x\n"),
    "directive": lambda n: "%YAML 1.1\n---\n" + _nested_in_kind(n),
}
_FILE_SHAPES = {
    "flow sequences": lambda n: "[" * n + "1" + "]" * n + "\n",
    "empty innermost": lambda n: "[" * n + "]" * n + "\n",
    "flow mappings": lambda n: "{k: " * n + "1" + "}" * n + "\n",
    "block mappings": lambda n: "".join("  " * i + "k:\n" for i in range(n - 1)) + "  " * (n - 1) + "k: 1\n",
}


def test_every_reader_counts_the_depth_limit_alike_at_its_boundary(tmp_path: Path) -> None:
    """255 and 256 levels load in every reader (policy and configuration files: load_file; manifests
    and policy cases: read_source, on each of its parsing paths), 257 is refused by each, with the
    same message: a scalar innermost is no level (it was one to the composed-node check only)."""
    from webhook.documents import read_source

    verdicts: dict[tuple[str, int], str] = {}
    for levels in (MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1):
        for name, shape in _FILE_SHAPES.items():
            path = tmp_path / "file.yaml"
            path.write_text(shape(levels), encoding="utf-8")
            try:
                load_file(path)
                verdicts[(f"load_file {name}", levels)] = "loaded"
            except ValueError as exc:
                verdicts[(f"load_file {name}", levels)] = str(exc)
        for name, text in _MANIFEST_PATHS.items():
            path = tmp_path / "manifest.yaml"
            path.write_text(text(levels), encoding="utf-8")
            documents, errors = read_source(str(path))
            verdicts[(f"read_source {name}", levels)] = (
                "loaded" if not errors and len(documents) == 1 else str(errors[0]).split(": ", 1)[1]
            )
    refused = "invalid YAML: document is nested more than 256 levels deep"
    expected = {
        (reader, levels): "loaded" if levels <= MAX_DEPTH else refused for reader, levels in verdicts
    }
    for key, verdict in verdicts.items():  # load_file adds the line; the problem is the same
        verdicts[key] = verdict.split(" (line ")[0]
    assert verdicts == expected


def _alias_chain(levels: int) -> str:
    """A mapping (level 1) whose last value nests ``levels - 1`` sequences through aliases only,
    each line one level deeper: ``a1: &a1 [*a0]``; no line is nested more than 3 deep."""
    lines = ["kind: X", "a1: &a1 [1]"] + [f"a{i}: &a{i} [*a{i - 1}]" for i in range(2, levels)]
    return "\n".join(lines) + "\n"


def test_aliases_count_at_the_depth_they_stand_in_every_reader(tmp_path: Path) -> None:
    """What walks the object afterwards (orjson gives up at 255 levels) sees an alias expanded:
    nesting built of aliases is measured as deep as the object is, at the same boundary."""
    from webhook.documents import read_source

    path = tmp_path / "aliases.yaml"
    for levels in (MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1):
        path.write_text(_alias_chain(levels), encoding="utf-8")
        documents, errors = read_source(str(path))
        if levels <= MAX_DEPTH:
            node, depth = load_file(path), 1
            while isinstance(node, (dict, list)):
                node, depth = node[f"a{levels - 1}"] if isinstance(node, dict) else node[0], depth + 1
            assert (depth - 1, node) == (levels, 1)
            assert not errors and len(documents) == 1
        else:
            with pytest.raises(ValueError, match=r"^invalid YAML: document is nested more than 256 levels deep \(line \d+\)$"):
                load_file(path)
            assert [e.problem for e in errors] == ["invalid YAML: document is nested more than 256 levels deep"]
