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
