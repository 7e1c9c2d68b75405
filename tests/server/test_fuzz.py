"""Property tests: whatever arrives at /validate or /mutate, the answer is never a 5xx, always JSON:
an AdmissionReview for a readable review (echoing its uid), else ``{"error": "..."}``."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from server_helpers import LiveServer, admission_review, metric, start_server, workload
from webhook.config import ClusterConfig, Settings
from webhook.policies import PolicySet
from webhook.server import create_app

LIMIT = 16 * 1024
ENDPOINTS = st.sampled_from(["/validate", "/mutate"])
_REVIEWS = [
    admission_review(workload(kind, compliant), operation, old=workload(kind, True) if operation == "UPDATE" else None)
    for kind in ("Pod", "Deployment", "CronJob", "ConfigMap")
    for compliant in (False, True)
    for operation in ("CREATE", "UPDATE")
]
# by index, so a failure report shows a number rather than every review
BASE_REVIEWS = st.integers(0, len(_REVIEWS) - 1).map(lambda i: _REVIEWS[i])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**64 - 1) | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from paths(child, prefix + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from paths(child, prefix + (index,))


@st.composite
def wrongly_typed(draw: st.DrawFn) -> bytes:
    """A valid review with one field (anywhere, envelope or object) replaced by another JSON value."""
    review = copy.deepcopy(draw(BASE_REVIEWS))
    path = draw(st.sampled_from(list(paths(review))[1:]))
    target: Any = review
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = draw(json_values)
    return orjson.dumps(review)


@st.composite
def truncated(draw: st.DrawFn) -> bytes:
    body = orjson.dumps(draw(BASE_REVIEWS))
    return body[: draw(st.integers(0, len(body) - 1))]


@st.composite
def deeply_nested(draw: st.DrawFn) -> bytes:
    depth = draw(st.integers(100, 5000))
    nested = b'{"a":' * depth + b"1" + b"}" * depth
    if draw(st.booleans()):  # inside an otherwise valid review, where the engine walks the object
        review = orjson.dumps(draw(BASE_REVIEWS))
        return review.replace(b'"metadata":{', b'"deep":' + nested + b',"metadata":{', 1)
    return b"[" * depth + b"]" * depth if draw(st.booleans()) else nested


@st.composite
def oversized(draw: st.DrawFn) -> bytes:
    review = orjson.dumps(draw(BASE_REVIEWS))
    return review[:-2] + b',"pad":"' + b"x" * draw(st.integers(LIMIT, 2 * LIMIT)) + b'"}}'


bodies = (
    st.binary(max_size=512)
    | st.text(max_size=200).map(str.encode)
    | json_values.map(orjson.dumps)
    | wrongly_typed()
    | truncated()
    | deeply_nested()
    | oversized()
    | BASE_REVIEWS.map(orjson.dumps)
    | st.just(b'{"kind": "AdmissionReview", "apiVersion": 1' + b"9" * 40 + b"}")
)
content_types = st.sampled_from(["application/json"] * 6 + ["text/plain", "application/json; charset=utf-8", ""])


def check_answer(status: int, content_type: str, content: bytes, sent: bytes) -> None:
    assert status < 500, content[:300]
    assert content_type.startswith("application/json")
    answer = orjson.loads(content)
    if status == 200:
        assert answer["kind"] == "AdmissionReview"
        assert answer["response"]["uid"] == orjson.loads(sent)["request"]["uid"]
        assert isinstance(answer["response"]["allowed"], bool)
    else:
        assert status in (400, 413, 415)
        assert set(answer) == {"error"} and isinstance(answer["error"], str) and answer["error"]


@pytest.fixture(scope="module")
def app_client(policies: PolicySet) -> TestClient:
    return TestClient(create_app(Settings(max_body_bytes=LIMIT), policies=policies, config=ClusterConfig()))


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(endpoint=ENDPOINTS, body=bodies, content_type=content_types)
def test_any_body_gets_a_json_answer_never_a_5xx(app_client: TestClient, endpoint: str, body: bytes, content_type: str) -> None:
    headers = {"content-type": content_type} if content_type else {}
    answer = app_client.post(endpoint, content=body, headers=headers)
    check_answer(answer.status_code, answer.headers.get("content-type", ""), answer.content, body)


def test_fuzzing_found_no_internal_error(app_client: TestClient) -> None:
    """Wrongly typed objects must be answered by the engine itself, not by the fail-closed path."""
    text = app_client.get("/metrics").text
    assert metric(text, "railguard_internal_errors_total", endpoint="validate") == 0
    assert metric(text, "railguard_internal_errors_total", endpoint="mutate") == 0


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = start_server(tmp_path_factory.mktemp("fuzz"), env={"RAILGUARD_MAX_BODY_BYTES": str(LIMIT)})
    yield server
    server.stop()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(endpoint=ENDPOINTS, body=bodies)
def test_the_real_tls_server_answers_bad_bodies_with_json(live: LiveServer, endpoint: str, body: bytes) -> None:
    with live.client() as client:
        answer = client.post(endpoint, content=body, headers={"content-type": "application/json"})
    check_answer(answer.status_code, answer.headers.get("content-type", ""), answer.content, body)
    assert live.process.poll() is None


def test_the_real_server_survived_the_fuzzing(live: LiveServer) -> None:
    with live.client() as client:
        assert client.get("/healthz").status_code == 200
        text = client.get("/metrics").text
    assert metric(text, "railguard_internal_errors_total", endpoint="validate") == 0
    assert '"level":"error"' not in live.logs()
