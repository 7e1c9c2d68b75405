"""A PolicyReport export of a JSON Lines trail reads the records namespace by namespace
(``select(by_namespace=True)``): it used to read the whole file once per namespace, so a trail of
records in thousands of distinct namespaces (invalid ones included: a body posted by something
else than kube-apiserver names any) made the export quadratic (3,000 records: 105 s). The file is
now read once per group of namespaces whose records fit in a memory budget."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from webhook.audit import jsonl as jsonl_module
from webhook.audit import open_trail
from webhook.audit.base import Filters
from webhook.audit.jsonl import JsonlTrail
from webhook.policies import PolicySet

from .conftest import OpenStore
from .helpers import decide, deployment

NAMESPACES = 120


@pytest.fixture
def trail_path(tmp_path: Path, make_store: OpenStore, policies: PolicySet) -> Path:
    path = tmp_path / "a.jsonl"
    store = make_store(f"jsonl:{path}")
    for i in range(NAMESPACES):  # interleaved: namespace i % 40, valid and not
        namespace = f"team-{i % 40}" if i % 3 else f"Team_{i % 40} x"
        store.record(decide(policies, deployment(f"web-{i}", namespace)), 1.0)
    for i in range(5):
        store.record(decide(policies, deployment(f"big-{i}", "big")), 1.0)
    store.close()
    return path


def expected(trail: Any) -> list[Any]:
    """The records in storage order, stably sorted by namespace: what by_namespace gives."""
    return sorted(trail.select(Filters()), key=lambda selected: selected[0][4])


@pytest.mark.parametrize("budget", ["default", "ten records", "1"])
def test_the_file_is_not_read_once_per_namespace(trail_path: Path, monkeypatch: pytest.MonkeyPatch, budget: str) -> None:
    longest = max(len(line) for line in trail_path.read_bytes().splitlines()) + jsonl_module.ROW_OVERHEAD
    if budget != "default":
        monkeypatch.setattr(jsonl_module, "BY_NAMESPACE_BUDGET", 10 * longest if budget == "ten records" else 1)
    passes = 0
    rows = JsonlTrail.rows

    def counted(self: JsonlTrail) -> Any:
        nonlocal passes
        passes += 1
        return rows(self)

    with closing(open_trail(f"jsonl:{trail_path}")) as trail:
        assert isinstance(trail, JsonlTrail)
        want = expected(trail)
        namespaces = len({selected[0][4] for selected in want})
        assert namespaces > 40
        monkeypatch.setattr(JsonlTrail, "rows", counted)
        got = list(trail.select(Filters(), by_namespace=True))
    assert got == want  # every record once, by namespace, in storage order within each
    if budget == "1":  # each namespace alone: a pass each, as before (memory first)
        assert passes == namespaces + 1
    elif budget == "ten records":  # five namespaces a pass or more (one or two records each)
        assert 2 < passes < namespaces // 3
    else:  # all at once: the pass that sizes the namespaces, then one more
        assert passes == 2
    with closing(open_trail(f"jsonl:{trail_path}")) as trail:  # a filter that selects nothing: one pass
        passes = 0
        assert list(trail.select(Filters(namespace="none-such"), by_namespace=True)) == []
        assert passes == 1
