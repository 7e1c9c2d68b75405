"""The review log line: shaped like the server's other log lines, holding the decision's fields,
and written to a pipe in writes no larger than PIPE_BUF (whole lines, never interleaved)."""

from __future__ import annotations

import logging
import select
from typing import Any

import orjson
import pytest

from webhook.admission import Decision
from webhook.audit import reviewlog
from webhook.server_run import JsonFormatter


def test_a_review_line_is_shaped_like_a_log_line_and_holds_the_decision(sample_decisions: list[Decision]) -> None:
    logged = orjson.loads(JsonFormatter().format(logging.makeLogRecord({"name": "railguard.review", "msg": "review", "levelname": "INFO"})))
    for decision in sample_decisions:
        line = orjson.loads(reviewlog.line_for_decision("validate", decision, 1.0))
        assert list(line)[:4] == list(logged)[:4]
        assert {k: line[k] for k in ("level", "logger", "msg")} == {k: logged[k] for k in ("level", "logger", "msg")}
        assert (line["verdict"], line["code"], line["dry_run"], line["kind"]) == (decision.verdict, decision.code, decision.dry_run, decision.kind)


def test_lines_are_written_whole_in_writes_of_at_most_pipe_buf(monkeypatch: pytest.MonkeyPatch) -> None:
    writes: list[bytes] = []
    monkeypatch.setattr(reviewlog, "write_all", lambda fd, data: writes.append(data))
    half = select.PIPE_BUF // 2

    def line(char: bytes, size: int) -> bytes:
        return char * (size - 1) + b"\n"

    # a pair one byte over PIPE_BUF, a pair of exactly PIPE_BUF, a line longer than it, a short one
    sizes = [half - 47, select.PIPE_BUF - (half - 47) + 1, half, half, select.PIPE_BUF + 905, 2]
    lines = [line(bytes([97 + i]), size) for i, size in enumerate(sizes)]
    reviewlog.write_lines(1, lines)
    assert b"".join(writes) == b"".join(lines)
    assert [len(data) for data in writes] == [sizes[0], sizes[1], 2 * half, sizes[4], 2]
