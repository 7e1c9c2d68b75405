"""disallow-plaintext-secrets: JSON with ``//`` and ``/* ... */`` comments (Orthanc's ``orthanc.json``,
its stock file full of commented-out examples) is read as JSON without its comments. It was no JSON
to the reader, so its lines were read one by one: a commented-out example with an object on its
line (``// "HttpHeaders" : { "Token" : "Hello world" },``) was reported, and the passwords under
``RegisteredUsers`` were missed."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap_messages

from webhook.checks.secrets.json_config import _comments_blanked

PEER_EXAMPLE = """\
{
  "Name" : "PACS", // shown in Orthanc Explorer
  "OrthancPeers" : {
    // "peer" : {
    //   "Url" : "http://127.0.0.1:8043/",
    //   "HttpHeaders" : { "Token" : "%s" },
    //   "Password" : "%s"
    // }
  }
}
"""


def test_a_commented_out_object_with_a_token_is_not_reported_in_json_with_comments() -> None:
    """Was reported: sets "Token" in plain text (line 6)."""
    assert configmap_messages("orthanc.json", PEER_EXAMPLE % (FAKE, FAKE), FAKE) == []


@pytest.mark.parametrize("where", ["after", "block"])
def test_a_registered_users_password_is_reported_in_json_with_comments(where: str) -> None:
    """Was missed: a comment made the text no JSON, and a user's name is no sensitive key."""
    comment = '"Name" : "PACS", // the name' if where == "after" else '/* the name */ "Name" : "PACS",'
    text = '{\n  %s\n  "RegisteredUsers" : {\n    "radiology" : "%s"\n  }\n}\n' % (comment, FAKE)
    messages = configmap_messages("orthanc.json", text, FAKE)
    assert len(messages) == 1 and '"RegisteredUsers.radiology"' in messages[0] and "(line 4)" in messages[0]


def test_a_line_after_a_block_comment_over_lines_keeps_its_number() -> None:
    text = '{\n  /*\n   * "Password" : "x"\n   */\n  "Db" : { "Password" : "%s" }\n}\n' % FAKE
    messages = configmap_messages("orthanc.json", text, FAKE)
    assert len(messages) == 1 and '"Db.Password"' in messages[0] and "(line 5)" in messages[0]


def test_slashes_in_a_string_are_no_comment() -> None:
    text = '{\n  "Url" : "https://pacs.example.org//dicom-web/", // a comment\n  "Password" : "%s /* no comment */"\n}\n' % FAKE
    messages = configmap_messages("orthanc.json", text, FAKE)
    assert len(messages) == 1 and '"Password"' in messages[0] and "(line 3)" in messages[0]


def test_a_block_comment_left_open_is_read_line_by_line_as_before() -> None:
    text = '{\n  "Password" : "%s",\n  /* open\n  "Name" : "PACS"\n}\n' % FAKE
    assert _comments_blanked(text) is None
    messages = configmap_messages("orthanc.json", text, FAKE)
    assert len(messages) == 1 and '"Password"' in messages[0]


@pytest.mark.parametrize("unit", ["/*", "//", '"', '"\\', "/", "*/"])
def test_a_long_text_of_comment_marks_is_read_in_linear_time(unit: str) -> None:
    text = "{" + unit * (65_536 // len(unit))
    started = time.perf_counter()
    _comments_blanked(text)
    configmap_messages("orthanc.json", text, FAKE)
    assert time.perf_counter() - started < 2.0
