"""A store that fails with something other than ``AuditError`` (a bug in a sink, a driver's own
exception) fails the commit: the records are not acknowledged as committed, the writer thread goes
on, and the error names the exception's type only (its message may quote a record's values)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from webhook.admission import Decision
from webhook.audit.writer import GroupCommitStore, commit_outcome, probe_outcome
from webhook.errors import AuditError

SECRET = "hunter2-fake-secret-value"


class BuggySink:
    """Fails its first ``failures`` appends (and pings) with a ``KeyError`` quoting a value."""

    writer = "buggy"
    probe_interval: float | None = None

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.committed: list[dict[str, Any]] = []

    def append(self, records: list[dict[str, Any]]) -> list[Any]:
        if self.failures > 0:
            self.failures -= 1
            raise KeyError(SECRET)
        self.committed.extend(records)
        return []

    def ping(self) -> None:
        if self.failures > 0:
            raise KeyError(SECRET)

    def close(self) -> None:
        pass


def test_a_sink_bug_is_a_failed_commit_naming_the_type_only() -> None:
    error, short = commit_outcome(BuggySink(failures=1), [{"uid": "1"}])  # type: ignore[arg-type]
    assert isinstance(error, AuditError) and short is None
    assert "KeyError" in str(error) and SECRET not in str(error)
    error, short = probe_outcome(BuggySink(failures=1))  # type: ignore[arg-type]
    assert isinstance(error, AuditError) and short is None
    assert "KeyError" in str(error) and SECRET not in str(error)


@pytest.mark.parametrize("waiting", ["record", "arecord"])
def test_a_durable_record_the_sink_failed_on_is_not_acknowledged(sample_decisions: list[Decision], waiting: str) -> None:
    sink = BuggySink(failures=1)
    store = GroupCommitStore(sink, durability="durable")  # type: ignore[arg-type]
    try:
        with pytest.raises(AuditError) as failed:
            if waiting == "record":
                store.record(sample_decisions[0], 1.0)
            else:
                asyncio.run(store.arecord(sample_decisions[0], 1.0))
        assert "KeyError" in str(failed.value) and SECRET not in str(failed.value)
        assert sink.committed == []
        store.record(sample_decisions[1], 1.0)  # the writer thread lives on: the next record is committed
        assert len(sink.committed) == 1
    finally:
        store.close()
