"""The audit store's file taken away from a running server (a volume unmounted, a folder removed):
SQLite (and a JSON Lines file) would go on committing into the unlinked file, so every record after that is lost while
the answers still say recorded. The sink notices, the store fails (audit failure policy), /readyz
says not ready, and the failures are counted."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx2
import orjson
import pytest
from server_helpers import admission_review, metric, start_server, wait_for, workload

JSON = {"content-type": "application/json"}


@pytest.mark.parametrize(("store", "writer_process"), [("sqlite", "true"), ("sqlite", "false"), ("jsonl", "true")])
def test_a_removed_audit_store_file_fails_closed_instead_of_losing_records(
    tmp_path: Path, store: str, writer_process: str
) -> None:
    folder = tmp_path / "trail"
    folder.mkdir()
    live = start_server(
        tmp_path, "--audit", f"{store}:{folder / 'audit'}", env={"RAILGUARD_AUDIT_WRITER_PROCESS": writer_process}
    )
    body = orjson.dumps(admission_review(workload("Pod", True), "CREATE"))
    try:
        with live.client() as client:

            def answer() -> dict[str, object]:
                response = client.post("/validate", content=body, headers=JSON)
                assert response.status_code == 200
                result: dict[str, object] = response.json()["response"]
                return result

            assert answer()["allowed"] is True
            assert client.get("/readyz").status_code == 200
            shutil.rmtree(folder)
            after = answer()
            assert after["allowed"] is False, "answered as recorded, but the record went to a deleted file"
            assert "audit trail" in str(after["status"])
            assert wait_for(lambda: client.get("/readyz").status_code == 503, 5)
            assert client.get("/readyz").json()["checks"]["audit"] == "not writable"
            assert metric(client.get("/metrics").text, "railguard_audit_failures_total", policy="deny") >= 1
            assert answer()["allowed"] is False  # still: the file does not come back by itself
            assert live.process.poll() is None
    finally:
        code = live.stop()
    assert code == 0, live.logs()
    logs = live.logs()
    assert '"event":"audit_failed"' in logs
    assert "Traceback" not in logs
