"""Canary: the request's own fields that are not the object (``kind``, ``resource``,
``subResource``, the API group and version, ``userInfo.username``, ``uid`` and ``groups``) never
carry a fake secret into the webhook's answer, its logs, an audit record, an export or the
output of ``railguard test``; ordinary user names (a service account, ``kubernetes-admin``, an
e-mail address, an OIDC-prefixed one) are recorded unchanged. The request's own ``uid`` is echoed
exactly in the answer (kube-apiserver matches the answer by it), and only there: records and log
lines give one that is a credential as ``<hidden 0123456789ab>``, a UUID or a name as sent.

kube-apiserver sends only kinds and resources it serves, and user names its authenticators give
(a webhook token authenticator may give any text); a body posted to the webhook by something
else, or a manifest given to ``railguard test``, holds any text there.
"""

from __future__ import annotations

import io
import logging
from contextlib import closing
from pathlib import Path
from typing import Any

import orjson
import pytest
import yaml
from starlette.testclient import TestClient

from webhook.audit import open_trail
from webhook.audit.base import Filters
from webhook.audit.export import FORMATS, export
from webhook.checks.secrets.values import DNS_NEEDLES
from webhook.cli import main
from webhook.config import ClusterConfig, Settings, default_policy_dir
from webhook.errors import AuditError
from webhook.policies import load_policies
from webhook.server import create_app
from webhook.workloads import hidden_user, name_credential, shown_request_uid

from .conftest import OpenStore
from .helpers import assert_no_canary, validate_with_review_failing

KIND = "postgres://u:FAKEkindpw7@h"  # a URL with a password as the kind
RESOURCE = "ghp_CANARYres0a1B2c3D4e5a1B2c3D4e5a1B2c3D"  # a GitHub token as the resource
SUB_RESOURCE = "xoxb-1234567890-canarysubres"  # a Slack token as the subresource
GROUP = "hvs.CANARYgroupCANARYgroup0001"  # a Vault token as the API group
VERSION = "sk-ant-api03-CANARYversion000000000000"  # an Anthropic key as the version
USERNAME = "ghp_CANARYuser0a1B2c3D4e5a1B2c3D4e5a1B2c3"  # a GitHub token as the user name
OTHER_USERNAME = "ghp_CANARYuser1a1B2c3D4e5a1B2c3D4e5a1B2c3"
USER_UID = "glpat-canaryuserid00000001"
USER_GROUP = "AKIACANARYGROUP00001"
REQUEST_UID = "glpat-CANARYrequid00000001"  # a GitLab token as the request's uid
UUID = "0e5f9b1c-3d2a-4b8e-9f10-2c3d4e5f6a7b"  # what kube-apiserver sends: recorded as sent
CANARIES = (KIND, "FAKEkindpw7", RESOURCE, SUB_RESOURCE, GROUP, VERSION, USERNAME, OTHER_USERNAME, USER_UID, USER_GROUP,
            REQUEST_UID, "CANARYres0", "canarysubres", "CANARYgroup", "CANARYversion", "CANARYuser", "canaryuserid",
            "CANARYGROUP", "CANARYrequid")  # fmt: skip
# user names as authenticators give them: shown unchanged (the trail must say who did it)
PLAIN_USERS = ("system:serviceaccount:kube-system:replicaset-controller", "kubernetes-admin", "alice@example.com",
               "oidc:jane.doe@example.com", "https://accounts.example.com#1234567890",
               "system:node:ip-10-0-1-23.ec2.internal")  # fmt: skip


def assert_clean(data: str | bytes, where: str) -> None:
    assert_no_canary(data, where, CANARIES)
    text = data.decode(errors="replace") if isinstance(data, bytes) else data
    assert "fakekindpw7" not in text.lower(), f"the kind's password leaked into {where}"


def configmap(name: str) -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name, "namespace": "shop"}, "data": {"a": "1"}}


def clean_answer(answer: Any, uid: str, where: str) -> None:
    """The answer echoes ``uid`` exactly, and holds no canary besides."""
    assert answer.json()["response"]["uid"] == uid, where
    assert_clean(answer.content.replace(orjson.dumps(uid), b'"echoed uid"'), where)


def body(uid: str, *, obj: dict[str, Any] | None = None, kind: str = "ConfigMap", group: str = "", version: str = "v1",
         resource: str = "configmaps", sub_resource: str = "", user: dict[str, Any] | None = None) -> bytes:  # fmt: skip
    obj = configmap(uid if uid.startswith("uid-") else "by-uid") if obj is None else obj
    request = {
        "uid": uid, "kind": {"group": group, "version": version, "kind": kind},
        "resource": {"group": group, "version": version, "resource": resource}, "subResource": sub_resource,
        "name": obj["metadata"]["name"], "namespace": "shop", "operation": "UPDATE" if sub_resource else "CREATE",
        "userInfo": {"username": "alice", "groups": ["dev"]} if user is None else user,
        "object": obj, "oldObject": obj if sub_resource else None, "dryRun": False,
    }  # fmt: skip
    return orjson.dumps({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview", "request": request})


def bodies() -> list[bytes]:
    kindless = {k: v for k, v in configmap("kindless").items() if k != "kind"}  # the kind comes from request.kind
    own_kind = dict(configmap("own-kind"), kind=KIND)  # the object's own kind
    secret_user = {"username": USERNAME, "uid": USER_UID, "groups": ["system:authenticated", USER_GROUP]}
    return [
        body("uid-kind", obj=kindless, kind=KIND, resource=RESOURCE),
        body("uid-own-kind", obj=own_kind),
        body("uid-gv", obj={k: v for k, v in configmap("gv").items() if k != "kind"}, group=GROUP, version=VERSION),
        body("uid-sub", sub_resource=SUB_RESOURCE),
        body("uid-user", user=secret_user),
        body("uid-user-again", user=secret_user),
        body("uid-other-user", user={"username": OTHER_USERNAME}),
        *(body(f"uid-plain-{i}", user={"username": user, "groups": ["system:authenticated"]}) for i, user in enumerate(PLAIN_USERS)),
        body(REQUEST_UID),
        body(UUID),
    ]


def test_no_canary_from_the_request_fields_in_answers_logs_records_or_exports(
    tmp_path: Path, make_store: OpenStore, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:  # fmt: skip
    url = f"jsonl:{tmp_path / 'a.jsonl'}"
    store = make_store(url)
    caplog.set_level(logging.DEBUG)
    app = create_app(Settings(), audit=store, policies=load_policies(default_policy_dir()), config=ClusterConfig())
    sent = bodies()
    with TestClient(app) as client:
        for content in sent:
            for endpoint in ("mutate", "validate"):
                answer = client.post(f"/{endpoint}", content=content, headers={"content-type": "application/json"})
                assert answer.status_code == 200
                clean_answer(answer, orjson.loads(content)["request"]["uid"], f"the /{endpoint} answer")
        assert_clean(client.get("/metrics").content, "the metrics")
    store.close()
    captured = capfd.readouterr()
    assert captured.out.count('"event":"review"') == 2 * len(sent)
    assert_clean(captured.out + captured.err, "the server's stdout and stderr (the review log)")
    assert_clean("\n".join(r.getMessage() + repr(r.__dict__) for r in caplog.records), "the log records")
    trail = (tmp_path / "a.jsonl").read_bytes()
    assert_clean(trail, "the audit trail")
    lines = [orjson.loads(line) for line in trail.splitlines() if line.strip()]
    assert len(lines) == 2 * len(sent)
    records = {r["uid"]: r for r in lines if r["mode"] == "validate"}
    # each field was seen, and recorded as hidden
    assert records["uid-kind"]["kind"] == records["uid-own-kind"]["kind"] == "<hidden>"
    assert records["uid-kind"]["resource"] == "<hidden>"
    assert (records["uid-gv"]["group"], records["uid-gv"]["version"]) == ("<hidden>", "<hidden>")
    assert records["uid-sub"]["subResource"] == "<hidden>" and not records["uid-sub"]["reviewed"]
    user = records["uid-user"]["user"]
    assert user["username"].startswith("<hidden ") and user["uid"].startswith("<hidden ")
    assert user["groups"][0] == "system:authenticated" and user["groups"][1].startswith("<hidden ")
    # the same user is named the same way in each record, another user another way
    assert records["uid-user-again"]["user"] == user
    assert records["uid-other-user"]["user"]["username"].startswith("<hidden ")
    assert records["uid-other-user"]["user"]["username"] != user["username"]
    # ordinary user names are recorded as given
    assert [records[f"uid-plain-{i}"]["user"]["username"] for i in range(len(PLAIN_USERS))] == list(PLAIN_USERS)
    assert records["uid-plain-0"]["kind"] == "ConfigMap" and records["uid-plain-0"]["resource"] == "configmaps"
    # a request uid that is a credential: recorded hidden, the same way by both endpoints and in the
    # review log (searchable); a UUID and the names above as sent
    [hidden_uid] = [uid for uid in records if uid.startswith("<hidden ")]
    assert len(hidden_uid) == len("<hidden 0123456789ab>") and records[UUID]["uid"] == UUID
    assert sum(r["uid"] == hidden_uid for r in lines) == 2
    assert captured.out.count(f'"uid":"{hidden_uid}"') == 2 and captured.out.count(f'"uid":"{UUID}"') == 2
    with closing(open_trail(url)) as trail_:
        for fmt in FORMATS:
            out = io.BytesIO()
            assert export(trail_, Filters(), fmt, out) == len(lines)
            assert_clean(out.getvalue(), f"the {fmt} export")
        out = io.BytesIO()  # the filter for such a user is the name the records give it
        assert export(trail_, Filters(user=user["username"]), "jsonl", out) == 4  # two requests, two endpoints
    summary = tmp_path / "summary.json"  # the credential itself as a filter: refused, not repeated
    code = main(["audit", "export", "--audit", url, "--user", USERNAME, "--summary", str(summary)])
    captured = capfd.readouterr()
    assert code == 2 and "--user is itself a credential" in captured.err and user["username"] in captured.err
    assert_clean(captured.out + captured.err, "audit export --user")
    assert not summary.exists()


def test_no_canary_from_the_request_fields_when_review_fails_closed(
    tmp_path: Path, make_store: OpenStore, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    caplog.set_level(logging.DEBUG)
    content = body(REQUEST_UID, kind=KIND, group=GROUP, version=VERSION, resource=RESOURCE, sub_resource=SUB_RESOURCE,
                   user={"username": USERNAME})  # fmt: skip
    answer = validate_with_review_failing(monkeypatch, make_store(f"jsonl:{tmp_path / 'a.jsonl'}"), content)
    assert answer.status_code == 200 and answer.json()["response"]["status"]["code"] == 500
    clean_answer(answer, REQUEST_UID, "the answer")
    captured = capfd.readouterr()
    assert_clean(captured.out + captured.err, "the logs")
    [error] = [r for r in caplog.records if getattr(r, "event", None) == "internal_error"]
    assert_clean("\n".join(r.getMessage() + repr(r.__dict__) for r in caplog.records), "the log records")
    trail = (tmp_path / "a.jsonl").read_bytes()
    assert_clean(trail, "the record")
    [record] = [orjson.loads(line) for line in trail.splitlines() if line.strip()]
    assert (record["kind"], record["resource"], record["subResource"], record["group"]) == ("<hidden>",) * 4
    assert record["uid"].startswith("<hidden ") and getattr(error, "uid", None) == record["uid"]  # the same form
    assert f'"uid":"{record["uid"]}"' in captured.out  # the review log line too


class FailingStore:
    """An audit store every record of which fails: the server logs ``audit_failed`` naming the uid."""

    async def arecord(self, decision: Any, latency_ms: float) -> None:
        raise AuditError("audit store test: cannot write")

    def record(self, decision: Any, latency_ms: float) -> None:
        raise AuditError("audit store test: cannot write")

    def flush(self) -> None:
        pass

    def writable(self) -> bool:
        return True

    def close(self) -> None:
        pass


def test_a_credential_request_uid_is_hidden_in_the_audit_failure_log_and_echoed_in_the_answer(
    caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:  # fmt: skip
    caplog.set_level(logging.DEBUG)
    policies = load_policies(default_policy_dir())
    app = create_app(Settings(), audit=FailingStore(), policies=policies, config=ClusterConfig())
    with TestClient(app) as client:
        answer = client.post("/validate", content=body(REQUEST_UID), headers={"content-type": "application/json"})
    assert answer.status_code == 200 and answer.json()["response"]["allowed"] is False  # deny: nothing recorded
    clean_answer(answer, REQUEST_UID, "the answer")
    [failed] = [r for r in caplog.records if getattr(r, "event", None) == "audit_failed"]
    assert str(getattr(failed, "uid", "")).startswith("<hidden ")
    assert_clean("\n".join(r.getMessage() + repr(r.__dict__) for r in caplog.records), "the log records")
    captured = capfd.readouterr()
    assert_clean(captured.out + captured.err, "the server's stdout and stderr")
    assert f'"uid":"{failed.uid}"' in captured.out  # the review log line names it the same way


def test_the_uuid_screen_of_request_uids_agrees_with_the_credential_judge() -> None:
    """``shown_request_uid`` lets lower-case hex and hyphens (a UUID) through unjudged: sound only
    while no token needle is made of those characters alone; every other uid is judged."""
    assert not [needle for needle in DNS_NEEDLES if set(needle) <= set("0123456789abcdef-")]
    uids = [UUID, UUID.upper(), "0" * 64, "deadbeef-" * 8, "uid-kind", "a-b.c", REQUEST_UID, USER_UID, RESOURCE,
            SUB_RESOURCE, GROUP, VERSION, USERNAME, "AKIAIOSFODNN7CANARY0", "x" * 600]  # fmt: skip
    for uid in uids:
        shown = shown_request_uid(uid)
        hidden = name_credential(uid) is not None
        assert shown == (hidden_user(uid) if hidden else uid), uid
    assert [shown_request_uid(uid) != uid for uid in (UUID, REQUEST_UID, RESOURCE)] == [False, True, True]


@pytest.mark.parametrize("output", ["table", "json", "junit"])  # SARIF names no kind
def test_no_canary_from_a_manifest_kind_or_api_version_in_railguard_test_output(
    output: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # fmt: skip
    manifests = tmp_path / "canary.yaml"
    documents = [dict(configmap("own-kind"), kind=KIND), dict(configmap("gv"), apiVersion=f"{GROUP}/{VERSION}")]
    manifests.write_text(yaml.safe_dump_all(documents))
    main(["test", "-o", output, "--policies", "bundled", str(manifests)])
    captured = capsys.readouterr()
    assert captured.out
    assert_clean(captured.out + captured.err, f"railguard test -o {output}")


def test_no_canary_in_the_answer_to_a_malformed_review_or_in_railguard_test_errors(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:  # fmt: skip
    """A review refused as malformed (400) used to quote the envelope's kind, its apiVersion, the
    request's operation and a Content-Type or Content-Encoding header as given; ``railguard test``
    reports the same message for an AdmissionReview file. The problem is still named."""
    good = orjson.loads(body("uid-bad"))
    bad_kind = dict(good, kind=RESOURCE)
    bad_version = dict(good, apiVersion=KIND)
    bad_operation = dict(good, request=dict(good["request"], operation=USERNAME))
    app = create_app(Settings(), audit=None, policies=load_policies(default_policy_dir()), config=ClusterConfig())
    with TestClient(app) as client:
        for sent, problem in ((bad_kind, "kind must be AdmissionReview"), (bad_version, "unsupported apiVersion"),
                              (bad_operation, "request.operation must be one of")):  # fmt: skip
            answer = client.post("/validate", content=orjson.dumps(sent), headers={"content-type": "application/json"})
            assert answer.status_code == 400 and problem in answer.json()["error"]
            assert_clean(answer.content, f"the answer to {problem}")
        for header, value in (("content-type", f"text/plain; token={RESOURCE}"), ("content-encoding", KIND)):
            answer = client.post("/validate", content=orjson.dumps(good), headers={"content-type": "application/json", header: value})
            assert answer.status_code == 415
            assert_clean(answer.content, f"the answer to a {header} header")
    captured = capfd.readouterr()
    assert_clean(captured.out + captured.err, "the server's logs")
    calls = tmp_path / "calls.yaml"
    calls.write_text(yaml.safe_dump_all([bad_version, bad_operation]))
    for output in ("table", "json", "junit", "sarif"):
        assert main(["test", "-o", output, "--policies", "bundled", str(calls)]) == 2
        captured = capfd.readouterr()
        assert "unsupported apiVersion" in captured.out + captured.err
        assert_clean(captured.out + captured.err, f"railguard test -o {output}")
