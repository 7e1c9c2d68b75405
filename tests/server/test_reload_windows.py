"""The start-up window of the reload watcher.

Start-up: the policies (create_app) and the certificate (uvicorn_config) are loaded before the
watcher starts. Its starting state used to be taken when it started, so a file changed in between
(cert-manager rotating the Secret while the pod starts) was never reloaded until the next change:
the old certificate could serve until it expired. The state is now taken before each load.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from server_helpers import metric, write_certs
from starlette.testclient import TestClient
from test_cert_reload_race import _der, _handshake

import webhook.server as server_module
from webhook.config import Settings, default_policy_dir
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
