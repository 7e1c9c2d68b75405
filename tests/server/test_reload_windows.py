"""Two windows of the reload watcher.

Start-up: the policies (create_app) and the certificate (uvicorn_config) are loaded before the
watcher starts. Its starting state used to be taken when it started, so a file changed in between
(cert-manager rotating the Secret while the pod starts) was never reloaded until the next change:
the old certificate could serve until it expired. The state is now taken before each load.

A failed reload: the watcher used to record the new state of the files before trying it, so a
reload that failed for a passing reason (a read error, a pair read mid-write) was never retried
while the files stayed as they were. It is now retried with back-off, counted and logged once.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from server_helpers import metric, write_certs
from starlette.testclient import TestClient
from test_cert_reload_race import _der, _handshake

import webhook.server as server_module
from webhook.config import Settings, default_policy_dir
from webhook.errors import PolicyError
from webhook.policies import load_policies
from webhook.server import create_app
from webhook.server_reload import Watch
from webhook.server_run import uvicorn_config


@pytest.fixture
def started_watches(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Watch]]:
    """The watches the app's start-up (lifespan) hands to the watcher, which is not run: the
    test checks them itself, so no timing is involved."""
    handed: list[Watch] = []

    async def capture(watches: list[Watch], interval: float) -> None:
        handed.extend(watches)

    monkeypatch.setattr(server_module, "watch_forever", capture)
    yield handed


def _watch(watches: list[Watch], what: str) -> Watch:
    (watch,) = [w for w in watches if w.what == what]
    return watch


def test_a_config_change_made_just_after_the_start_up_load_is_reloaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, started_watches: list[Watch]
) -> None:
    config = tmp_path / "cluster.yaml"
    config.write_text("actions: {}\n")
    real_load = server_module.load_library
    calls: list[int] = []

    def load_then_change(*args: Any) -> Any:
        library = real_load(*args)
        if not calls:  # the start-up load: the ConfigMap is updated right after it read the files
            config.write_text("actions: {require-probes: warn}\n")
        calls.append(1)
        return library

    monkeypatch.setattr(server_module, "load_library", load_then_change)
    app = create_app(Settings(policy_dirs=(default_policy_dir(),), config_file=config, reload_interval=1))
    state = app.state.railguard
    assert state.library.config.actions == {}  # loaded before the change
    with TestClient(app) as client:
        _watch(started_watches, "policies").check()  # the watcher's first check
        assert state.library.config.actions == {"require-probes": "warn"}, "the change in the start-up window was missed"
        assert metric(client.get("/metrics").text, "railguard_reloads_total", what="policies") == 1


@pytest.mark.parametrize("mutual", [False, True])
def test_a_certificate_rotated_just_after_the_start_up_load_is_reloaded(
    tmp_path: Path, started_watches: list[Watch], mutual: bool
) -> None:
    first = write_certs(tmp_path / "a")
    rotated = write_certs(tmp_path / "b", ca=(first["ca.crt"].read_bytes(), first["ca.key"].read_bytes()))
    settings = Settings(tls_cert=first["tls.crt"], tls_key=first["tls.key"], port=0, reload_interval=1,
                        tls_client_ca=first["ca.crt"] if mutual else None)
    app = create_app(settings, policies=load_policies(default_policy_dir()))
    config = uvicorn_config(app, settings)  # uvicorn reads the pair here
    before = _der(first["tls.crt"])
    for name in ("tls.crt", "tls.key"):  # cert-manager rotates the Secret before the watcher starts
        first[name].write_bytes(rotated[name].read_bytes())
    context = config.ssl
    assert context is not None
    app.state.railguard.ssl_context = context  # as serve() does
    assert _handshake(context, first["ca.crt"]) == before != _der(rotated["tls.crt"])
    with TestClient(app) as client:
        _watch(started_watches, "certificate").check()  # the watcher's first check
        assert _handshake(context, first["ca.crt"]) == _der(rotated["tls.crt"]), "still serving the certificate of before the rotation"
        assert metric(client.get("/metrics").text, "railguard_reloads_total", what="certificate") == 1


def test_the_server_reloads_policies_in_a_thread_and_certificates_on_the_loop(tmp_path: Path, started_watches: list[Watch]) -> None:
    # parsing a policy library on the loop thread would stall every review meanwhile; the
    # SSLContext is read by handshakes on the loop thread (watch_forever's placement: test_reload_watch)
    certs = write_certs(tmp_path)
    settings = Settings(tls_cert=certs["tls.crt"], tls_key=certs["tls.key"], port=0, reload_interval=1)
    app = create_app(settings, policies=load_policies(default_policy_dir()))
    app.state.railguard.ssl_context = uvicorn_config(app, settings).ssl  # as serve() does
    with TestClient(app):
        assert _watch(started_watches, "policies").in_thread is True
        assert _watch(started_watches, "certificate").in_thread is False


RETRY_FIRST, RETRY_MAX = 1.0, 60.0  # Watch's back-off: the first retry after 1 s, then twice as late, at most 60 s


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_reload_that_failed_for_a_passing_reason_is_retried_while_the_files_stay_the_same(tmp_path: Path) -> None:
    watched = tmp_path / "tls.crt"
    watched.write_text("old\n")
    events: list[str] = []
    outcomes: list[Exception | None] = [OSError(5, "Input/output error", str(watched)), None]

    def apply() -> None:
        outcome = outcomes.pop(0)
        if outcome is not None:
            raise outcome

    clock = Clock()
    watch = Watch("certificate", [watched], apply, events.append, lambda w: events.append(f"{w} failed"))
    watch.clock = clock
    watched.write_text("new\n")
    watch.check()
    assert events == ["certificate failed"] and outcomes == [None]
    clock.now += RETRY_FIRST
    watch.check()  # the files have not changed since: retried all the same
    assert events == ["certificate failed", "certificate"] and outcomes == []
    watch.check()  # loaded: nothing more to do
    assert events == ["certificate failed", "certificate"]


def test_a_set_that_stays_broken_is_retried_with_back_off_counted_and_logged_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("action: deny\n")
    events: list[str] = []
    attempts: list[float] = []
    clock = Clock()

    def apply() -> None:
        attempts.append(clock.now)
        raise PolicyError(str(policy), "action", "must be one of deny, warn, audit")

    original, folder = policy.stat(), tmp_path.stat()
    watch = Watch("policies", [tmp_path], apply, events.append, lambda w: events.append("failed"))
    watch.clock = clock
    policy.write_text("action: maybe\n")
    start = clock.now
    with caplog.at_level(logging.DEBUG, logger="railguard.reload"):
        for _ in range(600):  # two minutes of checks every 0.2 s
            watch.check()
            clock.now += 0.2
    offsets = [round(t - start, 1) for t in attempts]
    # retried, each time twice as late (1, 2, 4, ... s), then every RETRY_MAX s
    assert offsets == [0.0, 1.0, 3.0, 7.0, 15.0, 31.0, 63.0, 123.0][: len(offsets)] and 6 <= len(offsets) <= 8
    assert events == ["failed"]  # counted once
    warnings = [r for r in caplog.records if getattr(r, "event", "") == "reload_failed"]
    assert len(warnings) == 1 and warnings[0].levelno == logging.WARNING
    assert getattr(warnings[0], "error", "") == f"{policy}: action: must be one of deny, warn, audit"

    policy.write_text("action: perhaps\n")  # another change: tried at the next check, counted again
    watch.check()
    assert len(attempts) == len(offsets) + 1 and events == ["failed", "failed"]

    policy.write_text("action: deny\n")  # the change undone: the loaded set matches the files again
    os.utime(policy, ns=(original.st_atime_ns, original.st_mtime_ns))
    os.utime(tmp_path, ns=(folder.st_atime_ns, folder.st_mtime_ns))
    for _ in range(10):
        clock.now += RETRY_MAX
        watch.check()
    assert len(attempts) == len(offsets) + 1 and events == ["failed", "failed"]  # no retry of the undone change


def test_a_retry_failing_for_another_reason_is_logged_again_but_counted_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    config = tmp_path / "cluster.yaml"
    config.write_text("actions: {}\n")
    reasons = [OSError(24, "Too many open files", str(config)), PolicyError(str(config), "actions", "unknown policy x")]
    events: list[str] = []

    def apply() -> None:
        raise reasons[0] if len(reasons) > 1 else reasons[-1]

    clock = Clock()
    watch = Watch("policies", [config], apply, events.append, lambda w: events.append("failed"))
    watch.clock = clock
    config.write_text("actions: {x: warn}\n")
    with caplog.at_level(logging.INFO, logger="railguard.reload"):
        watch.check()
        reasons.pop(0)
        clock.now += RETRY_FIRST
        watch.check()
        clock.now += 2 * RETRY_FIRST
        watch.check()  # the same reason again: not logged
    logged = [getattr(r, "error", "") for r in caplog.records if getattr(r, "event", "") == "reload_failed"]
    assert logged == [f"{config}: Too many open files", f"{config}: actions: unknown policy x"]
    assert events == ["failed"]


def test_an_unexpected_error_in_a_reload_is_retried_and_logged_without_its_message(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """An error the loaders do not document may quote what it read: its type only is logged."""
    config = tmp_path / "cluster.yaml"
    config.write_text("actions: {}\n")
    calls: list[int] = []

    def apply() -> None:
        calls.append(1)
        raise KeyError("token: FAKE-not-a-real-secret")

    clock = Clock()
    events: list[str] = []
    watch = Watch("policies", [config], apply, events.append, lambda w: events.append("failed"))
    watch.clock = clock
    config.write_text("actions: {a: warn}\n")
    with caplog.at_level(logging.INFO, logger="railguard.reload"):
        watch.check()
        clock.now += RETRY_FIRST
        watch.check()
    assert len(calls) == 2 and events == ["failed"]
    (logged,) = [r for r in caplog.records if getattr(r, "event", "") == "reload_failed"]
    assert getattr(logged, "error", "") == "KeyError"
    assert "FAKE" not in logged.getMessage() and "FAKE" not in str(logged.__dict__.get("error"))


def test_the_server_retries_a_policy_reload_that_hit_a_read_error_and_counts_it_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, started_watches: list[Watch]
) -> None:
    config = tmp_path / "cluster.yaml"
    config.write_text("actions: {}\n")
    real_load = server_module.load_library
    calls: list[int] = []

    def second_load_fails(*args: Any) -> Any:
        calls.append(1)
        if len(calls) == 2:  # the first reload: the ConfigMap volume is being swapped
            raise OSError(2, "No such file or directory", str(config))
        return real_load(*args)

    monkeypatch.setattr(server_module, "load_library", second_load_fails)
    app = create_app(Settings(policy_dirs=(default_policy_dir(),), config_file=config, reload_interval=1))
    state = app.state.railguard
    with TestClient(app) as client:
        watch = _watch(started_watches, "policies")
        clock = Clock()
        watch.clock = clock
        config.write_text("actions: {require-probes: warn}\n")
        watch.check()
        assert state.library.config.actions == {}  # the old set keeps serving
        for _ in range(10):  # the files do not change again: retried all the same
            clock.now += 0.2
            watch.check()
        assert state.library.config.actions == {"require-probes": "warn"} and len(calls) == 3
        metrics = client.get("/metrics").text
        assert metric(metrics, "railguard_reload_failures_total", what="policies") == 1
        assert metric(metrics, "railguard_reloads_total", what="policies") == 1


def test_a_long_path_does_not_push_the_reason_out_of_the_reload_log(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """The reason was cut at 300 characters: under a deep folder, the problem lost its end (the
    known checks) or was gone altogether. The path is now cut in its middle, the problem kept whole."""
    library = tmp_path.joinpath(*["deep-" + "d" * 195] * 12) / "library"  # some 2,400 characters
    shutil.copytree(default_policy_dir() / "require-probes", library / "require-probes")
    policy = library / "require-probes" / "policy.yaml"
    known = load_policies(library)  # loads as it is
    assert len(known) == 1
    policy.write_text(policy.read_text().replace("check: probes", "check: probe"))
    with pytest.raises(PolicyError) as error:
        load_policies(library)
    assert error.value.problem.endswith("zone-anti-affinity)")  # the whole reason: the known checks last
    events: list[str] = []

    def apply() -> None:
        load_policies(library)

    watch = Watch("policies", [library], apply, events.append, lambda w: events.append("failed"), seen=())
    with caplog.at_level(logging.INFO, logger="railguard.reload"):
        watch.check()
    assert events == ["failed"]
    (logged,) = [getattr(r, "error", "") for r in caplog.records if getattr(r, "event", "") == "reload_failed"]
    path, _, reason = logged.partition(": check: ")
    assert reason == error.value.problem  # whole, known checks included
    assert path.startswith(str(tmp_path)[:40]) and path.endswith("library/require-probes/policy.yaml")  # its start and end
    assert "characters cut]" in path and len(logged) < 1200 and logged.isprintable()
