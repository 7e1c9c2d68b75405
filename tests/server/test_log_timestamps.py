"""Every line of the server's JSON log has one timestamp format: RFC 3339 UTC with microseconds,
the review lines' (they carry their audit record's own ``ts``, README's record table). The lines
made by the logging module (start-up, warnings) had milliseconds, so ``ts`` of one stream had two
formats, and the strings did not sort in time order (``.123Z`` after ``.123456Z``)."""

from __future__ import annotations

import argparse
import logging
import re
from pathlib import Path

import orjson
import pytest
from starlette.testclient import TestClient

from server_helpers import FakeAuditStore, admission_review, workload
from webhook.cli import serve_cmd
from webhook.config import default_policy_dir
from webhook.policies import load_policies
from webhook.server import create_app
from webhook.server_run import JsonFormatter

RFC3339_MICROSECONDS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z")


def test_the_start_up_line_and_a_review_line_share_one_timestamp_format(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    parser = argparse.ArgumentParser()
    serve_cmd.configure(parser)
    settings = serve_cmd.settings_from(parser.parse_args(["--dev", "--certs-dir", str(tmp_path / "certs")]))
    app = create_app(settings, audit=FakeAuditStore(), policies=load_policies(default_policy_dir()))
    with caplog.at_level(logging.INFO), TestClient(app) as client:
        answer = client.post("/validate", json=admission_review(workload("Pod", False), "CREATE"))
        assert answer.status_code == 200
    (started,) = [r for r in caplog.records if getattr(r, "event", "") == "started"]
    start_line = orjson.loads(JsonFormatter().format(started))
    review_lines = [orjson.loads(line) for line in capsysbinary.readouterr().out.splitlines() if b'"railguard.review"' in line]
    assert len(review_lines) == 1
    for line in (start_line, *review_lines):
        assert RFC3339_MICROSECONDS.fullmatch(line["ts"]), line["ts"]
    assert start_line["ts"] <= review_lines[0]["ts"]


def test_a_logged_line_gives_the_time_of_its_record_to_the_microsecond() -> None:
    warning = logging.makeLogRecord({"name": "railguard.server", "msg": "x", "levelname": "WARNING", "created": 1738324800.25})
    assert orjson.loads(JsonFormatter().format(warning))["ts"] == "2025-01-31T12:00:00.250000Z"
