"""webhook.yamlsafe's limits on policy and configuration files (load_file), at their bounds: what
is just within loads, what is just beyond is a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from webhook.yamlsafe import MAX_ALIAS_NODES, MAX_DEPTH, load_file


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
