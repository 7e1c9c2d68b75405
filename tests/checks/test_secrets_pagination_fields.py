"""disallow-plaintext-secrets: a value under a token-ish name that names the response field of a
pagination cursor is no secret. botocore's paginator files (and AWS SDK / Smithy models) say which
field carries the cursor: ``"input_token": "NextToken"``, ``"output_token": ["NextToken", "Marker"]``,
``"output_token": "Contents[-1].Key || NextContinuationToken"``. The value must be a whole field name
(or a list or JMESPath-like expression of field names, one of them a cursor's): a literal that only
contains one (``NextToken2024x``) stays reported, and so does such a value under a password's name."""

from __future__ import annotations

import json
from typing import Any

import pytest
from check_helpers import configmap, findings

from webhook.checks.secrets.names import names_a_pagination_field

POLICY = "disallow-plaintext-secrets"


def _found(key: str, text: str) -> list[Any]:
    return findings(configmap({key: text}), POLICY)


def _paginator(operation: dict[str, Any]) -> str:
    return json.dumps({"pagination": {"ListThings": operation}}, indent=2)


def test_a_botocore_paginator_is_not_reported() -> None:
    """It was reported twice: "sets pagination.ListThings.input_token in plain text", and output_token."""
    paginator = {"input_token": "NextToken", "output_token": "NextToken", "limit_key": "MaxResults", "result_key": "Things"}
    assert _found("paginators-1.json", _paginator(paginator)) == []


@pytest.mark.parametrize(
    "operation",
    [
        {"input_token": "NextToken", "output_token": ["NextToken", "Marker"]},
        {"input_token": ["Marker", "NextToken"], "output_token": ["NextMarker", "NextToken"]},
        {"input_token": "Marker", "output_token": "Contents[-1].Key || NextContinuationToken"},
        {"input_token": "Marker", "output_token": "NextMarker || Contents[-1].Key"},
        {"input_token": "Marker", "output_token": "DistributionList.NextMarker"},
        {"input_token": ["KeyMarker", "UploadIdMarker"], "output_token": ["NextKeyMarker", "NextUploadIdMarker"]},
        {"input_token": "nextPageToken", "output_token": "nextPageToken"},
        {"input_token": "pageToken", "output_token": "PaginationToken"},
        {"input_token": "continuationToken", "output_token": "next_token"},
        {"input_token": "startingToken", "output_token": "nextToken"},  # botocore's own StartingToken
        {"input_token": "StartingToken", "output_token": "NextToken"},
    ],
)
def test_cursor_fields_lists_and_expressions_are_not_reported(operation: dict[str, Any]) -> None:
    assert _found("paginators-1.json", _paginator(operation)) == []


@pytest.mark.parametrize(
    ("key", "text"),
    [
        ("paginators.yaml", "pagination:\n  ListThings:\n    input_token: NextToken\n    output_token: NextToken\n"),
        ("paginators.yaml", "ListThings:\n  input_token: [Marker, NextToken]\n  output_token: 'Contents[-1].Key || NextContinuationToken'\n"),
        ("app.properties", "client.cursor.token=NextToken\n"),
        ("app.ini", "[listing]\ncursor_token = nextPageToken\n"),
    ],
)
def test_cursor_fields_in_other_formats_are_not_reported(key: str, text: str) -> None:
    assert _found(key, text) == []


@pytest.mark.parametrize(
    "value",
    [
        "NextToken2024x",  # contains a field name, is none
        "Zq7fakeNextToken9",
        "Zq7fakeNextToken",  # a digit: no field name
        "NextToken-Zq7fake",
        "Contents[-1].Key",  # an expression, but no cursor's field in it
        "Contents[-1].Key || Zq7fake",
        "NextToken || Zq7fake",
        "NextToken Zq7fake",
        "Marker.",
        "NextToken[0",
    ],
)
def test_a_literal_that_only_contains_a_field_name_stays_reported(value: str) -> None:
    assert len(_found("app.yaml", f"token: {json.dumps(value)}\n")) == 1
    assert len(_found("paginators-1.json", _paginator({"input_token": value}))) == 1


@pytest.mark.parametrize("name", ["password", "secret", "api_key", "client_secret"])
def test_a_field_name_under_another_sensitive_name_stays_reported(name: str) -> None:
    """Only a token's name says the value may be a cursor's field: ``password: NextToken`` is a password."""
    assert len(_found("app.yaml", f"{name}: NextToken\n")) == 1


def test_names_a_pagination_field_reads_whole_field_names() -> None:
    for value in ("NextToken", "nextToken", "next_token", "Marker", "NextPartNumberMarker", "EngineDefaults.Marker",
                  "StreamDescription.Shards[-1].ShardId || NextToken", '"NextToken"'):  # fmt: skip
        assert names_a_pagination_field(value), value
    for value in ("", "Token", "token", "NextToken2", "Next Token", "Jobs[-1].JobId", "MaxResults", "NextToken ||", "|| NextToken", "a.NextToken."):
        assert not names_a_pagination_field(value), value
    for value in ("[Marker, NextToken]", '["NextToken", "Marker"]', "[NextMarker]"):
        assert names_a_pagination_field(value), value
    for value in ("[]", "[Marker, Zq7fake]", "[Marker,]", "[NextToken"):
        assert not names_a_pagination_field(value), value
