"""disallow-plaintext-secrets: Logstash's ``name => value`` settings need no comma between them, so a
pipeline written on one line (``output { jdbc { jdbc_user => "x" jdbc_password => "..." } }``) or two
settings on one line of a block (``user => "u" password => "..."``) were read as one entry, the
first, and the password after it was missed; the form over several lines was read. Each entry apart
by blanks is now read as an entry of its own, after a quoted string, a list, a word, a number or a
plugin's closing brace; a reference or a placeholder there is none, and PHP's and Perl's entries,
apart by commas, are read as before."""

from __future__ import annotations

import time

import pytest
from check_helpers import FAKE, configmap_messages

POLICY = "disallow-plaintext-secrets"

REPORTED = {
    "jdbc output": f'output {{ jdbc {{ jdbc_user => "x" jdbc_password => "{FAKE}" }} }}',
    "elasticsearch block": f'elasticsearch {{ user => "u" password => "{FAKE}" }}',
    "bare words": f"elasticsearch {{ user => elastic password => {FAKE} }}",
    "after a list": f'output {{ elasticsearch {{ hosts => ["http://es:9200"] user => "u" password => "{FAKE}" }} }}',
    "after another plugin": f'input {{ beats {{ port => 5044 }} }} output {{ elasticsearch {{ user => "u" password => "{FAKE}" }} }}',
    "after a hash": f'output {{ http {{ headers => {{ "X-Trace" => "1" }} user => "u" password => "{FAKE}" }} }}',
    "two on a line of a block": f'output {{\n  elasticsearch {{\n    user => "u" password => "{FAKE}"\n  }}\n}}\n',
    "over lines, as before": f'output {{\n  jdbc {{\n    jdbc_user => "x"\n    jdbc_password => "{FAKE}"\n  }}\n}}\n',
}
NOT_REPORTED = {
    "a reference": 'output { jdbc { jdbc_user => "x" jdbc_password => "${JDBC_PASSWORD}" } }',
    "a placeholder": 'output { elasticsearch { user => "u" password => "<your-password>" } }',
    "no secret": 'input { beats { port => 5044 } } output { elasticsearch { hosts => ["http://es:9200"] index => "logs" } }',
    "PHP entries apart by commas": "$cfg = ['host' => 'db', 'password' => getenv('DB_PASSWORD')];",
}


@pytest.mark.parametrize("text", REPORTED.values(), ids=list(REPORTED))
@pytest.mark.parametrize("key", ["logstash.conf", "pipeline.conf"])
def test_a_password_after_another_entry_on_one_line(key: str, text: str) -> None:
    (message,) = configmap_messages(key, text, FAKE, POLICY)
    assert "password" in message and "in plain text" in message


@pytest.mark.parametrize("text", NOT_REPORTED.values(), ids=list(NOT_REPORTED))
def test_references_placeholders_and_other_settings(text: str) -> None:
    assert configmap_messages("logstash.conf", text, FAKE, POLICY) == []


def test_each_password_of_the_line_is_a_finding_of_its_own() -> None:
    text = f'output {{ jdbc {{ jdbc_password => "{FAKE}" }} elasticsearch {{ user => "u" password => "{FAKE}" }} }}'
    messages = configmap_messages("logstash.conf", text, FAKE, POLICY)
    assert len(messages) == 2
    assert '"jdbc_password"' in messages[0] and '"password"' in messages[1]


@pytest.mark.parametrize(
    "unit",
    ['user => "u" ', "a => b ", 'h => ["a"] ', "h => [x ", 'h => { "k" => "v" } ', "} ", "y { "],
)
def test_long_lines_are_read_in_linear_time(unit: str) -> None:
    times = []
    for count in (1_000, 8_000):
        text = "x { a => 1 " + unit * count
        started = time.perf_counter()
        configmap_messages("logstash.conf", text, FAKE, POLICY)
        times.append(time.perf_counter() - started)
    assert times[1] < 0.2 + 16 * times[0]
