"""The reload watcher's own contract (webhook.server_reload), without a server: what mutation
testing found untested. The back-off cap (README: at most every 60 s), the reason logged for an
error without a message, the log line of a reload that succeeded, the poll interval, and a special
file in a watched folder (never opened: a FIFO would block the watcher for ever)."""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from pathlib import Path

import pytest

from test_reload_windows import Clock

from webhook.server_reload import Signature, Watch, signature, watch_forever


def _changed(tmp_path: Path) -> Path:
    watched = tmp_path / "cluster.yaml"
    watched.write_text("actions: {}\n")
    return watched


def test_a_set_that_stays_broken_is_retried_at_most_every_60_s(tmp_path: Path) -> None:
    watched = _changed(tmp_path)
    clock = Clock()
    attempts: list[float] = []

    def apply() -> None:
        attempts.append(clock.now)
        raise ValueError("still broken")

    watch = Watch("policies", [watched], apply, lambda w: None, lambda w: None, clock=clock)
    watched.write_text("actions: {x: warn}\n")
    for _ in range(10 * 60):  # ten minutes of checks every second
        watch.check()
        clock.now += 1.0
    gaps = [round(b - a) for a, b in zip(attempts, attempts[1:])]
    assert gaps[:6] == [1, 2, 4, 8, 16, 32] and set(gaps[6:]) == {60}, gaps


def test_a_reload_error_without_a_message_is_logged_by_its_type(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    watched = _changed(tmp_path)

    def apply() -> None:
        raise ValueError()

    watch = Watch("certificate", [watched], apply, lambda w: None, lambda w: None)
    watched.write_text("actions: {x: warn}\n")
    with caplog.at_level(logging.INFO, logger="railguard.reload"):
        watch.check()
    (logged,) = [r for r in caplog.records if getattr(r, "event", "") == "reload_failed"]
    assert getattr(logged, "error", None) == "ValueError"


def test_a_reload_that_succeeds_is_logged_with_the_retries_it_took(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    watched = _changed(tmp_path)
    outcomes: list[Exception | None] = [OSError(5, "Input/output error", str(watched)), None, None]
    clock = Clock()

    def apply() -> None:
        outcome = outcomes.pop(0)
        if outcome is not None:
            raise outcome

    watch = Watch("policies", [watched], apply, lambda w: None, lambda w: None, clock=clock)
    watched.write_text("actions: {x: warn}\n")
    with caplog.at_level(logging.INFO, logger="railguard.reload"):
        watch.check()
        clock.now += Watch.RETRY_FIRST
        watch.check()
        watched.write_text("actions: {y: warn}\n")
        watch.check()  # a change that loads at once: no retries
    assert outcomes == []
    logged = [r for r in caplog.records if getattr(r, "event", "") == "reloaded"]
    assert [(getattr(r, "what", None), getattr(r, "retries", None)) for r in logged] == [("policies", 1), ("policies", 0)]


def test_the_watcher_checks_once_per_interval_and_survives_a_check_that_raises(tmp_path: Path) -> None:
    checks: list[int] = []
    failures: list[str] = []

    def check() -> None:
        checks.append(1)
        if len(checks) == 1:
            raise RuntimeError("a bug in the check")

    watch = Watch("policies", [_changed(tmp_path)], lambda: None, lambda w: None, failures.append)
    watch.check = check  # type: ignore[method-assign]

    async def main() -> None:
        task = asyncio.create_task(watch_forever([watch], 0.1))
        await asyncio.sleep(0.35)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(main())
    assert 2 <= len(checks) <= 4, len(checks)
    assert failures == ["policies"]  # counted in railguard_reload_failures_total


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_in_a_watched_folder_is_not_opened(tmp_path: Path) -> None:
    (tmp_path / "policy.yaml").write_text("action: deny\n")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    taken: list[Signature] = []
    thread = threading.Thread(target=lambda: taken.append(signature([tmp_path])), daemon=True)
    thread.start()
    thread.join(5)
    if thread.is_alive():  # opened for reading: it waits for a writer; let it go before failing
        with open(fifo, "wb"):
            pass
        thread.join(5)
        pytest.fail("the watcher opened a FIFO in a watched folder and blocked")
    (entries,) = taken
    assert [e[0] for e in entries] == [str(tmp_path / "pipe"), str(tmp_path / "policy.yaml"), str(tmp_path)]


def test_a_threaded_watch_checks_off_the_event_loop_and_the_certificate_watch_on_it(tmp_path: Path) -> None:
    # a policy reload (parsing every policy file) on the loop thread would stall every review meanwhile;
    # the certificate watch must stay on it (handshakes read the SSLContext there)
    threads: dict[str, int] = {}

    def recording(watch: Watch) -> Watch:
        watch.check = lambda: threads.setdefault(watch.what, threading.get_ident())  # type: ignore[method-assign,assignment,return-value]
        return watch

    policies = recording(Watch("policies", [_changed(tmp_path)], lambda: None, lambda w: None, lambda w: None))
    certificate = recording(Watch("certificate", [_changed(tmp_path)], lambda: None, lambda w: None, lambda w: None, in_thread=False))

    async def main() -> int:
        task = asyncio.create_task(watch_forever([policies, certificate], 0.05))
        for _ in range(100):  # bounded: 5 s
            if len(threads) == 2:
                break
            await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return threading.get_ident()

    loop_thread = asyncio.run(main())
    assert threads["certificate"] == loop_thread
    assert threads["policies"] != loop_thread



def test_a_policy_folder_that_is_a_link_is_watched_and_a_link_loop_walked_once(tmp_path: Path) -> None:
    # the loader loads a policy folder that is a link to a folder kept elsewhere: editing its
    # policy.yaml must be seen (os.walk does not follow links unless asked)
    elsewhere = tmp_path / "elsewhere" / "team-rule"
    elsewhere.mkdir(parents=True)
    (elsewhere / "policy.yaml").write_text("id: team-rule\n")
    library = tmp_path / "library"
    library.mkdir()
    (library / "team-rule").symlink_to(elsewhere, target_is_directory=True)
    (library / "loop").symlink_to(library, target_is_directory=True)  # a link back up: walked once
    before = signature([library])
    assert str(library / "team-rule" / "policy.yaml") in [entry[0] for entry in before]
    assert not any("loop" in entry[0] for entry in before)
    (elsewhere / "policy.yaml").write_text("id: team-rule\nversion: 2\n")
    assert signature([library]) != before
