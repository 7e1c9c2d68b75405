"""disallow-plaintext-secrets: an XML tag whose attributes are written one a line with blanks
around each ``=``, value first (``<add`` / ``value = "..."`` / ``name = "ApiKey" />``), gave two
findings: the XML reader's, named ApiKey, and the name/value pairs' reader's, which took the
closing line's ``"ApiKey" />`` for the pair's name and reported "value" (or quoted ``ApiKey"></add>``).
A line that ends the tag is now the XML reader's alone (1.25.373): one finding, named ApiKey; no
message shows the value."""

from __future__ import annotations

import pytest
from check_helpers import FAKE, configmap_messages


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (f'<appSettings>\n  <add\n    value = "{FAKE}"\n    name = "ApiKey" />\n</appSettings>\n', 3),
        (f'<appSettings>\n  <add\n    value = "{FAKE}"\n    name = "ApiKey"></add>\n</appSettings>\n', 3),
        (f'<appSettings>\n  <add\n    value = "{FAKE}"\n    name = "ApiKey"\n  />\n</appSettings>\n', 3),
        (f'<appSettings>\n  <add\n    name = "ApiKey"\n    value = "{FAKE}" />\n</appSettings>\n', 4),
        (f"<appSettings>\n  <add\n    value = '{FAKE}'\n    key = 'ApiKey' />\n</appSettings>\n", 3),
        (f'<appSettings>\n  <add value="{FAKE}"\n       name="ApiKey" />\n</appSettings>\n', 2),
    ],
)
def test_an_add_tag_over_lines_is_reported_once_under_its_name(text: str, line: int) -> None:
    """Was reported twice, the second named "value"."""
    for key in ("web.config", "app.config.xml"):
        (message,) = configmap_messages(key, text, FAKE)
        assert f'sets "ApiKey" in plain text (line {line})' in message, message


@pytest.mark.parametrize(
    "text",
    [
        '<appSettings>\n  <add\n    value = "${API_KEY}"\n    name = "ApiKey" />\n</appSettings>\n',
        '<appSettings>\n  <add\n    name = "ApiKey"\n    value = "${API_KEY}"></add>\n</appSettings>\n',
        f'<appSettings>\n  <add\n    value = "{FAKE}"\n    name = "Theme" />\n</appSettings>\n',
    ],
)
def test_a_reference_or_a_neutral_name_over_lines_is_none(text: str) -> None:
    assert configmap_messages("web.config", text, FAKE) == []


def test_a_yaml_and_a_terraform_pair_value_first_stay_reported() -> None:
    """The pairs' reader still reads pairs that end no tag."""
    (yaml,) = configmap_messages("values.yaml", f"env:\n  - value: {FAKE}\n    name: API_KEY\n", FAKE)
    assert 'sets "API_KEY" in plain text (line 2)' in yaml, yaml
    (hcl,) = configmap_messages("main.tf", f'set_sensitive {{\n  value = "{FAKE}"\n  name  = "api_key"\n}}\n', FAKE)
    assert 'sets "api_key" in plain text (line 2)' in hcl, hcl
